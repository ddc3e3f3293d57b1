"""The commands that look at a book without rendering it: its script, cast, a config to start
from, a voice's sample, audio figures, the voices there are."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Annotated

import typer

from audiobook.analysis.analyse import Analysis, analyse
from audiobook.analysis.attribution.cast import Cast, Character
from audiobook.analysis.script import script_json, script_text
from audiobook.audio.clips import Clip
from audiobook.audio.engines import REGISTRY, engine_class
from audiobook.audio.loudness import measure_file
from audiobook.audio.speech import prepare, say_as
from audiobook.audio.synthesize import synthesize
from audiobook.book import (
    analyse_book,
    book_cast,
)
from audiobook.casting.assign import cast_voices, configured_voices, line_counts
from audiobook.casting.initfile import init_text
from audiobook.casting.mixes import profiles_for
from audiobook.casting.voices import load_voices
from audiobook.commands.common import (
    CastOpt,
    ChapterArg,
    ConfigOpt,
    chapter_of,
    fail,
    given_characters,
    project_config,
    user_errors,
)
from audiobook.config import CONFIG_NAME, Config, load_config
from audiobook.errors import AudiobookError
from audiobook.options import RenderOptions
from audiobook.publish.export import Tags, require_ffmpeg, safe_name, write_mp3, write_text
from audiobook.read import read_book
from audiobook.read.collect import collect_chapters, read_chapters


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
        fail(AudiobookError(f"unknown --format '{format}'; use json or text"))
    with user_errors(output):
        cfg = project_config(chapter, config)
        analysis = analyse(chapter_of(chapter, number), given_characters(cfg, cast), cfg.keep_notes)
        if format == "json":
            body = json.dumps(script_json(analysis), indent=2, ensure_ascii=False) + "\n"
        else:
            body = script_text(analysis, explain)
        if output is None:
            typer.echo(body, nl=False)
            return
        write_text(body, output)
    typer.echo(f"{output}")


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
        cfg = project_config(paths[0], config)
        analyses = _book_analyses(paths, given_characters(cfg, cast), cfg)
    except AudiobookError as exc:
        fail(exc)
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
        fail(exc)
    target = output or chapters[0].parent / CONFIG_NAME
    if target.exists() and not force:
        fail(AudiobookError(f"{target} already exists; edit it, or pass --force to write a new one"))
    with user_errors(target):
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


def preview(
    name: Annotated[str, typer.Argument(help="A voice profile, or a speaker named in [cast].")],
    text: Annotated[str, typer.Argument(help="What to say.")] = "",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="MP3 file to write.")] = None,
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="Config whose [cast] names speakers.")
    ] = None,
) -> None:
    """Render a short sample of a voice and print its path. Example: audiobook preview male-deep "Hello." """
    with user_errors("the preview"):
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
            fail(exc)
        problems = figures.problems
        failed += bool(problems)
        verdict = "pass" if not problems else "FAIL: " + "; ".join(problems)
        typer.echo(
            f"{path}: RMS {figures.rms_db:.1f} dBFS, true peak {figures.true_peak_db:.1f} dBFS, "
            f"noise floor {figures.noise_floor_db:.1f} dBFS: {verdict}"
        )
    if failed:
        raise typer.Exit(code=1)


def voices() -> None:
    """List the voice profiles and the engines' own voices. Example: audiobook voices"""
    try:
        profiles = load_voices()
    except AudiobookError as exc:
        fail(exc)
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
