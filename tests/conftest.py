"""Shared fixtures: tests never touch the user's cache, and the sample chapter is at hand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "chapter-29-running-to-nowhere.txt"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point the clip cache at a folder of this test session, before any fixture of any scope
    renders (a module's rendered chapter too): tests never touch the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUDIOBOOK_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "clip-cache"))
        yield


@pytest.fixture
def sample() -> Path:
    """The sample chapter."""
    return SAMPLE


def write(tmp_path: Path, text: str, name: str = "chapter.txt") -> Path:
    """A chapter file with the given text."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


_AUDIO_TOOLS = {"ffmpeg", "ffprobe", "espeak-ng", "espeak"}


@pytest.fixture(autouse=True)
def _text_tests_make_no_audio(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test not marked `audio` (run by `make test-fast`) may start no speech engine and no
    ffmpeg: it fails here if it does, so that the marker stays true."""
    if request.node.get_closest_marker("audio") is not None:
        return
    import subprocess

    import audiobook.audio.clips

    def no_engine(name: str) -> object:
        raise AssertionError(f"a text test started the {name} engine: mark it @pytest.mark.audio")

    class NoAudioTools(subprocess.Popen):  # type: ignore[type-arg]
        def __init__(self, args: object, *rest: object, **kw: object) -> None:
            tool = Path(str(args[0] if isinstance(args, list | tuple) else args).split()[0]).name
            if tool in _AUDIO_TOOLS:
                raise AssertionError(f"a text test ran {tool}: mark it @pytest.mark.audio")
            super().__init__(args, *rest, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(audiobook.audio.clips, "get_engine", no_engine)
    monkeypatch.setattr(subprocess, "Popen", NoAudioTools)
