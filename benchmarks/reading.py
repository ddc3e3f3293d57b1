"""Reading an EPUB against reading the same text as a `.txt` (issue 24: at most 1.2x).

About 2 MB of text (the sample chapter, 50 times, as 50 chapters) is written once as a plain text
file of one chapter a file and once as a FanFicFare-style EPUB; each is read with `read_book`
several times and the medians compared, in this one run.

Run: .venv/bin/python benchmarks/reading.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from downloads import fff_epub, sample_paragraphs  # noqa: E402

from audiobook.read import read_book  # noqa: E402

CHAPTERS = 50
RUNS = 7


def median_seconds(read: callable) -> float:  # type: ignore[valid-type]
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        read()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    heading, paragraphs = sample_paragraphs(ROOT / "seeds" / "chapter-29-running-to-nowhere.txt")
    chapters = [(f"Chapter {n}", paragraphs) for n in range(1, CHAPTERS + 1)]
    with tempfile.TemporaryDirectory() as folder:
        texts = []
        for n, (title, paras) in enumerate(chapters, 1):
            path = Path(folder) / f"{n:02d}.txt"
            path.write_text(title + "\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
            texts.append(path)
        epub = fff_epub(Path(folder) / "book.epub", "Book", chapters)
        size = sum(p.stat().st_size for p in texts)
        plain = median_seconds(lambda: [read_book(p) for p in texts])
        packed = median_seconds(lambda: read_book(epub))
    print(f"{size / 1e6:.2f} MB of text in {CHAPTERS} chapters")
    ratio = packed / plain
    print(f"  .txt files: {plain * 1000:.0f} ms, EPUB: {packed * 1000:.0f} ms, x{ratio:.2f} (target 1.2)")


if __name__ == "__main__":
    main()
