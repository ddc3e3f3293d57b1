"""Split a chapter into narration, dialogue and thought segments that tile its text."""

from __future__ import annotations

from collections import Counter

import regex

from audiobook.analysis.dashes import dash_dialogue, find_dash_speech
from audiobook.analysis.quotes import (
    QUOTE_MARKS,
    find_doubles,
    find_italic_thoughts,
    find_singles,
    is_scare_quote,
    is_thought,
    quote_style,
    stage_directions,
)
from audiobook.analysis.tags import ABBREVIATED_TITLES, SENTENCE_END, tag_after, verb_forms
from audiobook.read.chapter import Chapter, Paragraph
from audiobook.values import Kind, Segment

_LIST_GAP = regex.compile(r"[\s,;]*(?:(?:and|or|nor)\s+)?")
# Narration that breaks into a sentence of speech without ending one of its own: ` said Mrs. Ferrars `.
_INTERRUPTION = regex.compile(rf"(?:[^.!?;:\"“”]|(?<=\b(?:{ABBREVIATED_TITLES}))\.){{1,80}}")
_WORDY = regex.compile(r"[\p{L}\p{N}]")
_GAP_WORD = regex.compile(r"[\p{L}'’]+")
_LOWER = regex.compile(r"\p{Ll}")
# Words that make the quote after them part of the narration's own sentence: `while "increasing the
# izzat" was his own`, `the vulgarity of "Italian nobility."`.
_BINDING = frozenset(
    "the a an and or nor but while because of to for in on at with by from as than like about his her"
    " their my our its your this that these those who whom whose which where when".split()
)
# Verbs of singing and reciting: the indented lines after `Pooh hummed to himself:` are his song. Verse
# that is written, read or printed (a letter, a notice, a card) stays with the narrator.
_SUNG = frozenset(
    form
    for verb in ("sing", "hum", "chant", "recite", "croon", "murmur", "warble", "intone")
    for form in verb_forms(verb)
)
_BLOCK_INDENT = 3
"""A paragraph set in this many columns more than most is a block quotation, not dialogue."""


def segment(chapter: Chapter, keep_notes: bool = False) -> list[Segment]:
    """Every paragraph cut into segments, in order, covering all its text.

    Author's notes are `note` segments, left out of the audio, unless `keep_notes` makes them
    ordinary paragraphs.
    """
    style = quote_style(chapter.text)
    if dash_dialogue(chapter.text, [p.start for p in chapter.paragraphs if p.role == "body"]):
        style = "dash"
    indents = [_indent(chapter.text, p.start) for p in chapter.paragraphs]
    usual = Counter(i for i, p in zip(indents, chapter.paragraphs, strict=True) if p.role == "body")
    block = (usual.most_common(1)[0][0] if usual else 0) + _BLOCK_INDENT
    segments: list[Segment] = []
    sung = False
    for index, para in enumerate(chapter.paragraphs):
        if para.role != "body" and not (keep_notes and para.role == "note"):
            segments.append(Segment(para.start, para.end, Kind(para.role), para.scene, index))
            continue
        if indents[index] >= block:
            # Set in from the usual margin: a letter, verse or an inscription, read by the narrator,
            # or a song or verse a character was just said to sing or recite.
            previous = chapter.paragraphs[index - 1] if index else None
            if previous is None or indents[index - 1] < block:
                sung = previous is not None and _introduces_verse(chapter.text, previous)
            # A heading in capitals (`CHAPTER V`) ends the song.
            sung = sung and _LOWER.search(chapter.text, para.start, para.end) is not None
            kind = Kind.DIALOGUE if sung else Kind.NARRATION
            segments.append(Segment(para.start, para.end, kind, para.scene, index))
            continue
        for start, end, kind in _paragraph_pieces(chapter.text, para, style):
            segments.append(Segment(start, end, kind, para.scene, index))
    return segments


def _introduces_verse(text: str, para: Paragraph) -> bool:
    """A paragraph ending in a colon whose last sentences say someone sings or recites:
    `Pooh hummed the third verse quietly to himself:`, `he sang. It went like this:`.
    """
    body = text[para.start : para.end].rstrip("".join(QUOTE_MARKS) + " ")
    if not body.endswith(":"):
        return False
    ends = [m.end() for m in SENTENCE_END.finditer(body)]
    last_two = body[ends[-2] if len(ends) > 1 else 0 :].lower()
    return any(w in _SUNG for w in regex.findall(r"\p{L}+", last_two))


def _indent(text: str, start: int) -> int:
    """Columns of white space before the first character of a paragraph, a tab counting 4."""
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    return len(text[line_start:start].expandtabs(4))


def _paragraph_pieces(text: str, para: Paragraph, style: str) -> list[tuple[int, int, Kind]]:
    """(start, end, kind) pieces tiling one paragraph."""
    speech = _speech_spans(text, para.start, para.end, style)
    pieces: list[tuple[int, int, Kind]] = []
    cursor = para.start
    for start, end, kind in speech:
        if start > cursor:
            if text[cursor:start].strip():
                pieces.append((cursor, start, Kind.NARRATION))
            elif pieces:
                prev = pieces.pop()
                pieces.append((prev[0], start, prev[2]))
            else:
                start = cursor
        pieces.append((start, end, kind))
        cursor = end
    if cursor < para.end:
        if text[cursor : para.end].strip() or not pieces:
            pieces.append((cursor, para.end, Kind.NARRATION))
        else:
            prev = pieces.pop()
            pieces.append((prev[0], para.end, prev[2]))
    return pieces


def _speech_spans(text: str, start: int, end: int, style: str) -> list[tuple[int, int, Kind]]:
    """Dialogue and thought spans in a paragraph, in order."""
    if style == "dash":
        dialogue = find_dash_speech(text, start, end)
        thoughts = [
            span for gs, ge in _gaps(dialogue, start, end) for span in find_italic_thoughts(text, gs, ge)
        ]
        return sorted(
            [(s, e, Kind.DIALOGUE) for s, e in dialogue] + [(s, e, Kind.THOUGHT) for s, e in thoughts]
        )
    if style == "double":
        dialogue = _speech_only(text, find_doubles(text, start, end), start, end)
        thoughts = [
            (s, e)
            for gs, ge in _gaps(dialogue, start, end)
            for s, e in find_singles(text, gs, ge, to_end=False)
            if is_thought(text, s, e)
        ]
    else:
        dialogue = _speech_only(text, find_singles(text, start, end, to_end=True), start, end)
        extra = [d for gs, ge in _gaps(dialogue, start, end) for d in find_doubles(text, gs, ge)]
        dialogue = sorted(dialogue + _speech_only(text, extra, start, end))
        thoughts = []
    dialogue = [piece for s, e in dialogue for piece in _around_directions(text, s, e)]
    taken = sorted(dialogue + thoughts)
    thoughts += [span for gs, ge in _gaps(taken, start, end) for span in find_italic_thoughts(text, gs, ge)]
    return sorted([(s, e, Kind.DIALOGUE) for s, e in dialogue] + [(s, e, Kind.THOUGHT) for s, e in thoughts])


def _around_directions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A quote cut around its bracketed stage directions; bits with no words join the narration."""
    directions = stage_directions(text, start, end)
    if not directions:
        return [(start, end)]
    return [(s, e) for s, e in _gaps(directions, start, end) if _WORDY.search(text, s, e)]


def _speech_only(
    text: str, spans: list[tuple[int, int]], para_start: int, para_end: int
) -> list[tuple[int, int]]:
    """Quoted spans without the titles and scare quotes, which the narrator reads.

    A quote listed right after another (`the words "apology," "Hunsford," and "Lady ..."`, `said
    "Good day," and "Hallo,"`) is the same as that one. A short quote is speech all the same when a
    tag follows it (`And "Shut the door," said Mr. Cuss`) or when it resumes speech that narration
    broke into mid-sentence (`"Hum" said Mrs. Ferrars "very pretty,"`).
    """
    kept: list[tuple[int, int]] = []
    last_end, last_speech = -1, False
    for s, e in spans:
        if last_end >= 0 and text[last_end - 1] in QUOTE_MARKS and _LIST_GAP.fullmatch(text, last_end, s):
            speech = last_speech
        elif not is_scare_quote(text, s, e, para_start, para_end):
            speech = True
        else:
            speech = last_speech and _resumes(text, last_end, s)
        if speech:
            kept.append((s, e))
        last_end, last_speech = e, speech
    return kept


def _resumes(text: str, last_end: int, start: int) -> bool:
    """The quote at `start` goes on with the speech before it, broken off mid-sentence by narration.

    `"I could have sworn it was all right" he looked at his watch "twenty minutes ago."`: the
    narration between ends no sentence, and either the speech before ends on a word or a dash, not
    a stop or a comma, or the narration is just its tag (`"Come here," said Fearenside "You'd better."`).
    """
    if _INTERRUPTION.fullmatch(text, last_end, start) is None:
        return False
    last = text[last_end - 2] if last_end >= 2 else ""
    words = _GAP_WORD.findall(text, last_end, start)
    broken_off = last.isalpha() or last in "-—–"
    just_its_tag = len(words) <= 3 and tag_after(text, last_end, start) is not None
    if not (broken_off or just_its_tag):
        return False
    return bool(words) and words[-1].lower() not in _BINDING and not words[-1].endswith(("'s", "’s"))


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
