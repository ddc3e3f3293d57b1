"""Synthesize clips in worker processes, through a cache keyed by everything that shapes them.

A cached clip is already levelled (see loudness.level_clip): the workers do it in parallel, and a
re-render reads finished clips."""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path

from tqdm import tqdm

from .audio import Audio, read_wav, write_wav
from .engines import Engine, engine_class, get_engine
from .errors import AudiobookError, EngineError
from .loudness import LEVELLING, level_clip
from .voices import VoiceProfile


@dataclass(frozen=True)
class Clip:
    """Text to speak in one voice."""

    text: str
    """The spoken text, never empty."""
    voice: VoiceProfile
    """The voice to speak it in."""


def cache_dir() -> Path:
    """Where clips are kept: $AUDIOBOOK_CACHE_DIR, else ~/.cache/audiobook/clips."""
    env = os.environ.get("AUDIOBOOK_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "audiobook" / "clips"


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

    Clips in `keep` (the ones the current render uses) are never deleted, so a chapter larger than
    the limit still renders; the cache then holds just that chapter.
    """
    root = root or cache_dir()
    limit = cache_limit_bytes() if limit is None else limit
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
    voice = asdict(clip.voice)
    voice.pop("description")
    voice.pop("name")
    blob = json.dumps([clip.text, voice, engine_version, LEVELLING], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def clip_path(key: str, root: Path | None = None) -> Path:
    """The cache file of a clip key."""
    return (root or cache_dir()) / key[:2] / f"{key}.wav"


def synthesize(clips: list[Clip], jobs: int = 1, progress: bool = True) -> list[Audio]:
    """Audio for every clip, in order; only clips missing from the cache are synthesized."""
    versions = {name: engine_class(name).version() for name in {c.voice.engine for c in clips}}
    for voice in {(c.voice.engine, c.voice.voice): c.voice for c in clips}.values():
        try:
            engine_class(voice.engine).check_voice(voice.voice)
        except EngineError as exc:
            raise EngineError(f"voice profile '{voice.name}': {exc}") from exc
    keys = [clip_key(c, versions[c.voice.engine]) for c in clips]
    todo: dict[str, Clip] = {}
    for clip, key in zip(clips, keys, strict=True):
        path = clip_path(key)
        try:
            os.utime(path)  # used now: the last to go when the cache is pruned
        except FileNotFoundError:
            todo.setdefault(key, clip)
    if todo:
        _run_pool(todo, jobs, progress)
    audios = [read_wav(clip_path(key)) for key in keys]
    prune_cache(set(keys))
    return audios


def _run_pool(todo: dict[str, Clip], jobs: int, progress: bool) -> None:
    """Synthesize the clips in `jobs` worker processes, one engine per process."""
    bar = tqdm(total=len(todo), unit="clip", desc="Synthesizing", disable=None if progress else True)
    audio_ms = 0.0
    # spawn, not fork: an engine must never be inherited across a fork.
    with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=get_context("spawn")) as pool:
        pending: set[Future[float]] = {
            pool.submit(_work, clip.text, clip.voice, str(clip_path(key))) for key, clip in todo.items()
        }
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    audio_ms += future.result()
                    bar.update(1)
                    bar.set_postfix_str(f"{audio_ms / 60000:.1f} audio min")
        except BaseException:
            for future in pending:
                future.cancel()
            raise
        finally:
            bar.close()


_ENGINES: dict[str, Engine] = {}


def _work(text: str, voice: VoiceProfile, path: str) -> float:
    """In a worker: synthesize one clip into the cache; returns its length in ms."""
    engine = _ENGINES.get(voice.engine)
    if engine is None:
        engine = _ENGINES[voice.engine] = get_engine(voice.engine)
    audio = level_clip(engine.synthesize(text, voice), voice.volume)
    write_wav(audio, Path(path))
    return audio.duration_ms
