"""Speech tags: `Sasuke shouted`, `said he`, `The blond commented`, found next to a quote."""

from __future__ import annotations

from dataclasses import dataclass

import regex

_VERBS = """
say tell ask reply answer shout yell call cry mutter murmur whisper exclaim add continue begin
start finish explain mock taunt brag curse rage quip growl snap snarl hiss sigh laugh chuckle
scream roar bellow bark state declare announce remark comment observe note suggest offer insist
demand inquire enquire question wonder think muse ponder retort counter respond interrupt
interject protest object admit confess agree argue complain grumble groan moan plead beg urge
warn threaten order command instruct inform remind assure promise joke tease stammer stutter
mumble breathe gasp pant sob wail squeal shriek spit sneer scoff drawl purr chirp repeat echo
conclude speak utter whimper howl holler grunt huff pout blurt venture return rejoin correct
concede acknowledge press persist coo crow giggle smirk grin snort sniff squeak screech pipe
chime cut greet hum jeer lie mention plead pray recall reason rebuke recount reflect reiterate
reassure reckon remonstrate report retort scold shrug sing sneeze stress swear thunder wheeze
whine wonder write nod cough moan mouth lament call gush exclaim croak rasp trill babble boast
caution chide cajole query accuse apologize apologise announce bawl bid bleat blubber burst
challenge chant charge chatter confide consent contend cry declare dictate direct fume guess
hazard implore inquire jest marvel observe opine proclaim prompt propose quaver rant rave
recite remark reprove sass shrill simper slur snicker soothe squawk storm stutter surmise tsk
urge vow wager whistle yawn yelp interpose resume supply pursue proceed ejaculate assent
falter stammer lisp intone hint insinuate add cry expostulate entreat persist exclaim sneer
suggest rejoin retort murmur reply whimper comfort console assert bluster flash address accost
submit beseech acquiesce stipulate hesitate interpret enunciate quoth mourn explode conjecture
volunteer deadpan quip""".split()
_IRREGULAR = {
    "say": ["said"],
    "tell": ["told"],
    "begin": ["began", "begun"],
    "think": ["thought"],
    "speak": ["spoke"],
    "spit": ["spat"],
    "lie": ["lied"],
    "swear": ["swore"],
    "sing": ["sang"],
    "write": ["wrote"],
    "cut": ["cut"],
    "bid": ["bade"],
    "burst": ["burst"],
    "beseech": ["besought", "beseeched"],
    "quip": ["quipped", "quipping"],
}


def verb_forms(verb: str) -> set[str]:
    """A verb's -s, -ed and -ing forms, by the usual spelling rules."""
    forms = {verb, *_IRREGULAR.get(verb, [])}
    if verb.endswith("e"):
        forms |= {verb + "s", verb + "d", verb[:-1] + "ing"}
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    elif verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms |= {verb + "es", verb + "ed", verb + "ing"}
    elif verb[-1] in "bdgmnprt" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
        # Whether the consonant doubles depends on stress (admitted, but muttered): allow both.
        forms |= {verb + "s", verb + verb[-1] + "ed", verb + verb[-1] + "ing", verb + "ed", verb + "ing"}
    else:
        forms |= {verb + "s", verb + "ed", verb + "ing"}
    return forms


_PHRASAL = """fired back|fires back|shot back|shoots back|threw back|cut in|cuts in|broke in|breaks in|
put in|puts in|chimed in|chimes in|went on|goes on|spoke up|speaks up|piped up|pipes up|summed up|
sums up|broke out|breaks out|burst out|bursts out|flashed out|flashes out""".replace("\n", "")
SPEECH_VERBS = frozenset(f for v in _VERBS for f in verb_forms(v)) | frozenset(_PHRASAL.split("|"))
"""Speech verbs in every form, and phrasal ones (`fired back`, `broke in`) that say speech only
with their particle."""
_GESTURE_VERBS = """nod shrug grin smirk pout sigh laugh chuckle giggle sniff snort cough sneeze yawn
huff gasp pant sob whistle hum wheeze groan moan""".split()
GESTURES = frozenset(f for v in _GESTURE_VERBS for f in verb_forms(v))
"""Speech verbs that are gestures first: `Naruto grinned.` alone is an action, not a line's tag."""
VERB_PATTERN = (
    r"(?:" + "|".join(v.replace(" ", r"\s+") for v in sorted(SPEECH_VERBS, key=len, reverse=True)) + r")"
)
"""Any speech verb, as a regex alternation."""
ABBREVIATED_TITLES = r"Mr|Mrs|Ms|Dr|St|Mme|Mlle"
"""Titles written with a dot that ends no sentence (`Mr. Darcy`), as a regex alternation."""
SENTENCE_END = regex.compile(rf"(?<!\b(?:{ABBREVIATED_TITLES}))[.!?]['\"”’)]*\s+")
"""A stop, with any closing marks after it, and the space before the next sentence."""
_PRONOUNS = r"(?:he|she|I|they|we|you)"
_WORD = r"\p{Lu}[\p{L}'’]*(?:-\p{L}+){0,3}"
_NAME = rf"(?:(?:{ABBREVIATED_TITLES})\.?\s+)?{_WORD}(?:\s+{_WORD}){{0,2}}"
# `the child's nurse`: an owner's name inside the phrase, which ends on the noun after it.
_DESCRIPTOR = (
    r"(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Oo]ur)\s+(?:[\p{L}\-]+(?:['’]s)?\s+){0,2}?[\p{L}\-]+(?!['’]s\b)"
)
_SUBJECT = rf"(?P<subj>(?i:{_PRONOUNS})\b|{_DESCRIPTOR}|{_NAME})"
# `said a young wife`, `cried another female`, `said one of the women`: someone the story brings in
# without a name. The phrase runs to the end of the noun, or to the end of a phrase after it that
# closes the tag (`a man in the crowd,`).
_OF_GROUP = r"\s+of\s+(?:the|them|his|her|their|these|those)"
"""`one of the guards`, `another of them`."""
_AMOUNT = r"little|bit|moment|minute|second|while|trifle|few|lot|deal|time"
"""Nouns of an amount or a while after `a` (`a little vaguely`, `a moment later`): no one."""
_INDEFINITE = (
    rf"(?:[Aa]n?(?=\s+\p{{L}})|[Aa]nother|[Oo]ne)(?:{_OF_GROUP})?"
    r"(?:\s+(?>[\p{L}\-]+)(?:['’]s)?){0,3}?(?:\s+(?>[\p{L}\-]+)(?!['’]s\b))?"
    r"(?:(?:\s+(?:in|of|from|at|with|on|by)(?:\s+(?>[\p{L}\-]+)){1,4})(?=\s*[,.;:!?—–]))?"
    rf"(?<!\b(?:{_AMOUNT}|[Aa]n?)|ly)"
)
# After the verb (`said the old lady, laughing`) a descriptor runs to where its noun phrase ends: at
# punctuation, a preposition, conjunction or relative word, or an adverb or participle.
_PHRASE_END = (
    r"(?=\s*(?:[^\s\p{L}]|$)|\s+(?:in|into|with|without|who|whose|that|which|as|at|to|and|but|from|for"
    r"|on|upon|of|after|before|while|when|again|then|now|\p{L}+ly|\p{L}+ing)\b)"
)
# `said wise Lucy`, `stammered poor Matthew`: a name after the verb may carry an adjective.
_EPITHET = (
    r"(?:(?!(?:to|at|for|with|of|in|on|by|from|into|upon|unto|toward|towards|after|before|so|and|but|or"
    r"|nor|as|that|the|a|an|this|then|not|when|while|if|because|than|once)\b)\p{Ll}+\s+)?"
)
# `cried the good-hearted Mrs. John Knightley`: a titled name after words describing her is a name
# (`the former Hokage` is a rank).
_THE_EPITHET = (
    rf"[Tt]he\s+(?:\p{{Ll}}[\p{{Ll}}\-]*\s+){{1,2}}"
    rf"(?=(?:{ABBREVIATED_TITLES})\.?\s|(?:Miss|Lady|Sir|Madame|Mademoiselle|Monsieur)\s)"
)


def _subject_after_verb(newcomer: bool) -> str:
    """The subject after an inverted verb (`said the old lady`); with `newcomer`, also someone
    unnamed (`said a hard-featured dame`). Right after a quote those words are a tag; in a lead-in
    they are a verb and its object (`mentioned a place`). A voice (`said a voice behind her`) is
    someone not yet seen, whom the narration goes on to name: no newcomer."""
    indefinite = rf"|(?![^.!?;:\"“”]{{0,40}}?\b(?i:voice)\b){_INDEFINITE}{_PHRASE_END}" if newcomer else ""
    return (
        rf"(?P<subj2>(?i:{_PRONOUNS})\b|{_THE_EPITHET}{_NAME}|{_DESCRIPTOR}{_PHRASE_END}|{_DESCRIPTOR}"
        rf"{indefinite}|{_EPITHET}{_NAME})"
    )


_SUBJECT2 = _subject_after_verb(newcomer=False)
_SUBJECT2_AFTER = _subject_after_verb(newcomer=True)
_ADVERB = r"(?:\p{L}+ly\s+|then\s+|also\s+|finally\s+|suddenly\s+|again\s+|simply\s+|just\s+|thus\s+|now\s+)?"
_AUX = r"(?:(?:had|has|was|would|could|will|did|is)\s+)?"

_UTTERANCE_NOUNS = """reply answer observation remark response rejoinder retort exclamation comment cry
consolation question assurance words advice greeting explanation reproof entreaty inquiry enquiry
salutation protest objection appeal suggestion""".split()
_UTTERANCE = "(?:" + "|".join(_UTTERANCE_NOUNS) + ")"
"""Nouns for what someone said: `was Mr. Allen's reply`."""
# `"Halt!" a guard shouted`, `one of the guards called`: someone brought in unnamed, before the
# verb; not `a moment later he said`, nor a voice (whom the narration goes on to name).
_INDEFINITE_SUBJECT = (
    rf"(?:[Aa]n?|[Aa]nother|[Oo]ne{_OF_GROUP})"
    rf"(?:\s+(?!(?:{_AMOUNT}|he|she|they|later|after|then|voice|again|more|couple)\b)\p{{Ll}}[\p{{Ll}}\-]*){{1,3}}"
)
_AFTER = regex.compile(
    rf"""[\s,;:—–\-]*{_ADVERB}(?:
        (?P<subj>(?i:{_PRONOUNS})\b|{_DESCRIPTOR}|{_INDEFINITE_SUBJECT}|{_NAME})\s+{_ADVERB}{_AUX}
        (?P<verb>{VERB_PATTERN})\b
      | (?P<verb2>{VERB_PATTERN})\s+{_SUBJECT2_AFTER}\b
      | (?:was|were|came)\s+(?:all\s+|only\s+)?(?P<subj3>{_NAME}|[Hh]is|[Hh]er)(?:['’]s)?\s+
        (?:\p{{Ll}}+\s+)?(?P<verb3>{_UTTERANCE})\b
    )""",
    regex.VERBOSE,
)
_BEFORE = regex.compile(
    rf"""(?:\A|[.!?;]\s+|,\s+(?:and\s+|then\s+)?|[—–]\s*|--\s*|\s)(?:
      # `Elizabeth's reply was,`, `Her only answer was`: the owner of the utterance.
        (?P<subj6>{_NAME}['’]s|[Hh]is|[Hh]er)\s+(?:\p{{Ll}}+\s+)?(?P<verb6>{_UTTERANCE})\s+(?:was|were)\b
      | {_SUBJECT}\s+{_ADVERB}{_AUX}(?P<verb>{VERB_PATTERN})\b
      | (?P<verb2>{VERB_PATTERN})\s+{_SUBJECT2}\b
      # `Mrs. Smith, sighing over it, said`; not `Cecil, while Miss Bartlett, ..., added` or `Mr.
      # Rushworth, but it was Julia, who ..., cried`, where the phrase between the commas names
      # the one who speaks.
      | (?P<subj3>{_NAME}|{_PRONOUNS}),\s+
        (?!(?:while|whilst|when|whereas|and|but|though|although|as|if)\s+{_NAME},)
        (?![^.!?;"“”]{{0,90}}?\b{_NAME},\s+who\b)
        [^.!?;"“”]{{1,90}}?,\s+{_ADVERB}{_AUX}(?P<verb3>{VERB_PATTERN})\b
      | (?P<subj4>{_NAME}),?\s+who(?:\s+[^.!?;"“”]{{0,60}}?)?\s+{_ADVERB}(?P<verb4>{VERB_PATTERN})\b
      # `Isabella, who had been talking to James, turned to Catherine and whispered`: not a name
      # after a preposition, someone spoken to or of.
      | (?<!\b(?:to|with|of|at|from|whom|towards|upon)\s+)(?P<subj5>{_NAME}),?\s+
        \p{{Ll}}[^.!?;"“”]{{0,80}}?,?\s+and\s+{_ADVERB}(?P<verb5>{VERB_PATTERN})\b
    # What follows the tag up to the quote: not a clause with a speaker of its own (`said Kanga to
    # Owl, while Roo said`), nor a silence (`Sasuke, who said nothing.`).
    )(?!\s+nothing\b)(?:(?!\b(?:while|whilst|whereas)\s+\p{{Lu}})[^.!?"“”]){{0,60}}[,:—–\-]?\s*$""",
    regex.VERBOSE,
)


@dataclass(frozen=True)
class Tag:
    """A speech tag: who speaks, as written, and the kind of phrase that names them."""

    who: str
    """The subject as written: a name, a pronoun or a descriptor such as `the blond`."""
    kind: str
    """`name`, `pronoun`, `descriptor` (`the blond`) or `indefinite` (`a young wife`)."""
    verb: str
    """The speech verb."""
    pos: int
    """Offset of the subject in the chapter text."""
    extent: tuple[int, int] | None = None
    """The tag's words in the chapter text, subject and speech verb (`said Elizabeth`), when known."""


def tag_after(text: str, start: int, end: int) -> Tag | None:
    """A tag at the start of the narration text[start:end] that follows a quote."""
    window = text[start : min(end, start + 120)]
    match = _AFTER.match(window)
    return _tag(match, start) if match else None


_CUE_WORDS = frozenset(v.split()[0] for v in SPEECH_VERBS) | frozenset(_UTTERANCE_NOUNS)
"""Every tag holds one of these words: a narration without any has none (a quick test first)."""
_LETTERS = regex.compile(r"\p{L}+")


def tag_before(text: str, start: int, end: int) -> Tag | None:
    """A tag at the end of the narration text[start:end] that precedes a quote."""
    offset = max(start, end - 160)
    if _CUE_WORDS.isdisjoint(w.lower() for w in _LETTERS.findall(text, offset, end)):
        return None
    match = _BEFORE.search(text[offset:end])
    return _tag(match, offset) if match else None


OWNER_END = regex.compile(r"['’]s$")
"""A possessive ending: `Mr. Allen's`."""
_VOICE_OWNER = regex.compile(r"['’]s\s+voice$")
_THE_EPITHET_START = regex.compile(_THE_EPITHET)


def _tag(match: regex.Match[str], offset: int) -> Tag | None:
    found = match.groupdict()
    # One alternative matched: its subject and verb groups are `subj`/`verb` or `subjN`/`verbN`.
    suffix = next(n for n in ("", *map(str, range(2, 7))) if found.get(f"subj{n}") or found.get(f"verb{n}"))
    group = f"subj{suffix}"
    who = match.group(group)
    verb = found.get(f"verb{suffix}")
    if who is None or verb is None:
        return None
    # `was Mr. Allen's reply`, `was his answer`: the owner of the utterance.
    who = {"his": "he", "her": "she"}.get(who.lower(), OWNER_END.sub("", who))
    # `interrupted his mother's voice`: the owner of the voice.
    who = _VOICE_OWNER.sub("", who)
    start = match.start(group)
    epithet = _THE_EPITHET_START.match(who)
    if epithet is not None:
        who, start = who[epithet.end() :], start + epithet.end()
    if who[:1].islower() and _kind(who) == "name":
        # `said wise Lucy`: the name without its epithet.
        rest = who.split(None, 1)[1]
        who, start = rest, start + len(who) - len(rest)
    opening = _OPENING_I.match(who)
    if opening is not None:
        # `Then I said`, `And I asked`: the capital of `I` is not a name's.
        who, start = "I", start + opening.end()
    kind = _kind(who)
    if kind == "name" and who.split()[0].lower() in SPEECH_VERBS:
        return None
    if not _agrees(match, suffix, who, verb):
        return None
    verb_start, verb_end = match.span(f"verb{suffix}")
    extent = (offset + min(start, verb_start), offset + max(start + len(who), verb_end))
    return Tag(who, kind, verb, offset + start, extent)


_BARE = frozenset(_VERBS) - {form for forms in _IRREGULAR.values() for form in forms} - {"quoth"}
"""Speech verbs as written with `I` or `they`, and no other way (not `cut`, which is also past)."""
_MODAL = regex.compile(r"\b(?:would|could|will|did)\b")
_BARE_AFTER = regex.compile(
    r"\b(?:hear|hears|heard|see|sees|saw|watch|watched|let|make|made|did|does|do|bid|bade)\s+$"
)
"""Words after which a speaker's verb has no ending: `heard Harriet say`, `did Mr. Bennet say`."""


def _agrees(match: regex.Match[str], suffix: str, who: str, verb: str) -> bool:
    """Whether the verb can be this subject's: one person's speech verb takes an ending (`the
    curious note was struck` and `might address the whole audience` are no tags), unless a
    modal, `to` or a verb of perceiving stands before it (`would say`, `tried to reason`, `heard
    Elinor say`)."""
    if verb.lower() not in _BARE or who.lower() in ("i", "you", "we", "they") or suffix not in ("", "2"):
        return True
    if who.split()[-1] == "to":
        return True  # `The Nara tried to reason`
    if suffix == "2":
        return False
    text, subject = match.string, match.start("subj")
    return bool(
        _MODAL.search(text, match.end("subj"), match.start("verb"))
        or _BARE_AFTER.search(text[max(0, subject - 30) : subject])
    )


_OPENING_I = regex.compile(r"(?i:then|and|but|so|now|still|yet|here|there|once|again)\s+(?=I$)")
"""A sentence adverb or conjunction before `I`, which the pattern for names takes with it."""


def _kind(who: str) -> str:
    first = who.split()[0].lower()
    if first in ("he", "she", "i", "they", "we", "you"):
        return "pronoun"
    if first in ("the", "his", "her", "their", "my", "our"):
        return "descriptor"
    if first in ("a", "an", "another", "one"):
        return "indefinite"
    return "name"
