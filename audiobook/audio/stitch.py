"""Join clips with pauses into one track, in linear time."""

from __future__ import annotations

from dataclasses import dataclass

from audiobook.audio.pcm import Audio, silence_frames


@dataclass(frozen=True)
class Pauses:
    """Silence between segments, in milliseconds, by the kind of boundary."""

    sentence_ms: int = 250
    """Between two segments of one paragraph in the same voice."""
    speaker_change_ms: int = 400
    """Between two segments of one paragraph in different voices."""
    paragraph_ms: int = 700
    """Between paragraphs."""
    scene_ms: int = 2000
    """Between scenes."""
    title_ms: int = 1200
    """After the chapter title."""


@dataclass(frozen=True)
class Placed:
    """Where a clip sits in the stitched track, in samples."""

    start_frame: int
    """First sample of the clip."""
    end_frame: int
    """One past its last sample."""
    words: tuple[tuple[int, int], ...] = ()
    """Where each of its words starts, when the engine told: (character offset in the spoken text,
    sample of the track)."""


def stitch(clips: list[Audio], pauses_ms: list[float]) -> tuple[Audio, list[Placed]]:
    """Each clip after its pause (in ms, rounded to whole samples), joined once.

    Joining the raw bytes in one `b"".join` is linear; pydub's repeated `+` copies the whole
    track each time and is quadratic in the number of clips.
    """
    if not clips:
        raise ValueError("nothing to stitch")
    rate = clips[0].sample_rate_hz
    parts: list[bytes] = []
    placed: list[Placed] = []
    frame = 0
    for clip, pause in zip(clips, pauses_ms, strict=True):
        if clip.sample_rate_hz != rate:
            raise ValueError(f"clip at {clip.sample_rate_hz} Hz in a {rate} Hz track")
        gap = silence_frames(pause, rate)
        parts.append(b"\x00\x00" * gap)
        frame += gap
        parts.append(clip.pcm)
        words = tuple((at, frame + sample) for at, sample in clip.words)
        placed.append(Placed(frame, frame + clip.frames, words))
        frame += clip.frames
    return Audio(b"".join(parts), rate), placed
