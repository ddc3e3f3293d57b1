"""The review page in a real browser: Debian's Chromium, headless, driven by Selenium through
Debian's chromedriver (nothing downloads a browser). On the sample chapter: the page lists its
lines, a line plays with the length of its audio, a line is reassigned and saved, and the
re-render synthesizes only that line. Screenshots go to REVIEW_SHOTS (default: the test's folder).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import threading
import urllib.request
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait
from typer.testing import CliRunner

from audiobook.cli import app
from audiobook.config import load_config
from audiobook.options import RenderOptions
from audiobook.read import read_book
from audiobook.review import ReviewServer, Session

pytestmark = pytest.mark.audio
"""Every test here synthesizes speech or runs ffmpeg."""

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "chapter-29-running-to-nowhere.txt"


def browser() -> webdriver.Chrome:
    """Headless Chromium at a laptop's window size."""
    if not (CHROMIUM.is_file() and DRIVER.is_file()):
        pytest.fail("Chromium is missing: sudo apt-get install chromium chromium-driver (make test does)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768",
                 "--autoplay-policy=no-user-gesture-required", "--mute-audio"):  # fmt: skip
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(str(DRIVER)), options=options)


@pytest.fixture
def page(tmp_path: Path) -> Iterator[tuple[webdriver.Chrome, ReviewServer, Path]]:
    chapter = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, chapter)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["render", str(chapter), "-o", str(out)])
    assert result.exit_code == 0, result.output
    options = RenderOptions(out, 2, config=load_config(None), progress=False)
    session = Session(read_book(chapter).chapters, options, [str(chapter)], True, out)
    server = ReviewServer(session)
    threading.Thread(target=server.serve_until_idle, daemon=True).start()
    driver = browser()
    try:
        yield driver, server, chapter
    finally:
        driver.quit()
        server.shutdown()
        server.server_close()


def shot(driver: webdriver.Chrome, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("REVIEW_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(folder / f"{name}.png"))


def test_review_a_chapter_in_the_browser(
    page: tuple[webdriver.Chrome, ReviewServer, Path], tmp_path: Path
) -> None:
    driver, server, chapter = page
    wait = WebDriverWait(driver, 60)
    driver.get(server.url)
    wait.until(lambda d: d.find_element(By.ID, "status").text.endswith(" lines"))
    rows = driver.find_elements(By.CSS_SELECTOR, "#lines tr")
    data = json.loads(urllib.request.urlopen(
        urllib.request.Request(server.url.replace("/?", "/api/lines?"))).read())  # fmt: skip
    assert len(rows) == len(data["chapters"][0]["lines"]) == 110
    shot(driver, "1-page", tmp_path)

    # Play the first line: the audio element loads it, with the length of that line's audio.
    rows[0].find_element(By.CSS_SELECTOR, "[data-play]").click()
    wait.until(lambda d: d.execute_script("return document.getElementById('player').readyState >= 1"))
    duration = driver.execute_script("return document.getElementById('player').duration")
    start = data["chapters"][0]["lines"][0]["start"]
    url = server.url.replace("/?", f"/api/audio?chapter=0&start={start}&")
    with wave.open(io.BytesIO(urllib.request.urlopen(url).read())) as wav:
        expected = wav.getnframes() / wav.getframerate()
    assert duration == pytest.approx(expected, abs=0.01) and expected > 0.5

    # Least certain first, then give the first line to Sakura and save.
    Select(driver.find_element(By.ID, "order")).select_by_value("conf")
    first = driver.find_element(By.CSS_SELECTOR, "#lines tr")
    text = first.find_elements(By.TAG_NAME, "td")[5].text
    line = next(ln for ln in data["chapters"][0]["lines"] if ln["text"] == text)
    new = "Sakura" if line["speaker"] != "Sakura" else "Tsunade"
    first.find_element(By.CSS_SELECTOR, "[data-spk]").click()
    Select(first.find_element(By.CSS_SELECTOR, "td.who select")).select_by_visible_text(new)
    shot(driver, "2-changed", tmp_path)
    driver.find_element(By.ID, "save").click()
    wait.until(lambda d: "aved" in d.find_element(By.ID, "status").text)
    assert driver.find_element(By.ID, "status").text.startswith("Saved"), driver.find_element(
        By.ID, "status"
    ).text
    script = chapter.with_name(chapter.stem + ".script.txt").read_text(encoding="utf-8")
    assert f"@{line['start']}-{line['end']} {new}: " in script

    # Re-render: only that line's clip is synthesized, and the manifest has the new speaker.
    driver.find_element(By.ID, "render").click()
    wait.until(
        lambda d: d.find_element(By.ID, "render").is_enabled() and server.session.progress.state != "running"
    )
    status = driver.find_element(By.ID, "status").text
    assert status.startswith("1 clips synthesized, 1 scenes encoded"), (status, server.session.progress)
    manifest = json.loads(
        (server.session.folder / "29 - Running to Nowhere.json").read_text(encoding="utf-8")
    )
    assert next(s for s in manifest["segments"] if s["start"] == line["start"])["speaker"] == new
    shot(driver, "3-rendered", tmp_path)
