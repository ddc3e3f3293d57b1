"""The whole book as one M4B (AAC in MP4) with a chapter marker per chapter and the book's tags."""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mutagen import MutagenError
from mutagen.mp4 import MP4, MP4FreeForm

from .errors import AudiobookError
from .export import atomic, mp3_rate, mpeg_frames

M4B_BITRATE = "64k"
_KEY_TAG = "----:org.audiobook:render"


@dataclass(frozen=True)
class BookChapter:
    """One chapter of the book: its MP3, its title and the render key of its audio."""

    mp3: Path
    title: str
    key: str


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

    The chapters' MP3 frames are streamed into one ffmpeg, which encodes AAC once; the markers come
    from the frame counts, so each starts exactly where its chapter's audio does.
    """
    key = m4b_key(chapters, title, author, narrator, cover, description)
    if target.is_file() and recorded_key(target) == key:
        return False
    starts, rate = [0], 0
    for chapter in chapters:
        data = chapter.mp3.read_bytes()
        rate = rate or mp3_rate(data)
        starts.append(starts[-1] + mpeg_frames(data)[1])
    with tempfile.TemporaryDirectory() as tmp, atomic(target) as part:
        meta = Path(tmp) / "chapters.txt"
        meta.write_text(
            _ffmetadata(chapters, starts, rate, title, author, narrator, description), encoding="utf-8"
        )
        cmd = ["ffmpeg", "-v", "error", "-y", "-f", "mp3", "-i", "pipe:0", "-i", str(meta)]
        maps = ["-map", "0:a", "-map_metadata", "1", "-map_chapters", "1"]
        if cover is not None:
            cmd += ["-i", str(cover)]
            maps += ["-map", "2:v", "-c:v", "copy", "-disposition:v:0", "attached_pic"]
        cmd += [*maps, "-c:a", "aac", "-b:a", M4B_BITRATE, "-movflags", "+faststart", "-f", "mp4", str(part)]
        _encode(cmd, chapters, target)
        tags = MP4(str(part))
        if tags.tags is None:
            tags.add_tags()
        tags.tags[_KEY_TAG] = [MP4FreeForm(key.encode())]  # type: ignore[index]
        tags.save()
    return True


def _encode(cmd: list[str], chapters: Sequence[BookChapter], target: Path) -> None:
    """Run ffmpeg with the chapters' frames on its stdin, one file in memory at a time."""
    process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin is not None and process.stderr is not None
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(process.stderr.read()))  # type: ignore[union-attr]
    reader.start()
    try:
        for chapter in chapters:
            process.stdin.write(mpeg_frames(chapter.mp3.read_bytes())[0])
        process.stdin.close()
    except BrokenPipeError:
        pass
    finally:
        code = process.wait()
        reader.join()
    if code != 0:
        reason = b"".join(errors).decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
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
