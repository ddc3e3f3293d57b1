"""Stories told in the first person: who `I` is."""

from __future__ import annotations

from collections import Counter

import regex

from audiobook.analysis.attribution.cast import Character, name_key
from audiobook.analysis.attribution.context import _WORD, Context
from audiobook.analysis.attribution.turns import Turn
from audiobook.analysis.tags import (
    Tag,
)
from audiobook.values import Kind

_SELF_NAMED = regex.compile(
    r"(?:\bI\s+(?:called|call|named|name)\s+myself|\bI\s+(?:am|was)\s+(?:called|named)|\b[Mm]y\s+name\s+(?:is|was)"
    r"|\b[Cc]all\s+me)\s+(?P<name>\p{Lu}[\p{L}'’\-]+)"
)
"""The narration naming the one who tells it: `I called myself Pip`, `Call me Ishmael`."""


def _first_person(ctx: Context, turns: list[Turn], tags: dict[int, Tag | None]) -> Character | None:
    """Who `I` is in `said I`: in a story told in the first person, the cast's `Narrator`; else the
    one the narration names as telling it (`I called myself Pip`); else the character the others call
    by name in the lines next to the narrator's (`"My dear Watson," ...`), else, when the narration
    says `I`, in any line; in either case when one clearly leads (twice as often as any other; once
    is enough if no other is called), among those the narration names seldom (it says `I`)."""
    if not any(tag is not None and tag.who.lower() == "i" for tag in tags.values()):
        if not ctx.first_person:
            return None
    found = _named_teller(ctx)
    if found is not None:
        return found
    votes: Counter[str] = Counter()
    for k, turn in enumerate(turns):
        mine = any((tag := tags[i]) is not None and tag.who.lower() == "i" for i in turn.speech)
        if mine or (tags[turn.speech[0]] is None and _i_acts(ctx, turn)):
            for j in (k - 1, k + 1):
                if 0 <= j < len(turns) and turns[j].block == turn.block:
                    votes.update(ctx.called(turns[j]))
    return _called_teller(ctx, turns, votes)


def _named_teller(ctx: Context) -> Character | None:
    """The teller as the cast or the narration names them: a cast entry marked as the narrator (or
    called `Narrator`), else the one the narration names as telling it (`Call me Ishmael`)."""
    for entry in ctx.cast.characters:
        if entry.narrator or any(name_key(name) in ("narrator", "the narrator") for name in entry.names):
            return entry
    for seg in ctx.segments:
        found = _SELF_NAMED.search(ctx.text, seg.start, seg.end) if seg.kind == Kind.NARRATION else None
        char = ctx.cast.lookup(found.group("name")) if found else None
        if char is not None:
            return char
    return None


def _called_teller(ctx: Context, turns: list[Turn], votes: Counter[str]) -> Character | None:
    """The one others call by name next to the teller's own lines (`votes`), else anywhere in the
    talk (some writers tag the teller's lines seldom, but the others still call them by name), when
    one clearly leads among those the narration names seldom."""
    # A first-person narrator is `I` in the narration, so named there far less than in speech.
    named = Counter(m.character.name for m in ctx.mentions)
    called = Counter(name for turn in turns for name in ctx.called(turn))
    seldom = {name for name, n in called.items() if _NAMED_SHARE * named[name] <= n}
    for candidates in (votes, called if ctx.first_person else Counter()):
        ranked = Counter({name: n for name, n in candidates.items() if name in seldom}).most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
            return ctx.cast.lookup(ranked[0][0])
    return None


def _i_acts(ctx: Context, turn: Turn) -> bool:
    """Whether a sentence of the turn's own narration opens on `I` (`I shrugged.`)."""
    return any(
        ctx.segments[i].kind == Kind.NARRATION
        and _I_OPENS.search(ctx.text, ctx.segments[i].start, ctx.segments[i].end)
        for i in turn.indexes
    )


_I_OPENS = regex.compile(
    r"(?:^|(?<=[.!?…]['\"”’]?\s+)|(?<=\A\s*))I\s+(?:\p{Ll}+ly\s+)?\p{Ll}", regex.MULTILINE
)
"""`I` opening a sentence of narration, a verb after it (`I shrugged`, `I slowly turned`)."""


_NAMED_SHARE = 10
"""A first-person narrator, `I` in the narration, is named there at most a tenth as often as called
by name in speech."""


def told_in_first_person(ctx: Context) -> bool:
    """Whether the narration is told in the first person: it says `I` often (at least
    `_FIRST_PERSON_RATE` times per 1,000 words), a point-of-view line names its `I`, or the cast
    marks someone as the narrator."""
    if ctx.povs or any(c.narrator for c in ctx.cast.characters):
        return True
    words = mine = 0
    for seg in ctx.segments:
        if seg.kind == Kind.NARRATION:
            words += len(_WORD.findall(ctx.text, seg.start, seg.end))
            mine += len(_I.findall(ctx.text, seg.start, seg.end))
    return mine >= _FIRST_PERSON_MIN and mine * 1000 >= _FIRST_PERSON_RATE * words


_FIRST_PERSON_RATE = 12
"""Narration saying `I` at least this often per 1,000 words is told in the first person (measured
on ../shared/eval: at least 17 in the first-person texts, at most 4 in the others, whose `I` comes
from letters)."""


_FIRST_PERSON_MIN = 5
"""...and at least this many times, so that a short passage with one letter in it is not."""


_I = regex.compile(r"\bI\b")
