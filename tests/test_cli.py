import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audiobook.analysis.analyse import analyse
from audiobook.analysis.attribution.confidence import confidence
from audiobook.cli import app

runner = CliRunner()


def test_script_json_tiles_the_text(sample: Path) -> None:
    result = runner.invoke(app, ["script", str(sample), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    text = sample.read_text(encoding="utf-8")
    assert data["title"] == "Running to Nowhere" and len(data["scenes"]) == 7
    cursor = 0
    for seg in data["segments"]:
        assert not text[cursor : seg["start"]].strip()
        assert text[seg["start"] : seg["end"]] == seg["text"]
        cursor = seg["end"]
    assert {"kind", "speaker", "scene", "paragraph"} <= set(data["segments"][0])


def test_script_text_names_speakers(sample: Path) -> None:
    result = runner.invoke(app, ["script", str(sample), "--explain"])
    assert result.exit_code == 0
    # The confidence is the model's (benchmarks/attribution.py --calibrate) for the rule and where
    # the line sits.
    seg = next(s for s in analyse(sample).segments if s.start == 25)
    assert seg.rule == "explicit.name" and seg.band is not None
    sure = f"{confidence('explicit.name', seg.band):.2f}"
    line = f'@25-48 Sarutobi (explicit.name, {sure}, by «Sarutobi called»): "Good morning Tsunade."'
    assert line in result.stdout


def test_json_gives_the_text_that_decided_each_line(sample: Path) -> None:
    result = runner.invoke(app, ["script", str(sample), "--format", "json"])
    speech = [s for s in json.loads(result.stdout)["segments"] if s["kind"] in ("dialogue", "thought")]
    first = speech[0]
    assert (first["speaker"], first["rule"], first["evidence"]) == (
        "Sarutobi",
        "explicit.name",
        "Sarutobi called",
    )
    # A line turn-taking decided rests on the tag of the line it counted from.
    counted = next(s for s in speech if s["rule"] == "turn-taking.explicit")
    assert counted["speaker"] in counted["evidence"]


def test_an_explained_script_reads_back_unchanged(sample: Path, tmp_path: Path) -> None:
    from audiobook.analysis.analyse import analyse
    from audiobook.analysis.script import apply_corrections, script_text

    analysis = analyse(sample)
    script = tmp_path / "c.script.txt"
    script.write_text(script_text(analysis, explain=True), encoding="utf-8")
    assert [s.speaker for s in apply_corrections(analysis, script)] == [s.speaker for s in analysis.segments]


def test_missing_file_is_one_error_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["script", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope.txt'}: no such file or folder; check the path\n"
    assert "Traceback" not in result.output


def test_empty_file_renders_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(path), "--output", str(out)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {path} has no text; give a chapter with at least one line"
    assert not out.exists()


@pytest.mark.audio
def test_voices_lists_profiles() -> None:
    result = runner.invoke(app, ["voices"])
    assert result.exit_code == 0
    assert "narrator" in result.stdout and "female-warm" in result.stdout


@pytest.mark.audio
def test_voices_lists_the_engine_voices_too() -> None:
    result = runner.invoke(app, ["voices"])
    assert (
        "Engine espeak voices" in result.stdout
        and "en-gb-scotland" in result.stdout
        and "+m3" in result.stdout
    )


def test_cast_lists_characters_with_lines_gender_and_aliases(sample: Path) -> None:
    result = runner.invoke(app, ["cast", str(sample)])
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0].split()
    assert first[0] == "Naruto" and first[2:4] == ["lines", "male"] and "Uzumaki" in result.stdout
    # The counts are the script's: the same attribution, counted.
    script = json.loads(runner.invoke(app, ["script", str(sample), "-f", "json"]).stdout)
    naruto = sum(1 for s in script["segments"] if s.get("speaker") == "Naruto")
    assert int(first[1]) == naruto


def test_cast_with_a_narrator_entry_names_the_i_of_the_story(tmp_path: Path) -> None:
    chapter = tmp_path / "ch.txt"
    chapter.write_text(
        'Baker Street\n\nHolmes sat by the fire.\n\n"Come in," said Holmes.\n\n"What is it?" said I.\n',
        encoding="utf-8",
    )
    cast = tmp_path / "cast.toml"
    cast.write_text('[characters."Narrator"]\naliases = ["Watson"]\ngender = "male"\n', encoding="utf-8")
    result = runner.invoke(app, ["cast", str(chapter), "--cast", str(cast)])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:3] for line in result.stdout.splitlines()}
    assert rows["Narrator"] == ["1", "line"] and rows["Holmes"] == ["1", "line"]


def test_cast_lists_unnamed_speakers_in_aligned_columns(tmp_path: Path) -> None:
    chapter = tmp_path / "ch.txt"
    chapter.write_text(
        "The Market\n\nHester stood on the scaffold.\n\n"
        '"Goodwives," said a hard-featured dame of fifty, "she ought to die."\n\n'
        '"Mercy on us!" exclaimed a man in the crowd.\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["cast", str(chapter)])
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert rows[0].startswith("A hard-featured dame of fifty ") and "female" in rows[0]
    assert rows[1].startswith("A man in the crowd ") and "male" in rows[1]
    assert len({row.index(" line") for row in rows}) == 1  # one column for the counts


@pytest.mark.audio
def test_preview_renders_a_profile_into_the_current_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["preview", "female-scottish", "Och, hello there."])
    assert result.exit_code == 0, result.output
    path = tmp_path / result.stdout.strip()
    assert path.name == "preview-female-scottish.mp3" and path.stat().st_size > 2000


@pytest.mark.audio
def test_preview_of_a_speaker_uses_the_config_cast(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "audiobook.toml").write_text('[cast]\nAnn = "male-deep"\n', encoding="utf-8")
    out = tmp_path / "ann.mp3"
    result = runner.invoke(app, ["preview", "Ann", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 2000
    missing = runner.invoke(app, ["preview", "Nobody"])
    assert missing.exit_code == 1 and "neither a voice profile nor a speaker" in missing.stderr


@pytest.mark.audio
def test_unknown_engine_voice_is_named_before_any_synthesis(tmp_path: Path, monkeypatch) -> None:
    voices = tmp_path / "voices"
    voices.mkdir()
    (voices / "narrator.toml").write_text('voice = "en-us+nosuchvariant"\n', encoding="utf-8")
    monkeypatch.setenv("AUDIOBOOK_VOICES", str(voices))
    chapter = tmp_path / "ch.txt"
    chapter.write_text("Title\n\nSome story text.\n", encoding="utf-8")
    result = runner.invoke(app, ["render", str(chapter), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: voice profile 'narrator': espeak-ng has no variant 'nosuchvariant'"
    )


def test_version() -> None:
    from importlib import metadata

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"audiobook {metadata.version('audiobook')}\n"


def test_help_keeps_every_bracket() -> None:
    result = runner.invoke(app, ["render", "--help"])
    text = " ".join(result.stdout.split())
    assert "overrides [book] title" in text and 'A TOML file of [characters."Name"] tables' in text
    assert "audiobook[distributed]" in text


def test_init_takes_a_folder_or_a_glob(tmp_path: Path) -> None:
    book = tmp_path / "book"
    book.mkdir()
    for n in (1, 2):
        (book / f"ch{n}.txt").write_text(f'Chapter {n}\n\n"Hi," said Ann.\n', encoding="utf-8")
    assert runner.invoke(app, ["init", str(book)]).exit_code == 0
    assert "for 2 chapter(s)" in (book / "audiobook.toml").read_text(encoding="utf-8")
    result = runner.invoke(app, ["init", str(book / "*.txt"), "-o", str(tmp_path / "g.toml")])
    assert result.exit_code == 0 and (tmp_path / "g.toml").is_file()
