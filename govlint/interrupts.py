"""SIGINT and SIGTERM during a run. In the command's process they raise
:class:`govlint.errors.Interrupted`: the ``finally`` blocks on the way out remove temporary files
(an ``-o`` report, a cache entry), a batch stops its worker processes (:func:`stop`), and the
command line says one line and ends with 130 or 143. A worker process does the same inside its
piece of work (:func:`busy`) and then exits at once; between pieces it exits at once."""

from __future__ import annotations

import atexit
import os
import signal
import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

from govlint.errors import Interrupted

T = TypeVar("T")
SIGNALS = (signal.SIGINT, signal.SIGTERM)
WORKER_STOP_SECONDS = 2.0  # a worker still alive this long after SIGTERM is killed
MANAGER_STOP_SECONDS = 1.0  # the pool's thread, waiting for a result a stopped worker left half sent

_stopping = False  # the command's process: an interrupt is being handled, later ones are not raised again
IDLE, BUSY, UNWINDING = 0, 1, 2
_worker_state = IDLE  # a worker process: between pieces of work, inside one, or leaving one on an interrupt


def _raise(signum, frame) -> None:
    global _stopping
    if _stopping:
        return
    _stopping = True
    raise Interrupted(signum)


def catch() -> None:
    """In the command's process (its main thread): SIGINT and SIGTERM raise Interrupted, once;
    not any more once the run is over and the process is ending (its exit hooks are not cut short
    with a traceback)."""
    global _stopping
    _stopping = False
    for s in SIGNALS:
        signal.signal(s, _raise)
    atexit.unregister(_finishing)
    atexit.register(_finishing)


def _finishing() -> None:
    global _stopping
    _stopping = True


@contextmanager
def held() -> Iterator[None]:
    """SIGINT and SIGTERM held back in the block and delivered when it ends: worker processes
    started in it begin with them held, until :func:`worker` has set their handlers."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _worker_signal(signum, frame) -> None:
    global _worker_state
    if _worker_state == BUSY:
        _worker_state = UNWINDING  # a second signal (SIGINT to the group, then SIGTERM) does not cut it short
        raise Interrupted(signum)
    if _worker_state == IDLE:
        os._exit(128 + signum)  # between pieces of work there is nothing to clean up


def worker() -> None:
    """First thing in a worker process (its pool's initializer). On Linux the worker is also told
    to get SIGTERM when its parent dies: a run killed outright (SIGKILL, a CI job's timeout) leaves
    no worker reading a long scan on for minutes."""
    for s in SIGNALS:
        signal.signal(s, _worker_signal)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
    parent = os.getppid()
    if _die_with_parent() and os.getppid() != parent:
        os._exit(1)  # the parent died before the request was made


PR_SET_PDEATHSIG = 1  # prctl(2)


def _die_with_parent() -> bool:
    """Ask Linux for SIGTERM when the parent process dies; False where that cannot be asked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def guarded(work: Callable[..., T], *args) -> T:
    """A worker's piece of work, ``work(*args)``: an interrupt unwinds it (its temporary files
    removed on the way), then the worker exits without answering."""
    global _worker_state
    try:
        _worker_state = BUSY
        try:
            return work(*args)
        finally:
            if _worker_state == BUSY:
                _worker_state = IDLE
    except Interrupted as exc:
        os._exit(exc.code)


def stop(pool) -> None:
    """Stop a ProcessPoolExecutor's workers now, without waiting for their work: SIGTERM to each
    (it removes its temporary files and exits), SIGKILL to one still alive after
    WORKER_STOP_SECONDS, each one waited for (no orphan, no zombie)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for p in processes:
        try:
            p.terminate()
        except (OSError, ValueError):  # already gone
            pass
    deadline = time.monotonic() + WORKER_STOP_SECONDS
    for p in processes:
        try:
            p.join(max(0.0, deadline - time.monotonic()))
            if p.exitcode is None:
                p.kill()
                p.join(1)
        except (OSError, ValueError):
            pass
    manager = getattr(pool, "_executor_manager_thread", None)  # shutdown forgets both
    results = getattr(pool, "_result_queue", None)
    pool.shutdown(wait=False, cancel_futures=True)
    if manager is not None:  # done before the pool's own exit hook runs
        manager.join(MANAGER_STOP_SECONDS)
        if manager.is_alive():
            # It waits for the rest of a result a stopped worker left half sent; it would wait for
            # ever, and so would the interpreter's exit, which joins it. Closing the last open end
            # of the result pipe (this process's: the workers are gone) ends its read, and the pool
            # ends as broken.
            try:
                results._writer.close()
            except (AttributeError, OSError):
                pass
            manager.join(MANAGER_STOP_SECONDS)
        if not manager.is_alive():
            from concurrent.futures import process as _futures_process

            # the pool's exit hook would wake the ended thread through a pipe it has closed
            # ("Exception ignored … Bad file descriptor" at exit, Python 3.11)
            getattr(_futures_process, "_threads_wakeups", {}).pop(manager, None)


def finish(pool, failed: bool) -> None:
    """The end of a batch's pool (None: none was started): when the batch ``failed`` (an
    interrupt, a bug, a generator closed early) its workers stop now, their work unfinished;
    otherwise it shuts down as usual."""
    if pool is None:
        return
    if failed:
        stop(pool)
    else:
        pool.shutdown(cancel_futures=True)
