"""Synthesis on a Dask cluster gives the same book as a local render.

Needs the `distributed` extra (CI installs it). The voices use the `espeak` engine, which makes a
clip the same whatever was spoken before; pyttsx3 keeps a little state between utterances in one
process, so two renders with different clip orders differ by a few milliseconds.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from audiobook.book import render_book
from audiobook.errors import AudiobookError
from audiobook.options import RenderOptions

pytestmark = pytest.mark.audio
"""Every test here synthesizes speech or runs ffmpeg."""

distributed = pytest.importorskip("distributed", reason="the distributed extra is not installed")

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = {
    "1.txt": 'Chapter 1: Dawn\n\n"Up," Mara said. "The boat leaves."\n\n"Five more minutes," Tomas said.\n',
    "2.txt": 'Chapter 2: Noon\n\nThe sun was high.\n\n"Row," Mara said.\n\n"I am rowing," Tomas said.\n',
}


@pytest.fixture
def espeak_voices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "voices"
    folder.mkdir()
    for profile in (ROOT / "voices").glob("*.toml"):
        text = profile.read_text(encoding="utf-8").replace('engine = "pyttsx3"', 'engine = "espeak"')
        (folder / profile.name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("AUDIOBOOK_VOICES", str(folder))


def manifests(folder: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


def timed(data: dict) -> list[tuple]:
    return [
        (s["kind"], s["speaker"], s["voice"], s["spoken"], s["start_ms"], s["end_ms"])
        for s in data["segments"]
    ]


def test_a_two_worker_cluster_renders_the_same_book(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, espeak_voices: None
) -> None:
    book = tmp_path / "chapters"
    book.mkdir()
    for name, text in CHAPTERS.items():
        (book / name).write_text(text, encoding="utf-8")

    def render(where: str, scheduler: str | None) -> Path:
        monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(tmp_path / f"cache-{where}"))
        options = RenderOptions(tmp_path / where, 2, "Boat", "A. Writer", progress=False, scheduler=scheduler)
        result = render_book([str(book)], options)
        assert len(result.rendered) == 2 and not result.failed
        return result.folder

    local = render("local", None)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        remote = render("cluster", cluster.scheduler_address)
        # Every distinct clip was made on the cluster (its cache started empty).
        made = cluster.scheduler.task_prefixes["audiobook-clip"].state_counts["memory"]
        clips = {(s["spoken"], s["voice"]) for d in manifests(remote).values() for s in d["segments"]}
    here, there = manifests(local), manifests(remote)
    assert list(here) == list(there) == ["01 - Dawn.json", "02 - Noon.json"]
    for name in here:
        assert timed(here[name]) == timed(there[name])
        assert here[name]["duration_ms"] == there[name]["duration_ms"]
    assert {s["speaker"] for d in here.values() for s in d["segments"]} >= {"Mara", "Tomas"}
    assert made == len(clips) > 0


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path: Path) -> None:
    book = tmp_path / "chapters"
    book.mkdir()
    (book / "1.txt").write_text(CHAPTERS["1.txt"], encoding="utf-8")
    options = RenderOptions(tmp_path / "out", 1, progress=False, scheduler="tcp://127.0.0.1:9")
    with pytest.raises(AudiobookError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        render_book([str(book)], options)
    assert not list((tmp_path / "out").rglob("*.mp3"))


def test_the_cli_names_the_extra_when_distributed_is_missing(tmp_path: Path) -> None:
    chapter = tmp_path / "1.txt"
    chapter.write_text(CHAPTERS["1.txt"], encoding="utf-8")
    # A Python that cannot import distributed: the package's own folder first on the path, with a
    # stub module that raises ImportError, as on a machine without the extra.
    stub = tmp_path / "stub"
    stub.mkdir()
    (stub / "distributed.py").write_text("raise ImportError('not installed')\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "audiobook.cli", "render", str(chapter), "-o", str(tmp_path / "out"),
         "--scheduler", "tcp://127.0.0.1:9", "-j", "1"],
        capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(stub), "PATH": _path(), "AUDIOBOOK_CACHE_DIR": str(tmp_path / "cache")},
    )  # fmt: skip
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1] == (
        "Error: --scheduler needs Dask distributed; install it with: pip install 'audiobook[distributed]'"
    )


def _path() -> str:
    return str(Path(shutil.which("ffmpeg") or "/usr/bin/ffmpeg").parent) + ":/usr/bin:/bin"
