"""One writer at a time: a non-blocking ``flock`` on a lock file, shared by the index
(one build) and the corpus (one catalog editor).  A second process is told at once,
rather than left waiting on a lock it cannot see."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive(lock_file: Path, busy: Exception) -> Iterator[None]:
    """Hold the lock on ``lock_file``; raise ``busy`` at once if another process holds it.
    The kernel releases the lock when the process dies, so a crash never leaves it stuck."""
    with open(lock_file, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise busy from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
