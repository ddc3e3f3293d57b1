"""How close subtitle cues start to when their words are spoken (issue 26: within 0.3 s).

Each segment of the sample chapter that gives several cues is spoken whole with the narrator's
voice (espeak-ng), which tells where each word starts (its word events, kept with the clip); a
cue's true start is where its first word starts. Three ways of placing cues are measured against
it: by the share of letters alone; moved to the pauses found in the audio (what engines that give
no word times get: Piper, Kokoro); and from the word times (what espeak-ng voices get), which
checks the mapping of a cue's written words to the spoken text. Prints the median, 95th percentile
and largest error (a segment's first cue starts with the segment, exactly, and is left out).

Run: .venv/bin/python benchmarks/subtitles.py
"""

from __future__ import annotations

import statistics
from pathlib import Path

from audiobook.analysis.analyse import analyse
from audiobook.audio.clips import make_clip
from audiobook.audio.loudness import pauses
from audiobook.audio.speech import prepare
from audiobook.casting.voices import load_voices
from audiobook.publish.subtitles import cues_for, spoken_starts

SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "chapter-29-running-to-nowhere.txt"


def main() -> None:
    analysis = analyse(SAMPLE)
    voice = load_voices()["narrator"]
    text = analysis.chapter.text
    errors: dict[str, list[float]] = {
        name: [] for name in ("by letters alone", "moved to the pauses", "from word times")
    }
    for seg in analysis.segments:
        if seg.kind not in ("narration", "dialogue", "thought"):
            continue
        written, spoken = text[seg.start : seg.end], prepare(text[seg.start : seg.end])
        whole = make_clip(spoken, voice)
        assert not isinstance(whole, str), whole
        rate, length = whole.sample_rate_hz, round(whole.duration_ms)
        quiet = [(round(a * 1000 / rate), round(b * 1000 / rate)) for a, b in pauses(whole)]
        words = [(at, round(frame * 1000 / rate)) for at, frame in whole.words]
        placed = {
            "by letters alone": cues_for(0, length, written),
            "moved to the pauses": cues_for(0, length, written, pauses=quiet),
            "from word times": cues_for(0, length, written, pauses=quiet, spoken=(spoken, words)),
        }
        cues = placed["moved to the pauses"]
        if len(cues) < 2 or any(len(c) != len(cues) for c in placed.values()):
            continue
        for k, first in enumerate(spoken_starts([c.text for c in cues], spoken)[1:], 1):
            truth = next((ms for at, ms in sorted(words) if first is not None and at >= first), None)
            if truth is None:
                continue
            for name, found in placed.items():
                errors[name].append(abs(found[k].start_ms - truth) / 1000)
    for name, found in errors.items():
        found.sort()
        p95 = found[min(len(found) - 1, round(0.95 * len(found)))]
        print(
            f"{len(found)} cue starts, {name}: error median {statistics.median(found):.2f} s, "
            f"95th percentile {p95:.2f} s, largest {found[-1]:.2f} s (target 0.3 s)"
        )


if __name__ == "__main__":
    main()
