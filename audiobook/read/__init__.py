"""Reading: any input a user has (`.txt`, `.md`, `.html`, `.epub`) into a `Book` of `Chapter`s.

One reader per kind of file, behind `read_book(path)`; the rest of the pipeline sees chapters of
plain text and never the markup.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from audiobook.errors import AudiobookError
from audiobook.read.chapter import Chapter, clean, decode, parse_chapter
from audiobook.read.epub import read_epub
from audiobook.read.html import parse_html
from audiobook.read.pages import BookInfo, read_page
from audiobook.read.text import as_paragraphs, one_line_paragraphs, split_serial

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
READABLE = (*TEXT_SUFFIXES, ".html", ".htm", ".xhtml", ".epub")
"""The kinds of file read, by suffix."""
_CONVERT = {
    ".mobi": "ebook-convert story.mobi story.epub",
    ".azw": "ebook-convert story.azw story.epub",
    ".azw3": "ebook-convert story.azw3 story.epub",
    ".pdf": "ebook-convert story.pdf story.epub; better, download the story as EPUB or HTML",
    ".docx": "save it as .txt or .html from the word processor",
    ".doc": "save it as .txt or .html from the word processor",
    ".odt": "save it as .txt or .html from the word processor",
    ".rtf": "save it as .txt from the word processor",
}


@dataclass(frozen=True)
class Book:
    """A file's chapters and what it says about the book."""

    path: Path
    """The file read."""
    chapters: tuple[Chapter, ...]
    """Every chapter, in reading order."""
    info: BookInfo = field(default_factory=BookInfo)
    """Title, author, series, summary and cover, as far as the file gives them."""


def read_book(path: Path) -> Book:
    """Read any supported file into its chapters."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _CONVERT:
        raise AudiobookError(
            f"{path}: {suffix} files are not read; give .txt, .md, .html or .epub "
            f"(convert it, for example with Calibre: {_CONVERT[suffix]})"
        )
    if suffix == ".epub":
        check_file(path)
        epub = read_epub(path)
        return _book(path, epub.chapters, epub.info)
    data = _read_bytes(path)
    if suffix in (".html", ".htm", ".xhtml"):
        page = read_page(parse_html(decode(data, path)), path.stem)
        return _book(path, page.chapters, page.info)
    return read_text(decode(data, path), path)


def read_text(text: str, path: Path) -> Book:
    """Plain text (or Markdown) already decoded, as if read from `path`: one chapter, or a one-file
    serial's chapters."""
    if one_line_paragraphs(text):
        text = as_paragraphs(text)
    labels, chapters = split_serial(text)
    info = BookInfo(labels.get("title", ""), labels.get("author", ""), summary=labels.get("summary", ""))
    return _book(path, chapters, info)


def read_chapter(path: Path) -> Chapter:
    """Read a file that holds one chapter."""
    book = read_book(path)
    if len(book.chapters) != 1:
        raise AudiobookError(
            f"{path} holds {len(book.chapters)} chapters; render it as a book, or give one chapter"
        )
    return book.chapters[0]


def _read_bytes(path: Path) -> bytes:
    check_file(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AudiobookError(unreadable(path, exc)) from exc


def check_file(path: Path) -> None:
    """Refuse at once what is no regular file (a FIFO or a device would block or never end)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise AudiobookError(unreadable(path, exc)) from exc
    if not stat.S_ISREG(mode):
        kinds = {stat.S_ISDIR: "a folder", stat.S_ISFIFO: "a FIFO (named pipe)", stat.S_ISSOCK: "a socket"}
        kind = next((name for test, name in kinds.items() if test(mode)), "a device")
        raise AudiobookError(f"{path} is {kind}, not a file; give a chapter file (.txt, .md, .html or .epub)")


def unreadable(path: Path, exc: OSError) -> str:
    """Why a path cannot be read, and what to do, in one line."""
    if exc.errno == errno.ELOOP:
        return f"{path} is a symbolic link that loops back on itself; point it at the chapter file"
    if exc.errno == errno.ENOENT:
        return f"{path}: no such file or folder; check the path"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"cannot read {path}: permission denied; check its permissions (chmod +r)"
    return f"cannot read {path}: {exc.strerror}; check the path"


def _book(path: Path, texts: list[str], info: BookInfo) -> Book:
    """The chapters of a file's texts, cleaned of control characters; those with no text left out."""
    texts = [t for t in (clean(t, path) for t in texts) if t.strip()]
    if not texts:
        raise AudiobookError(f"{path} has no text; give a chapter with at least one line")
    if len(texts) == 1:
        chapters: tuple[Chapter, ...] = (parse_chapter(texts[0], path),)
    else:
        width = max(2, len(str(len(texts))))
        chapters = tuple(
            parse_chapter(text, path.with_name(f"{path.stem}.{n:0{width}d}{path.suffix}"))
            for n, text in enumerate(texts, 1)
        )
    return Book(path, chapters, info)
