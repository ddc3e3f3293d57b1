import pytest
from hypothesis import given
from hypothesis import strategies as st

from audiobook.audio.pcm import Audio, silence_frames
from audiobook.audio.stitch import stitch

RATE = 22050


def tone(frames: int) -> Audio:
    return Audio(b"\x01\x00" * frames, RATE)


@given(st.lists(st.tuples(st.integers(1, 5000), st.floats(0, 3000)), min_size=1, max_size=40))
def test_durations_plus_pauses_equal_the_track(parts: list[tuple[int, float]]) -> None:
    clips = [tone(n) for n, _ in parts]
    pauses = [p for _, p in parts]
    track, placed = stitch(clips, pauses)
    assert track.frames == sum(n for n, _ in parts) + sum(silence_frames(p, RATE) for p in pauses)
    for (n, _), place in zip(parts, placed, strict=True):
        assert place.end_frame - place.start_frame == n
    assert placed[-1].end_frame == track.frames


def test_pauses_are_whole_samples() -> None:
    assert silence_frames(1000, RATE) == RATE
    assert silence_frames(0.1, RATE) == 2  # 2.205 samples rounds to 2
    track, _ = stitch([tone(10), tone(10)], [0, 250])
    assert len(track.pcm) % 2 == 0


def test_mixed_rates_are_refused() -> None:
    with pytest.raises(ValueError):
        stitch([tone(5), Audio(b"\0\0", 16000)], [0, 0])
