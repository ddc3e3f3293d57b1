"""One audio value type: 16-bit mono PCM at a known sample rate."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

SAMPLE_WIDTH_BYTES = 2


@dataclass(frozen=True)
class Audio:
    """Signed 16-bit little-endian mono samples."""

    pcm: bytes
    """The raw samples."""
    sample_rate_hz: int
    """Samples per second."""
    words: tuple[tuple[int, int], ...] = ()
    """Where each word starts, when the engine tells (espeak-ng does): (its character offset in the
    text spoken, its first sample)."""

    @property
    def frames(self) -> int:
        """Number of samples."""
        return len(self.pcm) // SAMPLE_WIDTH_BYTES

    @property
    def duration_ms(self) -> float:
        """Length in milliseconds."""
        return 1000.0 * self.frames / self.sample_rate_hz


def silence_frames(ms: float, sample_rate_hz: int) -> int:
    """A pause of `ms` milliseconds in whole samples."""
    return max(0, round(ms * sample_rate_hz / 1000))


def silence(ms: float, sample_rate_hz: int) -> Audio:
    """Digital silence of the given length, rounded to whole samples."""
    return Audio(b"\x00\x00" * silence_frames(ms, sample_rate_hz), sample_rate_hz)


def read_wav(path: Path) -> Audio:
    """A mono 16-bit WAV file."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != SAMPLE_WIDTH_BYTES or wav.getnchannels() != 1:
            raise ValueError(f"{path}: expected 16-bit mono WAV")
        return Audio(wav.readframes(wav.getnframes()), wav.getframerate())
