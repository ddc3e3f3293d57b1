"""Decide who says each quoted line, by ordered rules that each carry a confidence."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from .characters import Cast, Character, alias_pattern, name_key, strip_honorific
from .segment import Segment
from .tags import Tag, tag_after, tag_before

# Rule name -> confidence of a speaker it decides.
CONFIDENCE = {
    "explicit": 0.95,
    "pronoun": 0.8,
    "descriptor": 0.7,
    "paragraph": 0.85,
    "beat": 0.7,
    "turn-taking": 0.55,
    "nearest": 0.3,
}
_FEMALE_NOUNS = set(
    """girl woman lady kunoichi pinkette blonde redhead red-head brunette mother
sister aunt queen princess wife daughter mistress madam maid heroine granny grandmother
sensei-woman gal lass""".split()
)
_MALE_NOUNS = set(
    """boy man guy gentleman lad father brother uncle king prince husband son
master sir grandfather old-man fellow youth""".split()
)


@dataclass(frozen=True)
class Mention:
    """A name of a character found in narration."""

    pos: int
    """Offset of the name in the chapter text."""
    character: Character
    """Who it names."""


class _Context:
    """What the rules look at: the text, the cast, and the mentions in narration."""

    def __init__(self, text: str, segments: list[Segment], cast: Cast) -> None:
        self.text = text
        self.cast = cast
        self.segments = segments
        pattern = alias_pattern(cast.names_as_written())
        self.mentions: list[Mention] = []
        if pattern is not None:
            for seg in segments:
                if seg.kind != "narration":
                    continue
                for match in pattern.finditer(text, seg.start, seg.end):
                    char = cast.lookup(match.group())
                    if char is not None:
                        self.mentions.append(Mention(match.start(), char))
        self.positions = [m.pos for m in self.mentions]
        self.scene_start: dict[int, int] = {}
        for seg in segments:
            self.scene_start.setdefault(seg.scene, seg.start)

    def recent(self, pos: int, scene: int, exclude: set[str], gender: str | None) -> Character | None:
        """The most recently mentioned character before `pos` in the scene that fits."""
        floor = self.scene_start.get(scene, 0)
        index = bisect.bisect_left(self.positions, pos) - 1
        while index >= 0 and self.mentions[index].pos >= floor:
            char = self.mentions[index].character
            if char.name not in exclude and (gender is None or char.gender == gender):
                return char
            index -= 1
        return None

    def vocatives(self, seg: Segment) -> set[str]:
        """Characters addressed by name in a quote: `"Naruto!"`, `"What's wrong Tsunade?"`."""
        names = set()
        inner = self.text[seg.start : seg.end]
        for match in regex.finditer(
            r"(?:\A[\"'“‘]?|[,!?.]\s+|\b(?:you|hey|oh|good\s+\w+|wrong|sorry|thanks)\s+)"
            r"(\p{Lu}[\p{L}'’\-]+)(?=\s*[,!?.…\-—\"'”’]|$)",
            inner,
        ):
            char = self.cast.lookup(match.group(1))
            if char is not None:
                names.add(char.name)
        return names


def attribute(text: str, segments: list[Segment], cast: Cast) -> list[Segment]:
    """Segments with `speaker`, `confidence` and `rule` set on every dialogue and thought."""
    ctx = _Context(text, segments, cast)
    by_paragraph: dict[int, list[int]] = {}
    for i, seg in enumerate(segments):
        by_paragraph.setdefault(seg.paragraph, []).append(i)
    result = list(segments)
    history: list[tuple[int, str | None]] = []  # (scene, speaker) of each speech paragraph
    for indexes in by_paragraph.values():
        speech = [i for i in indexes if segments[i].is_speech]
        if not speech:
            if any(segments[i].kind == "narration" and len(_words(text, segments[i])) > 40 for i in indexes):
                history.append((segments[indexes[0]].scene, None))
            continue
        decided = _decide_paragraph(ctx, segments, indexes, history)
        for i in speech:
            speaker, rule = decided[i]
            result[i] = segments[i].with_speaker(speaker, CONFIDENCE.get(rule, 0.0), rule)
        main = next((decided[i][0] for i in speech if decided[i][0]), None)
        history.append((segments[speech[0]].scene, main))
    return result


def _words(text: str, seg: Segment) -> list[str]:
    return text[seg.start : seg.end].split()


def _decide_paragraph(
    ctx: _Context,
    segments: list[Segment],
    indexes: list[int],
    history: list[tuple[int, str | None]],
) -> dict[int, tuple[str | None, str]]:
    """Speaker and rule for each speech segment of one paragraph."""
    decided: dict[int, tuple[str | None, str]] = {}
    for i in indexes:
        if segments[i].is_speech:
            found = _tagged(ctx, segments, i)
            if found is not None:
                decided[i] = found
    tagged = [decided[i] for i in indexes if i in decided and decided[i][0]]
    first = segments[indexes[0]]
    fallback: tuple[str | None, str]
    if tagged:
        fallback = (tagged[0][0], "paragraph")
    else:
        fallback = _beat(ctx, segments, indexes) or _turn(ctx, first, history, segments, indexes)
    for i in indexes:
        if segments[i].is_speech and i not in decided:
            decided[i] = fallback
    return decided


def _tagged(ctx: _Context, segments: list[Segment], i: int) -> tuple[str | None, str] | None:
    """A speaker named by a tag right after or right before the quote."""
    seg = segments[i]
    after = segments[i + 1] if i + 1 < len(segments) else None
    before = segments[i - 1] if i > 0 else None
    tag = None
    if after is not None and after.paragraph == seg.paragraph and after.kind == "narration":
        tag = tag_after(ctx.text, after.start, after.end)
    if (
        tag is None
        and before is not None
        and before.paragraph == seg.paragraph
        and before.kind == "narration"
    ):
        tag = tag_before(ctx.text, before.start, before.end)
    if tag is None:
        return None
    exclude = ctx.vocatives(seg)
    char = _resolve(ctx, tag, seg, exclude)
    if char is None:
        return None
    return char.name, "explicit" if tag.kind == "name" else tag.kind


def _resolve(ctx: _Context, tag: Tag, seg: Segment, exclude: set[str]) -> Character | None:
    """The character a tag's subject refers to."""
    if tag.kind == "name":
        char = ctx.cast.lookup(tag.who) or ctx.cast.lookup(tag.who.split()[0])
        if char is None and name_key(strip_honorific(tag.who)) not in _STOP:
            char = Character(strip_honorific(tag.who))
        return char
    if tag.kind == "pronoun":
        gender = {"he": "male", "she": "female"}.get(tag.who.lower())
        if gender is None:
            return None
        return ctx.recent(tag.pos, seg.scene, exclude, gender)
    return _resolve_descriptor(ctx, tag, seg, exclude)


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
}


def _resolve_descriptor(ctx: _Context, tag: Tag, seg: Segment, exclude: set[str]) -> Character | None:
    """`the Uchiha` through a family name; `the girl` like a pronoun of that gender."""
    words = tag.who.split()[1:]
    for word in words:
        if word[:1].isupper():
            char = ctx.cast.lookup(word)
            if char is not None:
                return char
    nouns = {w.lower() for w in words}
    gender = "female" if nouns & _FEMALE_NOUNS else "male" if nouns & _MALE_NOUNS else None
    return ctx.recent(tag.pos, seg.scene, exclude, gender)


def _beat(ctx: _Context, segments: list[Segment], indexes: list[int]) -> tuple[str, str] | None:
    """A paragraph whose narration starts a sentence with one character's name."""
    for i in indexes:
        seg = segments[i]
        if seg.kind != "narration":
            continue
        for match in regex.finditer(
            r"(?:^|[.!?]\s+)(\p{Lu}[\p{L}'’\-]+)\s+\p{Ll}", ctx.text[seg.start : seg.end]
        ):
            char = ctx.cast.lookup(match.group(1))
            if char is not None:
                return char.name, "beat"
    return None


def _turn(
    ctx: _Context,
    first: Segment,
    history: list[tuple[int, str | None]],
    segments: list[Segment],
    indexes: list[int],
) -> tuple[str | None, str]:
    """Untagged lines in a two-person exchange alternate; else the nearest mentioned character."""
    recent = [s for scene, s in history[-2:] if scene == first.scene]
    if len(recent) == 2 and recent[0] and recent[1] and recent[0] != recent[1]:
        return recent[0], "turn-taking"
    last = recent[-1] if recent else None
    speech = next(segments[i] for i in indexes if segments[i].is_speech)
    exclude = ctx.vocatives(speech) | ({last} if last else set())
    char = ctx.recent(speech.start, first.scene, exclude, None)
    return (char.name, "nearest") if char else (None, "none")
