"""Measurements the audio tests share: median pitch and integrated loudness of real speech."""

from __future__ import annotations

import re
import subprocess

import numpy as np

from audiobook.audio.pcm import Audio

TEXTS = [
    "The boat was small, and the river was wide.",
    "Nobody moved for a long moment, and then the rain came.",
    "I never wanted any of this, she said quietly.",
    "Somewhere below, a dog barked twice and fell silent.",
]
"""Sentences to measure voices on."""


def median_f0(x: np.ndarray, rate: int, fmin: float = 60.0, fmax: float = 450.0) -> float:
    """Median fundamental frequency of the voiced 40 ms frames, by YIN's cumulative mean
    normalised difference (de Cheveigne and Kawahara, 2002)."""
    n, hop = int(rate * 0.04), int(rate * 0.02)
    lo, hi = int(rate / fmax), int(rate / fmin)
    found = []
    for start in range(0, x.size - n - hi, hop):
        frame = x[start : start + n + hi].astype(np.float64)
        if np.sqrt(np.mean(frame[:n] ** 2)) < 0.03:
            continue
        lags = np.arange(1, hi + 1)
        diff = np.array([np.sum((frame[:n] - frame[t : t + n]) ** 2) for t in lags])
        cmnd = diff * lags / np.maximum(np.cumsum(diff), 1e-12)
        below = np.flatnonzero(cmnd[lo - 1 :] < 0.15)
        if below.size == 0:
            continue
        t = lo - 1 + int(below[0])
        while t + 1 < cmnd.size and cmnd[t + 1] < cmnd[t]:
            t += 1
        # A parabola through the dip and its neighbours places it between samples.
        shift = 0.0
        if 0 < t < cmnd.size - 1:
            a, b, c = cmnd[t - 1], cmnd[t], cmnd[t + 1]
            shift = 0.5 * (a - c) / (a - 2 * b + c) if a - 2 * b + c > 0 else 0.0
        found.append(rate / (t + 1 + shift))
    return float(np.median(found)) if found else 0.0


def lufs(audio: Audio) -> float:
    """Integrated loudness by ffmpeg's EBU R128 meter."""
    cmd = ["ffmpeg", "-v", "info", "-nostats", "-f", "s16le", "-ar", str(audio.sample_rate_hz), "-ac", "1",
           "-i", "pipe:0", "-af", "ebur128", "-f", "null", "-"]  # fmt: skip
    err = subprocess.run(cmd, input=audio.pcm, capture_output=True, check=True).stderr.decode()
    return float(re.findall(r"I:\s+(-?[\d.]+) LUFS", err)[-1])
