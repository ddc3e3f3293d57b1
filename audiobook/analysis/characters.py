"""Find the characters of a text: names, aliases and gender."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

import regex

from audiobook.analysis.attribution.cast import Cast, Character, name_key
from audiobook.analysis.attribution.lexicon import (
    NOT_NAMES,
    TITLES,
)
from audiobook.analysis.family_names import (
    _bind_pairs,
    _count_names,
    _full_names,
    _full_names_first,
    _merge_family_names,
    _share_family_names,
    _split_titled,
)
from audiobook.analysis.genders import (
    _SENTENCE_END,
    _opens_clause,
    described_gender,
    guess_genders,
)
from audiobook.analysis.names import alias_pattern
from audiobook.analysis.tags import VERB_PATTERN

_LOWER_WORD = regex.compile(r"\b\p{Ll}[\p{Ll}'’]*\b")
_AFTER_THE = regex.compile(
    r"\b[Tt]he\s+(?:\p{Ll}+\s+)?((\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+)?)(?:[ ]\p{Lu}\p{Ll}+)?)\b"
)
"""`the Nara`, `the old Hokage`, `the Invisible Man`: group 1 the words, group 2 the first."""


def discover_characters(text: str, given: Iterable[Character] = ()) -> Cast:
    """The given characters first, then names found in the text by frequency."""
    given = list(given)
    known = Cast(given)
    counts, starts, places = _count_names(text)
    full_names, pairs = _full_names(text, counts, starts)
    lower = Counter(_LOWER_WORD.findall(text))
    # Common words that open sentences (`However`, `Such`, `Poor`): written in lower case more than
    # twice as often as they are capitalised inside a sentence.
    common = {w for w, count in counts.items() if lower[w.lower()] > 2 * (count - starts[w])}
    found: dict[str, Character] = {}
    for word, count in counts.most_common():
        if count < 2 or word in NOT_NAMES or word.lower() in TITLES or known.lookup(word):
            continue
        if starts[word] >= count or places[word] > count / 2 or word in common:
            continue
        if word.lower() in _ADDRESS_WORDS and _only_called(text, word):
            continue
        found[word] = Character(word, tuple(sorted(full_names.get(word, ()))), None, count)
    _bind_pairs(found, pairs)
    titled = _split_titled(text, found, pairs)
    _share_family_names(found, titled, pairs)
    merged = _merge_family_names(found, pairs) + titled
    merged.sort(key=lambda c: -c.mentions)
    given = _with_mentions(given, text)
    given, merged = _resolve_descriptors(text, given, merged)
    merged = _full_names_first(pairs, merged, given, {name_key(w) for w in common})
    # Places, villages and techniques (`Konoha`, `Sharingan`) are named as people are, but nothing
    # in the text treats them as one: no tag, no gesture, no `he` or `she`, no one calls them.
    acting = _acting(text, merged)
    people = {id(c) for c in titled}
    merged = [c for c in merged if id(c) in people or c.name.startswith("The ") or c.name in acting]
    genders = guess_genders(text, given + merged)
    chars = [
        replace(
            c,
            gender=c.gender
            or (None if is_group(c.name) else described_gender(c.name) or genders.get(c.name)),
            mentions=c.mentions or counts[c.name],
        )
        for c in given + merged
    ]
    return Cast(_titles_alone(chars))


_TITLES_ALONE = {
    "uncle": {"uncle"},
    "aunt": {"aunt"},
    "doctor": {"doctor", "dr"},
    "captain": {"captain", "capt"},
    "colonel": {"colonel", "col"},
    "professor": {"professor", "prof"},
    "admiral": {"admiral"},
    "inspector": {"inspector"},
    "sergeant": {"sergeant", "sgt"},
}
"""Titles that, written alone (`Uncle, you are not well`, `said the Colonel`), name the one
character who holds them; `Mr` or `Lady` alone names no one."""


def _titles_alone(chars: list[Character]) -> list[Character]:
    """The characters, the one holder of each title in `_TITLES_ALONE` also called by it alone."""
    chars = list(chars)
    for title, forms in _TITLES_ALONE.items():
        written = title.capitalize()
        holders = [
            i
            for i, c in enumerate(chars)
            if any(len(w := n.split()) > 1 and w[0].lower().rstrip(".") in forms for n in c.names)
        ]
        if len(holders) == 1 and not any(name_key(written) in map(name_key, c.names) for c in chars):
            char = chars[holders[0]]
            chars[holders[0]] = replace(char, aliases=(*char.aliases, written))
    return chars


_ADDRESS_WORDS = set(
    """son daughter mother father papa mamma mama dad daddy mum mummy ma pa grandma grandpa granny
    sonny brother sister child""".split()
)
"""Family words one calls someone by (`Get into it, Son.`): a name only if used as one."""
_CALLED = regex.compile(r"(?:[,!?\"“‘]|--|—)\s*$")


def _only_called(text: str, word: str) -> bool:
    """Whether every capitalised use of a family word calls someone: between a comma, dash or
    quote mark and a comma or stop (`this morning, Son, to interview`)."""
    for found in regex.finditer(rf"\b{regex.escape(word)}\b", text):
        before = text[max(0, found.start() - 4) : found.start()]
        if not (_CALLED.search(before) and regex.match(r"\s*[,.!?;]", text[found.end() : found.end() + 2])):
            return False
    return True


def _resolve_descriptors(
    text: str, given: list[Character], found: list[Character]
) -> tuple[list[Character], list[Character]]:
    """Found names used mostly after `the` (`the Nara`, `the Uchiha`, `the former Hokage`) name a
    family, clan or rank, not a person, or a thing (`the Kubikiri`). One never used of a person is
    dropped; the others become an alias of the character most often named
    last before their uses, when one clearly leads (at least twice, and twice as often as any
    other) and the two do not answer each other in adjacent paragraphs (`said the Voice` ... `said
    Marvel`). Else one that a speech tag has as subject in five or more uses (`said the Dodger`) is
    a character of its own (`The Dodger`); the rest are dropped."""
    after_the: dict[str, list[int]] = defaultdict(list)
    for match in _AFTER_THE.finditer(text):
        after_the[match.group(2)].append(match.start())
        if match.group(1) != match.group(2):
            after_the[match.group(1)].append(match.start())
    kept, descriptors = [], []
    for char in found:
        uses = after_the.get(char.name, [])
        if len(uses) >= 2 and len(uses) >= 0.4 * char.mentions:
            descriptors.append((char, uses))
        else:
            kept.append(char)
    if not descriptors:
        return given, found
    owner = Cast(given + kept)
    pattern = alias_pattern(n for c in owner.characters for n in c.names)
    extra: dict[str, list[str]] = defaultdict(list)
    selves: list[Character] = []
    for char, uses in descriptors:
        if not any(_personal(text, pos) for pos in uses):
            continue  # `the Kubikiri`, `the Kagirinai Buyou`: a thing, never `he` or `she`
        lead = _named_before(text, uses, owner, pattern)
        if lead is not None and _answers(text, uses, owner.lookup(lead)) < _ANSWERS:
            extra[lead].append(char.name)
        elif len(uses) >= _SELF_USES and any(_speaks(text, pos) for pos in uses):
            # `said the Dodger` with no one character named before its uses: a person of its own.
            selves.append(Character(f"The {char.name}", (char.name,), None, len(uses)))

    def widen(c: Character) -> Character:
        more = tuple(a for a in extra.get(c.name, ()) if a not in c.names)
        return replace(c, aliases=c.aliases + more) if more else c

    return [widen(c) for c in given], [widen(c) for c in kept] + selves


def _named_before(text: str, uses: list[int], owner: Cast, pattern: regex.Pattern[str] | None) -> str | None:
    """The character most often named last before the uses (`... at Shikamaru. The Nara teen was
    forced ...`) by `pattern` (any of `owner`'s names), when one clearly leads: at least twice, and
    twice as often as any other."""
    near: Counter[str] = Counter()
    for pos in uses:
        closest = None
        for match in pattern.finditer(text, max(0, pos - 250), pos) if pattern else ():
            closest = owner.lookup(match.group()) or closest
        if closest is not None:
            near[closest.name] += 1
    ranked = near.most_common(2)
    leads = bool(ranked) and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1])
    return ranked[0][0] if leads else None


_VERB_BEFORE = regex.compile(rf"\b(?:{VERB_PATTERN})\s+$")
_VERB_AFTER = regex.compile(rf"\s+(?:\p{{Ll}}+ly\s+)?(?:{VERB_PATTERN})\b")
_ANSWERS = 2
"""Times a speaking descriptor answers a character (or is answered) that make them two people."""
_SELF_USES = 5
"""Uses after `the` that make a speaking descriptor with no clear owner a character of its own."""


def _answers(text: str, uses: list[int], char: Character | None) -> int:
    """How often `the X` speaks in the paragraph right before or after one where `char` speaks by
    name (`"..." said the Voice.` then `"..." said Marvel.`): two people, not one."""
    if char is None:
        return 0
    names = alias_pattern(char.names)
    count = 0
    for pos in uses:
        if names is None or not _speaks(text, pos):
            continue
        start = text.rfind("\n\n", 0, pos)
        end = text.find("\n\n", pos)
        before = text.rfind("\n\n", 0, max(start, 0))
        after = text.find("\n\n", end + 2) if end >= 0 else -1
        for lo, hi in ((max(before, 0), max(start, 0)), (end, after if after >= 0 else len(text))):
            if lo < 0 or hi <= lo:
                continue
            if any(_in_tag(text, m.start(), m.end()) for m in names.finditer(text, lo, hi)):
                count += 1
    return count


_PERSONAL = regex.compile(r"\b(?:(he|she|his|him|her|himself|herself)|(it|its|itself))\b", regex.IGNORECASE)
"""A personal pronoun (group 1) or `it` (group 2), whichever a clause reaches first."""


def _personal(text: str, pos: int) -> bool:
    """Whether the `the X` at `pos` is used of a person (`said the Dodger`, `The Nara narrowed his
    eyes`); not `The Kubikiri was still lying there`, nor `drew the Kubikiri off his back`, where
    `his` is the one drawing it."""
    after = _AFTER_THE.match(text, pos)
    return after is not None and _of_a_person(text, pos, after.end())


_CALLED_BEFORE = regex.compile(r"(?:[\"“]|,\s+|\b(?:dear|my|oh|Oh)\s+)$")
_CALLED_AFTER = regex.compile(r"\s*(?:[,!?]|\.[\"”])")
"""Around a name someone calls: `"Watson, ...`, `, my dear Watson."`, `Oh Naruto!`."""


def _of_a_person(text: str, start: int, end: int) -> bool:
    """Whether the words text[start:end] are used of a person: a speech tag's subject, an
    honorific or a gesture after them (`The Nara groaned`), someone calling them in a quote
    (`"Well, Watson?"`), or a clause they open that goes on with `he`, `she` or `his` before any
    `it`."""
    # A speech verb right before or after them: gestures (`The Nara groaned`) are speech verbs too.
    if _in_tag(text, start, end) or text.startswith("-", end):
        return True
    if _CALLED_BEFORE.search(text, max(0, start - 8), start) and _CALLED_AFTER.match(text, end):
        return True
    if not _opens_clause(text, start):
        return False
    window = text[end : end + 120]
    stop = _SENTENCE_END.search(window)
    found = _PERSONAL.search(window, 0, stop.start() if stop else len(window))
    return found is not None and found.group(1) is not None


def _acting(text: str, chars: list[Character]) -> set[str]:
    """The characters some use of whose names is a person's, in one pass over the text."""
    pattern = alias_pattern(n for c in chars for n in c.names)
    lookup = Cast(chars)
    acting: set[str] = set()
    for match in pattern.finditer(text) if pattern is not None else ():
        char = lookup.lookup(match.group())
        if char is not None and char.name not in acting and _of_a_person(text, match.start(), match.end()):
            acting.add(char.name)
    return acting


def _speaks(text: str, pos: int) -> bool:
    """Whether the `the X` at `pos` is the subject of a speech tag (`said the Dodger`, `the Voice
    said`): someone speaking."""
    after = _AFTER_THE.match(text, pos)
    return after is not None and _in_tag(text, pos, after.end())


def _in_tag(text: str, start: int, end: int) -> bool:
    """Whether the words text[start:end] are a speech verb's subject: the verb right before or
    after them."""
    return bool(_VERB_BEFORE.search(text, max(0, start - 30), start) or _VERB_AFTER.match(text, end))


def _with_mentions(given: list[Character], text: str) -> list[Character]:
    """Given characters with their full names and aliases counted in one pass over the text,
    to rank namesakes against each other."""
    owner = {name_key(n): c.name for c in given for n in c.names}
    pattern = alias_pattern(n for c in given for n in c.names)
    counts: Counter[str] = Counter()
    if pattern is not None:
        for match in pattern.finditer(text):
            counts[owner.get(name_key(match.group()), "")] += 1
    return [c if c.mentions else replace(c, mentions=counts[c.name]) for c in given]


_PLURAL = regex.compile(r"\p{Ll}{2,}[^su\W]s|people|men|women|children|folks?|famil(?:y|ies)|crowd")
"""A word naming several people: a regular plural (`brothers`, `servants`), or a group noun."""


def is_group(name: str) -> bool:
    """Whether a name is of several people (`the Atkinson brothers`, `Charlotte and Lucy`), who
    are nobody's `he` or `she`; a last word written in capitals (`Holmes`) is a name, not a
    plural, unless the whole name is in capitals (`NATIVE SERVANTS`)."""
    words = (name.lower() if name.isupper() else name).split()
    if len(words) > 1 and _PLURAL.fullmatch(words[-1]):
        return True
    if len(words) == 2 and words[0].lower() == "the" and regex.fullmatch(r"\p{Lu}\p{Ll}+[^s]s", words[1]):
        return True  # a family: `the Emersons`
    joined = [i for i, w in enumerate(words) if w == "and" and 0 < i < len(words) - 1]
    return any(words[i - 1][:1].isupper() and words[i + 1][:1].isupper() for i in joined)
