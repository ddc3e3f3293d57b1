"""Render one chapter: analyse, cast, synthesize, stitch, and write the MP3s and manifest."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from audiobook.analysis.analyse import Analysis, analyse
from audiobook.analysis.attribution.cast import Character
from audiobook.analysis.script import SCRIPT_SUFFIX, apply_corrections
from audiobook.audio.distributed import connect
from audiobook.audio.loudness import normalize
from audiobook.audio.pcm import Audio
from audiobook.audio.speech import is_speakable, prepare, say_as, spoken_text
from audiobook.audio.stitch import Pauses, Placed, stitch
from audiobook.audio.synthesize import Clip, Fallback, clip_keys, synthesize
from audiobook.casting.assign import (
    RECORD_NAME,
    Casting,
    cast_voices,
    cast_warnings,
    kept_record,
    record_text,
)
from audiobook.casting.mixes import profiles_for
from audiobook.config import Config
from audiobook.errors import AudiobookError
from audiobook.publish.export import (
    Tags,
    require_ffmpeg,
    safe_name,
    write_text,
)
from audiobook.publish.folder import output_lock, require_room
from audiobook.publish.writer import Line, RenderResult, Writing, write_chapter
from audiobook.read.chapter import Chapter
from audiobook.values import Kind


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


def render_chapter(path: Path | Chapter, options: RenderOptions) -> RenderResult:
    """Render a chapter (a file, or one already read) into `options.output_dir`.

    Only one render writes into a folder at a time (a lock file in it); files left by a render
    that was killed are swept up first. Nothing in the folder changes until synthesis is done and
    there is room on the disk for the chapter. A chapter whose output is already what this render
    would write is left as it is (see `render_key`).
    """
    require_ffmpeg()
    if options.scheduler is not None:
        connect(options.scheduler)
    analysis = analyse_chapter(path, options)
    for warning in cast_warnings(
        options.config, analysis.segments, analysis.cast, analysis.chapter.text, False
    ):
        options.warn(warning)
    with output_lock(options.output_dir):
        recorded, added = kept_record(options.output_dir, [analysis])
        profiles = profiles_for(options.config, options.warn)
        casting = cast_voices(analysis.segments, analysis.cast, profiles, options.config, recorded)
        result = render_analysis(analysis, casting, options, Place.single(analysis.chapter))
        write_text(record_text(recorded, casting, added), options.output_dir / RECORD_NAME)
    return result


def analyse_chapter(
    path: Path | Chapter, options: RenderOptions, given: tuple[Character, ...] | None = None
) -> Analysis:
    """A chapter analysed with the given characters (default: the config's and `--cast`'s), its
    speakers corrected by the edited script when there is one."""
    config = options.config
    cast = config.characters + options.cast if given is None else given
    analysis = analyse(path, cast, config.keep_notes)
    if options.script is not None:
        analysis = replace(
            analysis, segments=apply_corrections(analysis, options.script), script=options.script
        )
    return analysis


def beside_script(chapter: Path) -> Path | None:
    """The edited script saved beside a chapter (CHAPTER.script.txt), if there is one."""
    path = chapter.with_name(chapter.stem + SCRIPT_SUFFIX)
    return path if path.is_file() else None


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


def render_analysis(
    analysis: Analysis, casting: Casting, options: RenderOptions, place: Place
) -> RenderResult:
    """Plan and render one analysed chapter; the caller holds the output folder's lock."""
    return render_job(plan_job(analysis, casting, options, place), options)


def render_job(job: Job, options: RenderOptions, bar: tqdm | None = None) -> RenderResult:
    """Synthesize, stitch and write a planned chapter, unless its output is already up to date
    (or `options.force`). Progress goes to `bar` when given. The caller holds the folder's lock."""
    if not options.force:
        kept = job.up_to_date(options.output_dir)
        if kept is not None:
            return kept
    return write_audio(make_audio(job, options, bar), options, bar)


@dataclass(frozen=True)
class Made:
    """A chapter's audio, levelled, with where each line sits: what `write_audio` writes."""

    job: Job
    lines: list[Line]
    track: Audio
    placed: list[Placed]
    key: str


def make_audio(job: Job, options: RenderOptions, bar: tqdm | None = None) -> Made:
    """Synthesize (or take from the cache) a chapter's clips, stitch and level them."""
    lines = list(job.lines)
    fallback = Fallback(job.casting.narrator, options.warn) if options.keep_going else None
    audios = synthesize(
        [ln.clip for ln in lines], jobs=options.jobs, progress=options.progress, fallback=fallback,
        bar=bar, scheduler=options.scheduler,
    )  # fmt: skip
    for index in fallback.lines if fallback else ():
        lines[index] = Line(lines[index].segment, Clip(lines[index].clip.text, job.casting.narrator))
    track, placed = stitch(audios, job.pauses)
    del audios
    track = normalize(track)
    if bar is not None:
        bar.update(1)  # levelled
    # A fallback changes what was said, so such a render is never taken as up to date.
    key = job.key if not (fallback and fallback.lines) else ""
    return Made(job, lines, track, placed, key)


def write_audio(made: Made, options: RenderOptions, bar: tqdm | None = None) -> RenderResult:
    """Encode and write a chapter's audio into `options.output_dir`, if the disk has room."""
    job = made.job
    require_room(options.output_dir, made.track.duration_ms, options.bitrate)
    how = Writing(options.output_dir, options.encoding, options.bitrate, options.jobs, options.scenes)
    names = (job.place.stem, job.place.scenes)
    return write_chapter(
        job.analysis, made.lines, made.track, made.placed, names, job.tags, made.key, how, bar
    )


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
