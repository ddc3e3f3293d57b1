from pathlib import Path

import pytest

from audiobook.errors import AudiobookError
from audiobook.read import read_chapter
from audiobook.read.chapter import parse_chapter


@pytest.mark.parametrize(
    ("line", "title", "number", "heading"),
    [
        ("29 – Running to Nowhere", "Running to Nowhere", 29, "Chapter 29: Running to Nowhere"),
        ("Chapter 12: The Bridge", "The Bridge", 12, "Chapter 12: The Bridge"),
        ("CHAPTER XII", "Chapter 12", 12, "Chapter 12"),
        ("Chapter Three - Home", "Home", 3, "Chapter 3: Home"),
        ("# Prologue", "Prologue", None, "Prologue"),
    ],
)
def test_heading_forms(line: str, title: str, number: int | None, heading: str) -> None:
    chapter = parse_chapter(f"{line}\n\nShe walked in.\n", Path("x.txt"))
    assert (chapter.title, chapter.number, chapter.heading) == (title, number, heading)
    assert chapter.paragraphs[0].role == "title"


def test_first_line_that_is_a_sentence_is_not_a_title() -> None:
    chapter = parse_chapter('"Hello," she said.\n\nHe nodded.\n', Path("story.txt"))
    assert chapter.title == "story"
    assert all(p.role == "body" for p in chapter.paragraphs)


def test_scenes_split_at_two_blank_lines_and_separators() -> None:
    text = "Title\n\nOne.\n\nTwo.\n\n\nThree.\n\n* * *\n\nFour.\n\no0o\n\nFive.\n"
    chapter = parse_chapter(text, Path("x.txt"))
    scenes = {chapter.text[p.start : p.end]: p.scene for p in chapter.paragraphs}
    assert scenes == {
        "Title": 0,
        "One.": 0,
        "Two.": 0,
        "Three.": 1,
        "* * *": 1,
        "Four.": 2,
        "o0o": 2,
        "Five.": 3,
    }
    assert chapter.scene_count == 4


def test_sample_has_seven_scenes(sample: Path) -> None:
    chapter = read_chapter(sample)
    assert chapter.scene_count == 7
    assert (chapter.number, chapter.title) == (29, "Running to Nowhere")


@pytest.mark.parametrize(
    "data",
    [
        "Title\r\n\r\nShe said “hi”.\r\n".encode("utf-8-sig"),
        "Title\r\rShe said “hi”.\r".encode(),
        "Title\n\nShe said “hi”.\n".encode("utf-16"),
        "Title\n\nShe said “hi” – café.\n".encode("cp1252"),
    ],
)
def test_encodings_and_line_ends(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "c.txt"
    path.write_bytes(data)
    chapter = read_chapter(path)
    body = chapter.paragraphs[1]
    assert chapter.title == "Title"
    assert chapter.text[body.start : body.end].startswith("She said “hi”")


@pytest.mark.parametrize("data", [b"", b"   \n\n  ", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"])
def test_empty_or_binary_is_a_user_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "c.txt"
    path.write_bytes(data)
    with pytest.raises(AudiobookError, match="c.txt"):
        read_chapter(path)


def test_author_notes_are_found_and_sentences_starting_with_an_are_not() -> None:
    text = (
        "Title\n\nA/N: Thanks for reading!\n\nAn owl hooted.\n\nAN: more soon.\n\nDisclaimer: I don't own it."
    )
    chapter = parse_chapter(text, Path("x.txt"))
    roles = [(p.role, text[p.start : p.start + 5]) for p in chapter.paragraphs]
    assert roles == [
        ("title", "Title"),
        ("note", "A/N: "),
        ("body", "An ow"),
        ("note", "AN: m"),
        ("note", "Discl"),
    ]


@pytest.mark.parametrize(
    "line",
    ["***", "* * *", "---", "~~~", "###", "o0o", "xXx", "-x-x-", "§", "=====", "_____", "OoOoO", "♦♦♦"],
)
def test_separator_lines_break_scenes_and_are_not_read(line: str) -> None:
    chapter = parse_chapter(f'Title\n\nOne.\n\n{line}\n\nTwo.\n\n"..."\n', Path("x.txt"))
    assert [p.role for p in chapter.paragraphs] == ["title", "body", "break", "body", "body"]
    assert chapter.scene_count == 2
