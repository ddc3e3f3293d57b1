"""Which files make a book, and in what order: files, folders and globs collected, each read into
chapters (a failure kept, not raised), and the chapters put in reading order."""

from __future__ import annotations

import glob
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from audiobook.analysis.script import SCRIPT_SUFFIX
from audiobook.errors import AudiobookError
from audiobook.read import READABLE, Book, check_file, read_book, unreadable
from audiobook.read.chapter import Chapter

CHAPTER_SUFFIXES = READABLE
"""What a folder's chapter files end in."""


_GLOB = regex.compile(r"[*?\[]")


_DIGITS = regex.compile(r"(\d+)")


_FIRST = ("prologue", "foreword", "preface", "introduction")


_LAST = ("epilogue", "afterword", "appendix")


@dataclass(frozen=True)
class Failure:
    """A chapter that could not be rendered, and why."""

    path: Path
    reason: str


def collect_chapters(inputs: Sequence[str]) -> list[Path]:
    """The chapter files named by files, folders (their .txt and .md files) and glob patterns.

    Edited scripts (`*.script.txt`) and hidden files are not chapters. Each file once, first
    mention first; order them with `reading_order`.
    """
    found: dict[Path, None] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            try:
                files = [f for f in path.iterdir() if f.is_file() and f.suffix.lower() in CHAPTER_SUFFIXES]
            except OSError as exc:
                raise AudiobookError(unreadable(path, exc)) from exc
            if not files:
                raise AudiobookError(
                    f"{path} holds no chapter files ({', '.join(CHAPTER_SUFFIXES)}); "
                    "point at the folder of chapters"
                )
        elif path.is_file():
            files = [path]
        elif _GLOB.search(item):
            files = [Path(f) for f in glob.glob(item) if Path(f).is_file()]
            if not files:
                raise AudiobookError(f"no file matches {item}; check the pattern (quote it for the shell)")
        else:
            check_file(path)  # a FIFO, a device, a symbolic link that loops, or nothing there
            raise AudiobookError(f"{item}: no such file or folder; check the path")
        for f in sorted(files, key=lambda f: natural_key(f.name)):
            if not f.name.startswith(".") and not f.name.endswith(SCRIPT_SUFFIX):
                found.setdefault(f, None)
    return list(found)


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key of a name with its digit runs as numbers: `ch2` before `ch10`."""
    return tuple((0, int(part)) if part.isdigit() else (1, part.casefold()) for part in _DIGITS.split(name))


def read_chapters(paths: Sequence[Path]) -> tuple[list[Chapter], list[Failure], Book | None]:
    """The chapters of the files in reading order, the files that could not be read, and the one
    file's book (its title, author, summary) when there is one file. Files of one chapter each
    are put in reading order (`reading_order`); a file of several (an EPUB, a serial) keeps its
    own order, files in the order given."""
    books: list[Book] = []
    failed: list[Failure] = []
    for path in paths:
        try:
            books.append(read_book(path))
        except AudiobookError as exc:
            failed.append(Failure(path, str(exc)))
    if all(len(book.chapters) == 1 for book in books):
        chapters = reading_order([book.chapters[0] for book in books])
    else:
        chapters = [chapter for book in books for chapter in book.chapters]
    return chapters, failed, books[0] if len(books) == 1 else None


def reading_order(chapters: Sequence[Chapter]) -> list[Chapter]:
    """Chapters in reading order.

    The number in a chapter's heading wins over its file name; a chapter whose heading has no
    number goes by the first number in its file name. Prologues come first, epilogues last, and
    chapters with no number at all follow the numbered ones in file-name order. When two chapters
    claim one number (Part 2 starting again at chapter 1), numbers cannot order the book and file
    names do.
    """
    numbers = [_number(c) for c in chapters]
    claimed = [n for n in numbers if n is not None]
    if len(claimed) != len(set(claimed)):
        return sorted(chapters, key=lambda c: natural_key(c.path.name))

    def key(item: tuple[Chapter, int | None]) -> tuple[int, float, tuple[tuple[int, int | str], ...]]:
        chapter, number = item
        title = chapter.title.casefold()
        rank = 0 if title.startswith(_FIRST) else 2 if title.startswith(_LAST) else 1
        return rank, number if number is not None else float("inf"), natural_key(chapter.path.name)

    return [c for c, _ in sorted(zip(chapters, numbers, strict=True), key=key)]


def _number(chapter: Chapter) -> int | None:
    if chapter.number is not None:
        return chapter.number
    match = _DIGITS.search(chapter.path.stem)
    return int(match.group(1)) if match else None
