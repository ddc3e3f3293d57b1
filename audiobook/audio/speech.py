"""Turn a segment's written text into the text the engine speaks.

Everything here changes only what is said: the manifest, script and subtitles keep the text as
written. espeak-ng already reads numbers, years (`1999`), ordinals (`21st`), money and shouted
capitals (`NO!`, spelling out acronyms such as `FBI`) well, so they are left to it; what it gets
wrong is rewritten here: Roman numerals after `Chapter` (it says "roman twelve"), abbreviations
whose full stop it takes for the end of a sentence (`Mr.`, `St.`), stutters (`S-Sakura` came out
as "Essakura"), Japanese honorifics (`-kun` as "cun"), and dashes and ellipses, which become
pauses. Markup-like text (`<break time="9s"/>`, `&amp;`) is passed on as plain text: the engines
are never asked to read SSML, so it is spoken literally.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

_QUOTES = regex.compile(r"[\"“”„«»]|(?<!\p{L})['‘’]|['‘’](?!\p{L})")
_MARKDOWN = regex.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)|^#+\s*", regex.MULTILINE)
_SPACE = regex.compile(r"\s+")
_CONTROL = regex.compile(r"\x1b\[[0-9;]*[A-Za-z]|[\p{Cc}\p{Cf}--\s]", regex.VERSION1)
_SPEAKABLE = regex.compile(r"[\p{L}\p{N}]")

_NUMBERED = r"(?:chapter|part|book|volume|vol\.|act|scene|section|episode|arc|canto)"
_ROMAN_AFTER = regex.compile(rf"\b({_NUMBERED})\s+([IVXLCDM]+)\b(?!['’]\p{{L}})", regex.IGNORECASE)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

_ABBREVIATIONS = {
    "Mr.": "Mister",
    "Mrs.": "Missus",
    "Ms.": "Miz",
    "Dr.": "Doctor",
    "Prof.": "Professor",
    "Capt.": "Captain",
    "Lt.": "Lieutenant",
    "Sgt.": "Sergeant",
    "Col.": "Colonel",
    "Gen.": "General",
    "Gov.": "Governor",
    "Rev.": "Reverend",
    "Hon.": "Honourable",
    "Jr.": "Junior",
    "Sr.": "Senior",
    "Mt.": "Mount",
    "Ave.": "Avenue",
    "Rd.": "Road",
    "vs.": "versus",
    "etc.": "et cetera",
    "e.g.": "for example",
    "i.e.": "that is",
}
_ABBREVIATION = regex.compile(
    r"(?<![\p{L}.])(" + "|".join(regex.escape(a) for a in _ABBREVIATIONS) + r")(?=\s|$|[,;:!?)])"
)
# `St.` is Saint before a name (St. Paul) and Street after one (Elm St.).
_SAINT = regex.compile(r"(?<![\p{L}.])St\.(?=\s+\p{Lu})")
_STREET = regex.compile(r"(?<=\p{Lu}\p{Ll}*\s+)St\.")

# One or two letters and a hyphen, once or more, before a word that starts with them: a stutter.
_STUTTER = regex.compile(r"(?<![\p{L}\-])((?:(\p{L}{1,2})-)+)(\p{L}+)")
_VOWEL = regex.compile(r"[aeiouy]", regex.IGNORECASE)

_HONORIFICS = {
    "kun": "koon",
    "san": "sahn",
    "chan": "chahn",
    "sama": "sama",
    "sensei": "sensei",
    "senpai": "senpai",
    "sempai": "senpai",
    "dono": "dono",
    "hime": "heemeh",
    "nii": "nee",
    "nee": "neh",
    "niisan": "nee-sahn",
    "neesan": "neh-sahn",
    "tan": "tahn",
    "shishou": "shishow",
}
_HONORIFIC = regex.compile(
    r"(?<=\p{L})-(" + "|".join(sorted(_HONORIFICS, key=len, reverse=True)) + r")(?!\p{L})",
    regex.IGNORECASE,
)

_ELLIPSIS = regex.compile(r"\s*(?:\.\s?){3,}|\s*…")
_DASH = regex.compile(r"\s*(?:—|–|--+)\s*")
# A hyphen cutting speech off (`I think I-`) or picking it up (`-Has really fled`).
_CUT_HYPHEN = regex.compile(r"(?<=\p{L})-(?=\s|$|[,.!?;:])|(?:(?<=^|\s)-(?=\p{L}))")


def spoken_text(written: str) -> str:
    """Quote marks and markup removed, whitespace collapsed; the words themselves kept."""
    text = _CONTROL.sub("", written)  # terminal colour codes, bells, direction marks: never said
    text = _MARKDOWN.sub("", text)
    text = _QUOTES.sub("", text)
    return _SPACE.sub(" ", text).strip()


def prepare(text: str) -> str:
    """Spoken text rewritten where the engine would misread it (see the module's docstring)."""
    text = _ROMAN_AFTER.sub(_arabic, text)
    text = _SAINT.sub("Saint", text)
    text = _STREET.sub("Street", text)
    text = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1)], text)
    text = _STUTTER.sub(_stutter, text)
    text = _HONORIFIC.sub(lambda m: " " + _HONORIFICS[m.group(1).lower()], text)
    text = _ELLIPSIS.sub("... ", text)
    text = _DASH.sub(", ", text)
    text = _CUT_HYPHEN.sub("", text)
    return _SPACE.sub(" ", text).strip(" ,")


def roman_to_int(numeral: str) -> int | None:
    """The value of a well-formed Roman numeral (`XII` is 12), else None."""
    values = [_ROMAN.get(ch) for ch in numeral.upper()]
    if not values or None in values:
        return None
    total = 0
    digits = [v for v in values if v is not None]
    for value, following in zip(digits, [*digits[1:], 0], strict=True):
        total += -value if value < following else value
    return total if total > 0 and _to_roman(total) == numeral.upper() else None


def _to_roman(number: int) -> str:
    out = []
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _arabic(match: regex.Match[str]) -> str:
    value = roman_to_int(match.group(2))
    return match.group(0) if value is None else f"{match.group(1)} {value}"


def _stutter(match: regex.Match[str]) -> str:
    """`S-Sakura` -> `Sa, Sakura`: the word's opening sound, a pause, then the word."""
    word = match.group(3)
    prefixes = [p for p in match.group(1).split("-") if p]
    if not all(word.lower().startswith(p.lower()) for p in prefixes):
        return match.group(0)
    vowel = _VOWEL.search(word)
    stem = (word[: vowel.end()] if vowel else word).lower()
    stems = [stem.capitalize() if p[0].isupper() else stem for p in prefixes]
    return ", ".join([*stems, word])


def is_speakable(text: str) -> bool:
    """True if there is anything to say: at least one letter or digit."""
    return _SPEAKABLE.search(text) is not None


def say_as(lexicon: dict[str, str]) -> Callable[[str], str]:
    """A function that rewrites the lexicon's words (whole words, any case) as they are said."""
    if not lexicon:
        return lambda text: text
    by_key = {word.lower(): saying for word, saying in lexicon.items()}
    words = "|".join(regex.escape(w) for w in sorted(lexicon, key=len, reverse=True))
    pattern = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{words})(?![\p{{L}}\p{{N}}])", regex.IGNORECASE)
    return lambda text: pattern.sub(lambda m: by_key[m.group().lower()], text)
