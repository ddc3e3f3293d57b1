"""Synthesize clips in worker processes, through a cache keyed by everything that shapes them.

A cached clip is already levelled (see loudness.level_clip): the workers do it in parallel, and a
re-render reads finished clips."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from audiobook.audio import workers
from audiobook.audio.cache import BadClip, cache_dir, cache_error, held, hold, read_clip, write_clip
from audiobook.audio.clips import Clip, clip_path, make_clip
from audiobook.audio.engines import engine_class
from audiobook.audio.loudness import LEVELLING
from audiobook.audio.pcm import Audio
from audiobook.casting.voices import VoiceProfile
from audiobook.errors import AudiobookError, EngineError

CACHE_LIMIT_MB = 2048
"""Default size of the clip cache; $AUDIOBOOK_CACHE_MB overrides it. About 60 hours of speech."""


def cache_limit_bytes() -> int:
    """The most the clip cache may hold: $AUDIOBOOK_CACHE_MB megabytes, else CACHE_LIMIT_MB."""
    value = os.environ.get("AUDIOBOOK_CACHE_MB", "").strip()
    try:
        megabytes = float(value) if value else CACHE_LIMIT_MB
    except ValueError:
        message = f"AUDIOBOOK_CACHE_MB={value!r} is not a number; set megabytes, e.g. 2048"
        raise AudiobookError(message) from None
    return int(max(0.0, megabytes) * 1024 * 1024)


def prune_cache(keep: set[str], root: Path | None = None, limit: int | None = None) -> int:
    """Delete the least recently used clips until the cache fits its limit; returns files deleted.

    Clips in `keep` (the ones the current render uses) and those any other running render holds
    are never deleted, so a chapter larger than the limit still renders, and two renders sharing a
    cache never take each other's clips.
    """
    root = root or cache_dir()
    limit = cache_limit_bytes() if limit is None else limit
    keep = keep | held(root)
    entries = []
    total = 0
    for path in root.glob("*/*.wav"):
        try:
            info = path.stat()
        except FileNotFoundError:
            continue
        total += info.st_size
        if path.stem not in keep:
            entries.append((info.st_mtime, info.st_size, path))
    deleted = 0
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        path.unlink(missing_ok=True)
        total -= size
        deleted += 1
    return deleted


def clip_key(clip: Clip, engine_version: str) -> str:
    """A digest of the text, every voice setting, the engine's name and version, and the levelling."""
    # Settings left unset are left out, so that adding an optional setting keeps old keys valid.
    voice = {k: v for k, v in asdict(clip.voice).items() if v is not None}
    voice.pop("description")
    voice.pop("name")
    blob = json.dumps(
        [clip.text, voice, engine_version, LEVELLING, CLIP_FORMAT], sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


CLIP_FORMAT = 3
"""How clips are stored: 2 is a WAV with a checksum of its samples (`cache.write_clip`); 3 also
keeps the engine's word times, so clips made before are made again once."""


@dataclass(frozen=True)
class Fallback:
    """What `--keep-going` does with a clip the engine cannot make: say it in this voice."""

    voice: VoiceProfile
    """Usually the narrator."""
    warn: Callable[[str], None]
    """Told about each line that fell back."""
    lines: list[int] = field(default_factory=list)
    """Filled in: the indices of the clips said in the fallback voice."""


def clip_keys(clips: list[Clip]) -> list[str]:
    """The cache key of every clip; each voice is checked with its engine first."""
    versions = {name: engine_version(name) for name in {c.voice.engine for c in clips}}
    for voice in {replace(c.voice, name="", description=""): c.voice for c in clips}.values():
        engine = engine_class(voice.engine)
        try:
            # An engine whose profiles name files of their own checks the whole profile.
            check = getattr(engine, "check_profile", None)
            if check is not None:
                check(voice)
            else:
                engine.check_voice(voice.voice)
        except EngineError as exc:
            raise EngineError(f"voice profile '{voice.name}': {exc}") from exc
    return [clip_key(c, versions[c.voice.engine]) for c in clips]


@functools.cache
def engine_version(name: str) -> str:
    """An engine's version, asked once per process."""
    return engine_class(name).version()


def missing(keys: list[str]) -> int:
    """How many distinct clips of these keys the cache lacks."""
    return sum(not clip_path(key).is_file() for key in set(keys))


def synthesize(
    clips: list[Clip],
    jobs: int = 1,
    progress: bool = True,
    fallback: Fallback | None = None,
    bar: tqdm | None = None,
    scheduler: str | None = None,
) -> list[Audio]:
    """Audio for every clip, in order; only clips missing from the cache are synthesized.

    A clip the engine fails on is tried once more; if it fails again the error names its text and
    voice, or, with a `fallback`, the line is said in the fallback voice and a warning given.
    Progress goes to `bar` when given (a batch's one bar), else to a bar of its own. With a
    `scheduler` address the clips are made on that Dask cluster instead of local processes.
    """
    keys = clip_keys(clips)
    try:
        holding = hold(set(keys))
    except OSError as exc:
        raise cache_error(exc) from exc
    try:
        return _synthesize(clips, keys, jobs, progress, fallback, bar, scheduler)
    finally:
        holding.unlink(missing_ok=True)


def _synthesize(
    clips: list[Clip],
    keys: list[str],
    jobs: int,
    progress: bool,
    fallback: Fallback | None,
    bar: tqdm | None,
    scheduler: str | None,
) -> list[Audio]:
    """`synthesize` with the render's clips held."""
    made = _cached(keys, fallback.warn if fallback is not None else None)
    todo = {key: clip for clip, key in zip(clips, keys, strict=True) if key not in made}
    failed = _run_pool(todo, jobs, progress, bar, scheduler) if todo else {}
    if failed and fallback is None:
        clip, error = next(iter(failed.values()))
        raise EngineError(
            f"the engine failed twice on the line {clip.text[:80]!r} in voice '{clip.voice.name}': {error}; "
            "change the voice or the text, or render with --keep-going to read it in the narrator's voice"
        )
    if failed and fallback is not None:
        keys = _fall_back(failed, keys, fallback)
    audios = [made.get(key) or _fresh(key) for key in keys]
    prune_cache(set(keys))
    return audios


def _cached(keys: list[str], warn: Callable[[str], None] | None) -> dict[str, Audio]:
    """The clips already in the cache, checked; a bad one is deleted (to be made again) with a
    warning."""
    made: dict[str, Audio] = {}
    for key in dict.fromkeys(keys):
        path = clip_path(key)
        try:
            made[key] = read_clip(path)
            os.utime(path)  # used now: the last to go when the cache is pruned
        except FileNotFoundError:
            continue
        except BadClip as exc:
            path.unlink(missing_ok=True)
            (warn or _warn)(f"the cached clip {path} was damaged ({exc}); making it again")
        except OSError as exc:
            raise cache_error(exc) from exc
    return made


def _warn(message: str) -> None:
    tqdm.write(f"Warning: {message}", file=sys.stderr)


def _fresh(key: str) -> Audio:
    """A clip just made, read back and checked."""
    path = clip_path(key)
    try:
        return read_clip(path)
    except (BadClip, FileNotFoundError) as exc:
        raise AudiobookError(
            f"the clip just made at {path} cannot be read back ({exc}); render again"
        ) from exc
    except OSError as exc:
        raise cache_error(exc) from exc


def _fall_back(failed: dict[str, tuple[Clip, str]], keys: list[str], fallback: Fallback) -> list[str]:
    """The failed clips said in the fallback voice, with a warning each; the keys to use."""
    spare: dict[str, Clip] = {}
    swap: dict[str, str] = {}
    for key, (clip, error) in failed.items():
        fallback.warn(
            f"the line {clip.text[:80]!r} failed in voice '{clip.voice.name}' ({error}); "
            f"reading it in '{fallback.voice.name}'"
        )
        spoken = Clip(clip.text, fallback.voice)
        swap[key] = clip_key(spoken, engine_version(spoken.voice.engine))
        spare[swap[key]] = spoken
    still = _run_pool(spare, 1, False)
    if still:
        clip, error = next(iter(still.values()))
        raise EngineError(f"the line {clip.text[:80]!r} failed in the fallback voice too: {error}")
    fallback.lines.extend(i for i, key in enumerate(keys) if key in swap)
    return [swap.get(key, key) for key in keys]


def _run_pool(
    todo: dict[str, Clip],
    jobs: int,
    progress: bool,
    bar: tqdm | None = None,
    scheduler: str | None = None,
) -> dict[str, tuple[Clip, str]]:
    """Synthesize the clips, in `jobs` worker processes (one engine each), here for one job or one
    clip, or on the Dask cluster at `scheduler`.

    Returns the clips that failed twice, with the reason, by key.
    """
    own = bar is None
    if bar is None:
        bar = tqdm(total=len(todo), unit="clip", desc="Synthesizing", disable=None if progress else True)
    audio_ms = 0.0
    failed: dict[str, tuple[Clip, str]] = {}

    def done(key: str, outcome: float | str | OSError) -> None:
        nonlocal audio_ms
        if isinstance(outcome, OSError):
            raise cache_error(outcome)
        if isinstance(outcome, str):
            failed[key] = (todo[key], outcome)
        else:
            audio_ms += outcome
        bar.update(1)
        if own:
            bar.set_postfix_str(f"{audio_ms / 60000:.1f} audio min")

    try:
        if scheduler is not None:
            from audiobook.audio.distributed import run_on_cluster

            run_on_cluster(scheduler, todo, done)
            return failed
        if jobs <= 1 or len(todo) == 1:
            # One clip gains nothing from a worker process, and starting one costs more than it.
            for key, clip in todo.items():
                done(key, _work(clip.text, clip.voice, str(clip_path(key))))
            return failed
        tasks = ((key, (c.text, c.voice, str(clip_path(key)))) for key, c in todo.items())
        workers.run(tasks, _work, min(jobs, len(todo)), done)
        return failed
    finally:
        if own:
            bar.close()


def _work(text: str, voice: VoiceProfile, path: str) -> float | str | OSError:
    """Synthesize one clip into the cache, trying twice; its length in ms, why the engine failed,
    or the error writing it to the cache."""
    audio = make_clip(text, voice)
    if isinstance(audio, str):
        return audio
    try:
        write_clip(audio, Path(path))
    except OSError as exc:
        return OSError(exc.errno, exc.strerror)
    return audio.duration_ms
