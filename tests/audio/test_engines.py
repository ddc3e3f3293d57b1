"""The real engines: espeak-ng through pyttsx3 and espeak-ng called directly."""

import os
from pathlib import Path

import pytest

from audiobook.audio.clips import Clip
from audiobook.audio.engines import get_engine
from audiobook.audio.synthesize import synthesize
from audiobook.casting.voices import VoiceProfile, load_voices
from audiobook.errors import EngineError

pytestmark = pytest.mark.audio
"""Every test here synthesizes speech or runs ffmpeg."""

TEXT = "The quick brown fox jumps over the lazy dog near the river bank."


@pytest.mark.parametrize("name", ["pyttsx3", "espeak"])
def test_engine_speaks(name: str) -> None:
    audio = get_engine(name).synthesize(TEXT, VoiceProfile("t", engine=name))
    assert audio.sample_rate_hz == 22050
    assert 2000 < audio.duration_ms < 10000
    assert max(audio.pcm[1::2]) > 8  # not silence: some high bytes are set


def test_settings_do_not_leak_between_clips() -> None:
    """pyttsx3's driver applies settings late unless we wait; alternate rates to catch it."""
    slow = VoiceProfile("slow", voice="en-us", rate_wpm=110)
    fast = VoiceProfile("fast", voice="en-gb+f2", rate_wpm=300)
    engine = get_engine("pyttsx3")
    lengths: dict[str, set[int]] = {"slow": set(), "fast": set()}
    for i in range(12):
        voice = slow if i % 2 == 0 else fast
        lengths[voice.name].add(round(engine.synthesize(TEXT, voice).duration_ms, -2))
    assert max(lengths["fast"]) * 1.8 < min(lengths["slow"])
    assert max(lengths["slow"]) - min(lengths["slow"]) <= 200


def test_pool_synthesis_matches_order_and_uses_cache() -> None:
    profiles = load_voices()
    clips = [Clip(f"Line number {i}.", profiles["narrator" if i % 2 else "female-warm"]) for i in range(6)]
    first = synthesize(clips, jobs=2, progress=False)
    again = synthesize(clips, jobs=2, progress=False)
    assert [a.pcm for a in first] == [a.pcm for a in again]
    assert all(a.frames > 0 for a in first)


def test_unknown_engine_is_a_user_error() -> None:
    with pytest.raises(EngineError, match="unknown engine 'nope'"):
        get_engine("nope")


def test_cache_is_pruned_to_its_limit_least_recently_used_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(tmp_path / "cache"))
    voice = load_voices()["narrator"]
    old = [Clip(f"An old line, number {i}.", voice) for i in range(4)]
    synthesize(old, jobs=1, progress=False)
    files = sorted((tmp_path / "cache").rglob("*.wav"), key=lambda p: p.name)
    for age, path in enumerate(files):
        os.utime(path, (1_000_000 + age, 1_000_000 + age))  # long ago, in a known order
    new = [Clip("A new line that this render needs.", voice)]
    monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(tmp_path / "elsewhere"))
    new_size = sum(p.stat().st_size for p in _cached_after(new, tmp_path / "elsewhere"))
    monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(tmp_path / "cache"))
    # Room for the new clip and the two most recently used old ones.
    # (plus a little: a clip made again may differ by a few samples)
    room = new_size + files[2].stat().st_size + files[3].stat().st_size + 4096
    monkeypatch.setenv("AUDIOBOOK_CACHE_MB", str(room / 1024 / 1024))
    synthesize(new, jobs=1, progress=False)
    left = set((tmp_path / "cache").rglob("*.wav"))
    assert len(left) == 3
    assert files[0] not in left and files[1] not in left and files[3] in left


def test_cache_never_drops_clips_the_render_uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AUDIOBOOK_CACHE_MB", "0")
    clips = [Clip(f"Kept line {i}.", load_voices()["narrator"]) for i in range(3)]
    assert all(a.frames > 0 for a in synthesize(clips, jobs=1, progress=False))
    assert len(list((tmp_path / "cache").rglob("*.wav"))) == 3


def _cached_after(clips: list[Clip], root: Path) -> list[Path]:
    synthesize(clips, jobs=1, progress=False)
    return list(root.rglob("*.wav"))
