"""Dialogue introduced by dashes instead of quote marks."""

from pathlib import Path

import pytest

from audiobook.analysis.dashes import find_dash_speech
from audiobook.analysis.segment import segment
from audiobook.read.chapter import parse_chapter


@pytest.mark.parametrize(
    ("paragraph", "speech"),
    [
        ("—Introibo ad altare Dei.", ["—Introibo ad altare Dei."]),
        ("—Tell me, Mulligan, Stephen said quietly.", ["—Tell me, Mulligan,"]),
        ("—Yes, he said, I will come.", ["—Yes,", "I will come."]),
        ("—Back to barracks! he said sternly.", ["—Back to barracks!"]),
        ("—Come up, Kinch! Come up, you fearful jesuit!", ["—Come up, Kinch! Come up, you fearful jesuit!"]),
        ("—Hola —dijo él—. ¿Qué tal?", ["—Hola", "¿Qué tal?"]),
        ("– Where? she asked.", ["– Where?"]),
        ("He looked up. —Why?", []),
    ],
)
def test_dash_speech(paragraph: str, speech: list[str]) -> None:
    assert [paragraph[s:e] for s, e in find_dash_speech(paragraph, 0, len(paragraph))] == speech


JOYCE = (
    "Chapter 1\n\nStately, plump Buck Mulligan came from the stairhead.\n\n—Introibo ad altare Dei.\n\n"
    "Halted, he peered down the dark winding stairs and called out coarsely:\n\n"
    "—Come up, Kinch! Come up, you fearful jesuit!\n\n—Tell me, Mulligan, Stephen said quietly.\n\n"
    "—Yes, my love?\n"
)


def kinds(text: str) -> list[tuple[str, str]]:
    chapter = parse_chapter(text, Path("x.txt"))
    return [(s.kind, text[s.start : s.end]) for s in segment(chapter) if s.kind in ("dialogue", "narration")]


def test_a_file_of_dash_dialogue_reads_its_dashes_as_speech() -> None:
    assert [t for k, t in kinds(JOYCE) if k == "dialogue"] == [
        "—Introibo ad altare Dei.",
        "—Come up, Kinch! Come up, you fearful jesuit!",
        "—Tell me, Mulligan,",
        "—Yes, my love?",
    ]
    assert ("narration", " Stephen said quietly.") in kinds(JOYCE)


def test_a_file_with_quote_marks_keeps_dash_led_paragraphs_as_narration() -> None:
    text = (
        'Title\n\n"Come here," she said.\n\n—and then the storm broke over the hills.\n\n"Now," he said.\n\n'
        '"Why?" she asked.\n\n—the rain did not stop.\n\n—nor did the wind.\n'
    )
    assert [t for k, t in kinds(text) if k == "dialogue"] == ['"Come here,"', '"Now,"', '"Why?"']
