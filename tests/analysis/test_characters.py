"""Finding the characters: names, aliases, titles, family names, groups and genders."""

import pytest
from inline import INTRO, speakers

from audiobook.analysis.characters import Character


def test_pronoun_tag_takes_latest_character_of_that_gender() -> None:
    text = INTRO + 'Sakura looked at Sasuke, who frowned at her.\n\n"Why?" she asked.'
    assert speakers(text) == ["Sakura"]


def test_one_word_of_a_given_name_finds_the_character() -> None:
    from audiobook.analysis.characters import Cast

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


def test_a_family_name_alone_is_the_man_of_that_family() -> None:
    from audiobook.analysis.characters import Cast
    from audiobook.analysis.names import alias_pattern

    cast = Cast([Character("Mrs. Turton", (), "female", mentions=9), Character("Mr. Turton", (), "male")])
    assert cast.lookup("Turton").name == "Mr. Turton"
    assert cast.lookup("Mrs. Turton").name == "Mrs. Turton"
    # A name broken over two lines is still found whole.
    pattern = alias_pattern(cast.names_as_written())
    assert pattern is not None and pattern.findall("and Mrs.\nTurton said") == ["Mrs.\nTurton"]


def test_given_cast_absorbs_one_word_names() -> None:
    from audiobook.analysis.characters import discover_characters

    text = 'Poirot smiled.\n\n"Mon ami," said Poirot, "it is simple."'
    cast = discover_characters(text, [Character("Hercule Poirot", gender="male")])
    assert [c.name for c in cast.characters] == ["Hercule Poirot"]


def test_group_words_are_not_speakers() -> None:
    text = INTRO + '"We should go." Both nodded as Sasuke spoke.'
    assert "Both" not in speakers(text)


def test_a_clan_name_after_the_becomes_an_alias_of_its_character() -> None:
    from audiobook.analysis.characters import discover_characters

    text = (
        "Naruto sent a kick at Shikamaru. The Nara teen dodged it. Naruto laughed and Shikamaru "
        "fell. The Nara groaned. Shikamaru stood up again, and Naruto waited. Shikamaru sighed. "
        "Naruto ran at Shikamaru. The Nara blocked."
    )
    cast = discover_characters(text)
    assert "Nara" in cast.lookup("Shikamaru").aliases
    assert cast.lookup("Nara").name == "Shikamaru"


def test_a_thing_after_the_is_no_ones_alias() -> None:
    from audiobook.analysis.characters import discover_characters

    # `the Kubikiri` (a sword) follows Sasuke's name as `the Uchiha` does, but is never used of a
    # person: no tag has it speak, no gesture, no `he` or `his` after it opening a clause.
    text = (
        "Sasuke drew the Kubikiri off his back. Naruto waited. Sasuke raised the Kubikiri as he ran. "
        "The Uchiha roared as he swung. Naruto dodged, and Sasuke slashed with the Kubikiri. The "
        "Kubikiri was lying on the ground. Sasuke glared. The Uchiha narrowed his eyes at Naruto."
    )
    cast = discover_characters(text)
    assert "Uchiha" in cast.lookup("Sasuke").aliases
    assert cast.lookup("Kubikiri") is None


def test_a_name_nothing_treats_as_a_person_is_no_character() -> None:
    from audiobook.analysis.characters import discover_characters

    # Konoha is named as people are, but no tag, gesture, `he` or `she` or call treats it as one;
    # Watson never acts in the narration (the narrator says `I`), but Naruto calls him.
    text = (
        "Title\n\nNaruto ran back towards Konoha as he cried. Konoha was quiet that night. Sasuke "
        'waited, and he glared.\n\n"Konoha is far," said Naruto. "Well, Watson?" Naruto asked.\n\n'
        "Konoha lay still. Watson was silent, and Sasuke nodded."
    )
    cast = discover_characters(text)
    assert cast.lookup("Konoha") is None
    assert cast.lookup("Watson") is not None and cast.lookup("Sasuke") is not None


def test_a_family_name_two_characters_share_gives_each_their_full_name() -> None:
    from audiobook.analysis.characters import discover_characters

    # `Linden` follows both Florence's given name and John's (whom she calls `Uncle John`): `John
    # Linden` is not Florence's alias, and she stays a woman.
    text = (
        "Title\n\nFlorence Linden sat by her uncle. John Linden was ill, and Uncle John knew it. "
        "Florence wept as she sat. John Linden sighed.\n\n"
        '"Do not cry," said Uncle John.\n\n"I will not, Uncle John," said Florence Linden. She smiled.\n\n'
        '"Good girl," said John Linden. Florence nodded.\n\n"Rest now," said Uncle John. He closed his eyes.'
    )
    cast = discover_characters(text)
    florence, john = cast.lookup("Florence"), cast.lookup("Uncle John")
    assert florence is not john and florence.gender == "female"
    assert cast.lookup("John Linden") is john
    assert speakers(text.removeprefix("Title\n\n")) == [
        "Uncle John",
        florence.name,
        "Uncle John",
        "Uncle John",
    ]


def test_a_family_name_with_titles_is_one_character_per_title() -> None:
    from audiobook.analysis.characters import discover_characters

    text = (
        "Title\n\nMr. Wilcox came in, and Mrs. Wilcox followed him. Wilcox sat down.\n\n"
        '"Late again," said Mr. Wilcox.\n\n"Not at all," said Mrs. Wilcox.\n\n'
        '"Well," Mrs. Wilcox added, "we are here."\n\nWilcox nodded. Mr. Wilcox smiled.'
    )
    cast = discover_characters(text)
    assert (cast.lookup("Mr. Wilcox").gender, cast.lookup("Mrs. Wilcox").gender) == ("male", "female")
    assert cast.lookup("Wilcox").name == "Mr. Wilcox"  # the bare name: the one man
    assert speakers(text.removeprefix("Title\n\n")) == [
        "Mr. Wilcox",
        "Mrs. Wilcox",
        "Mrs. Wilcox",
        "Mrs. Wilcox",
    ]


def test_her_father_is_the_man_of_her_family_name() -> None:
    # Mr. Darcy is the latest man named; `her father` shares Elizabeth's family name.
    cast = (
        Character("Elizabeth Bennet", ("Lizzy",), "female"),
        Character("Jane Bennet", ("Jane",), "female"),
        Character("Mr. Bennet", (), "male"),
        Character("Mrs. Bennet", (), "female"),
        Character("Mr. Darcy", (), "male"),
    )
    text = (
        "Elizabeth Bennet sat with Jane, Mr. Bennet and Mrs. Bennet. Mr. Darcy came in.\n\n"
        '"Good day," said Mr. Darcy.\n\n"Lizzy," said her father, "come here."\n\n'
        '"Oh!" cried her mother. "How tiresome."'
    )
    said = speakers(text, cast)
    assert said == ["Mr. Darcy", "Mr. Bennet", "Mr. Bennet", "Mrs. Bennet", "Mrs. Bennet"]


def test_her_mother_is_of_her_family_not_the_one_named_as_someones_mother() -> None:
    # The cast has one character called a mother, Charlotte's; Lizzy's is Mrs. Bennet.
    cast = (
        Character("Elizabeth Bennet", ("Lizzy",), "female"),
        Character("Mrs. Bennet", (), "female"),
        Character("Charlotte's Mother", (), "female"),
    )
    text = 'Elizabeth sat in the garden.\n\n"Lizzy," said her mother, "come in."'
    assert speakers(text, cast) == ["Mrs. Bennet", "Mrs. Bennet"]


def test_a_pronoun_prefers_the_one_of_its_gender_taking_part_in_the_talk() -> None:
    # Naruto is the latest man named, but only Sasuke has spoken by name in this conversation.
    text = INTRO + '"Ready?" Sakura asked.\n\n"Yes," said Sasuke, and Naruto laughed.\n\n"Go," he said.'
    assert speakers(text) == ["Sakura", "Sasuke", "Sasuke"]


def test_a_cast_entry_named_by_a_descriptor_is_found_by_it() -> None:
    cast = (Character("Aziz", (), "male"), Character("The Medicine Man", (), "male"))
    text = 'Aziz came to the hut. Aziz waited.\n\n"Come in," said the medicine man.'
    assert speakers(text, cast) == ["The Medicine Man"]


def test_a_shared_given_name_is_the_namesake_the_text_writes_in_full_less() -> None:
    # `Charles Hayter` is written in full to tell him apart; the bare `Charles` is Charles Musgrove.
    cast = (
        Character("Charles Hayter", ("Hayter",), "male"),
        Character("Charles Musgrove", (), "male"),
        Character("Anne", (), "female"),
    )
    text = (
        "Charles Hayter came in. Hayter sat down by Anne; Charles Hayter smiled. Charles Musgrove "
        'stood at the window.\n\n"A fine day," said Charles.'
    )
    assert speakers(text, cast) == ["Charles Musgrove"]


def test_his_after_a_name_adds_to_a_mans_evidence_but_her_says_nothing() -> None:
    from audiobook.analysis.characters import discover_characters

    # `she` once after Cecil is Lucy; his own `his` three times outweighs it. `her` after Lucy
    # (`Lucy took her hat`, `Lucy kissed her`) tells nothing, and a place has no one's `his`.
    text = (
        "Title\n\nCecil took up his book. Cecil said that she was right. Lucy took her hat. "
        "Cecil put down his pen, and he sighed. Cecil shook hands with Lucy, and his face was red. "
        "Lucy laughed, and she left. Lucy kissed her mother.\n\nLondon was far, and his train was "
        "late. London slept."
    )
    # `he` or `she` in the sentence outweighs a `his` before it (someone else's arrival).
    text += (
        " Then Tsunade gave a start, not having noticed his arrival as she was busy. Then Tsunade turned "
        "to face his student, and she laughed. Tsunade growled as she rose."
    )
    cast = discover_characters(text)
    assert cast.lookup("Cecil").gender == "male"
    assert cast.lookup("Lucy").gender == "female"
    assert cast.lookup("Tsunade").gender == "female"
    assert cast.lookup("London") is None or cast.lookup("London").gender is None


def test_a_cast_name_with_a_title_or_a_description_tells_its_gender() -> None:
    from audiobook.analysis.characters import discover_characters

    # No gender given; the stranger's `his` after each name would make them men.
    text = (
        "Title\n\nMrs Hall took his coat. Mrs Hall brought his tea. Alexandra took his hand.\n\n"
        "Alexandra mended his coat, and the stranger thanked her."
    )
    text += " Miss Woodhouse smiled, and the stranger took his hat. Emma smiled too."
    given = [
        Character("Mrs Hall"),
        Character("his sister", ("Alexandra",)),
        Character("THE STRANGE MAN"),
        Character("Emma", ("Miss Woodhouse",)),  # a title in an alias counts as evidence
    ]
    cast = discover_characters(text, given)
    genders = [cast.lookup(n).gender for n in ("Mrs Hall", "Alexandra", "THE STRANGE MAN", "Emma")]
    assert genders == ["female", "female", "male", "female"]


def test_common_words_that_open_sentences_are_not_characters() -> None:
    from audiobook.analysis.characters import discover_characters

    text = (
        "Harriet came in. Poor Harriet was tired. Harriet sat down.\n\n"
        '"However--However, it was poor work," said Harriet. "Poor Harriet," said Emma.\n\n'
        "It was a poor day, however, and a poor walk. Such is life, however poor. Emma smiled.\n\n"
        "Emma sighed; however, she went home."
    )
    names = [c.name for c in discover_characters(text).characters]
    assert "However" not in names and "Poor" not in names
    assert "Harriet" in names and "Poor Harriet" not in names


def test_a_name_of_several_hyphened_words_and_the_voice_of_someone() -> None:
    cast = (Character("Winnie-the-Pooh", (), "male"), Character("Mr. Emerson", (), "male"))
    text = (
        'Mr. Emerson and Winnie-the-Pooh sat down.\n\n"Honey," said Winnie-the-Pooh.\n\n'
        'Somebody came in.\n\n"Hateful bishop!" exclaimed the voice of old Mr. Emerson.'
    )
    assert speakers(text, cast) == ["Winnie-the-Pooh", "Mr. Emerson"]


def test_a_full_name_stays_with_its_given_name_not_with_a_titled_namesake() -> None:
    from audiobook.analysis.characters import discover_characters

    text = (
        "Mrs. Inglethorp came down. Mrs. Inglethorp rang the bell, and Mrs. Inglethorp sat. "
        "Alfred Inglethorp followed her. Alfred smiled. Later Alfred Inglethorp left, and Alfred "
        "came back. Mrs. Inglethorp frowned. Inglethorp was there."
    )
    cast = discover_characters(text)
    assert cast.lookup("Alfred Inglethorp").name == cast.lookup("Alfred").name != "Mrs. Inglethorp"


def test_two_names_written_together_once_are_not_one_person() -> None:
    from audiobook.analysis.characters import discover_characters

    text = (
        "Katharine Hilbery sat down. Katharine looked up as she read. Cassandra came in. Then Katharine "
        "smiled. "
        "She gave Katharine Cassandra's letter. Cassandra laughed, and Katharine Hilbery rose. "
        "Cassandra left. Katharine stayed."
    )
    cast = discover_characters(text)
    assert cast.lookup("Cassandra").name != cast.lookup("Katharine").name


def test_a_tag_subject_that_is_a_common_word_is_nobody() -> None:
    text = (
        "Sasuke waited at the gate while Sakura ran up; he had no liking for crowds.\n\n"
        '"Late again."\n\nAt the door he turned and said, "Not my fault."\n\n'
        'Liking her better, he smiled and said, "Never mind."'
    )
    said = speakers(text)
    assert "At" not in said and "Liking" not in said


def test_a_bare_family_name_is_the_man_of_the_titled_ones() -> None:
    from audiobook.analysis.characters import discover_characters

    text = (
        "Mrs. Hall came in. Mrs. Hall set the tray down, and Mrs. Hall looked at the stranger. "
        "Then Mr. Hall came in too, and Mr. Hall sat by the fire.\n\n"
        '"It is late," said Hall.'
    )
    cast = discover_characters(text)
    assert cast.lookup("Hall").name == "Mr. Hall"
    assert speakers(text) == ["Mr. Hall"]


def test_his_right_after_a_names_verb_tells_the_gender() -> None:
    from audiobook.analysis.characters import discover_characters

    # `she` follows Edmund's name as often as `he` does (Fanny is in every sentence), but he
    # shakes his head and lifts his hat.
    text = (
        "Then Edmund looked at Fanny, and she smiled. Then Edmund spoke, and she listened. "
        "Then Edmund shook his head. Then Edmund lifted his hat, and he went. Fanny stayed."
    )
    assert discover_characters(text).lookup("Edmund").gender == "male"


def test_a_he_or_she_after_a_name_behind_a_preposition_says_nothing_of_its_gender() -> None:
    from audiobook.analysis.characters import discover_characters

    # Each `she` is Irene; Holmes is only what the sentence is about, or to whom she writes.
    text = (
        "To Holmes she is always the woman. With Holmes she was never at ease. "
        "Of Holmes she spoke often. Then Holmes turned, and he smiled."
    )
    cast = discover_characters(text, [Character("Holmes"), Character("Irene")])
    assert cast.lookup("Holmes").gender == "male"
    # A clause of its own after the name: its `she` may well be the one named.
    text = "Naruto only glanced at Sakura as she fell over the edge."
    assert discover_characters(text, [Character("Sakura")]).lookup("Sakura").gender == "female"


def test_a_group_is_nobodys_he_or_she() -> None:
    from audiobook.analysis.characters import is_group

    assert all(map(is_group, ("the Atkinson brothers", "Charlotte and Lucy", "NATIVE SERVANTS")))
    singles = ("Sherlock Holmes", "MRS LENNOX", "A Young And Rather Scared Looking Nurse")
    assert not any(map(is_group, singles))
    # The brothers are named last, with a `he` after them: `he said` would take them for a man.
    cast = (Character("Holmes"), Character("the Atkinson brothers"))
    text = (
        INTRO
        + "Holmes laughed, and he rubbed his hands. Then the Atkinson brothers were gone, and he was "
        + 'glad.\n\n"A strange business," he said.'
    )
    assert speakers(text, cast)[-1] == "Holmes"


def test_a_name_after_a_titles_full_stop_is_not_called() -> None:
    # `for Mr. Pontellier?` talks about him; the full stop of `Mr.` does not end a sentence.
    cast = (
        Character("Edna Pontellier", ("Edna",), "female"),
        Character("Mr. Pontellier", (), "male"),
        Character("Robert", (), "male"),
    )
    text = (
        "Robert helped Edna into the hammock.\n\n"
        '"Will you wait here for Mr. Pontellier?" Robert asked.\n\n"I will stay here. Good night."'
    )
    assert speakers(text, cast) == ["Robert", "Edna Pontellier"]


def test_a_descriptive_cast_name_in_capitals_is_found_in_lower_case() -> None:
    # The cast writes `The Mariner`; the text `The mariner`, who then acts and speaks.
    cast = (Character("Mr. Marvel", (), "male"), Character("The Mariner", (), "male"))
    text = (
        "Mr. Marvel blew out his cheeks. The mariner was suddenly very red; he clenched his hands.\n\n"
        '"I been talking here ten minutes," he said.'
    )
    assert speakers(text, cast) == ["The Mariner"]


def test_a_common_word_of_a_descriptive_name_names_no_one() -> None:
    from audiobook.analysis.characters import Cast

    cast = Cast([Character("a young man hid with me", ("That young man",), "male"), Character("Pip")])
    # `"Also Georgiana. That's my mother."` calls no one `That`.
    assert cast.lookup("That") is None and cast.lookup("with") is None
    assert cast.lookup("That young man").name == "a young man hid with me"
    assert cast.lookup("Pip").name == "Pip"


def test_a_description_among_a_characters_names_tells_its_gender() -> None:
    from audiobook.analysis.characters import discover_characters

    # No `he` after either mention: only the words `the man` tell that the convict is a man.
    text = "Title\n\nThe man seized me by the chin. I begged the man not to do it."
    cast = discover_characters(text, [Character("convict", ("The man", "the man"))])
    assert cast.lookup("convict").gender == "male"


def test_two_words_always_written_together_are_one_name() -> None:
    from audiobook.analysis.characters import discover_characters

    # `Invisible` and `Man` are never written apart: one name, not `The Invisible` and a `Man`
    # that would take in every `X Man`.
    text = (
        "Title\n\nKemp heard the Invisible Man on the stair. The Invisible Man laughed. Kemp ran, "
        "for the Invisible Man was near, and he feared the man. Kemp shouted.\n\n"
        '"Stop," said the Invisible Man.\n\n"Never," said Kemp. "Go, Bogey Man!"\n\n'
        '"I will not," the Invisible Man said.'
    )
    cast = discover_characters(text)
    assert cast.lookup("Invisible Man").name == "The Invisible Man"
    assert [c.name for c in cast.characters if "Man" in c.name] == ["The Invisible Man"]
    assert speakers(text.removeprefix("Title\n\n")) == [
        "The Invisible Man",
        "Kemp",
        "Kemp",
        "The Invisible Man",
    ]


def test_a_title_written_with_a_full_name_is_named_in_full() -> None:
    from audiobook.analysis.characters import discover_characters

    # Two brothers: `Mr. Knightley`, and `Mr. John Knightley`, mostly written in full.
    text = (
        "Title\n\nMr. Knightley came in. Mr. John Knightley followed. Mr. Knightley sat down, and "
        "John Knightley stood.\n\n"
        '"Cold," said Mr. John Knightley.\n\n"Warm," said Mr. Knightley.\n\n'
        '"Dark," said Mr. John Knightley. Mr. John Knightley left.'
    )
    cast = discover_characters(text)
    assert cast.lookup("John Knightley").name == "Mr. John Knightley"
    assert cast.lookup("Knightley").name == "Mr. Knightley"
    assert speakers(text.removeprefix("Title\n\n")) == [
        "Mr. John Knightley",
        "Mr. Knightley",
        "Mr. John Knightley",
    ]


def test_the_kind_of_man_describes_no_one() -> None:
    # `the kind of man` is a comparison, not a person the narration brings in: the man described
    # before it is.
    text = (
        "Mrs. Hall looked at the young man by the fire. He was not the kind of man she trusted.\n\n"
        '"Tea," he said.'
    )
    assert speakers(text) == ["The young man"]


def test_a_sentence_opening_on_he_after_a_name_tells_its_gender() -> None:
    from audiobook.analysis.characters import discover_characters

    # No `he` in the sentences Dr. Archie opens; the next sentence's `He` is about him. Not so for
    # a name called in a quote (`"Well, Nance. He won't stop"`).
    text = (
        "Title\n\nDr. Archie was barely thirty. He was tall and dark. Dr. Archie sat down at the desk. "
        "He sat uneasily. Dr. Archie turned the lamp up.\n\n"
        '"Well, Nance. He won\'t stop," said Fagin. Nance smiled. Nance laughed as she went.'
    )
    cast = discover_characters(text)
    assert cast.lookup("Dr. Archie").gender == "male"
    assert cast.lookup("Nance").gender == "female"


def test_the_family_is_nobodys_he_or_she() -> None:
    from audiobook.analysis.characters import is_group

    assert is_group("The Emersons") and is_group("the Wilcoxes")
    assert not is_group("The Invisible Man") and not is_group("Holmes") and not is_group("The Boss")


def test_a_family_word_only_used_to_call_someone_is_no_character() -> None:
    from audiobook.analysis.characters import discover_characters

    called = (
        'Title\n\n"Get up, Son, the sun is out," said Emma. Jock yawned as he rose.\n\n'
        '"Not yet, Mother," said Jock. "Ten minutes, Son!" Emma laughed as she went.'
    )
    named = 'Title\n\nPapa came in with the tea. "Sit down," Papa said. Papa smiled as he sat.'
    assert discover_characters(called).lookup("Son") is None
    assert discover_characters(named).lookup("Papa") is not None


def test_a_plural_description_is_no_one_a_she_means() -> None:
    cast = (Character("Lydia", (), "female"), Character("Kitty", (), "female"))
    text = (
        "Lydia and Kitty came in. Lydia laughed as she sat down.\n\n"
        '"Oh!" said the girls.\n\n"Ha!" said the girls.\n\n'
        'The girls ran to the window. "Stop," she said.'
    )
    assert speakers(text, cast)[-1] == "Lydia"


def test_a_naval_or_police_rank_is_a_title_and_its_one_holder_is_called_by_it() -> None:
    # `the Admiral` is not Anne, the one named before it each time: Admiral Croft holds the rank.
    from audiobook.analysis.characters import discover_characters

    text = (
        "Title\n\nAnne walked with Admiral Croft. Admiral Croft stopped by the gate, and Anne looked up.\n\n"
        '"Fine weather," said the Admiral.\n\nAnne nodded.\n\n"Come along," said the Admiral.\n\n'
        '"Yes," said Anne.\n\nAnne turned, and the Admiral laughed.\n\n"Go on," said the Admiral.'
    )
    cast = discover_characters(text)
    admiral = cast.lookup("Admiral Croft")
    assert admiral is not None and cast.lookup("Admiral") is admiral
    admiral_speaks = ["Admiral Croft"] * 2 + ["Anne", "Admiral Croft"]
    assert speakers(text.removeprefix("Title\n\n")) == admiral_speaks


_POIROT = (
    "Title\n\nHercule Poirot bowed as he came in. Poirot smiled at Japp. Japp nodded. Poirot sat "
    "down.\n\nLater Hercule Poirot left, and Japp stayed. Poirot came back. Japp frowned."
)
# Charles Hayter and Charles Musgrove are two people: `Charles` alone is named after neither.
_TWO_CHARLES = (
    "Title\n\nCharles Hayter came early. Charles Hayter sat by Mary. Charles Musgrove came later, "
    "and Charles Musgrove stood. Charles laughed. Charles frowned. Hayter left. Mary stayed.\n\n"
    '"Well," said Charles.\n\n"Well," said Mary.'
)
# `Hamidullah Begum` is his wife, by her title: he stays `Hamidullah`.
_BEGUM = (
    "Title\n\nHamidullah came in. Hamidullah sat down, and Aziz laughed. Hamidullah Begum was at home. "
    "Hamidullah Begum wrote to Aziz.\n\n"
    '"Tea," said Hamidullah.\n\n"Yes," said Aziz.\n\n"Good," Hamidullah said.'
)


@pytest.mark.parametrize(
    ("text", "word", "name"),
    [
        (_POIROT, "Poirot", "Hercule Poirot"),  # the full name given twice
        (_POIROT, "Japp", "Japp"),
        (_TWO_CHARLES, "Charles", "Charles"),
        (_BEGUM, "Hamidullah", "Hamidullah"),
    ],
)
def test_the_name_a_character_found_by_one_word_goes_by(text: str, word: str, name: str) -> None:
    from audiobook.analysis.characters import discover_characters

    found = discover_characters(text).lookup(word)
    assert found is not None and found.name == name
