"""Subtitles from a render's timings: SRT and WebVTT a person can read.

Each spoken segment is cut into cues of one sentence or less, each at most `LINES` lines of at
most `LINE_CHARS` characters and at most `MAX_CUE_MS` long. A cue starts where the engine said its
first word, when the engine tells (espeak-ng does); else a segment's time is shared among its cues
by their letters, moved to the pauses found in its audio. Speech carries its speaker: a WebVTT
voice tag (`<v Sakura>`) and `Sakura: ` in SRT.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from audiobook.analysis.tags import ABBREVIATED_TITLES

LINE_CHARS = 42
"""Characters on a line: the common broadcast limit."""
LINES = 2
"""Lines in a cue."""
MAX_CUE_MS = 7000
"""The longest a cue stays on screen."""
_SENTENCE = regex.compile(rf"(?<=[.!?…][\"'”’)\]]*)(?<!\b(?:{ABBREVIATED_TITLES})\.)\s+(?=\S)")
"""Where a sentence ends: after a stop, not after a title (`Mr. Tanaka`)."""
_CLAUSE = regex.compile(r"(?<=[,;:—–])\s+(?=\S)")


@dataclass(frozen=True)
class Cue:
    """Text shown from `start_ms` to `end_ms`, and who says it (None for the narrator)."""

    start_ms: int
    end_ms: int
    text: str
    speaker: str | None = None


def cues_for(
    start_ms: int,
    end_ms: int,
    text: str,
    speaker: str | None = None,
    pauses: Sequence[tuple[int, int]] = (),
    spoken: tuple[str, Sequence[tuple[int, int]]] = ("", ()),
) -> list[Cue]:
    """A spoken segment as readable cues: sentences, cut further to fit the lines and the time.

    A cue's start is estimated from the letters (and stops and commas) said before it. When the
    audio's pauses are given (`pauses`: quiet stretches inside the segment, in ms), they are
    matched in order to the stops and commas where a voice pauses, and each cue's start is
    placed between the matched pauses around it: at a matched pause, where the voice speaks
    again; inside a stretch of speech, by its letters within that stretch. When the engine told
    where each word starts (`spoken`: the text as spoken, and (character offset, ms) of each word),
    a cue starts exactly where its first word does."""
    label = f"{speaker}: " if speaker else ""
    line = _one_line(text)
    pieces = [p for sentence in _SENTENCE.split(line) for p in _fit(sentence, len(label))]
    marks = _marks(" ".join(pieces))
    total = marks[-1][0] or 1.0
    # A clip's own silence at its ends is not a pause between its words.
    inside = [p for p in pauses if start_ms + _EDGE_MS < p[0] and p[1] < end_ms - _EDGE_MS]
    anchors = _anchors(marks, start_ms, end_ms, inside)
    starts, ends, done = [start_ms], [], 0.0
    for piece in pieces[:-1]:
        done += _letters(piece + " ")
        stop, speak = _at(done, anchors, start_ms, end_ms, total)
        ends.append(max(stop, starts[-1]))
        starts.append(max(speak, starts[-1]))
    ends.append(end_ms)
    _at_words(pieces, spoken, starts, ends)
    cues = []
    for piece, start, end in zip(pieces, starts, ends, strict=True):
        cues += _in_time(Cue(start, max(start, end), piece, speaker), len(label))
    return cues


def _at_words(
    pieces: list[str], spoken: tuple[str, Sequence[tuple[int, int]]], starts: list[int], ends: list[int]
) -> None:
    """Move each cue's start to where the engine said its first word, when it told; the cue before
    ends where the voice stopped in a pause just before it, else there. A cue whose words the
    speech preparation rewrote keeps its estimate."""
    text, words = spoken
    if not words:
        return
    by_char = sorted(words)
    for k, first in enumerate(spoken_starts(pieces, text)[1:], 1):
        found = next((ms for at, ms in by_char if first is not None and at >= first), None)
        if found is None or not starts[k - 1] <= found <= ends[-1]:
            continue
        starts[k] = found
        paused = max(starts[k - 1], found - _PAUSE_BEFORE_MS) <= ends[k - 1] <= found
        ends[k - 1] = ends[k - 1] if paused else found
    for k in range(1, len(starts)):
        starts[k] = max(starts[k], starts[k - 1])
        ends[k - 1] = max(starts[k - 1], min(ends[k - 1], starts[k]))


def spoken_starts(pieces: list[str], spoken: str) -> list[int | None]:
    """Where each piece's first word is in the spoken text: the pieces' words are found there in
    order, each among the next few spoken words (a word the speech preparation rewrote, a number
    or an honorific, is passed over); None for a piece none of whose words is found."""
    said = [(m.start(), m.group().casefold()) for m in _WORD.finditer(spoken)]
    found: list[int | None] = []
    k = 0
    for piece in pieces:
        first = None
        for word in _WORD.findall(piece):
            word = word.casefold()
            ahead = next((j for j in range(k, min(k + _LOOKAHEAD, len(said))) if said[j][1] == word), None)
            if ahead is None:
                continue
            first = said[ahead][0] if first is None else first
            k = ahead + 1
        found.append(first)
    return found


_PAUSE_BEFORE_MS = 1000
"""A pause ending this close before a cue's first word is the one before it (a sentence's is shorter)."""
_LOOKAHEAD = 8
"""How many spoken words ahead a written word is looked for (a number may be said in several)."""
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_PAUSING = ".!?…,;:—–"
_CLOSING = "\"'”’)]"
_EDGE_MS = 60


def _letters(text: str) -> float:
    """How long text takes to say, in letters: its letters, a little more for each word, and a
    pause at each stop or comma (a voice pauses there about as long as it takes to say a few
    letters)."""
    return sum(_weight(c, k == 0 or not text[k - 1].isalnum()) for k, c in enumerate(text))


def _weight(c: str, word_start: bool) -> float:
    """One character's share of the time it takes to say a text."""
    if c.isalnum():
        return 1.0 + (WORD_LETTERS if word_start else 0.0)
    return STOP_LETTERS if c in ".!?…" else COMMA_LETTERS if c in _PAUSING[4:] else 0.0


def _marks(text: str) -> list[tuple[float, str]]:
    """(letters said up to here, `stop` or `comma`) after each stop or comma followed by a space,
    and (all the letters, `end`) at the end."""
    out, said = [], 0.0
    for k, c in enumerate(text):
        said += _weight(c, k == 0 or not text[k - 1].isalnum())
        if c in _PAUSING and text[k + 1 :].lstrip(_CLOSING)[:1] == " ":
            out.append((said, "stop" if c in ".!?…" else "comma"))
    out.append((said, "end"))
    return out


def _anchors(
    marks: list[tuple[float, str]], start_ms: int, end_ms: int, pauses: list[tuple[int, int]]
) -> list[tuple[float, int, int]]:
    """(letters, pause start, pause end) for the stops and commas matched to a pause.

    The match is the monotonic one of least cost (an alignment, as of two sequences): matching a
    stop to a pause costs how far the pause is from the stop's estimated time; leaving a stop or a
    pause unmatched costs SKIP_MS (not every comma is paused at, and a voice pauses elsewhere too);
    a sentence's end matched to a short pause, or a comma to a long one, costs SKIP_MS more.
    """
    total = marks[-1][0] or 1.0
    stops = [said for said, kind in marks if kind != "end"]
    kinds = [kind for _, kind in marks if kind != "end"]
    guesses = [start_ms + (end_ms - start_ms) * said / total for said in stops]
    long = [p[1] - p[0] >= LONG_PAUSE_MS for p in pauses]
    rows, cols = len(stops), len(pauses)
    cost = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    step = [[""] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows + 1):
        for j in range(cols + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i and j:
                unlike = (kinds[i - 1] == "stop") != long[j - 1]
                off = abs(pauses[j - 1][0] - guesses[i - 1]) + (SKIP_MS if unlike else 0.0)
                options.append((cost[i - 1][j - 1] + off, "m"))
            if i:
                options.append((cost[i - 1][j] + SKIP_MS, "s"))
            if j:
                options.append((cost[i][j - 1] + SKIP_MS, "p"))
            cost[i][j], step[i][j] = min(options)
    found: list[tuple[float, int, int]] = []
    i, j = rows, cols
    while i or j:
        move = step[i][j]
        if move == "m":
            found.append((stops[i - 1], pauses[j - 1][0], pauses[j - 1][1]))
        i, j = (i - 1 if move in "ms" else i), (j - 1 if move in "mp" else j)
    return found[::-1]


SKIP_MS = 800.0
"""What leaving a stop or a pause unmatched costs, in ms of distance."""
LONG_PAUSE_MS = 250
"""A pause at least this long is a sentence's end (a voice pauses shorter at a comma)."""


def _at(
    said: float, anchors: list[tuple[float, int, int]], start_ms: int, end_ms: int, total: float
) -> tuple[int, int]:
    """(where the voice stops, where it speaks again) at `said` letters: a matched pause's edges,
    else a point between the matched pauses around it, by letters."""
    before = (0.0, start_ms)
    for letters, stop, speak in anchors:
        if abs(letters - said) < 1e-6:
            return stop, speak
        if letters > said:
            after = (letters, stop)
            break
        before = (letters, speak)
    else:
        after = (total, end_ms)
    share = (said - before[0]) / ((after[0] - before[0]) or 1.0)
    point = round(before[1] + (after[1] - before[1]) * share)
    return point, point


STOP_LETTERS = 8.0
"""A stop's pause, in letters said."""
COMMA_LETTERS = 4.0
"""A comma's pause, in letters said."""
WORD_LETTERS = 2.0
"""What a word costs beyond its letters, in letters said (short words take longer than their
letters: measured on espeak-ng's word timings, `benchmarks/subtitles.py`)."""


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
