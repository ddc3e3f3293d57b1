"""Subtitles from a render's timings: SRT and WebVTT, one cue per spoken segment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    """Text shown from `start_ms` to `end_ms`."""

    start_ms: int
    end_ms: int
    text: str


def srt(cues: Sequence[Cue]) -> str:
    """SubRip: numbered cues, `HH:MM:SS,mmm` times."""
    blocks = [
        f"{n}\n{_time(c.start_ms, ',')} --> {_time(c.end_ms, ',')}\n{_text(c.text)}\n"
        for n, c in enumerate(cues, start=1)
    ]
    return "\n".join(blocks)


def vtt(cues: Sequence[Cue]) -> str:
    """WebVTT: a header, then cues with `HH:MM:SS.mmm` times; `<`, `>` and `&` escaped."""
    blocks = ["WEBVTT\n"]
    for c in cues:
        escaped = _text(c.text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        blocks.append(f"{_time(c.start_ms, '.')} --> {_time(c.end_ms, '.')}\n{escaped}\n")
    return "\n".join(blocks)


def _time(ms: int, sep: str) -> str:
    hours, rest = divmod(max(0, ms), 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}"


def _text(text: str) -> str:
    """One line of text; `-->` (the cue separator) never appears in it."""
    return " ".join(text.split()).replace("-->", "->")
