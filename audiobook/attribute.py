"""Decide who says each quoted line, by ordered rules that each carry a confidence."""

from __future__ import annotations

import bisect
import functools
import itertools
from collections import Counter
from dataclasses import dataclass, field

import regex

from .chapter import pov_name
from .characters import (
    CLAUSE_START,
    FEMALE_NOUNS,
    MALE_NOUNS,
    NOT_NAMES,
    PREPOSITIONS,
    TITLES,
    Cast,
    Character,
    alias_pattern,
    described_gender,
    name_key,
    strip_honorific,
)
from .rule_confidence import MEASURED
from .segment import Segment
from .tags import (
    ABBREVIATED_TITLES,
    GESTURES,
    OWNER_END,
    SENTENCE_END,
    SPEECH_VERBS,
    Tag,
    tag_after,
    tag_before,
)


def reach_band(reach: int | None) -> str:
    """The band of distances from a name tag a line's confidence is measured for."""
    if reach is None:
        return "far"
    return next(band for band, top in _REACH_BANDS if reach <= top)


_REACH_BANDS = (("0", 0), ("1", 1), ("2", 2), ("3-4", 4), ("5-8", 8), ("far", 1 << 30))
_REACH_LIMIT = 8
"""Beyond this many turns a name tag counts as far."""


def confidence(rule: str, band: str = "0") -> float:
    """How often the rule was right where it was measured (`rule_confidence.py`, written by
    `benchmarks/attribution.py --calibrate`), for lines placed as this one (`band`, see
    `Segment.band`) when that was measured often enough; a rule not measured there takes the
    share of its family (`pronoun` for `pronoun.chain`), and one with no family measured 0."""
    banded = f"{rule}@{band}"
    if MEASURED.get(banded, (0, 0))[0] >= _BAND_MIN:
        n, right = MEASURED[banded]
    elif rule in MEASURED:
        n, right = MEASURED[rule]
    else:
        family = rule.split(".")[0]
        pairs = [v for k, v in MEASURED.items() if k.split(".")[0] == family]
        if not pairs:
            return 0.0
        n, right = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
    return (right + 1) / (n + 2)


_BAND_MIN = 30
"""Lines a rule must have decided in a band of distance for that band's accuracy to be used."""
_SUBJECT_LOOKBACK = 3
"""How many fitting mentions back a character named as a subject is preferred to a nearer one."""
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
_UNNAMED_PERSON = regex.compile(
    r"\b(?:[Aa]n?|[Aa]nother|[Ss]ome|[Oo]ne\s+of\s+the)\s+(?:[\p{Ll}\-]+\s+){0,2}?(?P<noun>\p{Ll}+?)s?\b"
)
_NOT_A_VERB = regex.compile(
    r"\s+(?:who|whom|that|which|whose|you|he|she|it|we|they|i|could|would|should|might|must|may|can|will)\b"
)
"""What may follow a noun that is not its verb: `a person you have met`, `a servant could catch it`."""
FIRST_PERSON = Character("narrator")
"""Who says `said I` in a story told in the first person whose teller the text does not name."""
UNNAMED = Character("")
"""Who a pronoun means when it points to someone the story does not name."""


_VOCATIVE = regex.compile(
    r"(?:\A[\"'“‘]?"
    rf"|(?<!\b(?:{ABBREVIATED_TITLES}|M))[,!?.]\s+"  # `Mr.` ends no sentence
    r"|\b(?:you|hey|oh|good\s+\w+|wrong|sorry|thanks|(?i:my\s+)?dear(?:est)?)\s+)"
    # A name, perhaps after a title (`Well, Miss Morland,`).
    rf"((?:(?i:{'|'.join(TITLES)})\.?\s+)?\p{{Lu}}[\p{{L}}'’\-]+)(?=\s*[,!?.…\-—\"'”’]|$)"
)
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
_POLITE_CALL = regex.compile(
    r"(?:[,!?.]\s+|\A[\"'“‘]?)(?i:(sir|madam|ma['’]am|my\s+lord|my\s+lady|your\s+lordship|your\s+ladyship))"
    r"(?=\s*[,!?.…\-—\"'”’]|$)"
)
_INTRODUCTION = regex.compile(r"(?i:\b(?:I'm|I’m|I am|name is|name's|call me|it's|it is)\s+)$")
_SELF_NAMED = regex.compile(
    r"(?:\bI\s+(?:called|call|named|name)\s+myself|\bI\s+(?:am|was)\s+(?:called|named)|\b[Mm]y\s+name\s+(?:is|was)"
    r"|\b[Cc]all\s+me)\s+(?P<name>\p{Lu}[\p{L}'’\-]+)"
)
"""The narration naming the one who tells it: `I called myself Pip`, `Call me Ishmael`."""
_SPACE = regex.compile(r"\s*")
_VERB_NEXT = regex.compile(
    r"(?:,\s+\p{Ll}(?:[^,.;:!?\"“”\n]|\n(?!\n)){0,80},)?(?:\s+\p{Ll}+ly)?\s+(?!(?:and|or|of|to|in|s)\b)\p{Ll}"
)


def _is_subject(text: str, seg: Segment, start: int, end: int) -> bool:
    """Whether the words text[start:end] in a narration segment start a clause and a verb follows
    (`Marilla looked up`), perhaps after a phrase between commas (`Mr. Woodhouse, with a sigh,
    called`): the one acting, not the one acted on."""
    opening = _SPACE.match(text, seg.start, seg.end)
    starts = start <= (opening.end() if opening else seg.start)
    return bool(starts or CLAUSE_START.search(text, max(seg.start, start - 12), start)) and bool(
        _VERB_NEXT.match(text, end)
    )


@dataclass(frozen=True)
class Mention:
    """A name of a character found in narration."""

    pos: int
    """Offset of the name in the chapter text."""
    character: Character
    """Who it names."""
    subject: bool = False
    """Whether the name starts a clause and a verb follows (`Marilla looked up`), so that it is
    likely the one acting, not the one acted on."""


class _Context:
    """What the rules look at: the text, the cast, and the mentions in narration."""

    def __init__(
        self, text: str, segments: list[Segment], cast: Cast, without: frozenset[str] = frozenset()
    ) -> None:
        self.text = text
        self.without = without
        """Rules switched off (a dotted prefix switches off every rule under it)."""
        self.cast = cast
        self.segments = segments
        self.pattern = pattern = alias_pattern(cast.names_as_written())
        self.mentions: list[Mention] = []
        if pattern is not None:
            for seg in segments:
                if seg.kind != "narration":
                    continue
                for match in pattern.finditer(text, seg.start, seg.end):
                    char = cast.lookup(match.group())
                    if char is not None:
                        subject = _is_subject(text, seg, match.start(), match.end())
                        self.mentions.append(Mention(match.start(), char, subject))
        self.positions = [m.pos for m in self.mentions]
        self.starts = [seg.start for seg in segments]
        self._called: dict[int, set[str]] = {}
        self._named: dict[int, set[str]] = {}
        self._vocatives: dict[int, set[str]] = {}
        self._common: dict[str, bool] = {}
        self._first_person: bool | None = None
        self._names_anyone: dict[tuple[int, str], bool] = {}
        self._descriptions: dict[int, list[tuple[int, str]]] = {}
        self.paragraph_start: dict[int, int] = {}
        """Index of the first segment of each paragraph."""
        for i, seg in enumerate(segments):
            self.paragraph_start.setdefault(seg.paragraph, i)
        self.named_speakers: dict[int, set[str]] = {}
        """Per conversation, the speakers name tags decided."""
        self.taking_part: dict[int, set[str]] = {}
        """Per conversation, the speakers decided by tags and action beats so far."""
        self.silent: set[str] = set()
        """Characters no name tag shows speaking."""
        self.narrator: Character | None = None
        """Who `I` is, in a story told in the first person."""
        self.povs: list[tuple[int, Character]] = [
            (seg.start, cast.lookup(name) or Character(name))
            for seg in segments
            if seg.kind == "pov" and (name := pov_name(text[seg.start : seg.end])) is not None
        ]
        """Where a point-of-view line (`Naruto's POV`) names who `I` is from there on."""
        self.called_so: Counter[str] = Counter()
        """How many tags name a speaker by each noun after `the` (`said the surgeon`)."""
        self._known_as: dict[str, Character | None] = {}
        self.described: dict[tuple[int, str], Character] = {}
        """Per scene and gender, the first speaker known only by a description (`The boy`)."""
        self.scene_start: dict[int, int] = {}
        for seg in segments:
            self.scene_start.setdefault(seg.scene, seg.start)

    def teller(self, pos: int) -> Character | None:
        """Who `I` is at `pos`: the one the last point-of-view line before it names, else the
        story's first-person narrator."""
        index = bisect.bisect_right(self.povs, pos, key=lambda pov: pov[0]) - 1
        return self.povs[index][1] if index >= 0 else self.narrator

    def in_first_person(self) -> bool:
        """Whether the narration is told in the first person: it says `I` often (at least
        `_FIRST_PERSON_RATE` times per 1,000 words), or a point-of-view line names its `I`."""
        if self._first_person is None:
            words = mine = 0
            for seg in self.segments:
                if seg.kind == "narration":
                    words += len(_WORD.findall(self.text, seg.start, seg.end))
                    mine += len(_I.findall(self.text, seg.start, seg.end))
            told = bool(self.povs) or any(c.narrator for c in self.cast.characters)
            self._first_person = told or (
                mine >= _FIRST_PERSON_MIN and mine * 1000 >= _FIRST_PERSON_RATE * words
            )
        return self._first_person

    def on(self, rule: str) -> bool:
        """Whether a rule may decide: neither it nor a family it belongs to is switched off."""
        if not self.without:
            return True
        parts = rule.split(".")
        return not any(".".join(parts[:n]) in self.without for n in range(1, len(parts) + 1))

    def may_be_name(self, name: str) -> bool:
        """Whether a name no cast holds can be someone's: none of its words is a common word
        (`At the door he turned and said`) or written in lower case in the text (`Liking her
        better, he smiled and said`)."""
        for word in name.split():
            if word not in self._common:
                found = regex.search(rf"\b{regex.escape(word.lower())}\b", self.text) is not None
                self._common[word] = found or word in NOT_NAMES
            if self._common[word]:
                return False
        return True

    def mention_at(self, pos: int, reach: int = 0) -> Mention | None:
        """The first name mentioned at `pos` or at most `reach` characters after it."""
        index = bisect.bisect_left(self.positions, pos)
        if index < len(self.mentions) and self.mentions[index].pos - pos <= reach:
            return self.mentions[index]
        return None

    def recent(
        self,
        pos: int,
        scene: int,
        exclude: set[str],
        gender: str | None,
        floor: int | None = None,
        subjects: int = 0,
    ) -> Character | None:
        """The most recently mentioned character before `pos` (and after `floor`, by default the
        scene's start) that fits; with `subjects`, the latest fitting one named as a subject among
        that many mentions back, if there is one."""
        floor = self.scene_start.get(scene, 0) if floor is None else floor
        index = bisect.bisect_left(self.positions, pos) - 1
        first = None
        seen = 0
        while index >= 0 and self.mentions[index].pos >= floor:
            mention = self.mentions[index]
            char = mention.character
            if char.name not in exclude and (gender is None or char.gender == gender):
                if mention.subject or seen >= subjects:
                    return char if first is None or mention.subject else first
                first = first or char
                seen += 1
            index -= 1
        return first

    def following(self, pos: int, paragraph: int, exclude: set[str]) -> Character | None:
        """The first character named as a subject after `pos` in this paragraph or the next,
        leaving out `exclude`, among the next 20 names."""
        start = bisect.bisect_left(self.positions, pos)
        for mention in self.mentions[start : start + 20]:
            seg = self.segments[bisect.bisect_right(self.starts, mention.pos) - 1]
            if seg.paragraph > paragraph + 1:
                return None
            if mention.subject and mention.character.name not in exclude:
                return mention.character
        return None

    def lead_in(self, first: int) -> int:
        """Where the narration leading into the paragraph starting at segment `first` begins: the
        paragraph itself, or the narration-only paragraph right before it (`Helen came in.` above
        `"He's gone," she cried.`)."""
        start = self.segments[first].start
        j = first - 1
        if j < 0 or self.segments[j].scene != self.segments[first].scene:
            return start
        paragraph = self.segments[j].paragraph
        while j >= 0 and self.segments[j].paragraph == paragraph:
            if self.segments[j].is_speech:
                return start
            j -= 1
        return self.segments[j + 1].start

    def role(self, noun: str) -> Character | None:
        """The one character whose name holds this word as a title or role (`the major` for `Major
        Callendar`, `the coroner` for `The Coroner`); None when none or several do."""
        key = noun.lower().strip(".,;:!?")
        if key in _GENERIC_NOUNS:
            return None
        owners = [c for c in self.cast.characters if any(key in name_key(n).split() for n in c.names)]
        return owners[0] if len(owners) == 1 else None

    def title_holders(self, noun: str) -> list[Character]:
        """The characters with a name that opens on this word as a title before a name (`Doctor
        Losberne` for `the doctor`); none for a word for anyone (`Lady Bertram` is not every
        `lady`)."""
        key = noun.lower().strip(".,;:!?")
        if key in _GENERIC_NOUNS:
            return []
        forms = {key} | _ABBREVIATED.get(key, set())
        return [
            c
            for c in self.cast.characters
            if any(
                len(w := n.split()) > 1 and w[0].lower().rstrip(".") in forms and w[1][:1].isupper()
                for n in c.names
            )
        ]

    def known_as(self, noun: str) -> Character | None:
        """Whom the text calls `the surgeon`: the one character it names so, by apposition or
        title (`Mr. Sowerberry, the undertaker`, `the surgeon, Mr. Losberne`, `Doctor
        Losberne`); else, when the story keeps calling a person so (tagged so twice, or `the
        undertaker's`, `the undertaker, who`), that described person, `The surgeon`. None for a
        word for anyone (`the man`), a relative (`the aunt`), a voice, or a title that a cast name
        holds (looked up before)."""
        if noun in self._known_as:
            return self._known_as[noun]
        known = None
        plural = noun.endswith("s") and not noun.endswith("ss")
        if not (plural or noun in _NOT_KNOWN_AS or self.title_holders(noun)):
            known = self._named_as(noun)
            word = regex.escape(noun)
            if known is None and len(regex.findall(rf"\b[Tt]he\s+{word}\b", self.text)) >= 2:
                person = regex.search(rf"\b[Tt]he\s+{word}(?:['’]s\b|,?\s+who\b)", self.text)
                if self.called_so[noun] >= 2 or person is not None:
                    known = Character(f"The {noun}", (), _noun_gender(noun))
        self._known_as[noun] = known
        return known

    def _named_as(self, noun: str) -> Character | None:
        """The one character the text names with this noun as a title or in apposition."""
        if self.pattern is None:
            return None
        word = regex.escape(noun)
        titles = "|".join(regex.escape(t.title()) for t in sorted({noun, *_ABBREVIATED.get(noun, set())}))
        named: set[str] = set()
        # `Doctor Losberne`, `the surgeon, Mr. Losberne`: a name right after.
        for found in regex.finditer(rf"\b(?:{titles})\.?\s+|\b[Tt]he\s+{_FEW_WORDS}{word},\s+", self.text):
            name = self.pattern.match(self.text, found.end())
            char = self.cast.lookup(name.group()) if name is not None else None
            named |= {char.name} if char is not None else set()
        # `Mr. Sowerberry, the undertaker`: a name right before.
        for found in regex.finditer(rf",\s+(?:an?|the)\s+{_FEW_WORDS}{word}\b(?!['’-])", self.text):
            window = max(0, found.start() - _NAME_REACH)
            names = [
                n for n in self.pattern.finditer(self.text, window, found.start()) if n.end() == found.start()
            ]
            char = self.cast.lookup(names[-1].group()) if names else None
            named |= {char.name} if char is not None else set()
        return self.cast.lookup(named.pop()) if len(named) == 1 else None

    def in_scene(self, char: Character, scene: int, pos: int) -> bool:
        """Whether the narration of the scene names `char` before `pos`."""
        lo = bisect.bisect_left(self.positions, self.scene_start.get(scene, 0))
        hi = bisect.bisect_left(self.positions, pos)
        return any(m.character is char for m in self.mentions[lo:hi])

    def scene_segments(self, scene: int) -> list[Segment]:
        """The segments of a scene, in order."""
        first = bisect.bisect_right(self.starts, self.scene_start.get(scene, 0)) - 1
        return list(itertools.takewhile(lambda seg: seg.scene == scene, self.segments[max(first, 0) :]))

    def names_anyone(self, scene: int, gender: str) -> bool:
        """Whether the scene names anyone who could be of that gender (in its narration, or called
        by name in its talk), leaving out characters no name tag shows speaking; worked out once."""
        if (scene, gender) not in self._names_anyone:
            could_be = {c.name for c in self.cast.characters if c.gender in (gender, None)} - self.silent
            segments = self.scene_segments(scene)
            lo = bisect.bisect_left(self.positions, segments[0].start) if segments else 0
            hi = bisect.bisect_left(self.positions, segments[-1].end) if segments else 0
            self._names_anyone[(scene, gender)] = any(
                m.character.name in could_be for m in self.mentions[lo:hi]
            ) or any(
                (c := self.cast.lookup(name)) is not None and c.name in could_be
                for seg in segments
                if seg.is_speech
                for name in self.vocatives(seg)
            )
        return self._names_anyone[(scene, gender)]

    def descriptions(self, scene: int) -> list[tuple[int, str]]:
        """Where the scene's narration describes a person (`the old woman`), and the words after
        `the`, in order; worked out once."""
        if scene not in self._descriptions:
            self._descriptions[scene] = [
                (found.start(), found.group(1))
                for seg in self.scene_segments(scene)
                if seg.kind == "narration"
                for found in _THE_PERSON.finditer(self.text, seg.start, seg.end)
            ]
        return self._descriptions[scene]

    def named(self, seg: Segment) -> set[str]:
        """Characters named inside a quote: people seldom say their own name, so none of them is
        likely the speaker. A self-introduction (`I'm Tayuya`, `my name is ...`) does not count."""
        if self.pattern is None:
            return set()
        if seg.start in self._named:
            return self._named[seg.start]
        names = set()
        for match in self.pattern.finditer(self.text, seg.start, seg.end):
            if _INTRODUCTION.search(self.text, max(seg.start, match.start() - 16), match.start()):
                continue
            char = self.cast.lookup(match.group())
            if char is not None:
                names.add(char.name)
        self._named[seg.start] = names
        return names

    def vocatives(self, seg: Segment) -> set[str]:
        """Characters addressed by name in a quote: `"Naruto!"`, `"What's wrong Tsunade?"`."""
        if seg.start in self._vocatives:
            return self._vocatives[seg.start]
        names = set()
        for match in _VOCATIVE.finditer(self.text[seg.start : seg.end]):
            char = self.cast.lookup(match.group(1))
            if char is not None:
                names.add(char.name)
        self._vocatives[seg.start] = names
        return names

    def addressed_gender(self, turn: _Turn) -> str | None:
        """The gender of whom the turn calls `sir` or `ma'am` (`Can he be a sensible man, sir?`)."""
        genders = {
            _POLITE[" ".join(found.group(1).lower().replace("’", "'").split())]
            for i in turn.speech
            for found in _POLITE_CALL.finditer(self.text[self.segments[i].start : self.segments[i].end])
        }
        return genders.pop() if len(genders) == 1 else None

    def called(self, turn: _Turn) -> set[str]:
        """Characters addressed by name anywhere in a turn, worked out once per turn."""
        key = turn.speech[0]
        if key not in self._called:
            self._called[key] = set().union(*(self.vocatives(self.segments[i]) for i in turn.speech))
        return self._called[key]


@dataclass
class _Turn:
    """One speech paragraph (with the paragraphs its quotation runs on into) of a conversation."""

    indexes: list[int]
    """Every segment of the paragraph(s), in order."""
    speech: list[int]
    """The dialogue and thought segments among them."""
    block: int
    """The conversation it belongs to: a new one starts with a scene or a long stretch of narration."""
    decided: dict[int, tuple[str | None, str, str]] = field(default_factory=dict)
    """Speaker, kind of rule and rule of each speech segment decided so far."""
    speaker: str | None = None
    """Who speaks the turn, once known."""
    rule: str = "none"
    """The kind of rule that decided `speaker` (`explicit`, `pronoun`, `turn-taking`, ...), which
    later rules weigh."""
    name: str = "none"
    """The rule that decided `speaker` (`pronoun.chain`)."""


def attribute(
    text: str, segments: list[Segment], cast: Cast, without: frozenset[str] = frozenset()
) -> list[Segment]:
    """Segments with `speaker`, `confidence` and `rule` set on every dialogue and thought.

    A chapter is read as conversations: runs of speech paragraphs in one scene. Tags decide their
    paragraphs first (names, then pronouns and descriptors, which may use what the names decided);
    action beats next; then every paragraph left answers by turn-taking from the nearest decided
    turns on either side, in a two-person exchange, or by whom the line before addressed.
    Every line carries the name of the rule that decided it, and that rule's measured accuracy as
    its confidence; the rules in `without` (names or dotted prefixes) are switched off.
    """
    ctx = _Context(text, segments, cast, without)
    turns = _turns(text, segments)
    tags = {i: _tag(ctx, segments, i) for turn in turns for i in turn.speech}
    ctx.called_so.update(
        t.who.split()[-1].lower()
        for t in tags.values()
        if t is not None and t.who.split()[0] in ("the", "The")
    )
    for turn in turns:
        for i in turn.speech:
            tag = tags[i]
            if tag is not None and tag.kind == "name":
                named = _resolve_name(ctx, tag)
                if named is not None:
                    turn.decided[i] = (named[0].name, "explicit", named[1])
        _settle(turn, segments)
    for turn in turns:
        if turn.rule == "explicit" and turn.speaker:
            ctx.named_speakers.setdefault(turn.block, set()).add(turn.speaker)
    # Characters no name tag shows speaking anywhere (someone only talked about, a place taken for
    # a name) are not guessed for `he said` or an untagged line; only in a long text, though, as a
    # short one may tag a speaker nowhere by name.
    spoken = set().union(*ctx.named_speakers.values())
    if sum(turn.rule == "explicit" for turn in turns) >= _SPEAKERS_SHOWN:
        ctx.silent = {c.name for c in ctx.cast.characters} - spoken
    ctx.narrator = _first_person(ctx, turns, tags)
    for k, turn in enumerate(turns):
        for i in turn.speech:
            tag = tags[i]
            if i in turn.decided or tag is None or tag.kind == "name":
                continue
            found: tuple[Character, str] | None = None
            if tag.kind == "indefinite":
                found = (_newcomer(ctx, tag), "indefinite.newcomer")
            elif tag.who.lower() == "i":
                # The one telling the story, by name when the others' lines give it.
                found = (ctx.teller(tag.pos) or FIRST_PERSON, "first-person.tag")
            else:
                found = _same_speaker(ctx, turn, i, tag) or _resolve_anaphor(ctx, tag, i, turns, k)
            if found is not None and not ctx.on(found[1]):
                found = None
            if found is not None and found[0] is UNNAMED:
                turn.decided[i] = (None, "unnamed", found[1])
            elif found is not None:
                turn.decided[i] = (found[0].name, tag.kind, found[1])
        _settle(turn, segments)
    # Turn-taking counts from turns decided by a name or a pronoun: descriptors and action beats
    # are too often wrong to count from.
    anchored = [t.speaker if t.rule in ("explicit", "pronoun") else None for t in turns]
    for turn in turns:
        if turn.rule in _TAKES_PART and turn.speaker:
            ctx.taking_part.setdefault(turn.block, set()).add(turn.speaker)
    for k, turn in enumerate(turns):
        if turn.speaker is None and turn.rule != "unnamed":
            turn.speaker, turn.name = _answer(ctx, segments, turns, anchored, k)
            turn.rule = turn.name.split(".")[0]
            if turn.rule in _TAKES_PART and turn.speaker:
                ctx.taking_part.setdefault(turn.block, set()).add(turn.speaker)
    # A line that only had the nearest name to go by alternates with the two lines before or after
    # it, whatever decided those.
    for k, turn in enumerate(turns):
        if turn.rule in ("nearest", "none"):
            alternate = _alternation(ctx, turns, k)
            if alternate is not None:
                turn.speaker, turn.name = alternate
                turn.rule = "alternation"
    result = list(segments)
    reaches = _reaches(turns)
    for k, (turn, reach) in enumerate(zip(turns, reaches, strict=True)):
        around = {
            turns[j].speaker for j in (k - 1, k + 1) if 0 <= j < len(turns) and turns[j].block == turn.block
        }
        for i in turn.speech:
            speaker, _, rule = turn.decided.get(i) or (turn.speaker, turn.rule, turn.name)
            if i not in turn.decided and turn.rule in ("explicit", "pronoun", "descriptor", "unnamed"):
                # Another quote of a paragraph a tag decided (`"Come," said he, "sit down."`).
                rule = f"paragraph.{turn.rule}"
            band = reach_band(reach) + ("=" if speaker is not None and speaker in around else "")
            result[i] = segments[i].with_speaker(speaker, confidence(rule, band), rule, band)
    return result


def _reaches(turns: list[_Turn]) -> list[int | None]:
    """For each turn, how many turns away the nearest one a name tag decided is, in its
    conversation (None beyond `_REACH_LIMIT`): lines far from any name are likelier wrong."""
    reaches: list[int | None] = []
    for k, turn in enumerate(turns):
        reaches.append(
            next(
                (
                    d
                    for d in range(_REACH_LIMIT + 1)
                    for j in (k - d, k + d)
                    if 0 <= j < len(turns) and turns[j].block == turn.block and turns[j].rule == "explicit"
                ),
                None,
            )
        )
    return reaches


def _first_person(ctx: _Context, turns: list[_Turn], tags: dict[int, Tag | None]) -> Character | None:
    """Who `I` is in `said I`: in a story told in the first person, the cast's `Narrator`; else the
    one the narration names as telling it (`I called myself Pip`); else the character the others call
    by name in the lines next to the narrator's (`"My dear Watson," ...`), else, when the narration
    says `I`, in any line; in either case when one clearly leads (twice as often as any other; once
    is enough if no other is called), among those the narration names seldom (it says `I`)."""
    if not any(tag is not None and tag.who.lower() == "i" for tag in tags.values()):
        if not ctx.in_first_person():
            return None
    # A cast may name the one telling the story as such (`Narrator`, `The Narrator`).
    for entry in ctx.cast.characters:
        if entry.narrator or any(name_key(name) in ("narrator", "the narrator") for name in entry.names):
            return entry
    # `So, I called myself Pip`, `Call me Ishmael`: the narration names the one telling the story.
    for seg in ctx.segments:
        found = _SELF_NAMED.search(ctx.text, seg.start, seg.end) if seg.kind == "narration" else None
        char = ctx.cast.lookup(found.group("name")) if found else None
        if char is not None:
            return char
    votes: Counter[str] = Counter()
    for k, turn in enumerate(turns):
        mine = any((tag := tags[i]) is not None and tag.who.lower() == "i" for i in turn.speech)
        if mine or (tags[turn.speech[0]] is None and _i_acts(ctx, turn)):
            for j in (k - 1, k + 1):
                if 0 <= j < len(turns) and turns[j].block == turn.block:
                    votes.update(ctx.called(turns[j]))
    # A first-person narrator is `I` in the narration, so named there far less than in speech.
    named = Counter(m.character.name for m in ctx.mentions)
    called = Counter(name for turn in turns for name in ctx.called(turn))
    seldom = {name for name, n in called.items() if _NAMED_SHARE * named[name] <= n}
    # Called by name next to the teller's own lines; else anywhere in the talk (some writers tag
    # the teller's lines seldom, but the others still call them by name).
    for candidates in (votes, called if ctx.in_first_person() else Counter()):
        ranked = Counter({name: n for name, n in candidates.items() if name in seldom}).most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
            return ctx.cast.lookup(ranked[0][0])
    return None


def _i_acts(ctx: _Context, turn: _Turn) -> bool:
    """Whether a sentence of the turn's own narration opens on `I` (`I shrugged.`)."""
    return any(
        ctx.segments[i].kind == "narration"
        and _I_OPENS.search(ctx.text, ctx.segments[i].start, ctx.segments[i].end)
        for i in turn.indexes
    )


_I_OPENS = regex.compile(
    r"(?:^|(?<=[.!?…]['\"”’]?\s+)|(?<=\A\s*))I\s+(?:\p{Ll}+ly\s+)?\p{Ll}", regex.MULTILINE
)
"""`I` opening a sentence of narration, a verb after it (`I shrugged`, `I slowly turned`)."""


def _settle(turn: _Turn, segments: list[Segment]) -> None:
    """The turn's speaker: the first tagged one of its quotes."""
    if turn.speaker is None:
        for i in turn.speech:
            if i in turn.decided and turn.decided[i][0]:
                turn.speaker, turn.rule, turn.name = turn.decided[i]
                return
        for _, kind, name in turn.decided.values():
            if kind == "unnamed":
                turn.rule, turn.name = kind, name


_SPEAKERS_SHOWN = 100
"""Name-tagged lines a text needs before those it never tags are taken for people who never speak."""
_FIRST_PERSON_RATE = 12
"""Narration saying `I` at least this often per 1,000 words is told in the first person (measured
on ../shared/eval: at least 17 in the first-person texts, at most 4 in the others, whose `I` comes
from letters)."""
_FIRST_PERSON_MIN = 5
"""...and at least this many times, so that a short passage with one letter in it is not."""
_I = regex.compile(r"\bI\b")
_NAMED_SHARE = 10
"""A first-person narrator, `I` in the narration, is named there at most a tenth as often as called
by name in speech."""
_TAKES_PART = ("explicit", "pronoun", "descriptor", "beat")
"""Rules whose speakers count as taking part in a conversation."""
_CLOSING = "\"”'’"
_INTRODUCING = (":", ",", "-", "—", "–")
"""How a narration paragraph that introduces the speech below it ends: `Emma continued:`."""
_VOICE_OF = regex.compile(r"\s+of\s+")
_DESCRIBED_BY = regex.compile(r"\s+(?:in|with|of|at|from)\s+(?:[\p{L}'’\-]+\s+){0,4}[\p{L}'’\-]+")
"""What may follow a descriptor to make it a name: `the man with the black beard`."""
_EPITHET_REACH = 12
"""At most this many characters of epithet between `the voice of` and the name (`old`, `poor`)."""
_LEAD_TAIL = 30
"""At most this many characters after the speaker in a sentence that ends on a tag and leads into
speech (`Sissy resumed in a lower voice.`)."""
_INTRODUCER_REACH = 60
"""At most this many characters between an introducing speech verb and the speech."""
_WORD = regex.compile(r"\p{L}+")
_AGENT = regex.compile(r"\s+by\s+")
_WHO = regex.compile(r",?\s+who\b[^.!?]*")
_OWNER = regex.compile(r"(?:['’]s|\s+s)\b")
_INFINITIVE = regex.compile(r"\s+to\s+\p{Ll}")
_PRONOUN_GENDER = {"he": "male", "she": "female"}
_GENDER_PRONOUN = {"male": regex.compile(r"\b[Hh]e\b"), "female": regex.compile(r"\b[Ss]he\b")}
_PRONOUN_SUBJECT = regex.compile(r"\b(?:[Hh]e|[Ss]he)\b")
_PREPOSITIONS = frozenset(
    "to at with upon on of for from towards toward in into about like than by over after before behind"
    " beside near against round around among through under".split()
)


def _turns(text: str, segments: list[Segment]) -> list[_Turn]:
    """The speech paragraphs as turns, in order; a paragraph that carries on the previous one's
    unclosed quotation joins its turn. Long narration (over 40 words) ends a conversation."""
    by_paragraph: dict[int, list[int]] = {}
    for i, seg in enumerate(segments):
        by_paragraph.setdefault(seg.paragraph, []).append(i)
    turns: list[_Turn] = []
    block, scene, previous = 0, None, None
    for indexes in by_paragraph.values():
        speech = [i for i in indexes if segments[i].is_speech]
        if not speech:
            if any(segments[i].kind == "narration" and len(_words(text, segments[i])) > 40 for i in indexes):
                block += 1
            previous = None
            continue
        if segments[speech[0]].scene != scene:
            block, scene = block + 1, segments[speech[0]].scene
        if previous is not None and previous.block == block and _opens_on(text, segments, indexes, previous):
            previous.indexes += indexes
            previous.speech += speech
            continue
        previous = _Turn(list(indexes), speech, block)
        turns.append(previous)
    return turns


def _opens_on(text: str, segments: list[Segment], indexes: list[int], previous: _Turn) -> bool:
    """Whether this paragraph opens with a quote that carries on the previous paragraph's: that one
    ended inside an unclosed quotation (a speech of several paragraphs closes only at its end)."""
    first = next(i for i in indexes if text[segments[i].start : segments[i].end].strip())
    if not segments[first].is_speech:
        return False
    last = previous.indexes[-1]
    if segments[last].paragraph + 1 != segments[first].paragraph:
        return False
    tail = next(
        (i for i in reversed(previous.indexes) if text[segments[i].start : segments[i].end].strip()), last
    )
    if not segments[tail].is_speech:
        return False
    quote = text[segments[tail].start : segments[tail].end].rstrip()
    return bool(quote) and quote[-1] not in _CLOSING + "-—–"


def _words(text: str, seg: Segment) -> list[str]:
    return text[seg.start : seg.end].split()


def _tag(ctx: _Context, segments: list[Segment], i: int) -> Tag | None:
    """The speech tag right after or right before quote i, in its paragraph."""
    seg = segments[i]
    after = segments[i + 1] if i + 1 < len(segments) else None
    j = i - 1
    before = segments[j] if j >= 0 else None
    if after is not None and after.paragraph == seg.paragraph and after.kind == "narration":
        tag = tag_after(ctx.text, after.start, after.end)
        if tag is not None:
            return tag
    if before is not None and before.paragraph == seg.paragraph and before.kind == "narration":
        lead = ctx.text[before.start : before.end].rstrip()
        if lead.endswith(_INTRODUCING):
            tag = _lead_tag(ctx, before.start, before.start + len(lead))
        else:
            tag = tag_before(ctx.text, before.start, before.end)
        if tag is not None or lead.strip():
            return tag
        j = i - 2
        before = segments[j] if j >= 0 else None
    # A narration paragraph above leads into the speech: one ending in a colon, comma or dash
    # (`Emma continued:`), or whose last sentence ends on a tag (`Mrs Musgrove interposed.`, but
    # `Naruto grinned.` is an action beat, weighed after turn-taking).
    if before is not None and before.kind == "narration" and before.paragraph == seg.paragraph - 1:
        lead = ctx.text[before.start : before.end].rstrip()
        stop = before.start + len(lead)
        if lead.endswith(_INTRODUCING):
            return _lead_tag(ctx, before.start, stop)
        speech_above = j > 0 and segments[j - 1].paragraph == before.paragraph and segments[j - 1].is_speech
        if lead.endswith(".") and not speech_above:
            tag = tag_before(ctx.text, before.start, stop - 1)
            if tag is not None and stop - (tag.pos + len(tag.who)) <= _LEAD_TAIL and tag.verb not in GESTURES:
                return tag
    return None


def _lead_tag(ctx: _Context, start: int, stop: int) -> Tag | None:
    """The tag in narration text[start:stop] that leads into speech (`Emma continued:`).

    A passive speech verb's agent comes first (`he was thinking of her, when thus addressed by
    Miss Bingley,`), then a tag at the end, then the subject of the last sentence.
    """
    lead = _lead_verb(ctx.text, start, stop)
    if lead is not None:
        sentence, verb = lead
        by = _AGENT.match(ctx.text, verb.end())
        if by is not None:
            agent = ctx.mention_at(by.end())
            return _named_tag(agent, verb) if agent is not None else None
    tag = tag_before(ctx.text, start, stop)
    if tag is None and lead is not None:
        tag = _introducer(ctx, *lead)
    return tag


def _lead_verb(text: str, start: int, stop: int) -> tuple[int, regex.Match[str]] | None:
    """The start of the last sentence of text[start:stop] and its last speech verb, if that is
    near the end."""
    ends = list(SENTENCE_END.finditer(text, start, stop))
    sentence = ends[-1].end() if ends else start
    verbs = [m for m in _WORD.finditer(text, sentence, stop) if m.group().lower() in SPEECH_VERBS]
    if not verbs or stop - verbs[-1].end() > _INTRODUCER_REACH:
        return None
    return sentence, verbs[-1]


def _introducer(ctx: _Context, sentence: int, verb: regex.Match[str]) -> Tag | None:
    """The one a sentence leading into speech is about, when its speech verb is far from them:
    `John broke the silence by saying:`, `Mr. Beebe was back, saying rather nervously:`, `when
    Mrs. Hilbery, who had looked at her daughter, remarked:`.
    """
    text = ctx.text
    lo = bisect.bisect_left(ctx.positions, sentence)
    hi = bisect.bisect_left(ctx.positions, verb.start())
    mentions = ctx.mentions[lo:hi]
    for mention in mentions:
        name = ctx.pattern.match(text, mention.pos) if ctx.pattern is not None else None
        if name is not None and _WHO.fullmatch(text, name.end(), verb.start()):
            return _named_tag(mention, verb)
    # The last subject before the verb: a name that starts a clause (`Rodney lit his lamp,
    # offered Denham a chair, and exclaimed:`) or `he` or `she`; else the last name that can be one.
    fit = [m for m in mentions if _may_be_subject(ctx, sentence, m.pos)]
    named = next((m for m in reversed(fit) if m.subject), None)
    pronouns = list(_PRONOUN_SUBJECT.finditer(text, sentence, verb.start()))
    if pronouns and (named is None or pronouns[-1].start() > named.pos):
        return Tag(pronouns[-1].group(), "pronoun", verb.group(), pronouns[-1].start())
    named = named or (fit[-1] if fit else None)
    return _named_tag(named, verb) if named is not None else None


def _may_be_subject(ctx: _Context, start: int, pos: int) -> bool:
    """Whether the name at `pos` can be the subject of a verb after it: not an owner (`Willoughby's
    letter`), not after a preposition (`to Mrs. Sparsit`, `round Helen`) unless an infinitive
    follows (`impossible for Darcy to leave`)."""
    name = ctx.pattern.match(ctx.text, pos) if ctx.pattern is not None else None
    if name is None or _OWNER.match(ctx.text, name.end()):
        return False
    words = _WORD.findall(ctx.text, max(start, pos - 40), pos)
    while words and words[-1].lower() in TITLES:
        words.pop()
    if not words or words[-1].lower() not in PREPOSITIONS:
        return True
    return words[-1].lower() == "for" and _INFINITIVE.match(ctx.text, name.end()) is not None


def _named_tag(mention: Mention, verb: regex.Match[str]) -> Tag:
    return Tag(mention.character.name, "name", verb.group(), mention.pos)


def _resolve_name(ctx: _Context, tag: Tag) -> tuple[Character, str] | None:
    """The character a named tag (`said Elizabeth`, `Mr. Darcy replied`, `Sir Thomas's saying`,
    `Then Cecil said`) refers to, and the rule that found it."""
    words = OWNER_END.sub("", tag.who).split()
    while len(words) > 1 and words[0].lower() in _STOP:
        words = words[1:]
    who = " ".join(words)
    char = ctx.cast.lookup(who) or ctx.cast.lookup(words[0])
    if char is not None and ctx.on("explicit.name"):
        return char, "explicit.name"
    if name_key(who) in TITLES and ctx.on("explicit.title"):
        # A title alone (`said Mademoiselle`): the one character who bears it.
        char = ctx.role(who)
        if char is not None:
            return char, "explicit.title"
    plain = strip_honorific(who)
    if name_key(plain) not in _STOP and ctx.may_be_name(plain) and ctx.on("explicit.new-name"):
        # A name no cast holds: someone the story has not introduced yet.
        return Character(plain), "explicit.new-name"
    return None


def _resolve_anaphor(
    ctx: _Context, tag: Tag, i: int, turns: list[_Turn], k: int
) -> tuple[Character, str] | None:
    """Who `he` or `the girl` in a tag is, and the rule that found it. A descriptor that is a cast
    name, has a family name in it (`the Uchiha`), names a rank (`the major`) or is a family word
    (`her father`) is looked up first (`_descriptor`); then both kinds look around the tag
    (`_around`). Those named in the quotes the tag speaks for, or spoken to, are never the
    speaker; nor is the one telling the story the `he` or `she` of a tag."""
    quotes = _tagged_by(ctx, tag, i)
    named = (ctx.named(ctx.segments[j]) for j in quotes)
    exclude = set().union(*named) | _spoken_to(ctx, tag)
    if tag.kind == "pronoun":
        gender = _PRONOUN_GENDER.get(tag.who.lower())
        if gender is None:
            return None
        # `he said` is someone a name tag shows speaking somewhere, in a text long enough to tell;
        # and not the one telling the story, who is `I`.
        teller = ctx.teller(tag.pos)
        exclude |= ctx.silent | ({teller.name} if teller is not None else set())
    else:
        gender = described_gender(tag.who)
        found = _descriptor(ctx, tag, i, quotes, exclude, gender)
        if found is not None:
            return found
        words = {w.lower() for w in tag.who.split()[1:]}
        if words & _PARTNER_NOUNS and ctx.on("descriptor.partner"):
            # `the other`, `his companion`: the one who did not speak last.
            previous = turns[k - 1].speaker if k > 0 and turns[k - 1].block == turns[k].block else None
            exclude = exclude | ({previous} if previous else set())
        if ctx.on("descriptor.not-neighbour"):
            exclude = exclude | _neighbours(turns, k)
    return _around(ctx, tag, i, turns, k, exclude, gender)


def _descriptor(
    ctx: _Context, tag: Tag, i: int, quotes: list[int], exclude: set[str], gender: str | None
) -> tuple[Character, str] | None:
    """A descriptor looked up by its words: whose voice it is, a family name in it, a title a
    character in the scene holds, a cast entry called so, someone the narration just brought in,
    a role, a stranger, a kinsman."""
    seg = ctx.segments[i]
    words = tag.who.split()[1:]
    voice = _VOICE_OF.match(ctx.text, tag.pos + len(tag.who)) if words[-1:] == ["voice"] else None
    owner = ctx.mention_at(voice.end(), _EPITHET_REACH) if voice is not None else None
    if owner is not None and ctx.on("descriptor.voice-of"):
        # `exclaimed the voice of old Mr. Emerson`: the one whose voice it is.
        return owner.character, "descriptor.voice-of"
    for word in words:
        # `the Nara`, `the Uchiha`: their character, if a name tag shows them speaking (`said the
        # Indian` is not `Indian Ocean`).
        char = ctx.cast.lookup(word) if word[:1].isupper() else None
        if char is not None and char.name not in ctx.silent and ctx.on("descriptor.family-name"):
            return char, "descriptor.family-name"
    # `said the doctor` in a scene where Doctor Losberne is: him, even if the cast also has
    # someone called just `The Doctor`; `said the captain` the one captain in the scene.
    holders = ctx.title_holders(words[-1]) if words else []
    present = [h for h in holders if h.name not in exclude and ctx.in_scene(h, seg.scene, tag.pos)]
    if len(present) == 1 and ctx.on("descriptor.title-in-scene"):
        return present[0], "descriptor.title-in-scene"
    # A cast that names someone by the descriptor itself (`The Officer`, `The Medicine Man`),
    # perhaps with the phrase after it (`the gentleman in the white waistcoat`).
    phrases = {name_key(tag.who)}
    rest = _DESCRIBED_BY.match(ctx.text, tag.pos + len(tag.who))
    if rest is not None:
        after = rest.group().split()
        phrases |= {name_key(" ".join([tag.who, *after[:n]])) for n in range(2, len(after) + 1)}
    owners = [c for c in ctx.cast.characters if any(name_key(n) in phrases for n in c.names)]
    if len(owners) == 1 and owners[0].name not in exclude and ctx.on("descriptor.cast-entry"):
        return owners[0], "descriptor.cast-entry"
    introduced = _introduced(ctx, seg.scene, tag.pos, words)
    if introduced is not None and introduced.name not in exclude and ctx.on("descriptor.introduced"):
        return introduced, "descriptor.introduced"
    # A parent, child, sibling or spouse is someone's, not a role: `her mother` is the mother
    # of whoever `her` is, not the one character called `Lucy's Mother` (but `his uncle` may
    # well be the one called `Uncle John`).
    role = ctx.role(words[-1]) if words and words[-1].lower() not in _KIN_NOUNS else None
    if role is not None and role.name not in exclude and ctx.on("descriptor.role"):
        return role, "descriptor.role"  # `the inspector`: the one character called Inspector
    nouns = {w.lower() for w in words}
    stranger = _described(tag, gender) if words and words[-1].lower() in _UNKNOWN_NOUNS else None
    if stranger is not None and ctx.on("descriptor.stranger"):
        # `said the stranger`: someone the story has not named (a cast naming them so was
        # looked up above), so none of the named characters around.
        return stranger, "descriptor.stranger"
    if nouns & _KIN_NOUNS and ctx.on("descriptor.kin"):
        whose = _kin_owner(ctx, tag, quotes)
        kin = _kin(ctx, whose, nouns & _KIN_NOUNS, gender)
        if kin is not None:
            return kin, "descriptor.kin"
    return None


def _around(
    ctx: _Context, tag: Tag, i: int, turns: list[_Turn], k: int, exclude: set[str], gender: str | None
) -> tuple[Character, str] | None:
    """A `he`, `she` or descriptor tag by what is around it: a fitting character named earlier in
    the same paragraph or the narration leading into it (the one its chain of `he` or `she` is
    about; unless that narration's `she` means someone named before it: then followed further
    back); else the one the line before called by name; else the one the line after calls by name;
    else the one fitting character a name tag shows taking part in the conversation; else the one
    turn-taking expects; else the latest fitting character named in the scene; else, for a
    description, someone of that description (`The old woman`)."""
    kind, seg = tag.kind, ctx.segments[i]
    floor = ctx.lead_in(ctx.paragraph_start[seg.paragraph])
    if kind == "pronoun" and ctx.on("unnamed.pronoun") and _unnamed(ctx, floor, tag.pos, gender):
        return UNNAMED, "unnamed.pronoun"
    if kind == "pronoun" and ctx.on("pronoun.described-subject"):
        # `The surgeon leaned over the body. "The old story," he said`: the one the text calls so.
        known = _described_subject(ctx, floor, tag.pos, gender)
        if known is not None and known.name not in exclude:
            return known, "pronoun.described-subject"
    found = _in_lead_in(ctx, tag, seg, floor, exclude, gender)
    if found is not None:
        return found
    for name in _addressed(ctx, turns, k) if ctx.on(f"{kind}.addressed-before") else ():
        char = ctx.cast.lookup(name)
        if char is not None and char.name not in exclude and (gender is None or char.gender == gender):
            return char, f"{kind}.addressed-before"
    # The one the next line calls by name, answering this one.
    answered = [c for name in _called_next(ctx, turns, k) if (c := ctx.cast.lookup(name)) is not None]
    answered = [c for c in answered if c.name not in exclude and (gender is None or c.gender == gender)]
    if len(answered) == 1 and ctx.on(f"{kind}.addressed-after"):
        return answered[0], f"{kind}.addressed-after"
    one = _the_one_taking_part(ctx, turns, k, exclude, gender)
    if one is not None and ctx.on(f"{kind}.taking-part"):
        return one, f"{kind}.taking-part"
    for name in _expected(turns, k) if ctx.on(f"{kind}.expected") else ():
        char = ctx.cast.lookup(name)
        if char is not None and char.name not in exclude and (gender is None or char.gender == gender):
            return char, f"{kind}.expected"
    return _in_scene(ctx, tag, seg, exclude, gender)


def _in_lead_in(
    ctx: _Context, tag: Tag, seg: Segment, floor: int, exclude: set[str], gender: str | None
) -> tuple[Character, str] | None:
    """A fitting character named in the paragraph or the narration leading into it: for `he` or
    `she`, the one its chain of pronouns is about."""
    here = ctx.recent(tag.pos, seg.scene, exclude, gender, floor=floor, subjects=_SUBJECT_LOOKBACK)
    rule = f"{tag.kind}.recent"
    if here is not None and tag.kind == "pronoun":
        if _chained(ctx, floor, tag.pos, gender) and ctx.on("pronoun.chain"):
            # The narration's `she` means someone named before it: follow the chain back further.
            start = max(ctx.scene_start.get(seg.scene, 0), floor - _CHAIN_REACH)
            here, rule = _focus(ctx, start, tag.pos, gender, exclude), "pronoun.chain"
        elif ctx.on("pronoun.focus") and (focus := _focus(ctx, floor, tag.pos, gender, exclude)):
            here, rule = focus, "pronoun.focus"
    return (here, rule) if here is not None and ctx.on(rule) else None


def _in_scene(
    ctx: _Context, tag: Tag, seg: Segment, exclude: set[str], gender: str | None
) -> tuple[Character, str] | None:
    """The last resort for a tag: for a descriptor, whom the text calls so; else the latest
    fitting character named in the scene; else someone of that description, or, for `he` or
    `she` in a scene naming no one of that gender, the person a description brought in."""
    if tag.kind == "descriptor" and _described(tag, gender) is not None and ctx.on("descriptor.known-as"):
        # `said the undertaker` with no name around taken for him: whom the text calls so.
        known = ctx.known_as(tag.who.split()[-1].lower())
        if known is not None:
            return (known, "descriptor.known-as") if known.name not in exclude else None
    last = ctx.recent(tag.pos, seg.scene, exclude, gender, subjects=_SUBJECT_LOOKBACK)
    if last is not None and ctx.on(f"{tag.kind}.scene-recent"):
        return last, f"{tag.kind}.scene-recent"
    if tag.kind == "descriptor" and ctx.on("descriptor.described"):
        last = _described(tag, gender)
        if last is not None and gender is not None:
            ctx.described.setdefault((seg.scene, gender), last)
        return (last, "descriptor.described") if last is not None else None
    if tag.kind == "pronoun" and gender is not None and ctx.on("pronoun.described-before"):
        # `he asked` with no man named in the scene: the one a description brought in (`the boy`).
        last = ctx.described.get((seg.scene, gender)) or _described_before(ctx, seg.scene, tag.pos, gender)
        if last is not None:
            ctx.described[(seg.scene, gender)] = last
            return last, "pronoun.described-before"
    return None


_UNKNOWN_NOUNS = {"stranger", "newcomer", "intruder"}
"""Descriptions of someone the story has not named."""
_PERSON_NOUNS = MALE_NOUNS | FEMALE_NOUNS | _UNKNOWN_NOUNS | {"traveller", "traveler", "visitor"}
_THE_PERSON = regex.compile(
    rf"\b[Tt]he\s+((?:(?!(?:of|and|or|to|in|at|on|with|for|by)\s)\p{{Ll}}[\p{{Ll}}\-]*\s+){{0,2}}?"
    rf"(?:{'|'.join(sorted(_PERSON_NOUNS))}))\b(?!['’-])"
)
"""A person by description in narration: `the stranger`, `the old woman`."""


def _described_before(ctx: _Context, scene: int, pos: int, gender: str) -> Character | None:
    """Whom `he` or `she` in a tag means in a scene that names no one who could be that (in its
    narration, or called by name in its talk): the person the narration last described so before
    the tag (`The stranger came early in February ... "A fire," he cried`)."""
    if ctx.names_anyone(scene, gender):
        return None
    described = ctx.descriptions(scene)
    for index in range(bisect.bisect_left(described, pos, key=lambda found: found[0]) - 1, -1, -1):
        phrase = described[index][1]
        if described_gender(phrase) in (gender, None):
            return Character(" ".join(["The", *phrase.split()]), (), gender)
    return None


_CHAIN_REACH = 1500
"""How far before a paragraph's lead-in to follow a chain of `he` or `she` back to a name."""


def _focus(ctx: _Context, floor: int, pos: int, gender: str | None, exclude: set[str]) -> Character | None:
    """Who a chain of `he` or `she` in the narration between `floor` and `pos` is about: the
    latest fitting character named as a subject, or, for a `he` with none named so before it, the
    latest fitting one named before it, until a name as subject takes over (`Emma had no chance of
    speaking to Mr. Knightley ... He was warm in his censure of Mr. Elton's conduct` ... `said
    he`: Mr. Knightley, not Mr. Elton); a kinsman as a subject (`her father had arranged himself`)
    counts as named. None without such a chain."""
    pronoun = _GENDER_PRONOUN.get(gender or "")
    if pronoun is None:
        return None
    lo, hi = bisect.bisect_left(ctx.positions, floor), bisect.bisect_left(ctx.positions, pos)
    fitting = (m for m in ctx.mentions[lo:hi] if m.character.gender == gender)
    events: list[tuple[int, Mention | None]]
    events = [(m.pos, m) for m in fitting if m.character.name not in exclude]
    for seg in ctx.segments[bisect.bisect_right(ctx.starts, floor) - 1 :]:
        if seg.start >= pos:
            break
        if seg.kind == "narration":
            for found in pronoun.finditer(ctx.text, max(seg.start, floor), min(seg.end, pos)):
                events.append((found.start(), None))
            # `her father had arranged himself ... he began`: kin as a subject, by the owner's family.
            for found in _KIN_SUBJECT.finditer(ctx.text, max(seg.start, floor), min(seg.end, pos)):
                kin = _kin_subject(ctx, seg, found, gender or "")
                if kin is not None and kin.name not in exclude:
                    events.append((found.start(), Mention(found.start(), kin, True)))
    events.sort(key=lambda event: event[0])
    focus = latest = None
    for _, mention in events:
        if mention is None:
            focus = focus or latest
        elif mention.subject:
            focus = mention.character
        else:
            latest = mention.character
    return focus


_KIN_SUBJECT = regex.compile(rf"\b(?P<owner>[Hh]is|[Hh]er)\s+(?P<kin>{'|'.join(sorted(_KIN_NOUNS))})\b")
"""A family word after `his` or `her` in narration: `her father`."""


def _kin_subject(ctx: _Context, seg: Segment, found: regex.Match[str], gender: str) -> Character | None:
    """Who `her father` as the subject of a clause of narration is, if a kinsman of that gender: the
    one of the family of the latest character named whom `her` or `his` fits."""
    if described_gender(found.group("kin")) != gender or not _is_subject(ctx.text, seg, *found.span()):
        return None
    owner_gender = "male" if found.group("owner").lower() == "his" else "female"
    owner = ctx.recent(found.start(), seg.scene, set(), owner_gender)
    return _kin(ctx, owner, {found.group("kin")}, gender)


def _described(tag: Tag, gender: str | None) -> Character | None:
    """Someone no name in the scene fits, by the words that describe them (`said the old woman`:
    `The old woman`), so that their lines keep one voice; not `the latter` or `the most`."""
    words = tag.who.split()
    if words[0].lower() != "the" or len(words) < 2 or words[-1].lower() in _NOT_DESCRIBING:
        return None
    return Character(" ".join(["The", *words[1:]]), (), gender)


_PLAIN_NOUNS = {"man", "woman", "fellow", "person"}
"""Words for anyone, which a writer uses for someone they have just brought in unnamed."""
_A_PERSON = regex.compile(
    r"\b(?:[Aa]n?|[Aa]nother)\s+((?:(?!(?:of|and|or|to|in|at|on|with|for|by)\s)\p{Ll}[\p{Ll}\-]*\s+){0,2}?"
    r"(?:\p{Ll}[\p{Ll}\-]*)?(?:man|woman|fellow|person))\b(?!['’-])"
)
"""Someone brought in by a description: `a stout man`, `A watchman`, `an old woman`."""
_INTRODUCTION_REACH = 1500
"""How far back in a scene's narration `the man` may point to someone brought in so."""


def _introduced(ctx: _Context, scene: int, pos: int, words: list[str]) -> Character | None:
    """`said the man` just after the narration brought someone in unnamed (`they encountered a
    stout man with a bunch of keys`): that person, not a named man nearby: the cast's entry
    called so (`The Stout Man`), else `The man`. Only for a word for anyone (`the man`), whose head the
    description shares (`a watchman` ... `the man`), and a description that says more than it."""
    if len(words) != 1 or words[0].lower() not in _PLAIN_NOUNS:
        return None
    noun = words[0].lower()
    start = max(ctx.scene_start.get(scene, 0), pos - _INTRODUCTION_REACH)
    found = None
    for match in _A_PERSON.finditer(ctx.text, start, pos):
        seg = ctx.segments[bisect.bisect_right(ctx.starts, match.start()) - 1]
        head = match.group(1).split()[-1]
        # The same head (`a watchman`, not `a stout woman`, for `the man`); `a man` alone says too
        # little to be told from a man the story names next.
        same = head.endswith(noun) and _noun_gender(head) == _noun_gender(noun)
        if seg.kind == "narration" and same and match.group(1) != noun:
            found = match
    if found is None:
        return None
    owner = ctx.cast.called("The " + " ".join(found.group(1).split()))
    if owner is not None:
        return owner
    # Called as the tag calls them, as any unnamed speaker is (`said the man`: `The man`).
    return Character(f"The {noun}", (), described_gender(noun))


def _newcomer(ctx: _Context, tag: Tag) -> Character:
    """`said a young wife`, `cried another female`: someone brought in without a name, so none of
    the characters around; the cast's entry of that description if it has one, else a character
    called by it, with the gender its words tell."""
    name = tag.who[:1].upper() + tag.who[1:]
    return ctx.cast.called(tag.who) or Character(name, (), described_gender(tag.who))


def _same_speaker(ctx: _Context, turn: _Turn, i: int, tag: Tag) -> tuple[Character, str] | None:
    """`he` or `she` tagging a later quote of a paragraph whose earlier quote has a speaker of that
    gender: the same one (`and cried: "Down with the English!" ... "and then," he concluded`)."""
    if tag.kind != "pronoun" or not ctx.on("pronoun.same-paragraph"):
        return None
    earlier = [turn.decided[j][0] for j in turn.speech if j < i and j in turn.decided]
    same = ctx.cast.lookup(earlier[-1]) if earlier and earlier[-1] else None
    if same is not None and same.gender == _PRONOUN_GENDER.get(tag.who.lower()):
        return same, "pronoun.same-paragraph"
    return None


def _chained(ctx: _Context, floor: int, pos: int, gender: str | None) -> bool:
    """Whether `he` or `she` in the narration between `floor` and `pos` means someone named before
    it: the narration says `she` before it names anyone of that gender, and names them only as
    objects (`She was conscious of Mary's body beside her ... she said`)."""
    pronoun = _GENDER_PRONOUN.get(gender or "")
    found = pronoun.search(ctx.text, floor, pos) if pronoun is not None else None
    if found is None:
        return False
    lo, hi = bisect.bisect_left(ctx.positions, floor), bisect.bisect_left(ctx.positions, pos)
    fitting = [m for m in ctx.mentions[lo:hi] if m.character.gender == gender]
    return bool(fitting) and found.start() < fitting[0].pos and not any(m.subject for m in fitting)


def _tagged_by(ctx: _Context, tag: Tag, i: int) -> list[int]:
    """The quotes a tag next to quote i speaks for: that one, and the one on the tag's other side
    in the same paragraph (`"Come, Darcy," said he, "I must have you dance."`)."""
    segments = ctx.segments
    quotes = [i]
    for narration, other in ((i - 1, i - 2), (i + 1, i + 2)):
        if other < 0 or other >= len(segments) or not segments[other].is_speech:
            continue
        if (
            segments[other].paragraph == segments[i].paragraph
            and segments[narration].start <= tag.pos < segments[narration].end
        ):
            quotes.append(other)
    return quotes


def _unnamed(ctx: _Context, floor: int, pos: int, gender: str | None) -> bool:
    """Whether the narration between `floor` and `pos` (at most the last 2,000 characters) last
    brought in someone unnamed (`the door opened and another jonin entered`), with no character of
    that gender named as a subject since."""
    last = None
    floor = max(floor, pos - 2000)
    for seg in ctx.segments[bisect.bisect_right(ctx.starts, floor) - 1 :]:
        if seg.start >= pos:
            break
        if seg.kind != "narration":
            continue
        for match in _UNNAMED_PERSON.finditer(ctx.text, max(seg.start, floor), min(seg.end, pos)):
            noun = match.group("noun")
            fits = FEMALE_NOUNS if gender == "female" else MALE_NOUNS
            acts = _is_subject(ctx.text, seg, match.start(), match.end()) and not _NOT_A_VERB.match(
                ctx.text, match.end()
            )
            if (noun in fits or noun in _ROLE_NOUNS) and acts:
                last = match.start()
    if last is None:
        return False
    lo, hi = bisect.bisect_left(ctx.positions, last), bisect.bisect_left(ctx.positions, pos)
    return not any(m.subject and m.character.gender in (gender, None) for m in ctx.mentions[lo:hi])


def _noun_gender(noun: str) -> str | None:
    """The gender a noun for a person says, also in a compound (`parlourmaid`, `chairman`)."""
    if (gender := described_gender(noun)) is not None:
        return gender
    female = any(noun.endswith(n) and len(noun) - len(n) >= 3 for n in FEMALE_NOUNS if len(n) > 2)
    male = any(noun.endswith(n) and len(noun) - len(n) >= 3 for n in MALE_NOUNS if len(n) > 2)
    male = male and not noun.endswith("woman")
    return "female" if female and not male else "male" if male and not female else None


_THE_NOUN = regex.compile(rf"\b[Tt]he\s+{_FEW_WORDS}(?P<noun>\p{{Ll}}[\p{{Ll}}\-]*)\b(?!['’])")
"""`the surgeon`, `the old surgeon` in narration."""


def _described_subject(ctx: _Context, floor: int, pos: int, gender: str | None) -> Character | None:
    """Whom a `he` or `she` means when the narration between `floor` and `pos` (at most the last
    2,000 characters) last had as a subject someone known by a description a tag uses (`The surgeon
    leaned over the body`: `The surgeon`, or the one the text names so), with no character of
    that gender named as a subject since."""
    last = None
    floor = max(floor, pos - 2000)
    for seg in ctx.segments[bisect.bisect_right(ctx.starts, floor) - 1 :]:
        if seg.start >= pos:
            break
        if seg.kind != "narration":
            continue
        for match in _THE_NOUN.finditer(ctx.text, max(seg.start, floor), min(seg.end, pos)):
            noun = match.group("noun")
            known = ctx.known_as(noun) if noun in ctx.called_so else None
            if known is None or known.gender not in (None, gender):
                continue
            if _is_subject(ctx.text, seg, *match.span()) and not _NOT_A_VERB.match(ctx.text, match.end()):
                last = (match.start(), known)
    if last is None:
        return None
    lo, hi = bisect.bisect_left(ctx.positions, last[0]), bisect.bisect_left(ctx.positions, pos)
    if any(m.subject and m.character.gender in (gender, None) for m in ctx.mentions[lo:hi]):
        return None
    return last[1]


@functools.lru_cache(maxsize=1024)
def _spoken_to_pattern(verb: str) -> regex.Pattern[str]:
    """The verb of a tag, then the `to` before whom it is said (`said to`, `asked`)."""
    return regex.compile(rf"\s+(?:\p{{Ll}}+ly\s+)?{regex.escape(verb)}\s+(?:\p{{Ll}}+ly\s+)?(?:to\s+)?")


def _spoken_to(ctx: _Context, tag: Tag) -> set[str]:
    """Who the tag says is spoken to (`she said to Elizabeth`, `he asked Robert`): not the speaker."""
    if not tag.verb:
        return set()
    start = tag.pos + len(tag.who)
    window = ctx.text[start : start + 60]
    found = _spoken_to_pattern(tag.verb).match(window)
    if found is None:
        return set()
    addressee = ctx.mention_at(start + found.end())
    return {addressee.character.name} if addressee is not None else set()


def _the_one_taking_part(
    ctx: _Context, turns: list[_Turn], k: int, exclude: set[str], gender: str | None
) -> Character | None:
    """The one character of that gender named by a tag anywhere in turn k's conversation."""
    fitting = {
        c.name
        for name in ctx.named_speakers.get(turns[k].block, ())
        for c in [ctx.cast.lookup(name)]
        if c is not None and c.name not in exclude and (gender is None or c.gender == gender)
    }
    return ctx.cast.lookup(fitting.pop()) if len(fitting) == 1 else None


def _neighbours(turns: list[_Turn], k: int) -> set[str]:
    """Speakers named by tags in the turns right before and after turn k, in its conversation: the
    next line in a conversation is someone else's."""
    return {
        t.speaker
        for j in (k - 1, k + 1)
        if 0 <= j < len(turns)
        and (t := turns[j]).block == turns[k].block
        and t.rule == "explicit"
        and t.speaker
    }


_MAIDEN = {"miss", "mademoiselle", "mlle"}
"""Titles of an unmarried woman, who is nobody's mother or wife."""


def _kin_owner(ctx: _Context, tag: Tag, quotes: list[int]) -> Character | None:
    """Whom `her` or `his` in `said her father` points to: the one of that gender the quotes the
    tag speaks for call by name, else the latest of that gender named before the tag."""
    owner_gender = {"his": "male", "her": "female"}.get(tag.who.split()[0].lower())
    if owner_gender is None:
        return None
    called = {c.name: c for j in quotes for n in ctx.vocatives(ctx.segments[j]) if (c := ctx.cast.lookup(n))}
    owners = [c for c in called.values() if c.gender == owner_gender]
    if len(owners) == 1:
        return owners[0]
    return ctx.recent(tag.pos, ctx.segments[quotes[0]].scene, set(), owner_gender)


def _kin(ctx: _Context, owner: Character | None, kin: set[str], gender: str | None) -> Character | None:
    """`said her father`, `cried his wife`: the one other character of that gender who shares a
    family name with the owner. A parent or spouse goes by title and family name (`Mrs. Bennet`,
    never `Miss Bennet`), so that one is taken when the family has someone else of the owner's
    gender."""
    if not kin or owner is None or gender is None:
        return None
    family = _family(owner)
    if not family:
        return None
    related = [c for c in ctx.cast.characters if _family(c) & family]
    if kin & _ELDER_KIN:
        titled = [c for c in related if c.gender == gender and any(_titled(n, family) for n in c.names)]
        if len(titled) == 1 and any(c is not titled[0] and c.gender == owner.gender for c in related):
            return titled[0]
    kinsfolk = [c for c in related if c is not owner and c.gender == gender]
    return kinsfolk[0] if len(kinsfolk) == 1 else None


def _titled(name: str, family: set[str]) -> bool:
    """`Mrs. Bennet` for the Bennets: a title a parent or spouse may go by (not `Miss`)."""
    words = name_key(name).split()
    return len(words) == 2 and words[0] in TITLES and words[0] not in _MAIDEN and words[1] in family


def _family(char: Character) -> set[str]:
    """The family names of a character: the last word of each of its names of two or more words
    (`Bennet` of `Mr. Bennet` and of `Elizabeth Bennet`)."""
    return {words[-1] for name in char.names if len(words := name_key(name).split()) > 1}


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


def _beat(ctx: _Context, segments: list[Segment], indexes: list[int]) -> tuple[str, str] | None:
    """An action beat: the first character named as a subject in the paragraph's narration
    (`Sasuke looked at the three before shrugging.`), else the last one named as a subject in the
    narration paragraph leading into it."""
    own = _own_beat(ctx, segments, indexes)
    if own is not None and ctx.on("beat.own"):
        return own, "beat.own"
    lo = bisect.bisect_left(ctx.positions, segments[indexes[0]].start)
    start = bisect.bisect_left(ctx.positions, ctx.lead_in(indexes[0]))
    for mention in reversed(ctx.mentions[start:lo]):
        if mention.subject and ctx.on("beat.lead-in"):
            return mention.character.name, "beat.lead-in"
    return None


def _described_beat(ctx: _Context, turns: list[_Turn], k: int) -> str | None:
    """Someone known by a description who has spoken in the conversation (`said the doctor`) and
    on whom a sentence of the narration leading into turn k, or of its own, opens (`The doctor
    bent down.`): an action beat, as `Sasuke looked up.` is for a named character."""
    described = {
        turn.speaker.lower(): turn.speaker
        for turn in turns[max(0, k - 20) : k]
        if turn.block == turns[k].block
        and turn.rule in ("descriptor", "indefinite")
        and turn.speaker
        and turn.speaker.startswith("The ")
        and ctx.cast.lookup(turn.speaker) is None
    }
    if not described:
        return None
    indexes = turns[k].indexes
    start = ctx.lead_in(indexes[0])
    end = ctx.segments[indexes[-1]].end
    for found in _SENTENCE_OPENING.finditer(ctx.text, start, end):
        if ctx.segments[bisect.bisect_right(ctx.starts, found.start()) - 1].kind != "narration":
            continue
        for phrase, speaker in described.items():
            if ctx.text[found.start() : found.start() + len(phrase)].lower() == phrase:
                return speaker
    return None


_SENTENCE_OPENING = regex.compile(r"(?:^|(?<=[.!?]['\"”’]?\s+))[Tt]he\s", regex.MULTILINE)
"""`The` opening a sentence or a line of narration."""


def _own_beat(ctx: _Context, segments: list[Segment], indexes: list[int]) -> str | None:
    """The first character named as a subject in the paragraph's own narration, but not one no
    name tag shows speaking anywhere (a place taken for a name: `India lay asleep.`)."""
    lo = bisect.bisect_left(ctx.positions, segments[indexes[0]].start)
    hi = bisect.bisect_left(ctx.positions, segments[indexes[-1]].end)
    for mention in ctx.mentions[lo:hi]:
        if mention.subject and mention.character.name not in ctx.silent:
            return mention.character.name
    return None


def _pronoun_beat(ctx: _Context, segments: list[Segment], turns: list[_Turn], k: int) -> Character | None:
    """Who the `he` or `she` opening narration in turn k's own paragraph is, resolved as in a tag
    (`"Take this." He handed him the ointment.`); not one later in it (`The man paused as he
    walked`: the listener)."""
    for i in turns[k].indexes:
        seg = segments[i]
        if seg.kind != "narration":
            continue
        opening = _SPACE.match(ctx.text, seg.start, seg.end)
        found = _PRONOUN_SUBJECT.match(ctx.text, opening.end() if opening else seg.start, seg.end)
        if found is not None:
            tag = Tag(found.group(), "pronoun", "", found.start())
            resolved = _resolve_anaphor(ctx, tag, turns[k].speech[0], turns, k)
            char = resolved[0] if resolved is not None else None
            return char if char is not None and char is not UNNAMED and char.name else None
    return None


def _polite_gender(ctx: _Context, turns: list[_Turn], k: int) -> str | None:
    """The gender of turn k's speaker by the line before it (else the line after, answering it),
    with no narration paragraph between: whom a line calls `sir` is a man."""
    for j in (k - 1, k + 1):
        if 0 <= j < len(turns) and turns[j].block == turns[k].block:
            found = ctx.addressed_gender(turns[j])
            if found and not _narration_between(ctx.segments, turns, j, k):
                return found
    return None


def _called_next(ctx: _Context, turns: list[_Turn], k: int) -> set[str]:
    """Whom the turn right after turn k calls by name, with no narration paragraph between: the
    one it answers, likely the speaker of turn k."""
    if k + 1 >= len(turns) or turns[k + 1].block != turns[k].block:
        return set()
    if _narration_between(ctx.segments, turns, k, k + 1):
        return set()
    return set(ctx.called(turns[k + 1])) - {turns[k + 1].speaker}


def _addressed(ctx: _Context, turns: list[_Turn], k: int) -> list[str]:
    """The one person the turn just before turn k called by name (`"Sasuke, ..."`): who answers."""
    if k == 0 or turns[k - 1].block != turns[k].block:
        return []
    names = ctx.called(turns[k - 1]) - {turns[k - 1].speaker}
    return list(names) if len(names) == 1 else []


def _alternation(ctx: _Context, turns: list[_Turn], k: int) -> tuple[str, str] | None:
    """The speaker of the turn two before turn k (else two after), when the turn between has
    another speaker, neither was a guess from the nearest name and no narration paragraph stands
    between: an exchange alternates. Nobody named in the line is its speaker."""
    said = set().union(*(ctx.named(ctx.segments[i]) for i in turns[k].speech))
    for far, near, rule in ((k - 2, k - 1, "alternation.before"), (k + 2, k + 1, "alternation.after")):
        if far < 0 or far >= len(turns) or not ctx.on(rule):
            continue
        speaker, between = turns[far], turns[near]
        if any(t.block != turns[k].block or t.rule == "nearest" for t in (speaker, between)):
            continue
        if _narration_between(ctx.segments, turns, far, k):
            continue
        if speaker.speaker and between.speaker and speaker.speaker not in (between.speaker, *said):
            return speaker.speaker, rule
    return None


def _narration_between(segments: list[Segment], turns: list[_Turn], j: int, k: int) -> bool:
    """Whether a paragraph of narration stands anywhere between turns j and k."""
    for m in range(min(j, k), max(j, k)):
        first = turns[m + 1].indexes[0]
        if segments[first - 1].paragraph != segments[turns[m].indexes[-1]].paragraph:
            return True
    return False


def _expected(turns: list[_Turn], k: int) -> list[str]:
    """Speakers turn-taking expects for turn k: those of the turns two before and two after it in
    the same conversation (a two-person exchange alternates)."""
    near = [turns[j] for j in (k - 2, k + 2) if 0 <= j < len(turns) and turns[j].block == turns[k].block]
    return [t.speaker for t in near if t.speaker]


def _answer(
    ctx: _Context, segments: list[Segment], turns: list[_Turn], anchored: list[str | None], k: int
) -> tuple[str | None, str]:
    """An untagged turn: a character acting in the paragraph's own narration; else the speaker of
    the nearest decided turn an even number of turns away in the same conversation (name tags
    before pronoun tags, turns before it before turns after it), as long as the
    turns between alternate and no narration paragraph stands between, unless the turn before
    called by name someone else a name tag shows taking part; else a `he` or `she` opening the
    paragraph's narration; else an action beat in the narration just above; else the one the turn
    before addressed by name; else the one the turn after calls by name; else, after a known
    speaker, the one other person taking part in the conversation; else the turn-taking counted
    across narration; else the nearest mentioned character who did not speak the turn before."""
    block = turns[k].block
    previous = anchored[k - 1] if k > 0 and turns[k - 1].block == block else None
    nxt = anchored[k + 1] if k + 1 < len(turns) and turns[k + 1].block == block else None
    said = set().union(*(ctx.named(segments[i]) for i in turns[k].speech))
    # A character acting in the paragraph's own narration (`And Poirot looked crestfallen.`).
    own = _own_beat(ctx, segments, turns[k].indexes)
    if own is not None and own not in said and own not in (previous, nxt) and ctx.on("beat.own-first"):
        return own, "beat.own-first"
    # `I shrugged. "Whatever."`: in a story told in the first person, the one telling it.
    teller = (
        (ctx.teller(segments[turns[k].speech[0]].start) or FIRST_PERSON) if ctx.in_first_person() else None
    )
    if teller is not None and teller.name not in said and ctx.on("beat.first-person"):
        if _i_acts(ctx, turns[k]):
            return teller.name, "beat.first-person"
    near = [j for d in range(2, 21, 2) for j in (k - d, k + d) if 0 <= j < len(turns)]
    # Name tags before pronoun tags, and a tag before the line surer than one after it: a writer
    # tags who opens an exchange, and a new speaker tends to join it later (PDNC spans: 87% of
    # lines right when counted from a name tag two lines before, 72% from one two lines after).
    order = [
        j
        for rule in ("explicit", "pronoun")
        for side in (-1, 1)
        for j in near
        if turns[j].rule == rule and (j - k) * side > 0
    ]
    # The one the line before called by name (else the one the line after calls), when a name tag
    # shows them taking part in the conversation, speaks rather than the one turn-taking expects:
    # a third person.
    answering = None
    talking = ctx.named_speakers.get(block, set())
    if k > 0 and turns[k - 1].block == block:
        called = set(ctx.called(turns[k - 1])) - {previous, turns[k - 1].speaker} - said
        if len(called) == 1 and called <= talking:
            answering = called.pop()
    if answering is None:
        called = _called_next(ctx, turns, k) - {previous, nxt} - said
        if len(called) == 1 and called <= talking:
            answering = called.pop()
    polite = _polite_gender(ctx, turns, k)
    across = None
    for j in order:
        name = anchored[j]
        if turns[j].block != block or not name or name in said:
            continue
        if (
            polite is not None
            and (char := ctx.cast.lookup(name)) is not None
            and char.gender not in (None, polite)
        ):
            continue
        lo, hi = min(j, k), max(j, k)
        odd = [anchored[m] for m in range(lo + 1, hi) if (m - k) % 2 and anchored[m]]
        even = [anchored[m] for m in range(lo + 1, hi) if (m - k) % 2 == 0 and anchored[m]]
        if name in odd or any(e != name for e in even) or len(set(odd)) > 1:
            continue
        if name not in (previous, nxt):
            if answering is not None and answering != name and ctx.on("addressee.third-person"):
                return answering, "addressee.third-person"
            if not _narration_between(segments, turns, j, k) and ctx.on(f"turn-taking.{turns[j].rule}"):
                return name, f"turn-taking.{turns[j].rule}"
            across = across or name
    # `"Take this." He handed him the ointment.`: a `he` or `she` acting in the paragraph's own
    # narration is the speaker, when it means someone taking part in the talk.
    return _answer_otherwise(ctx, turns, k, said, (previous, nxt), across)


def _answer_otherwise(
    ctx: _Context,
    turns: list[_Turn],
    k: int,
    said: set[str],
    neighbours: tuple[str | None, str | None],
    across: str | None,
) -> tuple[str | None, str]:
    """An untagged turn that turn-taking with no narration between did not decide: an action beat,
    the one addressed, the one other person in the exchange, turn-taking across narration, and
    last the nearest name."""
    segments, block = ctx.segments, turns[k].block
    acting = _pronoun_beat(ctx, segments, turns, k) if ctx.on("beat.pronoun") else None
    if acting is not None and acting.name not in said and acting.name in ctx.taking_part.get(block, set()):
        return acting.name, "beat.pronoun"
    described = _described_beat(ctx, turns, k) if ctx.on("beat.described") else None
    if described is not None and described not in said:
        return described, "beat.described"
    found = _beat(ctx, segments, turns[k].indexes)
    if found is not None and found[0] not in said:
        return found
    if k > 0 and turns[k - 1].block == block and ctx.on("addressee.before"):
        addressed = set(ctx.called(turns[k - 1]))
        addressed -= {neighbours[0]} | said
        if len(addressed) == 1:
            return addressed.pop(), "addressee.before"
    # The one the next line calls by name, answering this one (`"What a day."` / `"It is, Jane."`).
    answered = _called_next(ctx, turns, k) - said
    if len(answered) == 1 and ctx.on("addressee.after"):
        return answered.pop(), "addressee.after"
    # The one other person taking part in the conversation.
    others = set(ctx.taking_part.get(block, ()))
    before = turns[k - 1].speaker if k > 0 and turns[k - 1].block == block else None
    others -= said | {*neighbours, before}
    if len(others) == 1 and before and ctx.on("exchange.one-other"):
        return others.pop(), "exchange.one-other"
    if across is not None and ctx.on("turn-taking.across-narration"):
        # Counted across narration, which may hold a turn of its own (`Emma was obliged to ask
        # what they had told her.`): weaker than the beat, the one addressed, or the exchange.
        return across, "turn-taking.across-narration"
    first = segments[turns[k].speech[0]]
    exclude = said | {n for n in neighbours if n}
    char = ctx.recent(first.start, first.scene, exclude | ctx.silent, None, subjects=_SUBJECT_LOOKBACK)
    if char is not None and ctx.on("nearest.before"):
        return char.name, "nearest.before"
    # Nobody named yet in the scene: the first one named as acting right after the line (a
    # scene opening on speech: `"Wake up!"` above `Mary was shaking her brother.`).
    char = ctx.following(first.end, segments[turns[k].speech[-1]].paragraph, exclude)
    return (char.name, "nearest.after") if char and ctx.on("nearest.after") else (None, "none")
