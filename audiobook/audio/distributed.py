"""Clip synthesis on a Dask distributed cluster: the optional extra `audiobook[distributed]`.

Workers make the levelled clips and send the samples back; this process writes them into its own
clip cache, so workers need no shared disk, only the package and the engine.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

from audiobook.audio.cache import write_clip
from audiobook.audio.clips import Clip, clip_path, make_clip
from audiobook.audio.pcm import Audio
from audiobook.casting.voices import VoiceProfile
from audiobook.errors import AudiobookError

INSTALL = "pip install 'audiobook[distributed]'"
_ENGINE_LOCK = threading.Lock()


def run_on_cluster(address: str, todo: dict[str, Clip], done: Callable[[str, float | str], None]) -> None:
    """Make every clip of `todo` (by cache key) on the cluster; `done(key, ms or error)` for each."""
    from distributed import as_completed

    client = connect(address)
    futures = {
        client.submit(remote_clip, clip.text, clip.voice, key=f"audiobook-clip-{key}"): key
        for key, clip in todo.items()
    }
    try:
        for future in as_completed(futures, loop=client.loop):
            key = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # a worker without the package or the engine
                raise AudiobookError(
                    f"a Dask worker failed to make a clip ({type(exc).__name__}: {exc}); workers need "
                    "audiobook and espeak-ng installed, the same versions as here"
                ) from None
            if isinstance(outcome, Audio):
                write_clip(outcome, clip_path(key))
                done(key, outcome.duration_ms)
            else:
                done(key, str(outcome))
    finally:
        client.cancel(list(futures))


def connect(address: str) -> Any:
    """The client of the scheduler at `address`, connected once per process; a clear error when
    Dask distributed is not installed or the scheduler cannot be reached."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise AudiobookError(f"--scheduler needs Dask distributed; install it with: {INSTALL}") from None
    return _client(address)


@functools.cache
def _client(address: str) -> Any:
    from distributed import Client

    try:
        return Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise AudiobookError(
            f"cannot reach the Dask scheduler at {address} ({exc}); start one with `dask scheduler` "
            "and check the address (tcp://HOST:8786)"
        ) from None


def remote_clip(text: str, voice: VoiceProfile) -> Audio | str:
    """Run on a worker: one levelled clip, or why it failed. One clip at a time per worker process,
    since an engine is not thread-safe."""
    with _ENGINE_LOCK:
        return make_clip(text, voice)
