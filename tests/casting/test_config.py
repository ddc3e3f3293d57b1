"""The project config: round trip through `audiobook init`, strict keys, casting that stays put."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from audiobook.analysis.analyse import analyse
from audiobook.analysis.characters import Cast, Character
from audiobook.casting.assign import cast_voices, read_record, record_text
from audiobook.casting.voices import load_voices
from audiobook.cli import app
from audiobook.config import Config, load_config
from audiobook.errors import ConfigError
from audiobook.values import Segment

runner = CliRunner()


def test_init_writes_a_config_that_reads_back(sample: Path, tmp_path: Path) -> None:
    chapter = tmp_path / sample.name
    chapter.write_bytes(sample.read_bytes())
    result = runner.invoke(app, ["init", str(chapter)])
    assert result.exit_code == 0, result.output
    config = load_config(tmp_path / "audiobook.toml")
    names = [c.name for c in config.characters]
    assert names[:2] == ["Naruto", "Sasuke"]
    naruto = config.characters[0]
    assert naruto.gender == "male" and "Uzumaki Naruto" in naruto.aliases
    voices = {s: e.profile for s, e in config.cast.items()}
    assert voices["narrator"] == "narrator"
    main = [voices[n] for n in ("Naruto", "Sasuke", "Tayuya", "Tsunade", "Sakura")]
    assert len(set(main)) == 5
    assert config.pauses.scene_ms == 2000 and config.thoughts.voice == "speaker"
    # A second init does not overwrite the user's edits.
    again = runner.invoke(app, ["init", str(chapter)])
    assert again.exit_code == 1 and "already exists" in again.stderr


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[boook]\ntitle = 'x'\n", "unknown table 'boook'; allowed: book, cast"),
        ("[book]\ntitel = 'x'\n", "[book]: unknown key 'titel'; allowed: title, author, narrator, cover"),
        ("[pauses]\nscene_ms = 'long'\n", "[pauses]: 'scene_ms' must be a whole number"),
        ('[characters."Ann"]\ngender = "f"\n', "gender must be male or female"),
        ('[cast]\nAnn = { profile = "male-deep", pich = 3 }\n', "unknown key 'pich'"),
        ("[thoughts]\nvoice = 'whisper'\n", "voice must be speaker or narrator"),
        ("[book\n", "invalid TOML"),
        ("[book]\ncover = 'cover.jpg'\n", "not a JPEG or PNG image"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "cover.jpg").write_text("not an image")
    path = tmp_path / "audiobook.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(str(path)) and message in str(err.value)


def test_cast_entry_naming_a_missing_profile_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "audiobook.toml"
    path.write_text('[cast]\nAnn = "male-nonexistent"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="no voice profile 'male-nonexistent'; choose one of: "):
        cast_voices([], Cast([Character("Ann")]), load_voices(), load_config(path))


def lines(*speakers: str) -> list[Segment]:
    return [Segment(i, i + 1, "dialogue", 0, i, speaker=s) for i, s in enumerate(speakers)]


def test_a_new_character_never_moves_the_others() -> None:
    profiles = load_voices()
    cast = Cast([Character("Ann", (), "female"), Character("Bo", (), "male"), Character("Cy", (), "male")])
    first = cast_voices(lines("Ann", "Ann", "Bo"), cast, profiles)
    recorded = {s: v.name for s, v in first.voices.items()}
    # Cy appears with more lines than Bo: without the record he would take Bo's voice.
    later = cast_voices(lines("Ann", "Bo", "Cy", "Cy", "Cy"), cast, profiles, recorded=recorded)
    assert later.voices["Ann"] == first.voices["Ann"] and later.voices["Bo"] == first.voices["Bo"]
    assert later.voices["Cy"] not in (later.voices["Bo"], later.voices["Ann"])
    unrecorded = cast_voices(lines("Ann", "Bo", "Cy", "Cy", "Cy"), cast, profiles)
    assert unrecorded.voices["Cy"] == first.voices["Bo"]


def test_record_file_round_trip(tmp_path: Path) -> None:
    cast = Cast([Character('Ann "the Axe"', (), "female")])
    casting = cast_voices(lines('Ann "the Axe"'), cast, load_voices())
    (tmp_path / "audiobook.cast.toml").write_text(record_text({"Old": "male-deep"}, casting))
    assert read_record(tmp_path) == {
        "Old": "male-deep",
        'Ann "the Axe"': casting.voices['Ann "the Axe"'].name,
    }


def test_config_cast_overrides_and_thought_style(tmp_path: Path) -> None:
    path = tmp_path / "audiobook.toml"
    path.write_text(
        '[characters."Uzumaki Naruto"]\naliases = ["Naruto"]\ngender = "male"\n'
        '[cast]\nNaruto = { profile = "male-deep", pitch = 35 }\nnarrator = "female-warm"\n'
        "[thoughts]\nvolume = 0.5\nrate = 1.2\n",
        encoding="utf-8",
    )
    config = load_config(path)
    cast = Cast(list(config.characters))
    segs = lines("Uzumaki Naruto") + [Segment(5, 6, "thought", 0, 5, speaker="Uzumaki Naruto")]
    casting = cast_voices(segs, cast, load_voices(), config)
    said, thought = casting.voice_for(segs[0]), casting.voice_for(segs[1])
    assert said.voice == "en-us+m3" and said.pitch == 35
    assert thought.volume == pytest.approx(said.volume * 0.5) and thought.rate_wpm == round(
        said.rate_wpm * 1.2
    )
    assert casting.narrator.name == "female-warm"


def test_author_notes_are_skipped_unless_kept(tmp_path: Path) -> None:
    path = tmp_path / "ch.txt"
    path.write_text("Title\n\nA/N: Thanks for reading!\n\nThe story.\n", encoding="utf-8")
    assert [s.kind for s in analyse(path).segments] == ["title", "note", "narration"]
    assert [s.kind for s in analyse(path, keep_notes=True).segments] == ["title", "narration", "narration"]
    assert Config().keep_notes is False
