"""What every command shares: its argument types, one `Error:` line for a user error, the config."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from audiobook.analysis.attribution.cast import Character
from audiobook.analysis.script import SCRIPT_SUFFIX
from audiobook.config import Config, find_config, load_cast_file, load_config
from audiobook.errors import AudiobookError
from audiobook.read import read_book
from audiobook.read.chapter import Chapter

ChapterArg = Annotated[Path, typer.Argument(help="A chapter text file (.txt or .md).")]


def fail(exc: AudiobookError) -> None:
    typer.echo(f"Error: {exc}", err=True)
    raise typer.Exit(code=1)


@contextmanager
def user_errors(writing: object) -> Iterator[None]:
    """A user error, or an OSError while writing `writing`, as one `Error:` line and exit 1."""
    try:
        yield
    except AudiobookError as exc:
        fail(exc)
    except OSError as exc:
        fail(AudiobookError(f"cannot write {writing}: {exc.strerror}; choose another --output"))


ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Project config; default: audiobook.toml beside the chapter."),
]


CastOpt = Annotated[
    Path | None, typer.Option("--cast", help='A TOML file of [characters."Name"] tables (aliases, gender).')
]


def project_config(chapter: Path, config: Path | None) -> Config:
    return load_config(find_config(chapter, config))


def given_characters(config: Config, cast: Path | None) -> tuple[Character, ...]:
    return config.characters + (load_cast_file(cast) if cast else ())


def chapter_of(path: Path, number: int | None) -> Chapter:
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
