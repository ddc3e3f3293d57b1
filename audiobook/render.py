"""Render one chapter: analyse, cast, synthesize, stitch, and write the MP3s and manifest."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import Analysis, analyse
from .audio import Audio
from .casting import Casting, cast_voices
from .errors import AudiobookError
from .export import Tags, require_ffmpeg, safe_name, write_json, write_mp3
from .segment import Segment
from .speech import is_speakable, spoken_text
from .stitch import Pauses, Placed, stitch
from .synthesize import Clip, synthesize
from .voices import load_voices


@dataclass(frozen=True)
class RenderOptions:
    """What a render writes and how."""

    output_dir: Path = Path("output")
    """Folder for the chapter MP3, its manifest and the `scenes/` subfolder."""
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Worker processes for synthesis."""
    book: str | None = None
    """Album tag; by default the chapter's folder name."""
    author: str = "Unknown author"
    """Artist tag."""
    bitrate: str = "64k"
    """MP3 bitrate."""
    pauses: Pauses = field(default_factory=Pauses)
    """Silences between segments."""
    progress: bool = True
    """Show a progress bar on a terminal."""


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


@dataclass(frozen=True)
class _Line:
    """A segment that is read aloud, with its voice and spoken text."""

    segment: Segment
    clip: Clip


def render_chapter(path: Path, options: RenderOptions) -> RenderResult:
    """Render a chapter file into `options.output_dir`."""
    require_ffmpeg()
    analysis = analyse(path)
    casting = cast_voices(analysis.segments, analysis.cast, load_voices())
    lines = _plan(analysis, casting)
    if not lines:
        raise AudiobookError(f"{path} has nothing to read aloud; check that it holds story text")
    audios = synthesize([ln.clip for ln in lines], jobs=options.jobs, progress=options.progress)
    track, placed = stitch(audios, _pauses(lines, options.pauses))
    return _write(analysis, lines, track, placed, options)


def _plan(analysis: Analysis, casting: Casting) -> list[_Line]:
    """Every segment that has something to say, with its voice."""
    lines = []
    text = analysis.chapter.text
    for seg in analysis.segments:
        if seg.kind == "title":
            spoken = analysis.chapter.heading
        elif seg.kind in ("narration", "dialogue", "thought"):
            spoken = spoken_text(text[seg.start : seg.end])
        else:
            continue
        if is_speakable(spoken):
            lines.append(_Line(seg, Clip(spoken, casting.voice_for(seg))))
    return lines


def _pauses(lines: list[_Line], pauses: Pauses) -> list[float]:
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
            result.append(pauses.segment_ms)
    return result


def _write(
    analysis: Analysis,
    lines: list[_Line],
    track: Audio,
    placed: list[Placed],
    options: RenderOptions,
) -> RenderResult:
    """The chapter MP3, one MP3 per scene, and the manifest, encoded in parallel."""
    chapter = analysis.chapter
    stem = safe_name(f"{chapter.number} - {chapter.title}" if chapter.number is not None else chapter.title)
    out = options.output_dir
    scene_dir = out / "scenes" / safe_name(str(chapter.number) if chapter.number is not None else stem)
    book = options.book or safe_name(chapter.path.resolve().parent.name, "Audiobook")
    tags = Tags(chapter.title, book, options.author, chapter.number)
    rate = track.sample_rate_hz
    scenes = _scene_spans(lines, placed)
    jobs: list[tuple[Audio, Path, Tags]] = [(track, out / f"{stem}.mp3", tags)]
    for n, (first, last) in enumerate(scenes, start=1):
        piece = Audio(track.pcm[first * 2 : last * 2], rate)
        title = f"{chapter.title} - scene {n}"
        jobs.append((piece, scene_dir / f"scene-{n:02d}.mp3", Tags(title, book, options.author, n)))
    try:
        with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
            list(pool.map(lambda job: write_mp3(job[0], job[1], job[2], options.bitrate), jobs))
    except PermissionError as exc:
        raise AudiobookError(f"cannot write into {out}: {exc.strerror}; choose another --output") from exc
    manifest = out / f"{stem}.json"
    write_json(_manifest(analysis, lines, placed, rate, jobs, scenes), manifest)
    return RenderResult(jobs[0][1], manifest, [j[1] for j in jobs[1:]], track.duration_ms)


def _scene_spans(lines: list[_Line], placed: list[Placed]) -> list[tuple[int, int]]:
    """(first frame, end frame) of each scene; a scene runs until the next one starts."""
    starts: dict[int, int] = {}
    for line, place in zip(lines, placed, strict=True):
        starts.setdefault(line.segment.scene, place.start_frame)
    order = sorted(starts.values())
    ends = order[1:] + [placed[-1].end_frame]
    return [(0 if i == 0 else s, e) for i, (s, e) in enumerate(zip(order, ends, strict=True))]


def _manifest(
    analysis: Analysis,
    lines: list[_Line],
    placed: list[Placed],
    rate: int,
    jobs: list[tuple[Audio, Path, Tags]],
    scenes: list[tuple[int, int]],
) -> dict[str, object]:
    chapter = analysis.chapter
    text = chapter.text

    def ms(frame: int) -> int:
        return round(frame * 1000 / rate)

    return {
        "title": chapter.title,
        "number": chapter.number,
        "source": str(chapter.path),
        "file": jobs[0][1].name,
        "duration_ms": ms(placed[-1].end_frame),
        "scenes": [
            {
                "index": i,
                "file": str(job[1].relative_to(jobs[0][1].parent)),
                "start_ms": ms(s),
                "end_ms": ms(e),
            }
            for i, (job, (s, e)) in enumerate(zip(jobs[1:], scenes, strict=True))
        ],
        "segments": [
            {
                "kind": line.segment.kind,
                "speaker": line.segment.speaker,
                "voice": line.clip.voice.name,
                "text": text[line.segment.start : line.segment.end],
                "start_ms": ms(place.start_frame),
                "end_ms": ms(place.end_frame),
                "scene": line.segment.scene,
                "paragraph": line.segment.paragraph,
                "start": line.segment.start,
                "end": line.segment.end,
            }
            for line, place in zip(lines, placed, strict=True)
        ],
    }
