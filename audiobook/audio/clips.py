"""One clip: a line's words in a voice, made by this process's engine (levelled, tried twice), and
where the cache keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from audiobook.audio.cache import cache_dir
from audiobook.audio.engines import Engine, get_engine
from audiobook.audio.loudness import level_clip
from audiobook.audio.pcm import Audio
from audiobook.casting.voices import VoiceProfile
from audiobook.errors import EngineError


@dataclass(frozen=True)
class Clip:
    """Text to speak in one voice."""

    text: str
    """The spoken text, never empty."""
    voice: VoiceProfile
    """The voice to speak it in."""


def clip_path(key: str, root: Path | None = None) -> Path:
    """The cache file of a clip key."""
    return (root or cache_dir()) / key[:2] / f"{key}.wav"


_ENGINES: dict[str, Engine] = {}


def make_clip(text: str, voice: VoiceProfile) -> Audio | str:
    """One levelled clip from this process's engine, trying twice; the audio, or why it failed."""
    engine = _ENGINES.get(voice.engine)
    if engine is None:
        engine = _ENGINES[voice.engine] = get_engine(voice.engine)
    error = ""
    for _ in range(2):
        try:
            return level_clip(engine.synthesize(text, voice), voice.volume)
        except EngineError as exc:
            error = str(exc)
    return error
