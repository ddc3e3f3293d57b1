"""HTML (AO3 and FanFicFare downloads, plain chapters, EPUB documents) into chapter texts.

The standard library's `html.parser` builds a small tree (it never fails on broken markup); the
tree is then written out as the plain text the rest of the pipeline reads: a heading line,
paragraphs between blank lines, `* * *` for a scene break, `*italics*` (so that an italic
sentence is a thought), and author's notes as labelled note blocks (`Chapter Notes` ...
`Chapter Text`, `End Notes`), which are left out of the audio unless notes are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import regex

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SKIP = frozenset("script style head title noscript svg math sup nav iframe object button form".split())
_BLOCK = frozenset(
    """p div blockquote section article main header footer aside h1 h2 h3 h4 h5 h6 li ul ol dl dt dd
    table tr td th pre figure figcaption center body html address""".split()
)
_HEADINGS = ("h1", "h2", "h3")
_SPACE = regex.compile(r"\s+")
_SEPARATOR_TEXT = "* * *"


@dataclass
class Node:
    """An element of the page: its tag, attributes and children (nodes or text)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        """The element's classes."""
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        """All text inside, whitespace collapsed."""
        return " ".join(_raw_text(self).split())

    def find(self, test: object) -> list[Node]:
        """Every element below this one (in document order) for which `test(node)` holds."""
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if test(child):  # type: ignore[operator]
                    found.append(child)
                found.extend(child.find(test))
        return found


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag.lower(), {k.lower(): v or "" for k, v in attrs})
        if node.tag == "p" and self.stack[-1].tag == "p":
            self.stack.pop()  # `<p>` ends an open `<p>`
        self.stack[-1].children.append(node)
        if node.tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag.lower(), {k.lower(): v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(markup: str) -> Node:
    """The page as a tree; broken markup gives a tree too."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


def page_title(root: Node) -> str:
    """The text of the page's `<title>`."""
    titles = root.find(lambda n: n.tag == "title")
    return titles[0].text() if titles else ""


@dataclass
class Writer:
    """Writes a tree out as paragraphs of plain text."""

    paragraphs: list[str] = field(default_factory=list)
    """The text so far, one paragraph a string."""
    line: list[str] = field(default_factory=list)
    """Pieces of the paragraph being written."""
    skip: set[int] = field(default_factory=set)
    """Nodes (by `id`) written elsewhere, such as a chapter's notes."""

    def end(self) -> None:
        """Close the paragraph being written."""
        text = " ".join("".join(self.line).split())
        if text:
            self.paragraphs.append(text)
        self.line = []

    def add(self, paragraph: str) -> None:
        """A whole paragraph of its own."""
        self.end()
        if paragraph.strip():
            self.paragraphs.append(" ".join(paragraph.split()))

    def write(self, node: Node | str) -> None:
        """Write a node and everything inside it."""
        if isinstance(node, str):
            self.line.append(node)
            return
        if node.tag in _SKIP or _is_footnote(node) or id(node) in self.skip:
            return
        if node.tag == "br":
            self.end()
        elif node.tag == "hr":
            self.add(_SEPARATOR_TEXT)
        elif node.tag in ("em", "i", "cite") and (inner := node.text()) and "*" not in inner:
            raw = _raw_text(node)
            lead = " " if raw[:1].isspace() else ""
            tail = " " if raw[-1:].isspace() else ""
            self.line.append(f"{lead}*{inner}*{tail}")
        elif node.tag in _BLOCK:
            self.end()
            for child in node.children:
                self.write(child)
            self.end()
        else:
            for child in node.children:
                self.write(child)


def _raw_text(node: Node) -> str:
    """The text inside a node as written, spaces kept."""
    return "".join(c if isinstance(c, str) else _raw_text(c) for c in node.children)


def _is_footnote(node: Node) -> bool:
    """A footnote or a link to one: never read in the middle of the text."""
    kind = node.attrs.get("epub:type", "") + " " + node.attrs.get("role", "")
    return "footnote" in kind or "noteref" in kind or "endnote" in kind or bool(node.classes & {"footnote"})


def body_paragraphs(node: Node, skip: list[Node] | None = None) -> list[str]:
    """The paragraphs of a piece of a page, leaving out the nodes in `skip`."""
    writer = Writer(skip={id(n) for n in skip or ()})
    writer.write(node)
    writer.end()
    return writer.paragraphs


def heading_of(node: Node) -> Node | None:
    """The first heading in a piece of a page (`h1`-`h3`, or FanFicFare's chapter title)."""
    found = node.find(lambda n: n.tag in _HEADINGS or "fff_chapter_title" in n.classes)
    return found[0] if found else None
