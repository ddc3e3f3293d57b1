"""Read a chapter file: decode it, find its title, paragraphs and scenes."""

from __future__ import annotations

import codecs
import warnings
from dataclasses import dataclass
from pathlib import Path

import regex

from audiobook.errors import AudiobookError, InputWarning

# A blank line is a line with only spaces or tabs; line ends may be \n, \r\n or \r.
_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_SEPARATOR = regex.compile(
    r"""^(?!.*["“”„«»'‘’])\W*(?:                      # a quoted line is speech, never a break
        (?:[*~#=_+•·§\-–—]\s*){3,}        # ***  * * *  ---  ~~~  ###  ===  ___
      | §
      | (?:o0+o|0o+0|oO+o|O0+O|xX+x|Xx+X|o+|x+)(?:[\s\-~]*(?:o0+o|0o+0|oO+o|xX+x|Xx+X|x|o))*
      | [oO0]{3,} | [xX]{3,}                              # OoOoO  XxXxX
      | (?:[^\p{L}\p{N}\s"“”„«»'‘’]\s*){3,}             # ♦♦♦  <><>  . . .  (no quote marks)
    )\W*$""",
    regex.VERBOSE,
)
# `A/N`, `AN:` (upper case only: "An" starts ordinary sentences), `Author's Note`, `Disclaimer`, and
# the labels of AO3's and FanFicFare's note blocks at the start of a paragraph (`Summary:`, `Notes:`,
# `Chapter Notes`, `(See the end of the chapter for more notes)`, `Chapter Text`).
_NOTE = regex.compile(
    r"^\W{0,3}(?:(?i:A/N)\b|AN\s*:|(?i:Author'?s?\s+Notes?|Disclaimer|Note\s+from\s+the\s+author)\b"
    r"|(?:Summary|Notes|End\s+Notes)\s*:|(?i:chapter\s+(?:end\s+)?(?:notes|summary|text)\b)"
    r"|(?i:\(?see\s+the\s+end\s+of\s+the\s+(?:chapter|work)\s+for\s+more\s+notes))"
)
_NOTE_LABEL = regex.compile(
    r"^\W{0,3}(?i:(?:(?:chapter\s+)?(?:end\s+)?(?:notes?|summary))|author'?s?\s+notes?|a/n)\s*:?\W{0,3}$"
)
"""A paragraph that is only a note block's label (`Notes:`, `Chapter Notes`, `Author's Notes:`): the
paragraphs under it are the note."""
_END_LABEL = regex.compile(r"^\W{0,3}(?i:(?:chapter\s+)?end\s+notes?)\s*:?\W{0,3}$")
"""`End Notes`, `Chapter End Notes`: everything after it in the chapter is the note."""
_STORY_START = regex.compile(r"^\W{0,3}(?i:chapter\s+text)\W{0,3}$")
"""`Chapter Text`: where AO3's story starts after the chapter's notes."""
_POV = regex.compile(
    r"^\W{0,3}(?P<name>\p{Lu}[\p{L}'’\-]*(?:\s+\p{Lu}[\p{L}'’\-]*){0,2}?)(?:['’]s)?\s+"
    r"(?i:POV|P\.O\.V\.?|point\s+of\s+view)\W{0,3}$"
)
"""A line naming whose eyes (and `I`) the scene after it is told through: `Naruto's POV`,
`~Sakura POV~`, `*Sasuke's point of view*`."""
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_HEADING = regex.compile(
    r"""^\s*\#*\s*(?:
        (?P<word>chapter|ch\.|part|book)\s+(?P<num>\d+|[IVXLCDM]+\b|[a-z]+)\s*[:.\-–—]*\s*(?P<rest>.*)
      | (?P<num2>\d+)\s*[:.\-–—]+\s*(?P<rest2>.+)
      | (?P<plain>.+)
    )$""",
    regex.VERBOSE | regex.IGNORECASE,
)


@dataclass(frozen=True)
class Paragraph:
    """A block of non-blank lines, as a span of the chapter text."""

    start: int
    """Offset of its first non-space character."""
    end: int
    """Offset just past its last non-space character."""
    scene: int
    """Index of the scene it belongs to (0-based)."""
    role: str = "body"
    """`title`, `body`, `break` (a scene separator line), `note` (an author's note) or `pov` (a
    line naming whose point of view the scene after it is told from)."""


@dataclass(frozen=True)
class Chapter:
    """A decoded chapter with its structure; all offsets refer to `text`."""

    path: Path
    """The file it was read from."""
    text: str
    """The decoded text, line ends kept as they were."""
    title: str
    """The chapter title without its number, for file names and tags."""
    number: int | None
    """The chapter number from the heading, when it has one."""
    heading: str
    """The heading line as spoken at the start of the chapter."""
    paragraphs: tuple[Paragraph, ...]
    """Every paragraph in order, the heading (if any) first."""

    @property
    def scene_count(self) -> int:
        """How many scenes the chapter has."""
        return 1 + max((p.scene for p in self.paragraphs), default=0)


def decode(data: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252; a binary file is refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif data.startswith(_BINARY) or len(_CONTROL_BYTES.findall(data[:4096])) > _BINARY_SHARE * len(
        data[:4096]
    ):
        raise AudiobookError(f"{path} looks like a binary file, not text; give a .txt or .md chapter")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise AudiobookError(f"{path} has no text; give a chapter with at least one line")
    return text


def clean(text: str, path: Path) -> str:
    """The text without control characters and terminal escape codes, which no reader of any
    kind passes on (a `&#7;` in HTML included); a warning says how many were dropped."""
    cleaned = _CONTROL.sub("", text)
    if len(cleaned) != len(text):
        message = f"{path}: dropped {len(text) - len(cleaned)} control character(s) from the text"
        warnings.warn(message, InputWarning, stacklevel=2)
    return cleaned


_BINARY = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",
    b"\x7fELF",
    b"RIFF",
    b"ID3",
    b"\x1f\x8b",
)
"""How image, PDF, archive, program and audio files start."""
_CONTROL_BYTES = regex.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_BINARY_SHARE = 0.05
"""A file whose start is more than this share control bytes is binary (random bytes are about
11%); a few stray ones in a text (a NUL, a bell) are dropped."""
_CONTROL = regex.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x08\x0b\x0e-\x1f\x7f]")
"""Terminal escape codes (`ESC [31m`) and control characters other than tab, line ends and form
feed."""


def pov_name(line: str) -> str | None:
    """The character a point-of-view line names (`Naruto` of `~Naruto's POV~`), else None."""
    found = _POV.match(line.strip())
    return regex.sub(r"['’]s$", "", found.group("name")) if found is not None else None


def parse_chapter(text: str, path: Path) -> Chapter:
    """Find the heading, paragraphs and scene breaks of decoded text."""
    blocks = _blocks(text)
    paragraphs: list[Paragraph] = []
    scene = 0
    heading, title, number = "", path.stem, None
    first = blocks[0]
    parsed = _parse_heading(text[first[0] : first[1]]) if first[2] == 0 else None
    if parsed is not None:
        heading, title, number = parsed
        paragraphs.append(Paragraph(first[0], first[1], 0, "title"))
        blocks = blocks[1:]
    body_seen = False  # whether the current scene has a body paragraph yet
    notes = _notes([text[start:end] for start, end, _ in blocks])
    for index, (start, end, blank_lines_before) in enumerate(blocks):
        line = text[start:end]
        if _SEPARATOR.match(line) and "\n" not in line:
            paragraphs.append(Paragraph(start, end, scene, "break"))
            if body_seen:
                scene, body_seen = scene + 1, False
            continue
        if blank_lines_before >= 2 and body_seen and index > 0:
            scene, body_seen = scene + 1, False
        role = "note" if notes[index] else "pov" if _POV.match(line) else "body"
        if role == "pov" and body_seen:
            # A change of point of view starts a scene.
            scene, body_seen = scene + 1, False
        paragraphs.append(Paragraph(start, end, scene, role))
        body_seen = body_seen or role == "body"
    paragraphs = _drop_empty_scenes(paragraphs)
    return Chapter(path, text, title, number, heading, tuple(paragraphs))


def _notes(paragraphs: list[str]) -> list[bool]:
    """Which paragraphs are author's notes: one that opens with a note's label, and the ones under
    a paragraph that is only a label: up to `Chapter Text` when the chapter has it (AO3), to the
    end after `End Notes`, else the one paragraph after it (`Author's Notes:` then the note)."""
    notes = [bool(_NOTE.match(p)) for p in paragraphs]
    story_starts = [i for i, p in enumerate(paragraphs) if _STORY_START.match(p)]
    for i, paragraph in enumerate(paragraphs):
        if not _NOTE_LABEL.match(paragraph):
            continue
        notes[i] = True
        if _END_LABEL.match(paragraph):
            stop = len(paragraphs)
        else:
            stop = next((s for s in story_starts if s > i), i + 2)
        for j in range(i + 1, min(stop, len(paragraphs))):
            notes[j] = notes[j] or not _SEPARATOR.match(paragraphs[j])
    return notes


def _blocks(text: str) -> list[tuple[int, int, int]]:
    """Spans of runs of non-blank lines, with the number of blank lines before each."""
    blocks: list[tuple[int, int, int]] = []
    start = end = -1
    blanks = 0
    for match in _LINE.finditer(text):
        line = match.group()
        if not line:
            break
        stripped = line.strip()
        if not stripped:
            if start >= 0:
                blocks.append((start, end, blanks))
                start, blanks = -1, 0
            blanks += 1
            continue
        lead = len(line) - len(line.lstrip())
        if start < 0:
            start = match.start() + lead
        end = match.start() + len(line.rstrip())
    if start >= 0:
        blocks.append((start, end, blanks))
    return blocks


def _drop_empty_scenes(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Renumber scenes so that they count from 0 without gaps."""
    numbers = {s: i for i, s in enumerate(sorted({p.scene for p in paragraphs}))}
    return [Paragraph(p.start, p.end, numbers[p.scene], p.role) for p in paragraphs]


def _parse_heading(line: str) -> tuple[str, str, int | None] | None:
    """(spoken heading, title, number) when the first line looks like a chapter heading."""
    line = line.strip()
    if "\n" in line or "\r" in line or len(line) > 100:
        return None
    match = _HEADING.match(line)
    if match is None:
        return None
    if match.group("word"):
        number = _to_number(match.group("num"))
        if number is None:
            return _plain_heading(line)
        word = match.group("word").rstrip(".").capitalize()
        word = "Chapter" if word == "Ch" else word
        rest = match.group("rest").strip()
        spoken = f"{word} {number}" + (f": {rest}" if rest else "")
        return spoken, rest or f"{word} {number}", number
    if match.group("num2"):
        rest = match.group("rest2").strip()
        number = int(match.group("num2"))
        return f"Chapter {number}: {rest}", rest, number
    return _plain_heading(line)


def _plain_heading(line: str) -> tuple[str, str, int | None] | None:
    """A first line with no number is a title when it is short and not a sentence."""
    title = line.lstrip("#").strip().strip("*_").strip()
    words = title.split()
    if not title or len(words) > 12 or title[-1] in ".,;\"'”’" or title[0] in "\"'“‘":
        return None
    return title, title, None


def _to_number(token: str) -> int | None:
    """An Arabic, Roman or English-word number (up to twenty), else None."""
    if token.isdigit():
        return int(token)
    if token.lower() in _NUMBER_WORDS:
        return _NUMBER_WORDS.index(token.lower())
    upper = token.upper()
    if all(c in _ROMAN for c in upper):
        total = 0
        for a, b in zip(upper, upper[1:] + " ", strict=True):
            value = _ROMAN[a]
            total += -value if b in _ROMAN and _ROMAN[b] > value else value
        return total
    return None
