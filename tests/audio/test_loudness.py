"""Loudness: levelling, normalization and the ACX figures, on synthetic and real audio."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from audiobook.audio.engines import get_engine
from audiobook.audio.loudness import (
    SPEECH_LEVEL_DB,
    db,
    level_clip,
    measure,
    normalize,
    samples,
    true_peak,
    weighted_rms,
)
from audiobook.audio.pcm import Audio
from audiobook.casting.voices import load_voices
from audiobook.cli import app
from audiobook.publish.export import Tags, write_mp3

pytestmark = pytest.mark.audio
"""Every test here synthesizes speech or runs ffmpeg."""

RATE = 22050


def tone(amplitude: float, seconds: float = 2.0, hz: float = 440.0) -> Audio:
    t = np.arange(int(RATE * seconds)) / RATE
    x = amplitude * np.sin(2 * np.pi * hz * t)
    return Audio((np.round(x * 32767)).astype("<i2").tobytes(), RATE)


def test_figures_of_a_known_tone() -> None:
    figures = measure(tone(0.5))
    assert abs(figures.rms_db - (20 * np.log10(0.5) - 3.01)) < 0.05
    assert abs(figures.true_peak_db - 20 * np.log10(0.5)) < 0.1


def test_true_peak_sees_between_the_samples() -> None:
    # A sine at a quarter of the sample rate, sampled 45 degrees off its crests.
    n = np.arange(4000)
    x = np.sin(np.pi / 2 * n + np.pi / 4) * 0.5
    assert np.max(np.abs(x)) < 0.36
    assert abs(true_peak(x) - 0.5) < 0.01


def test_normalize_meets_acx_with_loud_peaks_and_silences() -> None:
    loud = tone(0.9, 1.0, 300.0)
    quiet = tone(0.05, 3.0, 200.0)
    gap = Audio(b"\x00\x00" * RATE, RATE)
    track = Audio(quiet.pcm + gap.pcm + loud.pcm + gap.pcm + quiet.pcm, RATE)
    figures = measure(normalize(track))
    assert figures.problems == [], figures


def test_voices_are_levelled_to_one_speech_level() -> None:
    profiles = load_voices()
    engine = get_engine("pyttsx3")
    levels = {}
    for name in ("male-deep", "female-sharp", "narrator"):
        clip = level_clip(engine.synthesize("A short line to compare the level of voices.", profiles[name]))
        x = samples(clip)
        frames = x[: x.size // 441 * 441].reshape(-1, 441)
        active = frames[np.sqrt(np.mean(frames**2, axis=1)) > 10 ** (-50 / 20)]
        levels[name] = db(weighted_rms(active.ravel(), clip.sample_rate_hz))
    # Before levelling these voices are several dB apart; after, their K-weighted level (as LUFS
    # weighs loudness) is within 0.75 dB of the target (a very peaky voice may stay a little under
    # it: the limiter's make-up gain is capped).
    assert all(abs(level - SPEECH_LEVEL_DB) < 0.75 for level in levels.values()), levels


def test_check_reports_a_failing_file(tmp_path: Path) -> None:
    path = tmp_path / "loud.mp3"
    write_mp3(tone(0.99), path, Tags("t", "a", "b"))
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1 and "FAIL" in result.stdout and "true peak" in result.stdout
    bad = tmp_path / "not-audio.mp3"
    bad.write_text("hello")
    result = CliRunner().invoke(app, ["check", str(bad)])
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and "Traceback" not in result.output
