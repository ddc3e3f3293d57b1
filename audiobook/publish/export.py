"""Write finished audio: MP3 files with ID3 tags, and the JSON manifest. All writes are atomic."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import regex
from mutagen import MutagenError
from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCOM, TIT2, TPE1, TRCK, TXXX, CTOCFlags

from audiobook.audio.pcm import Audio
from audiobook.errors import AudiobookError

_UNSAFE = regex.compile(r'[\\/:*?"<>|\p{Cc}\p{Cf}]+')


@dataclass(frozen=True)
class Tags:
    """ID3 tags of one MP3 file."""

    title: str
    """Track title."""
    album: str
    """The book."""
    artist: str | None
    """The author; no tag when unknown."""
    track: int | None = None
    """Track number (the chapter number, or its place in a book)."""
    tracks: int | None = None
    """How many tracks the book has, written as `track/tracks`."""
    narrator: str | None = None
    """Written as the composer, where audiobook players look for the narrator."""
    cover: Path | None = None
    """A JPEG or PNG embedded as the front cover."""
    comment: str | None = None
    """The book's description (a work's summary), written as the comment."""


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


MP3_QUALITY = 7
"""LAME's algorithm quality (0 best and slowest, 9 fastest). At speech bitrates 7 sounds the same as
the default 3 and encodes twice as fast; the encode is the largest cost after synthesis."""
ENCODER_DELAY = 1105
"""Samples of silence LAME puts before the audio (576 encoder + 529 decoder delay). Files are written
without a gapless (Xing/LAME) header, so every MP3 decodes to whole frames with the audio this far in,
and MP3s joined frame by frame keep exact timings."""
_DIGEST_TAG = "audiobook:audio"


def write_mp3(
    audio: Audio, path: Path, tags: Tags, bitrate: str = "64k", markers: Sequence[Marker] = ()
) -> None:
    """Encode to MP3 in a temporary file, tag it, then move it into place.

    The samples go to ffmpeg through a pipe: no intermediate WAV is written and read back. The
    file's tag records a digest of the audio and the encoder settings (see `encoded_digest`).
    """
    with atomic(path) as tmp:
        cmd = [
            "ffmpeg", "-v", "error", "-y", "-f", "s16le", "-ar", str(audio.sample_rate_hz), "-ac", "1",
            "-i", "pipe:0", "-c:a", "libmp3lame", "-b:a", bitrate, "-compression_level", str(MP3_QUALITY),
            "-write_xing", "0", "-f", "mp3", str(tmp),
        ]  # fmt: skip
        code, errors = run_tool(cmd, audio.pcm)
        if code != 0:
            reason = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise AudiobookError(f"ffmpeg could not encode {path.name}: {reason[0]}")
        _tag(tmp, tags, markers, audio_digest(audio, bitrate))


_RUNNING: set[subprocess.Popen[bytes]] = set()
_RUNNING_LOCK = threading.Lock()


def run_tool(cmd: list[str], data: bytes) -> tuple[int, bytes]:
    """Run an encoder with `data` on its stdin; its exit code and what it printed on stderr. It is
    known while it runs, so that `stop_tools` can end it when a render is stopped."""
    process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with _RUNNING_LOCK:
        _RUNNING.add(process)
    try:
        _, errors = process.communicate(data)
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(process)
    return process.returncode, errors


def stop_tools() -> None:
    """Kill every encoder still running (a render was stopped while threads were encoding)."""
    with _RUNNING_LOCK:
        running = list(_RUNNING)
    for process in running:
        with contextlib.suppress(OSError):
            process.kill()


def audio_digest(audio: Audio, bitrate: str) -> str:
    """What an MP3's frames depend on: the samples, their rate, and the encoder settings."""
    digest = hashlib.sha256(f"{audio.sample_rate_hz} {bitrate} q{MP3_QUALITY} nogapless".encode())
    digest.update(audio.pcm)
    return digest.hexdigest()


def encoded_digest(path: Path) -> str | None:
    """The audio digest recorded in an MP3 written by `write_mp3`, if it is there and readable."""
    try:
        frames = ID3(str(path)).getall(f"TXXX:{_DIGEST_TAG}")
    except (MutagenError, OSError):
        return None
    return str(frames[0].text[0]) if frames and frames[0].text else None


def retag_mp3(path: Path, tags: Tags) -> None:
    """New tags on an MP3 whose audio is kept: a copy is tagged, then moved into place."""
    digest = encoded_digest(path)
    with atomic(path) as tmp:
        shutil.copyfile(path, tmp)
        _tag(tmp, tags, (), digest)


def mpeg_frames(data: bytes) -> tuple[bytes, int]:
    """The MPEG audio frames of an MP3 file's bytes (tags left out) and the samples they decode to."""
    pos = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
        pos = 10 + size + (10 if data[5] & 0x10 else 0)
    start, samples = pos, 0
    while pos + 4 <= len(data):
        header = int.from_bytes(data[pos : pos + 4], "big")
        length, count = _frame_size(header)
        if length == 0 or pos + length > len(data):
            break
        pos += length
        samples += count
    return data[start:pos], samples


# Bitrates (kbit/s) of layer III by bitrate index, for MPEG-1 and for MPEG-2/2.5.
_BITRATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _frame_size(header: int) -> tuple[int, int]:
    """(bytes, samples) of the layer III frame with this 32-bit header; (0, 0) if it is not one."""
    if header >> 21 != 0x7FF or (header >> 17) & 3 != 1:
        return 0, 0
    version, bitrate_index, rate_index = (header >> 19) & 3, (header >> 12) & 15, (header >> 10) & 3
    if version == 1 or bitrate_index in (0, 15) or rate_index == 3:
        return 0, 0
    padding = (header >> 9) & 1
    mpeg1 = version == 3
    bitrate = _BITRATES[1 if mpeg1 else 2][bitrate_index] * 1000
    rate = _RATES[version][rate_index]
    per_frame = 1152 if mpeg1 else 576
    return per_frame // 8 * bitrate // rate + padding, per_frame


def join_mp3(parts: Sequence[Path], path: Path, tags: Tags, markers: Sequence[Marker] = ()) -> list[int]:
    """MP3s joined frame by frame into one (no encoding), tagged; returns each part's length in samples.

    The parts must share rate and bitrate and have no gapless header (as `write_mp3` writes them):
    then part k's audio starts ENCODER_DELAY samples after the sum of the earlier parts' lengths.
    """
    lengths = []
    with atomic(path) as tmp:
        with tmp.open("wb") as out:
            for part in parts:
                frames, count = mpeg_frames(part.read_bytes())
                if count == 0:
                    raise AudiobookError(f"{part} holds no MP3 audio; delete it and render again")
                out.write(frames)
                lengths.append(count)
        _tag(tmp, tags, markers)
    return lengths


def write_json(data: object, path: Path) -> None:
    """Pretty JSON, written atomically."""
    write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", path)


def write_text(text: str, path: Path) -> None:
    """UTF-8 text, written atomically."""
    with atomic(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(data: bytes, path: Path) -> None:
    """Bytes, written atomically."""
    with atomic(path) as tmp:
        tmp.write_bytes(data)


def _tag(path: Path, tags: Tags, markers: Sequence[Marker] = (), digest: str | None = None) -> None:
    id3 = ID3()
    if digest is not None:
        id3.add(TXXX(encoding=3, desc=_DIGEST_TAG, text=digest))
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TALB(encoding=3, text=tags.album))
    if tags.artist:
        id3.add(TPE1(encoding=3, text=tags.artist))
    if tags.track is not None:
        total = f"/{tags.tracks}" if tags.tracks else ""
        id3.add(TRCK(encoding=3, text=f"{tags.track}{total}"))
    if tags.narrator:
        id3.add(TCOM(encoding=3, text=tags.narrator))
    if tags.comment:
        id3.add(COMM(encoding=3, lang="eng", desc="", text=tags.comment))
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


class atomic:  # noqa: N801 (used as a function: `with atomic(path) as tmp`)
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
