"""Speech preparation: what the engine is asked to say, and only that, is rewritten."""

from __future__ import annotations

import pytest

from audiobook.audio.engines import get_engine
from audiobook.audio.speech import prepare, roman_to_int, spoken_text
from audiobook.casting.voices import load_voices


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("Chapter XII: The Bridge", "Chapter 12: The Bridge"),
        ("CHAPTER IV", "CHAPTER 4"),
        ("Part II", "Part 2"),
        ("Chapter Ive", "Chapter Ive"),
        ("Mr. Smith met Dr. Jones", "Mister Smith met Doctor Jones"),
        ("on Elm St. near St. Paul", "on Elm Street near Saint Paul"),
        ("W-why, S-Sakura?", "Why, why, Sa, Sakura?"),
        ("N-n-no!", "No, no, no!"),
        ("X-ray, T-shirt, well-known", "X-ray, T-shirt, well-known"),
        ("Naruto-kun and Hinata-sama", "Naruto koon and Hinata sama"),
        ("He left... and—then—came back…", "He left... and, then, came back..."),
        ("I think I-", "I think I"),
        ("-Has really fled", "Has really fled"),
        ('<break time="9s"/> &amp;', '<break time="9s"/> &amp;'),
    ],
)
def test_prepare(written: str, said: str) -> None:
    assert prepare(written) == said


def test_roman_numerals() -> None:
    numerals = ("XII", "IV", "MCMXCIX", "IIII", "ABC", "")
    assert [roman_to_int(n) for n in numerals] == [12, 4, 1999, None, None, None]


def test_markup_is_spoken_literally_not_obeyed() -> None:
    # An SSML break of nine seconds would make the clip far longer than the words.
    engine = get_engine("pyttsx3")
    voice = load_voices()["narrator"]
    text = spoken_text('"Wait <break time="9s"/> now," she said.')
    assert "<break" in prepare(text)
    assert engine.synthesize(prepare(text), voice).duration_ms < 6000


def test_stutter_reaches_the_engine_as_sounds_not_letters() -> None:
    engine = get_engine("pyttsx3")
    voice = load_voices()["narrator"]
    # Read as letters, "W-why" is "double-u why": far longer than "why, why".
    letters = engine.synthesize("double-u why", voice).duration_ms
    assert engine.synthesize(prepare("W-why"), voice).duration_ms < letters
