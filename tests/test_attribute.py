from pathlib import Path

import pytest

from audiobook.analysis import analyse


def speakers(tmp_path: Path, text: str) -> list[str | None]:
    path = tmp_path / "c.txt"
    path.write_text("Title\n\n" + text, encoding="utf-8")
    return [s.speaker for s in analyse(path).segments if s.is_speech]


INTRO = (
    "Sasuke and Sakura met Naruto at the gate. Sakura waved as she smiled. Sasuke nodded as he "
    "looked away. Naruto grinned as he ran up.\n\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Let\'s go." Sasuke said.', ["Sasuke"]),
        ('"Let\'s go," said Sakura.', ["Sakura"]),
        ('Naruto shouted, "Wait for me!"', ["Naruto"]),
        ('"Naruto!" Sakura shouted.', ["Sakura"]),
        ('"Yes," said Sasuke, "I will."', ["Sasuke", "Sasuke"]),
    ],
)
def test_explicit_tags(tmp_path: Path, text: str, expected: list[str]) -> None:
    assert speakers(tmp_path, INTRO + text) == expected


def test_pronoun_tag_takes_latest_character_of_that_gender(tmp_path: Path) -> None:
    text = INTRO + 'Sakura looked at Sasuke, who frowned at her.\n\n"Why?" she asked.'
    assert speakers(tmp_path, text) == ["Sakura"]


def test_untagged_exchange_alternates(tmp_path: Path) -> None:
    text = INTRO + '"Ready?" Sasuke asked.\n\n"Always," Naruto said.\n\n"Then go."\n\n"Fine."'
    assert speakers(tmp_path, text) == ["Sasuke", "Naruto", "Sasuke", "Naruto"]


def test_sample_main_lines(sample: Path) -> None:
    analysis = analyse(sample)
    text = analysis.chapter.text
    said = {text[s.start : s.end]: s.speaker for s in analysis.segments if s.is_speech}
    assert said['"Good morning Tsunade."'] == "Sarutobi"
    assert said['"Sakura!"'] == "Sasuke"
    assert said["'That's the best I'm gonna do here.'"] == "Sakura"
    assert said['"You aren\'t really an agent are you?"'] == "Sasuke"


def test_one_word_of_a_given_name_finds_the_character() -> None:
    from audiobook.characters import Cast, Character

    cast = Cast(
        [
            Character("Hercule Poirot", mentions=9),
            Character("Mrs. Moore", ("Mrs Moore",), mentions=5),
            Character("Ronny Moore", mentions=2),
        ]
    )
    assert cast.lookup("Poirot").name == "Hercule Poirot"
    assert cast.lookup("Moore").name == "Mrs. Moore"  # namesakes: the most mentioned
    assert cast.lookup("Mr. Poirot").name == "Hercule Poirot"
    assert cast.lookup("Hastings") is None


def test_given_cast_absorbs_one_word_names() -> None:
    from audiobook.characters import Character, discover_characters

    text = 'Poirot smiled.\n\n"Mon ami," said Poirot, "it is simple."'
    cast = discover_characters(text, [Character("Hercule Poirot", gender="male")])
    assert [c.name for c in cast.characters] == ["Hercule Poirot"]


def test_group_words_are_not_speakers(tmp_path: Path) -> None:
    text = INTRO + '"We should go." Both nodded as Sasuke spoke.'
    assert "Both" not in speakers(tmp_path, text)
