"""A chapter's render planned before any audio is made: each line's voice and words, the pauses,
the file's place, name and tags, and the key that says whether its output is up to date."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from audiobook.analysis.analyse import Analysis
from audiobook.audio.clips import Clip
from audiobook.audio.speech import is_speakable, prepare, say_as, spoken_text
from audiobook.audio.stitch import Pauses
from audiobook.audio.synthesize import clip_keys
from audiobook.casting.assign import (
    Casting,
)
from audiobook.errors import AudiobookError
from audiobook.options import RenderOptions
from audiobook.publish.export import (
    Tags,
    safe_name,
)
from audiobook.publish.writer import Line, RenderResult
from audiobook.read.chapter import Chapter
from audiobook.values import Kind


@dataclass(frozen=True)
class Place:
    """Where a chapter's files go in the output folder and which track it is."""

    stem: str
    """The chapter MP3's and manifest's file name without suffix."""
    scenes: str
    """The chapter's folder under `scenes/`."""
    track: int | None
    """Track number."""
    tracks: int | None = None
    """Tracks in the book, when the chapter is part of one."""
    title: str | None = None
    """Track title, when it must differ from the chapter's own (two chapters of one title)."""

    @staticmethod
    def single(chapter: Chapter) -> Place:
        """A chapter rendered on its own: named and numbered by its heading."""
        number = chapter.number
        stem = safe_name(f"{number} - {chapter.title}" if number is not None else chapter.title)
        return Place(stem, safe_name(str(number)) if number is not None else stem, number)


RENDER_FORMAT = 4
"""Raise when what a render writes for the same inputs changes, so that old outputs are redone
(3: scene files carry an album of their own, subtitles come in readable cues; 4: the manifest
keeps each word's time, and cues start on them)."""


@dataclass(frozen=True)
class Job:
    """A chapter planned for rendering: what each line says in which voice, and the key of it all."""

    analysis: Analysis
    casting: Casting
    place: Place
    lines: list[Line]
    pauses: list[float]
    tags: Tags
    key: str
    """The render key (see `render_key`)."""
    clip_keys: list[str]
    """Each line's clip cache key."""

    def up_to_date(self, folder: Path) -> RenderResult | None:
        """The result already in `folder` when it is what this job would write."""
        return _up_to_date(folder, self.place, self.key)


def plan_job(analysis: Analysis, casting: Casting, options: RenderOptions, place: Place) -> Job:
    """Plan an analysed chapter: its lines, pauses, tags and render key. Nothing is synthesized."""
    config = options.config
    lines = plan(analysis, casting, say_as(config.lexicon))
    if not lines:
        where = analysis.chapter.path
        raise AudiobookError(f"{where} has nothing to read aloud; check that it holds story text")
    pauses = _pauses(lines, config.pauses)
    tags = _tags(analysis.chapter, options, place)
    keys = clip_keys([ln.clip for ln in lines])
    encoding = f"{options.encoding} {options.bitrate} {options.scenes}"
    key = render_key(analysis, lines, keys, pauses, tags, encoding, place)
    return Job(analysis, casting, place, lines, pauses, tags, key, keys)


def render_key(
    analysis: Analysis,
    lines: list[Line],
    keys: list[str],
    pauses: list[float],
    tags: Tags,
    encoding: str,
    place: Place,
) -> str:
    """A digest of everything a chapter's output depends on: its text and segments, each clip's
    text, voice and engine version (the clip cache keys), the pauses, the tags and the encoding."""
    cover = (
        hashlib.sha256(tags.cover.read_bytes()).hexdigest() if tags.cover and tags.cover.is_file() else None
    )
    blob = json.dumps(
        [
            RENDER_FORMAT,
            hashlib.sha256(analysis.chapter.text.encode("utf-8")).hexdigest(),
            [(ln.segment.kind, ln.segment.speaker, ln.segment.scene, ln.segment.start) for ln in lines],
            keys,
            pauses,
            [tags.title, tags.album, tags.artist, tags.track, tags.tracks, tags.narrator, cover]
            + ([tags.comment] if tags.comment else []),
            encoding,
            [place.stem, place.scenes],
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _up_to_date(folder: Path, place: Place, key: str) -> RenderResult | None:
    """The result already in `folder` when its manifest records this key and its files are there."""
    manifest = folder / f"{place.stem}.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("render_key") != key:
        return None
    chapter_mp3 = folder / str(data["file"]) if data.get("file") else None
    scenes = [folder / str(scene.get("file", "")) for scene in data.get("scenes", [])]
    if (chapter_mp3 is not None and not chapter_mp3.is_file()) or not all(p.is_file() for p in scenes):
        return None
    return RenderResult(chapter_mp3, manifest, scenes, float(data.get("duration_ms", 0)), 0, skipped=True)


def book_names(chapter: Path, options: RenderOptions) -> tuple[str, str | None]:
    """(book title, author): the options', else the config's; else the chapter's folder name, and
    no author (no tag is written rather than a made-up one)."""
    info = options.config.book
    book = options.book or info.title or safe_name(chapter.resolve().parent.name, "Audiobook")
    return book, options.author or info.author or None


def _tags(chapter: Chapter, options: RenderOptions, place: Place) -> Tags:
    book, author = book_names(chapter.path, options)
    info = options.config.book
    title = place.title or chapter.title
    return Tags(
        title,
        book,
        author,
        track=place.track,
        tracks=place.tracks,
        narrator=info.narrator,
        cover=info.cover,
        comment=info.description,
    )


def plan(analysis: Analysis, casting: Casting, say: Callable[[str], str] = str) -> list[Line]:
    """Every segment that has something to say, with its voice and the words to speak."""
    lines = []
    text = analysis.chapter.text
    for seg in analysis.segments:
        if seg.kind == Kind.TITLE:
            spoken = analysis.chapter.heading
        elif seg.kind in (Kind.NARRATION, Kind.DIALOGUE, Kind.THOUGHT):
            spoken = spoken_text(text[seg.start : seg.end])
        else:
            continue
        spoken = prepare(say(spoken))
        if is_speakable(spoken):
            lines.append(Line(seg, Clip(spoken, casting.voice_for(seg))))
    return lines


def _pauses(lines: list[Line], pauses: Pauses) -> list[float]:
    """The silence before each line, by the boundary it follows."""
    result: list[float] = [0.0]
    for prev, line in zip(lines, lines[1:], strict=False):
        a, b = prev.segment, line.segment
        if a.kind == Kind.TITLE:
            result.append(pauses.title_ms)
        elif b.scene != a.scene:
            result.append(pauses.scene_ms)
        elif b.paragraph != a.paragraph:
            result.append(pauses.paragraph_ms)
        elif prev.clip.voice != line.clip.voice:
            result.append(pauses.speaker_change_ms)
        else:
            result.append(pauses.sentence_ms)
    return result
