"""Resolving `he said` and `said the girl` to a character: by the words, then by what is around."""

from __future__ import annotations

import bisect

import regex

from audiobook.analysis.attribution.cast import Character, name_key
from audiobook.analysis.attribution.context import Context, Mention, _is_subject
from audiobook.analysis.attribution.lexicon import _KIN_NOUNS, _PARTNER_NOUNS, _PRONOUN_GENDER, _UNKNOWN_NOUNS
from audiobook.analysis.attribution.mentions import _spoken_to, _tagged_by
from audiobook.analysis.attribution.people import (
    _described,
    _described_before,
    _described_lead,
    _described_subject,
    _introduced,
    _kin,
    _kin_owner,
    _unnamed,
)
from audiobook.analysis.attribution.turns import (
    Turn,
    _addressed,
    _called_next,
    _expected,
    _neighbours,
    _the_one_taking_part,
)
from audiobook.analysis.genders import described_gender
from audiobook.analysis.tags import (
    Tag,
)
from audiobook.values import Kind, Segment

_SUBJECT_LOOKBACK = 3
"""How many fitting mentions back a character named as a subject is preferred to a nearer one."""


_VOICE_OF = regex.compile(r"\s+of\s+")


_DESCRIBED_BY = regex.compile(r"\s+(?:in|with|of|at|from)\s+(?:[\p{L}'’\-]+\s+){0,4}[\p{L}'’\-]+")
"""What may follow a descriptor to make it a name: `the man with the black beard`."""


_EPITHET_REACH = 12
"""At most this many characters of epithet between `the voice of` and the name (`old`, `poor`)."""


_GENDER_PRONOUN = {"male": regex.compile(r"\b[Hh]e\b"), "female": regex.compile(r"\b[Ss]he\b")}


def _resolve_anaphor(
    ctx: Context, tag: Tag, i: int, turns: list[Turn], k: int
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
    ctx: Context, tag: Tag, i: int, quotes: list[int], exclude: set[str], gender: str | None
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
    ctx: Context, tag: Tag, i: int, turns: list[Turn], k: int, exclude: set[str], gender: str | None
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
    introduced = _unnamed(ctx, floor, tag.pos, gender) if kind == "pronoun" else None
    if introduced is not None and ctx.on("pronoun.introduced"):
        # `Another jonin entered. "Hokage-sama," he said`: that person, called as brought in.
        return introduced, "pronoun.introduced"
    found = _lead(ctx, tag, seg, turns, k, floor, exclude, gender)
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


def _lead(
    ctx: Context,
    tag: Tag,
    seg: Segment,
    turns: list[Turn],
    k: int,
    floor: int,
    exclude: set[str],
    gender: str | None,
) -> tuple[Character, str] | None:
    """A tag by the narration leading into it (from `floor`): for `he` or `she`, someone the text
    calls by a description it last had as a subject (`The surgeon leaned over the body. "The old
    story," he said`); else a fitting character named there (`_in_lead_in`); else, for `he` or
    `she` after a subject described by a word for any person of that gender (`The child broke off
    a branch. "Isn't that beautiful?" she asked.`), the one of that gender a name tag shows taking
    part in the conversation."""
    pronoun = tag.kind == "pronoun"
    if pronoun and ctx.on("pronoun.described-subject"):
        known = _described_subject(ctx, floor, tag.pos, gender)
        if known is not None and known.name not in exclude:
            return known, "pronoun.described-subject"
    found = _in_lead_in(ctx, tag, seg, floor, exclude, gender)
    if found is not None or not pronoun or not ctx.on("pronoun.described-taking-part"):
        return found
    one = (
        _the_one_taking_part(ctx, turns, k, exclude, gender)
        if _described_lead(ctx, floor, tag.pos, gender)
        else None
    )
    return (one, "pronoun.described-taking-part") if one is not None else None


def _in_lead_in(
    ctx: Context, tag: Tag, seg: Segment, floor: int, exclude: set[str], gender: str | None
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
    ctx: Context, tag: Tag, seg: Segment, exclude: set[str], gender: str | None
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


_CHAIN_REACH = 1500
"""How far before a paragraph's lead-in to follow a chain of `he` or `she` back to a name."""


def _focus(ctx: Context, floor: int, pos: int, gender: str | None, exclude: set[str]) -> Character | None:
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
        if seg.kind == Kind.NARRATION:
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


def _kin_subject(ctx: Context, seg: Segment, found: regex.Match[str], gender: str) -> Character | None:
    """Who `her father` as the subject of a clause of narration is, if a kinsman of that gender: the
    one of the family of the latest character named whom `her` or `his` fits."""
    if described_gender(found.group("kin")) != gender or not _is_subject(ctx.text, seg, *found.span()):
        return None
    owner_gender = "male" if found.group("owner").lower() == "his" else "female"
    owner = ctx.recent(found.start(), seg.scene, set(), owner_gender)
    return _kin(ctx, owner, {found.group("kin")}, gender)


def _same_speaker(ctx: Context, turn: Turn, i: int, tag: Tag) -> tuple[Character, str] | None:
    """`he` or `she` tagging a later quote of a paragraph whose earlier quote has a speaker of that
    gender: the same one (`and cried: "Down with the English!" ... "and then," he concluded`)."""
    if tag.kind != "pronoun" or not ctx.on("pronoun.same-paragraph"):
        return None
    earlier = [turn.decided[j].speaker for j in turn.speech if j < i and j in turn.decided]
    same = ctx.cast.lookup(earlier[-1]) if earlier and earlier[-1] else None
    if same is not None and same.gender == _PRONOUN_GENDER.get(tag.who.lower()):
        return same, "pronoun.same-paragraph"
    return None


def _chained(ctx: Context, floor: int, pos: int, gender: str | None) -> bool:
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
