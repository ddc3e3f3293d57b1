"""Shared helpers: run our analysis over ../shared/eval and score it with its reference scorer.

The data are read where they lie (set AUDIOBOOK_EVAL to move them); nothing is copied here.
"""

from __future__ import annotations

import importlib.util
import os
import time
from collections import Counter
from pathlib import Path
from types import ModuleType

from audiobook.attribute import attribute
from audiobook.chapter import parse_chapter
from audiobook.characters import Character, discover_characters
from audiobook.segment import segment

EVAL = Path(os.environ.get("AUDIOBOOK_EVAL", Path(__file__).resolve().parents[2] / "shared" / "eval"))


def scorer() -> ModuleType:
    """The reference scorer, imported from its file."""
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_docs() -> dict[str, dict]:
    """Every annotated document, by id."""
    return scorer().load_gold([str(EVAL / "data")])


def gold_cast(doc: dict) -> list[Character]:
    """The document's own character list as a user-given cast."""
    genders = {"M": "male", "F": "female"}
    return [
        Character(
            c["name"], tuple(a for a in c.get("aliases", []) if a != c["name"]), genders.get(c.get("gender"))
        )
        for c in doc.get("characters", [])
    ]


def predict(doc: dict, given: bool, attribute_speakers: bool = True) -> list[dict]:
    """Our quotes (dialogue and thought segments) for one document."""
    chapter = parse_chapter(doc["text"], Path(doc["id"] + ".txt"))
    segments = segment(chapter)
    if attribute_speakers:
        cast = discover_characters(chapter.text, gold_cast(doc) if given else ())
        segments = attribute(chapter.text, segments, cast)
    return [{"start": s.start, "end": s.end, "speaker": s.speaker} for s in segments if s.is_speech]


def run(docs: dict[str, dict], given: bool, attribute_speakers: bool) -> tuple[dict, float, int]:
    """Predictions for every document, seconds spent, and characters of text processed."""
    preds = {}
    chars = 0
    start = time.perf_counter()
    for doc_id, doc in docs.items():
        preds[doc_id] = {"quotes": predict(doc, given, attribute_speakers)}
        chars += len(doc["text"])
    return preds, time.perf_counter() - start, chars


def score(docs: dict[str, dict], preds: dict) -> dict[str, dict]:
    """Scorer summaries overall and per source."""
    sc = scorer()
    totals: dict[str, Counter] = {"all": Counter()}
    for doc_id, doc in docs.items():
        counts = sc.score_doc(doc, preds[doc_id]["quotes"])
        totals["all"].update(counts)
        totals.setdefault(doc["source"], Counter()).update(counts)
    return {name: sc.summarize(c) for name, c in totals.items()}
