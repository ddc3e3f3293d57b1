"""Write a rendered chapter: a file per scene, the chapter joined from them, subtitles, the manifest.

Two encodings. `mp3`: a scene MP3 each and the chapter MP3 their frames joined (no second
encode), with subtitles beside it. `aac`: a scene piece of ADTS AAC each, which the book's M4B
joins as it is (see `m4b.write_m4b`); no chapter file. Either way each scene is encoded once, the
scenes in parallel, and a scene whose audio is unchanged keeps its file, so a change to one voice
re-encodes only the scenes where it speaks.
"""

from __future__ import annotations

import functools
import json
from bisect import bisect_right
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from tqdm import tqdm

from audiobook.analysis.analyse import Analysis
from audiobook.audio.clips import Clip
from audiobook.audio.loudness import pauses
from audiobook.audio.pcm import SAMPLE_WIDTH_BYTES, Audio
from audiobook.audio.stitch import Placed
from audiobook.errors import AudiobookError
from audiobook.publish.export import (
    ENCODER_DELAY,
    Marker,
    Tags,
    audio_digest,
    encoded_digest,
    join_mp3,
    mpeg_frames,
    retag_mp3,
    stop_tools,
    write_json,
    write_mp3,
    write_text,
)
from audiobook.publish.m4b import AAC_PRIMING, aac_digest, adts_samples, write_aac
from audiobook.publish.subtitles import cues_for, srt, vtt
from audiobook.read.chapter import Chapter
from audiobook.values import Kind, Segment

ENCODINGS = ("mp3", "aac")
SCENE_FOLDERS = ("scenes", ".scenes")
"""Where scene files go: `scenes/` (for listeners), or `.scenes/` when they are not wanted (still
kept, since they are what a re-render reuses; folders starting with `.` are hidden from file
managers and Audiobookshelf)."""


@dataclass(frozen=True)
class Line:
    """A segment that is read aloud, with its voice and spoken text."""

    segment: Segment
    clip: Clip


@dataclass(frozen=True)
class Writing:
    """Where and how a chapter is written."""

    folder: Path
    encoding: str = "mp3"
    """`mp3` or `aac` (see the module's doc)."""
    bitrate: str = "64k"
    jobs: int = 1
    """Scenes encoded at once."""
    scenes: str = "scenes"
    """The folder of scene files, one of SCENE_FOLDERS."""


@dataclass(frozen=True)
class RenderResult:
    """The files a render wrote."""

    chapter_mp3: Path | None
    """The whole chapter (none when written as AAC pieces for an M4B)."""
    manifest: Path
    """The JSON manifest: timings, speakers, the scene files."""
    scene_files: list[Path]
    """One file per scene."""
    duration_ms: float
    """Length of the chapter audio."""
    scenes_encoded: int = 0
    """Scene files encoded by this render; the others already held their audio and were kept."""
    skipped: bool = False
    """True when the output was already up to date and nothing was written."""


def write_chapter(
    analysis: Analysis,
    lines: list[Line],
    track: Audio,
    placed: list[Placed],
    names: tuple[str, str],
    tags: Tags,
    key: str,
    how: Writing,
    bar: tqdm | None = None,
) -> RenderResult:
    """Write the chapter's scene files (and, as MP3, the chapter and its subtitles) and last its
    manifest, which records `key`. `names` are the chapter's file stem and its folder of scenes;
    `bar` advances by one for each scene encoded or kept."""
    stem, folder = names
    out = how.folder
    rate = track.sample_rate_hz
    spans = _scene_spans(lines, placed)
    suffix = ".mp3" if how.encoding == "mp3" else ".aac"
    scene_files = [out / how.scenes / folder / f"scene-{n:02d}{suffix}" for n in range(1, len(spans) + 1)]
    chapter = analysis.chapter
    titles = [f"{chapter.title} - scene {n}" for n in range(1, len(spans) + 1)]
    width = SAMPLE_WIDTH_BYTES
    audios = [Audio(track.pcm[s * width : e * width], rate) for s, e in spans]
    try:
        calls = _encodes(audios, scene_files, titles, tags, how, out / f"{stem}.json")
        digests, encoded = _encode_all(calls, how.jobs, bar)
        if how.encoding == "mp3":
            lengths = [mpeg_frames(path.read_bytes())[1] for path in scene_files]
            delay = ENCODER_DELAY
        else:
            lengths = [adts_samples(path.read_bytes())[0] for path in scene_files]
            delay = AAC_PRIMING
        offsets = [0]
        for length in lengths:
            offsets.append(offsets[-1] + length)
        chapter_mp3 = out / f"{stem}.mp3" if how.encoding == "mp3" else None
        timing = (rate, spans, offsets, delay)
        data = _manifest(analysis, lines, placed, timing, out, chapter_mp3, scene_files, pauses(track))
        if how.encoding == "aac":
            for scene, digest in zip(data["scenes"], digests, strict=True):
                scene["digest"] = digest
        if chapter_mp3 is not None:
            markers = [
                Marker(title, _ms(offsets[k], rate), _ms(offsets[k + 1], rate))
                for k, title in enumerate(titles)
            ]
            join_mp3(scene_files, chapter_mp3, tags, markers)
            cues = chapter_cues(data["segments"])
            write_text(srt(cues), chapter_mp3.with_suffix(".srt"))
            write_text(vtt(cues), chapter_mp3.with_suffix(".vtt"))
        data["render_key"] = key
        write_json(data, out / f"{stem}.json")
    except OSError as exc:
        raise AudiobookError(f"cannot write into {out}: {exc.strerror}; choose another --output") from exc
    result = RenderResult(chapter_mp3, out / f"{stem}.json", scene_files, offsets[-1] * 1000 / rate, encoded)
    return result


def chapter_cues(segments: list[dict[str, Any]], offset_ms: int = 0) -> list[Any]:
    """Readable subtitle cues for a manifest's segments, `offset_ms` later."""
    return [
        cue
        for s in segments
        for cue in cues_for(
            s["start_ms"] + offset_ms,
            s["end_ms"] + offset_ms,
            s["text"],
            s["speaker"] if s["kind"] != "narration" else None,
            [(a + offset_ms, b + offset_ms) for a, b in s.get("pauses_ms", [])],
            (s["spoken"], [(at, ms + offset_ms) for at, ms in s.get("words_ms", [])]),
        )
    ]


def _encodes(
    audios: list[Audio], files: list[Path], titles: list[str], tags: Tags, how: Writing, manifest: Path
) -> list[Callable[[], tuple[bool, str | None]]]:
    """The encode of each scene: a tagged MP3 (with an album of its own, so that no player lists
    the scenes with the chapters), or an AAC piece (its audio digest kept in the manifest)."""
    if how.encoding == "mp3":
        album = f"{tags.album} — scenes"
        return [
            partial(
                _scene_mp3,
                audio,
                path,
                replace(tags, title=t, album=album, track=n, tracks=len(files)),
                how.bitrate,
            )
            for n, (audio, path, t) in enumerate(zip(audios, files, titles, strict=True), 1)
        ]
    kept = _recorded_digests(manifest)
    return [
        partial(_scene_aac, audio, path, kept.get(path.name), how.bitrate)
        for audio, path in zip(audios, files, strict=True)
    ]


def _encode_all(
    calls: list[Callable[[], tuple[bool, str | None]]], jobs: int, bar: tqdm | None
) -> tuple[list[str | None], int]:
    """Run the scene encodes in parallel; (each scene's digest, how many were encoded)."""
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        futures = {pool.submit(call): k for k, call in enumerate(calls)}
        results: list[tuple[bool, str | None]] = [(False, None)] * len(calls)
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if bar is not None:
                bar.update(1)
    except BaseException:
        # Stopped (or failed): no waiting for the encoders still running; they are killed.
        pool.shutdown(wait=False, cancel_futures=True)
        stop_tools()
        raise
    pool.shutdown()
    return [digest for _, digest in results], sum(done for done, _ in results)


def _scene_mp3(audio: Audio, path: Path, tags: Tags, bitrate: str) -> tuple[bool, str | None]:
    """Encode a scene, or keep its file when it already holds exactly this audio (only retagged);
    (True if encoded, its digest)."""
    digest = audio_digest(audio, bitrate)
    if path.is_file() and encoded_digest(path) == digest:
        retag_mp3(path, tags)
        return False, digest
    write_mp3(audio, path, tags, bitrate)
    return True, digest


def _scene_aac(audio: Audio, path: Path, recorded: str | None, bitrate: str) -> tuple[bool, str | None]:
    """Encode a scene piece, or keep it when the manifest records that it holds exactly this audio."""
    digest = aac_digest(audio, bitrate)
    if path.is_file() and recorded == digest:
        return False, digest
    write_aac(audio, path, bitrate)
    return True, digest


def _recorded_digests(manifest: Path) -> dict[str, str]:
    """Scene file name -> the audio digest the last render recorded for it."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    scenes = data.get("scenes", []) if isinstance(data, dict) else []
    return {
        Path(str(s.get("file", ""))).name: str(s["digest"])
        for s in scenes
        if isinstance(s, dict) and s.get("digest")
    }


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
    timing: tuple[int, list[tuple[int, int]], list[int], int],
    out: Path,
    chapter_mp3: Path | None,
    scene_files: list[Path],
    quiet: list[tuple[int, int]],
) -> dict[str, Any]:
    """The chapter's manifest, in ms of its file (`timing`: rate, scene spans, offsets, the
    encoder's delay; see `_Clock`). Each segment carries the pauses inside it (`quiet`, frames of
    the track) and its words' times when the engine told, for the subtitles."""
    rate, spans, offsets, delay = timing
    chapter = analysis.chapter
    clock = _Clock(rate, [s for s, _ in spans], offsets, delay, quiet)
    return {
        "title": chapter.title,
        "number": chapter.number,
        "source": str(chapter.path),
        "file": chapter_mp3.name if chapter_mp3 is not None else None,
        "duration_ms": _ms(offsets[-1], rate),
        "scenes": [
            {
                "index": i,
                "file": str(path.relative_to(out)),
                "start_ms": _ms(offsets[i], rate),
                "end_ms": _ms(offsets[i + 1], rate),
            }
            for i, path in enumerate(scene_files)
        ],
        "segments": [
            _segment(chapter, line, place, clock) for line, place in zip(lines, placed, strict=True)
        ],
    }


@dataclass(frozen=True)
class _Clock:
    """Where a frame of the track plays in the chapter's file: a sample at `frame` of scene k's
    audio plays at offsets[k] + delay + (frame - the scene's first frame)."""

    rate: int
    firsts: list[int]
    offsets: list[int]
    delay: int
    quiet: list[tuple[int, int]]

    @functools.cached_property
    def quiet_starts(self) -> list[int]:
        return [q[0] for q in self.quiet]

    def at(self, place: Placed, frame: int) -> int:
        k = bisect_right(self.firsts, place.start_frame) - 1
        return _ms(self.offsets[k] + self.delay + frame - self.firsts[k], self.rate)

    def pauses_in(self, place: Placed) -> list[list[int]]:
        """The quiet stretches inside a clip, in ms of the chapter's file."""
        k = bisect_right(self.quiet_starts, place.start_frame)
        inside = []
        while k < len(self.quiet) and self.quiet[k][1] < place.end_frame:
            inside.append([self.at(place, self.quiet[k][0]), self.at(place, self.quiet[k][1])])
            k += 1
        return inside


def _segment(chapter: Chapter, line: Line, place: Placed, clock: _Clock) -> dict[str, Any]:
    """A segment's entry in the manifest."""
    seg = line.segment
    entry = {
        "kind": seg.kind,
        "speaker": seg.speaker,
        "voice": line.clip.voice.name,
        "text": chapter.heading if seg.kind == Kind.TITLE else chapter.text[seg.start : seg.end],
        "spoken": line.clip.text,
        "start_ms": clock.at(place, place.start_frame),
        "end_ms": clock.at(place, place.end_frame),
        "scene": seg.scene,
        "paragraph": seg.paragraph,
        "start": seg.start,
        "end": seg.end,
    }
    found = clock.pauses_in(place)
    words = [[at, clock.at(place, frame)] for at, frame in place.words]
    return entry | ({"pauses_ms": found} if found else {}) | ({"words_ms": words} if words else {})
