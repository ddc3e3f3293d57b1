"""The commented `audiobook.toml` that `audiobook init` writes, ready to edit."""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from pathlib import Path

from audiobook.analysis.attribution.cast import Character
from audiobook.audio.stitch import Pauses
from audiobook.casting.assign import NARRATOR, Casting
from audiobook.config import Thoughts


def init_text(
    chapters: list[Path],
    characters: list[Character],
    counts: Counter[str],
    casting: Casting,
    book: tuple[str, str] = ("", ""),
    count: int | None = None,
) -> str:
    """A config with the book (its title and author as the file gives them, else the folder's
    name), the defaults spelled out, the characters found and their voices."""
    title = book[0] or chapters[0].resolve().parent.name
    author = f"author = {_quote(book[1])}" if book[1] else '# author = "Author Name"        '
    out = [
        f"# audiobook project config, written by `audiobook init` for {count or len(chapters)} chapter(s).",
        "# Edit it and render again: only the lines a change concerns are synthesized again.",
        "# Every key is optional; an unknown key is an error, so a typo never goes unnoticed.",
        "",
        "[book]",
        f"title = {_quote(title)}",
        f"{author} # artist tag",
        '# narrator = "Narrator Name"     # composer tag, where players look for the narrator',
        '# cover = "cover.jpg"            # JPEG or PNG beside this file, embedded as cover art',
        "",
        "[text]",
        "keep_notes = false              # true reads author's notes and disclaimers aloud",
        "",
        "[thoughts]                      # how thoughts sound",
        f'voice = "{Thoughts.voice}"              # the thinker\'s own voice, or "narrator"',
        f"volume = {Thoughts.volume}                    # relative to the voice: softer",
        f"rate = {Thoughts.rate}                     # relative to the voice: a little faster",
        "",
        "[pauses]                        # milliseconds of silence before a line",
    ]
    out += [f"{f.name} = {f.default}" for f in fields(Pauses)]
    out += [
        "",
        "[lexicon]                       # how to say names and words; changes the audio, not the text",
        '# Hyuuga = "Hyoo-gah"',
        "",
        "# The characters found, most lines first. Aliases are other names for the same person;",
        "# gender (male or female) picks the voices they can get. Merge or fix entries as needed.",
    ]
    for char in characters:
        out += ["", f"[characters.{_quote(char.name)}]  # {counts[char.name]} lines"]
        out.append(f"aliases = [{', '.join(_quote(a) for a in char.aliases)}]")
        if char.gender:
            out.append(f"gender = {_quote(char.gender)}")
    out += [
        "",
        "# Who reads what: a profile from `audiobook voices`, or a table that changes some of its",
        '# settings, such as { profile = "male-deep", pitch = 30, rate_wpm = 150 }.',
        "[cast]",
        f"{NARRATOR} = {_quote(casting.narrator.name)}"
        + '  # or "narrator-piper": a natural neural narrator (pip install audiobook[piper])',
    ]
    for char in characters:
        voice = casting.voices.get(char.name)
        if voice is not None:
            out.append(f"{_quote(char.name)} = {_quote(voice.name)}  # {counts[char.name]} lines")
    return "\n".join(out) + "\n"


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
