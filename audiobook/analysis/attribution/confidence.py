"""How sure a decision is: a model of how often lines decided and placed as it is are right.

A line's confidence is a logistic model over a few facts any book has: the rule that decided it,
how far it is from a name tag, whether the line before or after has the same speaker, whether
turn-taking from the tags around says otherwise, how many speak in the conversation, whether
narration stands in its paragraph, and whether a tagged line anchors the conversation before and
after it. The weights are fitted on PDNC half A by `benchmarks/attribution.py --calibrate` and
written to `rule_confidence.py`; nothing here is set by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from audiobook.analysis.attribution.rule_confidence import WEIGHTS


@dataclass(frozen=True)
class Placement:
    """Where a line sits among the lines around it, as its confidence is measured for."""

    reach: str = "0"
    """How many turns away the nearest name tag of its conversation is (`0`, `1`, `2`, `3-4`,
    `5-8`, `far`)."""
    after_same: bool = False
    """The turn before has the same speaker (two turns running by one speaker are rare)."""
    before_same: bool = False
    """The turn after has the same speaker."""
    against: bool = False
    """Turn-taking from the nearest name or pronoun tag on either side says someone else speaks."""
    narration: bool = False
    """Narration stands in the line's own paragraph (an action beat, a tag)."""
    anchored_before: bool = False
    """A turn before it in the conversation is decided by a name or pronoun tag."""
    anchored_after: bool = False
    """A turn after it in the conversation is decided by a name or pronoun tag."""
    speakers: int = 2
    """How many different speakers the conversation's lines are given."""
    crowd: bool = False
    """More than two take part in the conversation by the tags and beats."""
    named: bool = False
    """The narration names the speaker shortly before the line."""

    @property
    def code(self) -> str:
        """A short form, kept on the segment (`Segment.band`): `1<!nazm/3`."""
        flags = "".join(mark for name, mark in _MARKS.items() if getattr(self, name))
        return f"{self.reach}{flags}/{self.speakers}"

    @classmethod
    def parse(cls, code: str) -> Placement:
        """The placement a `code` stands for."""
        head, _, speakers = code.partition("/")
        reach = head.rstrip("".join(_MARKS.values()))
        flags = head[len(reach) :]
        on = {name: mark in flags for name, mark in _MARKS.items()}
        return cls(reach or "0", speakers=int(speakers or 2), **on)

    def features(self, rule: str) -> list[str]:
        """The model's features of a line decided by `rule` and placed so: each alone and with the
        rule's family (`turn-taking` for `turn-taking.explicit`)."""
        family = rule.split(".")[0]
        anchors = f"anchors={int(self.anchored_before)}{int(self.anchored_after)}"
        marks = [
            mark for name, mark in _MARKS.items() if getattr(self, name) and not name.startswith("anchored")
        ]
        shared = [f"reach={self.reach}", anchors, f"speakers={min(self.speakers, _MOST_SPEAKERS)}", *marks]
        return ["bias", f"rule={rule}", *shared, *(f"{family}&{f}" for f in shared)]


_MARKS = {
    "after_same": "<",
    "before_same": ">",
    "against": "!",
    "narration": "n",
    "anchored_before": "a",
    "anchored_after": "z",
    "crowd": "+",
    "named": "m",
}
"""Each flag of a placement and the mark that stands for it in its code."""
_MOST_SPEAKERS = 5
"""Conversations with more speakers than this count as having this many."""


def reach_band(reach: int | None) -> str:
    """The band of distances from a name tag a line's confidence is measured for."""
    if reach is None:
        return "far"
    return next(band for band, top in _REACH_BANDS if reach <= top)


_REACH_BANDS = (("0", 0), ("1", 1), ("2", 2), ("3-4", 4), ("5-8", 8), ("far", 1 << 30))


_REACH_LIMIT = 8
"""Beyond this many turns a name tag counts as far."""


def confidence(rule: str, band: str = "") -> float:
    """How likely a line decided by `rule` and placed as `band` (a `Placement.code`) is right, by
    the model fitted on PDNC half A (`rule_confidence.py`, written by
    `benchmarks/attribution.py --calibrate`). A rule the model has not seen counts by its family
    and placement; a line nobody was found for (`none`) has confidence 0."""
    if rule == "none":
        return 0.0
    score = sum(WEIGHTS.get(f, 0.0) for f in Placement.parse(band).features(rule))
    return 1 / (1 + math.exp(-score))
