"""Shared helpers: run our analysis over ../shared/eval and score it with its reference scorer.

The data are read where they lie (set AUDIOBOOK_EVAL to move them); nothing is copied here.

The PDNC novels are split into two fixed halves, alternating in alphabetical order, so that each
half holds one novel told in the first person. Errors are read in half A only; a change is kept
when it does no harm on half B and on LitBank, which it was not written against.
"""

from __future__ import annotations

import importlib.util
import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from audiobook.analysis.attribution.cast import Character
from audiobook.analysis.attribution.sieve import attribute
from audiobook.analysis.characters import discover_characters
from audiobook.analysis.segment import segment
from audiobook.read.chapter import parse_chapter

EVAL = Path(os.environ.get("AUDIOBOOK_EVAL", Path(__file__).resolve().parents[2] / "shared" / "eval"))

HALF_A = (
    "pdnc-APassageToIndia",
    "pdnc-AnneOfGreenGables",
    "pdnc-HardTimes",
    "pdnc-MansfieldPark",
    "pdnc-NorthangerAbbey",
    "pdnc-Persuasion",
    "pdnc-SenseAndSensibility",
    "pdnc-TheInvisibleMan",
    "pdnc-TheSignOfTheFour",
    "pdnc-WinnieThePooh",
)
"""The half whose errors may be read while writing rules."""
HALF_B = (
    "pdnc-ARoomWithAView",
    "pdnc-Emma",
    "pdnc-HowardsEnd",
    "pdnc-NightAndDay",
    "pdnc-OliverTwist",
    "pdnc-PrideAndPrejudice",
    "pdnc-TheAwakening",
    "pdnc-TheMysteriousAffairAtStyles",
    "pdnc-WhereAngelsFearToTread",
)
"""The half kept for checking: its errors are not read."""


def group(doc: dict) -> str:
    """`PDNC-A`, `PDNC-B` or `LitBank`."""
    if doc["source"] != "PDNC":
        return doc["source"]
    return "PDNC-A" if doc["id"] in HALF_A else "PDNC-B"


def scorer() -> ModuleType:
    """The reference scorer, imported from its file."""
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_docs() -> dict[str, dict]:
    """Every annotated document, by id."""
    docs = scorer().load_gold([str(EVAL / "data")])
    pdnc = {d for d in docs if docs[d]["source"] == "PDNC"}
    if pdnc != set(HALF_A) | set(HALF_B):
        raise SystemExit(f"The PDNC novels in {EVAL} are not the two halves listed in evalset.py")
    return docs


def gold_cast(doc: dict) -> list[Character]:
    """The document's own character list as a user-given cast."""
    genders = {"M": "male", "F": "female"}
    return [
        Character(
            c["name"], tuple(a for a in c.get("aliases", []) if a != c["name"]), genders.get(c.get("gender"))
        )
        for c in doc.get("characters", [])
    ]


def predict(
    doc: dict, given: bool, attribute_speakers: bool = True, without: frozenset[str] = frozenset()
) -> list[dict]:
    """Our quotes (dialogue and thought segments) for one document, with rule and confidence."""
    chapter = parse_chapter(doc["text"], Path(doc["id"] + ".txt"))
    segments = segment(chapter)
    if attribute_speakers:
        cast = discover_characters(chapter.text, gold_cast(doc) if given else ())
        segments = attribute(chapter.text, segments, cast, without=without)
    return [
        {
            "start": s.start,
            "end": s.end,
            "speaker": s.speaker,
            "rule": s.rule,
            "confidence": s.confidence,
            "band": s.band,
        }
        for s in segments
        if s.is_speech
    ]


def run(
    docs: dict[str, dict], given: bool, attribute_speakers: bool, without: frozenset[str] = frozenset()
) -> tuple[dict, float, int]:
    """Predictions for every document, seconds spent, and characters of text processed."""
    preds = {}
    chars = 0
    start = time.perf_counter()
    for doc_id, doc in docs.items():
        preds[doc_id] = {"quotes": predict(doc, given, attribute_speakers, without)}
        chars += len(doc["text"])
    return preds, time.perf_counter() - start, chars


def score(docs: dict[str, dict], preds: dict) -> dict[str, dict]:
    """Scorer summaries overall, per source and per PDNC half."""
    sc = scorer()
    totals: dict[str, Counter] = {"all": Counter()}
    for doc_id, doc in docs.items():
        counts = sc.score_doc(doc, preds[doc_id]["quotes"])
        totals["all"].update(counts)
        totals.setdefault(doc["source"], Counter()).update(counts)
        if doc["source"] == "PDNC":
            totals.setdefault(group(doc), Counter()).update(counts)
    return {name: sc.summarize(totals[name]) for name in sorted(totals, key=_ORDER.index)}


_ORDER = ["all", "PDNC", "PDNC-A", "PDNC-B", "LitBank"]


@dataclass(frozen=True)
class Judged:
    """One predicted quote matched to a gold quote, and whether its speaker is right."""

    group: str
    """`PDNC-A`, `PDNC-B` or `LitBank`."""
    rule: str
    """The rule that decided the speaker."""
    confidence: float
    """The confidence the rule gave it."""
    band: str
    """Where it sits among the lines around it (`Segment.band`)."""
    right: bool
    """Whether the speaker is the gold one."""


def judge(docs: dict[str, dict], preds: dict) -> list[Judged]:
    """Every predicted quote that the scorer's overlap matching pairs with a gold quote."""
    sc = scorer()
    judged = []
    for doc_id, doc in docs.items():
        text, quotes = doc["text"], preds[doc_id]["quotes"]
        gold = [sc.trim(text, q["start"], q["end"]) for q in doc["quotes"]]
        pred = [sc.trim(text, q["start"], q["end"]) for q in quotes]
        resolver = sc.SpeakerResolver(doc.get("characters", []))
        for p, g in sc.match_overlap(gold, pred).items():
            speaker, _ = resolver.resolve(quotes[p]["speaker"])
            right = speaker is not None and speaker == str(doc["quotes"][g]["speaker"])
            quote = quotes[p]
            judged.append(
                Judged(group(doc), quote["rule"] or "none", quote["confidence"], quote["band"] or "", right)
            )
    return judged
