"""The commands that make audio: `render` a chapter or a book, `review` it in the browser."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from audiobook.audio.workers import stoppable
from audiobook.book import (
    book_folder,
    render_book,
)
from audiobook.commands.common import (
    CastOpt,
    ConfigOpt,
    fail,
    project_config,
)
from audiobook.config import load_cast_file
from audiobook.errors import AudiobookError, Stopped
from audiobook.options import RenderOptions
from audiobook.plan import book_names
from audiobook.publish.library import book_dir, parse_formats
from audiobook.read import read_book
from audiobook.read.chapter import Chapter
from audiobook.read.collect import collect_chapters, read_chapters
from audiobook.render import beside_script, render_chapter

_CORES = os.cpu_count() or 1
_STARTED = time.monotonic()
"""When the command started: the summary's wall time counts the whole run."""


ChaptersArg = Annotated[
    list[str], typer.Argument(help="A chapter file, or several, a folder of chapters, or a glob.")
]
OutputOpt = Annotated[Path, typer.Option("--output", "-o", help="Output folder.")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", help="Worker processes.")]
BookOpt = Annotated[str | None, typer.Option(help="Book title (album tag); overrides [book] title.")]
AuthorOpt = Annotated[str | None, typer.Option(help="Author (artist tag); overrides [book] author.")]
ScriptOpt = Annotated[
    Path | None,
    typer.Option(help="Edited script with corrected speakers; default: CHAPTER.script.txt if present."),
]
KeepGoingOpt = Annotated[
    bool, typer.Option(help="Read a line the engine fails on in the narrator's voice, with a warning.")
]
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="mp3 (a file per chapter), m4b (one file, a marker per chapter), or both: mp3,m4b "
        "(the second goes into OUTPUT/FORMAT/, out of the library's sight).",
    ),
]
ScenesOpt = Annotated[
    bool, typer.Option(help="Scene files in scenes/; --no-scenes keeps them out of sight in .scenes/.")
]
ForceOpt = Annotated[bool, typer.Option(help="Render chapters even when their output is up to date.")]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(help="Dask scheduler (tcp://HOST:8786) to synthesize on; needs audiobook[distributed]."),
]


def render(
    chapters: ChaptersArg,
    output: OutputOpt = Path("output"),
    jobs: JobsOpt = _CORES,
    book: BookOpt = None,
    author: AuthorOpt = None,
    config: ConfigOpt = None,
    cast: CastOpt = None,
    script: ScriptOpt = None,
    keep_going: KeepGoingOpt = False,
    format: FormatOpt = "mp3",
    scenes: ScenesOpt = True,
    force: ForceOpt = False,
    scheduler: SchedulerOpt = None,
) -> None:
    """Render a chapter, or a whole book, to MP3 or M4B.

    One file renders into OUTPUT, or into OUTPUT/Author/Title with --book; several files, a
    folder, a glob or an EPUB render a book into OUTPUT/Author/Title.

    Examples: audiobook render seeds/chapter-29-running-to-nowhere.txt;
    audiobook render chapters/ --book "My Serial" --author "A. Writer"
    """
    try:
        with stoppable():
            formats = parse_formats(format)
            one, first, options = _begin(
                chapters, config, cast, output_dir=output, jobs=_jobs(jobs), book=book, author=author,
                keep_going=keep_going, force=force, scheduler=scheduler,
                scenes="scenes" if scenes else ".scenes",
            )  # fmt: skip
            options = replace(options, script=_script(one is not None, script, first))
            if one is None or formats != ["mp3"]:
                _render_book(chapters, options, formats)
                return
            result = render_chapter(one, _in_library(options, first))
    except AudiobookError as exc:
        fail(exc)
    except Stopped as exc:
        typer.echo(
            "Interrupted: nothing half-written was left; finished clips are in the cache, "
            "so the same command resumes where this one stopped.",
            err=True,
        )
        raise typer.Exit(code=128 + exc.signum) from None
    state = "unchanged, kept" if result.skipped else f"{len(result.scene_files)} scenes"
    typer.echo(f"{result.chapter_mp3} ({result.duration_ms / 60000:.1f} min, {state})")
    typer.echo(f"{result.manifest}")


def _begin(
    chapters: list[str], config: Path | None, cast: Path | None, **fields: Any
) -> tuple[Chapter | None, Path, RenderOptions]:
    """What `render` and `review` start from: the chapter when one file holds one, the chapter
    whose folder holds the config, and the options (`fields`, the project's config and cast)."""
    one = _one_chapter(chapters)
    first = Path(chapters[0]) if one is not None else _first_chapter(chapters)
    cfg = project_config(first, config)
    options = RenderOptions(config=cfg, cast=load_cast_file(cast) if cast else (), warn=_warn, **fields)
    return one, first, options


def _warn(message: str) -> None:
    typer.echo(f"Warning: {message}", err=True)


def _script(single: bool, script: Path | None, chapter: Path) -> Path | None:
    """The script of corrected speakers to use: the one given, else the one beside a single chapter."""
    if not single:
        if script is not None:
            raise AudiobookError(
                "--script applies to one chapter; put CHAPTER.script.txt beside each instead"
            )
        return None
    script = script or beside_script(chapter)
    if script is not None:
        typer.echo(f"Using the speakers in {script}", err=True)
    return script


def _jobs(asked: int) -> int:
    """Worker processes: as asked, but no more than the cores here (each holds an engine in
    memory), unless $AUDIOBOOK_MAX_JOBS allows more."""
    cores = os.cpu_count() or 1
    limit = os.environ.get("AUDIOBOOK_MAX_JOBS", "").strip()
    cap = int(limit) if limit.isdigit() and int(limit) > 0 else cores
    if asked > cap:
        typer.echo(
            f"Warning: --jobs {asked} is more than the {cap} cores here; using {cap} "
            "(set AUDIOBOOK_MAX_JOBS to allow more)",
            err=True,
        )
    return max(1, min(asked, cap))


def _one_chapter(inputs: list[str]) -> Chapter | None:
    """The chapter, read once, when the command names one file that holds one chapter (an EPUB or
    a one-file serial renders as a book)."""
    path = Path(inputs[0])
    if len(inputs) != 1 or not path.is_file() or path.suffix.lower() == ".epub":
        return None
    chapters = read_book(path).chapters
    return chapters[0] if len(chapters) == 1 else None


def _first_chapter(inputs: list[str]) -> Path:
    """The chapter whose folder holds the book's config."""
    return collect_chapters(inputs)[0]


def _in_library(options: RenderOptions, chapter: Path) -> RenderOptions:
    """A single chapter of a named book (`--book` or `[book] title`) goes where the book's chapters
    go: OUTPUT/Author/Title (OUTPUT/Title with no author), named and numbered by its own heading;
    one of no named book stays in OUTPUT."""
    if not (options.book or options.config.book.title):
        return options
    title, author = book_names(chapter, options)
    return replace(options, output_dir=book_dir(options.output_dir, title, author))


def _render_book(inputs: list[str], options: RenderOptions, formats: list[str]) -> None:
    """Render a book, print where it went and the summary; exit 1 if a chapter failed."""
    m4b = "m4b" in formats
    result = render_book(inputs, options, formats, report=lambda line: typer.echo(line, err=True))
    for done in result.rendered:
        if done.chapter_mp3 is not None:
            typer.echo(f"{done.chapter_mp3}")
    if result.m4b is not None:
        typer.echo(f"{result.m4b}" + ("" if result.m4b_written else " (unchanged)"))
    hours = result.audio_ms / 3_600_000
    typer.echo(
        f"{len(result.rendered)} chapters rendered, {len(result.skipped)} unchanged, "
        f"{len(result.failed)} failed; {result.clips_made} clips synthesized, {result.clips_reused} reused, "
        f"{result.scenes_encoded} scenes encoded; {hours:.2f} h of audio in {result.folder}; "
        f"{time.monotonic() - _STARTED:.1f} s"
    )
    if result.failed:
        for failure in result.failed:
            typer.echo(f"Error: {failure.path}: {failure.reason}", err=True)
        if m4b:
            typer.echo("Error: the M4B was not updated, since the book is incomplete", err=True)
        raise typer.Exit(code=1)


def review(
    chapters: Annotated[
        list[str], typer.Argument(help="A chapter file, or a book: files, a folder, a glob.")
    ],
    output: OutputOpt = Path("output"),
    book: BookOpt = None,
    author: AuthorOpt = None,
    config: ConfigOpt = None,
    cast: CastOpt = None,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1; 0 takes a free one.")] = 0,
    browser: Annotated[bool, typer.Option(help="Open the page in the browser, where there is one.")] = True,
    idle: Annotated[float, typer.Option(help="Stop after this many seconds without a request.")] = 1800.0,
) -> None:
    """Review speakers and voices in the browser: hear each line, reassign speakers, choose voices,
    save (into CHAPTER.script.txt and audiobook.toml [cast]) and re-render what changed.

    The server listens on 127.0.0.1 only; the printed URL holds the token every request needs.

    Example: audiobook review seeds/chapter-29-running-to-nowhere.txt --book "Sample fan fiction"
    """
    from audiobook.review import ReviewServer, Session

    try:
        with stoppable():
            one, first, options = _begin(
                chapters, config, cast, output_dir=output, jobs=_jobs(_CORES), book=book, author=author
            )
            if one is not None:
                options = _in_library(options, first)
                session = Session([one], options, chapters, True, options.output_dir)
            else:
                read, failed, source = read_chapters(collect_chapters(chapters))
                if not read:
                    raise AudiobookError(f"no chapter could be read: {failed[0].reason}")
                folder = book_folder(read, source, options)
                session = Session(read, options, chapters, False, folder)
            server = ReviewServer(session, port, idle)
            typer.echo(f"Review page: {server.url}")
            typer.echo("Stop with Ctrl-C; it stops by itself after "
                       f"{idle / 60:.0f} minutes without a request.")  # fmt: skip
            if browser and (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
                import webbrowser

                webbrowser.open(server.url)
            try:
                server.serve_until_idle()
            finally:
                server.server_close()
    except AudiobookError as exc:
        fail(exc)
    except Stopped:
        typer.echo("Review stopped.", err=True)
