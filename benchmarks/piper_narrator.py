"""The Piper narrator on the sample chapter, measured in one run (needs the extra audiobook[piper]).

(1) S: every narrator clip (narration and titles) synthesized one by one in this process, one
    thread, nothing around it; real-time factor = audio / S;
(2) the same clips through the render's worker pool (2 jobs, empty cache): real-time factor on
    both cores;
(3) a cold render of the sample chapter with `[cast] narrator = "narrator-piper"` (characters in
    espeak-ng voices) through the CLI in its own process: wall time, and peak memory of the render
    process tree (the render, its synthesis workers and ffmpeg together), and of each process.

Targets: (2) >= 15x real time; (3) <= 1.3 x S; peak memory <= 1.5 GB.
Run: .venv/bin/python benchmarks/piper_narrator.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from audiobook.analysis.analyse import analyse
from audiobook.audio.engines import get_engine
from audiobook.audio.speech import say_as
from audiobook.audio.synthesize import synthesize
from audiobook.casting.assign import cast_voices
from audiobook.casting.voices import load_voices
from audiobook.config import load_config
from audiobook.plan import plan

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "chapter-29-running-to-nowhere.txt"
RENDER = """
import resource, sys
from audiobook.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    print("BENCH", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
"""


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="audiobook-piper-"))
    try:
        run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path) -> None:
    config_path = work / "audiobook.toml"
    config_path.write_text('[cast]\nnarrator = "narrator-piper"\n', encoding="utf-8")
    config = load_config(config_path)
    analysis = analyse(SAMPLE, config.characters)
    casting = cast_voices(analysis.segments, analysis.cast, load_voices(), config)
    clips = [ln.clip for ln in plan(analysis, casting, say_as(config.lexicon))]
    narrator = list({c.text: c for c in clips if c.voice.engine == "piper"}.values())

    engine = get_engine("piper")
    engine.synthesize("Warm up.", narrator[0].voice)
    started = time.perf_counter()
    audio_ms = sum(engine.synthesize(c.text, c.voice).duration_ms for c in narrator)
    alone = time.perf_counter() - started
    print(f"narrator: {len(narrator)} Piper clips, {audio_ms / 60000:.1f} min of audio")
    print(f"(1) S, one by one, one thread: {alone:.1f} s = {audio_ms / 1000 / alone:.1f}x real time")

    os.environ["AUDIOBOOK_CACHE_DIR"] = str(work / "cache-pool")
    started = time.perf_counter()
    synthesize(narrator, jobs=2, progress=False)
    pooled = time.perf_counter() - started
    print(
        f"(2) the render's pool, 2 jobs: {pooled:.1f} s = {audio_ms / 1000 / pooled:.1f}x real time "
        "(target >= 15x)"
    )

    env = dict(os.environ, AUDIOBOOK_CACHE_DIR=str(work / "cache-render"))
    cmd = [
        sys.executable,
        "-c",
        RENDER,
        "render",
        str(SAMPLE),
        "-o",
        str(work / "out"),
        "-c",
        str(config_path),
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    tree_peak = 0
    while proc.poll() is None:
        tree_peak = max(tree_peak, tree_rss(proc.pid))
        time.sleep(0.1)
    wall = time.perf_counter() - started
    done = subprocess.CompletedProcess(cmd, proc.returncode, *proc.communicate())
    if done.returncode != 0:
        raise SystemExit(f"render failed: {done.stderr.strip().splitlines()[-1:]}")
    self_kb, child_kb = (int(v) for v in done.stderr.strip().splitlines()[-1].split()[1:])
    print(
        f"(3) cold render, Piper narrator, espeak-ng characters: {wall:.1f} s = {wall / alone:.2f} x S "
        "(target <= 1.3)"
    )
    print(f"    peak memory of the process tree (sampled): {tree_peak // 2**20} MB (target <= 1.5 GB)")
    print(f"    per process: render process {self_kb // 1024} MB, largest child {child_kb // 1024} MB")


def tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants now, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            rss[int(entry.name)] = int((entry / "statm").read_text().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        parents[int(entry.name)] = int(stat[1])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


if __name__ == "__main__":
    main()
