"""Names as a text writes them: which can be looked for, and one pattern that finds any of them."""

from __future__ import annotations

import functools
from collections.abc import Iterable

import regex

from audiobook.analysis.attribution.cast import name_key
from audiobook.analysis.attribution.lexicon import (
    HONORIFIC_SUFFIXES,
)

_UNFINDABLE = frozenset(
    "i me my you your he him his she her it we us our they them their one anyone someone somebody "
    "anybody everyone everybody nobody none all both".split()
)


def findable(name: str) -> bool:
    """Whether a name can be looked for in the text: not a pronoun (`he`) nor one lowercase word
    (`stranger`), which would match everywhere; `the Doctor` and `her father` can."""
    words = name.split()
    if not words or name_key(name) in _UNFINDABLE:
        return False
    return not (len(words) == 1 and name[:1].islower())


def _as_written(name: str) -> set[str]:
    """A name as the text may write it: a descriptive one in capitals (`The Mariner`, `The
    Gentleman In The White Waistcoat`, as character lists write them) also in lower case after its
    first word (`The mariner`, `the mariner`), and with `the` in lower case (`the Invisible Man`)."""
    words = name.split()
    if len(words) > 1 and words[0] == "The" and all(w[:1].isupper() for w in words):
        rest = " ".join(words[1:])
        return {name, f"the {rest}", f"The {rest.lower()}", f"the {rest.lower()}"}
    return {name}


def alias_pattern(names: Iterable[str]) -> regex.Pattern[str] | None:
    """One regex that finds any of the names that can be looked for, longest first, with optional
    honorifics, whatever white space parts their words."""
    written = {form for n in names if findable(n) for form in _as_written(n)}
    unique = sorted(written, key=len, reverse=True)
    if not unique:
        return None
    return _compiled_alternation(tuple(unique))


@functools.lru_cache(maxsize=256)
def _compiled_alternation(unique: tuple[str, ...]) -> regex.Pattern[str]:
    """The pattern of `alias_pattern`, compiled once per set of names: the stages of one chapter
    look for the same cast several times, and compiling a long alternation is slow."""
    # A name may be broken over two lines (`Mrs.` at the end of one, `Turton` on the next).
    alternation = "|".join(r"\s+".join(regex.escape(w) for w in n.split()) for n in unique)
    suffix = "|".join(HONORIFIC_SUFFIXES)
    return regex.compile(rf"\b(?:{alternation})(?:-(?:{suffix}))?\b")
