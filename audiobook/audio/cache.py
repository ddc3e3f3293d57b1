"""The clip cache: clips checked when read, written atomically, shared safely between renders.

A clip is a WAV file with one chunk more, `absu`, after its audio: the SHA-256 of the samples and
their count (and, when the engine told where each word starts, a `wrds` chunk of those places).
Reading checks the format (16-bit mono PCM), the sizes and that checksum, so a clip cut short,
garbled or empty is never used: it is deleted and made again. Every render
holds the clips it uses in a file of its own under `holds/` (its process id), and pruning keeps
every clip a running render holds, so that one render never deletes another's clips.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import struct
import tempfile
from pathlib import Path

from audiobook.audio.pcm import SAMPLE_WIDTH_BYTES, Audio
from audiobook.errors import AudiobookError

_CHUNK = b"absu"
_WORDS = b"wrds"
"""A chunk of where each word starts, when the engine told: (character offset, sample) pairs."""
_SUM_BYTES = 32 + 8


class BadClip(Exception):
    """A cached clip that cannot be trusted: why."""


def cache_dir() -> Path:
    """Where clips are kept: $AUDIOBOOK_CACHE_DIR, else ~/.cache/audiobook/clips."""
    env = os.environ.get("AUDIOBOOK_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "audiobook" / "clips"


def cache_error(exc: OSError, root: Path | None = None) -> AudiobookError:
    """One line for a cache that cannot be used: which folder, why, what to do."""
    where = root or cache_dir()
    reason = exc.strerror or str(exc)
    return AudiobookError(
        f"cannot use the clip cache {where}: {reason}; free space there, or set AUDIOBOOK_CACHE_DIR "
        "to a folder you can write"
    )


def write_clip(audio: Audio, path: Path) -> None:
    """A clip written atomically: a temporary file in the same folder, then a rename."""
    pcm = audio.pcm
    fmt = struct.pack("<HHIIHH", 1, 1, audio.sample_rate_hz, audio.sample_rate_hz * SAMPLE_WIDTH_BYTES, 2, 16)
    check = hashlib.sha256(pcm).digest() + struct.pack("<Q", len(pcm) // SAMPLE_WIDTH_BYTES)
    body = b"WAVE" + _chunk(b"fmt ", fmt) + _chunk(b"data", pcm) + _chunk(_CHUNK, check)
    if audio.words:
        body += _chunk(_WORDS, b"".join(struct.pack("<II", *word) for word in audio.words))
    _write(b"RIFF" + struct.pack("<I", len(body)) + body, path)


def _write(data: bytes, path: Path) -> None:
    """Bytes written atomically: a temporary `.part` file in the same folder (never taken for a
    clip), then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _chunk(name: bytes, data: bytes) -> bytes:
    return name + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")


def read_clip(path: Path) -> Audio:
    """A cached clip, checked; `BadClip` says why it cannot be used, FileNotFoundError that it is
    not there."""
    data = path.read_bytes()
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise BadClip("not a WAV file")
    if struct.unpack("<I", data[4:8])[0] != len(data) - 8:
        raise BadClip("its length is not the one written")
    chunks: dict[bytes, bytes] = {}
    pos = 12
    while pos + 8 <= len(data):
        name, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        chunks[name] = data[pos + 8 : pos + 8 + size]
        pos += 8 + size + size % 2
    fmt, pcm, check = chunks.get(b"fmt "), chunks.get(b"data"), chunks.get(_CHUNK)
    if fmt is None or pcm is None or check is None or len(check) != _SUM_BYTES or pos != len(data):
        raise BadClip("a part of it is missing")
    audio_format, channels, rate, _, _, bits = struct.unpack("<HHIIHH", fmt[:16])
    if (audio_format, channels, bits) != (1, 1, 16) or rate <= 0 or len(pcm) % SAMPLE_WIDTH_BYTES:
        raise BadClip("not 16-bit mono PCM")
    if hashlib.sha256(pcm).digest() != check[:32] or struct.unpack("<Q", check[32:])[0] != len(pcm) // 2:
        raise BadClip("its samples do not match their checksum")
    found = chunks.get(_WORDS, b"")
    words = tuple(struct.iter_unpack("<II", found[: len(found) - len(found) % 8]))
    return Audio(pcm, rate, tuple(w for w in words if w[1] <= len(pcm) // SAMPLE_WIDTH_BYTES))


def hold(keys: set[str], root: Path | None = None) -> Path:
    """Record that this process uses these clips, so that no other render prunes them."""
    path = (root or cache_dir()) / "holds" / f"{os.getpid()}.txt"
    _write("\n".join(sorted(keys)).encode("utf-8"), path)
    return path


def held(root: Path | None = None) -> set[str]:
    """Every clip a running render holds; the holds of renders that are gone are removed."""
    keys: set[str] = set()
    for path in ((root or cache_dir()) / "holds").glob("*.txt"):
        if path.stem.isdigit() and _running(int(path.stem)):
            with contextlib.suppress(OSError):
                keys.update(path.read_text(encoding="utf-8").split())
        else:
            path.unlink(missing_ok=True)
    return keys


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
