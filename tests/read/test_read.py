"""Reading what people download: EPUB, HTML, one-file serials, single-newline text, notes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from downloads import (
    BREAK,
    COVER,
    END_NOTES,
    NOTES,
    SUMMARY,
    TAGS,
    ao3_epub,
    ao3_html,
    epub,
    fff_epub,
    fff_html,
    fff_txt,
    sample_paragraphs,
    xhtml,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from audiobook.analysis.analyse import analyse
from audiobook.errors import AudiobookError
from audiobook.read import read_book, read_chapter
from audiobook.read.html import parse_html
from audiobook.read.pages import read_page

THREE = [
    ("Cliffside", ['"Wait!" Sakura shouted.', "Naruto did not stop.", '"No," he said.']),
    ("The Valley", ["Rain fell on the valley.", BREAK, '"Again?" Sasuke asked.']),
    ("Home", ["They walked back to Konoha.", "*That's the best I can do.* Sakura thought."]),
]


def spoken(chapter) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    """(text, speaker) of every spoken line, whitespace collapsed."""
    analysis = analyse(chapter)
    text = analysis.chapter.text
    return [(" ".join(text[s.start : s.end].split()), s.speaker) for s in analysis.segments if s.is_speech]


def read_aloud(chapter) -> str:  # type: ignore[no-untyped-def]
    """Everything that is read aloud in a chapter, as one string."""
    analysis = analyse(chapter)
    text = analysis.chapter.text
    return " ".join(
        text[s.start : s.end]
        for s in analysis.segments
        if s.kind in ("title", "narration", "dialogue", "thought")
    )


@pytest.mark.parametrize("make", [ao3_html, ao3_epub, fff_epub, fff_html, fff_txt], ids=lambda f: f.__name__)
def test_the_sample_inside_a_download_reads_as_the_text_file(make, sample: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    heading, paragraphs = sample_paragraphs(sample)
    suffix = {"ao3_html": ".html", "fff_html": ".html", "fff_txt": ".txt"}.get(make.__name__, ".epub")
    book = read_book(make(tmp_path / f"story{suffix}", "Running", [("Running to Nowhere", paragraphs)]))
    assert len(book.chapters) == 1
    assert spoken(book.chapters[0]) == spoken(read_chapter(sample))


def test_the_sample_with_single_newlines_reads_as_with_blank_lines(sample: Path, tmp_path: Path) -> None:
    heading, paragraphs = sample_paragraphs(sample)
    lines = [heading, *("" if p == BREAK else p for p in paragraphs)]
    path = tmp_path / "single.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    chapter = read_chapter(path)
    assert (chapter.number, chapter.title) == (29, "Running to Nowhere")
    assert spoken(chapter) == spoken(read_chapter(sample))
    assert chapter.scene_count == read_chapter(sample).scene_count


def test_hard_wrapped_text_keeps_its_paragraphs(tmp_path: Path) -> None:
    # Lines broken mid-sentence, paragraphs between blank lines: not one paragraph per line.
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "Chapter 1\n\nThe rain had not stopped for three\ndays, and the river was rising\nfast over the "
        'old stones.\n\n"We should go," she said, looking\nat the water.\n',
        encoding="utf-8",
    )
    assert [p.role for p in read_chapter(path).paragraphs] == ["title", "body", "body"]


@pytest.mark.parametrize("make", [ao3_html, ao3_epub, fff_epub, fff_html, fff_txt], ids=lambda f: f.__name__)
def test_chapters_in_order_with_titles_and_no_notes_read(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    suffix = {"ao3_html": ".html", "fff_html": ".html", "fff_txt": ".txt"}.get(make.__name__, ".epub")
    book = read_book(make(tmp_path / f"story{suffix}", "Running", THREE))
    assert [c.title for c in book.chapters] == ["Cliffside", "The Valley", "Home"]
    aloud = " ".join(read_aloud(c) for c in book.chapters)
    for note in [
        *NOTES,
        *END_NOTES,
        SUMMARY,
        *TAGS,
        "Chapter Notes",
        "Chapter Text",
        "Please drop by",
        "Update Log",
    ]:
        assert note not in aloud
    for markup in ("<", ">", "&quot;", "&amp;", "class="):
        assert markup not in aloud
    assert book.chapters[1].scene_count == 2
    # The italic sentence is Sakura's thought.
    last = analyse(book.chapters[2])
    thought = [s for s in last.segments if s.kind == "thought"]
    assert [(last.chapter.text[s.start : s.end], s.speaker) for s in thought] == [
        ("*That's the best I can do.*", "Sakura")
    ]


def test_ao3_and_epub_metadata(tmp_path: Path) -> None:
    html = read_book(ao3_html(tmp_path / "w.html", "Running", THREE, author="Ann Writer"))
    assert (html.info.title, html.info.author, html.info.summary) == ("Running", "Ann Writer", SUMMARY)
    info = read_book(fff_epub(tmp_path / "f.epub", "Running", THREE, author="Ann Writer")).info
    assert (info.title, info.author, info.summary, info.series, info.series_index) == (
        "Running", "Ann Writer", SUMMARY, "My Series", "2",
    )  # fmt: skip


def test_notes_are_kept_when_asked(tmp_path: Path) -> None:
    chapter = read_book(ao3_html(tmp_path / "w.html", "Running", THREE)).chapters[0]
    notes = [chapter.text[p.start : p.end] for p in chapter.paragraphs if p.role == "note"]
    assert "A short note before the chapter." in notes and "See you next week." in notes
    kept = analyse(chapter, keep_notes=True)
    assert any(
        "See you next week." in kept.chapter.text[s.start : s.end]
        for s in kept.segments
        if s.kind == "narration"
    )


def test_epub_spine_order_not_manifest_order(tmp_path: Path) -> None:
    docs = [
        (f"c{n}.xhtml", xhtml(t, f"<h2>Chapter {n}: {t}</h2><p>Text of {t}.</p>"))
        for n, t in enumerate("ABC", 1)
    ]
    path = epub(
        tmp_path / "s.epub", "S", "W", docs, version="2.0", spine=["c2.xhtml", "c1.xhtml", "c3.xhtml"]
    )
    assert [c.title for c in read_book(path).chapters] == ["B", "A", "C"]


def test_empty_and_front_matter_documents_are_no_chapters(tmp_path: Path) -> None:
    docs = [
        ("cover.xhtml", xhtml("Cover", '<img src="cover.jpg"/>')),
        ("c1.xhtml", xhtml("One", "<h2>Chapter 1</h2><p>Words.</p>")),
        ("blank.xhtml", xhtml("Blank", "<h2>Chapter 2</h2>")),
        ("c3.xhtml", xhtml("Three", "<h2>Chapter 3</h2><p>More words.</p>")),
    ]
    assert [c.number for c in read_book(epub(tmp_path / "s.epub", "S", "W", docs)).chapters] == [1, 3]


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("s.mobi", "ebook-convert"),
        ("s.azw3", "ebook-convert"),
        ("s.pdf", "ebook-convert"),
        ("s.docx", "save it"),
    ],
)
def test_unread_formats_say_how_to_convert(tmp_path: Path, name: str, hint: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4 binary")
    with pytest.raises(AudiobookError, match=f"give .txt, .md, .html or .epub.*{hint}"):
        read_book(path)


def _damaged(tmp_path: Path, kind: str) -> Path:
    good = ao3_epub(tmp_path / "good.epub", "S", THREE)
    path = tmp_path / f"{kind}.epub"
    if kind == "not-a-zip":
        path.write_bytes(b"PK\x03\x04 this is no zip")
        return path
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if kind == "no-opf" and item.filename.endswith(".opf"):
                continue
            if kind == "missing-chapter" and item.filename.endswith("chapter2.xhtml"):
                continue
            if kind == "bad-opf" and item.filename.endswith(".opf"):
                data = data[: len(data) // 2]
            out.writestr(item, data)
    return path


@pytest.mark.parametrize(
    ("kind", "part"),
    [
        ("not-a-zip", "not a readable EPUB"),
        ("no-opf", "content.opf is missing"),
        ("missing-chapter", "chapter2.xhtml is missing"),
        ("bad-opf", "content.opf is not well-formed"),
    ],
)
def test_damaged_epub_names_the_part(tmp_path: Path, kind: str, part: str) -> None:
    with pytest.raises(AudiobookError, match=part):
        read_book(_damaged(tmp_path, kind))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdhpiemr1&;#x\n")), max_size=300))
def test_any_html_gives_a_page(markup: str) -> None:
    page = read_page(parse_html(markup), "x")
    assert all(isinstance(c, str) for c in page.chapters)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdhpiemr1&;#x\n.")), max_size=300))
def test_any_html_file_reads_or_fails_only_as_a_user_error(markup: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.html"
        path.write_text(markup, encoding="utf-8")
        try:
            book = read_book(path)
        except AudiobookError:
            return
        assert book.chapters and all(c.text.strip() for c in book.chapters)


def test_a_page_with_no_text_is_one_error_line(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>T</title></head><body><p>  </p><img src='x.png'/></body></html>")
    with pytest.raises(AudiobookError, match="has no text"):
        read_book(path)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_as_epub_fail_only_as_a_user_error(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.epub"
        path.write_bytes(b"PK\x03\x04" + data)
        try:
            read_book(path)
        except AudiobookError:
            pass


@pytest.mark.audio
def test_an_epub_renders_as_a_book_named_by_its_metadata(tmp_path: Path) -> None:
    from mutagen.mp4 import MP4
    from typer.testing import CliRunner

    from audiobook.cli import app

    story = fff_epub(tmp_path / "story.epub", "Running", THREE[:2], author="Ann Writer")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["render", str(story), "--output", str(out), "--format", "mp3,m4b"])
    assert result.exit_code == 0, result.output
    folder = out / "Ann Writer" / "Running"
    assert sorted(p.name for p in folder.glob("*.mp3")) == ["01 - Cliffside.mp3", "02 - The Valley.mp3"]
    assert (folder / "desc.txt").read_text(encoding="utf-8").strip() == SUMMARY
    # One copy of the audio in the library's book folder; the second format in a folder of its own.
    assert not list(folder.glob("*.m4b")) and (out / "m4b" / ".ignore").is_file()
    tags = MP4(str(out / "m4b" / "Ann Writer" / "Running" / "Running.m4b")).tags
    assert tags is not None and tags["\xa9cmt"] == [SUMMARY] and tags["\xa9ART"] == ["Ann Writer"]
    from mutagen.id3 import ID3

    assert [str(c) for c in ID3(str(folder / "01 - Cliffside.mp3")).getall("COMM")] == [SUMMARY]
    # The EPUB's cover: in the folder, where Audiobookshelf looks, and in the M4B.
    assert (folder / "cover.png").read_bytes() == COVER
    assert bytes(tags["covr"][0]) == COVER
