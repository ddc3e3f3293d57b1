"""Untagged lines: action beats, the one addressed, turn-taking, alternation, the nearest name."""

from __future__ import annotations

import bisect

import regex

from audiobook.analysis.attribution.anaphora import _SUBJECT_LOOKBACK, _resolve_anaphor
from audiobook.analysis.attribution.cast import FIRST_PERSON, Character
from audiobook.analysis.attribution.context import _SPACE, Context
from audiobook.analysis.attribution.mentions import _PRONOUN_SUBJECT
from audiobook.analysis.attribution.narrator import _i_acts
from audiobook.analysis.attribution.turns import Turn, _called_next, _narration_between, departs
from audiobook.analysis.tags import SPEECH_VERBS, Tag
from audiobook.values import Kind, Segment


def _beat(ctx: Context, segments: list[Segment], indexes: list[int]) -> tuple[str, str] | None:
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


def _described_beat(ctx: Context, turns: list[Turn], k: int) -> str | None:
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
        if ctx.segments[bisect.bisect_right(ctx.starts, found.start()) - 1].kind != Kind.NARRATION:
            continue
        for phrase, speaker in described.items():
            if ctx.text[found.start() : found.start() + len(phrase)].lower() == phrase:
                return speaker
    return None


_SENTENCE_OPENING = regex.compile(r"(?:^|(?<=[.!?]['\"”’]?\s+))[Tt]he\s", regex.MULTILINE)
"""`The` opening a sentence or a line of narration."""


def _revealed(ctx: Context, turns: list[Turn], k: int) -> str | None:
    """Whose voice the narration right after turn k's last line says it was (`The voice belonged
    to Kakashi`, `The speaker was Mr. Jones`), up to the next line."""
    start = ctx.segments[turns[k].speech[-1]].end
    end = ctx.segments[turns[k + 1].speech[0]].start if k + 1 < len(turns) else len(ctx.text)
    found = _REVEALED.match(ctx.text, start, min(end, start + _REVEAL_REACH))
    char = ctx.cast.lookup(found.group("name")) if found is not None else None
    return char.name if char is not None else None


_REVEALED = regex.compile(
    r"[^\p{L}]*(?:[Tt]he|[Tt]hat|[Tt]his)\s+(?:\p{Ll}+\s+){0,2}(?:voice|speaker|words?)\s+"
    r"(?:had\s+)?(?:belonged\s+to|was(?:\s+that\s+of)?|came\s+from)\s+"
    r"(?P<name>\p{Lu}[\p{L}'’\-]*(?:\.?\s+\p{Lu}[\p{L}'’\-]*){0,2})"
)
_REVEAL_REACH = 200
"""How far after a line the narration saying whose voice it was may start."""


def _turned_to(ctx: Context, turns: list[Turn], j: int) -> str | None:
    """Whom the narration leading into turn j, or of its own paragraph, has someone turn to, look
    at, speak to or ask (`Naruto turned to Sakura.`): the one the line speaks to, who answers it."""
    start = ctx.lead_in(turns[j].indexes[0])
    end = ctx.segments[turns[j].indexes[-1]].end
    found = None
    for match in _TURNED_TO.finditer(ctx.text, start, end):
        verb = match.group("verb")
        if verb is not None and verb not in SPEECH_VERBS and not _FACING.fullmatch(verb):
            continue
        if ctx.segments[bisect.bisect_right(ctx.starts, match.start()) - 1].kind == Kind.NARRATION:
            found = ctx.cast.lookup(match.group("name"))
    return found.name if found is not None else None


_FACING = regex.compile(r"(?:turn|look|glanc|star|wav|frown|smil|wink)(?:e|es|s|ed|ing)")
"""Turning or looking towards someone: `turned`, `glancing`, `smiles`."""
_TURNED_TO = regex.compile(
    r"\b(?:(?P<verb>\p{Ll}+)\s+(?:back\s+|up\s+|over\s+)?(?:to|at|toward|towards)"
    r"|asked|asks|told|tells|addressed|faced)\s+(?P<name>\p{Lu}[\p{L}'’\-]*)"
)
"""`turned to Sakura`, `smiled at Sakura`, `whispered to Sakura` (a facing or speech verb before
`to` or `at`), `asked Sakura`."""


def _own_beat(ctx: Context, segments: list[Segment], indexes: list[int]) -> str | None:
    """The first character named as a subject in the paragraph's own narration, but not one no
    name tag shows speaking anywhere (a place taken for a name: `India lay asleep.`)."""
    lo = bisect.bisect_left(ctx.positions, segments[indexes[0]].start)
    hi = bisect.bisect_left(ctx.positions, segments[indexes[-1]].end)
    for mention in ctx.mentions[lo:hi]:
        if mention.subject and mention.character.name not in ctx.silent:
            return mention.character.name
    return None


def _pronoun_beat(ctx: Context, segments: list[Segment], turns: list[Turn], k: int) -> Character | None:
    """Who the `he` or `she` opening narration in turn k's own paragraph is, resolved as in a tag
    (`"Take this." He handed him the ointment.`); not one later in it (`The man paused as he
    walked`: the listener)."""
    for i in turns[k].indexes:
        seg = segments[i]
        if seg.kind != Kind.NARRATION:
            continue
        opening = _SPACE.match(ctx.text, seg.start, seg.end)
        found = _PRONOUN_SUBJECT.match(ctx.text, opening.end() if opening else seg.start, seg.end)
        if found is not None:
            tag = Tag(found.group(), "pronoun", "", found.start())
            resolved = _resolve_anaphor(ctx, tag, turns[k].speech[0], turns, k)
            char = resolved[0] if resolved is not None else None
            return char if char is not None and char.name else None
    return None


def _polite_gender(ctx: Context, turns: list[Turn], k: int) -> str | None:
    """The gender of turn k's speaker by the line before it (else the line after, answering it),
    with no narration paragraph between: whom a line calls `sir` is a man."""
    for j in (k - 1, k + 1):
        if 0 <= j < len(turns) and turns[j].block == turns[k].block:
            found = ctx.addressed_gender(turns[j])
            if found and not _narration_between(ctx.segments, turns, j, k):
                return found
    return None


def _alternation(ctx: Context, turns: list[Turn], k: int) -> tuple[str, str] | None:
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
        if _narration_between(ctx.segments, turns, far, k) or (far < k and departs(ctx, speaker)):
            continue
        if speaker.speaker and between.speaker and speaker.speaker not in (between.speaker, *said):
            return speaker.speaker, rule
    return None


def _answer(
    ctx: Context, segments: list[Segment], turns: list[Turn], anchored: list[str | None], k: int
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
    # `"Stop!"` / `The voice belonged to Kakashi.`: the narration right after says whose it was.
    revealed = _revealed(ctx, turns, k) if ctx.on("beat.revealed") else None
    if revealed is not None and revealed not in said:
        return revealed, "beat.revealed"
    # `I shrugged. "Whatever."`: in a story told in the first person, the one telling it.
    teller = (ctx.teller(segments[turns[k].speech[0]].start) or FIRST_PERSON) if ctx.first_person else None
    if teller is not None and teller.name not in said and ctx.on("beat.first-person"):
        if _i_acts(ctx, turns[k]):
            return teller.name, "beat.first-person"
    decided, across = _turn_taking(ctx, turns, anchored, k, said)
    if decided is not None:
        return decided
    return _answer_otherwise(ctx, turns, k, said, (previous, nxt), across)


def _turn_taking(
    ctx: Context, turns: list[Turn], anchored: list[str | None], k: int, said: set[str]
) -> tuple[tuple[str, str] | None, str | None]:
    """The speaker of the nearest anchored turn an even number of turns away (the decision), unless
    a third person is addressed; and the one counted across narration, for later (`across`)."""
    block = turns[k].block
    previous = anchored[k - 1] if k > 0 and turns[k - 1].block == block else None
    nxt = anchored[k + 1] if k + 1 < len(turns) and turns[k + 1].block == block else None
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
    answering = _third_person(ctx, turns, k, (previous, nxt), said)
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
                return (answering, "addressee.third-person"), across
            if not _narration_between(ctx.segments, turns, j, k) and ctx.on(f"turn-taking.{turns[j].rule}"):
                return (name, f"turn-taking.{turns[j].rule}"), across
            across = across or name
    return None, across


def _third_person(
    ctx: Context, turns: list[Turn], k: int, neighbours: tuple[str | None, str | None], said: set[str]
) -> str | None:
    """The one the line before called by name (else the one the line after calls), when a name tag
    shows them taking part in the conversation: they speak rather than the one turn-taking
    expects."""
    block, (previous, nxt) = turns[k].block, neighbours
    talking = ctx.named_speakers.get(block, set())
    if k > 0 and turns[k - 1].block == block:
        called = set(ctx.called(turns[k - 1])) - {previous, turns[k - 1].speaker} - said
        if len(called) == 1 and called <= talking:
            return called.pop()
    called = _called_next(ctx, turns, k) - {previous, nxt} - said
    return called.pop() if len(called) == 1 and called <= talking else None


def _answer_otherwise(
    ctx: Context,
    turns: list[Turn],
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
    turned = _turned_to(ctx, turns, k - 1) if k > 0 and turns[k - 1].block == block else None
    if (
        turned is not None
        and turned not in said | {neighbours[0], turns[k - 1].speaker}
        and ctx.on("addressee.turned-to")
    ):
        return turned, "addressee.turned-to"
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
