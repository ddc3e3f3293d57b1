import json
from pathlib import Path

from typer.testing import CliRunner

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
    assert 'Sarutobi (explicit, 0.95) [dialogue]: "Good morning Tsunade."' in result.stdout


def test_missing_file_is_one_error_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["script", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot read")
    assert "Traceback" not in result.output


def test_empty_file_renders_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(path), "--output", str(out)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {path} has no text; give a chapter with at least one line"
    assert not out.exists()


def test_voices_lists_profiles() -> None:
    result = runner.invoke(app, ["voices"])
    assert result.exit_code == 0
    assert "narrator" in result.stdout and "female-warm" in result.stdout
