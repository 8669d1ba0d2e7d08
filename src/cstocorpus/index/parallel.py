"""Analysis of a corpus on all cores, handed back document by document in catalog order.

Analysis is nearly all of a build's work and each block is analyzed on its own
(``passages.analyze_block``), so blocks go to worker processes in chunks while the builder
writes the documents already done.  A worker also turns each block's tokens into the fields
the index wants of them (``fields.packed_analysis_fields``: eight strings), so the build
process never unpickles a token nor encodes a term: it only numbers the passages and hands
their fields to the engine.  Results come back in the order the documents were given, so the
index is the same whatever the number of workers.  Only a bounded number of blocks is in
flight at a time, and sources are taken from the iterable only as they are sent: a corpus of a
million passages is never held in memory here.

Small corpora are analyzed in this process: starting workers costs more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain

from ..corpus import SourceDocument
from ..passages import AnalyzedBlock, analyze_block
from .fields import analysis_fields, packed_analysis_fields

#: Below this many blocks in all, analysis stays in this process.
PARALLEL_MIN_BLOCKS = 2000
#: ``--workers`` beyond this is refused: all of them are forked at once, each holding the
#: analyzers, and more processes than cores only take turns.
MAX_WORKERS = max(8, 4 * (os.cpu_count() or 1))
#: Blocks sent to a worker at once.
CHUNK = 128
#: Chunks in flight per worker (bounds memory; keeps every worker busy).
AHEAD_PER_WORKER = 4
#: Texts that make this process load everything analysis and ``analysis_fields`` load lazily
#: (every analyzer, Thai compounds, langdetect's profiles for a Latin text with an ``ü``, the
#: name lists) before workers are forked: they share those pages instead of each loading them.
WARM_UP_TEXTS = (
    "The Collective Security Treaty Organization (CSTO) met in Moscow.",
    "Die Organisation des Vertrags über kollektive Sicherheit traf sich in Moskau und Minsk.",
    "Организация Договора о коллективной безопасности (ОДКБ) провела учения в Армении.",
    "องค์การสนธิสัญญาความมั่นคงร่วมกัน การรักษาสันติภาพ ของ CSTO",
    "集団安全保障条約機構はアルメニアで演習を行った。",
)

Result = tuple[SourceDocument, list[AnalyzedBlock | None] | Exception]
#: What a worker sends back for one block: ``None`` (no text) or (norm, lang, packed fields).
_Analyzed = tuple[str, str, tuple] | None


def default_workers() -> int:
    return os.cpu_count() or 1


def analyzed_documents(sources: Iterable[SourceDocument], workers: int | None = None) -> Iterator[Result]:
    """``(source, analyzed blocks)`` per document, in order; ``(source, exception)`` for a
    document whose analysis failed (the builder reports it and leaves the document out).

    ``sources`` is read as it goes (only as far ahead as ``PARALLEL_MIN_BLOCKS`` to decide
    whether workers are worth starting).  Blocks analyzed in a worker come back as
    ``AnalyzedBlock``s holding their ``packed_analysis_fields`` (``terms``) instead of tokens."""
    workers = default_workers() if workers is None else workers
    upcoming = iter(sources)
    head: list[SourceDocument] = []
    blocks = 0
    if workers > 1:
        for source in upcoming:
            head.append(source)
            blocks += len(source.parsed.blocks)
            if blocks >= PARALLEL_MIN_BLOCKS:
                break
    if workers <= 1 or blocks < PARALLEL_MIN_BLOCKS:
        for source in chain(head, upcoming):
            try:
                yield source, [analyze_block(b.text) for b in source.parsed.blocks]
            except Exception as exc:  # reported with the document, never half-indexed
                yield source, exc
        return
    _warm_up()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from _pipelined(pool, chain(head, upcoming), workers * AHEAD_PER_WORKER)


def _warm_up() -> None:
    for text in WARM_UP_TEXTS:
        analyzed = analyze_block(text)
        if analyzed is not None:
            analysis_fields(text, analyzed.tokens, analyzed.compounds, analyzed.bound)
    # Everything alive now lives as long as the build: keep the collector (here and in the
    # forked workers, where it would also copy the shared pages) from walking it again.
    gc.collect()
    gc.freeze()


def _pipelined(pool: ProcessPoolExecutor, sources: Iterator[SourceDocument], max_chunks: int) -> Iterator[Result]:
    """Documents in order as their chunks come back.  Work is sent ahead in whole documents,
    up to ``max_chunks`` chunks but always at least two documents beyond the one being
    written: a document is often more chunks than that, and the workers must not wait while
    the builder writes one."""
    pending: deque[tuple[SourceDocument, list[Future]]] = deque()
    in_flight = 0
    exhausted = False

    def submit_more() -> None:
        nonlocal in_flight, exhausted
        while not exhausted and (in_flight < max_chunks or len(pending) < 2):
            source = next(sources, None)
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
        result: list[AnalyzedBlock | None] | Exception
        try:
            result = [None if a is None else AnalyzedBlock(a[0], a[1], (), (), a[2])
                      for f in futures for a in f.result()]
        except BrokenProcessPool:
            raise  # a worker died (killed, out of memory): the build fails, the old index stays
        except Exception as exc:
            for f in futures:
                f.cancel()
            result = exc
        in_flight -= len(futures)
        submit_more()  # before the builder writes this document, not after
        yield source, result


def _analyze_chunk(texts: list[str]) -> list[_Analyzed]:
    """In a worker: each text analyzed and turned into its fields, in the most compact form
    to send back (plain tuples, strings and lists: they unpickle without a Python call)."""
    out: list[_Analyzed] = []
    for text in texts:
        a = analyze_block(text)
        out.append(None if a is None else (a.norm, a.lang,
                                           packed_analysis_fields(text, a.tokens, a.compounds, a.bound)))
    return out
