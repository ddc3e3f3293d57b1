"""How sure a decision is: its rule's accuracy as measured, for lines placed as it is."""

from __future__ import annotations

from audiobook.analysis.attribution.rule_confidence import MEASURED


def reach_band(reach: int | None) -> str:
    """The band of distances from a name tag a line's confidence is measured for."""
    if reach is None:
        return "far"
    return next(band for band, top in _REACH_BANDS if reach <= top)


_REACH_BANDS = (("0", 0), ("1", 1), ("2", 2), ("3-4", 4), ("5-8", 8), ("far", 1 << 30))


_REACH_LIMIT = 8
"""Beyond this many turns a name tag counts as far."""


def confidence(rule: str, band: str = "0") -> float:
    """How often the rule was right where it was measured (`rule_confidence.py`, written by
    `benchmarks/attribution.py --calibrate`), for lines placed as this one (`band`, see
    `Segment.band`) when that was measured often enough; a rule not measured there takes the
    share of its family (`pronoun` for `pronoun.chain`), and one with no family measured 0."""
    banded = f"{rule}@{band}"
    if MEASURED.get(banded, (0, 0))[0] >= _BAND_MIN:
        n, right = MEASURED[banded]
    elif rule in MEASURED:
        n, right = MEASURED[rule]
    else:
        family = rule.split(".")[0]
        pairs = [v for k, v in MEASURED.items() if k.split(".")[0] == family]
        if not pairs:
            return 0.0
        n, right = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
    return (right + 1) / (n + 2)


_BAND_MIN = 30
"""Lines a rule must have decided in a band of distance for that band's accuracy to be used."""
