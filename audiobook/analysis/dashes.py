"""Dialogue introduced by a dash instead of quote marks (`—Introibo ad altare Dei.`), as Joyce and
many translated novels write it: a paragraph opening on a dash is speech, up to a second dash or a
speech tag after a comma (`—Tell me, he said.`), which the narrator reads; a third dash resumes the
speech (`—Hola —dijo él—. ¿Qué tal?`). Decided per file from its own lines."""

from __future__ import annotations

import regex

from audiobook.analysis.tags import tag_after

_DASH = r"(?:—|―|–|--)"
_LEAD = regex.compile(rf"[ \t]*{_DASH}(?=[ \t]*\S)")
_INNER = regex.compile(rf"(?<=\S)[ \t]*{_DASH}(?!-)[ \t]*|[ \t]+{_DASH}(?!-)")
_DOUBLE_MARKS = ('"', "“", "”", "„", "«", "»")
_CLAUSE = regex.compile(r"[^,.;!?]*[,.;!?]")
_WORD = regex.compile(r"\p{L}")
_COMMA = regex.compile(r"[,!?][ \t]+")
MIN_LINES = 3
"""Dash-led paragraphs a file needs before its dashes are taken for dialogue."""


def dash_dialogue(text: str, starts: list[int]) -> bool:
    """Whether the file writes dialogue with dashes: at least `MIN_LINES` of its paragraphs (which
    start at `starts`) open on a dash, and it has fewer double quote marks than that."""
    led = sum(1 for start in starts if _LEAD.match(text, start))
    doubles = sum(text.count(mark) for mark in _DOUBLE_MARKS)
    return led >= MIN_LINES and doubles < led


def find_dash_speech(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of speech in a paragraph that opens on a dash (the dash included); none otherwise."""
    lead = _LEAD.match(text, start, end)
    if lead is None:
        return []
    dashes = list(_INNER.finditer(text, lead.end(), end))
    if not dashes:
        return _around_a_tag(text, start, lead.end(), end)
    spans = [(start, dashes[0].start())]
    # A tag runs from one dash to the next; the speech after the closing one starts at its word.
    for k in range(1, len(dashes), 2):
        resume = _WORD.search(text, dashes[k].end(), end)
        if resume is None:
            break
        stop = dashes[k + 1].start() if k + 1 < len(dashes) else end
        if resume.start() < stop:
            spans.append((_opening(text, dashes[k].end(), resume.start()), stop))
    return spans


def _opening(text: str, start: int, word: int) -> int:
    """Where resumed speech starts: at its word, with an opening question or exclamation mark
    (`¿Qué tal?`)."""
    while word > start and text[word - 1] in "¿¡":
        word -= 1
    return word


def _around_a_tag(text: str, start: int, body: int, end: int) -> list[tuple[int, int]]:
    """Speech with no second dash: cut around a tag that follows a comma (`—Tell me, Mulligan,
    Stephen said quietly.`, `—Yes, he said, I will.`)."""
    for comma in _COMMA.finditer(text, body, end):
        clause = _CLAUSE.match(text, comma.end(), end)
        stop = clause.end() if clause is not None else end
        tag = tag_after(text, comma.end() - 1, stop)
        if tag is None or tag.pos > comma.end() + 1:
            continue
        spans = [(start, comma.start() + 1)]
        if text[stop - 1 : stop] == "," and _WORD.search(text, stop, end):
            spans.append((_WORD.search(text, stop, end).start(), end))  # type: ignore[union-attr]
        return spans
    return [(start, end)]
