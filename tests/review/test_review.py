"""The review page: its server's security, saving into the ordinary files, re-rendering only what
changed, and the page itself in a real browser (Debian's Chromium, headless).

Real engine, real ffmpeg, real HTTP on 127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audiobook.cli import app
from audiobook.config import load_config
from audiobook.options import RenderOptions
from audiobook.read import read_book
from audiobook.review import ReviewServer, Session

pytestmark = pytest.mark.audio
"""Every test here synthesizes speech or runs ffmpeg."""

CHAPTER = """Chapter 1: The Gate

"Hello there," Ann said to Bo.

"Hi," Bo replied. "A fine day."

Ann nodded. "It is."

"Bye now."
"""
SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "chapter-29-running-to-nowhere.txt"


def serve(chapter: Path, out: Path, idle_s: float = 600.0) -> tuple[ReviewServer, threading.Thread]:
    config = chapter.parent / "audiobook.toml"
    options = RenderOptions(out, 1, config=load_config(config if config.is_file() else None), progress=False)
    session = Session(read_book(chapter).chapters, options, [str(chapter)], True, out)
    server = ReviewServer(session, 0, idle_s)
    thread = threading.Thread(target=server.serve_until_idle, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ReviewServer, Path]]:
    monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "ch.txt").write_text(CHAPTER, encoding="utf-8")
    (tmp_path / "audiobook.toml").write_text(
        '# my settings\n[characters.Ann]\ngender = "female"\n[characters.Bo]\ngender = "male"\n',
        encoding="utf-8",
    )
    server, _ = serve(tmp_path / "ch.txt", tmp_path / "out")
    yield server, tmp_path
    server.shutdown()
    server.server_close()


def request(
    server: ReviewServer,
    method: str,
    path: str,
    body: bytes | None = None,
    token: str | None = "",
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=60)
    sent = {"Content-Type": "application/json", **(headers or {})}
    if token is not None:
        sent["X-Token"] = token or server.token
    conn.request(method, path, body=body, headers=sent)
    response = conn.getresponse()
    return response.status, response.read()


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and "cache" not in p.parts
    }


def test_the_server_listens_on_127_0_0_1_only(project: tuple[ReviewServer, Path]) -> None:
    server, _ = project
    assert server.server_address[0] == "127.0.0.1"
    assert server.url.startswith("http://127.0.0.1:") and f"token={server.token}" in server.url


def test_every_bad_request_gets_a_4xx_and_changes_no_file(project: tuple[ReviewServer, Path]) -> None:
    server, folder = project
    before = files(folder)
    line = json.loads(request(server, "GET", "/api/lines")[1])["chapters"][0]["lines"][-1]
    save = {"lines": [{"chapter": 0, "start": line["start"], "speaker": "Ann"}], "voices": {}}
    anne = json.dumps({**save, "lines": [{**save["lines"][0], "speaker": "Anne"}]}).encode()
    cases = [
        ("GET", "/api/lines", None, None, {}, 403),  # no token
        ("GET", "/api/lines", None, "wrong", {}, 403),  # a wrong token
        ("GET", "/api/lines", None, "", {"Host": "evil.example:80"}, 403),  # DNS rebinding
        ("GET", "/../../etc/passwd", None, "", {}, 404),  # paths are routes, never files
        ("GET", "/api/audio?chapter=../../x&start=1", None, "", {}, 400),
        ("GET", "/api/audio?chapter=7&start=1", None, "", {}, 400),  # no such chapter
        ("GET", "/api/audio?chapter=0&start=3", None, "", {}, 400),  # no line there
        ("GET", "/api/preview?voice=../../voices/narrator", None, "", {}, 400),
        ("GET", "/api/save", None, "", {}, 405),  # writes are POSTs
        ("PUT", "/api/save", b"{}", "", {}, 405),
        ("POST", "/api/save", json.dumps(save).encode(), None, {}, 403),  # a write without the token
        ("POST", "/api/save", b"not json", "", {}, 400),
        ("POST", "/api/save", b"{}", "", {"Content-Type": "text/plain"}, 400),
        ("POST", "/api/save", b'{"lines": 3}', "", {}, 400),
        ("POST", "/api/save", b'{"lines": [{"chapter": 0}]}', "", {}, 400),
        ("POST", "/api/save", b'{"paths": ["/etc/passwd"]}', "", {}, 400),
        ("POST", "/api/save", anne, "", {}, 400),  # a speaker who does not exist
        ("POST", "/api/save", json.dumps({"voices": {"Ann": "no-such-voice"}}).encode(), "", {}, 400),
        ("POST", "/api/save", json.dumps({"voices": {"Zed": "male-deep"}}).encode(), "", {}, 400),
        # Too large: refused on its Content-Length, before it is read.
        ("POST", "/api/save", b"{}", "", {"Content-Length": str(2 << 20)}, 413),
    ]  # fmt: skip
    for method, path, body, token, headers, status in cases:
        got, text = request(server, method, path, body, token, headers)
        assert got == status, (method, path, got, text)
        assert "error" in json.loads(text)
    got, text = request(
        server,
        "POST",
        "/api/save",
        json.dumps({**save, "lines": [{**save["lines"][0], "speaker": "Anne"}]}).encode(),
    )
    assert b"no character 'Anne'" in text and b"+Anne" in text
    assert files(folder) == before


def test_saving_writes_the_script_and_the_cast_and_a_rerender_makes_one_clip(
    project: tuple[ReviewServer, Path],
) -> None:
    server, folder = project
    result = CliRunner().invoke(app, ["render", str(folder / "ch.txt"), "-o", str(folder / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    lines = json.loads(request(server, "GET", "/api/lines")[1])["chapters"][0]["lines"]
    bye = next(ln for ln in lines if ln["text"] == '"Bye now."')
    assert bye["speaker"] == "Bo"
    body = {
        "lines": [{"chapter": 0, "start": bye["start"], "speaker": "Ann"}],
        "voices": {"Bo": "male-gravel"},
    }
    status, text = request(server, "POST", "/api/save", json.dumps(body).encode())
    assert status == 200, text
    script = (folder / "ch.script.txt").read_text(encoding="utf-8")
    assert f'@{bye["start"]}-{bye["end"]} Ann: "Bye now."' in script
    config = (folder / "audiobook.toml").read_text(encoding="utf-8")
    assert config.startswith("# my settings\n") and '[cast]\nBo = "male-gravel"' in config
    # The same files a user edits by hand: the render honours them as they are.
    status, text = request(server, "POST", "/api/render", b"{}")
    assert status == 200 and json.loads(text)["started"]
    for _ in range(600):
        progress = json.loads(request(server, "GET", "/api/status")[1])
        if progress["state"] != "running":
            break
        time.sleep(0.1)
    assert progress["state"] == "done", progress
    manifest = json.loads((folder / "out" / "1 - The Gate.json").read_text(encoding="utf-8"))
    said = {s["text"]: (s["speaker"], s["voice"]) for s in manifest["segments"] if s["kind"] == "dialogue"}
    assert said['"Bye now."'][0] == "Ann" and said['"Hi,"'] == ("Bo", "male-gravel")
    bo_lines = sum(1 for speaker, _ in said.values() if speaker == "Bo")
    # The moved line and Bo's lines in the new voice, nothing else.
    assert progress["summary"].startswith(f"{1 + bo_lines} clips synthesized")


def test_the_server_stops_after_an_idle_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "ch.txt").write_text(CHAPTER, encoding="utf-8")
    server, thread = serve(tmp_path / "ch.txt", tmp_path / "out", idle_s=0.5)
    assert request(server, "GET", "/api/status")[0] == 200
    thread.join(timeout=5)
    assert not thread.is_alive()
    server.server_close()


def test_ctrl_c_stops_the_review_command(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    (tmp_path / "ch.txt").write_text(CHAPTER, encoding="utf-8")
    env = dict(os.environ, AUDIOBOOK_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("DISPLAY", None)
    chapter, out = str(tmp_path / "ch.txt"), str(tmp_path / "out")
    cmd = [sys.executable, "-m", "audiobook.cli", "review", chapter, "-o", out]
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("Review page: http://127.0.0.1:") and "token=" in line
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=10)
    assert process.returncode == 0 and "Review stopped." in errors and "Traceback" not in errors


def test_a_character_added_by_an_earlier_save_keeps_its_mark(project: tuple[ReviewServer, Path]) -> None:
    server, folder = project
    lines = json.loads(request(server, "GET", "/api/lines")[1])["chapters"][0]["lines"]
    bye, hello = lines[-1], lines[0]
    for line, speaker in ((bye, "+Stranger"), (hello, "Bo")):  # two saves: the second rewrites the script
        body = {"lines": [{"chapter": 0, "start": line["start"], "speaker": speaker}]}
        assert request(server, "POST", "/api/save", json.dumps(body).encode())[0] == 200
    script = (folder / "ch.script.txt").read_text(encoding="utf-8")
    assert f'@{bye["start"]}-{bye["end"]} +Stranger: "Bye now."' in script
    result = CliRunner().invoke(app, ["render", str(folder / "ch.txt"), "-o", str(folder / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
