"""Which parts of a downloaded page are the story: AO3's and FanFicFare's layouts, or any page.

A page becomes a `Page`: its title, author, summary and chapters, each chapter the plain text the
pipeline reads (heading, paragraphs, notes in labelled blocks). Front matter (title page, tag
lists, statistics, `Please drop by the Archive and comment`) is never part of a chapter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from audiobook.read.html import Node, body_paragraphs, heading_of, page_title

_LABEL = regex.compile(r"^\s*(?P<label>[\p{L} ]{2,30}?)\s*:\s*(?P<value>.*)$")
_BY = regex.compile(r"^(?P<title>.+?)\s+by\s+(?P<author>.+?)$")


@dataclass
class BookInfo:
    """What a file says about its book."""

    title: str = ""
    author: str = ""
    series: str = ""
    series_index: str = ""
    """The book's place in its series (`2`)."""
    summary: str = ""
    """The work's summary: the book's description, never read aloud."""
    cover: tuple[str, bytes] | None = None
    """The cover image (file suffix, bytes), if the file holds one."""


@dataclass
class Page:
    """A page (or a whole EPUB) read as a story."""

    info: BookInfo = field(default_factory=BookInfo)
    chapters: list[str] = field(default_factory=list)
    """Each chapter's text: heading line, then paragraphs between blank lines."""


def read_page(root: Node, fallback_title: str = "") -> Page:
    """The story in a page: AO3's layout, FanFicFare's, else headings split chapters."""
    ids = {n.attrs["id"] for n in root.find(lambda n: "id" in n.attrs)}
    if "chapters" in ids or "preface" in ids:
        return _ao3(root, fallback_title)
    return _plain(root, fallback_title)


def chapter_text(
    heading: str, paragraphs: list[str], before: list[str] | None = None, after: list[str] | None = None
) -> str:
    """A chapter as text: the heading, its notes as a `Chapter Notes` block ending in `Chapter
    Text`, the story, and its end notes after `Chapter End Notes`."""
    parts = [heading] if heading else []
    if before:
        parts += ["Chapter Notes", *before, "Chapter Text"]
    parts += paragraphs
    if after:
        parts += ["Chapter End Notes", *after]
    return "\n\n".join(parts) + "\n"


@dataclass
class _Chapter:
    heading: str
    before: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)

    def written(self) -> str:
        return chapter_text(self.heading, self.text, self.before, self.after)


def _by_id(root: Node, ident: str) -> Node | None:
    found = root.find(lambda n: n.attrs.get("id") == ident)
    return found[0] if found else None


def _ao3(root: Node, fallback_title: str) -> Page:
    """AO3's download: a preface (title, byline, tags, summary, notes), the chapters (each a
    `div.meta` with heading and notes, a `div.userstuff` with the text, maybe end notes), and an
    afterword (end notes, `Please drop by the Archive and comment`)."""
    page = Page()
    preface = _by_id(root, "preface")
    work_notes: list[str] = []
    if preface is not None:
        headings = preface.find(lambda n: n.tag in ("h1", "h2"))
        page.info.title = headings[0].text() if headings else ""
        page.info.author = ", ".join(a.text() for a in preface.find(lambda n: n.attrs.get("rel") == "author"))
        page.info.summary = " ".join(_labelled_block(preface, "summary"))
        work_notes = _labelled_block(preface, "notes")
        series = preface.find(lambda n: n.tag == "dd" and "series" in n.classes)
        page.info.series = series[0].text() if series else ""
    page.info.title = page.info.title or page_title(root).split(" - ")[0] or fallback_title
    holder = _by_id(root, "chapters") or root
    chapters: list[_Chapter] = []
    for child in [c for c in holder.children if isinstance(c, Node)]:
        heading = heading_of(child) if "meta" in child.classes else None
        if heading is not None:
            notes = _labelled_block(child, "chapter summary") + _labelled_block(child, "chapter notes")
            chapters.append(_Chapter(heading.text(), notes))
        elif "meta" in child.classes and chapters:
            chapters[-1].after += _labelled_block(child, "chapter end notes") or body_paragraphs(child)
        elif "userstuff" in child.classes or child.tag in ("p", "div"):
            if not chapters:
                chapters.append(_Chapter(page.info.title))
            chapters[-1].text += [p for p in body_paragraphs(child) if p.lower() != "chapter text"]
    if not chapters and "userstuff" in holder.classes:
        # A one-chapter work: the text right inside `div#chapters`.
        chapters.append(_Chapter(page.info.title, text=body_paragraphs(holder)))
    if chapters:
        chapters[0].before = work_notes + chapters[0].before
        afterword = _by_id(root, "afterword")
        if afterword is not None:
            chapters[-1].after += _labelled_block(afterword, "end notes")
    page.chapters = [c.written() for c in chapters]
    return page


def _labelled_block(node: Node, label: str) -> list[str]:
    """The paragraphs of the block after a label (`<p>Chapter Notes</p><blockquote>...`)."""
    out: list[str] = []
    children = [c for c in node.find(lambda n: True)]
    for index, child in enumerate(children):
        named = child.tag in ("p", "h3", "h4", "dt", "b", "strong")
        if named and child.text().rstrip(":").strip().lower() == label:
            for after in children[index + 1 :]:
                if after.tag == "blockquote" or "userstuff" in after.classes:
                    out += body_paragraphs(after)
                    break
            break
    return out


def _plain(root: Node, fallback_title: str) -> Page:
    """Any other page (FanFicFare's HTML, a saved chapter): the headings of the level that repeats
    split chapters; what comes before the first is a title page, read for its labels
    (`Title:`, `Author:`, `Summary:`), not as story."""
    page = Page(BookInfo(title=page_title(root)))
    by = _BY.match(page.info.title)
    if by is not None:
        page.info.title, page.info.author = by.group("title"), by.group("author")
    body = (root.find(lambda n: n.tag == "body") or [root])[0]
    level = _chapter_level(body)
    if level is None:
        heading = heading_of(body)
        title = heading.text() if heading is not None else (page.info.title or fallback_title)
        paragraphs = body_paragraphs(body)
        if heading is not None and paragraphs and paragraphs[0] == title:
            paragraphs = paragraphs[1:]
        if paragraphs:  # a page with no text is no chapter
            page.chapters.append(chapter_text(title, paragraphs))
        page.info.title = page.info.title or fallback_title
        return page
    chunks: list[tuple[str, list[Node | str]]] = [("", [])]
    for item in _flatten_at(body, level):
        if isinstance(item, Node) and _is_level(item, level):
            chunks.append((item.text(), []))
        else:
            chunks[-1][1].append(item)
    front = Node("div", children=chunks[0][1])
    for line in body_paragraphs(front):
        found = _LABEL.match(line)
        if found and found.group("label").lower() == "summary":
            page.info.summary = found.group("value")
        elif found and found.group("label").lower() == "author" and not page.info.author:
            page.info.author = found.group("value")
        elif found and found.group("label").lower() == "title" and not page.info.title:
            page.info.title = found.group("value")
    for title, items in chunks[1:]:
        container = Node("div", children=items)
        notes = container.find(lambda n: "fff_chapter_notes" in n.classes)
        before = [p for note in notes for p in body_paragraphs(note)]
        page.chapters.append(chapter_text(title, body_paragraphs(container, skip=notes), before))
    page.info.title = page.info.title or fallback_title
    return page


def _is_level(node: Node, level: str) -> bool:
    return node.tag == level or (level == "fff" and "fff_chapter_title" in node.classes)


def _chapter_level(body: Node) -> str | None:
    """The heading that splits chapters: FanFicFare's chapter titles, else the highest of `h1`-`h3`
    written at least twice."""
    counts = {"h1": 0, "h2": 0, "h3": 0, "fff": 0}
    for node in body.find(lambda n: n.tag in counts or "fff_chapter_title" in n.classes):
        counts["fff" if "fff_chapter_title" in node.classes else node.tag] += 1
    if counts["fff"]:
        return "fff"
    return next((tag for tag in ("h1", "h2", "h3") if counts[tag] >= 2), None)


def _flatten_at(node: Node, level: str) -> list[Node | str]:
    """The node's contents in order, opened up around the chapter headings inside it, so that
    every heading stands at the top level between the pieces of text it separates."""
    out: list[Node | str] = []
    for child in node.children:
        if isinstance(child, Node) and not _is_level(child, level) and _holds(child, level):
            out += _flatten_at(child, level)
        else:
            out.append(child)
    return out


def _holds(node: Node, level: str) -> bool:
    """Whether a chapter heading stands somewhere inside the node."""
    return bool(node.find(lambda n: _is_level(n, level)))
