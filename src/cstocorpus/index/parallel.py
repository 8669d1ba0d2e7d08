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
import pickle
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from pathlib import Path

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
#: Chunks of one document's analysis kept in memory until the document is complete; the
#: rest wait in a temporary file (``DocumentAnalysis``).
KEEP_CHUNKS = 16
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

#: What a worker sends back for one block: ``None`` (no text) or (norm, lang, packed fields).
_Analyzed = tuple[str, str, tuple] | None
Result = tuple[SourceDocument, "DocumentAnalysis | Exception"]


def default_workers() -> int:
    return os.cpu_count() or 1


def analyzed_documents(sources: Iterable[SourceDocument], workers: int | None = None,
                       spill_dir: Path | None = None) -> Iterator[Result]:
    """``(source, analyzed blocks)`` per document, in order; ``(source, exception)`` for a
    document whose analysis failed (the builder reports it and leaves the document out).

    ``sources`` is read as it goes (only as far ahead as ``PARALLEL_MIN_BLOCKS`` to decide
    whether workers are worth starting).  The analyzed blocks (a ``DocumentAnalysis``) are
    read once, in order; those of a long document wait in a temporary file in ``spill_dir``
    (see ``DocumentAnalysis``).  Blocks analyzed in a worker come back as ``AnalyzedBlock``s
    holding their ``packed_analysis_fields`` (``terms``) instead of tokens."""
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
            yield source, _analyzed_here(source, spill_dir)
        return
    _warm_up()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from _pipelined(lambda texts: pool.submit(_analyze_chunk, texts), chain(head, upcoming),
                              workers * AHEAD_PER_WORKER, spill_dir)


def _analyzed_here(source: SourceDocument, spill_dir: Path | None) -> DocumentAnalysis | Exception:
    """One document analyzed in this process, a chunk at a time."""
    blocks = source.parsed.blocks
    analysis = DocumentAnalysis(len(blocks), spill_dir)
    try:
        for i in range(0, len(blocks), CHUNK):
            analysis.add([analyze_block(b.text) for b in blocks[i:i + CHUNK]], blocks[i:i + CHUNK])
    except Exception as exc:  # reported with the document, never half-indexed
        analysis.close()
        return exc
    return analysis


def _warm_up() -> None:
    for text in WARM_UP_TEXTS:
        analyzed = analyze_block(text)
        if analyzed is not None:
            analysis_fields(text, analyzed.tokens, analyzed.compounds, analyzed.bound)
    # Everything alive now lives as long as the build: keep the collector (here and in the
    # forked workers, where it would also copy the shared pages) from walking it again.
    gc.collect()
    gc.freeze()


def _pipelined(submit: Callable[[list[str]], Future], sources: Iterator[SourceDocument], max_chunks: int,
               spill_dir: Path | None, fatal: tuple[type[BaseException], ...] = (BrokenProcessPool,)
               ) -> Iterator[Result]:
    """Documents in order as their chunks come back.  Chunks are sent ahead, across document
    boundaries, up to ``max_chunks`` in flight: enough to keep every worker busy while the
    builder writes a document, and never a long document's every chunk at once (their
    results would all wait here).  ``submit`` starts the analysis of one chunk's texts
    (``_analyze_chunk``) somewhere and returns its future: a local process pool's or a Dask
    cluster's (``cstocorpus.cluster``).  An exception of a ``fatal`` type from a future ends
    the build; any other leaves its document out."""
    chunks: Iterator[tuple[SourceDocument, list[str], bool]] = _chunks(sources)
    in_flight: deque[tuple[SourceDocument, Future, bool]] = deque()

    def submit_more() -> None:
        while len(in_flight) < max_chunks:
            item = next(chunks, None)
            if item is None:
                return
            source, texts, last = item
            in_flight.append((source, submit(texts), last))

    submit_more()
    while in_flight:
        source = in_flight[0][0]
        analysis: DocumentAnalysis | Exception = DocumentAnalysis(len(source.parsed.blocks), spill_dir)
        last = False
        while not last:
            _, future, last = in_flight.popleft()
            submit_more()  # keep the workers busy while this result is taken in
            if isinstance(analysis, Exception):
                future.cancel()
                continue
            try:
                sent = future.result()
            except fatal:
                analysis.close()
                raise  # a worker or the cluster died: the build fails, the old index stays
            except Exception as exc:
                analysis.close()
                analysis = exc
                continue
            analysis.add_sent(sent)
        yield source, analysis


def _chunks(sources: Iterator[SourceDocument]) -> Iterator[tuple[SourceDocument, list[str], bool]]:
    """``(document, texts of up to CHUNK blocks, whether it is the document's last chunk)``;
    a document without blocks is one empty chunk."""
    for source in sources:
        texts = [b.text for b in source.parsed.blocks]
        starts = range(0, len(texts), CHUNK) if texts else [0]
        for i in starts:
            yield source, texts[i:i + CHUNK], i + CHUNK >= len(texts)
        del texts


def _analyze_chunk(texts: list[str]) -> list[_Analyzed]:
    """In a worker: each text analyzed and turned into its fields, in the most compact form
    to send back (plain tuples, strings and lists: they unpickle without a Python call)."""
    return [_packed(text, analyze_block(text)) for text in texts]


def _packed(text: str, a: AnalyzedBlock | None) -> _Analyzed:
    return None if a is None else (a.norm, a.lang, packed_analysis_fields(text, a.tokens, a.compounds, a.bound))


def _unpacked(sent: _Analyzed) -> AnalyzedBlock | None:
    return None if sent is None else AnalyzedBlock(sent[0], sent[1], (), (), sent[2])


class DocumentAnalysis:
    """The analyzed blocks of one document, read once, in order (``len``: how many blocks).

    A document is written to the index only when all of it was analyzed (an analyzer
    failure leaves it out whole), so its analysis must wait somewhere until then.  The first
    ``KEEP_CHUNKS`` chunks wait here; the chunks of a longer document (one 50 MB source is
    some 800) go on to a temporary file in ``spill_dir`` (the new generation, on the index's
    disk: a system temporary directory may be memory) and are read back one at a time, so
    memory stays bounded whatever the size of the document."""

    def __init__(self, blocks: int, spill_dir: Path | None = None) -> None:
        self.blocks = blocks
        self.spill_dir = spill_dir
        self.kept: list[list[AnalyzedBlock | None]] = []
        self.spill = None

    def __len__(self) -> int:
        return self.blocks

    def add(self, analyzed: list[AnalyzedBlock | None], blocks) -> None:
        """One chunk analyzed in this process (``blocks``: the chunk's blocks)."""
        if self.spill is None and len(self.kept) < KEEP_CHUNKS:
            self.kept.append(analyzed)
        else:
            self._spill([_packed(b.text, a) for b, a in zip(blocks, analyzed, strict=True)])

    def add_sent(self, sent: list[_Analyzed]) -> None:
        """One chunk as a worker sent it back."""
        if self.spill is None and len(self.kept) < KEEP_CHUNKS:
            self.kept.append([_unpacked(a) for a in sent])
        else:
            self._spill(sent)

    def _spill(self, sent: list[_Analyzed]) -> None:
        if self.spill is None:
            self.spill = tempfile.TemporaryFile(dir=self.spill_dir)
        pickle.dump(sent, self.spill, protocol=pickle.HIGHEST_PROTOCOL)

    def __iter__(self) -> Iterator[AnalyzedBlock | None]:
        try:
            kept, self.kept = self.kept, []
            for chunk in kept:
                yield from chunk
            del kept, chunk
            if self.spill is not None:
                self.spill.seek(0)
                while True:
                    try:
                        sent = pickle.load(self.spill)
                    except EOFError:
                        break
                    for a in sent:
                        yield _unpacked(a)
        finally:
            self.close()

    def close(self) -> None:
        self.kept = []
        if self.spill is not None:
            self.spill.close()
            self.spill = None
