"""The review page's speed in a real browser (Debian's headless Chromium), measured in one run.

(1) a generated chapter of 500 spoken lines: from asking for the page to its lines listed
    (target < 1 s); the server's analysis at start is timed apart;
(2) a generated book of 10 chapters, 5,000 spoken lines: the page listing every line, and the
    page's work when the order changes to least certain first (all 5,000 rows drawn again), the
    longest time the page does not answer (target: no freeze, well under a second).

Run: .venv/bin/python benchmarks/review.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import threading
import time
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from batch import LINES, NAMES, NARRATION, SAYS  # noqa: E402
from test_review_browser import browser  # noqa: E402

from audiobook.config import load_config  # noqa: E402
from audiobook.options import RenderOptions  # noqa: E402
from audiobook.read.collect import read_chapters  # noqa: E402
from audiobook.review import ReviewServer, Session  # noqa: E402


def chapter(number: int, lines: int, rng: random.Random) -> str:
    paragraphs = [f"Chapter {number}: Day {number}"]
    for n in range(lines):
        who = rng.choice(NAMES)
        if n % 3:
            paragraphs.append(f'"{rng.choice(LINES)}, number {n}," {who} {rng.choice(SAYS)}.')
        else:
            paragraphs.append(f'"{rng.choice(LINES)}, number {n}."')
        if n % 7 == 0:
            paragraphs.append(rng.choice(NARRATION))
    return "\n\n".join(paragraphs) + "\n"


def measure(folder: Path, files: list[Path], single: bool) -> tuple[float, float, float, int, float]:
    """(server start s, first rows shown s, every line listed s, lines listed, longest task ms)."""
    started = time.perf_counter()
    read, _, _ = read_chapters(files)
    options = RenderOptions(folder / "out", 1, config=load_config(None), progress=False)
    session = Session(read, options, [str(f) for f in files], single, folder / "out")
    server = ReviewServer(session)
    ready = time.perf_counter() - started
    threading.Thread(target=server.serve_until_idle, daemon=True).start()
    driver = browser()
    try:
        driver.get("about:blank")
        began = time.perf_counter()
        driver.get(server.url)
        wait = WebDriverWait(driver, 120, poll_frequency=0.02)
        wait.until(lambda d: d.find_element(By.ID, "status").text.endswith(" lines"))
        first = time.perf_counter() - began
        wait.until(lambda d: d.find_element(By.ID, "lines").get_attribute("data-rows"))
        listed = time.perf_counter() - began
        rows = len(driver.find_elements(By.CSS_SELECTOR, "#lines tr"))
        # The longest the page does not answer while it draws every row again: the longest task.
        driver.execute_script(
            "window.longest = 0; new PerformanceObserver((l) => { for (const e of l.getEntries())"
            " window.longest = Math.max(window.longest, e.duration); }).observe({type: 'longtask'});"
            "document.getElementById('order').value = 'conf';"
            "document.getElementById('order').dispatchEvent(new Event('change'));"
        )
        wait.until(lambda d: d.find_element(By.ID, "lines").get_attribute("data-rows"))
        time.sleep(0.3)
        redraw = driver.execute_script("return window.longest")
    finally:
        driver.quit()
        server.shutdown()
        server.server_close()
    return ready, first, listed, rows, redraw


def main() -> None:
    rng = random.Random(3)
    with tempfile.TemporaryDirectory(prefix="audiobook-review-") as tmp:
        folder = Path(tmp)
        one = folder / "one" / "chapter.txt"
        one.parent.mkdir()
        one.write_text(chapter(1, 500, rng), encoding="utf-8")
        ready, first, listed, rows, redraw = measure(one.parent, [one], True)
        print(f"500-line chapter: server ready in {ready:.2f} s; first lines shown in {first:.2f} s, "
              f"all {rows} in {listed:.2f} s (target < 1 s)")  # fmt: skip
        book = folder / "book"
        book.mkdir()
        files = []
        for n in range(1, 11):
            files.append(book / f"ch{n:02d}.txt")
            files[-1].write_text(chapter(n, 500, rng), encoding="utf-8")
        ready, first, listed, rows, redraw = measure(book, files, False)
        print(f"10-chapter book: server ready in {ready:.2f} s; first lines shown in {first:.2f} s, "
              f"all {rows} in {listed:.2f} s")  # fmt: skip
        print(f"  redrawn least certain first: the page's longest unanswering moment {redraw:.0f} ms")


if __name__ == "__main__":
    main()
