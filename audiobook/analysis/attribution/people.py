"""People known by a description: newcomers, strangers, kin (`her father`), the ones a scene describes."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

import regex

from audiobook.analysis.attribution.cast import Character, name_key
from audiobook.analysis.attribution.context import Context, _is_subject, _noun_gender
from audiobook.analysis.attribution.lexicon import (
    _ELDER_KIN,
    _FEW_WORDS,
    _MAIDEN,
    _NOT_DESCRIBING,
    _PLAIN_NOUNS,
    _ROLE_NOUNS,
    FEMALE_NOUNS,
    MALE_NOUNS,
    TITLES,
)
from audiobook.analysis.genders import described_gender
from audiobook.analysis.tags import (
    Tag,
)
from audiobook.values import Kind, Segment

_UNNAMED_PERSON = regex.compile(
    r"\b(?:[Aa]n?|[Aa]nother|[Ss]ome|[Oo]ne\s+of\s+the)\s+(?:[\p{Ll}\-]+\s+){0,2}?(?P<noun>\p{Ll}+?)s?\b"
)


_NOT_A_VERB = regex.compile(
    r"\s+(?:who|whom|that|which|whose|you|he|she|it|we|they|i|could|would|should|might|must|may|can|will)\b"
)
"""What may follow a noun that is not its verb: `a person you have met`, `a servant could catch it`."""


def _described_before(ctx: Context, scene: int, pos: int, gender: str) -> Character | None:
    """Whom `he` or `she` in a tag means in a scene that names no one who could be that (in its
    narration, or called by name in its talk): the person the narration last described so before
    the tag (`The stranger came early in February ... "A fire," he cried`)."""
    if ctx.names_anyone(scene, gender):
        return None
    described = ctx.descriptions(scene)
    for index in range(bisect.bisect_left(described, pos, key=lambda found: found[0]) - 1, -1, -1):
        phrase = described[index][1]
        if described_gender(phrase) in (gender, None):
            return Character(" ".join(["The", *phrase.split()]), (), gender)
    return None


def _described(tag: Tag, gender: str | None) -> Character | None:
    """Someone no name in the scene fits, by the words that describe them (`said the old woman`:
    `The old woman`), so that their lines keep one voice; not `the latter` or `the most`."""
    words = tag.who.split()
    if words[0].lower() != "the" or len(words) < 2 or words[-1].lower() in _NOT_DESCRIBING:
        return None
    return Character(" ".join(["The", *words[1:]]), (), gender)


_A_PERSON = regex.compile(
    r"\b(?:[Aa]n?|[Aa]nother)\s+((?:(?!(?:of|and|or|to|in|at|on|with|for|by)\s)\p{Ll}[\p{Ll}\-]*\s+){0,2}?"
    r"(?:\p{Ll}[\p{Ll}\-]*)?(?:man|woman|fellow|person))\b(?!['’-])"
)
"""Someone brought in by a description: `a stout man`, `A watchman`, `an old woman`."""


_INTRODUCTION_REACH = 1500
"""How far back in a scene's narration `the man` may point to someone brought in so."""


def _introduced(ctx: Context, scene: int, pos: int, words: list[str]) -> Character | None:
    """`said the man` just after the narration brought someone in unnamed (`they encountered a
    stout man with a bunch of keys`): that person, not a named man nearby: the cast's entry
    called so (`The Stout Man`), else `The man`. Only for a word for anyone (`the man`), whose head the
    description shares (`a watchman` ... `the man`), and a description that says more than it."""
    if len(words) != 1 or words[0].lower() not in _PLAIN_NOUNS:
        return None
    noun = words[0].lower()
    start = max(ctx.scene_start.get(scene, 0), pos - _INTRODUCTION_REACH)
    found = None
    for match in _A_PERSON.finditer(ctx.text, start, pos):
        seg = ctx.segments[bisect.bisect_right(ctx.starts, match.start()) - 1]
        head = match.group(1).split()[-1]
        # The same head (`a watchman`, not `a stout woman`, for `the man`); `a man` alone says too
        # little to be told from a man the story names next.
        same = head.endswith(noun) and _noun_gender(head) == _noun_gender(noun)
        if seg.kind == Kind.NARRATION and same and match.group(1) != noun:
            found = match
    if found is None:
        return None
    owner = ctx.cast.called("The " + " ".join(found.group(1).split()))
    if owner is not None:
        return owner
    # Called as the tag calls them, as any unnamed speaker is (`said the man`: `The man`).
    return Character(f"The {noun}", (), described_gender(noun))


def _newcomer(ctx: Context, tag: Tag) -> Character:
    """`said a young wife`, `cried another female`: someone brought in without a name, so none of
    the characters around; the cast's entry of that description if it has one, else a character
    called by it, with the gender its words tell."""
    name = tag.who[:1].upper() + tag.who[1:]
    return ctx.cast.called(tag.who) or Character(name, (), described_gender(tag.who))


def _unnamed(ctx: Context, floor: int, pos: int, gender: str | None) -> Character | None:
    """The person the narration between `floor` and `pos` (at most the last 2,000 characters) last
    brought in unnamed (`the door opened and another jonin entered`: `The jonin`, or the cast's
    entry called so), when no character of that gender is named as a subject since."""
    last = noun = None
    for seg, match in _in_narration(ctx, _UNNAMED_PERSON, floor, pos):
        fits = FEMALE_NOUNS if gender == "female" else MALE_NOUNS
        acts = _is_subject(ctx.text, seg, match.start(), match.end()) and not _NOT_A_VERB.match(
            ctx.text, match.end()
        )
        if (match.group("noun") in fits or match.group("noun") in _ROLE_NOUNS) and acts:
            last, noun = match.start(), match.group("noun")
    if last is None or noun is None:
        return None
    if _subject_since(ctx, last, pos, gender):
        return None
    return ctx.cast.called(f"The {noun}") or Character(f"The {noun}", (), gender)


_THE_NOUN = regex.compile(rf"\b[Tt]he\s+{_FEW_WORDS}(?P<noun>\p{{Ll}}[\p{{Ll}}\-]*)\b(?!['’])")
"""`the surgeon`, `the old surgeon` in narration."""


def _described_subject(ctx: Context, floor: int, pos: int, gender: str | None) -> Character | None:
    """Whom a `he` or `she` means when the narration between `floor` and `pos` (at most the last
    2,000 characters) last had as a subject someone known by a description a tag uses (`The surgeon
    leaned over the body`: `The surgeon`, or the one the text names so), with no character of
    that gender named as a subject since."""
    last = None
    for seg, match in _in_narration(ctx, _THE_NOUN, floor, pos):
        noun = match.group("noun")
        known = ctx.known_as(noun) if noun in ctx.called_so else None
        if known is None or known.gender not in (None, gender):
            continue
        if _is_subject(ctx.text, seg, *match.span()) and not _NOT_A_VERB.match(ctx.text, match.end()):
            last = (match.start(), known)
    if last is None:
        return None
    return None if _subject_since(ctx, last[0], pos, gender) else last[1]


def _described_lead(ctx: Context, floor: int, pos: int, gender: str | None) -> bool:
    """Whether the narration leading into a `he` or `she` (from `floor`) last has as a subject
    someone described by a word for a person of that gender (`The child broke off a branch`,
    `the old woman sighed`), with no character of that gender named as a subject since."""
    nouns = (FEMALE_NOUNS if gender == "female" else MALE_NOUNS) | {"child", "person"}
    last = None
    for seg, match in _in_narration(ctx, _THE_NOUN, floor, pos):
        if match.group("noun") in nouns and _is_subject(ctx.text, seg, *match.span()):
            last = match.start()
    if last is None or gender is None:
        return False
    return not _subject_since(ctx, last, pos, gender)


def _subject_since(ctx: Context, start: int, pos: int, gender: str | None) -> bool:
    """Whether a character who may be that gender is named as a subject between `start` and
    `pos`: a `he` or `she` after that means them, not someone described before."""
    lo, hi = bisect.bisect_left(ctx.positions, start), bisect.bisect_left(ctx.positions, pos)
    return any(m.subject and m.character.gender in (gender, None) for m in ctx.mentions[lo:hi])


def _kin_owner(ctx: Context, tag: Tag, quotes: list[int]) -> Character | None:
    """Whom `her` or `his` in `said her father` points to: the one of that gender the quotes the
    tag speaks for call by name, else the latest of that gender named before the tag."""
    owner_gender = {"his": "male", "her": "female"}.get(tag.who.split()[0].lower())
    if owner_gender is None:
        return None
    called = {c.name: c for j in quotes for n in ctx.vocatives(ctx.segments[j]) if (c := ctx.cast.lookup(n))}
    owners = [c for c in called.values() if c.gender == owner_gender]
    if len(owners) == 1:
        return owners[0]
    return ctx.recent(tag.pos, ctx.segments[quotes[0]].scene, set(), owner_gender)


def _kin(ctx: Context, owner: Character | None, kin: set[str], gender: str | None) -> Character | None:
    """`said her father`, `cried his wife`: the one other character of that gender who shares a
    family name with the owner. A parent or spouse goes by title and family name (`Mrs. Bennet`,
    never `Miss Bennet`), so that one is taken when the family has someone else of the owner's
    gender."""
    if not kin or owner is None or gender is None:
        return None
    family = _family(owner)
    if not family:
        return None
    related = [c for c in ctx.cast.characters if _family(c) & family]
    if kin & _ELDER_KIN:
        titled = [c for c in related if c.gender == gender and any(_titled(n, family) for n in c.names)]
        if len(titled) == 1 and any(c is not titled[0] and c.gender == owner.gender for c in related):
            return titled[0]
    kinsfolk = [c for c in related if c is not owner and c.gender == gender]
    return kinsfolk[0] if len(kinsfolk) == 1 else None


def _titled(name: str, family: set[str]) -> bool:
    """`Mrs. Bennet` for the Bennets: a title a parent or spouse may go by (not `Miss`)."""
    words = name_key(name).split()
    return len(words) == 2 and words[0] in TITLES and words[0] not in _MAIDEN and words[1] in family


def _family(char: Character) -> set[str]:
    """The family names of a character: the last word of each of its names of two or more words
    (`Bennet` of `Mr. Bennet` and of `Elizabeth Bennet`)."""
    return {words[-1] for name in char.names if len(words := name_key(name).split()) > 1}


def _in_narration(
    ctx: Context, pattern: regex.Pattern[str], floor: int, pos: int
) -> Iterator[tuple[Segment, regex.Match[str]]]:
    """Matches of a pattern in the narration between `floor` and `pos`, at most the last 2,000
    characters, with their segments."""
    floor = max(floor, pos - 2000)
    for seg in ctx.segments[bisect.bisect_right(ctx.starts, floor) - 1 :]:
        if seg.start >= pos:
            break
        if seg.kind == Kind.NARRATION:
            for match in pattern.finditer(ctx.text, max(seg.start, floor), min(seg.end, pos)):
                yield seg, match
