"""Give every speaker a voice profile: the narrator's for narration, distinct ones for characters.

A voice, once given, is kept: the config's `[cast]` comes first, then the assignments recorded by
earlier runs (`audiobook.cast.toml` in the output folder), and only speakers new to both are cast
automatically. So a character keeps its voice across chapters and runs, and a new character never
moves anyone else's.
"""

from __future__ import annotations

import difflib
import tomllib
from collections import Counter
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import regex

from audiobook.analysis.analyse import Analysis
from audiobook.analysis.attribution.cast import Cast
from audiobook.casting.voices import VoiceProfile, voice_from_dict
from audiobook.config import Config, Thoughts
from audiobook.errors import ConfigError
from audiobook.values import Kind, Segment

FIRST_PERSON_RULES = ("first-person.", "beat.first-person")
"""Attribution rules that give a line to the one telling the story in the first person."""
NARRATOR = "narrator"
"""The profile (and `[cast]` key) used for narration, titles and unattributed lines."""
RECORD_NAME = "audiobook.cast.toml"
"""The file in the output folder that records which speaker has which voice."""


@dataclass(frozen=True)
class Casting:
    """Which voice profile reads what."""

    narrator: VoiceProfile
    """The voice of narration and of the chapter title."""
    voices: dict[str, VoiceProfile]
    """Speaker name -> voice profile."""
    unknown: VoiceProfile
    """The voice of speech whose speaker nobody could tell."""
    thoughts: Thoughts = Thoughts()
    """How thoughts sound."""
    storyteller: str | None = None
    """The first-person narrator whose own lines the narrator's voice reads, if any."""

    def voice_for(self, seg: Segment) -> VoiceProfile:
        """The profile that reads a segment."""
        if not seg.is_speech:
            return self.narrator
        if seg.speaker == NARRATOR or (seg.speaker is not None and seg.speaker == self.storyteller):
            voice = self.narrator
        else:
            voice = self.unknown if seg.speaker is None else self.voices.get(seg.speaker, self.unknown)
        if seg.kind != Kind.THOUGHT:
            return voice
        if self.thoughts.voice == "narrator":
            voice = self.narrator
        rate = min(450, max(60, round(voice.rate_wpm * self.thoughts.rate)))
        return replace(voice, volume=round(voice.volume * self.thoughts.volume, 3), rate_wpm=rate)


def line_counts(segments: list[Segment]) -> Counter[str]:
    """Spoken lines per speaker."""
    return Counter(s.speaker for s in segments if s.is_speech and s.speaker and s.speaker != NARRATOR)


def cast_voices(
    segments: list[Segment],
    cast: Cast,
    profiles: dict[str, VoiceProfile],
    config: Config | None = None,
    recorded: dict[str, str] | None = None,
) -> Casting:
    """Voices for every speaker: the config's choice, else the recorded one, else a new one.

    New speakers are cast in order of line count, each getting the least used profile of their
    gender (a neutral one when it is unknown, else any unused one), so the most frequent speakers
    get distinct voices.
    """
    config = config or Config()
    if NARRATOR not in profiles:
        raise ConfigError(f"no '{NARRATOR}' voice profile; add {NARRATOR}.toml to the voices folder")
    chosen = configured_voices(config, cast, profiles)
    narrator = chosen.pop(NARRATOR, profiles[NARRATOR])
    pools = {
        # Profiles named narrator* (narrator, narrator-piper...) read narration, never a character.
        g: [p for n, p in sorted(profiles.items()) if p.gender == g and not n.startswith(NARRATOR)]
        for g in ("male", "female", "neutral")
    }
    pools["neutral"] = pools["neutral"] or pools["male"] + pools["female"]
    recorded = {s: n for s, n in (recorded or {}).items() if n in profiles}
    fixed = {s: profiles[n] for s, n in recorded.items()} | chosen
    used = Counter(p.name.split("+")[0] for p in fixed.values())
    counts = line_counts(segments)
    teller = storyteller(segments) if config.first_person.voice == "narrator" else None
    counts.pop(teller or "", None)
    voices = {s: fixed[s] for s in counts if s in fixed}
    for speaker, _count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if speaker in voices:
            continue
        char = cast.lookup(speaker)
        if char and char.gender:
            pool = pools[char.gender] or pools["neutral"]
        else:
            # Gender unknown: the neutral voices first, then any other before one is used twice.
            pool = pools["neutral"] + [
                p for p in pools["male"] + pools["female"] if p not in pools["neutral"]
            ]
        if not pool:
            raise ConfigError("no voice profiles for characters; add some to the voices folder")
        choice = min(pool, key=lambda p: (used[p.name], pool.index(p)))
        used[choice.name] += 1
        voices[speaker] = choice
    unknown = pools["neutral"][0] if pools["neutral"] else narrator
    return Casting(narrator, voices, unknown, config.thoughts, teller)


def storyteller(segments: list[Segment]) -> str | None:
    """The one character who tells the story in the first person (the speaker of its `I said`),
    when there is one: a story whose point of view changes by scene (`Sakura's POV`) has none, so
    that each teller keeps their own voice."""
    if any(s.kind == Kind.POV for s in segments):
        return None
    tellers = {s.speaker for s in segments if s.rule and s.rule.startswith(FIRST_PERSON_RULES) and s.speaker}
    return tellers.pop() if len(tellers) == 1 else None


def configured_voices(
    config: Config, cast: Cast, profiles: dict[str, VoiceProfile]
) -> dict[str, VoiceProfile]:
    """The `[cast]` entries as profiles, keyed by the speaker name the analysis reports
    (`narrator` for the narrator's)."""
    where = str(config.path) if config.path else "[cast]"
    chosen = {}
    for speaker, entry in config.cast.items():
        base = profiles.get(entry.profile)
        if base is None:
            raise ConfigError(
                f"{where} [cast] \"{speaker}\": no voice profile '{entry.profile}'; "
                f"choose one of: {', '.join(sorted(profiles))}"
            )
        if entry.overrides:
            fields = {k: v for k, v in asdict(base).items() if k != "name"} | entry.overrides
            base = voice_from_dict(f"{entry.profile}+{speaker}", fields, f'{where} [cast] "{speaker}"')
        char = cast.lookup(speaker) if speaker != NARRATOR else None
        chosen[char.name if char else speaker] = base
    return chosen


def read_record(folder: Path, table: str = "voices") -> dict[str, str]:
    """Speaker -> profile name recorded in `folder` by earlier runs (with `table="added"`: the
    characters a script added -> that script's file name); empty when there is none."""
    path = folder / RECORD_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the recorded cast ({exc}); fix or delete the file") from exc
    entries = data.get(table, {})
    if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
        raise ConfigError(f"{path}: [{table}] must map speakers to names; fix or delete the file")
    return dict(entries)


def kept_record(folder: Path, analyses: list[Analysis]) -> tuple[dict[str, str], dict[str, str]]:
    """The recorded voices to keep, and the characters added by scripts (`+Name`) with the
    script each came from. A character a script added and no longer names (the script was read
    now) leaves the record, unless it still speaks: its voice is free again."""
    recorded, added = read_record(folder), read_record(folder, "added")
    speaking = {s.speaker for a in analyses for s in a.segments if s.speaker}
    now = dict(added)
    for analysis in analyses:
        if analysis.script is None:
            continue
        name = analysis.script.name
        now = {k: v for k, v in now.items() if v != name}
        now |= {s.speaker: name for s in analysis.segments if s.rule == NEW_RULE and s.speaker}
    gone = set(added) - set(now) - speaking
    return {k: v for k, v in recorded.items() if k not in gone}, now


NEW_RULE = "script.new"
"""The rule of a line an edited script gave to a character it added (`+Name`)."""


def record_text(recorded: dict[str, str], casting: Casting, added: dict[str, str] | None = None) -> str:
    """The record file's text: earlier entries kept, this casting's automatic choices added, and
    the characters scripts added."""
    merged = dict(recorded)
    for speaker, voice in casting.voices.items():
        if "+" not in voice.name:
            merged.setdefault(speaker, voice.name)
    lines = [
        "# Voices given to speakers by earlier renders into this folder; kept so that a character",
        "# keeps its voice. Set voices in audiobook.toml [cast] instead of editing this file.",
        "[voices]",
    ]
    lines += [f"{_toml_key(s)} = {_toml_key(n)}" for s, n in sorted(merged.items())]
    if added:
        lines += ["", "# Characters an edited script added (+Name), and the script.", "[added]"]
        lines += [f"{_toml_key(s)} = {_toml_key(n)}" for s, n in sorted(added.items())]
    return "\n".join(lines) + "\n"


def _toml_key(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def cast_warnings(config: Config, segments: list[Segment], cast: Cast, text: str, whole: bool) -> list[str]:
    """What in the config looks like a mistake: a `[cast]` or `[characters]` name that matches no
    one (with the closest names; when only part of a book is read, only when a close name exists,
    since the character may speak in another chapter), and characters given one voice by hand."""
    where = str(config.path) if config.path else "the config"
    speakers = set(line_counts(segments))
    known = sorted(speakers | {c.name for c in cast.characters})
    found: list[str] = []

    def unmatched(table: str, name: str, names: tuple[str, ...]) -> None:
        if any(n in speakers or cast.lookup(n) is not None or _mentioned(n, text) for n in names):
            return
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        if close or whole:
            hint = f"; did you mean {' or '.join(repr(n) for n in close)}?" if close else ""
            found.append(f"{where} [{table}] {name!r} matches no character in the text{hint}")

    for speaker in config.cast:
        if speaker != NARRATOR:
            unmatched("cast", speaker, (speaker,))
    for char in config.characters:
        unmatched("characters", char.name, (char.name, *char.aliases))
    by_voice: dict[str, list[str]] = {}
    for speaker, entry in config.cast.items():
        if not entry.overrides:
            by_voice.setdefault(entry.profile, []).append(speaker)
    for voice, names in sorted(by_voice.items()):
        if len(names) > 1:
            found.append(
                f"{where} [cast] gives {' and '.join(repr(n) for n in names)} the one voice {voice!r}: "
                "they will sound the same; give each a voice of their own"
            )
    return found


def _mentioned(name: str, text: str) -> bool:
    return regex.search(rf"(?<!\w){regex.escape(name)}(?!\w)", text, regex.IGNORECASE) is not None
