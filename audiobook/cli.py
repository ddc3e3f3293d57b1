"""The `audiobook` command line: thin commands over the library."""

from __future__ import annotations

import json
import os
import textwrap
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Annotated

import typer

from audiobook.analysis.analyse import Analysis, analyse
from audiobook.analysis.attribution.cast import Cast, Character
from audiobook.analysis.script import SCRIPT_SUFFIX, script_json, script_text
from audiobook.audio.engines import REGISTRY, engine_class
from audiobook.audio.loudness import measure_file
from audiobook.audio.speech import prepare, say_as
from audiobook.audio.synthesize import Clip, synthesize
from audiobook.audio.workers import stoppable
from audiobook.book import (
    analyse_book,
    book_cast,
    book_folder,
    render_book,
)
from audiobook.casting.assign import cast_voices, configured_voices, line_counts
from audiobook.casting.initfile import init_text
from audiobook.casting.mixes import profiles_for
from audiobook.casting.voices import load_voices
from audiobook.config import CONFIG_NAME, Config, find_config, load_cast_file, load_config
from audiobook.errors import AudiobookError, InputWarning, Stopped
from audiobook.publish.export import Tags, require_ffmpeg, safe_name, write_mp3, write_text
from audiobook.publish.library import FORMATS
from audiobook.read import read_book
from audiobook.read.chapter import Chapter
from audiobook.read.collect import collect_chapters, read_chapters
from audiobook.render import RenderOptions, beside_script, book_names, render_chapter

_STARTED = time.monotonic()
"""When the command started: the summary's wall time counts the whole run."""
_show_warning = warnings.showwarning
_warned: set[str] = set()


def _warning_line(message: Warning | str, category: type[Warning], *args: object, **kwargs: object) -> None:
    """Input that was mended is one `Warning: ...` line (once, though a file is read twice); other
    warnings show as Python shows them."""
    if issubclass(category, InputWarning):
        if str(message) not in _warned:
            _warned.add(str(message))
            typer.echo(f"Warning: {message}", err=True)
    else:
        _show_warning(message, category, *args, **kwargs)  # type: ignore[arg-type]


warnings.simplefilter("always", InputWarning)
warnings.showwarning = _warning_line

app = typer.Typer(
    help="Turn story chapters into full-cast audiobooks.",
    no_args_is_help=True,
    # Help is plain text: `[book] title` and `audiobook[distributed]` are meant as written.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(asked: bool) -> None:
    if asked:
        typer.echo(f"audiobook {metadata.version('audiobook')}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and stop.")
    ] = False,
) -> None:
    """Turn story chapters into full-cast audiobooks."""


ChapterArg = Annotated[Path, typer.Argument(help="A chapter text file (.txt or .md).")]


def _fail(exc: AudiobookError) -> None:
    typer.echo(f"Error: {exc}", err=True)
    raise typer.Exit(code=1)


@contextmanager
def _errors(writing: object) -> Iterator[None]:
    """A user error, or an OSError while writing `writing`, as one `Error:` line and exit 1."""
    try:
        yield
    except AudiobookError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(AudiobookError(f"cannot write {writing}: {exc.strerror}; choose another --output"))


ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Project config; default: audiobook.toml beside the chapter."),
]
CastOpt = Annotated[
    Path | None, typer.Option("--cast", help='A TOML file of [characters."Name"] tables (aliases, gender).')
]


def _config(chapter: Path, config: Path | None) -> Config:
    return load_config(find_config(chapter, config))


def _given(config: Config, cast: Path | None) -> tuple[Character, ...]:
    return config.characters + (load_cast_file(cast) if cast else ())


@app.command()
def render(
    chapters: Annotated[
        list[str], typer.Argument(help="A chapter file, or several, a folder of chapters, or a glob.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")] = Path("output"),
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes.")] = os.cpu_count() or 1,
    book: Annotated[str | None, typer.Option(help="Book title (album tag); overrides [book] title.")] = None,
    author: Annotated[str | None, typer.Option(help="Author (artist tag); overrides [book] author.")] = None,
    config: ConfigOpt = None,
    cast: CastOpt = None,
    script: Annotated[
        Path | None,
        typer.Option(help="Edited script with corrected speakers; default: CHAPTER.script.txt if present."),
    ] = None,
    keep_going: Annotated[
        bool, typer.Option(help="Read a line the engine fails on in the narrator's voice, with a warning.")
    ] = False,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="mp3 (a file per chapter), m4b (one file, a marker per chapter), or both: mp3,m4b "
            "(the second goes into OUTPUT/FORMAT/, out of the library's sight).",
        ),
    ] = "mp3",
    scenes: Annotated[
        bool, typer.Option(help="Scene files in scenes/; --no-scenes keeps them out of sight in .scenes/.")
    ] = True,
    force: Annotated[
        bool, typer.Option(help="Render chapters even when their output is up to date.")
    ] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler (tcp://HOST:8786) to synthesize on; needs audiobook[distributed]."),
    ] = None,
) -> None:
    """Render a chapter, or a whole book, to MP3 or M4B.

    One file renders into OUTPUT, or into OUTPUT/Author/Title with --book; several files, a
    folder, a glob or an EPUB render a book into OUTPUT/Author/Title.

    Examples: audiobook render seeds/chapter-29-running-to-nowhere.txt;
    audiobook render chapters/ --book "My Serial" --author "A. Writer"
    """
    try:
        with stoppable():
            one = _one_chapter(chapters)
            single = one is not None
            first = Path(chapters[0]) if single else _first_chapter(chapters)
            cfg = _config(first, config)
            if single:
                script = script or beside_script(first)
                if script is not None:
                    typer.echo(f"Using the speakers in {script}", err=True)
            elif script is not None:
                raise AudiobookError(
                    "--script applies to one chapter; put CHAPTER.script.txt beside each instead"
                )
            extra = load_cast_file(cast) if cast else ()
            options = RenderOptions(
                output, _jobs(jobs), book, author, config=cfg, cast=extra, script=script,
                keep_going=keep_going, warn=lambda message: typer.echo(f"Warning: {message}", err=True),
                force=force, scheduler=scheduler, scenes="scenes" if scenes else ".scenes",
            )  # fmt: skip
            formats = [f.strip().lower() for f in format.split(",") if f.strip()]
            if not formats or any(f not in FORMATS for f in formats):
                raise AudiobookError(f"unknown --format '{format}'; use mp3, m4b or both: mp3,m4b")
            if not single or formats != ["mp3"]:
                _render_book(chapters, options, formats)
                return
            if book or cfg.book.title:
                options = _in_library(options, first)
            result = render_chapter(one or first, options)
    except AudiobookError as exc:
        _fail(exc)
    except Stopped as exc:
        typer.echo(
            "Interrupted: nothing half-written was left; finished clips are in the cache, "
            "so the same command resumes where this one stopped.",
            err=True,
        )
        raise typer.Exit(code=128 + exc.signum) from None
    minutes = result.duration_ms / 60000
    state = "unchanged, kept" if result.skipped else f"{len(result.scene_files)} scenes"
    assert result.chapter_mp3 is not None
    typer.echo(f"{result.chapter_mp3} ({minutes:.1f} min, {state})")
    typer.echo(f"{result.manifest}")


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


def _one_of(path: Path, number: int | None) -> Chapter:
    """The chapter of a file, or its chapter `number` when it holds several."""
    chapters = read_book(path).chapters
    if number is None and len(chapters) == 1:
        return chapters[0]
    if number is None or not 1 <= number <= len(chapters):
        name = chapters[0].path.name if len(chapters) > 1 else path.name
        raise AudiobookError(
            f"{path} holds {len(chapters)} chapter(s); give --chapter 1 to {len(chapters)} "
            f"(the first one's corrections go in {Path(name).stem}{SCRIPT_SUFFIX} beside it)"
        )
    return chapters[number - 1]


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
    """A single chapter of a named book goes where the book's chapters go: OUTPUT/Author/Title
    (OUTPUT/Title with no author), named and numbered by its own heading."""
    title, author = book_names(chapter, options)
    folder = options.output_dir / (safe_name(author) if author else "") / safe_name(title, "Audiobook")
    return replace(options, output_dir=folder)


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


@app.command()
def review(
    chapters: Annotated[
        list[str], typer.Argument(help="A chapter file, or a book: files, a folder, a glob.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output folder, as for render.")] = Path(
        "output"
    ),
    book: Annotated[str | None, typer.Option(help="Book title, as for render.")] = None,
    author: Annotated[str | None, typer.Option(help="Author, as for render.")] = None,
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
            one = _one_chapter(chapters)
            first = Path(chapters[0]) if one is not None else _first_chapter(chapters)
            cfg = _config(first, config)
            extra = load_cast_file(cast) if cast else ()
            options = RenderOptions(
                output, _jobs(os.cpu_count() or 1), book, author, config=cfg, cast=extra,
                warn=lambda message: typer.echo(f"Warning: {message}", err=True),
            )  # fmt: skip
            if one is not None:
                if book or cfg.book.title:
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
        _fail(exc)
    except Stopped:
        typer.echo("Review stopped.", err=True)


@app.command()
def script(
    chapter: ChapterArg,
    format: Annotated[str, typer.Option("--format", "-f", help="text (editable) or json.")] = "text",
    explain: Annotated[bool, typer.Option(help="Show each line's rule and confidence.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    config: ConfigOpt = None,
    cast: CastOpt = None,
    number: Annotated[
        int | None,
        typer.Option("--chapter", "-n", help="Which chapter of a file that holds several (1 = first)."),
    ] = None,
) -> None:
    """Print or write who says what, without synthesizing.

    Example: audiobook script ch.txt -o ch.script.txt; audiobook script story.epub -n 3 -o story.03.script.txt
    """
    if format not in ("json", "text"):
        _fail(AudiobookError(f"unknown --format '{format}'; use json or text"))
    with _errors(output):
        cfg = _config(chapter, config)
        analysis = analyse(_one_of(chapter, number), _given(cfg, cast), cfg.keep_notes)
        if format == "json":
            body = json.dumps(script_json(analysis), indent=2, ensure_ascii=False) + "\n"
        else:
            body = script_text(analysis, explain)
        if output is None:
            typer.echo(body, nl=False)
            return
        write_text(body, output)
    typer.echo(f"{output}")


@app.command("cast")
def cast_command(
    chapters: Annotated[list[str], typer.Argument(help="Chapter files, a folder of chapters, or a glob.")],
    config: ConfigOpt = None,
    cast: CastOpt = None,
) -> None:
    """List the characters with aliases, gender and lines spoken, over all the chapters.

    Example: audiobook cast ch1.txt ch2.txt
    """
    try:
        paths = collect_chapters(chapters)
        cfg = _config(paths[0], config)
        analyses = _book_analyses(paths, _given(cfg, cast), cfg)
    except AudiobookError as exc:
        _fail(exc)
    counts = line_counts([s for a in analyses for s in a.segments])
    characters = book_cast(analyses, counts)
    # Columns as wide as the longest name (`A hard-featured dame of fifty`), at least 24.
    width = max([24, *(len(char.name) for char in characters)])
    for char in characters:
        aliases = ", ".join(char.aliases) or "-"
        lines = f"{counts[char.name]:4} line{'s' if counts[char.name] != 1 else ' '}"
        typer.echo(f"{char.name:{width}} {lines}  {char.gender or 'unknown':8} aka {aliases}")


def _book_analyses(paths: list[Path], given: tuple[Character, ...], cfg: Config) -> list[Analysis]:
    """The chapters in reading order, analysed against one cast, as a book render does."""
    chapters, failed, _ = read_chapters(paths)
    if failed:
        raise AudiobookError(failed[0].reason)
    return analyse_book(chapters, given, RenderOptions(config=cfg))


@app.command()
def init(
    inputs: Annotated[list[str], typer.Argument(help="Chapter files, a folder of chapters, or a glob.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write; default: beside the first chapter.")
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
) -> None:
    """Write a commented audiobook.toml with the cast found and the voices chosen.

    Example: audiobook init chapters/
    """
    try:
        chapters = collect_chapters(inputs)
    except AudiobookError as exc:
        _fail(exc)
    target = output or chapters[0].parent / CONFIG_NAME
    if target.exists() and not force:
        _fail(AudiobookError(f"{target} already exists; edit it, or pass --force to write a new one"))
    with _errors(target):
        analyses = _book_analyses(chapters, (), Config())
        segments = [s for a in analyses for s in a.segments]
        counts = line_counts(segments)
        characters = [c for c in book_cast(analyses, counts) if counts[c.name]]
        cast = Cast(characters)
        casting = cast_voices(segments, cast, load_voices())
        source = read_book(chapters[0]) if len(chapters) == 1 else None
        book = (source.info.title, source.info.author) if source is not None else ("", "")
        write_text(init_text(chapters, characters, counts, casting, book, len(analyses)), target)
    typer.echo(f"{target}")


@app.command()
def preview(
    name: Annotated[str, typer.Argument(help="A voice profile, or a speaker named in [cast].")],
    text: Annotated[str, typer.Argument(help="What to say.")] = "",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="MP3 file to write.")] = None,
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="Config whose [cast] names speakers.")
    ] = None,
) -> None:
    """Render a short sample of a voice and print its path. Example: audiobook preview male-deep "Hello." """
    with _errors("the preview"):
        cfg = load_config(config or (Path(CONFIG_NAME) if Path(CONFIG_NAME).is_file() else None))
        profiles = profiles_for(cfg, lambda message: typer.echo(f"Warning: {message}", err=True))
        voice = profiles.get(name)
        if voice is None:
            cast = Cast(list(cfg.characters))
            char = cast.lookup(name)
            voice = configured_voices(cfg, cast, profiles).get(char.name if char else name)
        if voice is None:
            raise AudiobookError(
                f"'{name}' is neither a voice profile nor a speaker in [cast]; "
                f"profiles: {', '.join(profiles)}"
            )
        require_ffmpeg()
        words = text.strip() or f"Hello, I am {name}. This is how I sound when I read your story."
        # Said as a render would say it: the lexicon, then the speech preparation.
        words = prepare(say_as(cfg.lexicon)(words)) or words
        audio = synthesize([Clip(words, voice)], jobs=1, progress=False)[0]
        target = output or Path(f"preview-{safe_name(name)}.mp3")
        write_mp3(audio, target, Tags(f"Preview: {name}", "audiobook preview", voice.name))
    typer.echo(f"{target}")


@app.command()
def check(files: Annotated[list[Path], typer.Argument(help="MP3 (or any audio) files.")]) -> None:
    """Report the ACX audiobook figures of audio files. Example: audiobook check output/*.mp3

    RMS must be -23 to -18 dBFS, true peak at most -3 dBFS, noise floor at most -60 dBFS. Exits
    with 1 when a file misses one of them.
    """
    failed = 0
    for path in files:
        try:
            figures = measure_file(path)
        except AudiobookError as exc:
            _fail(exc)
        problems = figures.problems
        failed += bool(problems)
        verdict = "pass" if not problems else "FAIL: " + "; ".join(problems)
        typer.echo(
            f"{path}: RMS {figures.rms_db:.1f} dBFS, true peak {figures.true_peak_db:.1f} dBFS, "
            f"noise floor {figures.noise_floor_db:.1f} dBFS: {verdict}"
        )
    if failed:
        raise typer.Exit(code=1)


@app.command()
def voices() -> None:
    """List the voice profiles and the engines' own voices. Example: audiobook voices"""
    try:
        profiles = load_voices()
    except AudiobookError as exc:
        _fail(exc)
    typer.echo("Voice profiles (voices/):")
    for p in profiles.values():
        typer.echo(
            f"  {p.name:16} {p.gender:8} {p.engine}:{p.voice:22} {p.rate_wpm:3} wpm  "
            f"pitch {p.pitch:3}  {p.description}"
        )
    for engine in sorted(REGISTRY):
        try:
            ids = engine_class(engine).voices()
        except AudiobookError as exc:
            typer.echo(f"\nEngine {engine}: unavailable ({exc})")
            continue
        typer.echo(f'\nEngine {engine} voices (use as voice = "language+variant"):')
        typer.echo(textwrap.fill(" ".join(ids), width=100, initial_indent="  ", subsequent_indent="  "))


if __name__ == "__main__":
    app()
