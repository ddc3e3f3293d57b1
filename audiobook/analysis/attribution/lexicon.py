"""Word lists the rules look words up in: titles, nouns for people, words that are no names."""

from __future__ import annotations

_FEW_WORDS = r"(?:[\p{Ll}\-]+\s+){0,2}?"
"""Up to two lower-case words before a noun: `the parish`, `the old parish`."""


_NAME_REACH = 40
"""How far before a phrase to look for a name in apposition."""


_GENERIC_NOUNS = {"man", "woman", "girl", "boy", "lady", "gentleman", "other", "one", "child", "person"}
"""Nouns too common in names (`The Invisible Man`, `Old Lady Wu`) to pick a character by."""


_PARTNER_NOUNS = {"other", "companion", "friend", "partner", "interlocutor", "visitor", "host", "hostess"}


_KIN_NOUNS = {
    "father",
    "mother",
    "son",
    "daughter",
    "brother",
    "sister",
    "husband",
    "wife",
    "papa",
    "mamma",
    "mama",
    "grandfather",
    "grandmother",
}
"""Family words: `her father` is likely to share her family name."""


_NOT_KNOWN_AS = (
    _GENERIC_NOUNS | _PARTNER_NOUNS | _KIN_NOUNS | {"aunt", "uncle", "niece", "nephew", "cousin", "voice"}
)
"""Nouns that say who someone is to others, or nothing much: `the man`, `her aunt`, `the voice`."""


_ABBREVIATED = {
    "doctor": {"dr"},
    "captain": {"capt"},
    "colonel": {"col"},
    "general": {"gen"},
    "professor": {"prof"},
    "reverend": {"rev"},
    "sergeant": {"sgt"},
    "lieutenant": {"lieut", "lt"},
    "mister": {"mr"},
}
"""Titles as written before a name: `the doctor` is `Dr. Archie`."""


_NOT_DESCRIBING = {"most", "other", "latter", "former", "same", "first", "last", "second", "rest", "whole"}
"""Words that end a phrase after `the` without describing anyone in it."""


_ELDER_KIN = {"father", "mother", "husband", "wife", "papa", "mamma", "mama"}


_ROLE_NOUNS = set(
    """person stranger figure newcomer visitor guest servant messenger guard soldier officer
policeman constable clerk waiter doctor nurse driver porter jonin chunin genin ninja shinobi
anbu agent villager student teacher priest monk knight child""".split()
)
"""Nouns for a person of either gender: `another jonin entered` brings in someone unnamed."""


_POLITE = {
    "sir": "male",
    "my lord": "male",
    "your lordship": "male",
    "madam": "female",
    "ma'am": "female",
    "my lady": "female",
    "your ladyship": "female",
}
"""Polite ways to call someone that tell their gender."""


_PRONOUN_GENDER = {"he": "male", "she": "female"}


_PREPOSITIONS = frozenset(
    "to at with upon on of for from towards toward in into about like than by over after before behind"
    " beside near against round around among through under".split()
)


_UNKNOWN_NOUNS = {"stranger", "newcomer", "intruder"}
"""Descriptions of someone the story has not named."""


BODY_PARTS = sorted(
    """eyes eye face voice hand hands head lips mouth expression brow brows eyebrow eyebrows gaze jaw
    cheeks fist fists""".split()
)
"""What of someone's acts for them: `Sakura's eyes widened` is Sakura acting."""


_PLAIN_NOUNS = {"man", "woman", "fellow", "person"}
"""Words for anyone, which a writer uses for someone they have just brought in unnamed."""


_MAIDEN = {"miss", "mademoiselle", "mlle"}
"""Titles of an unmarried woman, who is nobody's mother or wife."""


_STOP = {
    "then",
    "there",
    "here",
    "but",
    "and",
    "now",
    "so",
    "still",
    "it",
    "this",
    "that",
    "everyone",
    "someone",
    "nobody",
    "everybody",
    "somebody",
    "no",
    "yes",
    "well",
    "oh",
    "both",
    "all",
    "each",
    "neither",
    "none",
    "either",
    "presently",
    "meanwhile",
    "instantly",
    "suddenly",
    "finally",
    "afterwards",
    "soon",
    "when",
    "yet",
}


HONORIFIC_SUFFIXES = (
    "sama",
    "san",
    "kun",
    "chan",
    "sensei",
    "senpai",
    "sempai",
    "dono",
    "nii",
    "nee",
    "niisan",
    "neesan",
    "baa",
    "jii",
    "hime",
    "taichou",
    "ue",
)


TITLES = {
    "mr": "male",
    "mister": "male",
    "sir": "male",
    "lord": "male",
    "king": "male",
    "prince": "male",
    "master": "male",
    "uncle": "male",
    "father": "male",
    "brother": "male",
    "mrs": "female",
    "miss": "female",
    "ms": "female",
    "lady": "female",
    "madam": "female",
    "madame": "female",
    "queen": "female",
    "princess": "female",
    "aunt": "female",
    "mother": "female",
    "sister": "female",
    "mistress": "female",
    "mademoiselle": "female",
    "mlle": "female",
    "mme": "female",
    "monsieur": "male",
    "m": "male",
    "dame": "female",
    "dr": None,
    "doctor": None,
    "captain": None,
    "colonel": None,
    "major": None,
    "general": None,
    "professor": None,
    "admiral": None,
    "lieutenant": None,
    "sergeant": None,
    "inspector": None,
    "duke": "male",
    "duchess": "female",
    "count": "male",
    "countess": "female",
    "begum": "female",
    "sahib": "male",
    "nawab": "male",
    "rajah": "male",
    "raja": "male",
    "rani": "female",
}


FEMALE_NOUNS = set(
    """girl woman lady kunoichi pinkette blonde redhead red-head brunette mother
sister aunt queen princess wife daughter mistress madam maid heroine granny grandmother
sensei-woman gal lass mamma mama""".split()
)
"""Nouns that describe a woman or girl (`the old woman`, `his sister`)."""


MALE_NOUNS = set(
    """boy man guy gentleman lad father brother uncle king prince husband son
master sir grandfather old-man fellow youth papa""".split()
)
"""Nouns that describe a man or boy (`the old man`, `her father`)."""


# Capitalised words that are rarely names, even in the middle of a sentence.
NOT_NAMES = set(
    """I I'm I'd I'll I've The A An And But Or If Then When While Where What Who Why How Yes No
    Oh Ah Well Not Now Just So Still Even Only Though Although As At In On Of To For With From By
    Into Onto Upon After Before Since Until Once Every Each All Some Any None Both Either Neither
    He She It They We You His Her Its Their Our Your My Him Them Us Me This That These Those There
    Here Mr Mrs Ms Miss Dr Sir Lady Lord Madam God Heaven Christmas Sunday Monday Tuesday Wednesday
    Thursday Friday Saturday January February March April May June July August September October
    November December English French Chapter Part Book Okay OK Hey Hmm Huh Please Thank Thanks Good
    Let Don't Can't Won't Didn't Wasn't Isn't Aren't Couldn't Wouldn't Shouldn't Perhaps Maybe
    Yeah Nope Sure Indeed Alright Very Too Also Again Never Always Sometimes Because Whatever
    Hello Hi Goodbye Sorry Wait Look Come Go Stop Dear Had Has Have Was Were Is Are Did Does Do
    Shall Should Would Could Can Must Street Road Lane Square Avenue Station Club Hotel College
    School Office Company Gardens Terrace""".split()
)
"""Capitalised words that are not people: function words, and places and institutions that are
seldom family names too (`Hall`, `Church`, `Wood` are)."""


PREPOSITIONS = frozenset(
    "to at with upon on of for from towards toward in into about like than by over after before behind"
    " beside near against round around among through under".split()
)

_PERSON_NOUNS = MALE_NOUNS | FEMALE_NOUNS | _UNKNOWN_NOUNS | {"traveller", "traveler", "visitor"}
