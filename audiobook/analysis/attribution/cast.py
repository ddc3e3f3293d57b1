"""The cast: characters with their names, aliases and gender, and a lookup from any name."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

import regex

from audiobook.analysis.attribution.lexicon import HONORIFIC_SUFFIXES, NOT_NAMES, TITLES


@dataclass(frozen=True)
class Character:
    """A person in the story."""

    name: str
    """The name reported as speaker."""
    aliases: tuple[str, ...] = ()
    """Other names that refer to this character (the name itself not included)."""
    gender: str | None = None
    """`male`, `female` or None when unknown."""
    mentions: int = 0
    """How often a name of the character occurs in the text."""
    narrator: bool = False
    """Whether this is the one who tells the story in the first person (`narrator = true` in the
    config), whose `I said` and `I shrugged.` are theirs."""

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)


@dataclass
class Cast:
    """The characters of a text, with a lookup from every name to its character."""

    characters: list[Character] = field(default_factory=list)
    """Characters in order of importance."""

    def __post_init__(self) -> None:
        self._by_key: dict[str, Character] = {}
        self._by_word: dict[str, list[Character]] = defaultdict(list)
        self._given = {id(c): _given_name(c) for c in self.characters}
        for char in self.characters:
            for name in char.names:
                self._by_key.setdefault(name_key(name), char)
                for written in strip_honorific(name).split():
                    # A common word of a descriptive name (`That young man`) names no one alone.
                    word = name_key(written)
                    if word[:1].isalpha() and word not in TITLES and written.capitalize() not in NOT_NAMES:
                        if char not in self._by_word[word]:
                            self._by_word[word].append(char)

    def called(self, name: str) -> Character | None:
        """The character whose name or an alias is exactly this (`The Stout Man` for `the stout
        man`), without the looser matches of `lookup`."""
        return self._by_key.get(name_key(name))

    def lookup(self, name: str) -> Character | None:
        """The character a name refers to: a full name or alias, an honorific form of one, or one
        word of a name (`Poirot` for `Hercule Poirot`): the one man if it is a family name shared
        by men and women, else the most mentioned owner."""
        key = name_key(name)
        found = self._by_key.get(key) or self._by_key.get(name_key(strip_honorific(name)))
        if found is not None:
            return found
        word = name_key(strip_honorific(name))
        owners = self._by_word.get(word, [])
        if len(owners) > 1 and all(name_key(c.name).split()[-1] == word for c in owners):
            # A family name alone (`said Turton`) is the man's: women of the family are written
            # with their title (`Mrs. Turton`).
            men = [c for c in owners if c.gender == "male"]
            if len(men) == 1:
                return men[0]
        given = [c for c in owners if self._given.get(id(c)) == word]
        if len(given) > 1:
            # A given name several full names share (`said Charles`, with `Charles Hayter` and
            # `Charles Musgrove` in the cast): the one the text names less often, as an author
            # writes a namesake in full to tell him apart from the one who needs no surname.
            return min(given, key=lambda c: c.mentions)
        return max(owners, key=lambda c: c.mentions) if owners else None

    def names_as_written(self) -> list[str]:
        """Every name and alias as written, with honorific-free forms (for a matcher)."""
        names = {n for c in self.characters for n in c.names}
        return sorted(names | {strip_honorific(n) for n in names}, key=len, reverse=True)


def titled_otherwise(text: str, floor: int, pos: int, char: Character) -> bool:
    """Whether the name at `pos` follows a title of the other gender than the character's (`Mr.`
    before `Sparsit`, who is Mrs. Sparsit): someone else of that name."""
    title = _TITLE_BEFORE.search(text, floor, pos) if char.gender is not None else None
    return title is not None and TITLES.get(title.group(1).lower()) not in (None, char.gender)


_TITLE_BEFORE = regex.compile(r"\b(\p{L}+)\.?\s+$")
"""The word right before a name, which may be its title."""


def _given_name(char: Character) -> str | None:
    """The first word of a character's full name of two or more words (`charles` of `Charles
    Hayter`), without a title; None for a one-word name."""
    words = name_key(strip_honorific(char.name)).split()
    return words[0] if len(words) > 1 else None


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Casefolded, dots and extra spaces removed, curly apostrophes straightened."""
    return " ".join(name.replace(".", "").replace("’", "'").casefold().split())


_HONORIFIC_SUFFIX = regex.compile(rf"-(?:{'|'.join(HONORIFIC_SUFFIXES)})$", flags=regex.IGNORECASE)


@functools.lru_cache(maxsize=65536)
def strip_honorific(name: str) -> str:
    """`Tsunade-sama` -> `Tsunade`, `Mr. Darcy` -> `Darcy`."""
    base = _HONORIFIC_SUFFIX.sub("", name)
    words = base.split()
    if len(words) > 1 and words[0].rstrip(".").lower() in TITLES:
        return " ".join(words[1:])
    return base


FIRST_PERSON = Character("narrator")
"""Who says `said I` in a story told in the first person whose teller the text does not name."""
