"""Write finished audio: MP3 files with ID3 tags, and the JSON manifest. All writes are atomic."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import regex
from mutagen.id3 import APIC, CHAP, CTOC, ID3, TALB, TCOM, TIT2, TPE1, TRCK, CTOCFlags
from pydub import AudioSegment

from .audio import SAMPLE_WIDTH_BYTES, Audio
from .errors import AudiobookError

_UNSAFE = regex.compile(r'[\\/:*?"<>|\p{Cc}\p{Cf}]+')


@dataclass(frozen=True)
class Tags:
    """ID3 tags of one MP3 file."""

    title: str
    """Track title."""
    album: str
    """The book."""
    artist: str
    """The author."""
    track: int | None = None
    """Track number (the chapter number)."""
    narrator: str | None = None
    """Written as the composer, where audiobook players look for the narrator."""
    cover: Path | None = None
    """A JPEG or PNG embedded as the front cover."""


def safe_name(name: str, fallback: str = "untitled") -> str:
    """A file name with no path separators, illegal characters or leading dots."""
    cleaned = _UNSAFE.sub(" ", name)
    cleaned = " ".join(cleaned.split()).strip(" .")
    return cleaned[:150] or fallback


def require_ffmpeg() -> None:
    """Fail early, with the fix, when ffmpeg is missing."""
    if shutil.which("ffmpeg") is None:
        raise AudiobookError("ffmpeg is not installed; install it with: sudo apt-get install ffmpeg")


@dataclass(frozen=True)
class Marker:
    """A chapter marker (ID3 CHAP frame) inside one MP3: a scene of the chapter."""

    title: str
    start_ms: int
    end_ms: int


def write_mp3(
    audio: Audio, path: Path, tags: Tags, bitrate: str = "64k", markers: Sequence[Marker] = ()
) -> None:
    """Encode to MP3 in a temporary file, tag it, then move it into place."""
    segment = AudioSegment(
        data=audio.pcm, sample_width=SAMPLE_WIDTH_BYTES, frame_rate=audio.sample_rate_hz, channels=1
    )
    with _atomic(path) as tmp:
        segment.export(str(tmp), format="mp3", bitrate=bitrate)
        _tag(tmp, tags, markers)


def cut_mp3(source: Path, path: Path, start_ms: int, end_ms: int, tags: Tags) -> None:
    """A stretch of an MP3 copied into its own file without encoding again, then tagged."""
    with _atomic(path) as tmp:
        cmd = [
            "ffmpeg", "-v", "error", "-y", "-ss", f"{start_ms / 1000:.3f}", "-to", f"{end_ms / 1000:.3f}",
            "-i", str(source), "-map", "0:a", "-c", "copy", "-map_metadata", "-1", "-f", "mp3", str(tmp),
        ]  # fmt: skip
        result = subprocess.run(cmd, capture_output=True, check=False)
        if result.returncode != 0:
            reason = result.stderr.decode("utf-8", "replace").strip()
            raise AudiobookError(f"ffmpeg could not cut {path.name} from {source}: {reason}")
        _tag(tmp, tags)


def write_json(data: object, path: Path) -> None:
    """Pretty JSON, written atomically."""
    write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", path)


def write_text(text: str, path: Path) -> None:
    """UTF-8 text, written atomically."""
    with _atomic(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _tag(path: Path, tags: Tags, markers: Sequence[Marker] = ()) -> None:
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TPE1(encoding=3, text=tags.artist))
    if tags.track is not None:
        id3.add(TRCK(encoding=3, text=str(tags.track)))
    if tags.narrator:
        id3.add(TCOM(encoding=3, text=tags.narrator))
    if tags.cover is not None:
        data = tags.cover.read_bytes()
        mime = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
        id3.add(APIC(encoding=3, mime=mime, type=3, desc="Cover", data=data))
    if markers:
        ids = [f"chp{n}" for n in range(len(markers))]
        id3.add(
            CTOC(
                element_id="toc",
                flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=ids,
                sub_frames=[TIT2(encoding=3, text=tags.title)],
            )
        )
        for element, marker in zip(ids, markers, strict=True):
            id3.add(
                CHAP(
                    element_id=element,
                    start_time=marker.start_ms,
                    end_time=marker.end_ms,
                    sub_frames=[TIT2(encoding=3, text=marker.title)],
                )
            )
    id3.save(str(path), v2_version=4)


class _atomic:
    """A temporary path beside `path` that replaces it on success and vanishes on failure."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self.path.parent, prefix=".", suffix=".part" + self.path.suffix)
        os.close(fd)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(name, 0o666 & ~umask)
        self.tmp = Path(name)
        return self.tmp

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)
