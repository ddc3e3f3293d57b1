"""What every rule looks at: the text, the cast, the names mentioned in narration, who is called."""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from audiobook.analysis.attribution.cast import Cast, Character, name_key, titled_otherwise
from audiobook.analysis.attribution.lexicon import (
    _ABBREVIATED,
    _FEW_WORDS,
    _GENERIC_NOUNS,
    _NAME_REACH,
    _NOT_KNOWN_AS,
    _PERSON_NOUNS,
    _POLITE,
    BODY_PARTS,
    FEMALE_NOUNS,
    MALE_NOUNS,
    NOT_NAMES,
    TITLES,
)
from audiobook.analysis.genders import CLAUSE_START, described_gender
from audiobook.analysis.names import alias_pattern
from audiobook.analysis.tags import ABBREVIATED_TITLES
from audiobook.read.chapter import pov_name
from audiobook.values import Kind, Segment

if TYPE_CHECKING:
    from audiobook.analysis.attribution.turns import Turn

_VOCATIVE = regex.compile(
    r"(?:\A[\"'“‘]?"
    rf"|(?<!\b(?:{ABBREVIATED_TITLES}|M))[,!?.]\s+"  # `Mr.` ends no sentence
    r"|\b(?:you|hey|oh|good\s+\w+|wrong|sorry|thanks|(?i:my\s+)?dear(?:est)?)\s+)"
    # A name, perhaps after a title (`Well, Miss Morland,`).
    rf"((?:(?i:{'|'.join(TITLES)})\.?\s+)?\p{{Lu}}[\p{{L}}'’\-]+)(?=\s*[,!?.…\-—\"'”’]|$)"
)


_POLITE_CALL = regex.compile(
    r"(?:[,!?.]\s+|\A[\"'“‘]?)(?i:(sir|madam|ma['’]am|my\s+lord|my\s+lady|your\s+lordship|your\s+ladyship))"
    r"(?=\s*[,!?.…\-—\"'”’]|$)"
)


_INTRODUCTION = regex.compile(r"(?i:\b(?:I'm|I’m|I am|name is|name's|call me|it's|it is)\s+)$")


_SPACE = regex.compile(r"\s*")


_VERB_NEXT = regex.compile(
    rf"(?:['’]s\s+(?:{'|'.join(BODY_PARTS)})\b)?"  # `Sakura's eyes widened`: she acts
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


class Context:
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
                if seg.kind != Kind.NARRATION:
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
        self.first_person = False
        """Whether the story is told in the first person (`narrator.told_in_first_person`)."""
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
            if seg.kind == Kind.POV and (name := pov_name(text[seg.start : seg.end])) is not None
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

    def named_before(self, name: str, pos: int, floor: int) -> tuple[int, int] | None:
        """Where the narration last names this character before `pos` (and after `floor`)."""
        index = bisect.bisect_left(self.positions, pos) - 1
        while index >= 0 and self.mentions[index].pos >= floor:
            mention = self.mentions[index]
            if mention.character.name == name and self.pattern is not None:
                found = self.pattern.match(self.text, mention.pos)
                return mention.pos, found.end() if found else mention.pos + len(name)
            index -= 1
        return None

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
                if seg.kind == Kind.NARRATION
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
            if char is not None and not titled_otherwise(
                self.text, max(seg.start, match.start() - 12), match.start(), char
            ):
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

    def addressed_gender(self, turn: Turn) -> str | None:
        """The gender of whom the turn calls `sir` or `ma'am` (`Can he be a sensible man, sir?`)."""
        genders = {
            _POLITE[" ".join(found.group(1).lower().replace("’", "'").split())]
            for i in turn.speech
            for found in _POLITE_CALL.finditer(self.text[self.segments[i].start : self.segments[i].end])
        }
        return genders.pop() if len(genders) == 1 else None

    def called(self, turn: Turn) -> set[str]:
        """Characters addressed by name anywhere in a turn, worked out once per turn."""
        key = turn.speech[0]
        if key not in self._called:
            self._called[key] = set().union(*(self.vocatives(self.segments[i]) for i in turn.speech))
        return self._called[key]


_WORD = regex.compile(r"\p{L}+")


_THE_PERSON = regex.compile(
    rf"\b[Tt]he\s+((?:(?!(?:of|and|or|to|in|at|on|with|for|by)\s)\p{{Ll}}[\p{{Ll}}\-]*\s+){{0,2}}?"
    rf"(?:{'|'.join(sorted(_PERSON_NOUNS))}))\b(?!['’-])"
)
"""A person by description in narration: `the stranger`, `the old woman`."""


def _noun_gender(noun: str) -> str | None:
    """The gender a noun for a person says, also in a compound (`parlourmaid`, `chairman`)."""
    if (gender := described_gender(noun)) is not None:
        return gender
    female = any(noun.endswith(n) and len(noun) - len(n) >= 3 for n in FEMALE_NOUNS if len(n) > 2)
    male = any(noun.endswith(n) and len(noun) - len(n) >= 3 for n in MALE_NOUNS if len(n) > 2)
    male = male and not noun.endswith("woman")
    return "female" if female and not male else "male" if male and not female else None
