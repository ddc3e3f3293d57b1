"""The real engines: espeak-ng through pyttsx3 and espeak-ng called directly."""

import pytest

from audiobook.engines import get_engine
from audiobook.errors import EngineError
from audiobook.synthesize import Clip, synthesize
from audiobook.voices import VoiceProfile, load_voices

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
