"""Ready mixes of voices, chosen with one config line: `[book] voices = "kokoro"`.

The `kokoro` mix reads with Kokoro-82M (see `engines.kokoro_engine`): a Kokoro narrator and a
profile per Kokoro voice in the user's voices file, named `kokoro-af_heart`, the gender and accent
from the voice's own name (`af_*` American female, `bm_*` British male). For more characters than
voices, blends of two voices of one gender follow (`kokoro-~af_heart+af_bella`, their style
vectors' mean), the two farthest apart first; casting takes every stock voice before a blend. The
profiles follow from the voices file alone, so they are the same on every run. When the engine or
its files are missing, the espeak-ng profiles are used, with a warning saying why.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from audiobook.casting.voices import VoiceProfile, load_voices
from audiobook.config import Config
from audiobook.errors import EngineError
from audiobook.values import Gender

MIXES = ("kokoro",)
ACCENTS = {
    "a": "American", "b": "British", "e": "Spanish", "f": "French", "h": "Hindi", "i": "Italian",
    "j": "Japanese", "p": "Brazilian Portuguese", "z": "Mandarin",
}  # fmt: skip
GENDERS = {"f": Gender.FEMALE, "m": Gender.MALE}
NARRATORS = ("bm_george", "am_michael", "bf_emma", "af_heart", "am_adam")
"""The narrator of the kokoro mix: the first of these in the voices file, else its first male
voice, else its first voice."""
BLENDS_PER_GENDER = 12


def profiles_for(
    config: Config, warn: Callable[[str], None] = lambda message: None
) -> dict[str, VoiceProfile]:
    """The voice profiles a render casts from: the `[book] voices` mix, else the profile folder."""
    stock = load_voices()
    if config.book.voices != "kokoro":
        return stock
    try:
        from audiobook.audio.engines.kokoro_engine import KokoroEngine, model_files

        KokoroEngine.check_runtime()
        with np.load(model_files()[1]) as styles:
            vectors = {name: np.asarray(styles[name], dtype=np.float32) for name in styles.files}
    except EngineError as exc:
        warn(f'[book] voices = "kokoro": {exc}; reading with the espeak-ng voices instead')
        return stock
    return kokoro_profiles(vectors, config)


def kokoro_profiles(vectors: dict[str, np.ndarray], config: Config) -> dict[str, VoiceProfile]:
    """The kokoro mix for the voices of a voices file (name -> style vectors)."""
    names = sorted(vectors)
    narrator = next((n for n in NARRATORS if n in vectors), None)
    narrator = narrator or next((n for n in names if n[1:2] == "m"), names[0])
    profiles = {"narrator": _profile("narrator", narrator, Gender.NEUTRAL, "Kokoro narrator")}
    for name in names:
        if name == narrator:
            continue
        gender = GENDERS.get(name[1:2], Gender.NEUTRAL)
        accent = ACCENTS.get(name[:1], "")
        profiles[f"kokoro-{name}"] = _profile(
            f"kokoro-{name}", name, gender, f"Kokoro {accent} {gender}".strip()
        )
    for gender in (Gender.FEMALE, Gender.MALE):
        voices = [n for n in names if GENDERS.get(n[1:2]) == gender and n != narrator]
        pairs = sorted(
            itertools.combinations(voices, 2),
            key=lambda p: (-float(np.linalg.norm(vectors[p[0]] - vectors[p[1]])), p),
        )
        for a, b in pairs[:BLENDS_PER_GENDER]:
            key = f"kokoro-~{a}+{b}"
            profiles[key] = _profile(key, f"{a}*0.5+{b}*0.5", gender, f"Kokoro blend of {a} and {b}")
    return profiles


def _profile(name: str, voice: str, gender: str, description: str) -> VoiceProfile:
    return VoiceProfile(
        name, engine="kokoro", voice=voice, rate_wpm=170, gender=gender, description=description
    )
