"""How close subtitle cues start to when their words are spoken (issue 26: within 0.3 s).

A cue's time within its segment is estimated by its share of the segment's letters, then moved
by the pauses found in the audio (see `subtitles.cues_for`); both are measured. The truth comes
from espeak-ng itself: each segment of the sample chapter that gives several cues is spoken whole
with the narrator's voice, and espeak-ng's word events (through pyttsx3's driver) give the audio
position at which each word starts; a cue's true start is that of its first word. Prints the
median, 95th percentile and largest error of the estimated starts (a segment's first cue starts
with the segment, exactly, and is left out).

Run: .venv/bin/python benchmarks/subtitles.py
"""

from __future__ import annotations

import statistics
from pathlib import Path

import regex
from pyttsx3.drivers import _espeak
from pyttsx3.drivers.espeak import EspeakDriver

from audiobook.analysis.analyse import analyse
from audiobook.audio.loudness import pauses
from audiobook.audio.speech import prepare
from audiobook.audio.synthesize import make_clip
from audiobook.casting.voices import load_voices
from audiobook.publish.subtitles import cues_for

SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "chapter-29-running-to-nowhere.txt"
_WORD = regex.compile(r"[\p{L}\p{N}]+")
WORD_STARTS: list[tuple[int, int]] = []
"""(character position in the spoken text, audio position in ms) of each word of the last clip."""


def _recording(on_synth):  # type: ignore[no-untyped-def]
    """pyttsx3's espeak-ng callback, also keeping each word event's text and audio positions."""

    def wrapped(self, wav, numsamples, events):  # type: ignore[no-untyped-def]
        i = 0
        while events[i].type != _espeak.EVENT_LIST_TERMINATED:
            if events[i].type == _espeak.EVENT_WORD:
                WORD_STARTS.append((events[i].text_position - 1, events[i].audio_position))
            i += 1
        return on_synth(self, wav, numsamples, events)

    return wrapped


EspeakDriver._onSynth = _recording(EspeakDriver._onSynth)  # type: ignore[method-assign]


def true_starts(spoken: str, cue_texts: list[str]) -> list[float] | None:
    """The time (ms) espeak-ng began each cue's first word: the cues' words are found in order in
    the spoken text (a word the speech preparation rewrote is passed over); None when none of a
    cue's words is found there."""
    starts, at = [], 0
    for cue in cue_texts:
        first: int | None = None
        for word in _WORD.findall(cue):
            found = regex.search(rf"(?i)\b{regex.escape(word)}\b", spoken[at:])
            if found is None:
                continue  # rewritten by the speech preparation (a number, an honorific)
            at += found.start()
            first = at if first is None else first
            at += len(word)
        events = [ms for pos, ms in WORD_STARTS if first is not None and pos >= first]
        if not events:
            return None
        starts.append(float(events[0]))
    return starts


def main() -> None:
    analysis = analyse(SAMPLE)
    voice = load_voices()["narrator"]
    text = analysis.chapter.text
    errors: list[float] = []
    guessed: list[float] = []
    skipped = 0
    for seg in analysis.segments:
        if seg.kind not in ("narration", "dialogue", "thought"):
            continue
        spoken = prepare(text[seg.start : seg.end])
        WORD_STARTS.clear()
        whole = make_clip(spoken, voice)
        assert not isinstance(whole, str), whole
        rate = whole.sample_rate_hz
        quiet = [(round(a * 1000 / rate), round(b * 1000 / rate)) for a, b in pauses(whole)]
        cues = cues_for(0, round(whole.duration_ms), text[seg.start : seg.end], pauses=quiet)
        guesses = cues_for(0, round(whole.duration_ms), text[seg.start : seg.end])
        if len(cues) < 2:
            continue
        truth = true_starts(spoken, [c.text for c in cues])
        if truth is None or len(guesses) != len(cues):
            skipped += 1
            continue
        for cue, guess, start in list(zip(cues, guesses, truth, strict=True))[1:]:
            errors.append(abs(cue.start_ms - start) / 1000)
            guessed.append(abs(guess.start_ms - start) / 1000)
    for name, found in (("by letters alone", guessed), ("moved to the pauses", errors)):
        found.sort()
        p95 = found[min(len(found) - 1, round(0.95 * len(found)))]
        print(
            f"{len(found)} cue starts, {name}: error median {statistics.median(found):.2f} s, "
            f"95th percentile {p95:.2f} s, largest {found[-1]:.2f} s (target 0.3 s)"
        )
    print(f"{skipped} segments left out: a cue's first word not found in the spoken text")


if __name__ == "__main__":
    main()
