"""A Dask client for the length of one build: connected, with workers, quiet, always closed.

Every way the cluster can fail becomes one ``ClusterError`` sentence: no scheduler at the
address, a scheduler without workers, a connection lost during the build.  Dask's own log
messages (a lost connection, a worker gone) are kept off the terminal while the client is
open: the build says what happened once, and Dask reruns a dead worker's tasks by itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from . import ClusterError

#: Seconds to reach the scheduler, and to wait for a first worker (or for one to come back).
CONNECT_TIMEOUT = 10.0
#: Seconds between checks, while a result is awaited, that the cluster still has workers.
CHECK_EVERY = 2.0
_LOGGERS = ("distributed", "tornado", "asyncio")


@contextmanager
def connected(address: str) -> Iterator:
    """A ``distributed.Client`` of the scheduler at ``address`` that has at least one worker."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--cluster needs Dask, which is not installed: install cstocorpus with "
                           "its cluster extra (pip install 'cstocorpus[cluster]')") from None
    with _quiet():
        client = _client(Client, address)
        try:
            try:
                client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError):
                raise ClusterError(f"the Dask scheduler at {address} has no workers (waited "
                                   f"{CONNECT_TIMEOUT:g} s): start some with 'dask worker {address}'") from None
            yield client
        finally:
            with suppress(Exception):
                client.close(timeout=CONNECT_TIMEOUT / 2)


def _client(Client, address: str):
    """A connected client, or ``ClusterError`` after ``CONNECT_TIMEOUT``.  Connecting runs in a
    thread of its own: a port where something else listens (another service, Dask's own
    dashboard) accepts the connection and never answers Dask's handshake, and the client's
    own timeout does not cover that; the abandoned thread is a daemon."""
    outcome: list = []
    done = threading.Event()

    def connect() -> None:
        try:
            outcome.append(Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False))
        except BaseException as exc:  # handed to the waiting thread
            outcome.append(exc)
        done.set()

    threading.Thread(target=connect, name="cstocorpus-dask-connect", daemon=True).start()
    if not done.wait(CONNECT_TIMEOUT + 2) or isinstance(outcome[0], BaseException):
        raise ClusterError(f"cannot reach a Dask scheduler at {address} (tried for {CONNECT_TIMEOUT:g} s)")
    return outcome[0]


@contextmanager
def _quiet() -> Iterator[None]:
    """Dask's loggers silenced (its configuration gives some children levels of their own)."""
    names = {name for name in logging.root.manager.loggerDict
             if any(name == top or name.startswith(top + ".") for top in _LOGGERS)}
    loggers = [logging.getLogger(name) for name in sorted(names | set(_LOGGERS))]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Watch:
    """Whether a cluster the build is waiting on can still answer: its client is connected,
    and it has had a worker within ``CONNECT_TIMEOUT`` (a scheduler whose workers are all
    gone would keep the build waiting for ever)."""

    def __init__(self, client, address: str) -> None:
        self.client = client
        self.address = address
        self.without_workers_since: float | None = None

    def check(self) -> None:
        if self.client.status != "running":
            raise self.lost()
        try:
            workers = self.client.nthreads()
        except Exception:
            raise self.lost() from None
        if workers:
            self.without_workers_since = None
            return
        now = time.monotonic()
        if self.without_workers_since is None:
            self.without_workers_since = now
        elif now - self.without_workers_since > CONNECT_TIMEOUT:
            raise ClusterError(f"the Dask cluster at {self.address} lost all its workers during the build "
                               f"(none for {CONNECT_TIMEOUT:g} s); the index was left as it was")

    def lost(self) -> ClusterError:
        return ClusterError(f"the connection to the Dask scheduler at {self.address} was lost during the "
                            "build; the index was left as it was")
