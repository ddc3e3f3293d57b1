"""How close subtitle cues start to when their words are spoken (issue 26: within 0.3 s).

A cue's time within its segment is estimated by its share of the segment's letters, then moved
by the pauses found in the audio (see `subtitles.cues_for`); both are measured. Here each
segment of the sample chapter that gives several cues is spoken whole and cue by cue with the
narrator's espeak-ng voice; the cue's true start is where the spoken cues before it end, scaled
to the whole clip's length. Prints the median, 95th percentile and largest error of the estimated
starts (a segment's first cue starts with the segment, exactly, and is left out).

Run: .venv/bin/python benchmarks/subtitles.py
"""

from __future__ import annotations

import statistics
from pathlib import Path

from audiobook.analysis import analyse
from audiobook.loudness import pauses
from audiobook.speech import prepare
from audiobook.subtitles import cues_for
from audiobook.synthesize import make_clip
from audiobook.voices import load_voices

SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "chapter-29-running-to-nowhere.txt"


def main() -> None:
    analysis = analyse(SAMPLE)
    voice = load_voices()["narrator"]
    text = analysis.chapter.text
    errors: list[float] = []
    guessed: list[float] = []
    for seg in analysis.segments:
        if seg.kind not in ("narration", "dialogue", "thought"):
            continue
        whole = make_clip(prepare(text[seg.start : seg.end]), voice)
        assert not isinstance(whole, str), whole
        rate = whole.sample_rate_hz
        quiet = [(round(a * 1000 / rate), round(b * 1000 / rate)) for a, b in pauses(whole)]
        cues = cues_for(0, round(whole.duration_ms), text[seg.start : seg.end], pauses=quiet)
        guesses = cues_for(0, round(whole.duration_ms), text[seg.start : seg.end])
        if len(cues) < 2:
            continue
        parts = [make_clip(prepare(c.text), voice) for c in cues]
        lengths = [p.duration_ms for p in parts if not isinstance(p, str)]
        scale = whole.duration_ms / sum(lengths)
        spoken = 0.0
        for cue, guess, length in zip(cues, guesses, lengths, strict=True):
            if spoken:
                errors.append(abs(cue.start_ms - spoken * scale) / 1000)
                guessed.append(abs(guess.start_ms - spoken * scale) / 1000)
            spoken += length
    for name, found in (("by letters alone", guessed), ("moved to the pauses", errors)):
        found.sort()
        p95 = found[min(len(found) - 1, round(0.95 * len(found)))]
        print(
            f"{len(found)} cue starts, {name}: error median {statistics.median(found):.2f} s, "
            f"95th percentile {p95:.2f} s, largest {found[-1]:.2f} s (target 0.3 s)"
        )


if __name__ == "__main__":
    main()
