"""Interrupting renders of a 6,000-line chapter, many times over (issue 25's targets).

For each way of stopping a render (Ctrl-C at a random moment, two Ctrl-Cs 50 ms apart, SIGTERM,
SIGKILL of the main process alone), RUNS times: how long the render took to end, its exit code,
whether anything printed a traceback, and whether any of its processes still ran (for SIGKILL,
10 s later; zombies, dead processes waiting for a parent to reap them, do not count). Then the
render is finished from the cache and compared with an uninterrupted one.

Run: .venv/bin/python benchmarks/interrupts.py [RUNS]
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LINES = 6000


def running(group: int) -> int:
    count = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        count += int(fields[2]) == group and fields[0] != "Z"
    return count


def start(chapter: Path, out: Path, cache: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "AUDIOBOOK_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "audiobook.cli", "render", str(chapter), "-o", str(out), "-j", "2"]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )


def once(way: str, chapter: Path, folder: Path) -> tuple[float, int, bool, int]:
    # A cache of its own each time, so that the render is still synthesizing when stopped (with the
    # shared one it would soon find every clip made and end before the signal).
    shutil.rmtree(folder / "cache", ignore_errors=True)
    proc = start(chapter, folder / "out", folder / "cache")
    time.sleep(random.uniform(3, 12))
    sent = time.monotonic()
    if way == "sigint":
        os.killpg(proc.pid, signal.SIGINT)
    elif way == "sigint-twice":
        os.killpg(proc.pid, signal.SIGINT)
        time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGINT)
    elif way == "sigterm":
        os.kill(proc.pid, signal.SIGTERM)
    else:
        os.kill(proc.pid, signal.SIGKILL)
    try:
        _, stderr = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, stderr = proc.communicate()
        return float("inf"), -1, False, running(proc.pid)
    seconds = time.monotonic() - sent
    deadline = time.monotonic() + (10 if way == "sigkill" else 5)
    while running(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return seconds, proc.returncode, "Traceback" in stderr, running(proc.pid)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        chapter = folder / "l.txt"
        chapter.write_text(
            "Chapter 1: X\n\n" + "\n\n".join(f'"Line {i}, said quietly."' for i in range(LINES)),
            encoding="utf-8",
        )
        for way in ("sigint", "sigint-twice", "sigterm", "sigkill"):
            results = [once(way, chapter, folder) for _ in range(runs)]
            times = [r[0] for r in results]
            print(
                f"{way:13} {runs} runs: ended in {statistics.median(times):.2f} s median, "
                f"{max(times):.2f} s at most; "
                f"exit codes {sorted({r[1] for r in results})}; tracebacks {sum(r[2] for r in results)}; "
                f"runs leaving a process running {sum(r[3] > 0 for r in results)}"
            )
        resumed = start(chapter, folder / "out", folder / "cache")
        resumed.communicate()
        fresh = start(chapter, folder / "fresh", folder / "fresh-cache")
        fresh.communicate()
        a = json.loads(next((folder / "out").glob("*.json")).read_text(encoding="utf-8"))
        b = json.loads(next((folder / "fresh").glob("*.json")).read_text(encoding="utf-8"))
        same = [(s["speaker"], s["text"], s["voice"]) for s in a["segments"]] == [
            (s["speaker"], s["text"], s["voice"]) for s in b["segments"]
        ]
        drift = abs(a["duration_ms"] - b["duration_ms"]) / b["duration_ms"]
        print(
            f"finished from the cache (exit {resumed.returncode}) against uninterrupted "
            f"(exit {fresh.returncode}): "
            f"same lines, speakers and voices {same}; duration differs by {100 * drift:.3f}%"
        )


if __name__ == "__main__":
    main()
