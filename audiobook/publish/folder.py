"""The output folder, held by one render at a time: its lock, the leftovers of a killed render
swept, room checked before writing."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from audiobook.errors import AudiobookError

LOCK_NAME = ".audiobook.lock"


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold the output folder for one render; a second one stops with a clear message.

    The lock is an OS file lock, so it is gone the moment its holder exits, even when killed. The
    lock file is removed when the render ends (while still locked, and a render that locked a file
    since removed tries again), and so is the folder when this render made it and left it empty.
    """
    made = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = _locked(folder / LOCK_NAME)
    except OSError as exc:
        raise AudiobookError(f"cannot write into {folder}: {exc.strerror}; choose another --output") from exc
    with handle:
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}")
            handle.flush()
            _sweep(folder)
            yield
        finally:
            (folder / LOCK_NAME).unlink(missing_ok=True)
            fcntl.flock(handle, fcntl.LOCK_UN)
            for empty in made:
                with contextlib.suppress(OSError):
                    empty.rmdir()  # only when nothing was written there


def _locked(path: Path) -> TextIO:
    """The lock file, opened and locked; an error naming its holder when another render has it."""
    while True:
        handle = path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise AudiobookError(
                f"another render ({holder}) is writing into {path.parent}; wait for it to finish "
                "or choose another --output"
            ) from None
        try:
            same = os.fstat(handle.fileno()).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return handle
        handle.close()  # locked a file the last render removed: lock the new one


def _sweep(folder: Path) -> None:
    """Delete temporary files a killed render left (ours start with `.` and hold `.part`)."""
    for stale in (*folder.glob(".*.part*"), *folder.glob("*scenes/*/.*.part*")):
        stale.unlink(missing_ok=True)


def require_room(folder: Path, duration_ms: float, bitrate: str) -> None:
    """Stop before writing anything if the disk cannot hold the chapter, its scenes and the rest."""
    kbits = float(bitrate.rstrip("kK") or 64)
    needed = int(duration_ms / 1000 * kbits * 1000 / 8 * 2 + 4 * 1024 * 1024)
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise AudiobookError(
            f"not enough disk space in {folder}: the chapter needs about {needed / 1e6:.0f} MB, "
            f"{free / 1e6:.0f} MB are free; free some space or choose another --output"
        )
