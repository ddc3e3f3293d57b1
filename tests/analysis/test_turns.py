"""Lines no tag decides: turn-taking, exchanges, alternation, whom a line answers, beats."""

import pytest
from inline import INTRO, speakers

from audiobook.analysis.characters import Character


def test_untagged_exchange_alternates() -> None:
    text = INTRO + '"Ready?" Sasuke asked.\n\n"Always," Naruto said.\n\n"Then go."\n\n"Fine."'
    assert speakers(text) == ["Sasuke", "Naruto", "Sasuke", "Naruto"]


def test_a_pronoun_reply_is_the_one_just_called_by_name() -> None:
    text = (
        INTRO + '"Sasuke, this is the last time I ask," Naruto said as Sakura looked at him.\n\n'
        '"Answer one question first." He replied so Naruto shrugged.'
    )
    assert speakers(text) == ["Naruto", "Sasuke"]


def test_turn_taking_counts_back_from_a_later_tag() -> None:
    # Nothing tags the first two lines; the tags after them fix who spoke them.
    text = INTRO + '"Ready?"\n\n"Always."\n\n"Then go," Sasuke said.\n\n"Fine," said Naruto.'
    assert speakers(text) == ["Sasuke", "Naruto", "Sasuke", "Naruto"]


def test_turn_taking_counts_from_a_tag_before_rather_than_one_after() -> None:
    # Sasuke and Sakura alternate; Naruto joins after the untagged run, so the tag two lines after
    # the fifth line (Sakura's) says less about it than Sasuke's tag four lines before.
    text = INTRO + (
        '"Ready?" Sasuke asked.\n\n"Yes," said Sakura.\n\n"Then we go."\n\n"Where?"\n\n'
        '"To the gate."\n\n"Wait," said Naruto.\n\n"What now?" said Sakura.'
    )
    assert speakers(text) == ["Sasuke", "Sakura", "Sasuke", "Sakura", "Sasuke", "Naruto", "Sakura"]


def test_the_other_is_not_the_one_who_just_spoke() -> None:
    text = INTRO + '"Halloa?" said Sasuke, opening the door.\n\n"Matter!" exclaimed the other, grabbing him.'
    assert speakers(text) == ["Sasuke", "Naruto"]


def test_said_i_is_the_narrator_the_others_call_by_name() -> None:
    text = (
        "Holmes sat by the fire when I came in. I had been away.\n\n"
        '"Come in, Watson," said Holmes.\n\n"What is it?" said I.\n\n"Look at this, Watson."\n\n'
        '"A letter," I said.'
    )
    assert speakers(text) == ["Holmes", "Watson", "Holmes", "Watson"]


@pytest.mark.parametrize("question", ['"Can he be a sensible man, sir?"', '"Sir, can he be a sensible man?"'])
def test_the_one_called_sir_answers_rather_than_a_woman_two_lines_back(question: str) -> None:
    text = (
        '"I hope he is kind," said Jane.\n\n'
        f'"He must be an oddity," said Elizabeth. {question}\n\n'
        '"No, my dear; I think not."\n\n"Then why invite him?" said Elizabeth.\n\n'
        '"To see him," said Mr. Bennet.'
    )
    cast = (
        Character("Jane", (), "female"),
        Character("Elizabeth", (), "female"),
        Character("Mr. Bennet", (), "male"),
    )
    assert speakers(text, cast)[3] == "Mr. Bennet"


def test_an_untagged_line_with_its_own_action_beat_is_the_actor() -> None:
    # Alternation would give Sakura; the paragraph itself says Naruto acts.
    text = (
        INTRO + '"Ready?" Sasuke asked.\n\n"Yes," Sakura said.\n\n"Then we go."\n\n'
        '"Wait!" And Naruto ran after them.'
    )
    assert speakers(text) == ["Sasuke", "Sakura", "Sasuke", "Naruto"]


def test_an_untagged_line_goes_to_the_other_one_taking_part() -> None:
    # No tag two turns back to count from; Naruto acts last, but only Sakura and Sasuke talk.
    text = (
        INTRO
        + 'Sakura frowned. "Why?"\n\n"Because," said Sasuke. Naruto only laughed.\n\n"That is no answer."'
    )

    assert speakers(text) == ["Sakura", "Sasuke", "Sakura"]


def test_a_scene_opening_on_speech_goes_to_the_one_acting_right_after() -> None:
    text = '"Wake up!"\n\nSakura was shaking Naruto by the shoulder. Naruto groaned and Sakura sighed.'
    assert speakers(text) == ["Sakura"]


def test_in_a_long_text_no_one_silent_acts_a_beat_or_names_a_descriptor() -> None:
    # `India` and `Konoha` (`the Leaf`) are found as names, but no tag shows them speaking.
    cast = (
        Character("Ann", (), "female"),
        Character("Bob", (), "male"),
        Character("India", (), None),
        Character("Konoha", ("Leaf",), None),
    )
    talk = "".join(f'"Line {n}," said {"Ann" if n % 2 else "Bob"}.\n\n' for n in range(100))
    ending = (
        '"Look," said Ann.\n\n"Hot today." India lay asleep in the sun.\n\n"A hyena," said the Leaf ninja.'
    )
    said = speakers(talk + ending, cast)
    assert said[-2] == "Bob"  # not the beat of a place
    assert said[-1] != "Konoha"


def test_an_exchange_without_tags_alternates_from_whatever_decided_its_lines() -> None:
    # The first line is the coroner's by the beat above, the second Mace's as the one called;
    # the rest alternate, though the nearest name in the narration is the coroner's.
    text = (
        "The Coroner proceeded to business.\n\n"
        '"Mr. Mace, have you sold strychnine?"\n\n"Yes, sir."\n\n"When was this?"\n\n"Last Monday night."'
    )
    cast = (Character("The Coroner", gender="male"), Character("Mr. Mace", gender="male"))
    assert speakers(text, cast) == ["The Coroner", "Mr. Mace", "The Coroner", "Mr. Mace"]


def test_turn_taking_is_not_counted_across_narration_before_a_beat() -> None:
    # Two lines back is Sasuke's, but a narration paragraph stands between, and it brings Naruto in.
    text = (
        INTRO
        + '"Ready?" said Sasuke.\n\n"Not yet," said Sakura.\n\nThen Naruto walked up to them.\n\n'
        + '"Why not?"'
    )
    assert speakers(text)[-1] == "Naruto"


def test_a_speaking_descriptor_that_answers_its_nearest_name_is_someone_else() -> None:
    from audiobook.analysis.characters import discover_characters

    lines = []
    for place in ("road", "stile", "gate", "bridge", "inn", "hill"):
        lines.append(f'Then Marvel stopped by the {place}. "Who\'s there?" said Marvel.')
        lines.append('"Only me," said the Voice.')
    cast = discover_characters("\n\n".join(lines))
    assert cast.lookup("Voice") is not None and cast.lookup("Voice").name == "The Voice"


@pytest.mark.parametrize("call", ["Well, Miss Morland", "Oh, my dear Miss Morland"])
def test_one_called_by_title_and_name_answers(call: str) -> None:
    # Mrs. Allen is the latest woman named as acting; Mr. Allen's line calls Catherine.
    cast = (
        Character("Catherine Morland", (), "female"),
        Character("Mrs. Allen", (), "female"),
        Character("Mr. Allen", (), "male"),
    )
    text = (
        "Catherine Morland sat all evening, and Mrs. Allen talked, till Mr. Allen joined them.\n\n"
        f'"{call}," said he, "I hope you liked the ball."\n\n"Very much," she replied.'
    )
    assert speakers(text, cast)[-1] == "Catherine Morland"


def test_a_he_acting_in_an_untagged_lines_paragraph_is_its_speaker() -> None:
    # Mrs. Moore acts in the narration above the line, but `He` hands over the ointment in the
    # line's own paragraph: one of the two men talking, Aziz by turn-taking.
    men = (Character("Aziz", (), "male"), Character("Ralph", (), "male"))
    cast = (*men, Character("Mrs. Moore", (), "female"))
    text = (
        "Aziz and Ralph walked by the water.\n\n"
        '"Can you tell a friend?" asked Aziz.\n\n"Yes," said Ralph.\n\n'
        "Mrs. Moore turned away.\n\n"
        '"Take this." He handed the ointment to Ralph.'
    )
    assert speakers(text, cast) == ["Aziz", "Ralph", "Aziz"]


def test_the_one_the_next_line_calls_spoke_the_line_it_answers() -> None:
    # Nobody acts or is tagged; Mary is named last, but the answer calls Jane.
    cast = tuple(Character(name, (), "female") for name in ("Jane", "Elizabeth", "Mary"))
    text = (
        "It was a fine morning in the garden, with Jane, Elizabeth and Mary.\n\n"
        '"What a lovely day."\n\n"It is, Jane."'
    )
    assert speakers(text, cast)[0] == "Jane"
    # So is the `she` of a tag that nothing nearer resolves.
    text = (
        "Jane, Elizabeth and Mary sat in the garden.\n\nThe morning was fine.\n\n"
        '"What a lovely day," she said.\n\n"It is, Jane."'
    )
    assert speakers(text, cast)[0] == "Jane"


def test_the_one_called_by_name_answers_rather_than_the_one_two_lines_back() -> None:
    # Sasuke spoke two lines back, but Sakura's line calls Naruto, who has spoken in this talk.
    text = (
        INTRO
        + '"We leave at dawn," said Naruto.\n\n"Ready?" said Sasuke.\n\n'
        + '"Almost. What about you, Naruto?" said Sakura.\n\n"Always ready."'
    )
    assert speakers(text)[-1] == "Naruto"


def test_the_one_the_next_line_calls_speaks_rather_than_the_one_two_lines_back() -> None:
    # Naruto spoke two lines back, but the answer calls Sakura, who has spoken in this talk.
    text = (
        INTRO
        + '"Ready?" said Sakura.\n\n"We leave at dawn," said Naruto.\n\n"Who leads?" said Sasuke.\n\n'
        + '"I do. I was born ready."\n\n"Then lead, Sakura."'
    )
    assert speakers(text)[3] == "Sakura"


def test_a_description_of_several_or_of_the_other_gender_is_not_a_he() -> None:
    from audiobook.analysis.attribution.context import _noun_gender

    assert [_noun_gender(n) for n in ("parlourmaid", "landlady", "chairman", "surgeon", "human")] == [
        "female",
        "female",
        "male",
        None,
        None,
    ]


def test_a_described_speaker_acting_in_the_narration_speaks_next() -> None:
    # `The doctor bent down.` is a beat of the unnamed doctor, as `Sasuke looked up.` is Sasuke's.
    text = (
        "Sakura lay on the bed with the child.\n\n"
        '"What\'s the matter?" said the doctor. "You\'re tired."\n\n'
        "She shook her head, unable to speak. The doctor bent down.\n\n"
        '"Let me take him."'
    )
    assert speakers(text) == ["The doctor", "The doctor", "The doctor"]


def test_the_narration_after_a_line_may_say_whose_voice_it_was() -> None:
    text = (
        INTRO + '"Stop right there!"\n\nThe voice belonged to Kakashi, who dropped from a tree.\n\n'
        '"Kakashi-sensei!" Naruto shouted.\n\n"Not you!" The cold voice was that of Sasuke.'
    )
    assert speakers(text) == ["Kakashi", "Naruto", "Sasuke"]
    # A voice that is only described says nothing of whose it is.
    assert speakers(INTRO + '"Stop!" The voice was familiar.') == ["Naruto"]


def test_the_one_a_speaker_turns_to_answers() -> None:
    text = INTRO + 'Naruto turned to Sakura.\n\n"Want ramen?"\n\n"Sure."\n\n"Great!"\n\n"You pay."'
    assert speakers(text) == ["Naruto", "Sakura", "Naruto", "Sakura"]
    # Or speaks to, asks, tells.
    assert speakers(INTRO + '"Let\'s go," Sasuke said to Sakura.\n\n"Okay."') == ["Sasuke", "Sakura"]
    assert speakers(INTRO + '"Ready?" Sasuke asked Sakura.\n\n"Yes."') == ["Sasuke", "Sakura"]


def test_whose_eyes_widen_is_the_one_acting() -> None:
    text = INTRO + 'Sakura\'s eyes widened. "Naruto?"\n\n"Yeah?"'
    assert speakers(text) == ["Sakura", "Naruto"]


def test_she_after_the_child_did_something_is_the_one_girl_talking() -> None:
    # `The child` names no one; the one woman a tag shows in the talk is Anne, not Mrs. Lynde whom
    # the line before called.
    cast = tuple(Character(n, (), "female") for n in ("Anne", "Marilla", "Mrs. Lynde")) + (
        Character("Matthew", (), "male"),
    )
    text = (
        'Marilla stayed at home. Matthew and Anne drove on.\n\n"I love it," said Anne.\n\n'
        '"Mrs. Lynde, good day!" called Matthew.\n\nThe child put out her hand and broke off a branch.'
        '\n\n"Isn\'t that beautiful?" she asked.'
    )
    assert speakers(text, cast) == ["Anne", "Matthew", "Anne"]
