"""Loudness: level voices against each other, normalize a chapter to audiobook norms, measure a file.

The norms are ACX's: RMS between -23 and -18 dBFS, true peak at most -3 dBFS, noise floor at most
-60 dBFS. A chapter is brought to -20 dBFS RMS, and a limiter keeps its peaks under a ceiling with
room for the MP3 encoder's overshoot.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import mutagen
import numpy as np

from .audio import Audio
from .errors import AudiobookError

RMS_RANGE_DB = (-23.0, -18.0)
TRUE_PEAK_MAX_DB = -3.0
NOISE_FLOOR_MAX_DB = -60.0
TARGET_RMS_DB = -20.0
"""Where a chapter's RMS is put: the middle of the ACX range."""
CEILING_DB = -4.5
"""The limiter's sample-peak ceiling: under -3 dBTP with room for inter-sample peaks and MP3."""
SPEECH_LEVEL_DB = -20.0
"""Every clip's speech is levelled to this RMS (times its voice's volume) before stitching."""
_FULL_SCALE = 32768.0
_SILENT_DB = -120.0


@dataclass(frozen=True)
class Figures:
    """The ACX figures of some audio."""

    rms_db: float
    """RMS of the whole file, dBFS."""
    true_peak_db: float
    """Highest peak after 4x oversampling, dBFS."""
    noise_floor_db: float
    """RMS of the quietest half second, dBFS."""

    @property
    def problems(self) -> list[str]:
        """What breaks the norms, in words; empty when the audio passes."""
        found = []
        low, high = RMS_RANGE_DB
        if not low <= self.rms_db <= high:
            found.append(f"RMS {self.rms_db:.1f} dBFS outside {low:.0f} to {high:.0f}")
        if self.true_peak_db > TRUE_PEAK_MAX_DB:
            found.append(f"true peak {self.true_peak_db:.1f} dBFS above {TRUE_PEAK_MAX_DB:.0f}")
        if self.noise_floor_db > NOISE_FLOOR_MAX_DB:
            found.append(f"noise floor {self.noise_floor_db:.1f} dBFS above {NOISE_FLOOR_MAX_DB:.0f}")
        return found


def samples(audio: Audio) -> np.ndarray:
    """The samples as floats in [-1, 1)."""
    return np.frombuffer(audio.pcm, dtype="<i2").astype(np.float32) / _FULL_SCALE


def from_samples(x: np.ndarray, rate: int) -> Audio:
    """Float samples back into 16-bit PCM, clipped to full scale."""
    scaled = np.multiply(x, np.float32(_FULL_SCALE), dtype=np.float32)
    np.rint(scaled, out=scaled)
    np.minimum(scaled, 32767, out=scaled)
    np.maximum(scaled, -32768, out=scaled)
    return Audio(scaled.astype("<i2").tobytes(), rate)


def db(value: float) -> float:
    """Amplitude ratio to decibels, with silence as -120 dB."""
    return 20 * float(np.log10(value)) if value > 1e-6 else _SILENT_DB


def level_clip(audio: Audio, volume: float = 1.0) -> Audio:
    """Scale a clip so that its speech (the frames above -50 dBFS) sits at SPEECH_LEVEL_DB + volume.

    Engines and voices differ in loudness by several dB; after this every voice speaks at one
    level, and a profile's `volume` (for example a softer thought) is a deliberate offset from it.
    """
    x = samples(audio)
    active = _active(x, audio.sample_rate_hz)
    if active.size == 0:
        return audio
    rms = float(np.sqrt(np.mean(active**2)))
    gain = 10 ** ((SPEECH_LEVEL_DB - db(rms)) / 20) * max(volume, 0.05)
    return from_samples(x * gain, audio.sample_rate_hz)


def normalize(audio: Audio) -> Audio:
    """The chapter at TARGET_RMS_DB RMS with peaks limited under CEILING_DB."""
    x = samples(audio)
    rms = float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))) if x.size else 0.0
    if rms <= 1e-6:
        return audio
    x = x * np.float32(10 ** ((TARGET_RMS_DB - db(rms)) / 20))
    x = _limit(x, audio.sample_rate_hz, 10 ** (CEILING_DB / 20))
    return from_samples(x, audio.sample_rate_hz)


def measure(audio: Audio) -> Figures:
    """RMS, true peak and noise floor of audio."""
    x = samples(audio)
    if x.size == 0:
        return Figures(_SILENT_DB, _SILENT_DB, _SILENT_DB)
    rms = db(float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))))
    peak = db(true_peak(x))
    window = max(1, audio.sample_rate_hz // 2)
    usable = x.size // window * window
    if usable:
        blocks = np.sqrt(np.mean(np.square(x[:usable].reshape(-1, window), dtype=np.float64), axis=1))
        floor = db(float(blocks.min()))
    else:
        floor = rms
    return Figures(round(rms, 2), round(peak, 2), round(floor, 2))


def measure_file(path: Path) -> Figures:
    """Decode any audio file with ffmpeg and measure it."""
    if shutil.which("ffmpeg") is None:
        raise AudiobookError("ffmpeg is not installed; install it with: sudo apt-get install ffmpeg")
    if not path.is_file():
        raise AudiobookError(f"{path} not found; check the path")
    info = getattr(mutagen.File(path), "info", None) if _readable(path) else None
    rate = int(getattr(info, "sample_rate", 0) or 44100)
    cmd = ["ffmpeg", "-v", "error", "-i", str(path), "-ac", "1", "-ar", str(rate), "-f", "s16le", "-"]
    result = subprocess.run(cmd, capture_output=True, check=False)
    if result.returncode != 0 or not result.stdout:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no audio"]
        raise AudiobookError(f"{path} is not audio ffmpeg can read ({reason[0]}); give an MP3")
    return measure(Audio(result.stdout, rate))


def _readable(path: Path) -> bool:
    try:
        return mutagen.File(path) is not None
    except mutagen.MutagenError:
        return False


def _active(x: np.ndarray, rate: int) -> np.ndarray:
    """The 20 ms frames of a clip louder than -50 dBFS, joined."""
    frame = max(1, rate // 50)
    usable = x.size // frame * frame
    if usable == 0:
        return x
    frames = x[:usable].reshape(-1, frame)
    loud = np.sqrt(np.mean(frames**2, axis=1)) > 10 ** (-50 / 20)
    return frames[loud].ravel()


def _limit(x: np.ndarray, rate: int, ceiling: float) -> np.ndarray:
    """Peak limiter: per 5 ms block the gain that keeps it under the ceiling, held over 20 ms on
    either side (attack before a peak, release after it) and ramped linearly between blocks."""
    block = max(1, rate // 200)
    pad = (-x.size) % block
    padded = np.pad(x, (0, pad)).reshape(-1, block)
    # Inter-sample peaks of speech sit a little above the sample peaks: keep 5% in hand.
    peaks = np.abs(padded).max(axis=1) * 1.05
    gain = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-9)).astype(np.float32)
    held = gain.copy()
    for shift in range(1, 5):
        held[shift:] = np.minimum(held[shift:], gain[:-shift])
        held[:-shift] = np.minimum(held[:-shift], gain[shift:])
    ramp = np.arange(block, dtype=np.float32) / block
    following = np.append(held[1:], held[-1])
    envelope = held[:, None] + (following - held)[:, None] * ramp[None, :]
    padded *= envelope
    return padded.ravel()[: x.size]


def true_peak(x: np.ndarray, factor: int = 4) -> float:
    """The highest absolute value of the signal oversampled `factor` times (by FFT, in blocks).

    Only blocks whose sample peak comes within 3 dB of the highest are oversampled: an inter-sample
    peak is never that far above the samples around it.
    """
    if x.size == 0:
        return 0.0
    block, margin = 4096, 256
    pad = (-x.size) % block
    peaks = np.pad(np.abs(x), (0, pad)).reshape(-1, block).max(axis=1)
    top = float(peaks.max())
    best = top
    for index in np.flatnonzero(peaks >= top * 10 ** (-3 / 20)):
        lo, hi = max(0, index * block - margin), min(x.size, (index + 1) * block + margin)
        piece = x[lo:hi]
        spectrum = np.fft.rfft(piece)
        up = np.fft.irfft(spectrum, n=piece.size * factor) * factor
        # The ends ring (the block is not periodic): look only at the block itself.
        inner = up[(index * block - lo) * factor : (min(x.size, (index + 1) * block) - lo) * factor]
        best = max(best, float(np.max(np.abs(inner))))
    return best
