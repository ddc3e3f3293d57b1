"""Turn a segment's written text into the text the engine speaks."""

from __future__ import annotations

from collections.abc import Callable

import regex

_QUOTES = regex.compile(r"[\"“”„«»]|(?<!\p{L})['‘’]|['‘’](?!\p{L})")
_MARKDOWN = regex.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)|^#+\s*", regex.MULTILINE)
_SPACE = regex.compile(r"\s+")
_SPEAKABLE = regex.compile(r"[\p{L}\p{N}]")


def spoken_text(written: str) -> str:
    """Quote marks and markup removed, whitespace collapsed; the words themselves kept."""
    text = _MARKDOWN.sub("", written)
    text = _QUOTES.sub("", text)
    return _SPACE.sub(" ", text).strip()


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
