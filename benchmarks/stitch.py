"""Stitching cost: our one-join stitch against pydub's repeated `+`, at 500 and 5,000 clips.

Prints times and the 5,000/500 ratio (linear is about 10x). Run: .venv/bin/python benchmarks/stitch.py
"""

from __future__ import annotations

import time

from pydub import AudioSegment

from audiobook.audio.pcm import Audio
from audiobook.audio.stitch import stitch

RATE = 22050
CLIP_FRAMES = RATE * 3  # three seconds, a typical line


def ours(n: int) -> float:
    clips = [Audio(b"\x01\x00" * CLIP_FRAMES, RATE)] * n
    start = time.perf_counter()
    stitch(clips, [400.0] * n)
    return time.perf_counter() - start


def pydub_plus(n: int) -> float:
    clip = AudioSegment(data=b"\x01\x00" * CLIP_FRAMES, sample_width=2, frame_rate=RATE, channels=1)
    pause = AudioSegment.silent(400, frame_rate=RATE)
    start = time.perf_counter()
    track = AudioSegment.empty()
    for _ in range(n):
        track = track + pause + clip
    return time.perf_counter() - start


def best_of(runs: int, n: int) -> float:
    """Fastest of several runs: the first touch of fresh memory from the OS is not stitching."""
    return min(ours(n) for _ in range(runs))


def main() -> None:
    small, large = best_of(3, 500), best_of(3, 5000)
    print(f"stitch 500 clips:   {small * 1000:8.1f} ms")
    print(f"stitch 5000 clips:  {large * 1000:8.1f} ms")
    print(f"ratio 5000/500:     {large / small:8.1f} x  (linear = 10x)")
    plus_small, plus_mid = pydub_plus(250), pydub_plus(500)
    print(f"pydub + 250 clips:  {plus_small * 1000:8.1f} ms")
    print(f"pydub + 500 clips:  {plus_mid * 1000:8.1f} ms  (ratio {plus_mid / plus_small:.1f}x for 2x clips)")


if __name__ == "__main__":
    main()
