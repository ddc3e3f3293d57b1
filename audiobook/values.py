"""The values every stage passes on: a segment of a chapter's text with its kind and speaker, and
the kinds and genders as names the code can check."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Kind(StrEnum):
    """What a segment of a chapter is. A `StrEnum`: each equals its name as written in manifests,
    scripts and JSON (`Kind.DIALOGUE == "dialogue"`)."""

    TITLE = "title"
    NARRATION = "narration"
    DIALOGUE = "dialogue"
    THOUGHT = "thought"
    BREAK = "break"
    """A scene separator; not read aloud."""
    NOTE = "note"
    """An author's note; read aloud only with `[text] keep_notes`."""
    POV = "pov"
    """A point-of-view line (`Naruto's POV`): names the `I` of the scenes after it; not read aloud."""


class Gender(StrEnum):
    """A character's or a voice's gender (`neutral` only for voices)."""

    MALE = "male"
    FEMALE = "female"
    NEUTRAL = "neutral"


SPEECH_KINDS = (Kind.DIALOGUE, Kind.THOUGHT)
"""Kinds a character says."""


SPOKEN_KINDS = (Kind.TITLE, Kind.NARRATION, Kind.DIALOGUE, Kind.THOUGHT)
"""Kinds that are read aloud; `break` (a scene separator), `note` and `pov` (a point-of-view line) are not."""


@dataclass(frozen=True)
class Segment:
    """A span of the chapter text with its kind and, for speech, its speaker."""

    start: int
    """Offset of the first character in the chapter text."""
    end: int
    """Offset just past the last character (exclusive)."""
    kind: Kind
    """What it is: a title, narration, dialogue, a thought, a scene break, a note or a POV line."""
    scene: int
    """Index of the scene (0-based)."""
    paragraph: int
    """Index of the paragraph in the chapter (0-based)."""
    speaker: str | None = None
    """Who says or thinks it; None for narration and for speech nobody could be given."""
    confidence: float = 0.0
    """How sure the attribution is, from 0 to 1."""
    rule: str | None = None
    """The attribution rule that decided the speaker."""
    band: str | None = None
    """Where the line sits among the lines around it, which its confidence depends on: the code of
    a `attribution.confidence.Placement` (`1<!naz/3`: one turn from a name tag, after a line of the
    same speaker, against the turn-taking, ...)."""
    evidence: tuple[int, int] | None = None
    """The span of the chapter text the speaker was decided by (`said Sakura`), when known."""

    def with_speaker(
        self,
        speaker: str | None,
        confidence: float,
        rule: str,
        band: str | None = None,
        evidence: tuple[int, int] | None = None,
    ) -> Segment:
        """A copy with the speaker set."""
        return replace(self, speaker=speaker, confidence=confidence, rule=rule, band=band, evidence=evidence)

    @property
    def is_speech(self) -> bool:
        """Dialogue or thought, that is, something a character says."""
        return self.kind in SPEECH_KINDS
