from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audiobook.analysis.segment import segment
from audiobook.read import read_chapter
from audiobook.read.chapter import parse_chapter
from audiobook.values import Segment


def pieces(text: str) -> list[tuple[str, str]]:
    chapter = parse_chapter("Title\n\n" + text, Path("x.txt"))
    return [(s.kind, chapter.text[s.start : s.end].strip()) for s in segment(chapter) if s.kind != "title"]


def assert_tiles(text: str, segments: list[Segment]) -> None:
    cursor = 0
    for seg in segments:
        assert seg.start >= cursor and seg.end > seg.start
        assert not text[cursor : seg.start].strip(), "a gap holds text"
        cursor = seg.end
    assert not text[cursor:].strip()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"Yes," said he, "I will."',
            [("dialogue", '"Yes,"'), ("narration", "said he,"), ("dialogue", '"I will."')],
        ),
        ("“Hi there,” she said.", [("dialogue", "“Hi there,”"), ("narration", "she said.")]),
        # With no double quotes in the text, single quotes carry the dialogue (UK style).
        (
            "'That's the best I'm gonna do here.' Sakura thought.",
            [
                ("dialogue", "'That's the best I'm gonna do here.'"),
                ("narration", "Sakura thought."),
            ],
        ),
        (
            "'I saw the twins' room,' she said.",
            [("dialogue", "'I saw the twins' room,'"), ("narration", "she said.")],
        ),
        ('"I think I-"', [("dialogue", '"I think I-"')]),
        ('"-Has really fled the village."', [("dialogue", '"-Has really fled the village."')]),
        (
            "\"... the 'Will of Fire' they preach!\" he spat.",
            [("dialogue", "\"... the 'Will of Fire' they preach!\""), ("narration", "he spat.")],
        ),
        (
            'He said "wait and then\n\nShe left.',
            [("narration", "He said"), ("dialogue", '"wait and then'), ("narration", "She left.")],
        ),
    ],
)
def test_pieces(text: str, expected: list[tuple[str, str]]) -> None:
    assert pieces(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'She sat knitting "cotton warp" quilts all day.',
        'They stood by the grain "elevator" at the north end.',
    ],
)
def test_scare_quotes_and_titles_stay_narration(text: str) -> None:
    assert [kind for kind, _ in pieces('"Hi," he said.\n\n' + text)] == ["dialogue", "narration", "narration"]


@pytest.mark.parametrize(
    "text",
    [
        'Mrs. Lynde was what Avonlea people called "a capable woman" all her life.',
        'He covered "Some Aspects of the Democratic State" with a sheet of paper.',
        'A card on the door read "CLOSED FOR LUNCH." and nothing else.',
    ],
)
def test_names_titles_and_signs_stay_narration(text: str) -> None:
    assert {kind for kind, _ in pieces(text)} == {"narration"}


def test_a_list_of_quoted_terms_stays_narration() -> None:
    text = 'She saw his lips form the words "apology," "Hunsford," and "Lady Catherine."'
    assert {kind for kind, _ in pieces(text)} == {"narration"}


def test_indented_block_is_a_letter_or_verse_not_dialogue() -> None:
    got = pieces(
        '"Hello," she said.\n\n    "Dear Sir, I write in haste.\n    Yours, Ann."\n\n"Well?" he asked.'
    )
    assert [kind for kind, _ in got] == ["dialogue", "narration", "narration", "dialogue", "narration"]


def test_stage_directions_in_brackets_are_narration_inside_a_quote() -> None:
    got = pieces('"Well, (smiling,) I hope so. Your father (to Emma) is (I think) well."')
    assert got == [
        ("dialogue", '"Well,'),
        ("narration", "(smiling,)"),
        ("dialogue", "I hope so. Your father"),
        ("narration", "(to Emma)"),
        ("dialogue", 'is (I think) well."'),
    ]


def test_a_bracket_that_is_only_a_stage_direction_leaves_no_empty_speech() -> None:
    assert pieces('"Indeed! (with a sigh)"') == [("dialogue", '"Indeed!'), ("narration", '(with a sigh)"')]


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        # Speech broken off mid-sentence goes on in the next quote.
        ('"Hum" said Mrs. Ferrars "very pretty," and gave them back.', ['"Hum"', '"very pretty,"']),
        ('"We always seem" she hesitated "to be interrupted."', ['"We always seem"', '"to be interrupted."']),
        ('"Come here," said Fearenside "You had better."', ['"Come here,"', '"You had better."']),
        # What a speech verb's object says: `stammered a "No."`.
        ('Margaret stammered a "No." He left.', ['"No."']),
        ('The servant returned an indifferent "No."', ['"No."']),
        # A short quote with a tag after it is said.
        ('He nodded. And "Shut that door," said Mr. Cuss.', ['"Shut that door,"']),
        # Terms listed after speech are said too.
        ('She said "Good afternoon," and "Hallo, Roo," to them.', ['"Good afternoon,"', '"Hallo, Roo,"']),
        # ... but a quote the narration's own sentence takes up is a term, and so is a named word.
        ('"Of course" he said, while "the izzat" was his own.', ['"Of course"']),
        ('"Stop," she said, and the word "love," he repeated.', ['"Stop,"']),
        ('"Ghosts?" asked Dolly, for whom "spooks" meant that.', ['"Ghosts?"']),
        ('He said that the "elevator" was shut.', []),
    ],
)
def test_short_quotes_said_or_named(text: str, spoken: list[str]) -> None:
    assert [piece for kind, piece in pieces(text) if kind == "dialogue"] == spoken


def test_an_indented_song_after_a_singing_verb_is_said_and_a_letter_is_not() -> None:
    song = pieces(
        "It was a fine day.\n\nHe sat down.\n\nPooh hummed the third verse quietly to himself:\n\n"
        "    Cottleston Pie,\n    A fly can't bird.\n\n"
        "    Ask me a riddle.\n\n    CHAPTER V\n\nThen he went home."
    )
    assert [kind for kind, _ in song][2:] == ["narration", "dialogue", "dialogue", "narration", "narration"]
    letter = pieces(
        "He sat down.\n\nShe opened the letter. It read as follows:\n\n"
        "    Dear Sir, I write in haste.\n\nShe read it."
    )
    assert [kind for kind, _ in letter] == ["narration"] * 4


def test_sentences_in_italics_are_thoughts_and_stressed_words_are_not() -> None:
    got = pieces(
        '"Go," he said. *Why did I say that?* he wondered. She was _so_ tired of _en passant_ moves.'
    )
    assert ("thought", "*Why did I say that?*") in got
    assert [kind for kind, _ in got].count("thought") == 1


def test_short_quote_after_a_speech_verb_is_dialogue() -> None:
    assert pieces('He added lamely "in a muddle."') == [
        ("narration", "He added lamely"),
        ("dialogue", '"in a muddle."'),
    ]


def test_thoughts_in_single_quotes_beside_double_quote_dialogue() -> None:
    got = pieces("\"Run!\" he said.\n\n'I can do this.' She thought as she ran.")
    assert ("thought", "'I can do this.'") in got


def test_a_thought_ending_on_a_comma_before_its_tag_is_a_thought() -> None:
    got = pieces(
        '"Run!" he said. *I hate this,* Sasuke thought bitterly. _Not again,_ thought Sakura.\n\n'
        "'Great,' she thought. It was 'fine', they said, and *Konoha,* he added."
    )
    thoughts = [text for kind, text in got if kind == "thought"]
    assert thoughts == ["*I hate this,*", "_Not again,_", "'Great,'"]


def test_sample_quotes_and_thoughts(sample: Path) -> None:
    chapter = read_chapter(sample)
    segments = segment(chapter)
    assert sum(s.kind == "dialogue" for s in segments) == chapter.text.count('"') // 2
    thoughts = [chapter.text[s.start : s.end] for s in segments if s.kind == "thought"]
    assert len(thoughts) == 3 and all(t.startswith("'") and t.endswith("'") for t in thoughts)
    assert_tiles(chapter.text, segments)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab '\"“”‘’\n\r.,!?-*#—")), max_size=300))
def test_any_text_tiles(text: str) -> None:
    if not text.strip():
        return
    chapter = parse_chapter(text, Path("x.txt"))
    assert_tiles(chapter.text, segment(chapter))
