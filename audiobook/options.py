"""What a render is asked to do: the options every stage of it reads."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from audiobook.analysis.attribution.cast import Character
from audiobook.config import Config


@dataclass(frozen=True)
class RenderOptions:
    """What a render writes and how."""

    output_dir: Path = Path("output")
    """Folder for the chapter MP3, its manifest and the `scenes/` subfolder."""
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Worker processes for synthesis."""
    book: str | None = None
    """Album tag; overrides the config's `[book] title`, which defaults to the chapter's folder name."""
    author: str | None = None
    """Artist tag; overrides the config's `[book] author`."""
    bitrate: str = "64k"
    """MP3 bitrate."""
    config: Config = field(default_factory=Config)
    """The project config."""
    cast: tuple[Character, ...] = ()
    """Characters from `--cast FILE`, used after the config's."""
    script: Path | None = None
    """An edited script whose speakers replace the attributed ones."""
    progress: bool = True
    """Show a progress bar on a terminal."""
    keep_going: bool = False
    """Read a line the engine fails on in the narrator's voice (with a warning) instead of stopping."""
    warn: Callable[[str], None] = field(default=lambda message: None)
    """Where warnings go."""
    force: bool = False
    """Render even when the output is already up to date."""
    scheduler: str | None = None
    """A Dask scheduler address: synthesize on that cluster instead of local processes."""
    encoding: str = "mp3"
    """`mp3`: scene MP3s and the chapter MP3; `aac`: scene pieces for the book's M4B (see writer)."""
    scenes: str = "scenes"
    """The folder of scene files: `scenes`, or `.scenes` to keep them out of sight."""
