"""Give every speaker a voice profile: the narrator's for narration, distinct ones for characters."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .characters import Cast
from .errors import ConfigError
from .segment import Segment
from .voices import VoiceProfile

NARRATOR = "narrator"
"""The profile name used for narration, titles and unattributed lines."""


@dataclass(frozen=True)
class Casting:
    """Which voice profile reads what."""

    narrator: VoiceProfile
    """The voice of narration and of the chapter title."""
    voices: dict[str, VoiceProfile]
    """Speaker name -> voice profile."""
    unknown: VoiceProfile
    """The voice of speech whose speaker nobody could tell."""

    def voice_for(self, seg: Segment) -> VoiceProfile:
        """The profile that reads a segment."""
        if not seg.is_speech:
            return self.narrator
        if seg.speaker is None:
            return self.unknown
        return self.voices.get(seg.speaker, self.unknown)


def cast_voices(segments: list[Segment], cast: Cast, profiles: dict[str, VoiceProfile]) -> Casting:
    """The most frequent speakers get distinct profiles of their gender, in order of line count."""
    if NARRATOR not in profiles:
        raise ConfigError(f"no '{NARRATOR}' voice profile; add {NARRATOR}.toml to the voices folder")
    lines = Counter(s.speaker for s in segments if s.is_speech and s.speaker)
    pools = {
        g: [p for n, p in sorted(profiles.items()) if p.gender == g and n != NARRATOR]
        for g in ("male", "female", "neutral")
    }
    pools["neutral"] = pools["neutral"] or pools["male"] + pools["female"]
    used: Counter[str] = Counter()
    voices: dict[str, VoiceProfile] = {}
    for speaker, _count in sorted(lines.items(), key=lambda kv: (-kv[1], kv[0])):
        char = cast.lookup(speaker)
        gender = char.gender if char and char.gender else "neutral"
        pool = pools[gender] or pools["neutral"]
        if not pool:
            raise ConfigError("no voice profiles for characters; add some to the voices folder")
        choice = min(pool, key=lambda p: (used[p.name], pool.index(p)))
        used[choice.name] += 1
        voices[speaker] = choice
    unknown = pools["neutral"][0] if pools["neutral"] else profiles[NARRATOR]
    return Casting(profiles[NARRATOR], voices, unknown)
