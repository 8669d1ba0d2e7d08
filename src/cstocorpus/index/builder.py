"""Bring the index up to date with the corpus in a new generation, then publish it atomically."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path

from .. import __version__
from ..catalog import Catalog, DocumentRecord
from ..corpus import (
    DocumentProblem,
    SourceDocument,
    checked_files,
    citation_metadata,
    content_fingerprint,
    parse_source,
    text_metadata,
    uncataloged_files,
)
from ..glossary import AnalyzedGlossary, load_glossary
from ..glossary.load import GLOSSARY_FILE
from ..passages import iter_passages
from .columns import COLUMN_FILES, ColumnsWriter
from .engine import DEFAULT_ENGINE, ENGINES, engine_module
from .fields import passage_fields
from . import integrity, signature
from .incremental import PreviousGeneration, plan_update, previous_generation
from .location import DOCUMENTS, GLOSSARY, MANIFEST, IndexLayoutError, IndexLocation
from .parallel import analyzed_documents
from .pipeline import pipeline_fingerprint
from .shards import read_shard_list
from .schema import FORMAT_NAME, FORMAT_VERSION


@dataclass
class BuildReport:
    generation: Path | None  # None: nothing had changed, the current index was kept
    documents: int = 0
    passages: int = 0
    languages: Counter = field(default_factory=Counter)
    problems: list[DocumentProblem] = field(default_factory=list)
    uncataloged: list[Path] = field(default_factory=list)
    incremental: bool = False  # built from the previous generation, not from scratch
    why_full: str = ""  # why a full build was made (empty when incremental)
    analyzed: list[str] = field(default_factory=list)  # ids of documents (re-)analyzed
    reused: int = 0  # documents whose passages were kept from the previous generation
    removed: list[str] = field(default_factory=list)  # ids dropped from the previous generation
    shards: int = 1  # a Xapian index split into shards (``shards``)


def build_index(
    catalog: Catalog,
    location: IndexLocation,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    workers: int | None = None,
    engine: str | None = None,
    full: bool = False,
    wait: float = 0.0,
    on_wait: Callable[[], None] | None = None,
    shards: int | None = None,
    cluster: str | None = None,
) -> BuildReport:
    """Bring the index up to date with the corpus in a new generation, published atomically.

    Incremental unless ``full``: when the previous generation was built by the same engine and
    the same code (``pipeline``), documents whose bytes and reading options are unchanged keep
    their passages and only new or changed documents are analyzed; catalog-only edits just
    update their citations.  Otherwise every document is analyzed.
    ``on_total`` is told how many bytes of sources will be analyzed, ``progress`` how many were
    just done.  Sources are read one at a time as analysis needs them.
    ``workers`` analysis processes (default: one per core; ``index.parallel`` decides when a
    corpus is too small to be worth them); the index is the same for any number.
    ``cluster``: the address of a Dask scheduler (``tcp://HOST:PORT``) whose workers analyze
    instead of local processes (``cstocorpus.cluster``); the index is the same.  A cluster
    that fails stops the build with a ``ClusterError``.
    ``engine``: ``"whoosh"`` or ``"tantivy"`` (see ``engine``); None keeps the current index's
    engine (Whoosh if there is none).  Searches open whichever it was.
    ``shards``: a Xapian index split into that many shards by document id (``shards``);
    None keeps the current index's number (one if there is none).
    The previous index stays current until the new one is completely written.  Another
    build holding the index: ``IndexBusyError``, at once or after ``wait`` seconds.
    """
    engine = engine or current_engine(location)
    module = engine_module(engine)  # an unknown engine stops the build before it starts
    if shards is not None and shards != 1 and not getattr(module, "SHARDS_ALLOWED", False):
        raise ValueError(f"the {engine} engine writes one index: shards need the xapian engine")
    glossary_source = _glossary_source(catalog.root)  # before it is read: see _analyzed_glossary
    glossary = load_glossary(catalog.root)  # a broken glossary stops the build before it starts
    with location.build_lock(wait, on_wait):
        previous, why_full = (None, "--full") if full else previous_generation(location, engine)
        if previous is not None:
            before = len(read_shard_list(previous.path)) or 1
            if shards is not None and shards != before:
                previous, why_full = None, f"the previous index has {before} shard{'s' if before != 1 else ''}, not {shards}"
            shards = before if shards is None else shards
        checked: list[tuple[DocumentRecord, Path]] = []
        problems: list[DocumentProblem] = []
        for item in checked_files(catalog):
            (problems if isinstance(item, DocumentProblem) else checked).append(item)
        plan = plan_update(checked, previous.documents if previous else {})
        # Sources are parsed one at a time as the workers need them, never all at once: a
        # million passages' worth of parsed text would be most of a build's memory.
        sources = _readable(plan.to_analyze, problems)
        first = next(sources, None)
        sources = chain([first], sources) if first is not None else iter(())

        report = BuildReport(None, problems=problems, uncataloged=uncataloged_files(catalog),
                             incremental=previous is not None, why_full=why_full, reused=len(plan.reused),
                             shards=shards or 1)
        kept = {r.id: _reused_entry(r, previous.documents[r.id]) for r, _ in plan.reused}
        glossary_json = _analyzed_glossary(glossary, glossary_source, previous)
        order = {r.id: n for n, r in enumerate(catalog.documents)}
        # Passages of every previous document not kept as it is are deleted before any is added.
        replaced = sorted(set(previous.documents) - set(kept)) if previous is not None else []
        if previous is not None and first is None and not replaced and previous.unchanged(kept, glossary_json):
            problems.sort(key=lambda p: order[p.doc_id])
            _count(report, kept)
            return report  # nothing to do: the current generation stays
        if on_total:
            on_total(sum(_size(path) for _, path in plan.to_analyze))

        generation = location.new_generation()
        report.generation = generation
        try:
            analyzed: dict[str, dict] = {}
            carried = {}
            columns = ColumnsWriter(previous.path if previous is not None else None, spill_dir=generation)
            passages = _columned(_passages(sources, analyzed, report, progress, workers, generation, cluster), columns)
            if previous is None:
                module.write(generation, passages, **({"shards": shards} if shards and shards > 1 else {}))
            else:
                carried = integrity.link_verified(previous.path, generation, previous.manifest["files"],
                                                  previous.signed.digest, skip=(DOCUMENTS, GLOSSARY, *COLUMN_FILES))
                module.update(generation, replaced, passages)
                report.removed = sorted(set(replaced) - set(analyzed))
            problems.sort(key=lambda p: order[p.doc_id])
            documents = {r.id: kept.get(r.id) or analyzed[r.id]
                         for r in catalog.documents if r.id in kept or r.id in analyzed}
            for doc_id in kept:
                columns.keep(doc_id)
            columns.write(generation, documents)
            _count(report, documents)
            _write_json(generation / DOCUMENTS, documents, compact=True)
            _write_json(generation / GLOSSARY, glossary_json, compact=True)
            table, stamps = integrity.file_table(generation, carried)
            raw = _write_json(generation / MANIFEST, signature.sign({
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "engine": engine,
                "pipeline": pipeline_fingerprint(),
                "cstocorpus": __version__,
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "incremental": report.incremental,
                "documents": report.documents,
                "passages": report.passages,
                "languages": dict(sorted(report.languages.items())),
                "problems": [str(p) for p in report.problems],
                "glossary_source": glossary_source,
                "files": table,  # size and sha256 of every other file: the signature covers them all
            }))
            integrity.remember_built(generation, integrity.manifest_digest(raw), stamps)
            location.publish(generation)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        return report


def _glossary_source(corpus_dir: Path) -> str:
    """A hash of the glossary file as it is ("" if there is none)."""
    try:
        return hashlib.sha256((corpus_dir / GLOSSARY_FILE).read_bytes()).hexdigest()
    except OSError:
        return ""


def _analyzed_glossary(glossary, source: str, previous: PreviousGeneration | None) -> list:
    """The glossary's names analyzed like the text.  When neither the glossary nor the code
    changed since the previous generation (whose files were just verified), its analysis is
    reused: loading the analyzers for it would be most of a build with nothing to do."""
    if previous is not None and source and previous.manifest.get("glossary_source") == source:
        try:
            return json.loads((previous.path / GLOSSARY).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    return AnalyzedGlossary.build(glossary).to_json()


def current_engine(location: IndexLocation) -> str:
    """The engine the current index was built with, or the default if there is none."""
    try:
        generation = location.current()
        engine = json.loads((generation / MANIFEST).read_text(encoding="utf-8")).get("engine")
    except (TypeError, OSError, ValueError, AttributeError, IndexLayoutError):
        return DEFAULT_ENGINE
    return engine if engine in ENGINES else DEFAULT_ENGINE


def _count(report: BuildReport, documents: dict[str, dict]) -> None:
    report.documents = len(documents)
    report.passages = sum(d["passages"] for d in documents.values())
    report.languages = Counter()
    for entry in documents.values():
        report.languages.update(entry["passage_languages"])


def _reused_entry(record: DocumentRecord, old: dict) -> dict:
    """A kept document's entry, with its citation refreshed from today's catalog record."""
    return {**old, **citation_metadata(record, old.get("text_metadata")), "format": old["format"]}


def _readable(to_analyze: list[tuple[DocumentRecord, Path]], problems: list[DocumentProblem]
              ) -> Iterator[SourceDocument]:
    """Each source parsed when it is asked for; one that cannot be read goes to ``problems``."""
    for record, path in to_analyze:
        item = parse_source(record, path)
        if isinstance(item, DocumentProblem):
            problems.append(item)
        else:
            yield item


def _passages(sources: Iterable[SourceDocument], documents: dict[str, dict], report: BuildReport,
              progress, workers: int | None, spill_dir: Path, cluster: str | None = None):
    """The field dicts of every passage, in document order, for the engine to index;
    ``documents`` and ``report`` are filled in as documents go by.  ``progress`` is told the
    size in bytes of each source file done.  A document's passages are made and handed on
    one at a time, never all held at once (a 50 MB source is some 100,000 of them); a long
    document's analysis waits in a temporary file in ``spill_dir`` until it is complete."""
    for source, analyzed in _analyzed(sources, workers, spill_dir, cluster):
        if progress:
            progress(_size(source.path))
        if isinstance(analyzed, Exception):  # an analyzer failure must not half-index the document
            report.problems.append(DocumentProblem(
                source.record.id, source.path, f"analysis failed ({type(analyzed).__name__}: {analyzed})"))
            continue
        languages: Counter = Counter()
        for passage in iter_passages(source.record.id, source.parsed.blocks, analyzed):
            languages[passage.lang] += 1
            yield passage_fields(passage)
        documents[source.record.id] = {
            **source.metadata,
            "format": source.parsed.format,
            "fingerprint": content_fingerprint(source.record),
            "text_metadata": text_metadata(source.parsed.metadata),
            "passages": languages.total(),
            "passage_languages": dict(sorted(languages.items())),
        }
        report.analyzed.append(source.record.id)


def _analyzed(sources: Iterable[SourceDocument], workers: int | None, spill_dir: Path, cluster: str | None):
    """Each document with its analysis, by local processes or by a Dask cluster's workers
    (Dask is imported only then: it is an optional extra)."""
    if cluster:
        from ..cluster.analysis import analyzed_on_cluster

        return analyzed_on_cluster(sources, cluster, spill_dir)
    return analyzed_documents(sources, workers, spill_dir)


def _columned(passages: Iterable[dict], columns: ColumnsWriter) -> Iterator[dict]:
    """The passages, each also added to the columns (``columns``) on its way to the engine."""
    for fields in passages:
        columns.add(fields)
        yield fields


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # read a moment ago; the bar may be a little short, the build is not
        return 0


def _write_json(path: Path, data, compact: bool = False) -> bytes:
    """Deterministic JSON (keys sorted).  ``compact``: no indentation -- documents.json of
    10,000 documents is read by every ``list`` and build, and C-encoded only without it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) if compact else \
        json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    raw = (text + "\n").encode("utf-8")
    path.write_bytes(raw)
    return raw
