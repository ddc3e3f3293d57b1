"""Corrections: an edited script, a changed cast entry or lexicon reaches the audio, and only the
lines they concern are synthesized again. Real engine, real ffmpeg."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex
from typer.testing import CliRunner

from audiobook.cli import app
from audiobook.config import load_config
from audiobook.options import RenderOptions
from audiobook.render import RenderResult, render_chapter

pytestmark = pytest.mark.audio
"""Every test here synthesizes speech or runs ffmpeg."""

runner = CliRunner()
CHAPTER = """Chapter 1: The Gate

"Hello there," Ann said to Bo.

"Hi," Bo replied. "A fine Hyuuga day."

Ann nodded. "It is."

"Bye now."
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "ch.txt").write_text(CHAPTER, encoding="utf-8")
    (tmp_path / "audiobook.toml").write_text(
        '[characters.Ann]\ngender = "female"\n[characters.Bo]\ngender = "male"\n'
        '[lexicon]\nHyuuga = "Hyoo-gah"\n',
        encoding="utf-8",
    )
    return tmp_path


def render(project: Path) -> dict:
    result = runner.invoke(app, ["render", str(project / "ch.txt"), "-o", str(project / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    return json.loads((project / "out" / "1 - The Gate.json").read_text(encoding="utf-8"))


def cached(project: Path) -> set[Path]:
    return set((project / "cache").rglob("*.wav"))


def speech(manifest: dict) -> list[tuple[str, str, str]]:
    return [(s["text"], s["speaker"], s["voice"]) for s in manifest["segments"] if s["kind"] == "dialogue"]


def test_edited_script_is_honoured_and_only_its_line_is_resynthesized(project: Path) -> None:
    first = render(project)
    assert speech(first)[-1][1] == "Bo"  # by turn-taking; the user says Ann said it
    before = cached(project)
    script = project / "ch.script.txt"
    result = runner.invoke(app, ["script", str(project / "ch.txt"), "-o", str(script)])
    assert result.exit_code == 0, result.output
    edited = [
        line.replace(line.split(" ", 2)[1].split(":")[0], "Ann", 1) if line.endswith('"Bye now."') else line
        for line in script.read_text(encoding="utf-8").splitlines()
    ]
    script.write_text("\n".join(edited) + "\n", encoding="utf-8")

    second = render(project)
    bye = speech(second)[-1]
    ann_voice = next(v for t, s, v in speech(second) if s == "Ann")
    assert bye[1] == "Ann" and bye[2] == ann_voice
    assert len(cached(project) - before) == 1, "only the corrected line is synthesized again"


def test_lexicon_reaches_the_engine_but_not_the_text(project: Path) -> None:
    manifest = render(project)
    line = next(s for s in manifest["segments"] if "Hyuuga" in s["text"])
    assert "Hyoo-gah" in line["spoken"] and "Hyuuga" not in line["spoken"]
    for subtitles in ("1 - The Gate.srt", "1 - The Gate.vtt"):
        text = (project / "out" / subtitles).read_text(encoding="utf-8")
        assert "Hyuuga" in text and "Hyoo-gah" not in text


def test_cast_change_resynthesizes_only_that_speakers_lines(project: Path) -> None:
    first = render(project)
    before = cached(project)
    config = project / "audiobook.toml"
    config.write_text(config.read_text() + '[cast]\nBo = "male-gravel"\n', encoding="utf-8")
    second = render(project)
    bo_lines = [t for t, s, _ in speech(second) if s == "Bo"]
    assert {v for _, s, v in speech(second) if s == "Bo"} == {"male-gravel"}
    assert [v for _, s, v in speech(first) if s == "Ann"] == [v for _, s, v in speech(second) if s == "Ann"]
    assert len(bo_lines) >= 2 and len(cached(project) - before) == len(bo_lines)


def test_text_edited_in_the_script_is_refused(project: Path) -> None:
    script = project / "ch.script.txt"
    runner.invoke(app, ["script", str(project / "ch.txt"), "-o", str(script)])
    script.write_text(script.read_text().replace("Bye now.", "Goodbye now."), encoding="utf-8")
    result = runner.invoke(app, ["render", str(project / "ch.txt"), "-o", str(project / "out")])
    assert result.exit_code == 1
    assert "line" in result.stderr and "the script corrects speakers only" in result.stderr
    assert not (project / "out").exists()


def _say_bye(project: Path, speaker: str) -> Path:
    """The script with the last line given to `speaker`."""
    script = project / "ch.script.txt"
    runner.invoke(app, ["script", str(project / "ch.txt"), "-o", str(script)])
    lines = script.read_text(encoding="utf-8").splitlines()
    lines = [
        regex.sub(r"^(@\d+-\d+) [^:]+:", rf"\1 {speaker}:", line) if line.endswith('"Bye now."') else line
        for line in lines
    ]
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return script


def test_a_misspelt_speaker_is_an_error_naming_the_closest(project: Path) -> None:
    script = _say_bye(project, "Anne")
    number = next(n for n, line in enumerate(script.read_text().splitlines(), 1) if "Bye now" in line)
    result = runner.invoke(app, ["render", str(project / "ch.txt"), "-o", str(project / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"Error: {script}, line {number}: no character 'Anne'; did you mean 'Ann'?" in result.stderr
    assert "+Anne" in result.stderr and not (project / "out").exists()


def test_a_new_character_on_purpose_is_marked_with_a_plus(project: Path) -> None:
    _say_bye(project, "+Stranger")
    manifest = render(project)
    bye = speech(manifest)[-1]
    assert bye[1] == "Stranger" and bye[2] not in {v for _, s, v in speech(manifest) if s != "Stranger"}


SCENES = """Chapter 2: Two Rooms

"Good morning," Ann said. "The kettle is on."

Ann poured the tea and sat down by the window, watching the rain run down the glass.

* * *

"Late again," Bo muttered. "Always late."

Bo picked up his coat, checked the pockets for his keys twice over, and left without another word to anyone.
"""


def test_a_voice_change_reencodes_only_the_scenes_where_it_speaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(tmp_path / "cache"))
    chapter = tmp_path / "ch2.txt"
    chapter.write_text(SCENES, encoding="utf-8")
    config = tmp_path / "audiobook.toml"
    config.write_text('[characters.Ann]\ngender = "female"\n[characters.Bo]\ngender = "male"\n', "utf-8")

    def render_into(out: Path) -> RenderResult:
        return render_chapter(chapter, RenderOptions(out, jobs=2, progress=False, config=load_config(config)))

    first = render_into(tmp_path / "out")
    assert first.scenes_encoded == 2
    assert render_into(tmp_path / "out").scenes_encoded == 0, "nothing changed, nothing is encoded"

    config.write_text(config.read_text() + '[cast]\nBo = "male-gravel"\n', encoding="utf-8")
    changed = render_into(tmp_path / "out")
    assert changed.scenes_encoded == 1, "only Bo's scene holds new audio"
    fresh = render_into(tmp_path / "fresh")
    assert fresh.chapter_mp3.read_bytes() == changed.chapter_mp3.read_bytes()
    assert json.loads(fresh.manifest.read_text()) == json.loads(changed.manifest.read_text()) | {
        "source": str(chapter)
    }


def test_config_names_that_match_no_one_and_shared_voices_are_warned_of(project: Path) -> None:
    config = project / "audiobook.toml"
    config.write_text(
        config.read_text() + '[cast]\nBoo = "male-deep"\nAnn = "female-bright"\nBo = "female-bright"\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["render", str(project / "ch.txt"), "-o", str(project / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert f"Warning: {config} [cast] 'Boo' matches no character in the text; did you mean 'Bo'?" in (
        result.stderr
    )
    assert "[cast] gives 'Ann' and 'Bo' the one voice 'female-bright'" in result.stderr
    assert "'Ann' matches" not in result.stderr  # a name in the text is no mistake


def test_a_character_a_script_no_longer_names_leaves_the_record(project: Path) -> None:
    record = project / "out" / "audiobook.cast.toml"
    _say_bye(project, "+Stranger")
    render(project)
    assert '"Stranger" = ' in record.read_text(encoding="utf-8")
    _say_bye(project, "Ann")  # the script corrected again: the stranger is gone
    manifest = render(project)
    assert speech(manifest)[-1][1] == "Ann"
    text = record.read_text(encoding="utf-8")
    assert "Stranger" not in text and '"Ann" = ' in text and '"Bo" = ' in text
