"""Where a book's files go: one folder per copy of the book (a second format outside the library
layout, behind an .ignore file), scene folders hidden from servers, stale chapters removed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from audiobook.errors import AudiobookError
from audiobook.publish.export import safe_name, write_text
from audiobook.publish.writer import SCENE_FOLDERS

FORMATS = ("mp3", "m4b")
"""What a book is written as: a file per chapter, or one M4B with a marker per chapter."""


@dataclass(frozen=True)
class Copy:
    """One copy of the book's audio: its format and folder."""

    format: str
    folder: Path


def book_dir(root: Path, title: str, author: str | None) -> Path:
    """A book's folder in a library at ROOT: ROOT/Author/Title, as audiobook servers expect, or
    ROOT/Title when no author is known."""
    return root / (safe_name(author) if author else "") / safe_name(title, "Audiobook")


def parse_formats(asked: str) -> list[str]:
    """`mp3`, `m4b` or both (`mp3,m4b`), as a command gives them; an error for anything else."""
    formats = [f.strip().lower() for f in asked.split(",") if f.strip()]
    if not formats or any(f not in FORMATS for f in formats):
        raise AudiobookError(f"unknown --format '{asked}'; use mp3, m4b or both: mp3,m4b")
    return formats


def copies(root: Path, folder: Path, formats: Sequence[str]) -> list[Copy]:
    """The first format in the book's folder; each other in ROOT/FORMAT/Author/Title, whose top
    folder holds an `.ignore` file, so that a library scanning ROOT holds the book once."""
    order = parse_formats(",".join(dict.fromkeys(formats)))
    return [Copy(order[0], folder)] + [Copy(f, root / f / folder.relative_to(root)) for f in order[1:]]


def mark_ignored(top: Path) -> None:
    """An `.ignore` file in ROOT/FORMAT: a library scanning ROOT lists the book once."""
    if not (top / ".ignore").is_file():
        write_text("A second copy of books in another format; not books of their own.\n", top / ".ignore")


def remove_stale(folder: Path, stems: set[str]) -> None:
    """Delete chapters this tool wrote that are no longer in the book (renumbered or removed), so
    that a player does not list them. Called only when every chapter of the book is in place."""
    for manifest in folder.glob("*.json"):
        if manifest.stem in stems:
            continue
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or "render_key" not in data:
            continue  # not ours
        for scene in data.get("scenes", []):
            (folder / str(scene.get("file", ""))).unlink(missing_ok=True)
        for suffix in (".mp3", ".srt", ".vtt", ".json"):
            manifest.with_suffix(suffix).unlink(missing_ok=True)
    for name in SCENE_FOLDERS:
        for scene_dir in (folder / name).glob("*/"):
            if scene_dir.is_dir() and not any(scene_dir.iterdir()):
                scene_dir.rmdir()


def mark_scenes(folder: Path, name: str = "scenes") -> None:
    """Audiobookshelf skips a folder that holds an `.ignore` file: scenes are not chapters."""
    marker = folder / name / ".ignore"
    if not marker.is_file():
        write_text("Scene files of the chapters; not chapters of their own.\n", marker)
