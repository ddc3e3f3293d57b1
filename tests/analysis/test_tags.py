"""Speech tags: names, pronouns and descriptions next to a quote, and what they decide."""

from pathlib import Path

import pytest
from inline import INTRO, speakers

from audiobook.analysis.analyse import analyse
from audiobook.analysis.characters import Character
from audiobook.read import read_text


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
def test_explicit_tags(text: str, expected: list[str]) -> None:
    assert speakers(INTRO + text) == expected


def test_speech_of_several_paragraphs_keeps_its_speaker() -> None:
    # The first paragraph's quotation is left open: the second carries it on, in the same voice.
    text = (
        INTRO + '"Listen," said Sakura. "It began long ago.\n\n"Nobody knew then.\n\n"Now you do."\n\n'
        '"Fine," Sasuke said.'
    )
    assert speakers(text) == ["Sakura", "Sakura", "Sakura", "Sakura", "Sasuke"]


def test_a_name_inside_the_quote_is_not_the_speaker() -> None:
    # Sasuke is the latest man named as a subject, Naruto the latest named at all; the line names
    # Naruto, so it is Sasuke's.
    text = INTRO + 'Sasuke raised his head and faced Naruto.\n\n"I\'m sorry Naruto but no." He answered.'
    assert speakers(text) == ["Sasuke"]


@pytest.mark.parametrize("verb", ["deadpanned", "quipped"])
def test_fan_fictions_speech_verbs_are_tags(verb: str) -> None:
    chapter = read_text(f'Title\n\n{INTRO}"Sure," Sasuke {verb}.', Path("c.txt")).chapters[0]
    line = next(s for s in analyse(chapter).segments if s.is_speech)
    assert (line.speaker, line.rule) == ("Sasuke", "explicit.name")


def test_a_namesake_of_the_other_title_inside_the_quote_does_not_rule_the_speaker_out() -> None:
    # She speaks of her late husband, `Mr. Sparsit`: that is not her own name.
    cast = (Character("Mrs. Sparsit", (), "female"), Character("Louisa", (), "female"))
    text = (
        "Louisa sat by the fire. Mrs. Sparsit came in and looked at the room.\n\n"
        '"Mr. Sparsit was a Powler," said she.'
    )
    assert speakers(text, cast) == ["Mrs. Sparsit"]


def test_a_self_introduction_still_counts_for_the_speaker() -> None:
    text = INTRO + 'Sakura stepped forward.\n\n"I\'m Sakura, and I lead this team," she said.'
    assert speakers(text) == ["Sakura"]


def test_a_phrasal_speech_verb_is_a_tag() -> None:
    from audiobook.analysis.tags import tag_after

    text = '"Maybe." The Uchiha fired back as Naruto shook his head.'
    tag = tag_after(text, 8, len(text))
    assert tag is not None and (tag.who, tag.verb) == ("The Uchiha", "fired back")


def test_a_narration_paragraph_ending_in_a_colon_tags_the_speech_below() -> None:
    text = INTRO + 'Sakura was silent. Sasuke continued, with a look at Naruto:\n\n"You mean to go."'
    assert speakers(text) == ["Sasuke"]


def test_said_i_is_the_one_the_narration_names_as_telling_it() -> None:
    text = (
        "My Christian name was Philip, but I called myself Pip. Pip went down to the marsh, and "
        "the convict rose up and seized Pip by the chin.\n\n"
        '"Tell us your name!" said the man.\n\n"Please, sir," said I, "don\'t do it."'
    )
    cast = (Character("Pip", (), "male"), Character("Joe", (), "male"))
    assert speakers(text, cast)[1:] == ["Pip", "Pip"]


def test_said_i_is_the_cast_entry_called_narrator() -> None:
    text = '"Come in," said Holmes.\n\n"What is it?" said I.\n\n"A letter," said Holmes.'
    cast = (Character("Holmes", (), "male"), Character("Narrator", (), "male"))
    assert speakers(text, cast) == ["Holmes", "Narrator", "Holmes"]


def test_a_kinsman_as_subject_leads_the_chain_of_he() -> None:
    text = (
        "Emma sat with Mr. Woodhouse and Mr. Knightley. Mr. Knightley went out. Her father had "
        'arranged himself by the fire.\n\n"Well, my dear," he began, "she seems a pretty sort of lady."'
    )
    cast = (
        Character("Emma Woodhouse", ("Emma",), "female"),
        Character("Mr. Woodhouse", (), "male"),
        Character("Mr. Knightley", (), "male"),
    )
    assert speakers(text, cast)[0] == "Mr. Woodhouse"


def test_a_descriptor_naming_a_rank_is_the_one_character_of_that_rank() -> None:
    text = (
        "Major Callendar came in with Ronny and stayed by the door. Major Callendar frowned. "
        "Ronny sat down.\n\n"
        '"Well?" said Ronny.\n\n"Nothing yet," said the major, looking at the window.'
    )
    assert speakers(text) == ["Ronny", "Major Callendar"]


def test_a_pronoun_tag_after_a_narration_paragraph_is_its_subject() -> None:
    # Turn-taking would give Tsunade; the paragraph leading into the line names Tayuya.
    text = (
        "Sakura and Tsunade talked while Tayuya waited. Sakura smiled as she spoke. Tsunade frowned "
        "as she listened. Tayuya sighed as she sat.\n\n"
        '"It is late," said Sakura.\n\n"Too late," said Tsunade.\n\n"We should go," said Sakura.\n\n'
        'Tayuya stood up and walked over to them.\n\n"Not yet," she said.'
    )
    assert speakers(text) == ["Sakura", "Tsunade", "Sakura", "Tayuya"]


@pytest.mark.parametrize(
    ("text", "who"),
    [
        (", said the old lady, laughing at her own wit.", "the old lady"),
        (", said the doctor in a whisper.", "the doctor"),
        (" replied the man, who seemed the worse for drink.", "the man"),
        (", said wise Lucy.", "Lucy"),
        (", stammered unhappy Matthew, seizing the rake.", "Matthew"),
        (" was Mr. Allen's consolation.", "Mr. Allen"),
        (" was his answer.", "he"),
        (" was Catherine's honest assurance;", "Catherine"),
        (" were Colonel\nFitzwilliam's words,", "Colonel\nFitzwilliam"),
        (" quoth Mrs. Sparsit,", "Mrs. Sparsit"),
        (" besought Poirot,", "Poirot"),
        (" Ronny summed up,", "Ronny"),
        (" acquiesced Arobin.", "Arobin"),
        (" broke out the Nawab,", "the Nawab"),
        (", said the child's nurse.", "the child's nurse"),
        (" interrupted his mother's voice,", "his mother"),
    ],
)
def test_tag_subjects_after_the_verb(text: str, who: str) -> None:
    from audiobook.analysis.tags import tag_after

    tag = tag_after(text, 0, len(text))
    assert tag is not None and tag.who == who
    assert who == "he" or text[tag.pos : tag.pos + len(who)] == who


def test_no_tag_when_the_name_is_the_one_spoken_to() -> None:
    from audiobook.analysis.tags import tag_after

    assert tag_after(", said to Emma.", 0, 15) is None


def test_a_narration_paragraph_ending_in_a_dash_tags_the_speech_below() -> None:
    text = INTRO + 'After a pause, Sasuke, looking at the gate, said--\n\n"We go now."'
    assert speakers(text) == ["Sasuke"]


def test_her_mother_is_whose_the_tagged_quotes_call_and_goes_by_mrs_not_miss() -> None:
    # `Lizzy` in the quote before the tag says whose mother; Charlotte Lucas is the latest woman
    # named, and `Miss Bennet` (Jane) is nobody's mother.
    cast = (
        Character("Elizabeth Bennet", ("Lizzy",), "female"),
        Character("Jane Bennet", ("Jane", "Miss Bennet"), "female"),
        Character("Mrs. Bennet", (), "female"),
        Character("Charlotte Lucas", (), "female"),
        Character("Lady Lucas", (), "female"),
    )
    text = 'Elizabeth and Jane were out. Charlotte Lucas called.\n\n"Lizzy," said her mother, "come here."'
    assert speakers(text, cast) == ["Mrs. Bennet", "Mrs. Bennet"]


def test_he_after_someone_unnamed_came_in_is_that_person() -> None:
    # Not a named character, and not nobody: the jonin, called as the narration brought them in.
    text = (
        INTRO + "Sasuke was silent. The door opened and another jonin entered.\n\n"
        '"The prisoner is gone, sir," he reported as they turned to him.\n\n'
        "Sasuke looked at a guard by the door.\n\n"
        '"Then we go," he said.'
    )
    analysis_speakers = speakers(text)
    assert analysis_speakers == ["The jonin", "Sasuke"]


def test_a_pronoun_given_as_a_name_is_not_looked_for() -> None:
    from audiobook.analysis.names import findable

    assert not findable("he") and not findable("stranger") and findable("her father")
    cast = (Character("Bob", (), "male"), Character("The Stranger", ("he",), "male"))
    assert speakers('Bob came in and he sat down.\n\n"Hi," he said.', cast) == ["Bob"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('There was a pause. Then Sasuke said with great feeling:\n\n"It is true."', ["Sasuke"]),
        ('"We wait," said Sakura\'s voice from the door.', ["Sakura"]),
    ],
)
def test_a_named_tag_loses_a_leading_adverb_and_a_possessive(text: str, expected: list[str]) -> None:
    assert speakers(INTRO + text) == expected


@pytest.mark.parametrize(
    ("text", "who", "verb"),
    [
        ("Mrs Smith, sighing over it as she unlocked it, said--", "Mrs Smith", "said"),
        ("Mrs. Barry, not hearing, merely shook hands and said kindly:", "Mrs. Barry", "said"),
        (
            "her arm was seized by her faithful Isabella, who in great spirits exclaimed,",
            "Isabella",
            "exclaimed",
        ),
        ("Ann looked at Bob, who said,", "Bob", "said"),
        ("Ann looked at Bob, and he said,", "he", "said"),
        ("Miss Crawford thus began,", "Miss Crawford", "began"),
        # The owner of the reply, before the quote as after it (`was Mr. Allen's reply`).
        ("and Elizabeth's reply was,", "Elizabeth", "reply"),
        ("Her only answer was,", "she", "answer"),
        # The tag nearest the quote, not one whose sentence goes on to another speaker's clause.
        ('"Hush!" said Kanga to Owl, while Roo said', "Roo", "said"),
        ("called Helen, while Margaret, thoughtful again, said:", "Margaret", "said"),
    ],
)
def test_tag_subjects_before_the_quote(text: str, who: str, verb: str) -> None:
    from audiobook.analysis.tags import tag_before

    tag = tag_before(text, 0, len(text))
    assert tag is not None and (tag.who, tag.verb) == (who, verb)


def test_was_all_her_reply_and_new_verbs_are_tags() -> None:
    from audiobook.analysis.tags import tag_after

    for text, who in (
        (" was all Lady Bertram's reply.", "Lady Bertram"),
        (" asserted the Colonel.", "the Colonel"),
    ):
        tag = tag_after(text, 0, len(text))
        assert tag is not None and tag.who == who


def test_a_name_after_a_comma_and_before_its_verb_is_a_subject() -> None:
    text = (
        INTRO + "Sasuke had left long before. One morning, when Sakura was alone, Naruto entered.\n\n"
        '"A word," said the young man.'
    )
    assert speakers(text) == ["Naruto"]


def test_the_one_a_pronoun_tag_speaks_to_is_not_its_speaker() -> None:
    text = INTRO + 'Sasuke turned to Naruto.\n\n"Hello," he said to Sasuke.'
    assert speakers(text) == ["Naruto"]


@pytest.mark.parametrize(
    ("lead", "who"),
    [
        # The speech verb far from its subject: the sentence's subject says it.
        ("Sasuke broke the awkward silence by saying with a slight effort:", "Sasuke"),
        ("Sakura was back, saying rather nervously:", "Sakura"),
        ("Then Sakura, who had been looking at Naruto for a while, remarked:", "Sakura"),
        # The last subject before the verb, not a name it governs or owns.
        ("Sakura sat down. Sasuke lit the lamp, offered Naruto a chair, and exclaimed:", "Sasuke"),
        ("It was impossible for Naruto to leave, or to refrain from saying,", "Naruto"),
        ("Sakura, seated by the bed, took up Naruto's letter, and exclaimed,", "Sakura"),
        # A passive verb's agent.
        ("Sakura was thinking of him, when thus addressed by Sasuke:", "Sasuke"),
    ],
)
def test_the_subject_of_a_sentence_leading_into_speech_says_it(lead: str, who: str) -> None:
    assert speakers(INTRO + lead + '\n\n"It is late."') == [who]


def test_in_a_long_text_he_said_is_someone_a_name_tag_shows_speaking() -> None:
    cast = (Character("Ann", (), "female"), Character("Bob", (), "male"), Character("Carl", (), "male"))
    talk = "".join(f'"Line {n}," said {"Ann" if n % 2 else "Bob"}.\n\n' for n in range(100))
    # Carl, only thought of, is the latest man named, but never speaks anywhere.
    ending = 'Bob thought of his brother. Carl had always hated the sea.\n\n"It is late," he said.'
    assert speakers(talk + ending, cast)[-1] == "Bob"
    # A short text proves nothing about who never speaks.
    assert speakers(talk[-200:] + ending, cast)[-1] == "Carl"


def test_a_name_before_a_phrase_between_commas_is_the_subject() -> None:
    # `Mr. Woodhouse, with a shake of the head and a sigh, called`: he acts, so `said he` is him,
    # not the man named as subject before.
    cast = (Character("Mr. Woodhouse", (), "male"), Character("Mr. John Knightley", (), "male"))
    text = (
        "Mr. John Knightley had a great regard for his father-in-law. They had not been long "
        "seated when Mr. Woodhouse, with a shake of the head and\na sigh, called his daughter.\n\n"
        '"Ah, my dear," said he, "poor Miss Taylor."'
    )
    assert speakers(text, cast) == ["Mr. Woodhouse", "Mr. Woodhouse"]


def test_the_narrator_is_the_one_called_by_name_but_not_named_in_the_narration() -> None:
    # John is called by name next to the narrator's lines more often than Hastings, but the
    # narration names him all the time: the one telling the story is `I` there.
    text = (
        "John came down late. John sat by the window and John lit his pipe while Poirot read. "
        "John looked out. I waited.\n\n"
        '"Well, John?" said Poirot.\n\n"Nothing yet," I said.\n\n"John, the letter!"\n\n'
        '"Here," I said.\n\n"Thank you, Hastings."\n\n"What now?" said I.\n\n"Sit down, Hastings, '
        'and you too, John."\n\n"Very well," I said.'
    )
    cast = (
        Character("John", gender="male"),
        Character("Poirot", gender="male"),
        Character("Hastings", gender="male"),
    )
    said = speakers(text, cast)
    assert [said[i] for i in (1, 3, 5, 7)] == ["Hastings"] * 4


def test_he_said_is_not_the_narrator_of_a_first_person_story() -> None:
    text = (
        "Holmes sat by the fire when I came in.\n\n"
        '"Come in, Watson," said Holmes.\n\n"What is it?" said I.\n\n"Look at this, Watson."\n\n'
        'I read it twice. Then I put it down.\n\n"Well?" he asked.'
    )
    # The line before called Watson by name, but he is the one telling the story: `I`.
    cast = (Character("Holmes", gender="male"), Character("Watson", gender="male"))
    assert speakers(text, cast)[-1] == "Holmes"


def test_she_in_narration_before_a_name_means_someone_named_earlier() -> None:
    # Mary is named only as an object after `She` began the paragraph: `she said` is Katharine.
    text = (
        'Katharine stood by the window. "It is late," said Katharine.\n\n'
        "She was conscious of the sleeve of Mary beside her, and of the noise below.\n\n"
        '"They are exactly like sheep," she said.'
    )
    cast = (Character("Katharine", gender="female"), Character("Mary", gender="female"))
    assert speakers(text, cast) == ["Katharine", "Katharine"]


def test_a_name_in_either_quote_around_a_tag_is_not_its_speaker() -> None:
    text = (
        "Bingley found Darcy in the corner. Darcy was standing alone.\n\n"
        '"Come, Darcy," said he, "I must have you dance."'
    )
    cast = (Character("Bingley", gender="male"), Character("Darcy", gender="male"))
    assert speakers(text, cast) == ["Bingley", "Bingley"]


def test_a_narration_paragraph_whose_last_sentence_ends_on_a_tag_leads_into_the_speech() -> None:
    # Sasuke spoke last, and the line two before was Sakura's: but the sentence above says who.
    text = (
        INTRO
        + '"Ready?" Sakura asked.\n\n"No," said Sasuke.\n\nSakura frowned at him. Naruto interposed.\n\n'
        + '"We go now."'
    )
    assert speakers(text) == ["Sakura", "Sasuke", "Naruto"]


def test_a_speaking_nickname_after_the_with_no_clear_owner_is_a_character_of_its_own() -> None:
    from audiobook.analysis.characters import discover_characters

    # The name written last before `the Dodger` is Oliver's as often as Charley's.
    scenes = [
        "Then Oliver sat down. The Dodger grinned.",
        "Then Charley laughed. The Dodger looked up.",
        "At last Oliver stared, and the Dodger winked.",
        "Soon Charley ran off. The Dodger followed.",
        "Then Oliver waited. The Dodger bowed.",
        "Then Charley sat. The Dodger left.",
    ]
    text = "\n\n".join(scenes) + '\n\n"Come on," said the Dodger.'
    cast = discover_characters(text)
    dodger = cast.lookup("Dodger")
    assert dodger is not None and dodger.name == "The Dodger"
    assert speakers(text)[-1] == "The Dodger"


def test_someone_only_described_keeps_the_description_as_a_name() -> None:
    text = (
        "The road ran north through the fields.\n\n"
        '"Where does it go?" asked the boy.\n\n"To the school," said the old woman.\n\n'
        '"Is it far?" the boy asked again.'
    )
    assert speakers(text) == ["The boy", "The old woman", "The boy"]
    # No woman named in the scene: `she said` is the one the description brought in.
    more = '\n\n"Not far."\n\nThe sky grew dark over the fields.\n\n"It will rain," she said.'
    assert speakers(text + more)[-1] == "The old woman"
    chapter = read_text("Title\n\n" + text + more, Path("c.txt")).chapters[0]
    cast = analyse(chapter).cast  # they join the cast, gendered by the description
    assert (cast.lookup("The boy").gender, cast.lookup("The old woman").gender) == ("male", "female")


def test_said_i_is_the_narrator_when_no_one_calls_them_by_name() -> None:
    text = 'Holmes sat by the fire when I came in.\n\n"Sit down," said Holmes.\n\n"What is it?" said I.'
    assert speakers(text) == ["Holmes", "narrator"]


def test_a_title_alone_is_the_one_character_who_bears_it() -> None:
    text = 'Edna sat at the piano.\n\n"Play it again," said Mademoiselle.'
    cast = (Character("Mademoiselle Reisz", gender="female"), Character("Edna", gender="female"))
    assert speakers(text, cast) == ["Mademoiselle Reisz"]


def test_said_i_is_the_narrator_called_by_name_once() -> None:
    text = (
        'Holmes sat by the fire when I came in.\n\n"Sit down, Watson," said Holmes.\n\n"What is it?" said I.'
    )
    cast = (Character("Holmes", gender="male"), Character("Watson", gender="male"))
    assert speakers(text, cast) == ["Holmes", "Watson"]


def test_a_pronoun_tag_later_in_a_paragraph_is_its_earlier_speaker() -> None:
    text = (
        "Fielding mocked him.\n\n"
        'Aziz cried: "Down with them all!" Fielding looked away. '
        '"And then," he concluded, "we shall be friends."'
    )
    cast = (Character("Aziz", gender="male"), Character("Fielding", gender="male"))
    assert speakers(text, cast) == ["Aziz", "Aziz", "Aziz"]


def test_the_doctor_is_the_one_called_doctor_in_the_scene() -> None:
    # The cast also has someone called just `The Doctor`, of another scene; here Doctor Losberne is.
    cast = (Character("Mr. Losberne", ("Doctor Losberne",), "male"), Character("The Doctor", (), "male"))
    text = (
        INTRO
        + "Doctor Losberne came in and looked at the boy for a long time.\n\n"
        + '"He will live," said the doctor.'
    )
    assert speakers(text, cast)[-1] == "Mr. Losberne"
    # Of two captains, the one in the scene.
    cast = (Character("Captain Wentworth", (), "male"), Character("Captain Harville", (), "male"))
    text = INTRO + 'Captain Harville came in, and Naruto stood up.\n\n"We sail at dawn," said the captain.'
    assert speakers(text, cast)[-1] == "Captain Harville"


def test_he_in_a_tag_follows_the_narrations_chain_of_he() -> None:
    # Mr. Elton is the latest man named, but only as the owner of conduct; the `He` before him,
    # and so the `he` of the tag, is Mr. Knightley.
    cast = (
        Character("Emma", (), "female"),
        Character("Mr. Knightley", (), "male"),
        Character("Mr. Elton", (), "male"),
    )
    text = (
        "Emma had no chance of speaking to Mr. Knightley till after supper. He was warm in his "
        "censure of Mr. Elton's conduct.\n\n"
        '"It was unpardonable," said he.'
    )
    assert speakers(text, cast) == ["Mr. Knightley"]


def test_a_she_chain_is_followed_back_past_the_paragraph_before() -> None:
    # The paragraph before the line says `She` before it names anyone, and names Elizabeth only
    # as an object: the chain goes back to Jane, named before it.
    cast = (Character("Jane", (), "female"), Character("Elizabeth", (), "female"))
    text = (
        "Jane's astonishment was soon over.\n\n"
        "She was sorry for Elizabeth, who had refused him.\n\n"
        '"He was wrong," said she.'
    )
    assert speakers(text, cast) == ["Jane"]


def test_a_descriptor_with_its_phrase_is_the_cast_name_it_spells() -> None:
    gentleman = Character("The Gentleman In The White Waistcoat", (), "male")
    cast = (Character("Mr. Bumble", (), "male"), gentleman)
    text = (
        "Mr. Bumble came in with the boy.\n\n"
        '"That boy will be hung," said the gentleman in the white waistcoat, as he rose.'
    )
    assert speakers(text, cast) == ["The Gentleman In The White Waistcoat"]


def test_said_the_stranger_is_no_one_named_nearby() -> None:
    # `the stranger` is someone the story has not named: not Sasuke, the man last named.
    text = INTRO + (
        "Sasuke walked into the inn and sat down. The stranger at the bar turned to him.\n\n"
        '"You are late," said the stranger.\n\n"Am I?" Naruto asked.'
    )
    assert speakers(text) == ["The stranger", "Naruto"]


def test_he_in_a_scene_naming_no_man_is_the_man_it_describes() -> None:
    # Only women are named (Mrs. Hall, Millie): `he cried` is the traveller the narration brought in.
    text = (
        "Mrs. Hall was in the bar when the door opened, and Millie looked up. Mrs. Hall frowned. "
        "The traveller stamped the snow from his boots.\n\n"
        '"A fire," he cried, "in the name of charity!"\n\n'
        '"Yes, sir," said Mrs. Hall. Millie ran for coal.'
    )
    assert speakers(text) == ["The traveller", "The traveller", "Mrs. Hall"]


def test_said_the_doctor_is_the_one_called_dr() -> None:
    # `the doctor` is `Dr. Archie` as written, though Peter was named after him.
    cast = (
        Character("Dr. Archie", gender="male"),
        Character("Peter Kronborg", ("Peter",), "male"),
        Character("Mrs. Kronborg", gender="female"),
    )
    text = (
        "Dr. Archie walked up the path, and Peter opened the door for him. Peter smiled.\n\n"
        '"How is she?" asked the doctor.\n\n"Better," said Mrs. Kronborg.'
    )
    assert speakers(text, cast) == ["Dr. Archie", "Mrs. Kronborg"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The title after a dash belongs to the name: Mrs. Herriton, not Herriton (her son).
        ('Philip waited. In a low voice--Mrs. Herriton said, "Caroline was rude."', "Mrs. Herriton"),
        # A name after `to` is the one spoken to, not the subject of `and whispered`.
        (
            "Mrs. Herriton, who had been talking to Philip on the far side of the room all evening, "
            'turned to Caroline and whispered, "Go."',
            "Mrs. Herriton",
        ),
    ],
)
def test_a_lead_in_tags_subject(text: str, expected: str) -> None:
    cast = (
        Character("Mr. Herriton", ("Philip",), "male"),
        Character("Mrs. Herriton", (), "female"),
        Character("Caroline Abbott", ("Caroline",), "female"),
    )
    assert speakers(text, cast) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"I will not play," said Mr. Herriton, while Caroline, under the impression that she was '
            'snubbing him, added: "Much better not."',
            ["Mr. Herriton", "Caroline Abbott"],
        ),
        (
            'She expected Mr. Herriton, but it was Caroline, who, out of breath, cried out, "Wait!"',
            ["Caroline Abbott"],
        ),
    ],
)
def test_the_one_named_between_commas_speaks(text: str, expected: list[str]) -> None:
    cast = (
        Character("Mr. Herriton", ("Philip",), "male"),
        Character("Caroline Abbott", ("Caroline",), "female"),
    )
    assert speakers(text, cast) == expected


@pytest.mark.parametrize(
    ("narration", "expected"),
    [
        # `note` without its ending has no single speaker; after a modal, `to` or `heard` it may.
        ("He turned, that he might address the whole audience: ", None),
        ("Anne would say, ", "Anne"),
        ("The Nara tried to reason, ", "The Nara tried to"),
        ("Philip walked by and heard Caroline say, ", "Caroline"),
        # The epithet before a titled name does not make it a description.
        ("And then cried the good-hearted Mrs. John Knightley: ", "Mrs. John Knightley"),
    ],
)
def test_a_tags_verb_agrees_with_its_subject(narration: str, expected: str | None) -> None:
    from audiobook.analysis.tags import tag_before

    tag = tag_before(narration, 0, len(narration))
    assert (tag.who if tag is not None else None) == expected


def test_a_verb_without_its_ending_after_a_quote_is_no_tag() -> None:
    from audiobook.analysis.tags import tag_after

    assert tag_after(" the curious note was struck again.", 0, 35) is None
    assert tag_after(" the lady noted again.", 0, 22) is not None


@pytest.mark.parametrize(
    "introduction",
    [
        "Mr. Sowerberry, the undertaker, came in.",
        "The undertaker, Mr. Sowerberry, came in.",
        "Undertaker Sowerberry came in.",
    ],
)
def test_said_the_undertaker_is_the_one_the_text_calls_so(introduction: str) -> None:
    # Oliver is the man last named, but the text tells who the undertaker is.
    cast = (Character("Mr. Sowerberry", ("Sowerberry",), "male"), Character("Oliver", (), "male"))
    text = (
        f'{introduction} Oliver stood by the door.\n\nThe room was cold.\n\n"Come here," said the undertaker.'
    )
    assert speakers(text, cast) == ["Mr. Sowerberry"]


def test_a_person_the_story_keeps_describing_is_known_by_the_description() -> None:
    # No name goes with `the surgeon`, whom the story calls so again and again: not Oliver, the man
    # last named.
    text = (
        "Oliver was born in the workhouse. The surgeon, who sat by the fire, rose.\n\n"
        "The room was cold.\n\n"
        '"It is all over," said the surgeon.\n\n'
        "Oliver cried. The surgeon put on his gloves.\n\n"
        "The room was cold.\n\n"
        '"Give him some gruel," said the surgeon.'
    )
    assert speakers(text) == ["The surgeon", "The surgeon"]


def test_a_word_for_anyone_is_the_man_named_before() -> None:
    # `the man` is said of named men as well: the one named before, though the story calls
    # someone so again and again.
    text = (
        "Oliver walked in and sat down by the door.\n\nThe room was cold.\n\n"
        '"Good day," said the man.\n\nThe man smiled.\n\nThe room was cold.\n\n'
        '"Good night," said the man.'
    )
    assert speakers(text, (Character("Oliver", (), "male"),)) == ["Oliver", "Oliver"]


def test_he_after_a_described_person_acts_is_that_person() -> None:
    # `The surgeon leaned over the bed`, then `he said`: the surgeon (known by that description,
    # tagged so twice), not Oliver, the man last named.
    cast = (Character("Oliver", (), "male"), Character("Mrs. Thingummy", (), "female"))
    text = (
        "Oliver was born in the workhouse, and Oliver cried.\n\n"
        '"It is all over," said the surgeon.\n\n"Poor dear," said Mrs. Thingummy.\n\n'
        '"Give him some gruel," said the surgeon.\n\n'
        'The surgeon leaned over the bed. "The old story," he said.'
    )
    assert speakers(text, cast)[-1] == "The surgeon"


def test_a_title_alone_names_its_one_holder() -> None:
    cast = (
        Character("Uncle John", ("John Linden",), "male"),
        Character("Florence", (), "female"),
        Character("Curtis", (), "male"),
    )
    # `Uncle, you are ...` calls Uncle John: the line after it is his, the next hers.
    text = (
        '"Uncle, you are not looking well to-night."\n\n'
        '"I am not well, Florence."\n\n"Surely, Uncle, you cannot mean that."'
    )
    assert speakers(text, cast) == ["Florence", "Uncle John", "Florence"]
    two = (*cast, Character("Uncle Sam", (), "male"))
    from audiobook.analysis.characters import discover_characters

    assert discover_characters("Title\n\nNo one.", two).lookup("Uncle") is None


@pytest.mark.parametrize(
    ("tag", "speaker"),
    [
        ("said a young wife", "A young wife"),
        ("cried another female", "Another female"),
        ("exclaimed a man in the crowd", "A man in the crowd"),
        ("said a hard-featured dame of fifty", "A hard-featured dame of fifty"),
        ("said one of the women", "One of the women"),
        ("said another", "Another"),
    ],
)
def test_an_indefinite_subject_is_someone_new(tag: str, speaker: str) -> None:
    # `a young wife` brings someone in: not Sakura, the woman last named, nor Sasuke.
    text = INTRO + f'Sakura looked at the crowd.\n\n"Let her go," {tag}, "for pity\'s sake."'
    assert speakers(text) == [speaker, speaker]


@pytest.mark.parametrize(
    "narration",
    [
        '"Not now," said a voice behind her.',  # an unseen speaker the story goes on to name
        '"Not now," cried a loud, hoarse voice.',
        '"Not now," Sakura replied a little sharply.',  # an amount, no one
    ],
)
def test_a_voice_or_an_amount_is_no_newcomer(narration: str) -> None:
    text = INTRO + f"Sakura waited by the door.\n\n{narration}"
    assert all(s is None or not s.startswith(("A ", "An ")) for s in speakers(text))


def test_a_lead_in_object_is_no_newcomer() -> None:
    # `mentioned a place` before a quote is a verb and its object, not `a place` speaking.
    text = (
        "Anne sat by the fire.\n\nMr Shepherd answered for him, and mentioned a place; and Anne, "
        'after the little pause which followed, added--\n\n"He is a rear admiral of the white."'
    )
    assert speakers(text) == ["Anne"]


def test_a_cast_entry_of_that_description_speaks() -> None:
    cast = (Character("A man in the crowd", gender="male"),)
    text = INTRO + '"Mercy on us!" exclaimed a man in the crowd.'
    assert speakers(text, cast) == ["A man in the crowd"]


@pytest.mark.parametrize(
    ("cast", "speaker"),
    [
        ((), "The man"),
        ((Character("The Stout Man", gender="male"), Character("Oliver", gender="male")), "The Stout Man"),
    ],
)
def test_the_man_just_brought_in_unnamed_is_no_named_man(cast: tuple[Character, ...], speaker: str) -> None:
    # `the man` after `a stout man` came in is that man, not Oliver, the man last named.
    text = (
        "Oliver was led into a small yard. He looked round. Oliver shook his head, and he sighed.\n\n"
        "There they encountered a stout man with a bunch of keys in his hand.\n\n"
        '"What\'s the matter now?" said the man carelessly.'
    )
    assert speakers(text, cast) == [speaker]


def test_a_woman_brought_in_is_not_the_man() -> None:
    # `woman` ends in `man`, yet `the man` is not `a stout woman`: Oliver, the man named.
    text = (
        "Oliver was led into a small yard. He looked round. Oliver shook his head, and he sighed.\n\n"
        "There they encountered a stout woman with a bunch of keys in her hand.\n\n"
        '"What\'s the matter now?" said the man carelessly.'
    )
    assert speakers(text) == ["Oliver"]


def test_someone_unnamed_before_the_verb_is_a_newcomer() -> None:
    # `a guard shouted` after a quote is a tag: a newcomer speaks, not the last man named.
    text = INTRO + '"Halt!" a guard shouted.\n\n"We have a pass," Sakura said.\n\n"Show me."'
    assert speakers(text) == ["A guard", "Sakura", "A guard"]
    # A while is no one: `a moment later he said` is his tag.
    text = INTRO + 'Naruto ran up.\n\n"Wait!" A moment later he said it again.'
    assert speakers(text) == ["Naruto"]


def test_saying_nothing_is_no_tag() -> None:
    text = INTRO + 'Naruto looked at Sasuke, who said nothing.\n\n"Well?"\n\n"Hn."'
    assert speakers(text) == ["Naruto", "Sasuke"]
