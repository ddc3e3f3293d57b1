"""Split a chapter into narration, dialogue and thought segments that tile its text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import regex

from .chapter import Chapter, Paragraph
from .quotes import (
    find_doubles,
    find_italic_thoughts,
    find_singles,
    is_scare_quote,
    is_thought,
    quote_style,
)

_LIST_GAP = regex.compile(r"[\s,;]*(?:(?:and|or|nor)\s+)?")
_BLOCK_INDENT = 3
"""A paragraph set in this many columns more than most is a block quotation, not dialogue."""

SPOKEN_KINDS = ("title", "narration", "dialogue", "thought")
"""Kinds that are read aloud; `break` (a scene separator) and `note` are not."""


@dataclass(frozen=True)
class Segment:
    """A span of the chapter text with its kind and, for speech, its speaker."""

    start: int
    """Offset of the first character in the chapter text."""
    end: int
    """Offset just past the last character (exclusive)."""
    kind: str
    """`title`, `narration`, `dialogue`, `thought`, `break` or `note`."""
    scene: int
    """Index of the scene (0-based)."""
    paragraph: int
    """Index of the paragraph in the chapter (0-based)."""
    speaker: str | None = None
    """Who says or thinks it; None for narration and for speech nobody could be given."""
    confidence: float = 0.0
    """How sure the attribution is, from 0 to 1."""
    rule: str | None = None
    """The attribution rule that decided the speaker."""

    def with_speaker(self, speaker: str | None, confidence: float, rule: str) -> Segment:
        """A copy with the speaker set."""
        return replace(self, speaker=speaker, confidence=confidence, rule=rule)

    @property
    def is_speech(self) -> bool:
        """Dialogue or thought, that is, something a character says."""
        return self.kind in ("dialogue", "thought")


def segment(chapter: Chapter, keep_notes: bool = False) -> list[Segment]:
    """Every paragraph cut into segments, in order, covering all its text.

    Author's notes are `note` segments, left out of the audio, unless `keep_notes` makes them
    ordinary paragraphs.
    """
    style = quote_style(chapter.text)
    indents = [_indent(chapter.text, p.start) for p in chapter.paragraphs]
    usual = Counter(i for i, p in zip(indents, chapter.paragraphs, strict=True) if p.role == "body")
    block = (usual.most_common(1)[0][0] if usual else 0) + _BLOCK_INDENT
    segments: list[Segment] = []
    for index, para in enumerate(chapter.paragraphs):
        if para.role != "body" and not (keep_notes and para.role == "note"):
            segments.append(Segment(para.start, para.end, para.role, para.scene, index))
            continue
        if indents[index] >= block:
            # Set in from the usual margin: a letter, verse or an inscription, read by the narrator.
            segments.append(Segment(para.start, para.end, "narration", para.scene, index))
            continue
        for start, end, kind in _paragraph_pieces(chapter.text, para, style):
            segments.append(Segment(start, end, kind, para.scene, index))
    return segments


def _indent(text: str, start: int) -> int:
    """Columns of white space before the first character of a paragraph, a tab counting 4."""
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    return len(text[line_start:start].expandtabs(4))


def _paragraph_pieces(text: str, para: Paragraph, style: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) pieces tiling one paragraph."""
    speech = _speech_spans(text, para.start, para.end, style)
    pieces: list[tuple[int, int, str]] = []
    cursor = para.start
    for start, end, kind in speech:
        if start > cursor:
            if text[cursor:start].strip():
                pieces.append((cursor, start, "narration"))
            elif pieces:
                prev = pieces.pop()
                pieces.append((prev[0], start, prev[2]))
            else:
                start = cursor
        pieces.append((start, end, kind))
        cursor = end
    if cursor < para.end:
        if text[cursor : para.end].strip() or not pieces:
            pieces.append((cursor, para.end, "narration"))
        else:
            prev = pieces.pop()
            pieces.append((prev[0], para.end, prev[2]))
    return pieces


def _speech_spans(text: str, start: int, end: int, style: str) -> list[tuple[int, int, str]]:
    """Dialogue and thought spans in a paragraph, in order."""
    if style == "double":
        dialogue = _speech_only(text, find_doubles(text, start, end), start)
        thoughts = [
            (s, e)
            for gs, ge in _gaps(dialogue, start, end)
            for s, e in find_singles(text, gs, ge, to_end=False)
            if is_thought(text, s, e)
        ]
    else:
        dialogue = _speech_only(text, find_singles(text, start, end, to_end=True), start)
        extra = [d for gs, ge in _gaps(dialogue, start, end) for d in find_doubles(text, gs, ge)]
        dialogue = sorted(dialogue + _speech_only(text, extra, start))
        thoughts = []
    taken = sorted(dialogue + thoughts)
    thoughts += [span for gs, ge in _gaps(taken, start, end) for span in find_italic_thoughts(text, gs, ge)]
    return sorted([(s, e, "dialogue") for s, e in dialogue] + [(s, e, "thought") for s, e in thoughts])


def _speech_only(text: str, spans: list[tuple[int, int]], para_start: int) -> list[tuple[int, int]]:
    """Quoted spans without the titles and scare quotes, which the narrator reads.

    A quote listed right after a dropped one (`the words "apology," "Hunsford," and "Lady ..."`)
    is another term of the same list.
    """
    kept: list[tuple[int, int]] = []
    dropped_end = -1
    for s, e in spans:
        listed = dropped_end >= 0 and _LIST_GAP.fullmatch(text, dropped_end, s) is not None
        if listed or is_scare_quote(text, s, e, para_start):
            dropped_end = e
        else:
            kept.append((s, e))
            dropped_end = -1
    return kept


def _gaps(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The parts of [start, end) that no span covers."""
    gaps = []
    cursor = start
    for s, e in spans:
        if s > cursor:
            gaps.append((cursor, s))
        cursor = max(cursor, e)
    if cursor < end:
        gaps.append((cursor, end))
    return gaps
