"""Render one chapter: analyse, cast, synthesize, stitch, and write the MP3s and manifest."""

from __future__ import annotations

import fcntl
import os
import shutil
from bisect import bisect_right
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .analysis import Analysis, analyse
from .audio import SAMPLE_WIDTH_BYTES, Audio
from .casting import RECORD_NAME, Casting, cast_voices, read_record, record_text
from .characters import Character
from .config import Config
from .errors import AudiobookError
from .export import (
    ENCODER_DELAY,
    Marker,
    Tags,
    audio_digest,
    encoded_digest,
    join_mp3,
    mpeg_frames,
    require_ffmpeg,
    retag_mp3,
    safe_name,
    write_json,
    write_mp3,
    write_text,
)
from .loudness import normalize
from .script import apply_corrections
from .segment import Segment
from .speech import is_speakable, prepare, say_as, spoken_text
from .stitch import Pauses, Placed, stitch
from .subtitles import Cue, srt, vtt
from .synthesize import Clip, Fallback, synthesize
from .voices import load_voices


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


@dataclass(frozen=True)
class RenderResult:
    """The files a render wrote."""

    chapter_mp3: Path
    """The whole chapter."""
    manifest: Path
    """The JSON manifest beside it."""
    scene_files: list[Path]
    """One MP3 per scene."""
    duration_ms: float
    """Length of the chapter audio."""
    scenes_encoded: int = 0
    """Scene files encoded by this render; the others already held their audio and were kept."""


@dataclass(frozen=True)
class Line:
    """A segment that is read aloud, with its voice and spoken text."""

    segment: Segment
    clip: Clip


def render_chapter(path: Path, options: RenderOptions) -> RenderResult:
    """Render a chapter file into `options.output_dir`.

    Only one render writes into a folder at a time (a lock file in it); files left by a render
    that was killed are swept up first. Nothing in the folder changes until synthesis is done and
    there is room on the disk for the chapter.
    """
    require_ffmpeg()
    config = options.config
    analysis = analyse(path, config.characters + options.cast, config.keep_notes)
    if options.script is not None:
        analysis = replace(analysis, segments=apply_corrections(analysis, options.script))
    with output_lock(options.output_dir):
        recorded = read_record(options.output_dir)
        casting = cast_voices(analysis.segments, analysis.cast, load_voices(), config, recorded)
        lines = plan(analysis, casting, say_as(config.lexicon))
        if not lines:
            raise AudiobookError(f"{path} has nothing to read aloud; check that it holds story text")
        fallback = Fallback(casting.narrator, options.warn) if options.keep_going else None
        clips = [ln.clip for ln in lines]
        audios = synthesize(clips, jobs=options.jobs, progress=options.progress, fallback=fallback)
        for index in fallback.lines if fallback else ():
            lines[index] = Line(lines[index].segment, Clip(lines[index].clip.text, casting.narrator))
        track, placed = stitch(audios, _pauses(lines, config.pauses))
        track = normalize(track)
        require_room(options.output_dir, track.duration_ms, options.bitrate)
        result = _write(analysis, lines, track, placed, options)
        write_text(record_text(recorded, casting), options.output_dir / RECORD_NAME)
    return result


LOCK_NAME = ".audiobook.lock"


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold the output folder for one render; a second one stops with a clear message.

    The lock is an OS file lock, so it is gone the moment its holder exits, even when killed.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / LOCK_NAME).open("a+")
    except OSError as exc:
        raise AudiobookError(f"cannot write into {folder}: {exc.strerror}; choose another --output") from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise AudiobookError(
                f"another render ({holder}) is writing into {folder}; wait for it to finish "
                "or choose another --output"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        _sweep(folder)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sweep(folder: Path) -> None:
    """Delete temporary files a killed render left (ours start with `.` and hold `.part`)."""
    for stale in (*folder.glob(".*.part*"), *folder.glob("scenes/*/.*.part*")):
        stale.unlink(missing_ok=True)


def require_room(folder: Path, duration_ms: float, bitrate: str) -> None:
    """Stop before writing anything if the disk cannot hold the chapter, its scenes and the rest."""
    kbits = float(bitrate.rstrip("kK") or 64)
    needed = int(duration_ms / 1000 * kbits * 1000 / 8 * 2 + 4 * 1024 * 1024)
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise AudiobookError(
            f"not enough disk space in {folder}: the chapter needs about {needed / 1e6:.0f} MB, "
            f"{free / 1e6:.0f} MB are free; free some space or choose another --output"
        )


def plan(analysis: Analysis, casting: Casting, say: Callable[[str], str] = str) -> list[Line]:
    """Every segment that has something to say, with its voice and the words to speak."""
    lines = []
    text = analysis.chapter.text
    for seg in analysis.segments:
        if seg.kind == "title":
            spoken = analysis.chapter.heading
        elif seg.kind in ("narration", "dialogue", "thought"):
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
        if a.kind == "title":
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


def _write(
    analysis: Analysis,
    lines: list[Line],
    track: Audio,
    placed: list[Placed],
    options: RenderOptions,
) -> RenderResult:
    """One MP3 per scene, the chapter MP3 joined from them, subtitles and the manifest.

    Each scene is encoded once, the scenes in parallel; a scene file whose recorded audio digest
    matches is kept as it is (only retagged), so a change to one voice re-encodes only the scenes
    where it speaks. The chapter is the scene files' frames joined, with no second encode.
    """
    chapter = analysis.chapter
    stem = safe_name(f"{chapter.number} - {chapter.title}" if chapter.number is not None else chapter.title)
    out = options.output_dir
    scene_dir = out / "scenes" / safe_name(str(chapter.number) if chapter.number is not None else stem)
    info = options.config.book
    book = options.book or info.title or safe_name(chapter.path.resolve().parent.name, "Audiobook")
    author = options.author or info.author or "Unknown author"
    rate = track.sample_rate_hz
    spans = _scene_spans(lines, placed)
    chapter_mp3 = out / f"{stem}.mp3"
    scene_files = [scene_dir / f"scene-{n:02d}.mp3" for n in range(1, len(spans) + 1)]
    titles = [f"{chapter.title} - scene {n}" for n in range(1, len(spans) + 1)]
    width = SAMPLE_WIDTH_BYTES
    try:
        with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
            jobs = [
                pool.submit(
                    _scene_mp3,
                    Audio(track.pcm[s * width : e * width], rate),
                    path,
                    Tags(title, book, author, n, info.narrator, info.cover),
                    options.bitrate,
                )  # fmt: skip
                for n, (path, title, (s, e)) in enumerate(zip(scene_files, titles, spans, strict=True), 1)
            ]
            encoded = sum(job.result() for job in jobs)
        # Each scene's frames decode to whole frames with its audio ENCODER_DELAY samples in.
        tags = Tags(chapter.title, book, author, chapter.number, info.narrator, info.cover)
        offsets = [0]
        lengths = _scene_lengths(scene_files)
        for length in lengths:
            offsets.append(offsets[-1] + length)
        markers = [
            Marker(title, _ms(offsets[k], rate), _ms(offsets[k + 1], rate)) for k, title in enumerate(titles)
        ]
        join_mp3(scene_files, chapter_mp3, tags, markers)
        data = _manifest(analysis, lines, placed, rate, chapter_mp3, scene_files, spans, offsets)
        cues = [Cue(s["start_ms"], s["end_ms"], s["text"]) for s in data["segments"]]
        write_text(srt(cues), chapter_mp3.with_suffix(".srt"))
        write_text(vtt(cues), chapter_mp3.with_suffix(".vtt"))
        manifest = out / f"{stem}.json"
        write_json(data, manifest)
    except OSError as exc:
        raise AudiobookError(f"cannot write into {out}: {exc.strerror}; choose another --output") from exc
    return RenderResult(chapter_mp3, manifest, scene_files, offsets[-1] * 1000 / rate, encoded)


def _scene_mp3(audio: Audio, path: Path, tags: Tags, bitrate: str) -> bool:
    """Encode a scene, or keep its file when it already holds exactly this audio; True if encoded."""
    if path.is_file() and encoded_digest(path) == audio_digest(audio, bitrate):
        retag_mp3(path, tags)
        return False
    write_mp3(audio, path, tags, bitrate)
    return True


def _scene_lengths(paths: list[Path]) -> list[int]:
    """Samples each scene file decodes to."""
    return [mpeg_frames(path.read_bytes())[1] for path in paths]


def _ms(frame: int, rate: int) -> int:
    return round(frame * 1000 / rate)


def _scene_spans(lines: list[Line], placed: list[Placed]) -> list[tuple[int, int]]:
    """(first frame, end frame) of each scene; a scene runs until the next one starts."""
    starts: dict[int, int] = {}
    for line, place in zip(lines, placed, strict=True):
        starts.setdefault(line.segment.scene, place.start_frame)
    order = sorted(starts.values())
    ends = order[1:] + [placed[-1].end_frame]
    return [(0 if i == 0 else s, e) for i, (s, e) in enumerate(zip(order, ends, strict=True))]


def _manifest(
    analysis: Analysis,
    lines: list[Line],
    placed: list[Placed],
    rate: int,
    chapter_mp3: Path,
    scene_files: list[Path],
    spans: list[tuple[int, int]],
    offsets: list[int],
) -> dict[str, Any]:
    """Timings in the chapter MP3: a sample at `frame` of scene k's audio plays at
    offsets[k] + ENCODER_DELAY + (frame - the scene's first frame)."""
    chapter = analysis.chapter
    text = chapter.text
    firsts = [s for s, _ in spans]

    def at(place: Placed, frame: int) -> int:
        k = bisect_right(firsts, place.start_frame) - 1
        return _ms(offsets[k] + ENCODER_DELAY + frame - firsts[k], rate)

    return {
        "title": chapter.title,
        "number": chapter.number,
        "source": str(chapter.path),
        "file": chapter_mp3.name,
        "duration_ms": _ms(offsets[-1], rate),
        "scenes": [
            {
                "index": i,
                "file": str(path.relative_to(chapter_mp3.parent)),
                "start_ms": _ms(offsets[i], rate),
                "end_ms": _ms(offsets[i + 1], rate),
            }
            for i, path in enumerate(scene_files)
        ],
        "segments": [
            {
                "kind": line.segment.kind,
                "speaker": line.segment.speaker,
                "voice": line.clip.voice.name,
                "text": chapter.heading
                if line.segment.kind == "title"
                else text[line.segment.start : line.segment.end],
                "spoken": line.clip.text,
                "start_ms": at(place, place.start_frame),
                "end_ms": at(place, place.end_frame),
                "scene": line.segment.scene,
                "paragraph": line.segment.paragraph,
                "start": line.segment.start,
                "end": line.segment.end,
            }
            for line, place in zip(lines, placed, strict=True)
        ],
    }
