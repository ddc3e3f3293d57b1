"""Loudness: level voices against each other, normalize a chapter to audiobook norms, measure a file.

The norms are ACX's: RMS between -23 and -18 dBFS, true peak at most -3 dBFS, noise floor at most
-60 dBFS. Every clip's speech is levelled to one RMS with its peaks limited under a ceiling that leaves room
for the MP3 encoder's overshoot; a chapter made of levelled clips then lands inside the range.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import mutagen
import numpy as np

from audiobook.audio.pcm import Audio
from audiobook.errors import AudiobookError
from audiobook.publish.export import require_ffmpeg

RMS_RANGE_DB = (-23.0, -18.0)
TRUE_PEAK_MAX_DB = -3.0
NOISE_FLOOR_MAX_DB = -60.0
TARGET_RMS_DB = -20.0
"""Where a chapter's RMS is put when it must be moved: the middle of the ACX range."""
LEAVE_RANGE_DB = (-22.0, -18.5)
"""A chapter whose RMS is inside this range is left alone: inside ACX's, with room for the MP3 encode,
which takes about half a dB off espeak-ng's bright voices."""
CEILING_DB = -4.5
"""The limiter's sample-peak ceiling: under -3 dBTP with room for inter-sample peaks and MP3."""
SPEECH_LEVEL_DB = -19.0
"""Every clip's speech is levelled to this K-weighted RMS (times its voice's volume) before stitching."""
MAKEUP_MAX_DB = 3.0
"""The most gain added to a clip to make up for what the limiter took off its peaks."""
LEVELLING = (
    f"speech {SPEECH_LEVEL_DB} dB K-weighted, ceiling {CEILING_DB} dBFS, makeup {MAKEUP_MAX_DB} dB, limiter 1"
)
"""Part of every clip's cache key: a change to levelling makes new clips."""
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
    x = np.frombuffer(audio.pcm, dtype="<i2").astype(np.float32)
    x *= np.float32(1 / _FULL_SCALE)
    return x


def from_samples(x: np.ndarray, rate: int) -> Audio:
    """Float samples back into 16-bit PCM, clipped to full scale."""
    scaled = np.multiply(x, np.float32(_FULL_SCALE), dtype=np.float32)
    np.rint(scaled, out=scaled)
    np.clip(scaled, -32768, 32767, out=scaled)
    return Audio(scaled.astype("<i2").tobytes(), rate)


def db(value: float) -> float:
    """Amplitude ratio to decibels, with silence as -120 dB."""
    return 20 * float(np.log10(value)) if value > 1e-6 else _SILENT_DB


def level_clip(audio: Audio, volume: float = 1.0) -> Audio:
    """Scale a clip so that its speech (the frames above -50 dBFS) sits at SPEECH_LEVEL_DB + volume,
        with its peaks limited under CEILING_DB.

        Engines and voices differ in loudness by several dB; after this every voice speaks at one
        level, and a profile's `volume` (for example a softer thought) is a deliberate offset from it.
        The limiter takes a little off peaky voices, so the gain is corrected twice for what it took, by
    at most MAKEUP_MAX_DB: beyond that the limiter would squash the voice rather than level it.
        A levelled clip depends on nothing but the clip: unchanged lines give unchanged audio.
    """
    x = samples(audio)
    rate = audio.sample_rate_hz
    active = _active(x, rate)
    if active.size == 0:
        return audio
    # The K-weighted level decides the gain; the limiter's small corrections are measured in plain
    # RMS against the same offset (it takes off peaks, not tone), which saves a spectrum per pass.
    weighting_db = db(weighted_rms(active, rate)) - db(_rms(active))
    target = SPEECH_LEVEL_DB + db(max(volume, 0.05)) - weighting_db
    base_db = target - db(_rms(active))
    ceiling = 10 ** (CEILING_DB / 20)
    gain_db = base_db
    limited = _limit(x * np.float32(10 ** (gain_db / 20)), rate, ceiling)
    for _ in range(2):
        gain_db = min(gain_db + target - db(_rms(_active(limited, rate))), base_db + MAKEUP_MAX_DB)
        limited = _limit(x * np.float32(10 ** (gain_db / 20)), rate, ceiling)
    return replace(from_samples(limited, rate), words=audio.words)


def normalize(audio: Audio) -> Audio:
    """The chapter with its RMS inside ACX's range and its peaks under CEILING_DB.

    Levelled clips already put most chapters inside LEAVE_RANGE_DB, and then the audio is left
    exactly as it is. A chapter outside it (for example a short one, mostly pauses) is moved towards
    TARGET_RMS_DB in whole-dB steps and limited again. Either way a change to one voice barely moves
    the chapter's RMS and so leaves the gain, and the audio of every scene it is not in, unchanged:
    those scenes' MP3s are reused.
    """
    x = samples(audio)
    rms = _rms(x)
    low, high = LEAVE_RANGE_DB
    if rms <= 1e-6 or low <= db(rms) <= high:
        return audio
    gain_db = float(round(TARGET_RMS_DB - db(rms)))
    limited = _limit(x * np.float32(10 ** (gain_db / 20)), audio.sample_rate_hz, 10 ** (CEILING_DB / 20))
    return from_samples(limited, audio.sample_rate_hz)


def measure(audio: Audio) -> Figures:
    """RMS, true peak and noise floor of audio."""
    x = samples(audio)
    if x.size == 0:
        return Figures(_SILENT_DB, _SILENT_DB, _SILENT_DB)
    rms = db(_rms(x))
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
    require_ffmpeg()
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


def _rms(x: np.ndarray, chunk: int = 1 << 20) -> float:
    """Root mean square, summed in float64 a chunk at a time (no full-length temporary)."""
    if x.size == 0:
        return 0.0
    total = 0.0
    for lo in range(0, x.size, chunk):
        part = x[lo : lo + chunk].astype(np.float64)
        # einsum, not np.dot: a BLAS call leaves OpenBLAS's threads spinning for a while after it,
        # which in the synthesis workers burnt more CPU than the synthesis itself.
        total += float(np.einsum("i,i->", part, part))
    return (total / x.size) ** 0.5


def weighted_rms(x: np.ndarray, rate: int, frame: int = 2048) -> float:
    """RMS after the K-weighting of ITU-R BS.1770 (the weighting of LUFS): a high-pass at 38 Hz and
    a +4 dB shelf above 1.5 kHz, applied to the spectrum. Voices of different brightness (espeak-ng's
    buzz, Piper's natural voice) levelled by it sound equally loud, which plain RMS does not give.

    The power spectrum is taken over consecutive frames of `frame` samples (Parseval holds for each
    frame), one batched transform of a power-of-two size: several times cheaper than one transform
    of the whole clip, and the weighting curve is smooth enough for the frames' resolution."""
    if x.size == 0:
        return 0.0
    whole = x.size // frame * frame
    frames = x[:whole].reshape(-1, frame)
    if whole < x.size:
        frames = np.vstack([frames, np.pad(x[whole:], (0, frame - (x.size - whole)))])
    spectrum = np.sum(np.abs(np.fft.rfft(frames.astype(np.float32), axis=1)) ** 2, axis=0)
    w = np.linspace(0, np.pi, spectrum.size)
    gain = _biquad_power(_high_shelf(rate), w) * _biquad_power(_high_pass(rate), w)
    weights = np.full(spectrum.size, 2.0)
    weights[0] = weights[-1] = 1.0
    # Parseval per frame: a frame's sum of squares is its |X|^2 summed over `frame` bins.
    return float(np.sqrt(np.sum(weights * spectrum * gain) / (frame * x.size)))


def _high_shelf(rate: int, gain_db: float = 4.0, freq: float = 1500.0, q: float = 0.5**0.5) -> tuple:
    a = 10 ** (gain_db / 40)
    w0 = 2 * np.pi * freq / rate
    alpha, cos = np.sin(w0) / (2 * q), np.cos(w0)
    root = 2 * np.sqrt(a) * alpha
    b = (
        a * ((a + 1) + (a - 1) * cos + root),
        -2 * a * ((a - 1) + (a + 1) * cos),
        a * ((a + 1) + (a - 1) * cos - root),
    )
    return b, ((a + 1) - (a - 1) * cos + root, 2 * ((a - 1) - (a + 1) * cos), (a + 1) - (a - 1) * cos - root)


def _high_pass(rate: int, freq: float = 38.0, q: float = 0.5) -> tuple:
    w0 = 2 * np.pi * freq / rate
    alpha, cos = np.sin(w0) / (2 * q), np.cos(w0)
    return ((1 + cos) / 2, -(1 + cos), (1 + cos) / 2), (1 + alpha, -2 * cos, 1 - alpha)


def _biquad_power(coefficients: tuple, w: np.ndarray) -> np.ndarray:
    """|H|^2 of a biquad at the angular frequencies w (radians per sample)."""
    (b0, b1, b2), (a0, a1, a2) = coefficients
    z = np.exp(-1j * w)
    return np.abs((b0 + b1 * z + b2 * z * z) / (a0 + a1 * z + a2 * z * z)) ** 2


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
    """Peak limiter, in place: per 5 ms block the gain that keeps it under the ceiling, held over
    20 ms on either side (attack before a peak, release after it) and ramped linearly between blocks.
    Callers pass a scaled copy; no chapter-length temporary is made (a chapter is ~200 MB of floats)."""
    block = max(1, rate // 200)
    whole = x.size // block * block
    rows = [x[:whole].reshape(-1, block)]
    if whole < x.size:
        rows.append(np.pad(x[whole:], (0, block - (x.size - whole))).reshape(1, block))
    # Inter-sample peaks of speech sit a little above the sample peaks: keep 5% in hand.
    peaks = np.concatenate([np.abs(r).max(axis=1) for r in rows if r.size]) * 1.05
    gain = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-9)).astype(np.float32)
    held = gain.copy()
    for shift in range(1, 5):
        held[shift:] = np.minimum(held[shift:], gain[:-shift])
        held[:-shift] = np.minimum(held[:-shift], gain[shift:])
    ramp = np.arange(block, dtype=np.float32) / block
    following = np.append(held[1:], held[-1])
    # Most of a chapter is under the ceiling: only the blocks whose gain moves are touched.
    busy = np.flatnonzero((held < 1.0) | (following < 1.0))
    factors = held[busy, None] + (following[busy] - held[busy])[:, None] * ramp[None, :]
    body = rows[0]
    inside = busy < body.shape[0]
    body[busy[inside]] *= factors[inside]
    if not inside.all():  # the short last block
        rest = x.size - whole
        x[whole:] *= factors[~inside][0, :rest]
    return x


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
    for found in np.flatnonzero(peaks >= top * 10 ** (-3 / 20)):
        index = int(found)
        lo, hi = max(0, index * block - margin), min(int(x.size), (index + 1) * block + margin)
        piece = x[lo:hi]
        spectrum = np.fft.rfft(piece)
        up = np.fft.irfft(spectrum, n=piece.size * factor) * factor
        # The ends ring (the block is not periodic): look only at the block itself.
        inner = up[(index * block - lo) * factor : (min(int(x.size), (index + 1) * block) - lo) * factor]
        best = max(best, float(np.max(np.abs(inner))))
    return best


PAUSE_MIN_MS = 100
"""The shortest quiet stretch taken as a pause between words spoken."""
PAUSE_FLOOR_DB = -45.0
"""Below this a 5 ms window is quiet."""


def pauses(audio: Audio, min_ms: int = PAUSE_MIN_MS) -> list[tuple[int, int]]:
    """(first frame, end frame) of each quiet stretch of at least `min_ms`: where a voice stops
    between sentences and clauses, which subtitles use to start a cue when its words do."""
    rate = audio.sample_rate_hz
    window = max(1, rate // 200)
    x = np.frombuffer(audio.pcm, dtype="<i2")
    count = len(x) // window
    if count == 0:
        return []
    blocks = x[: count * window].astype(np.float32).reshape(count, window)
    quiet = np.sqrt(np.mean(blocks * blocks, axis=1)) < _FULL_SCALE * 10 ** (PAUSE_FLOOR_DB / 20)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], quiet.astype(np.int8), [0]))))
    need = min_ms * rate / 1000
    return [
        (int(s) * window, int(e) * window)
        for s, e in zip(edges[::2], edges[1::2], strict=True)
        if (e - s) * window >= need
    ]
