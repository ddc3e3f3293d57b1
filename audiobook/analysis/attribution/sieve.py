"""The sieve: tags first (names, then pronouns and descriptors), then conversation-level rules.

`attribute()` runs the passes of `PASSES` in order over a chapter's turns; each pass decides some
lines and leaves the rest to the next. What later passes read about the conversation (who a name
tag shows speaking, who takes part, who tells the story) is worked out here from the decisions
made so far, between passes, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from audiobook.analysis.attribution.anaphora import _resolve_anaphor, _same_speaker
from audiobook.analysis.attribution.cast import FIRST_PERSON, Cast, Character
from audiobook.analysis.attribution.confidence import Placement, confidence, reach_band
from audiobook.analysis.attribution.context import Context
from audiobook.analysis.attribution.conversation import _alternation, _answer
from audiobook.analysis.attribution.mentions import _tag
from audiobook.analysis.attribution.names import _resolve_name
from audiobook.analysis.attribution.narrator import _first_person, told_in_first_person
from audiobook.analysis.attribution.people import _newcomer
from audiobook.analysis.attribution.turns import (
    _TAKES_PART,
    Decision,
    Turn,
    _reaches,
    _settle,
    _turns,
    departs,
)
from audiobook.analysis.tags import Tag
from audiobook.values import Kind, Segment


@dataclass
class Reading:
    """A chapter as the passes read it: the context, the turns, and the tag next to each quote."""

    ctx: Context
    turns: list[Turn]
    tags: dict[int, Tag | None]


def name_tags(ch: Reading) -> None:
    """`said Elizabeth`: tags that name someone decide their paragraphs."""
    for turn in ch.turns:
        for i in turn.speech:
            tag = ch.tags[i]
            if tag is None or tag.kind != "name":
                continue
            named = _resolve_name(ch.ctx, tag)
            if named is not None:
                turn.decided[i] = Decision(named[0].name, "explicit", named[1], _span(tag))
        _settle(turn, ch.ctx.segments)


def other_tags(ch: Reading) -> None:
    """`he said`, `said the girl`, `said a stranger`, `I said`: resolved with what the name tags
    decided."""
    ctx = ch.ctx
    for k, turn in enumerate(ch.turns):
        for i in turn.speech:
            tag = ch.tags[i]
            if i in turn.decided or tag is None or tag.kind == "name":
                continue
            found: tuple[Character, str] | None = None
            if tag.kind == "indefinite":
                found = (_newcomer(ctx, tag), "indefinite.newcomer")
            elif tag.who.lower() == "i":
                # The one telling the story, by name when the others' lines give it.
                found = (ctx.teller(tag.pos) or FIRST_PERSON, "first-person.tag")
            else:
                found = _same_speaker(ctx, turn, i, tag) or _resolve_anaphor(ctx, tag, i, ch.turns, k)
            if found is not None and not ctx.on(found[1]):
                found = None
            if found is not None:
                turn.decided[i] = Decision(found[0].name, tag.kind, found[1], _span(tag))
        _settle(turn, ctx.segments)


def untagged(ch: Reading) -> None:
    """Every turn no tag decided: action beats, the one addressed, turn-taking (`_answer`)."""
    # Turn-taking counts from turns decided by a name or a pronoun: descriptors and action beats
    # are too often wrong to count from.
    gone = [departs(ch.ctx, t) for t in ch.turns]
    anchored = [
        t.speaker if t.rule in ("explicit", "pronoun") and not g else None
        for t, g in zip(ch.turns, gone, strict=True)
    ]
    for turn, left in zip(ch.turns, gone, strict=True):
        if turn.rule in _TAKES_PART and turn.speaker and not left:
            ch.ctx.taking_part.setdefault(turn.block, set()).add(turn.speaker)
    for k, turn in enumerate(ch.turns):
        if turn.speaker is None:
            turn.speaker, turn.name = _answer(ch.ctx, ch.ctx.segments, ch.turns, anchored, k)
            turn.rule = turn.name.split(".")[0]
            if turn.rule in _TAKES_PART and turn.speaker:
                ch.ctx.taking_part.setdefault(turn.block, set()).add(turn.speaker)


def alternations(ch: Reading) -> None:
    """A line that only had the nearest name to go by alternates with the two lines before or
    after it, whatever decided those."""
    for k, turn in enumerate(ch.turns):
        if turn.rule in ("nearest", "none"):
            alternate = _alternation(ch.ctx, ch.turns, k)
            if alternate is not None:
                turn.speaker, turn.name = alternate
                turn.rule = "alternation"


def who_speaks(ch: Reading) -> None:
    """Between the name tags and the rest: who a name tag shows speaking in each conversation and
    anywhere, and who tells the story if it is told in the first person."""
    ctx = ch.ctx
    for turn in ch.turns:
        if turn.rule == "explicit" and turn.speaker:
            ctx.named_speakers.setdefault(turn.block, set()).add(turn.speaker)
    # Characters no name tag shows speaking anywhere (someone only talked about, a place taken for
    # a name) are not guessed for `he said` or an untagged line; only in a long text, though, as a
    # short one may tag a speaker nowhere by name.
    spoken = set().union(*ctx.named_speakers.values())
    if sum(turn.rule == "explicit" for turn in ch.turns) >= _SPEAKERS_SHOWN:
        ctx.silent = {c.name for c in ctx.cast.characters} - spoken
    ctx.first_person = told_in_first_person(ctx)
    ctx.narrator = _first_person(ctx, ch.turns, ch.tags)


PASSES: tuple[Callable[[Reading], None], ...] = (name_tags, who_speaks, other_tags, untagged, alternations)
"""The passes, in the order they run."""


def attribute(
    text: str, segments: list[Segment], cast: Cast, without: frozenset[str] = frozenset()
) -> list[Segment]:
    """Segments with `speaker`, `confidence` and `rule` set on every dialogue and thought.

    A chapter is read as conversations: runs of speech paragraphs in one scene. Tags decide their
    paragraphs first (names, then pronouns and descriptors, which may use what the names decided);
    action beats next; then every paragraph left answers by turn-taking from the nearest decided
    turns on either side, in a two-person exchange, or by whom the line before addressed.
    Every line carries the name of the rule that decided it and, as its confidence, how often lines
    so decided and so placed were right (`confidence.Placement`); the rules in `without` (names or
    dotted prefixes) are switched off.
    """
    ctx = Context(text, segments, cast, without)
    turns = _turns(text, segments)
    tags = {i: _tag(ctx, segments, i) for turn in turns for i in turn.speech}
    ctx.called_so.update(
        t.who.split()[-1].lower()
        for t in tags.values()
        if t is not None and t.who.split()[0] in ("the", "The")
    )
    chapter = Reading(ctx, turns, tags)
    for run in PASSES:
        run(chapter)
    return _decided(chapter)


def _decided(ch: Reading) -> list[Segment]:
    """The segments with every line's speaker, rule, placement (`band`) and confidence."""
    turns, segments = ch.turns, ch.ctx.segments
    result = list(segments)
    speakers: dict[int, set[str]] = {}
    for turn in turns:
        speakers.setdefault(turn.block, set()).update(
            s for i in turn.speech if (s := (turn.decided[i].speaker if i in turn.decided else turn.speaker))
        )
    anchored = _anchored(turns)
    for k, (turn, reach) in enumerate(zip(turns, _reaches(turns), strict=True)):
        before, after = (
            turns[j].speaker if 0 <= j < len(turns) and turns[j].block == turn.block else None
            for j in (k - 1, k + 1)
        )
        for i in turn.speech:
            own = turn.decided.get(i)
            speaker, rule = (own.speaker, own.rule) if own is not None else (turn.speaker, turn.name)
            evidence = own.evidence if own is not None else turn.evidence or _evidence(ch, k)
            if own is None and turn.rule in ("explicit", "pronoun", "descriptor"):
                # Another quote of a paragraph a tag decided (`"Come," said he, "sit down."`).
                rule = f"paragraph.{turn.rule}"
            band = Placement(
                reach_band(reach),
                after_same=speaker is not None and speaker == before,
                before_same=speaker is not None and speaker == after,
                against=_against_the_turns(turns, k, speaker),
                narration=any(segments[j].kind == Kind.NARRATION for j in turn.indexes),
                anchored_before=anchored[k][0],
                anchored_after=anchored[k][1],
                speakers=len(speakers.get(turn.block, ())),
                crowd=len(ch.ctx.taking_part.get(turn.block, ())) > 2,
                named=speaker is not None
                and ch.ctx.named_before(speaker, segments[i].start, segments[i].start - _NAME_REACH)
                is not None,
            ).code
            result[i] = segments[i].with_speaker(speaker, confidence(rule, band), rule, band, evidence)
    return result


def _anchored(turns: list[Turn]) -> list[tuple[bool, bool]]:
    """For each turn, whether a turn a name or pronoun tag decided stands before it, and after it,
    in its conversation."""
    tagged = [t.rule in ("explicit", "pronoun") and t.speaker is not None for t in turns]
    before: list[bool] = []
    for k, turn in enumerate(turns):
        went_on = k > 0 and turns[k - 1].block == turn.block
        before.append(went_on and (before[k - 1] or tagged[k - 1]))
    after = [False] * len(turns)
    for k in range(len(turns) - 2, -1, -1):
        if turns[k + 1].block == turns[k].block:
            after[k] = after[k + 1] or tagged[k + 1]
    return list(zip(before, after, strict=True))


def _against_the_turns(turns: list[Turn], k: int, speaker: str | None) -> bool:
    """Whether turn-taking counted from the nearest turn a name or pronoun tag decided, on either
    side, says someone else speaks turn k: a sign that a run of alternating lines went astray."""
    for side in (-1, 1):
        for d in range(2, 2 * _ALTERNATION_REACH + 1, 2):
            j = k + side * d
            if not 0 <= j < len(turns) or turns[j].block != turns[k].block:
                break
            if turns[j].rule in ("explicit", "pronoun") and turns[j].speaker:
                if turns[j].speaker != speaker:
                    return True
                break
    return False


_ALTERNATION_REACH = 4
"""How many pairs of turns away a tagged turn still says who alternates with whom."""


def _span(tag: Tag) -> tuple[int, int]:
    """The words of a tag: who, and the speech verb when the tag knows where it is."""
    return tag.extent or (tag.pos, tag.pos + len(tag.who))


def _evidence(ch: Reading, k: int) -> tuple[int, int] | None:
    """The text a turn-level decision rests on: for turn-taking and alternation, the tag of the
    nearest turn of that speaker it counted from; for the one addressed, the line that calls them;
    for a beat or the nearest name, where the narration names them."""
    turns, turn = ch.turns, ch.turns[k]
    family = turn.rule
    if family in ("turn-taking", "alternation"):
        for d in range(2, 21, 2):
            for j in (k - d, k + d):
                if 0 <= j < len(turns) and turns[j].speaker == turn.speaker and turns[j].evidence:
                    return turns[j].evidence
    if family == "addressee":
        j = k - 1 if turn.name == "addressee.before" else k + 1
        if 0 <= j < len(turns):
            first, last = ch.ctx.segments[turns[j].speech[0]], ch.ctx.segments[turns[j].speech[-1]]
            return first.start, last.end
    if family in ("beat", "nearest", "exchange") and turn.speaker:
        start = ch.ctx.segments[turn.indexes[0]].start
        return ch.ctx.named_before(turn.speaker, ch.ctx.segments[turn.indexes[-1]].end, start - _NAME_REACH)
    return None


_NAME_REACH = 1500
"""How far before a line the name a beat or the nearest name rests on is looked for."""


_SPEAKERS_SHOWN = 100
"""Name-tagged lines a text needs before those it never tags are taken for people who never speak."""
