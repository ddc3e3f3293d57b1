"""The text stages together: read, segment, find the cast, attribute."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from audiobook.analysis.attribution.cast import Cast, Character
from audiobook.analysis.attribution.sieve import attribute
from audiobook.analysis.characters import discover_characters
from audiobook.analysis.genders import described_gender
from audiobook.analysis.segment import segment
from audiobook.read import read_chapter
from audiobook.read.chapter import Chapter
from audiobook.values import Segment


@dataclass(frozen=True)
class Analysis:
    """A chapter with its segments attributed and the cast they were attributed to."""

    chapter: Chapter
    """The chapter as read."""
    segments: list[Segment]
    """Every segment, speakers set."""
    cast: Cast
    """The characters known for this chapter."""
    script: Path | None = None
    """The edited script whose speakers the segments have, if any."""


def analyse(source: Path | Chapter, given: tuple[Character, ...] = (), keep_notes: bool = False) -> Analysis:
    """Read a chapter (or take one already read) and decide who says each line; author's notes are
    read only with `keep_notes`."""
    chapter = source if isinstance(source, Chapter) else read_chapter(source)
    cast = discover_characters(chapter.text, given)
    segments = attribute(chapter.text, segment(chapter, keep_notes), cast)
    # A tag can name someone discovery passed over (a name seen once) or only describe them (`The
    # old woman`, female by the description): they join the cast, so that every speaker is a
    # character with a voice.
    names = {c.name for c in cast.characters}
    extra = [s.speaker for s in segments if s.speaker is not None and s.speaker not in names]
    if extra:
        joining = (Character(name, gender=described_gender(name)) for name in dict.fromkeys(extra))
        cast = Cast([*cast.characters, *joining])
    return Analysis(chapter, segments, cast)
