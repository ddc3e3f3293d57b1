"""Plain text (`.txt`, `.md`): one chapter, or a one-file serial split into its chapters.

A file whose paragraphs are single lines with no blank lines between them (copied and converted
fan fiction) gets a blank line after each line, decided from the file's own lines; a one-file
serial (FanFicFare's TXT with its title page and table of contents, or a file of `Chapter N`
headings) is split at its chapter headings, its title page read for the book's labels.
"""

from __future__ import annotations

import regex

_TERMINAL = tuple(".!?\"”’'…:;)*~_-—–]")
_FFF_LABEL = regex.compile(r"^(?P<label>[A-Z][\w ]{1,25}):\s*(?P<value>.*)$")
_TOC = regex.compile(r"^\s*(?i:table\s+of\s+contents)\s*$")
_HEADING = regex.compile(
    r"^\s*#*\s*(?i:chapter|ch\.)\s+(?P<num>\d+|[IVXLCDM]+|[a-z]+)\b[^\n]{0,80}$", regex.MULTILINE
)
_END_FILE = regex.compile(r"\n\s*(?i:end\s+file\.?)\s*$")
LINE_PARAGRAPH_SHARE = 0.6
"""Lines ending a sentence (or a quote) a file needs, with almost no blank lines, for each line to
be a paragraph; hard-wrapped text breaks lines mid-sentence."""


def one_line_paragraphs(text: str) -> bool:
    """Whether each line of the file is a paragraph: at least 4 lines, blank lines between fewer
    than one line in ten, and most lines ending a sentence."""
    lines = text.splitlines()
    full = [line.rstrip() for line in lines if line.strip()]
    blanks = len(lines) - len(full)
    if len(full) < 4 or blanks * 10 > len(full):
        return False
    return sum(line.endswith(_TERMINAL) for line in full) >= LINE_PARAGRAPH_SHARE * len(full)


def as_paragraphs(text: str) -> str:
    """The text with a blank line after every line (two where it had one: a scene break)."""
    out: list[str] = []
    blank = False
    for line in text.splitlines():
        if not line.strip():
            blank = True
            continue
        if out:
            out.append("\n\n\n" if blank else "\n\n")
        out.append(line.strip())
        blank = False
    return "".join(out) + "\n"


def split_serial(text: str) -> tuple[dict[str, str], list[str]]:
    """A one-file serial's labels (`Title`, `Author`, `Summary`) and chapter texts; one chapter
    (the whole text) when the file is not a serial."""
    text = _END_FILE.sub("\n", text)
    labels: dict[str, str] = {}
    toc = next((m for m in regex.finditer(r"^.*$", text, regex.MULTILINE) if _TOC.match(m.group())), None)
    if toc is not None:
        for line in text[: toc.start()].splitlines():
            found = _FFF_LABEL.match(line.strip())
            if found:
                labels.setdefault(found.group("label").lower(), found.group("value").strip())
        titles, body = _toc_titles(text[toc.end() :])
        chapters = _split_at(body, titles)
        if len(chapters) >= 1:
            return labels, chapters
    starts = [m for m in _HEADING.finditer(text) if _alone(text, m.start(), m.end())]
    if len(starts) < 2:
        return labels, [text]
    before = text[: starts[0].start()]
    for line in before.splitlines():
        found = _FFF_LABEL.match(line.strip())
        if found:
            labels.setdefault(found.group("label").lower(), found.group("value").strip())
    bounds = [m.start() for m in starts] + [len(text)]
    return labels, [text[a:b].strip() + "\n" for a, b in zip(bounds, bounds[1:], strict=False)]


def _alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a paragraph of its own (a blank line or the file's edge on each
    side)."""
    before = text[:start].rstrip(" \t")
    after = text[end:].lstrip(" \t")
    return (not before or before.endswith("\n\n") or before.endswith("\n")) and (
        not after.strip() or after.startswith("\n")
    )


def _toc_titles(rest: str) -> tuple[list[str], str]:
    """The indented chapter titles after `TABLE OF CONTENTS`, and the text after them."""
    titles: list[str] = []
    position = 0
    for match in regex.finditer(r"^.*(?:\n|$)", rest, regex.MULTILINE):
        line = match.group()
        if not line:
            break
        if not line.strip():
            continue
        if line[:1] not in "\t ":
            break
        titles.append(line.strip())
        position = match.end()
    return titles, rest[position:]


def _split_at(body: str, titles: list[str]) -> list[str]:
    """The body cut where each title stands alone on a line, in order."""
    cuts: list[int] = []
    position = 0
    for title in titles:
        found = regex.search(rf"^[ \t]*{regex.escape(title)}[ \t]*$", body[position:], regex.MULTILINE)
        if found is None:
            continue
        cuts.append(position + found.start())
        position += found.end()
    if not cuts:
        return [body] if body.strip() else []
    bounds = [*cuts, len(body)]
    return [body[a:b].strip() + "\n" for a, b in zip(bounds, bounds[1:], strict=False) if body[a:b].strip()]
