"""Files shaped like real downloads, built for the tests: AO3's HTML and EPUB, FanFicFare's EPUB,
HTML and TXT, plain EPUB 2 and 3. Each takes chapters as (title, paragraphs)."""

from __future__ import annotations

import html
import zipfile
from pathlib import Path

Chapters = list[tuple[str, list[str]]]
COVER = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f2b5a50000000049454e44ae426082"
)
"""A 1x1 PNG."""
BREAK = "* * *"
"""A scene break among a chapter's paragraphs: `<hr/>` in HTML."""

SUMMARY = "Naruto runs; Sakura follows."
NOTES = ["Thanks to my beta reader!", "Written for the summer exchange."]
END_NOTES = ["Thanks for reading! Please leave a comment."]
TAGS = ["Angst", "Hurt/Comfort", "Alternate Universe - Canon Divergence"]


def _paragraphs(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" if p != BREAK else "<hr/>" for p in paragraphs)


def _blockquote(paragraphs: list[str]) -> str:
    return f'<blockquote class="userstuff">{_paragraphs(paragraphs)}</blockquote>'


def ao3_preface(title: str, author: str) -> str:
    tags = "".join(f'<dd class="freeform tags"><a>{t}</a></dd>' for t in TAGS)
    return (
        '<div id="preface"><p class="message"><b>Archive of Our Own</b>, posted at '
        '<a href="https://archiveofourown.org/works/1">archiveofourown.org/works/1</a>.</p>'
        f'<div class="meta"><dl class="tags"><dt class="rating tags">Rating:</dt><dd>Teen</dd>'
        f'<dt class="freeform tags">Additional Tags:</dt>{tags}'
        '<dt class="stats">Stats:</dt><dd class="stats">Published: 2024-01-01 Words: 9000</dd></dl>'
        f'<h1>{html.escape(title)}</h1><div class="byline">by '
        f'<a rel="author" href="/users/x">{author}</a></div>'
        f"<p>Summary</p>{_blockquote([SUMMARY])}<p>Notes</p>{_blockquote(NOTES)}</div></div>"
    )


def ao3_chapter_blocks(n: int, title: str, paragraphs: list[str]) -> str:
    return (
        f'<div class="meta group"><h2 class="heading">Chapter {n}: {html.escape(title)}</h2>'
        f"<p>Chapter Summary</p>{_blockquote(['In which things happen.'])}"
        f"<p>Chapter Notes</p>{_blockquote(['A short note before the chapter.'])}"
        '<div class="endnote-link">(See the end of the chapter for <a href="#end">more notes</a>)</div></div>'
        f'<div class="userstuff module" role="article"><h3 class="landmark heading">Chapter Text</h3>'
        f"{_paragraphs(paragraphs)}</div>"
        f'<div class="meta group"><p>Chapter End Notes</p>{_blockquote(["See you next week."])}</div>'
    )


def ao3_afterword() -> str:
    return (
        f'<div id="afterword"><div class="meta"><p>End Notes</p>{_blockquote(END_NOTES)}</div>'
        '<div id="endnotes"><p>Please drop by the Archive and comment to let the creator know if you '
        "enjoyed their work!</p></div></div>"
    )


def ao3_html(path: Path, title: str, chapters: Chapters, author: str = "Writer") -> Path:
    """AO3's HTML download of a work."""
    body = "".join(ao3_chapter_blocks(n, t, ps) for n, (t, ps) in enumerate(chapters, 1))
    path.write_text(
        f"<!DOCTYPE html><html><head><meta charset='UTF-8'/><title>{html.escape(title)} - {author} - "
        f"Naruto [Archive of Our Own]</title><style>p {{margin: 0}}</style></head><body>"
        f'{ao3_preface(title, author)}<div id="chapters" class="userstuff">{body}</div>{ao3_afterword()}'
        "</body></html>",
        encoding="utf-8",
    )
    return path


def xhtml(title: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        f"<head><title>{html.escape(title)}</title></head><body>{body}</body></html>"
    )


def epub(
    path: Path,
    title: str,
    author: str,
    documents: list[tuple[str, str]],
    version: str = "3.0",
    spine: list[str] | None = None,
    series: tuple[str, str] | None = None,
    description: str = SUMMARY,
    cover: bytes | None = None,
) -> Path:
    """An EPUB of (file name, XHTML) documents, in the spine order given (the manifest lists them
    in reverse, so that a reader taking manifest order gets it wrong)."""
    order = spine or [name for name, _ in documents]
    ids = {name: f"item{i}" for i, (name, _) in enumerate(documents)}
    manifest = "".join(
        f'<item id="{ids[name]}" href="Text/{name}" media-type="application/xhtml+xml"/>'
        for name, _ in reversed(documents)
    )
    manifest += '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
    if cover is not None:
        manifest += (
            '<item id="cover" href="Images/cover.png" media-type="image/png" properties="cover-image"/>'
        )
    itemrefs = '<itemref idref="nav" linear="no"/>' + "".join(f'<itemref idref="{ids[n]}"/>' for n in order)
    meta = ""
    if series is not None:
        meta = (
            f'<meta name="calibre:series" content="{series[0]}"/>'
            f'<meta name="calibre:series_index" content="{series[1]}"/>'
        )
    opf = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<package xmlns="http://www.idpf.org/2007/opf" version="{version}" '
        'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{html.escape(title)}</dc:title><dc:creator>{author}</dc:creator>"
        f"<dc:description>&lt;p&gt;{html.escape(description)}&lt;/p&gt;</dc:description>"
        f'<dc:identifier id="id">x</dc:identifier><dc:language>en</dc:language>{meta}</metadata>'
        f"<manifest>{manifest}</manifest><spine>{itemrefs}</spine></package>"
    )
    nav = xhtml("Contents", '<nav epub:type="toc"><h1>Contents</h1><ol><li>One</li></ol></nav>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
            '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        z.writestr("OEBPS/content.opf", opf)
        z.writestr("OEBPS/nav.xhtml", nav)
        for name, document in documents:
            z.writestr(f"OEBPS/Text/{name}", document)
        if cover is not None:
            z.writestr("OEBPS/Images/cover.png", cover)
    return path


def ao3_epub(path: Path, title: str, chapters: Chapters, author: str = "Writer") -> Path:
    """AO3's EPUB: a preface page, one page per chapter, an afterword."""
    docs = [("preface.xhtml", xhtml(title, ao3_preface(title, author)))]
    for n, (t, ps) in enumerate(chapters, 1):
        docs.append((f"chapter{n}.xhtml", xhtml(t, ao3_chapter_blocks(n, t, ps))))
    docs.append(("afterword.xhtml", xhtml("Afterword", ao3_afterword())))
    return epub(path, title, author, docs)


def fff_epub(path: Path, title: str, chapters: Chapters, author: str = "Writer") -> Path:
    """FanFicFare's EPUB: title page, table of contents, chapter pages with `fff_chapter_title`
    headings and chapter notes, and an update log."""
    titlepage = xhtml(
        title,
        f"<h3>{title} by {author}</h3><div><b>Status:</b> In-Progress<br/><b>Published:</b> 2024-01-01<br/>"
        f"<b>Summary:</b> {SUMMARY}<br/><b>Tags:</b> {', '.join(TAGS)}</div>",
    )
    toc = xhtml(
        "Table of Contents", "<h3>Table of Contents</h3>" + "".join(f"<p>{t}</p>" for t, _ in chapters)
    )
    docs = [("title_page.xhtml", titlepage), ("toc_page.xhtml", toc)]
    for n, (t, ps) in enumerate(chapters, 1):
        body = (
            f'<h3 class="fff_chapter_title">{html.escape(t)}</h3>'
            f'<div class="fff_chapter_notes"><b>Author\'s Note:</b> Notes for chapter {n}.</div>'
            f"{_paragraphs(ps)}"
        )
        docs.append((f"file{n:04d}.xhtml", xhtml(t, body)))
    docs.append(("log_page.xhtml", xhtml("Update Log", "<h3>Update Log</h3><p>2024-01-01: Chapter 1</p>")))
    return epub(path, title, author, docs, series=("My Series", "2"), cover=COVER)


def fff_html(path: Path, title: str, chapters: Chapters, author: str = "Writer") -> Path:
    """FanFicFare's HTML: a title block with labels, then `h2` chapter headings."""
    parts = [
        f"<html><head><title>{title} by {author}</title></head><body>",
        f"<h1>{title} by {author}</h1><div><b>Status:</b> Completed<br/><b>Summary:</b> {SUMMARY}<br/></div>",
    ]
    for t, ps in chapters:
        parts.append(f"<h2>{html.escape(t)}</h2>{_paragraphs(ps)}")
    parts.append("</body></html>")
    path.write_text("".join(parts), encoding="utf-8")
    return path


def fff_txt(path: Path, title: str, chapters: Chapters, author: str = "Writer") -> Path:
    """FanFicFare's TXT: a `label: value` title page, `TABLE OF CONTENTS` with indented titles,
    each chapter under its title, `End file.`"""
    head = f"Title: {title}\nAuthor: {author}\nStatus: In-Progress\nSummary: {SUMMARY}\n\n\n"
    head += "TABLE OF CONTENTS\n\n"
    toc = "".join(f"\t{t}\n" for t, _ in chapters)
    body = "".join(f"\n\n{t}\n\n" + "\n\n".join(ps) + "\n" for t, ps in chapters)
    path.write_text(head + toc + body + "\n\nEnd file.\n", encoding="utf-8")
    return path


def sample_paragraphs(sample: Path) -> tuple[str, list[str]]:
    """The sample chapter's heading and paragraphs, `BREAK` where a scene ends."""
    from audiobook.read import read_chapter

    chapter = read_chapter(sample)
    out: list[str] = []
    scene = 0
    for para in chapter.paragraphs[1:]:
        if para.role == "break":
            continue
        if para.scene != scene:
            out.append(BREAK)
            scene = para.scene
        out.append(" ".join(chapter.text[para.start : para.end].split()))
    return chapter.heading, out
