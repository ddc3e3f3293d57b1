"""Book rendering cost, measured in one run: a generated book of 20 short chapters.

(1) the first render of the whole book (empty clip cache, `--format mp3`, every output);
(2) an unchanged re-run of the same command;
(3) peak memory of the render process for the 20-chapter book against a 2-chapter book;
(4) the first render with `--format m4b` (empty clip cache) against (1);
(5) one line of one chapter changed in a book rendered with `--format mp3,m4b`: the re-render of
    every output, M4B included, against rendering that chapter alone (empty clip cache).

Each render runs the CLI in its own process, as a user would; peak memory is that process's
maximum resident set (its child processes, the synthesis workers and ffmpeg, are reported apart).
The ratios (4) and (5) are measured REPEATS times in turn, each time from empty caches, and their
median is the figure: a 10 s render on 2 busy cores varies by several percent from run to run.
Targets: unchanged re-run <= 3% of the first run; 20-chapter peak <= 1.5 x the 2-chapter peak;
(4) <= 1.15 x (1); (5) <= 1.3 x the chapter alone.
Run: .venv/bin/python benchmarks/batch.py [chapters]
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 3
NAMES = ["Mara", "Tomas", "Ilse", "Piet", "Anka", "Joren"]
SAYS = ["said", "asked", "answered", "whispered", "called"]
LINES = [
    "We should leave before the tide turns", "I told you the bridge was out", "Nobody listens to me",
    "The lantern is nearly empty", "Keep your voice down", "There is smoke over the hill",
    "I never wanted any of this", "Hand me the rope", "The map is wrong again", "Wait for the signal",
]  # fmt: skip
NARRATION = [
    "The wind pulled at the sails.", "Rain drummed on the roof of the hut.",
    "Somewhere below, a dog barked twice.", "The road bent away into the trees.",
    "Nobody moved for a long moment.", "The fire had burned down to embers.",
]  # fmt: skip

RENDER = """
import resource, sys, time
from audiobook.cli import app
start = time.perf_counter()
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"BENCH {time.perf_counter() - start:.3f} {self_kb} {workers_kb}", file=sys.stderr)
"""


def chapter_text(number: int, rng: random.Random) -> str:
    """A short chapter: a heading, a little narration and a dozen tagged lines; a new character
    joins every few chapters."""
    cast = NAMES[: min(len(NAMES), 2 + number // 4)]
    paragraphs = [f"Chapter {number}: Day {number}", rng.choice(NARRATION)]
    for n in range(12):
        name = rng.choice(cast)
        line = rng.choice(LINES)
        # The count keeps every line new, so that no chapter is made of another's clips.
        paragraphs.append(f'"{line}. That makes {number * 12 + n} times," {name} {rng.choice(SAYS)}.')
        if n % 4 == 3:
            paragraphs.append(rng.choice(NARRATION))
    return "\n\n".join(paragraphs) + "\n"


def write_book(folder: Path, chapters: int) -> Path:
    folder.mkdir(parents=True)
    rng = random.Random(7)
    for n in range(1, chapters + 1):
        (folder / f"chapter-{n}.txt").write_text(chapter_text(n, rng), encoding="utf-8")
    return folder


def render(book: Path, out: Path, cache: Path, *args: str) -> tuple[float, int, int, str]:
    """Wall seconds, render-process and worker peak memory in MB, and stdout of one CLI render."""
    env = dict(os.environ, AUDIOBOOK_CACHE_DIR=str(cache))
    cmd = [sys.executable, "-c", RENDER, "render", str(book), "-o", str(out), "--author", "Bench", *args]
    started = time.perf_counter()
    run = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"render failed: {run.stderr.strip().splitlines()[-1:]}")
    figures = [line for line in run.stderr.splitlines() if line.startswith("BENCH ")][-1].split()
    return wall, int(figures[2]) // 1024, int(figures[3]) // 1024, run.stdout


def audio_hours(folder: Path) -> float:
    total = sum(json.loads(p.read_text(encoding="utf-8"))["duration_ms"] for p in folder.rglob("*.json"))
    return total / 3_600_000


def main() -> None:
    chapters = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    work = Path(tempfile.mkdtemp(prefix="audiobook-batch-"))
    try:
        big = write_book(work / "book", chapters)
        small = write_book(work / "small", 2)
        first, first_mb, workers_mb, _ = render(big, work / "out", work / "cache")
        hours = audio_hours(work / "out")
        again, again_mb, _, summary = render(big, work / "out", work / "cache")
        _, small_mb, _, _ = render(small, work / "out-small", work / "cache-small")
        print(f"book: {chapters} chapters, {hours * 60:.1f} min of audio, jobs {os.cpu_count()}")
        print(f"first render: {first:.2f} s wall, {hours / (first / 3600):.0f} audio hours per wall hour")
        print(f"peak memory: render process {first_mb} MB (2-chapter book: {small_mb} MB)")
        print(f"  its child processes (synthesis workers, ffmpeg): {workers_mb} MB each at most")
        print(f"unchanged re-run: {again:.2f} s = {again / first:.1%} of the first (target <= 3%)")
        print(f"  its summary: {summary.strip().splitlines()[-1]}")
        print(f"memory, {chapters} vs 2 chapters: {first_mb / small_mb:.2f} x (target <= 1.5 x)")
        ratios = []
        for n in range(REPEATS):
            mp3 = first if n == 0 else render(big, work / f"out-{n}", work / f"cache-{n}")[0]
            m4b = render(big, work / f"out-m4b-{n}", work / f"cache-m4b-{n}", "--format", "m4b")[0]
            ratios.append(m4b / mp3)
            print(f"first render as one M4B: {m4b:.2f} s against {mp3:.2f} s as MP3 = {m4b / mp3:.2f} x")
        print(f"  median of {REPEATS}: {statistics.median(ratios):.2f} x (target <= 1.15 x)")
        edit_one_line(big, work)

    finally:
        shutil.rmtree(work, ignore_errors=True)


def edit_one_line(book: Path, work: Path) -> None:
    """(5): a book in both formats, one line of its middle chapter changed, rendered again; each
    time another line, against that chapter rendered alone from an empty cache."""
    middle = sorted(book.glob("*.txt"))[len(list(book.glob("*.txt"))) // 2]
    render(book, work / "out-both", work / "cache-both", "--format", "mp3,m4b")
    ratios = []
    for n in range(REPEATS):
        text = middle.read_text(encoding="utf-8")
        middle.write_text(text.replace(" times,", " times over,", 1), encoding="utf-8")
        edited, _, _, summary = render(book, work / "out-both", work / "cache-both", "--format", "mp3,m4b")
        alone, _, _, _ = render(middle, work / f"out-alone-{n}", work / f"cache-alone-{n}")
        ratios.append(edited / alone)
        print(
            f"one line of {middle.name} changed, every output and the M4B redone: {edited:.2f} s; "
            f"that chapter alone (empty cache): {alone:.2f} s; {edited / alone:.2f} x"
        )
        print(f"  its summary: {summary.strip().splitlines()[-1]}")
    print(f"  median of {REPEATS}: {statistics.median(ratios):.2f} x (target <= 1.3 x)")


if __name__ == "__main__":
    main()
