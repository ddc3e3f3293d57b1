"""Render one chapter: analyse, cast, synthesize, stitch, and write the MP3s and manifest."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from tqdm import tqdm

from audiobook.analysis.analyse import Analysis, analyse
from audiobook.analysis.attribution.cast import Character
from audiobook.analysis.script import SCRIPT_SUFFIX, apply_corrections
from audiobook.audio.clips import Clip
from audiobook.audio.distributed import connect
from audiobook.audio.loudness import normalize
from audiobook.audio.pcm import Audio
from audiobook.audio.stitch import Placed, stitch
from audiobook.audio.synthesize import Fallback, synthesize
from audiobook.casting.assign import (
    RECORD_NAME,
    Casting,
    cast_voices,
    cast_warnings,
    kept_record,
    record_text,
)
from audiobook.casting.mixes import profiles_for
from audiobook.options import RenderOptions
from audiobook.plan import (
    Job,
    Place,
    plan_job,
)
from audiobook.publish.export import (
    require_ffmpeg,
    write_text,
)
from audiobook.publish.folder import output_lock, require_room
from audiobook.publish.writer import Line, RenderResult, Writing, write_chapter
from audiobook.read.chapter import Chapter


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
