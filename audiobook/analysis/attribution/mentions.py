"""Mention finding: the speech tag next to a quote (`said Elizabeth`, `he cried`, `Emma continued:`)."""

from __future__ import annotations

import bisect
import functools

import regex

from audiobook.analysis.attribution.context import _WORD, Context, Mention
from audiobook.analysis.attribution.lexicon import PREPOSITIONS, TITLES
from audiobook.analysis.tags import (
    GESTURES,
    SENTENCE_END,
    SPEECH_VERBS,
    Tag,
    tag_after,
    tag_before,
)
from audiobook.values import Kind, Segment

_INTRODUCING = (":", ",", "-", "—", "–")
"""How a narration paragraph that introduces the speech below it ends: `Emma continued:`."""


_LEAD_TAIL = 30
"""At most this many characters after the speaker in a sentence that ends on a tag and leads into
speech (`Sissy resumed in a lower voice.`)."""


_INTRODUCER_REACH = 60
"""At most this many characters between an introducing speech verb and the speech."""


_AGENT = regex.compile(r"\s+by\s+")


_WHO = regex.compile(r",?\s+who\b[^.!?]*")


_OWNER = regex.compile(r"(?:['’]s|\s+s)\b")


_INFINITIVE = regex.compile(r"\s+to\s+\p{Ll}")


_PRONOUN_SUBJECT = regex.compile(r"\b(?:[Hh]e|[Ss]he)\b")


def _tag(ctx: Context, segments: list[Segment], i: int) -> Tag | None:
    """The speech tag right after or right before quote i, in its paragraph."""
    seg = segments[i]
    after = segments[i + 1] if i + 1 < len(segments) else None
    j = i - 1
    before = segments[j] if j >= 0 else None
    if after is not None and after.paragraph == seg.paragraph and after.kind == Kind.NARRATION:
        tag = tag_after(ctx.text, after.start, after.end)
        if tag is not None:
            return tag
    if before is not None and before.paragraph == seg.paragraph and before.kind == Kind.NARRATION:
        lead = ctx.text[before.start : before.end].rstrip()
        if lead.endswith(_INTRODUCING):
            tag = _lead_tag(ctx, before.start, before.start + len(lead))
        else:
            tag = tag_before(ctx.text, before.start, before.end)
        if tag is not None or lead.strip():
            return tag
        j = i - 2
        before = segments[j] if j >= 0 else None
    # A narration paragraph above leads into the speech: one ending in a colon, comma or dash
    # (`Emma continued:`), or whose last sentence ends on a tag (`Mrs Musgrove interposed.`, but
    # `Naruto grinned.` is an action beat, weighed after turn-taking).
    if before is not None and before.kind == Kind.NARRATION and before.paragraph == seg.paragraph - 1:
        lead = ctx.text[before.start : before.end].rstrip()
        stop = before.start + len(lead)
        if lead.endswith(_INTRODUCING):
            return _lead_tag(ctx, before.start, stop)
        speech_above = j > 0 and segments[j - 1].paragraph == before.paragraph and segments[j - 1].is_speech
        if lead.endswith(".") and not speech_above:
            tag = tag_before(ctx.text, before.start, stop - 1)
            if tag is not None and stop - (tag.pos + len(tag.who)) <= _LEAD_TAIL and tag.verb not in GESTURES:
                return tag
    return None


def _lead_tag(ctx: Context, start: int, stop: int) -> Tag | None:
    """The tag in narration text[start:stop] that leads into speech (`Emma continued:`).

    A passive speech verb's agent comes first (`he was thinking of her, when thus addressed by
    Miss Bingley,`), then a tag at the end, then the subject of the last sentence.
    """
    lead = _lead_verb(ctx.text, start, stop)
    if lead is not None:
        sentence, verb = lead
        by = _AGENT.match(ctx.text, verb.end())
        if by is not None:
            agent = ctx.mention_at(by.end())
            return _named_tag(agent, verb) if agent is not None else None
    tag = tag_before(ctx.text, start, stop)
    if tag is None and lead is not None:
        tag = _introducer(ctx, *lead)
    return tag


def _lead_verb(text: str, start: int, stop: int) -> tuple[int, regex.Match[str]] | None:
    """The start of the last sentence of text[start:stop] and its last speech verb, if that is
    near the end."""
    ends = list(SENTENCE_END.finditer(text, start, stop))
    sentence = ends[-1].end() if ends else start
    verbs = [m for m in _WORD.finditer(text, sentence, stop) if m.group().lower() in SPEECH_VERBS]
    if not verbs or stop - verbs[-1].end() > _INTRODUCER_REACH:
        return None
    return sentence, verbs[-1]


def _introducer(ctx: Context, sentence: int, verb: regex.Match[str]) -> Tag | None:
    """The one a sentence leading into speech is about, when its speech verb is far from them:
    `John broke the silence by saying:`, `Mr. Beebe was back, saying rather nervously:`, `when
    Mrs. Hilbery, who had looked at her daughter, remarked:`.
    """
    text = ctx.text
    lo = bisect.bisect_left(ctx.positions, sentence)
    hi = bisect.bisect_left(ctx.positions, verb.start())
    mentions = ctx.mentions[lo:hi]
    for mention in mentions:
        name = ctx.pattern.match(text, mention.pos) if ctx.pattern is not None else None
        if name is not None and _WHO.fullmatch(text, name.end(), verb.start()):
            return _named_tag(mention, verb)
    # The last subject before the verb: a name that starts a clause (`Rodney lit his lamp,
    # offered Denham a chair, and exclaimed:`) or `he` or `she`; else the last name that can be one.
    fit = [m for m in mentions if _may_be_subject(ctx, sentence, m.pos)]
    named = next((m for m in reversed(fit) if m.subject), None)
    pronouns = list(_PRONOUN_SUBJECT.finditer(text, sentence, verb.start()))
    if pronouns and (named is None or pronouns[-1].start() > named.pos):
        pronoun = pronouns[-1]
        return Tag(pronoun.group(), "pronoun", verb.group(), pronoun.start(), (pronoun.start(), verb.end()))
    named = named or (fit[-1] if fit else None)
    return _named_tag(named, verb) if named is not None else None


def _may_be_subject(ctx: Context, start: int, pos: int) -> bool:
    """Whether the name at `pos` can be the subject of a verb after it: not an owner (`Willoughby's
    letter`), not after a preposition (`to Mrs. Sparsit`, `round Helen`) unless an infinitive
    follows (`impossible for Darcy to leave`)."""
    name = ctx.pattern.match(ctx.text, pos) if ctx.pattern is not None else None
    if name is None or _OWNER.match(ctx.text, name.end()):
        return False
    words = _WORD.findall(ctx.text, max(start, pos - 40), pos)
    while words and words[-1].lower() in TITLES:
        words.pop()
    if not words or words[-1].lower() not in PREPOSITIONS:
        return True
    return words[-1].lower() == "for" and _INFINITIVE.match(ctx.text, name.end()) is not None


def _named_tag(mention: Mention, verb: regex.Match[str]) -> Tag:
    return Tag(mention.character.name, "name", verb.group(), mention.pos, (mention.pos, verb.end()))


def _tagged_by(ctx: Context, tag: Tag, i: int) -> list[int]:
    """The quotes a tag next to quote i speaks for: that one, and the one on the tag's other side
    in the same paragraph (`"Come, Darcy," said he, "I must have you dance."`)."""
    segments = ctx.segments
    quotes = [i]
    for narration, other in ((i - 1, i - 2), (i + 1, i + 2)):
        if other < 0 or other >= len(segments) or not segments[other].is_speech:
            continue
        if (
            segments[other].paragraph == segments[i].paragraph
            and segments[narration].start <= tag.pos < segments[narration].end
        ):
            quotes.append(other)
    return quotes


@functools.lru_cache(maxsize=1024)
def _spoken_to_pattern(verb: str) -> regex.Pattern[str]:
    """The verb of a tag, then the `to` before whom it is said (`said to`, `asked`)."""
    return regex.compile(rf"\s+(?:\p{{Ll}}+ly\s+)?{regex.escape(verb)}\s+(?:\p{{Ll}}+ly\s+)?(?:to\s+)?")


def _spoken_to(ctx: Context, tag: Tag) -> set[str]:
    """Who the tag says is spoken to (`she said to Elizabeth`, `he asked Robert`): not the speaker."""
    if not tag.verb:
        return set()
    start = tag.pos + len(tag.who)
    window = ctx.text[start : start + 60]
    found = _spoken_to_pattern(tag.verb).match(window)
    if found is None:
        return set()
    addressee = ctx.mention_at(start + found.end())
    return {addressee.character.name} if addressee is not None else set()
