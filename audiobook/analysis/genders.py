"""A character's gender from how the text writes of them: titles, honorifics, the pronouns that
follow a mention, the possessive after its verb."""

from __future__ import annotations

from collections import Counter

import regex

from audiobook.analysis.attribution.cast import Cast, Character
from audiobook.analysis.attribution.lexicon import (
    FEMALE_NOUNS,
    MALE_NOUNS,
    PREPOSITIONS,
    TITLES,
)
from audiobook.analysis.names import alias_pattern

_SUFFIX_GENDER = {
    "kun": "male",
    "chan": "female",
    "hime": "female",
    "nii": "male",
    "niisan": "male",
    "nee": "female",
    "neesan": "female",
}


_PRONOUN = regex.compile(r"\b(?:(he|himself)|(she|herself))\b", regex.IGNORECASE)
"""The first `he` or `she` after a name in its sentence."""


_HIS = regex.compile(r"\bhis\b", regex.IGNORECASE)
"""A `his` after a name in a sentence with no `he` or `she`: weaker evidence of a man (`her`, object
or possessive, says nothing: `Ronny kissed her`)."""


CLAUSE_START = regex.compile(
    r"(?:[.!?;:,\"”’—]|\b(?i:and|but|then|while|when|as|so|until|till|before|after|where|whereupon))\s*$"
)
"""What comes right before a word that starts a clause (`, and Marilla`, `. Marilla`): a name
there is likely the one acting (`his` after `with Lucy, and his face` is not hers)."""


_OWN = regex.compile(r"\s+(?:\p{Ll}+ly\s+)?\p{Ll}+\s+(?:(his|himself)|(herself))\b")
"""A name's verb followed by `his`, `himself` or `herself` (not `her`, which is also the object
form: `Edmund took her hand`)."""


_OWN_WEIGHT = 2


_SENTENCE_END = regex.compile(r"[.!?\"“”]")


_NEXT_PRONOUN = regex.compile(r"[.!?][ \t]*\n?[ \t]*(?:(He)|(She))\b")
"""A sentence opening on `He` or `She` right after, in the same paragraph."""


_SENTENCE_OPENS = regex.compile(r"(?:\A|[.!?][ \t]*\n?[ \t]*|\n\n)$")


_LOWER_NEXT = regex.compile(r"\s+\p{Ll}")


def _opens_sentence(text: str, pos: int, after: str) -> bool:
    """Whether the name at `pos` opens a sentence, a word in lower case (its verb) following it
    (`Dr. Archie was ...`; not `"Nance. He won't stop"` in a quote)."""
    return bool(_SENTENCE_OPENS.search(text, max(0, pos - 4), pos)) and bool(_LOWER_NEXT.match(after))


_AFTER_PREPOSITION = regex.compile(rf"\b(?i:{'|'.join(sorted(PREPOSITIONS))})\s+$")


def described_gender(name: str) -> str | None:
    """The gender a name's own words say, by a title (`Mrs Hall`) or a description (`The old
    woman`, `his sister`): for a speaker no cast holds, or a character named so without one."""
    words = [w.lower().rstrip(".") for w in name.split()]
    titled = [g for w in words if (g := TITLES.get(w))]
    if titled:
        return titled[0]
    nouns = set(words)
    return "female" if nouns & FEMALE_NOUNS else "male" if nouns & MALE_NOUNS else None


_PARAGRAPH_END = regex.compile(r"\n\s*\n\s*$")


def _opens_clause(text: str, pos: int) -> bool:
    """Whether the word at `pos` starts a paragraph or a clause."""
    before = text[max(0, pos - 12) : pos]
    return not before.strip() or bool(_PARAGRAPH_END.search(before) or CLAUSE_START.search(before))


_SUFFIX = regex.compile(r"-(\w+)")
"""An honorific written after a name: `-sama`."""


def guess_genders(text: str, chars: list[Character]) -> dict[str, str]:
    """Gender from titles (before a name, or in the name as written: `Miss Woodhouse`), honorifics,
    the pronouns that follow a mention (a `his` only adding to other evidence), and the possessive
    or reflexive right after its verb."""
    votes: dict[str, Counter[str]] = {c.name: Counter() for c in chars}
    lookup = Cast(chars)
    pattern = alias_pattern([n for c in chars for n in c.names])
    if pattern is None:
        return {}
    for match in pattern.finditer(text):
        char = lookup.lookup(match.group())
        if char is not None:
            votes[char.name] += _mention_votes(text, match, pattern)
    genders = {}
    for name, vote in votes.items():
        # `his` (`Cecil took up his book`) adds to the men's side, but never decides alone: it
        # follows a woman's name too (`Julia took his arm`) and places are no one's.
        male, female = vote["male"] + vote["his"], vote["female"]
        if vote["male"] + female >= 1 and max(male, female) >= 1.5 * min(male, female) + 1:
            genders[name] = "male" if male > female else "female"
    return genders


def _mention_votes(text: str, match: regex.Match[str], pattern: regex.Pattern[str]) -> Counter[str]:
    """What one mention of a name says of its gender: a title before it or in it, an honorific
    after it, the pronoun that follows, `his` (counted apart), the possessive after its verb."""
    vote: Counter[str] = Counter()
    words = text[max(0, match.start() - 10) : match.start()].split()
    title_gender = TITLES.get(words[-1].rstrip(".").lower()) if words else None
    # A title or description within the name as written (`Miss Woodhouse` for Emma, `the man`
    # for the convict).
    title_gender = title_gender or described_gender(match.group())
    if title_gender:
        vote[title_gender] += 3
    suffix = _SUFFIX.match(text, match.end(), match.end() + 10)
    if suffix and suffix.group(1).lower() in _SUFFIX_GENDER:
        vote[_SUFFIX_GENDER[suffix.group(1).lower()]] += 1
    window = text[match.end() : match.end() + 100]
    stop = _SENTENCE_END.search(window)
    end = stop.start() if stop else len(window)
    pron = _PRONOUN.search(window, 0, end)
    # `To Sherlock Holmes she is always THE woman`: a `he` or `she` right after a name behind a
    # preposition is someone else, the subject the phrase leads into (not so in `glanced at
    # Sakura as she fell`).
    fronted = pron is not None and not window[: pron.start()].strip(" ,")
    behind = _AFTER_PREPOSITION.search(text, max(0, match.start() - 12), match.start())
    if pron and not (fronted and behind):
        vote["male" if pron.group(1) else "female"] += 1
    elif _HIS.search(window, 0, end) and _opens_clause(text, match.start()):
        vote["his"] += 1
    if pron is None and stop is not None and _opens_sentence(text, match.start(), window):
        # `Dr. Archie was barely thirty. He was tall`: a sentence opening on `he` goes on about
        # the subject of the one before, when no other name came between.
        after = _NEXT_PRONOUN.match(window, stop.start())
        if after and pattern.search(window, 0, stop.start()) is None:
            vote["male" if after.group(1) else "female"] += 1
    # `Edmund shook his head`: the owner right after the verb, surer than a later `he` or `she`.
    own = _OWN.match(window)
    if own:
        vote["male" if own.group(1) else "female"] += _OWN_WEIGHT
    return vote
