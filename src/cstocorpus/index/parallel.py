"""Analysis of a corpus on all cores, handed back document by document in catalog order.

Analysis is nearly all of a build's work and each block is analyzed on its own
(``passages.analyze_block``), so blocks go to worker processes in chunks while the builder
writes the documents already done.  Results come back in the order the documents were given,
so the index is the same whatever the number of workers.  Only a bounded number of blocks is
in flight at a time: a corpus of a million passages is never held in memory at once.

Small corpora are analyzed in this process: starting workers costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..analysis import analyze_with_compounds
from ..corpus import SourceDocument
from ..passages import AnalyzedBlock, analyze_block

#: Below this many blocks in all, analysis stays in this process.
PARALLEL_MIN_BLOCKS = 2000
#: Blocks sent to a worker at once.
CHUNK = 128
#: Chunks in flight per worker (bounds memory; keeps every worker busy).
AHEAD_PER_WORKER = 4

Result = tuple[SourceDocument, list[AnalyzedBlock | None] | Exception]


def default_workers() -> int:
    return os.cpu_count() or 1


def analyzed_documents(sources: Iterable[SourceDocument], workers: int | None = None) -> Iterator[Result]:
    """``(source, analyzed blocks)`` per document, in order; ``(source, exception)`` for a
    document whose analysis failed (the builder reports it and leaves the document out)."""
    sources = list(sources)
    workers = default_workers() if workers is None else workers
    if workers <= 1 or sum(len(s.parsed.blocks) for s in sources) < PARALLEL_MIN_BLOCKS:
        for source in sources:
            try:
                yield source, [analyze_block(b.text) for b in source.parsed.blocks]
            except Exception as exc:  # reported with the document, never half-indexed
                yield source, exc
        return
    # Load every analyzer here first: forked workers share its pages instead of each loading them.
    analyze_with_compounds("CSTO ОДКБ องค์การ 集団安全保障", "ja")
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from _pipelined(pool, sources, workers * AHEAD_PER_WORKER)


def _pipelined(pool: ProcessPoolExecutor, sources: list[SourceDocument], max_chunks: int) -> Iterator[Result]:
    pending: deque[tuple[SourceDocument, list[Future]]] = deque()
    in_flight = 0
    upcoming = iter(sources)
    exhausted = False

    def submit_more() -> None:
        nonlocal in_flight, exhausted
        while not exhausted and in_flight < max_chunks:
            source = next(upcoming, None)
            if source is None:
                exhausted = True
                return
            texts = [b.text for b in source.parsed.blocks]
            futures = [pool.submit(_analyze_chunk, texts[i:i + CHUNK]) for i in range(0, len(texts), CHUNK)]
            pending.append((source, futures))
            in_flight += len(futures)

    submit_more()
    while pending:
        source, futures = pending.popleft()
        try:
            blocks = [a for f in futures for a in f.result()]
        except BrokenProcessPool:
            raise  # a worker died (killed, out of memory): the build fails, the old index stays
        except Exception as exc:
            for f in futures:
                f.cancel()
            yield source, exc
        else:
            yield source, blocks
        in_flight -= len(futures)
        submit_more()


def _analyze_chunk(texts: list[str]) -> list[AnalyzedBlock | None]:
    return [analyze_block(t) for t in texts]
