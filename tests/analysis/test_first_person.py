"""Stories told in the first person: who `I` is, first-person beats, point-of-view lines, and the
voice that reads the teller's own lines."""

from pathlib import Path

import pytest

from audiobook.analysis.analyse import analyse
from audiobook.analysis.attribution.cast import Character
from audiobook.analysis.attribution.confidence import Placement, confidence
from audiobook.analysis.tags import tag_after, tag_before
from audiobook.casting.assign import cast_voices
from audiobook.casting.voices import load_voices
from audiobook.config import CONFIG_NAME, load_config
from audiobook.errors import ConfigError
from audiobook.read import read_text
from audiobook.read.chapter import parse_chapter, pov_name


def said(text: str, cast: tuple[Character, ...] = ()) -> list[tuple[str | None, str]]:
    """The speakers of a chapter given inline, as a text file would give it."""
    chapter = read_text("Title\n\n" + text, Path("c.txt")).chapters[0]
    return [(s.speaker, s.rule or "") for s in analyse(chapter, cast).segments if s.is_speech]


# A story told in the first person: the narration says `I`, and Holmes calls its teller Watson.
WATSON = (
    "I had not seen Holmes for some weeks when I called at Baker Street. I found him in his chair, and "
    "I sat down across from him while I waited for him to look up. I knew better than to speak first.\n\n"
    '"You have been in the country, Watson," said Holmes.\n\n'
    '"How did you know?" I asked.\n\n'
    '"Your boots, my dear Watson."\n\n'
    'I laughed and shook my head. "Of course."\n\n'
)


@pytest.mark.parametrize(
    ("text", "pos"),
    [(" Then I added.", 6), (" And I said.", 5)],
)
def test_a_conjunction_before_i_is_not_a_name(text: str, pos: int) -> None:
    tag = tag_after(text, 0, len(text))
    assert tag is not None and (tag.who, tag.kind, tag.pos) == ("I", "pronoun", pos)


def test_so_i_told_him_before_a_quote() -> None:
    tag = tag_before("So I told him, ", 0, 15)
    assert tag is not None and (tag.who, tag.kind) == ("I", "pronoun")


def test_i_said_is_the_one_the_others_call_by_name() -> None:
    lines = said(WATSON)
    assert [s for s, _ in lines] == ["Holmes", "Watson", "Holmes", "Watson"]
    assert lines[1][1] == "first-person.tag"
    # `I laughed and shook my head.` is the teller's action beat.
    assert lines[3][1] == "beat.first-person"


def test_an_unnamed_teller_is_one_consistent_narrator() -> None:
    text = (
        "I walked down to the harbour before dawn. I had not slept, and I did not mean to. "
        "I found the boat where I had left it.\n\n"
        '"Early again," said the old fisherman.\n\n'
        '"Always," I said.\n\n'
        'I pushed off from the quay. "See you tonight."'
    )
    lines = said(text)
    assert lines[1] == ("narrator", "first-person.tag")
    assert lines[2][0] == "narrator"


def test_a_cast_entry_marked_narrator_is_the_teller() -> None:
    text = "I looked at the sea for a long time, and I said nothing.\n\n" + '"Cold," I said.'
    cast = (Character("Jake", (), "male", narrator=True), Character("Mary", (), "female"))
    assert said(text, cast) == [("Jake", "first-person.tag")]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Naruto's POV", "Naruto"),
        ("~Sakura POV~", "Sakura"),
        ("*Sasuke's point of view*", "Sasuke"),
        ("Kakashi Hatake's P.O.V.", "Kakashi Hatake"),
        ("The POV shifts here", None),
        ("He saw her point of view.", None),
    ],
)
def test_pov_lines(line: str, name: str | None) -> None:
    assert pov_name(line) == name


def test_a_pov_line_starts_a_scene_and_is_not_read(tmp_path: Path) -> None:
    text = "Title\n\n~Sakura POV~\n\nI ran.\n\nNaruto's POV\n\nI stood still."
    chapter = parse_chapter(text, tmp_path / "c.txt")
    roles = [(p.role, p.scene) for p in chapter.paragraphs]
    assert roles == [("title", 0), ("pov", 0), ("body", 0), ("pov", 1), ("body", 1)]


def test_each_pov_scene_has_its_own_i() -> None:
    text = (
        "~Sakura POV~\n\nI ran to the gate, where Naruto was waiting.\n\n"
        '"You are late," Naruto said.\n\n"Sorry," I said.\n\n'
        "~Naruto POV~\n\nI waited by the gate until Sakura came.\n\n"
        '"Finally," I said.'
    )
    assert [s for s, _ in said(text)] == ["Naruto", "Sakura", "Naruto"]


def test_the_narrator_voice_reads_the_tellers_lines_by_default(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("Title\n\n" + WATSON, encoding="utf-8")
    analysis = analyse(path)
    casting = cast_voices(analysis.segments, analysis.cast, load_voices())
    lines = {analysis.chapter.text[s.start : s.end]: s for s in analysis.segments if s.is_speech}
    assert casting.storyteller == "Watson"
    assert casting.voice_for(lines['"How did you know?"']) == casting.narrator
    assert casting.voice_for(lines['"Your boots, my dear Watson."']) != casting.narrator
    (tmp_path / CONFIG_NAME).write_text('[first_person]\nvoice = "character"\n', encoding="utf-8")
    config = load_config(tmp_path / CONFIG_NAME)
    casting = cast_voices(analysis.segments, analysis.cast, load_voices(), config)
    assert casting.storyteller is None
    assert casting.voice_for(lines['"How did you know?"']) not in (casting.narrator, casting.unknown)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[first_person]\nvoice = "me"\n', "voice must be narrator or character"),
        ('[characters."Jake"]\nnarrator = "yes"\n', "narrator must be true or false"),
    ],
)
def test_bad_first_person_settings(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / CONFIG_NAME).write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path / CONFIG_NAME)


def test_confidence_is_the_measured_accuracy() -> None:
    # A rule measured as right more often has the higher confidence; so has a line next to a name
    # tag, against one far from any whose turn-taking says someone else speaks; an unknown rule of
    # a known family counts by its family; a line nobody was found for has none.
    assert confidence("explicit.name") > confidence("nearest.before")
    near = Placement("1", anchored_before=True, anchored_after=True)
    astray = Placement("far", against=True, anchored_before=True, anchored_after=True, speakers=4, crowd=True)
    assert confidence("turn-taking.explicit", near.code) > confidence("turn-taking.explicit", astray.code)
    assert 0 < confidence("pronoun.no-such-rule") < 1
    assert confidence("none") == 0.0


def test_a_placement_reads_back_from_its_code() -> None:
    for placement in (
        Placement(),
        Placement("far", after_same=True, named=True, speakers=3),
        Placement("3-4", *(True,) * 6, speakers=7, crowd=True, named=True),
    ):
        assert Placement.parse(placement.code) == placement


def test_the_teller_is_the_one_called_by_name_anywhere_in_the_talk() -> None:
    # The line next to `I said` calls nobody; in an earlier conversation Tom calls the teller Jim,
    # and the narration, which says `I`, never names Jim.
    text = (
        "I woke late that morning, and I went down to the river where I had left the raft.\n\n"
        '"Jim, you lazy thing," Tom called from the bank.\n\n'
        '"Get up, Jim!"\n\n'
        "I did not get up. I lay on the raft and watched the clouds go over for the better part of an "
        "hour, while the river carried us slowly down past the island and the ferry landing, and the "
        "town went out of sight behind the bluff. Tom gave up and sat down beside me.\n\n"
        '"Cold today," Tom said.\n\n'
        '"It is," I said.'
    )
    assert [s for s, _ in said(text)][-2:] == ["Tom", "Jim"]


def test_someone_who_leaves_speaks_no_more_by_turn_taking() -> None:
    text = (
        "Tsunade and Sarutobi sat in the office when the door opened and another jonin entered.\n\n"
        '"The prisoner is gone," he reported. "That is all." He finished before bowing and leaving.\n\n'
        '"What now, sensei?" Tsunade asked.\n\n'
        '"We wait."'
    )
    # Turn-taking would give the last line to the jonin, two lines back; he has left.
    assert said(text)[-1][0] != "The jonin"
