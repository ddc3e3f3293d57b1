"""The `audiobook` command line: thin commands over the library."""

from __future__ import annotations

import warnings
from importlib import metadata
from typing import Annotated

import typer

from audiobook.commands.looking import cast_command, check, init, preview, script, voices
from audiobook.commands.making import render, review
from audiobook.errors import InputWarning

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


for command in (render, review, script, cast_command, init, preview, check, voices):
    # The command's name is its function's (`cast_command` is `cast`), its help the docstring.
    app.command(command.__name__.removesuffix("_command").replace("_", "-"))(command)


if __name__ == "__main__":
    app()
