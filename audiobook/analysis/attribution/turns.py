"""Conversations as turns: speech paragraphs in order, and who the turns around one point to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex

from audiobook.analysis.attribution.cast import Character
from audiobook.analysis.attribution.confidence import _REACH_LIMIT
from audiobook.values import Kind, Segment

if TYPE_CHECKING:
    from audiobook.analysis.attribution.context import Context


@dataclass(frozen=True)
class Decision:
    """Who speaks a line, by which rule, and the text that decided it."""

    speaker: str
    """The speaker's name."""
    kind: str
    """The kind of rule (`explicit`, `pronoun`, `descriptor`, ...), which later rules weigh."""
    rule: str
    """The rule's own name (`pronoun.chain`)."""
    evidence: tuple[int, int] | None = None
    """The span of the chapter text that decided it: the tag (`said Elizabeth`)."""


@dataclass
class Turn:
    """One speech paragraph (with the paragraphs its quotation runs on into) of a conversation."""

    indexes: list[int]
    """Every segment of the paragraph(s), in order."""
    speech: list[int]
    """The dialogue and thought segments among them."""
    block: int
    """The conversation it belongs to: a new one starts with a scene or a long stretch of narration."""
    decided: dict[int, Decision] = field(default_factory=dict)
    """The decision on each speech segment decided on its own (by a tag) so far."""
    speaker: str | None = None
    """Who speaks the turn, once known."""
    rule: str = "none"
    """The kind of rule that decided `speaker` (`explicit`, `pronoun`, `turn-taking`, ...), which
    later rules weigh."""
    name: str = "none"
    """The rule that decided `speaker` (`pronoun.chain`)."""
    evidence: tuple[int, int] | None = None
    """The span of text that decided `speaker`, when a tag did."""


def _reaches(turns: list[Turn]) -> list[int | None]:
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


def _settle(turn: Turn, segments: list[Segment]) -> None:
    """The turn's speaker: the first tagged one of its quotes."""
    if turn.speaker is None:
        for i in turn.speech:
            if i in turn.decided:
                decision = turn.decided[i]
                turn.speaker, turn.rule, turn.name = decision.speaker, decision.kind, decision.rule
                turn.evidence = decision.evidence
                return


def departs(ctx: Context, turn: Turn) -> bool:
    """Whether the narration after the turn's last line says someone leaves (`He finished before
    bowing and leaving`, `she left the room`): its speaker is gone, so no later line is theirs by
    turn-taking, and they no longer take part in the conversation."""
    last = ctx.segments[turn.speech[-1]].end
    end = ctx.segments[turn.indexes[-1]].end
    return last < end and _LEAVES.search(ctx.text, last, end) is not None


_LEAVES = regex.compile(
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey|\p{Lu}\p{Ll}+)\s+(?:\p{Ll}+ly\s+)?(?:left|departed|walked\s+out|went\s+out|exited)\b"
    r"|\b(?:before|and|then)\s+(?:\p{Ll}+ing\s+and\s+)?(?:leaving|departing)\b"
)
"""Someone going away: `she left`, `Tom quickly departed`, `before bowing and leaving`; not `his left
fist`."""
_TAKES_PART = ("explicit", "pronoun", "descriptor", "beat")
"""Rules whose speakers count as taking part in a conversation."""


_CLOSING = "\"”'’"


def _turns(text: str, segments: list[Segment]) -> list[Turn]:
    """The speech paragraphs as turns, in order; a paragraph that carries on the previous one's
    unclosed quotation joins its turn. Long narration (over 40 words) ends a conversation."""
    by_paragraph: dict[int, list[int]] = {}
    for i, seg in enumerate(segments):
        by_paragraph.setdefault(seg.paragraph, []).append(i)
    turns: list[Turn] = []
    block, scene, previous = 0, None, None
    for indexes in by_paragraph.values():
        speech = [i for i in indexes if segments[i].is_speech]
        if not speech:
            long = [
                i
                for i in indexes
                if segments[i].kind == Kind.NARRATION and len(_words(text, segments[i])) > 40
            ]
            if long:
                block += 1
            previous = None
            continue
        if segments[speech[0]].scene != scene:
            block, scene = block + 1, segments[speech[0]].scene
        if previous is not None and previous.block == block and _opens_on(text, segments, indexes, previous):
            previous.indexes += indexes
            previous.speech += speech
            continue
        previous = Turn(list(indexes), speech, block)
        turns.append(previous)
    return turns


def _opens_on(text: str, segments: list[Segment], indexes: list[int], previous: Turn) -> bool:
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


def _the_one_taking_part(
    ctx: Context, turns: list[Turn], k: int, exclude: set[str], gender: str | None
) -> Character | None:
    """The one character of that gender named by a tag anywhere in turn k's conversation."""
    fitting = {
        c.name
        for name in ctx.named_speakers.get(turns[k].block, ())
        for c in [ctx.cast.lookup(name)]
        if c is not None and c.name not in exclude and (gender is None or c.gender == gender)
    }
    return ctx.cast.lookup(fitting.pop()) if len(fitting) == 1 else None


def _neighbours(turns: list[Turn], k: int) -> set[str]:
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


def _called_next(ctx: Context, turns: list[Turn], k: int) -> set[str]:
    """Whom the turn right after turn k calls by name, with no narration paragraph between: the
    one it answers, likely the speaker of turn k."""
    if k + 1 >= len(turns) or turns[k + 1].block != turns[k].block:
        return set()
    if _narration_between(ctx.segments, turns, k, k + 1):
        return set()
    return set(ctx.called(turns[k + 1])) - {turns[k + 1].speaker}


def _addressed(ctx: Context, turns: list[Turn], k: int) -> list[str]:
    """The one person the turn just before turn k called by name (`"Sasuke, ..."`): who answers."""
    if k == 0 or turns[k - 1].block != turns[k].block:
        return []
    names = ctx.called(turns[k - 1]) - {turns[k - 1].speaker}
    return list(names) if len(names) == 1 else []


def _narration_between(segments: list[Segment], turns: list[Turn], j: int, k: int) -> bool:
    """Whether a paragraph of narration stands anywhere between turns j and k."""
    for m in range(min(j, k), max(j, k)):
        first = turns[m + 1].indexes[0]
        if segments[first - 1].paragraph != segments[turns[m].indexes[-1]].paragraph:
            return True
    return False


def _expected(turns: list[Turn], k: int) -> list[str]:
    """Speakers turn-taking expects for turn k: those of the turns two before and two after it in
    the same conversation (a two-person exchange alternates)."""
    near = [turns[j] for j in (k - 2, k + 2) if 0 <= j < len(turns) and turns[j].block == turns[k].block]
    return [t.speaker for t in near if t.speaker]
