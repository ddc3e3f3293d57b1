"""Shared fixtures: tests never touch the user's cache, and the sample chapter is at hand."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "chapter-29-running-to-nowhere.txt"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the clip cache at a folder of this test session."""
    monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "clip-cache"))


@pytest.fixture
def sample() -> Path:
    """The sample chapter."""
    return SAMPLE


def write(tmp_path: Path, text: str, name: str = "chapter.txt") -> Path:
    """A chapter file with the given text."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
