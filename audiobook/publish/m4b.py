"""The whole book as one M4B (AAC in MP4) with a chapter marker per chapter and the book's tags."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mutagen import MutagenError
from mutagen.mp4 import MP4, MP4FreeForm

from audiobook.audio.pcm import Audio
from audiobook.errors import AudiobookError
from audiobook.publish.export import atomic, run_tool

M4B_BITRATE = "64k"
AAC_CODER = "fast"
"""ffmpeg's AAC coder: `fast` encodes speech at 64 kb/s three times as fast as the default `twoloop`."""
AAC_PRIMING = 1024
"""Samples ffmpeg's AAC encoder puts before the audio; a piece decodes to whole frames of 1024."""
_KEY_TAG = "----:org.audiobook:render"
_ADTS_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350)


@dataclass(frozen=True)
class BookChapter:
    """One chapter of the book: its scene pieces (ADTS AAC, in order), its title and render key."""

    pieces: tuple[Path, ...]
    title: str
    key: str


def aac_digest(audio: Audio, bitrate: str) -> str:
    """What an AAC piece's frames depend on: the samples, their rate, and the encoder settings."""
    digest = hashlib.sha256(f"aac {audio.sample_rate_hz} {bitrate} {AAC_CODER}".encode())
    digest.update(audio.pcm)
    return digest.hexdigest()


def write_aac(audio: Audio, path: Path, bitrate: str = M4B_BITRATE) -> None:
    """Encode to AAC in ADTS frames (no container: pieces join by concatenation), atomically."""
    with atomic(path) as tmp:
        cmd = [
            "ffmpeg", "-v", "error", "-y", "-f", "s16le", "-ar", str(audio.sample_rate_hz), "-ac", "1",
            "-i", "pipe:0", "-c:a", "aac", "-aac_coder", AAC_CODER, "-b:a", bitrate, "-f", "adts", str(tmp),
        ]  # fmt: skip
        code, errors = run_tool(cmd, audio.pcm)
        if code != 0:
            reason = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise AudiobookError(f"ffmpeg could not encode {path.name}: {reason[0]}")


def adts_samples(data: bytes) -> tuple[int, int]:
    """(samples, sample rate) of ADTS AAC bytes: every frame decodes to 1024 samples per block."""
    pos, samples, rate = 0, 0, 0
    while pos + 7 <= len(data):
        if data[pos] != 0xFF or data[pos + 1] & 0xF6 != 0xF0:
            raise AudiobookError("not an ADTS AAC stream; delete the scene piece and render again")
        rate = rate or _ADTS_RATES[min((data[pos + 2] >> 2) & 0xF, len(_ADTS_RATES) - 1)]
        length = ((data[pos + 3] & 0x3) << 11) | (data[pos + 4] << 3) | (data[pos + 5] >> 5)
        if length < 7:
            raise AudiobookError("a damaged ADTS AAC frame; delete the scene piece and render again")
        samples += 1024 * ((data[pos + 6] & 0x3) + 1)
        pos += length
    return samples, rate


def m4b_key(
    chapters: Sequence[BookChapter],
    title: str,
    author: str | None,
    narrator: str | None,
    cover: Path | None,
    description: str | None = None,
) -> str:
    """A digest of the chapters' render keys and titles, the book's tags and the cover."""
    digest = hashlib.sha256(M4B_BITRATE.encode())
    tags = [title, author or "", str(narrator), str(cover), *([description] if description else [])]
    for part in [*(f"{c.key}\t{c.title}" for c in chapters), *tags]:
        digest.update(part.encode("utf-8") + b"\n")
    if cover is not None and cover.is_file():
        digest.update(cover.read_bytes())
    return digest.hexdigest()


def recorded_key(path: Path) -> str | None:
    """The key an M4B written by `write_m4b` records, if it is there and readable."""
    try:
        tags = MP4(str(path)).tags
    except (MutagenError, OSError):
        return None
    values: list[bytes] = tags.get(_KEY_TAG, []) if tags is not None else []
    return bytes(values[0]).decode() if values else None


def write_m4b(
    chapters: Sequence[BookChapter],
    target: Path,
    title: str,
    author: str | None,
    narrator: str | None = None,
    cover: Path | None = None,
    description: str | None = None,
) -> bool:
    """Write the book as one M4B unless the file there already holds these chapters; True if written.

    Nothing is encoded here: the chapters' AAC pieces, encoded once when their scene changed, are
    joined frame by frame and put in an MP4 by ffmpeg as they are. The markers come from the
    pieces' frame counts, so each starts exactly where its chapter's audio does.
    """
    key = m4b_key(chapters, title, author, narrator, cover, description)
    if target.is_file() and recorded_key(target) == key:
        return False
    starts, rate = [0], 0
    for chapter in chapters:
        length = 0
        for piece in chapter.pieces:
            samples, piece_rate = adts_samples(piece.read_bytes())
            rate = rate or piece_rate
            length += samples
        starts.append(starts[-1] + length)
    with tempfile.TemporaryDirectory() as tmp, atomic(target) as part:
        meta = Path(tmp) / "chapters.txt"
        meta.write_text(
            _ffmetadata(chapters, starts, rate, title, author, narrator, description), encoding="utf-8"
        )
        joined = Path(tmp) / "book.aac"
        cmd = ["ffmpeg", "-v", "error", "-y", "-f", "aac", "-i", str(joined), "-i", str(meta)]
        maps = ["-map", "0:a", "-map_metadata", "1", "-map_chapters", "1"]
        if cover is not None:
            cmd += ["-i", str(cover)]
            maps += ["-map", "2:v", "-c:v", "copy", "-disposition:v:0", "attached_pic"]
        cmd += [*maps, "-c:a", "copy", "-movflags", "+faststart", "-f", "mp4", str(part)]
        _assemble(cmd, [p for c in chapters for p in c.pieces], joined, target)
        tags = MP4(str(part))
        if tags.tags is None:
            tags.add_tags()
        tags.tags[_KEY_TAG] = [MP4FreeForm(key.encode())]  # type: ignore[index]
        tags.save()
    return True


def _assemble(cmd: list[str], pieces: Sequence[Path], joined: Path, target: Path) -> None:
    """The pieces' frames copied into one file (ffmpeg reads a second input slowly from a pipe),
    then ffmpeg run on it."""
    with joined.open("wb") as out:
        for piece in pieces:
            with piece.open("rb") as source:
                shutil.copyfileobj(source, out)
    code, errors = run_tool(cmd, b"")
    if code != 0:
        reason = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise AudiobookError(f"ffmpeg could not write {target.name}: {reason[0]}")


def _ffmetadata(
    chapters: Sequence[BookChapter],
    starts: list[int],
    rate: int,
    title: str,
    author: str | None,
    narrator: str | None,
    description: str | None = None,
) -> str:
    """ffmpeg's metadata file: the book's tags and one [CHAPTER] per chapter, in milliseconds."""
    lines = [";FFMETADATA1", f"title={_escape(title)}", f"album={_escape(title)}"]
    if author:
        lines += [f"artist={_escape(author)}", f"album_artist={_escape(author)}"]
    lines.append("genre=Audiobook")
    if narrator:
        lines.append(f"composer={_escape(narrator)}")
    if description:
        lines += [f"description={_escape(description)}", f"comment={_escape(description)}"]
    for k, chapter in enumerate(chapters):
        start, end = (round(starts[i] * 1000 / rate) for i in (k, k + 1))
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={start}",
            f"END={end}",
            f"title={_escape(chapter.title)}",
        ]
    return "\n".join(lines) + "\n"


def _escape(value: str) -> str:
    """ffmetadata escapes '=', ';', '#', '\\' and newlines with a backslash."""
    out = value.replace("\\", "\\\\")
    for char in "=;#\n":
        out = out.replace(char, "\\" + char)
    return out
