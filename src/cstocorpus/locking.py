"""One writer at a time: a ``flock`` on a lock file, shared by the index (one build) and
the corpus (one catalog editor).  A second process is told at once, or after a bounded wait
it asked for, rather than left waiting on a lock it cannot see."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

#: How often a waiting process tries the lock again (seconds).
POLL = 0.1


class LockUnavailable(OSError):
    """The lock file cannot even be opened (a read-only file system, no permission)."""


@contextmanager
def exclusive(lock_file: Path, busy: Exception, wait: float = 0.0,
              on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the lock on ``lock_file``; raise ``busy`` if another process holds it -- at
    once, or after trying for ``wait`` seconds (``on_wait`` is called once, when the
    waiting starts).  ``LockUnavailable`` if the lock file cannot be opened.  The kernel
    releases the lock when the process dies, so a crash never leaves it stuck."""
    try:
        fh = open(lock_file, "a+")  # noqa: SIM115 -- closed below
    except OSError as exc:
        raise LockUnavailable(exc.errno, exc.strerror, str(lock_file)) from None
    with fh:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise busy from None
                if not told and on_wait is not None:
                    on_wait()
                told = True
                time.sleep(min(POLL, max(0.0, deadline - time.monotonic())))
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
