"""MP3 output with real ffmpeg: encoding, joining without a second encode, exact timings, reuse."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3

from audiobook.audio.pcm import Audio
from audiobook.publish.export import (
    ENCODER_DELAY,
    Tags,
    audio_digest,
    encoded_digest,
    join_mp3,
    mpeg_frames,
    retag_mp3,
    write_mp3,
)

pytestmark = pytest.mark.audio
"""Every test here synthesizes speech or runs ffmpeg."""

RATE = 22050


def burst_at(frame: int, total: int) -> Audio:
    """Silence with a 50 ms tone burst starting at `frame`."""
    x = np.zeros(total, dtype=np.float64)
    t = np.arange(RATE // 20) / RATE
    x[frame : frame + t.size] = 0.5 * np.sin(2 * np.pi * 700 * t)
    return Audio((x * 32767).round().astype("<i2").tobytes(), RATE)


def decode(path: Path) -> np.ndarray:
    cmd = ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-"]
    return np.frombuffer(subprocess.run(cmd, capture_output=True, check=True).stdout, dtype="<i2")


def onset(x: np.ndarray) -> int:
    return int(np.flatnonzero(np.abs(x.astype(np.int32)) > 3000)[0])


def test_joined_parts_keep_exact_timings(tmp_path: Path) -> None:
    lengths_in = [RATE * 2 + 123, RATE * 3 + 7, RATE + 999]
    bursts = [5000, 30000, 1000]
    parts = []
    for n, (total, at) in enumerate(zip(lengths_in, bursts, strict=True)):
        parts.append(tmp_path / f"part{n}.mp3")
        write_mp3(burst_at(at, total), parts[-1], Tags(f"part {n}", "book", "author", n))
    lengths = join_mp3(parts, tmp_path / "all.mp3", Tags("all", "book", "author"))

    decoded = decode(tmp_path / "all.mp3")
    assert decoded.size == sum(lengths), "the joined file decodes to the parts' whole frames"
    assert lengths == [mpeg_frames(p.read_bytes())[1] for p in parts]
    offset = 0
    for length, at in zip(lengths, bursts, strict=True):
        window = decoded[offset : offset + length]
        # The burst rings up over a few samples after the MP3 round trip.
        assert abs(onset(window) - (ENCODER_DELAY + at)) <= 8
        offset += length


def test_digest_recorded_and_kept_by_retagging(tmp_path: Path) -> None:
    audio = burst_at(100, RATE)
    path = tmp_path / "a.mp3"
    write_mp3(audio, path, Tags("old title", "book", "author"))
    assert encoded_digest(path) == audio_digest(audio, "64k") != audio_digest(audio, "96k")
    frames = mpeg_frames(path.read_bytes())[0]
    retag_mp3(path, Tags("new title", "book", "author", 3))
    assert str(ID3(path)["TIT2"]) == "new title" and str(ID3(path)["TRCK"]) == "3"
    assert encoded_digest(path) == audio_digest(audio, "64k")
    assert mpeg_frames(path.read_bytes())[0] == frames, "retagging leaves the audio frames alone"


def test_not_an_mp3_has_no_frames_or_digest(tmp_path: Path) -> None:
    path = tmp_path / "x.mp3"
    path.write_bytes(b"ID3 not really" + bytes(100))
    assert mpeg_frames(path.read_bytes())[1] == 0
    assert encoded_digest(path) is None
