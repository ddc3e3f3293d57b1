"""The project config, `audiobook.toml`, read in one place into typed objects.

Every table and key is checked: an unknown one is an error that names the file, the key and the
keys allowed there, so that a typo never silently does nothing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from audiobook.analysis.attribution.cast import Character
from audiobook.audio.stitch import Pauses
from audiobook.errors import ConfigError
from audiobook.values import Gender

CONFIG_NAME = "audiobook.toml"
"""The config file looked for beside the chapters."""
GENDERS = (Gender.MALE, Gender.FEMALE)
"""The genders a character may be given (a voice may also be neutral)."""
PROFILE_FIELDS = (
    "engine", "voice", "rate_wpm", "pitch", "volume", "gender", "description",
    "length_scale", "noise_scale", "noise_w_scale", "speaker_id",
)  # fmt: skip
"""Voice profile fields an inline `[cast]` entry may override."""


@dataclass(frozen=True)
class Book:
    """The `[book]` table: what the tags and file layout say about the book."""

    title: str | None = None
    """Album tag; by default the chapters' folder name."""
    author: str | None = None
    """Artist tag."""
    narrator: str | None = None
    """Composer tag: the narrator's name as credited."""
    cover: Path | None = None
    """A JPEG or PNG embedded as cover art, relative to the config file."""
    description: str | None = None
    """The book's description: the MP3s' comment and the M4B's description (from an EPUB's or
    AO3's summary when not given)."""
    voices: str | None = None
    """A ready mix of voices: `kokoro` (see `mixes`); by default the profiles of `voices/`."""


@dataclass(frozen=True)
class Thoughts:
    """The `[thoughts]` table: how a thought sounds."""

    voice: str = "speaker"
    """`speaker` (the thinker's own voice) or `narrator`."""
    volume: float = 0.8
    """Volume relative to the voice's own, so that thoughts are softer."""
    rate: float = 1.08
    """Speaking rate relative to the voice's own, so that thoughts are a little faster."""


@dataclass(frozen=True)
class FirstPerson:
    """The `[first_person]` table: how the lines of a story's first-person narrator sound."""

    voice: str = "narrator"
    """`narrator` (the narrator's voice reads the teller's own lines too, as in most audiobooks)
    or `character` (the teller gets a character voice like everyone else)."""


@dataclass(frozen=True)
class CastEntry:
    """One `[cast]` entry: a speaker's voice profile and the fields it overrides."""

    profile: str
    """The voice profile's name."""
    overrides: dict[str, Any] = field(default_factory=dict)
    """Profile fields set for this speaker only, such as `pitch`."""


@dataclass(frozen=True)
class Config:
    """Everything a project can set; the defaults are used when there is no file."""

    path: Path | None = None
    """The file it was read from, if any."""
    book: Book = field(default_factory=Book)
    cast: dict[str, CastEntry] = field(default_factory=dict)
    """Speaker name (or `narrator`) -> voice."""
    characters: tuple[Character, ...] = ()
    """Characters given by the user, used before any discovered ones."""
    pauses: Pauses = field(default_factory=Pauses)
    lexicon: dict[str, str] = field(default_factory=dict)
    """Written word -> how to say it; applied to what is spoken only."""
    thoughts: Thoughts = field(default_factory=Thoughts)
    first_person: FirstPerson = field(default_factory=FirstPerson)
    keep_notes: bool = False
    """Read author's notes and disclaimers aloud (`[text] keep_notes`)."""


_TABLES = ("book", "cast", "characters", "pauses", "lexicon", "thoughts", "first_person", "text")


def find_config(chapter: Path, given: Path | None = None) -> Path | None:
    """The config to use: `given`, else `audiobook.toml` beside the chapter, else None."""
    if given is not None:
        if not given.is_file():
            raise ConfigError(f"config {given} not found; check the --config path")
        return given
    beside = chapter.parent / CONFIG_NAME
    return beside if beside.is_file() else None


def load_config(path: Path | None) -> Config:
    """Read and check a config file; None gives the defaults."""
    if path is None:
        return Config()
    data = _read_toml(path)
    _only(data, _TABLES, str(path), "table")
    where = str(path)
    return Config(
        path=path,
        book=_book(_table(data, "book", where), path, where),
        cast=_cast(_table(data, "cast", where), where),
        characters=characters_from(_table(data, "characters", where), where),
        pauses=_dataclass(Pauses, _table(data, "pauses", where), f"{where} [pauses]", int),
        lexicon=_lexicon(_table(data, "lexicon", where), where),
        thoughts=_thoughts(_table(data, "thoughts", where), where),
        first_person=_first_person(_table(data, "first_person", where), where),
        keep_notes=_text(_table(data, "text", where), where),
    )


def load_cast_file(path: Path) -> tuple[Character, ...]:
    """The `[characters]` of a `--cast FILE` (the same tables as the config; others are ignored)."""
    data = _read_toml(path)
    _only(data, _TABLES, str(path), "table")
    return characters_from(_table(data, "characters", str(path)), str(path))


def characters_from(table: dict[str, Any], where: str) -> tuple[Character, ...]:
    """`[characters."Name"]` tables with `aliases` and `gender` into characters."""
    result = []
    for name, entry in table.items():
        at = f'{where} [characters."{name}"]'
        if not isinstance(entry, dict):
            raise ConfigError(f"{at}: must be a table with aliases and gender")
        _only(entry, ("aliases", "gender", "narrator"), at, "key")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise ConfigError(f'{at}: aliases must be a list of names, such as ["Lizzy", "Miss Bennet"]')
        gender = entry.get("gender")
        if gender is not None and gender not in GENDERS:
            raise ConfigError(f"{at}: gender must be male or female (or left out), not {gender!r}")
        narrator = entry.get("narrator", False)
        if not isinstance(narrator, bool):
            raise ConfigError(f"{at}: narrator must be true or false, not {narrator!r}")
        result.append(Character(name, tuple(a for a in aliases if a != name), gender, narrator=narrator))
    return tuple(result)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}; check the path") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not UTF-8 text; save it as UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc}); fix the syntax there") from exc


def _only(data: dict[str, Any], allowed: tuple[str, ...], where: str, what: str) -> None:
    for key in data:
        if key not in allowed:
            raise ConfigError(f"{where}: unknown {what} '{key}'; allowed: {', '.join(allowed)}")


def _table(data: dict[str, Any], name: str, where: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: '{name}' must be a table ([{name}])")
    return table


def _book(table: dict[str, Any], path: Path, where: str) -> Book:
    book = _dataclass(Book, {k: v for k, v in table.items() if k != "cover"}, f"{where} [book]", str)
    _only(table, tuple(f.name for f in fields(Book)), f"{where} [book]", "key")
    if book.voices is not None and book.voices not in ("kokoro",):
        raise ConfigError(
            f'{where} [book]: voices = "{book.voices}" is no mix; use "kokoro" or remove the key'
        )
    cover = table.get("cover")
    if cover is None:
        return book
    if not isinstance(cover, str):
        raise ConfigError(f'{where} [book]: cover must be a file name, such as "cover.jpg"')
    cover_path = (path.parent / cover).resolve()
    if not cover_path.is_file():
        raise ConfigError(f"{where} [book]: cover {cover_path} not found; fix the path or remove the key")
    head = cover_path.read_bytes()[:8]
    if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG")):
        raise ConfigError(f"{where} [book]: cover {cover_path} is not a JPEG or PNG image; give one")
    return replace(book, cover=cover_path)


def _cast(table: dict[str, Any], where: str) -> dict[str, CastEntry]:
    cast = {}
    for speaker, value in table.items():
        at = f'{where} [cast] "{speaker}"'
        if isinstance(value, str):
            cast[speaker] = CastEntry(value)
            continue
        if not isinstance(value, dict) or not isinstance(value.get("profile"), str):
            raise ConfigError(
                f'{at}: give a profile name ("male-deep") '
                f'or a table ({{ profile = "male-deep", pitch = 30 }})'
            )
        overrides = {k: v for k, v in value.items() if k != "profile"}
        _only(overrides, PROFILE_FIELDS, at, "key")
        cast[speaker] = CastEntry(value["profile"], overrides)
    return cast


def _lexicon(table: dict[str, Any], where: str) -> dict[str, str]:
    for word, saying in table.items():
        if not word.strip():
            raise ConfigError(
                f'{where} [lexicon]: the key "{word}" has no word in it; give the word to say differently'
            )
        if not isinstance(saying, str) or not saying.strip():
            raise ConfigError(f'{where} [lexicon] "{word}": give how to say it as text, such as "Hyoo-gah"')
    return dict(table)


def _thoughts(table: dict[str, Any], where: str) -> Thoughts:
    thoughts = _dataclass(Thoughts, table, f"{where} [thoughts]", None)
    if thoughts.voice not in ("speaker", "narrator"):
        raise ConfigError(f"{where} [thoughts]: voice must be speaker or narrator, not {thoughts.voice!r}")
    if not 0.1 <= thoughts.volume <= 1.0 or not 0.5 <= thoughts.rate <= 2.0:
        raise ConfigError(f"{where} [thoughts]: volume must be 0.1-1.0 and rate 0.5-2.0")
    return thoughts


def _first_person(table: dict[str, Any], where: str) -> FirstPerson:
    first_person = _dataclass(FirstPerson, table, f"{where} [first_person]", None)
    if first_person.voice not in ("narrator", "character"):
        raise ConfigError(
            f"{where} [first_person]: voice must be narrator or character, not {first_person.voice!r}"
        )
    return first_person


def _text(table: dict[str, Any], where: str) -> bool:
    _only(table, ("keep_notes",), f"{where} [text]", "key")
    keep = table.get("keep_notes", False)
    if not isinstance(keep, bool):
        raise ConfigError(f"{where} [text]: keep_notes must be true or false")
    return keep


def _dataclass(cls: Any, table: dict[str, Any], where: str, kind: type | None) -> Any:
    """An instance of `cls` from a table, keys and value types checked against its fields."""
    allowed = {f.name: f for f in fields(cls)}
    _only(table, tuple(allowed), where, "key")
    for key, value in table.items():
        default = getattr(cls(), key)
        expected = kind or type(default)
        ok = isinstance(value, (int, float)) if expected is float else isinstance(value, expected)
        if not ok or isinstance(value, bool) or (expected is int and value < 0):
            raise ConfigError(f"{where}: '{key}' must be {_describe(expected)}, not {value!r}")
    return cls(**table)


def _describe(kind: type) -> str:
    return {int: "a whole number of at least 0", float: "a number", str: "text"}.get(kind, kind.__name__)
