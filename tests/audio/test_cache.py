"""The clip cache: every clip checked when read, writes atomic, pruning safe between renders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audiobook.audio.cache import BadClip, hold, read_clip, write_clip
from audiobook.audio.pcm import Audio
from audiobook.audio.synthesize import prune_cache
from audiobook.cli import app

pytestmark = pytest.mark.audio
"""Every test here synthesizes speech or runs ffmpeg."""

SHORT = 'Chapter 3: Short\n\n"Where were you?" Ann asked.\n\n"Out," Bo said. "Nowhere."\n'
AUDIO = Audio(bytes(range(256)) * 40, 22050)


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "empty":
        path.write_bytes(b"")
    elif how == "odd-truncated":
        path.write_bytes(data[: len(data) // 2 + 1])
    elif how == "even-truncated":
        path.write_bytes(data[: len(data) // 2 & ~1])
    elif how == "garbled-header":
        path.write_bytes(b"JUNK" + data[4:20] + b"\xff" * 8 + data[28:])
    elif how == "garbled-data":
        middle = len(data) // 2
        path.write_bytes(
            data[:middle] + bytes(b ^ 0x5A for b in data[middle : middle + 64]) + data[middle + 64 :]
        )


DAMAGE = ["empty", "odd-truncated", "even-truncated", "garbled-header", "garbled-data"]


def test_a_clip_reads_back_as_written(tmp_path: Path) -> None:
    write_clip(AUDIO, tmp_path / "c.wav")
    assert read_clip(tmp_path / "c.wav") == AUDIO
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_clip_is_refused(tmp_path: Path, how: str) -> None:
    write_clip(AUDIO, tmp_path / "c.wav")
    damage(tmp_path / "c.wav", how)
    with pytest.raises(BadClip):
        read_clip(tmp_path / "c.wav")


def manifest(folder: Path) -> dict:
    return json.loads(next(folder.glob("*.json")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_cached_clip_is_made_again_with_a_warning(
    tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    chapter = tmp_path / "ch.txt"
    chapter.write_text(SHORT, encoding="utf-8")
    cache = tmp_path / "cache"
    monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(cache))
    runner = CliRunner()
    first = runner.invoke(app, ["render", str(chapter), "-o", str(tmp_path / "a"), "-j", "1"])
    assert first.exit_code == 0, first.output
    victim = sorted(cache.rglob("*.wav"))[0]
    damage(victim, how)
    again = runner.invoke(app, ["render", str(chapter), "-o", str(tmp_path / "b"), "-j", "1"])
    assert again.exit_code == 0, again.output
    assert "Warning: the cached clip" in again.stderr and "making it again" in again.stderr
    assert "Traceback" not in again.output
    assert abs(manifest(tmp_path / "b")["duration_ms"] - manifest(tmp_path / "a")["duration_ms"]) < 1
    read_clip(victim)  # made again, and whole


def test_pruning_keeps_what_a_running_render_holds(tmp_path: Path) -> None:
    for n in range(4):
        write_clip(AUDIO, tmp_path / "ab" / f"{n:064d}.wav")
    holding = hold({f"{1:064d}"}, tmp_path)
    (tmp_path / "holds" / "999999999.txt").write_text(f"{2:064d}", encoding="utf-8")  # a render gone
    assert prune_cache({f"{0:064d}"}, tmp_path, limit=0) == 2
    assert sorted(p.stem[-1] for p in (tmp_path / "ab").glob("*.wav")) == ["0", "1"]
    assert not (tmp_path / "holds" / "999999999.txt").exists()
    holding.unlink()


def test_a_cache_that_cannot_be_written_is_one_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(blocker))
    chapter = tmp_path / "ch.txt"
    chapter.write_text(SHORT, encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(chapter), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: cannot use the clip cache {blocker}"), (
        result.stderr
    )
    assert "AUDIOBOOK_CACHE_DIR" in lines[0]


def test_three_renders_share_a_tiny_cache(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[2] / "seeds" / "chapter-29-running-to-nowhere.txt").read_text(
        encoding="utf-8"
    )
    chapter = tmp_path / "ch.txt"
    chapter.write_text(text[: text.index("\n\n", 6000)], encoding="utf-8")
    env = {**os.environ, "AUDIOBOOK_CACHE_DIR": str(tmp_path / "shared"), "AUDIOBOOK_CACHE_MB": "1"}
    command = [sys.executable, "-m", "audiobook.cli", "render", str(chapter), "-j", "1", "-o"]
    runs = [
        subprocess.Popen([*command, str(tmp_path / f"out{n}")], env=env, stderr=subprocess.PIPE, text=True)
        for n in range(3)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
        assert "Traceback" not in stderr
    solo_env = {**os.environ, "AUDIOBOOK_CACHE_DIR": str(tmp_path / "solo")}
    subprocess.run([*command, str(tmp_path / "solo-out")], env=solo_env, check=True, capture_output=True)
    solo = manifest(tmp_path / "solo-out")
    for n in range(3):
        shared = manifest(tmp_path / f"out{n}")
        assert [(s["speaker"], s["text"]) for s in shared["segments"]] == [
            (s["speaker"], s["text"]) for s in solo["segments"]
        ]
        assert abs(shared["duration_ms"] - solo["duration_ms"]) < 0.005 * solo["duration_ms"]


def test_word_times_are_kept_with_the_clip(tmp_path: Path) -> None:
    audio = Audio(b"\x01\x00" * 22050, 22050, ((0, 0), (4, 3065), (9, 8820)))
    write_clip(audio, tmp_path / "c.wav")
    assert read_clip(tmp_path / "c.wav") == audio
    write_clip(Audio(audio.pcm, 22050), tmp_path / "plain.wav")  # an engine that tells none
    assert read_clip(tmp_path / "plain.wav").words == ()
