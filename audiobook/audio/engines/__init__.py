"""Speech engines behind one interface, found by name in a registry.

Built-in engines register the same way another package's would: a name mapped to
`module:Class`, imported only when the engine is first used.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from audiobook.audio.pcm import Audio
from audiobook.casting.voices import VoiceProfile
from audiobook.errors import EngineError

REGISTRY: dict[str, str] = {
    "pyttsx3": "audiobook.audio.engines.pyttsx3_engine:Pyttsx3Engine",
    "espeak": "audiobook.audio.engines.espeak:EspeakEngine",
    "piper": "audiobook.audio.engines.piper_engine:PiperEngine",
    "kokoro": "audiobook.audio.engines.kokoro_engine:KokoroEngine",
}


class Engine(Protocol):
    """Turns text into audio in a given voice."""

    name: str

    @staticmethod
    def version() -> str:
        """A string that changes whenever the engine's output may change."""
        ...

    @staticmethod
    def voices() -> list[str]:
        """The engine's own voice ids, for `audiobook voices`."""
        ...

    @staticmethod
    def check_voice(voice_id: str) -> None:
        """Raise EngineError if the engine has no such voice (before any clip is made)."""
        ...

    def synthesize(self, text: str, voice: VoiceProfile) -> Audio:
        """Speak `text` (never empty) in `voice`."""
        ...


def engine_class(name: str) -> type[Engine]:
    """The engine class registered under a name (imported now, not before)."""
    target = REGISTRY.get(name)
    if target is None:
        raise EngineError(f"unknown engine '{name}'; known engines: {', '.join(sorted(REGISTRY))}")
    module_name, class_name = target.split(":")
    cls: type[Engine] = getattr(importlib.import_module(module_name), class_name)
    return cls


def get_engine(name: str) -> Engine:
    """A new engine object for a registered name."""
    return engine_class(name)()
