"""Subtitles from a render's timings: SRT and WebVTT a person can read.

Each spoken segment is cut into cues of one sentence or less, each at most `LINES` lines of at
most `LINE_CHARS` characters and at most `MAX_CUE_MS` long; a segment's time is shared among its
cues by their letters (a voice speaks at an even pace within one clip). Speech carries its
speaker: a WebVTT voice tag (`<v Sakura>`) and `Sakura: ` in SRT.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import regex

LINE_CHARS = 42
"""Characters on a line: the common broadcast limit."""
LINES = 2
"""Lines in a cue."""
MAX_CUE_MS = 7000
"""The longest a cue stays on screen."""
_SENTENCE = regex.compile(r"(?<=[.!?…][\"'”’)\]]*)\s+(?=\S)")
_CLAUSE = regex.compile(r"(?<=[,;:—–])\s+(?=\S)")


@dataclass(frozen=True)
class Cue:
    """Text shown from `start_ms` to `end_ms`, and who says it (None for the narrator)."""

    start_ms: int
    end_ms: int
    text: str
    speaker: str | None = None


def cues_for(start_ms: int, end_ms: int, text: str, speaker: str | None = None) -> list[Cue]:
    """A spoken segment as readable cues: sentences, cut further to fit the lines and the time."""
    label = f"{speaker}: " if speaker else ""
    pieces = [p for sentence in _SENTENCE.split(_one_line(text)) for p in _fit(sentence, len(label))]
    weights = [_weight(p) for p in pieces]
    total, done = sum(weights), 0.0
    cues = []
    for piece, weight in zip(pieces, weights, strict=True):
        start = start_ms + round((end_ms - start_ms) * done / total)
        done += weight
        end = start_ms + round((end_ms - start_ms) * done / total)
        cues += _in_time(Cue(start, end, piece, speaker), len(label))
    return cues


def _weight(piece: str) -> float:
    """How long a piece takes to say, in letters: its letters, and a pause at each stop or comma
    (a voice pauses there about as long as it takes to say a few letters)."""
    stops = sum(piece.count(c) for c in ".!?…")
    commas = sum(piece.count(c) for c in ",;:—–")
    return max(1.0, sum(c.isalnum() for c in piece) + STOP_LETTERS * stops + COMMA_LETTERS * commas)


STOP_LETTERS = 8.0
"""A stop's pause, in letters said."""
COMMA_LETTERS = 4.0
"""A comma's pause, in letters said."""


def _fit(text: str, label: int) -> list[str]:
    """Text cut (at clauses, else at words) into pieces that wrap into `LINES` lines."""
    if _fits(text, label):
        return [text]
    clauses = _CLAUSE.split(text)
    if len(clauses) > 1:
        return [p for part in _joined(clauses, label) for p in _fit(part, label)]
    return _joined(text.split(), label)


def _joined(parts: list[str], label: int) -> list[str]:
    """Neighbouring parts put together as long as they still fit."""
    out: list[str] = []
    for part in parts:
        if out and _fits(f"{out[-1]} {part}", label):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def _fits(text: str, label: int) -> bool:
    return len(textwrap.wrap("x" * label + text, LINE_CHARS)) <= LINES


def _in_time(cue: Cue, label: int) -> list[Cue]:
    """A cue longer than `MAX_CUE_MS` split at its words, its time shared by letters."""
    words = cue.text.split()
    if cue.end_ms - cue.start_ms <= MAX_CUE_MS or len(words) < 2:
        return [cue]
    half = len(words) // 2
    first, second = " ".join(words[:half]), " ".join(words[half:])
    share = sum(c.isalnum() for c in first) / max(1, sum(c.isalnum() for c in cue.text))
    middle = cue.start_ms + round((cue.end_ms - cue.start_ms) * share)
    return [
        *_in_time(Cue(cue.start_ms, middle, first, cue.speaker), label),
        *_in_time(Cue(middle, cue.end_ms, second, cue.speaker), label),
    ]


def srt(cues: Sequence[Cue]) -> str:
    """SubRip: numbered cues, `HH:MM:SS,mmm` times, `Speaker: ` before speech."""
    blocks = [
        f"{n}\n{_time(c.start_ms, ',')} --> {_time(c.end_ms, ',')}\n"
        f"{_lines((c.speaker + ': ' if c.speaker else '') + c.text)}\n"
        for n, c in enumerate(cues, start=1)
    ]
    return "\n".join(blocks)


def vtt(cues: Sequence[Cue]) -> str:
    """WebVTT: a header, then cues with `HH:MM:SS.mmm` times and a voice tag for speech; `<`, `>`
    and `&` escaped."""
    blocks = ["WEBVTT\n"]
    for c in cues:
        lines = _escape(_lines(c.text))
        if c.speaker:
            lines = f"<v {_escape(c.speaker)}>{lines}"
        blocks.append(f"{_time(c.start_ms, '.')} --> {_time(c.end_ms, '.')}\n{lines}\n")
    return "\n".join(blocks)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _time(ms: int, sep: str) -> str:
    hours, rest = divmod(max(0, ms), 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}"


def _one_line(text: str) -> str:
    """Whitespace collapsed, and `-->` (the cue separator) never in it. (Control characters never
    get this far: reading drops them, `read.clean`.)"""
    return " ".join(text.split()).replace("-->", "->")


def _lines(text: str) -> str:
    """The cue's text wrapped into lines of at most `LINE_CHARS` characters."""
    return "\n".join(textwrap.wrap(_one_line(text), LINE_CHARS)) or " "
