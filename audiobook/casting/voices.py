"""Voice profiles: one TOML file each in the voices folder."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from audiobook.errors import ConfigError
from audiobook.values import Gender

GENDERS = tuple(Gender)


@dataclass(frozen=True)
class VoiceProfile:
    """How one voice sounds: which engine and engine voice, at what rate, pitch and volume."""

    name: str
    """The profile's name (its file name without `.toml`)."""
    engine: str = "pyttsx3"
    """The speech engine's registry name."""
    voice: str = "en-us"
    """The engine's own voice id, for espeak-ng a language with an optional `+variant`."""
    rate_wpm: int = 170
    """Speaking rate in words per minute."""
    pitch: int = 50
    """Base pitch from 0 (lowest) to 100 (highest)."""
    volume: float = 1.0
    """Loudness from 0.0 to 1.0."""
    gender: str = "neutral"
    """`male`, `female` or `neutral`: which characters the profile suits."""
    description: str = ""
    """A few words on how it sounds."""
    length_scale: float | None = None
    """Piper only: phoneme length (above 1 slower, below 1 faster); default the model's own."""
    noise_scale: float | None = None
    """Piper only: generator noise (expressiveness); default the model's own."""
    noise_w_scale: float | None = None
    """Piper only: phoneme width noise (rhythm variation); default the model's own."""
    speaker_id: int | None = None
    """Piper only: the speaker of a multi-speaker model."""
    model: str | None = None
    """Kokoro only: the model file (`.onnx`); default the one in the models folder."""
    voices_file: str | None = None
    """Kokoro only: the voices file the `voice` is in; default the one in the models folder."""


def voices_dir() -> Path:
    """The folder of voice profiles: $AUDIOBOOK_VOICES, else the project's `voices/`."""
    env = os.environ.get("AUDIOBOOK_VOICES")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "voices"


def load_voices(folder: Path | None = None) -> dict[str, VoiceProfile]:
    """Every profile in the folder, by name."""
    folder = folder or voices_dir()
    if not folder.is_dir():
        raise ConfigError(
            f"voice folder {folder} not found; set AUDIOBOOK_VOICES to a folder of .toml profiles"
        )
    return {p.stem: load_voice(p) for p in sorted(folder.glob("*.toml"))}


def load_voice(path: Path) -> VoiceProfile:
    """One profile file, checked field by field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read voice profile ({exc}); fix the TOML syntax") from exc
    return voice_from_dict(path.stem, data, str(path))


_FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "int": int, "float": (int, float), "str": str, "float | None": (int, float), "int | None": int,
    "str | None": str,
}  # fmt: skip


def voice_from_dict(name: str, data: dict[str, object], where: str) -> VoiceProfile:
    """A profile from a table, unknown keys and bad values rejected."""
    allowed = {f.name: f for f in fields(VoiceProfile) if f.name != "name"}
    for key, value in data.items():
        if key not in allowed:
            raise ConfigError(f"{where}: unknown key '{key}'; allowed: {', '.join(allowed)}")
        if value is None and "None" in str(allowed[key].type):
            continue  # an optional setting left unset (a profile copied with its defaults)
        expected = _FIELD_TYPES[str(allowed[key].type)]
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ConfigError(f"{where}: '{key}' must be a {allowed[key].type}, not {value!r}")
    profile = VoiceProfile(name=name, **data)  # type: ignore[arg-type]
    if profile.gender not in GENDERS:
        raise ConfigError(f"{where}: gender must be one of {', '.join(GENDERS)}, not {profile.gender!r}")
    if not 0 <= profile.pitch <= 100 or not 0 <= profile.volume <= 1 or not 60 <= profile.rate_wpm <= 450:
        raise ConfigError(f"{where}: pitch must be 0-100, volume 0.0-1.0 and rate_wpm 60-450")
    scales = (profile.length_scale, profile.noise_scale, profile.noise_w_scale)
    if any(v is not None and not 0 <= v <= 5 for v in scales) or (profile.speaker_id or 0) < 0:
        raise ConfigError(f"{where}: length_scale and the noise scales must be 0-5, speaker_id 0 or more")
    return profile
