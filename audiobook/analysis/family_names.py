"""Given and family names: which names a text writes together as one person's, which family name
several characters share, and titled names split from the family they name."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

import regex

from audiobook.analysis.attribution.cast import Character, name_key, strip_honorific
from audiobook.analysis.attribution.lexicon import (
    NOT_NAMES,
    TITLES,
)
from audiobook.analysis.tags import ABBREVIATED_TITLES

_WORD = regex.compile(r"\b\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?\p{Ll}+)?\b")
_PLACE_BEFORE = regex.compile(r"(?:\b(?:in|at|from|into|to|towards?|near|across|through|of)\s+$)")
_ABBREVIATION = regex.compile(rf"\b(?:{ABBREVIATED_TITLES}|M)\.\s*$")
"""A title's abbreviation: its dot does not end a sentence."""
_TITLED = regex.compile(
    r"\b(Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Lady|Lord|Sir|Madame|Mme\.?|Monsieur|M\.|Mademoiselle|Mlle\.?|Captain|"
    r"Colonel|Major|General|Professor|Admiral|Lieutenant|Sergeant|Inspector|Duke|Duchess|Count|Countess|"
    r"Aunt|Uncle|Father|Mother|Sister|Brother|Dame|Master|Mistress)\s+"
    r"(\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+)?)\b"
)
_STOP_BEFORE = regex.compile(r"[.!?\"“”‘'—:]\s*$")
"""A sentence's end (or a quote's, or a colon) just before a word."""

_BOUND = 0.8
"""Share of each word's uses inside one two-word name that makes the two one name."""


def _bind_pairs(found: dict[str, Character], pairs: Counter[str]) -> None:
    """Two found words nearly always written together (`the Invisible Man`) are one name: neither
    alone names anyone (`Man` would join every `X Man`)."""
    for pair, count in pairs.most_common():
        words = pair.split()
        if count < 2 or words[0] == words[1]:
            continue
        if not all(w in found and count >= _BOUND * found[w].mentions for w in words):
            continue
        first, last = (found.pop(w) for w in words)
        found[pair] = Character(
            pair, tuple(sorted((set(first.aliases) | set(last.aliases)) - {pair})), None, count
        )


def _full_names_first(
    pairs: Counter[str], found: list[Character], given: list[Character], common: set[str]
) -> list[Character]:
    """A character found by one word is named by the full name the text gives it (`Hercule Poirot`
    for `Poirot`, `Christopher Robin` for `Robin`): the two-word alias holding the name whose other
    word is neither a title, another character's name nor a common word (`Poor Harriet`), written
    at least twice (`pairs` counts the two-word names as written)."""
    owners: dict[str, set[int]] = defaultdict(set)
    for c in given + found:
        for n in c.names:
            if len(n.split()) == 1:
                owners[name_key(n)].add(id(c))
    out = []
    for char in found:
        key = name_key(char.name)
        best, best_count = None, 1
        if len(key.split()) == 1:
            for alias in char.aliases:
                parts = name_key(alias).split()
                if len(parts) != 2 or key not in parts:
                    continue
                other = parts[1] if parts[0] == key else parts[0]
                if other in TITLES or other in common or owners.get(other, set()) - {id(char)}:
                    continue
                count = pairs[alias]
                if count > best_count:
                    best, best_count = alias, count
        if best is None:
            out.append(char)
        else:
            aliases = tuple(a for a in (char.name, *char.aliases) if a != best)
            out.append(replace(char, name=best, aliases=aliases))
    return out


_FAMILY_AFTER = regex.compile(r"[ ](\p{Lu}\p{Ll}+)\b")
"""The family name right after a titled given name (`Mr. John` `Knightley`)."""


def _split_titled(text: str, found: dict[str, Character], pairs: Counter[str]) -> list[Character]:
    """Family names written with titles become one character per title: `Mr. Wilcox`, `Mrs. Wilcox`
    and `Miss Wilcox` are three people, each named as the text writes them and gendered by the
    title. The bare name goes to the one man among them (`said Hall` is Mr. Hall's), else to the
    most mentioned; a titled given name mostly written with a family name is named in full (`Mr.
    John Knightley`). Such names leave `found`."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    families: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for match in _TITLED.finditer(text):
        title, word = match.group(1), match.group(2)
        if word in found:
            forms[word][title.rstrip(".")] += 1
            family = _FAMILY_AFTER.match(text, match.end())
            if family is not None and pairs[f"{word} {family.group(1)}"] >= _PAIRED:
                families[(word, title.rstrip("."))][family.group(1)] += 1
    people: list[Character] = []
    for word, titles in forms.items():
        total = sum(titles.values())
        if total < 2:
            continue
        if total < 0.3 * found[word].mentions:
            continue
        kept = [(t, n) for t, n in titles.most_common() if n >= 2 and n >= 0.05 * total]
        if not kept:
            continue
        char = found.pop(word)
        written = {t: _written_title(text, t, word) for t, _ in kept}
        # The bare name (`said Hall`) goes to the one man, else to the most mentioned; full names
        # (`Alfred Inglethorp`) stay with the given names they hold.
        men = [t for t, _ in kept if TITLES.get(t.lower()) == "male"]
        bare = men[0] if len(men) == 1 else kept[0][0]
        for title, n in kept:
            aliases: tuple[str, ...] = (word,) if title == bare else ()
            share = char.mentions - total + n if title == kept[0][0] else n
            name = written[title]
            family, times = max(families[(word, title)].items(), key=lambda f: f[1], default=("", 0))
            if times >= _PAIRED and 2 * times >= n:
                # `Mr. John Knightley`, mostly written in full: named so, not `Mr. John`.
                name, aliases = f"{name} {family}", (*aliases, f"{word} {family}")
            people.append(Character(name, aliases, TITLES.get(title.lower()), share))
    return people


def _written_title(text: str, title: str, word: str) -> str:
    """`Mr. Wilcox` or `Mr Wilcox`, whichever the text writes more often."""
    dotted = len(regex.findall(rf"\b{regex.escape(title)}\.\s+{regex.escape(word)}\b", text))
    plain = len(regex.findall(rf"\b{regex.escape(title)}\s+{regex.escape(word)}\b", text))
    return f"{title}. {word}" if dotted >= plain and dotted else f"{title} {word}"


def _count_names(text: str) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Per capitalised word: occurrences, sentence-initial occurrences, place-like occurrences."""
    counts: Counter[str] = Counter()
    starts: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for match in _WORD.finditer(text):
        word = (
            strip_honorific(match.group()).rstrip("'’s")
            if match.group().endswith(("'s", "’s"))
            else strip_honorific(match.group())
        )
        counts[word] += 1
        before = text[max(0, match.start() - 12) : match.start()]
        if not before.strip() or (_STOP_BEFORE.search(before) and not _ABBREVIATION.search(before)):
            starts[word] += 1
        if _PLACE_BEFORE.search(before):
            places[word] += 1
    return counts, starts, places


def _full_names(
    text: str, counts: Counter[str], starts: Counter[str]
) -> tuple[dict[str, set[str]], Counter[str]]:
    """Two-word names (`Uzumaki Naruto`, `Elizabeth Bennet`) keyed by each of their words, and how
    often each pair of capitalised words is written.

    The first word must be capitalised somewhere inside a sentence too: `Had Naruto` at the start
    of a question is no name.
    """
    pairs: Counter[str] = Counter(
        m.group() for m in regex.finditer(r"\b\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+\b", text, overlapped=True)
    )
    names: dict[str, set[str]] = defaultdict(set)
    for pair in pairs:
        first, last = pair.split()
        inside = counts[first] - starts[first]
        if inside >= 1 and counts[first] >= 2 and counts[last] >= 2 and {first, last}.isdisjoint(NOT_NAMES):
            names[first].add(pair)
            names[last].add(pair)
    return names, pairs


_PAIRED = 2
"""How often two names must be written together to be one person's given and family name."""


def _share_family_names(found: dict[str, Character], titled: list[Character], pairs: Counter[str]) -> None:
    """A family name written after several characters' given names, at least twice each
    (`Florence Linden`, `John Linden` for `Uncle John`), is none of theirs alone: each full name
    goes to the one whose given name it holds, and the family name keeps only the others."""
    by_given = {c.aliases[0]: c for c in titled if len(c.aliases) == 1 and len(c.aliases[0].split()) == 1}
    people = {**found, **by_given}
    for word in found:
        char = people[word]
        given = {full.split()[0]: full for full in char.aliases if full.split()[-1:] == [word]}
        owners = {o for o, full in given.items() if o != word and o in people and pairs[full] >= _PAIRED}
        if len(owners) < 2:
            continue
        for other in owners:
            o = people[other]
            people[other] = replace(o, aliases=tuple(sorted({*o.aliases, given[other]})))
        kept = tuple(a for a in char.aliases if a.split()[0] not in owners)
        people[word] = replace(char, aliases=kept)
    for word in found:
        found[word] = people[word]
    titled[:] = [people[c.aliases[0]] if c.aliases and by_given.get(c.aliases[0]) is c else c for c in titled]


def _merge_family_names(found: dict[str, Character], pairs: Counter[str]) -> list[Character]:
    """Join a family name to the given name it is most often written with, at least twice
    (`Cassandra` written once next to `Katharine` is not her family name)."""
    chars = dict(found)
    for word in sorted(found, key=lambda w: found[w].mentions):
        partners = [
            other
            for full in found[word].aliases
            for other in full.split()
            if other != word and other in chars and pairs[full] >= _PAIRED
        ]
        if not partners:
            continue
        target = max(partners, key=lambda w: chars[w].mentions)
        if chars[target].mentions < chars[word].mentions or word not in chars:
            continue
        # Merge only when the family name is not shared by several found characters.
        owners = {
            o
            for o in found
            if o != word and any(word in a.split() and pairs[a] >= _PAIRED for a in found[o].aliases)
        }
        if len(owners) > 1:
            continue
        # Nor when the given name is written with another family name as often too (`Charles
        # Hayter`, `Charles Musgrove`): two people, and `Charles` alone is not sure to be this one.
        if any(
            len(parts := full.split()) == 2
            and parts[0] == target
            and word not in parts
            and pairs[full] >= _PAIRED
            for full in chars[target].aliases
        ):
            continue
        t, w = chars[target], chars.pop(word)
        aliases = tuple(sorted(set(t.aliases) | set(w.aliases) | {word}))
        chars[target] = replace(t, aliases=aliases, mentions=t.mentions + w.mentions)
    return sorted(chars.values(), key=lambda c: -c.mentions)
