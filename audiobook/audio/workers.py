"""Worker processes for synthesis that stop when told, and never outlive the main process.

Why this cannot hang: each worker is a plain spawned process with a pipe of its own, and the main
process hands one clip at a time to an idle worker, then waits on the pipes with a timeout
(`multiprocessing.connection.wait`). No executor, feeder thread, queue, lock or semaphore is
shared between the processes, so nothing the main process waits on can be held by a process that
was interrupted or is gone. Stopping is terminate (SIGTERM), join with a timeout, then kill
(SIGKILL): every step is bounded. A worker ignores Ctrl-C (the terminal sends it to the whole
process group; the main process decides), and dies with its parent: on Linux the kernel kills it
when the parent dies (`PR_SET_PDEATHSIG`), elsewhere it sees at its next poll (every second)
that its parent is gone and exits.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from typing import Any, cast

from audiobook.errors import AudiobookError, Stopped

POLL_S = 1.0
"""How often a waiting worker checks that its parent is alive, and the main process that its
workers are."""
GRACE_S = 2.0
"""How long a terminated worker gets before it is killed."""
_PR_SET_PDEATHSIG = 1


def run(
    tasks: Iterable[tuple[str, tuple[Any, ...]]],
    work: Callable[..., Any],
    jobs: int,
    done: Callable[[str, Any], None],
) -> None:
    """Call `work(*args)` for every (key, args) task in `jobs` worker processes, and `done(key,
    result)` in this process as each finishes. Any exception here (Ctrl-C included) stops every
    worker before it goes on."""
    context = get_context("spawn")  # never fork: an engine must not be inherited
    pending = iter(tasks)
    workers: list[tuple[Any, Connection]] = []
    busy: dict[Connection, str] = {}
    try:
        for _ in range(jobs):
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, work, os.getpid()), daemon=True)
            # Ctrl-C is held back while a worker starts: the worker is born with it blocked (so
            # a Ctrl-C while it imports cannot give it a traceback) and ignores it once running;
            # one that came meanwhile reaches this process when it is let through again.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                with _main_left_out(work):
                    process.start()
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
            theirs.close()
            workers.append((process, ours))
            if not _give(ours, pending, busy):
                break
        alive = {conn: process for process, conn in workers}
        while busy:
            for ready in wait(list(busy), timeout=POLL_S):
                conn = cast(Connection, ready)
                try:
                    key, result = conn.recv()  # type: ignore[misc]
                except (EOFError, OSError):
                    raise AudiobookError(_died(busy[conn], alive[conn])) from None
                del busy[conn]
                done(key, result)
                _give(conn, pending, busy)
            for conn in busy:
                if not alive[conn].is_alive() and not conn.poll():
                    raise AudiobookError(_died(busy[conn], alive[conn]))
    finally:
        stop(workers)


@contextlib.contextmanager
def _main_left_out(work: Callable[..., Any]) -> Iterator[None]:
    """Spawn a worker without making it import the `__main__` module again, when the work does
    not live there: for the `audiobook` command that module imports the whole tool (0.4 s), which
    every worker of every chapter would pay. multiprocessing reads `__main__`'s spec and file
    while it starts the process; both are hidden for that moment."""
    main = sys.modules.get("__main__")
    if main is None or getattr(work, "__module__", "__main__") == "__main__":
        yield
        return
    saved: dict[str, Any] = {n: main.__dict__[n] for n in ("__spec__", "__file__") if n in main.__dict__}
    main.__dict__.update({"__spec__": None})
    main.__dict__.pop("__file__", None)
    try:
        yield
    finally:
        main.__dict__.update(saved)


def _give(
    conn: Connection, pending: Iterator[tuple[str, tuple[Any, ...]]], busy: dict[Connection, str]
) -> bool:
    """Hand the next task to an idle worker; False when there is none left."""
    task = next(pending, None)
    if task is None:
        return False
    conn.send(task)
    busy[conn] = task[0]
    return True


def _died(key: str, process: Any) -> str:
    return (
        f"a synthesis worker stopped (exit code {process.exitcode}) while making clip {key[:12]}; "
        "render again: finished clips are kept"
    )


def stop(workers: list[tuple[Any, Connection]]) -> None:
    """Stop every worker, each step bounded in time; a second Ctrl-C meanwhile is ignored."""
    with _no_interrupts():
        for process, conn in workers:
            conn.close()
            if process.is_alive():
                process.terminate()
        for process, _ in workers:
            process.join(GRACE_S)
            if process.is_alive():
                process.kill()
                process.join(GRACE_S)
        _stop_tracker()


def _stop_tracker() -> None:
    """Stop and reap multiprocessing's resource tracker, which every spawn starts: left running, it
    outlives the render as a process of its own (a zombie where nothing reaps orphans). The next
    spawn starts it again."""
    with contextlib.suppress(AttributeError, OSError, ChildProcessError):
        from multiprocessing import resource_tracker

        resource_tracker._resource_tracker._stop()  # type: ignore[attr-defined]


_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def stoppable() -> Any:
    """Ctrl-C, SIGTERM and SIGHUP raise `Stopped` in the main thread, so that the work in hand is
    undone on the way out (half-written files removed, workers stopped); once one has come, the
    others are ignored until the process ends, so that a second Ctrl-C cannot break the clean-up."""

    def stop(signum: int, frame: object) -> None:
        for other in _SIGNALS:
            signal.signal(other, signal.SIG_IGN)
        raise Stopped(signum)

    saved = {}
    with contextlib.suppress(ValueError):  # not the main thread: leave the signals alone
        for signum in _SIGNALS:
            saved[signum] = signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in saved.items():
            if signal.getsignal(signum) is stop:
                signal.signal(signum, handler)


@contextlib.contextmanager
def _no_interrupts() -> Any:
    """Ctrl-C, SIGTERM and SIGHUP ignored while the workers are being stopped (main thread only)."""
    saved = {}
    with contextlib.suppress(ValueError):  # not the main thread: signals cannot be set there
        for signum in _SIGNALS:
            saved[signum] = signal.signal(signum, signal.SIG_IGN)
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


def _serve(conn: Connection, work: Callable[..., Any], parent: int) -> None:
    """A worker: run tasks from the pipe until it closes or the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _die_with_parent()
    while True:
        try:
            if not conn.poll(POLL_S):
                if os.getppid() != parent:
                    return
                continue
            key, args = conn.recv()
        except (EOFError, OSError):
            return
        conn.send((key, work(*args)))


def _die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies (Linux)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(name, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
