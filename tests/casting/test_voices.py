"""The shipped voice profiles sound distinct: measured pitch of every profile, real engine."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from measure import median_f0

from audiobook.audio.clips import Clip
from audiobook.audio.engines import get_engine
from audiobook.audio.loudness import samples
from audiobook.audio.synthesize import synthesize
from audiobook.casting.voices import load_voices

SENTENCE = "Where were you all this time? I waited by the old bridge until the sun went down."
SENTENCES = (
    SENTENCE,
    "Nobody told me the meeting had moved, so I walked the whole way back in the rain.",
    "If you want the truth, ask her yourself; I am done carrying messages for the two of you.",
)


pytestmark = pytest.mark.audio
"""Every test here synthesizes speech or runs ffmpeg."""
MIN_SEMITONES = 1.0
"""Two profiles of one gender are at least this far apart in median pitch. They were set 1.4 to 2
semitones apart, and most also differ in accent and espeak-ng variant, that is in timbre; espeak-ng
inside one process varies a clip's pitch by up to half a semitone from one utterance to the next,
so the test keeps that much in hand."""


@pytest.fixture(scope="module")
def pitches(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    """Each profile's pitch, made in fresh worker processes as a render makes them (espeak-ng in
    a long-lived process carries a little state from one utterance to the next)."""
    profiles = load_voices()
    cache = tmp_path_factory.mktemp("pitch-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUDIOBOOK_CACHE_DIR", str(cache))
        clips = [Clip(text, p) for p in profiles.values() for text in SENTENCES]
        audios = synthesize(clips, jobs=2, progress=False)
    n, rate = len(SENTENCES), audios[0].sample_rate_hz
    joined = [np.concatenate([samples(a) for a in audios[i * n : (i + 1) * n]]) for i in range(len(profiles))]
    return {name: median_f0(x, rate) for name, x in zip(profiles, joined, strict=True)}


@pytest.mark.parametrize("gender", ["male", "female"])
def test_profiles_of_one_gender_differ_in_pitch(pitches: dict[str, float], gender: str) -> None:
    profiles = load_voices()
    names = [n for n, p in profiles.items() if p.gender == gender]
    assert len(names) >= 7
    close = [
        (a, b, round(12 * math.log2(pitches[a] / pitches[b]), 2))
        for a, b in itertools.combinations(names, 2)
        if abs(12 * math.log2(pitches[a] / pitches[b])) < MIN_SEMITONES
    ]
    spread = min(abs(12 * math.log2(pitches[a] / pitches[b])) for a, b in itertools.combinations(names, 2))
    print(f"{gender}: closest two profiles {spread:.2f} semitones apart")
    assert close == [], close


def test_female_profiles_sound_female(pitches: dict[str, float]) -> None:
    profiles = load_voices()
    female = {n: f for n, f in pitches.items() if profiles[n].gender == "female"}
    male = {n: f for n, f in pitches.items() if profiles[n].gender == "male"}
    assert min(female.values()) > max(male.values()), (female, male)


def test_a_voice_sounds_the_same_whatever_was_spoken_before() -> None:
    # espeak-ng let a variant without its own pitch range inherit the previous voice's.
    profiles = load_voices()
    engine = get_engine("pyttsx3")
    alone = engine.synthesize(SENTENCE, profiles["male-bright"])
    engine.synthesize(SENTENCE, profiles["female-sharp"])
    after = engine.synthesize(SENTENCE, profiles["male-bright"])
    before_f0, after_f0 = (median_f0(samples(a), a.sample_rate_hz) for a in (alone, after))
    assert abs(after_f0 / before_f0 - 1) < 0.03 and abs(after.frames - alone.frames) < alone.frames * 0.01
