"""The `audiobook` command line: thin commands over the library."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from .analysis import analyse
from .errors import AudiobookError
from .render import RenderOptions, render_chapter
from .script import script_json, script_text
from .voices import load_voices

app = typer.Typer(
    help="Turn story chapters into full-cast audiobooks.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

ChapterArg = Annotated[Path, typer.Argument(help="A chapter text file (.txt or .md).")]


def _fail(exc: AudiobookError) -> None:
    typer.echo(f"Error: {exc}", err=True)
    raise typer.Exit(code=1)


@app.command()
def render(
    chapter: ChapterArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")] = Path("output"),
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes.")] = os.cpu_count() or 1,
    book: Annotated[str | None, typer.Option(help="Book title (album tag).")] = None,
    author: Annotated[str, typer.Option(help="Author (artist tag).")] = "Unknown author",
) -> None:
    """Render a chapter to MP3. Example: audiobook render seeds/chapter-29-running-to-nowhere.txt"""
    try:
        result = render_chapter(chapter, RenderOptions(output, jobs, book, author))
    except AudiobookError as exc:
        _fail(exc)
    minutes = result.duration_ms / 60000
    typer.echo(f"{result.chapter_mp3} ({minutes:.1f} min, {len(result.scene_files)} scenes)")
    typer.echo(f"{result.manifest}")


@app.command()
def script(
    chapter: ChapterArg,
    format: Annotated[str, typer.Option("--format", "-f", help="json or text.")] = "text",
    explain: Annotated[bool, typer.Option(help="Show each line's rule and confidence.")] = False,
) -> None:
    """Print who says what, without synthesizing. Example: audiobook script ch.txt --format json"""
    if format not in ("json", "text"):
        _fail(AudiobookError(f"unknown --format '{format}'; use json or text"))
    try:
        analysis = analyse(chapter)
    except AudiobookError as exc:
        _fail(exc)
    if format == "json":
        typer.echo(json.dumps(script_json(analysis), indent=2, ensure_ascii=False))
    else:
        typer.echo(script_text(analysis, explain), nl=False)


@app.command()
def voices() -> None:
    """List the voice profiles. Example: audiobook voices"""
    try:
        profiles = load_voices()
    except AudiobookError as exc:
        _fail(exc)
    for p in profiles.values():
        typer.echo(
            f"{p.name:16} {p.gender:8} {p.engine}:{p.voice:22} {p.rate_wpm:3} wpm  "
            f"pitch {p.pitch:3}  {p.description}"
        )


if __name__ == "__main__":
    app()
