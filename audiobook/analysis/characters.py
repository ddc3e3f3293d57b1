"""Find the characters of a text: names, aliases and gender."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

import regex

from audiobook.analysis.attribution.cast import Cast, Character, name_key, strip_honorific
from audiobook.analysis.attribution.lexicon import (
    NOT_NAMES,
    TITLES,
)
from audiobook.analysis.genders import (
    _SENTENCE_END,
    _opens_clause,
    described_gender,
    guess_genders,
)
from audiobook.analysis.names import alias_pattern
from audiobook.analysis.tags import ABBREVIATED_TITLES, VERB_PATTERN

_LOWER_WORD = regex.compile(r"\b\p{Ll}[\p{Ll}'’]*\b")
_WORD = regex.compile(r"\b\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?\p{Ll}+)?\b")
_PLACE_BEFORE = regex.compile(r"(?:\b(?:in|at|from|into|to|towards?|near|across|through|of)\s+$)")
_ABBREVIATION = regex.compile(rf"\b(?:{ABBREVIATED_TITLES}|M)\.\s*$")
"""A title's abbreviation: its dot does not end a sentence."""
_TITLED = regex.compile(
    r"\b(Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Lady|Lord|Sir|Madame|Mme\.?|Monsieur|M\.|Mademoiselle|Mlle\.?|Captain|"
    r"Colonel|Major|General|Professor|Aunt|Uncle|Father|Mother|Sister|Brother|Dame|Master|Mistress)\s+"
    r"(\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+)?)\b"
)
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
}
_TITLES_ALONE |= {"colonel": {"colonel", "col"}, "professor": {"professor", "prof"}}
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


_STOP_BEFORE = regex.compile(r"[.!?\"“”‘'—:]\s*$")
"""A sentence's end (or a quote's, or a colon) just before a word."""


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
        t, w = chars[target], chars.pop(word)
        aliases = tuple(sorted(set(t.aliases) | set(w.aliases) | {word}))
        chars[target] = replace(t, aliases=aliases, mentions=t.mentions + w.mentions)
    return sorted(chars.values(), key=lambda c: -c.mentions)


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
