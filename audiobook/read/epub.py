"""EPUB (AO3's, FanFicFare's, any EPUB 2 or 3) into chapters, read with `zipfile` and the OPF.

Chapters come in spine (reading) order; the title page, table of contents, cover, copyright page,
AO3's preface and afterword, FanFicFare's title and `Update Log` pages, and documents with no
text are no chapters. Title, author, series, position and summary come from the OPF.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import regex

from audiobook.errors import AudiobookError
from audiobook.read.html import parse_html
from audiobook.read.pages import BookInfo, Page, read_page

_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_MATTER = regex.compile(
    r"(?i)(?:^|[/_\-.])(?:title|titlepage|title_page|toc|toc_page|nav|cover|copyright|colophon|preface"
    r"|afterword|acknowledg\w*|dedication|about|information|log_page|update_?log)(?:[_\-.]|\d|$)"
)
"""File names of front and back matter."""
_MATTER_TITLES = regex.compile(r"(?i)^\s*(?:update\s+log|table\s+of\s+contents|contents|title\s+page)\s*$")
_TAGS = regex.compile(r"<[^>]+>")


def read_epub(path: Path) -> Page:
    """The book in an EPUB, chapters in spine order."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise AudiobookError(f"{path} is not a readable EPUB ({exc}); export it again or convert it") from exc
    with archive:
        opf_path = _opf_path(archive, path)
        opf = _xml(archive, opf_path, path)
        book = Page(_metadata(opf))
        folder = posixpath.dirname(opf_path)
        book.info.cover = _cover(archive, opf, folder, path)
        for href in _spine(opf, path):
            member = posixpath.normpath(posixpath.join(folder, href))
            if _MATTER.search(posixpath.basename(member)):
                continue
            markup = _member(archive, member, path).decode("utf-8", errors="replace")
            page = read_page(parse_html(markup))
            for text in page.chapters:
                heading, _, body = text.partition("\n\n")
                if body.strip() and not _MATTER_TITLES.match(heading):
                    book.chapters.append(text)
                elif not body.strip() and heading and not _MATTER_TITLES.match(heading):
                    continue  # an empty document, or only a heading: no chapter
    if not book.chapters:
        raise AudiobookError(f"{path} holds no chapter with text; check that it is the story's EPUB")
    return book


def _opf_path(archive: zipfile.ZipFile, path: Path) -> str:
    container = _xml(archive, "META-INF/container.xml", path)
    rootfile = container.find(".//c:rootfile", _NS)
    full = rootfile.get("full-path") if rootfile is not None else None
    if not full:
        raise AudiobookError(
            f"{path}: META-INF/container.xml names no package (OPF) file; the EPUB is damaged"
        )
    return full


def _member(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        raise AudiobookError(f"{path}: {name} is missing from the archive; the EPUB is damaged") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise AudiobookError(f"{path}: cannot read {name} ({exc}); the EPUB is damaged") from exc


def _xml(archive: zipfile.ZipFile, name: str, path: Path) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(_member(archive, name, path))
    except ElementTree.ParseError as exc:
        raise AudiobookError(f"{path}: {name} is not well-formed XML ({exc}); the EPUB is damaged") from exc


def _metadata(opf: ElementTree.Element) -> BookInfo:
    def text(tag: str) -> str:
        found = opf.find(f".//dc:{tag}", _NS)
        return (found.text or "").strip() if found is not None else ""

    book = BookInfo(title=text("title"), author=text("creator"))
    book.summary = " ".join(_TAGS.sub(" ", text("description")).split())
    for meta in opf.iter(f"{{{_NS['opf']}}}meta"):
        name, prop = meta.get("name", ""), meta.get("property", "")
        if name == "calibre:series" or prop == "belongs-to-collection":
            book.series = meta.get("content") or (meta.text or "").strip()
        elif name == "calibre:series_index" or prop == "group-position":
            book.series_index = meta.get("content") or (meta.text or "").strip()
    return book


def _cover(
    archive: zipfile.ZipFile, opf: ElementTree.Element, folder: str, path: Path
) -> tuple[str, bytes] | None:
    """The cover image: the manifest item marked `cover-image` (EPUB 3), else the one a `cover`
    meta names (EPUB 2); only a JPEG or PNG."""
    items = list(opf.iterfind(".//opf:manifest/opf:item", _NS))
    named = {m.get("content") for m in opf.iter(f"{{{_NS['opf']}}}meta") if m.get("name") == "cover"}
    for item in items:
        marked = "cover-image" in (item.get("properties") or "").split() or item.get("id") in named
        suffix = posixpath.splitext(item.get("href") or "")[1].lower()
        if marked and suffix in (".jpg", ".jpeg", ".png"):
            member = posixpath.normpath(posixpath.join(folder, item.get("href") or ""))
            return suffix, _member(archive, member, path)
    return None


def _spine(opf: ElementTree.Element, path: Path) -> list[str]:
    """The hrefs of the spine's documents in reading order, leaving out the navigation document
    and items marked not linear."""
    manifest = {
        item.get("id"): item
        for item in opf.iterfind(".//opf:manifest/opf:item", _NS)
        if item.get("id") is not None
    }
    spine = opf.find(".//opf:spine", _NS)
    if spine is None:
        raise AudiobookError(f"{path}: the package file has no spine (reading order); the EPUB is damaged")
    hrefs = []
    for ref in spine.iterfind("opf:itemref", _NS):
        item = manifest.get(ref.get("idref"))
        if item is None:
            raise AudiobookError(f"{path}: the spine names {ref.get('idref')!r}, which the manifest lacks")
        if ref.get("linear") == "no" or "nav" in (item.get("properties") or "").split():
            continue
        hrefs.append(item.get("href") or "")
    return [h for h in hrefs if h]
