"""Resolving a tag that names someone (`said Elizabeth`, `said Mademoiselle`) to a character."""

from __future__ import annotations

from audiobook.analysis.attribution.cast import Character, name_key, strip_honorific
from audiobook.analysis.attribution.context import Context
from audiobook.analysis.attribution.lexicon import _STOP, TITLES
from audiobook.analysis.tags import (
    OWNER_END,
    Tag,
)


def _resolve_name(ctx: Context, tag: Tag) -> tuple[Character, str] | None:
    """The character a named tag (`said Elizabeth`, `Mr. Darcy replied`, `Sir Thomas's saying`,
    `Then Cecil said`) refers to, and the rule that found it."""
    words = OWNER_END.sub("", tag.who).split()
    while len(words) > 1 and words[0].lower() in _STOP:
        words = words[1:]
    who = " ".join(words)
    char = ctx.cast.lookup(who) or ctx.cast.lookup(words[0])
    if char is not None and ctx.on("explicit.name"):
        return char, "explicit.name"
    if name_key(who) in TITLES and ctx.on("explicit.title"):
        # A title alone (`said Mademoiselle`): the one character who bears it.
        char = ctx.role(who)
        if char is not None:
            return char, "explicit.title"
    plain = strip_honorific(who)
    if name_key(plain) not in _STOP and ctx.may_be_name(plain) and ctx.on("explicit.new-name"):
        # A name no cast holds: someone the story has not introduced yet.
        return Character(plain), "explicit.new-name"
    return None
