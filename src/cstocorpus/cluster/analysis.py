"""A build's analysis on a Dask cluster, handed back document by document in catalog order.

The same pipeline as local workers (``index.parallel._pipelined``): chunks of block texts
are sent a few at a time across documents, at most ``AHEAD_PER_WORKER`` per worker thread
of the cluster, so neither this process nor the cluster holds more than that whatever the
size of the corpus; results are taken back in the order they were sent, so the index is the
one a local build makes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from itertools import chain
from pathlib import Path

from ..corpus import SourceDocument
from ..index import parallel
from ..index.pipeline import pipeline_fingerprint
from . import ClusterError, tasks
from .connection import CHECK_EVERY, Watch, connected


def analyzed_on_cluster(sources: Iterable[SourceDocument], address: str,
                        spill_dir: Path | None = None) -> Iterator[parallel.Result]:
    """What ``parallel.analyzed_documents`` gives, analyzed by the workers of the Dask
    scheduler at ``address``.  Connects only when there is a source to analyze."""
    upcoming = iter(sources)
    first = next(upcoming, None)
    if first is None:
        return
    with connected(address) as client:
        watch = Watch(client, address)
        threads = sum(client.nthreads().values())
        expected = pipeline_fingerprint()

        def submit(texts: list[str]) -> RemoteChunk:
            return RemoteChunk(client.submit(tasks.analyze_chunk, texts, pure=False), watch, expected)

        yield from parallel._pipelined(submit, chain([first], upcoming), max(1, threads) * parallel.AHEAD_PER_WORKER,
                                       spill_dir, fatal=(ClusterError,))


class RemoteChunk:
    """One chunk's Dask future, answering as ``_pipelined`` expects of a future: ``result``
    is the chunk's analysis, raises the analyzer's exception (its document is left out), or
    raises ``ClusterError`` when the cluster cannot give the result."""

    def __init__(self, future, watch: Watch, expected: str) -> None:
        self.future = future
        self.watch = watch
        self.expected = expected

    def result(self) -> list:
        while True:
            try:
                fingerprint, worker, analyzed = self.future.result(timeout=CHECK_EVERY)
                break
            except TimeoutError:
                self.watch.check()
            except (CancelledError, OSError):  # futures cancelled on losing the scheduler, or a closed comm
                raise self.watch.lost() from None
            except Exception as exc:  # the task itself never raises: this is the cluster's failure
                raise ClusterError(_failure(exc, self.watch.address)) from None
        if fingerprint != self.expected:
            raise ClusterError(
                f"the Dask worker {worker} runs other code or analysis libraries than this build "
                f"(pipeline {fingerprint}, here {self.expected}), so the index would not be the one a "
                "local build makes: install the same cstocorpus and libraries on every worker")
        if isinstance(analyzed, Exception):
            raise analyzed
        return analyzed

    def cancel(self) -> None:
        self.future.cancel()


def _failure(exc: Exception, address: str) -> str:
    if type(exc).__name__ == "KilledWorker":
        return (f"Dask workers of {address} died again and again while analyzing the same blocks "
                "(see the workers' logs); the index was left as it was")
    return f"the Dask cluster at {address} failed during the build ({type(exc).__name__}: {exc})"
