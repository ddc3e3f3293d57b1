"""Readable subtitles: cues of a sentence or less, two lines of 42 characters, seven seconds."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from audiobook.publish.subtitles import LINE_CHARS, MAX_CUE_MS, cues_for, srt, vtt

PARAGRAPH = (
    "The busty woman shook her head, her hair falling over her shoulders as she slumped further into "
    "the chair. It had been a long week. Nobody in the village, not even the elders who had seen three "
    "wars, could say what would come next."
)


def test_a_paragraph_becomes_sentences_that_tile_its_time() -> None:
    cues = cues_for(1000, 21000, PARAGRAPH)
    assert cues[0].start_ms == 1000 and cues[-1].end_ms == 21000
    assert all(a.end_ms == b.start_ms for a, b in zip(cues, cues[1:], strict=False))
    assert " ".join(c.text for c in cues) == " ".join(PARAGRAPH.split())
    assert any(c.text == "It had been a long week." for c in cues)


def test_speech_carries_its_speaker() -> None:
    cues = cues_for(0, 2000, '"Sensei..."', "Tsunade")
    assert srt(cues).split("\n")[2] == 'Tsunade: "Sensei..."'
    assert vtt(cues).split("\n")[3] == '<v Tsunade>"Sensei..."'


def test_cues_start_where_the_voice_speaks_again_after_a_pause() -> None:
    # By letters and words alone the second sentence would start at 3.95 s; the voice paused from 3.5 s to
    # 3.85 s (a sentence's end), and briefly at 1.2 s (not a stop): the cue moves to the long pause.
    text = "The first sentence is quite a bit longer than the next. Then a short one."
    assert cues_for(0, 5500, text)[1].start_ms == 3951
    first, second = cues_for(0, 5500, text, pauses=[(1200, 1300), (3500, 3850), (5450, 5500)])
    assert (first.end_ms, second.start_ms, second.end_ms) == (3500, 3850, 5500)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdefgh ,.!?", min_size=1, max_size=12), min_size=1, max_size=60),
    st.integers(0, 10_000),
    st.integers(100, 120_000),
    st.sampled_from([None, "Sakura", "A hard-featured dame"]),
    st.lists(st.tuples(st.floats(0, 1), st.integers(100, 900)), max_size=20),
)
def test_any_text_gives_cues_that_fit(
    words: list[str], start: int, length: int, speaker: str | None, quiet: list[tuple[float, int]]
) -> None:
    text = " ".join(words)
    pauses = sorted((start + round(at * length), start + round(at * length) + ms) for at, ms in quiet)
    cues = cues_for(start, start + length, text, speaker, pauses)
    assert cues[0].start_ms == start and cues[-1].end_ms == start + length
    assert all(c.start_ms <= c.end_ms <= d.start_ms for c, d in zip(cues, cues[1:], strict=False))
    for cue, block in zip(cues, srt(cues).strip().split("\n\n"), strict=True):
        lines = block.split("\n")[2:]
        assert len(lines) <= 2 and all(len(line) <= LINE_CHARS for line in lines)
        assert cue.end_ms - cue.start_ms <= MAX_CUE_MS or len(cue.text.split()) < 2


def test_cues_start_where_the_engine_said_their_first_word() -> None:
    # The speech preparation rewrote `Mr.` and `3`; the cues' words are found in the spoken text
    # all the same, and each cue after the first starts at its first word's time.
    text = "Mr. Tanaka waited by the gate for 3 hours. Then the rain came down hard on the old roofs."
    spoken = (
        "Mister Tanaka waited by the gate for three hours. Then the rain came down hard on the old roofs."
    )
    words = [(m.start(), 100 * k) for k, m in enumerate(re.finditer(r"\w+", spoken))]
    first, second = cues_for(0, 6000, text, spoken=(spoken, words))
    assert second.text.startswith("Then") and second.start_ms == dict(words)[spoken.index("Then")]
    assert first.end_ms <= second.start_ms
    # Without word times the estimate stands (letters, and pauses when given).
    assert cues_for(0, 6000, text)[1].start_ms != second.start_ms
