"""Build a complete index from the corpus into a new generation, then publish it atomically."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .. import __version__
from ..catalog import Catalog
from ..corpus import DocumentProblem, SourceDocument, read_sources, uncataloged_files
from ..glossary import AnalyzedGlossary, load_glossary
from ..passages import iter_passages
from .engine import DEFAULT_ENGINE, engine_module
from .fields import passage_fields
from .location import IndexLocation
from .parallel import analyzed_documents
from .schema import FORMAT_NAME, FORMAT_VERSION
from .signature import sign

MANIFEST = "manifest.json"
DOCUMENTS = "documents.json"
GLOSSARY = "glossary.json"


@dataclass
class BuildReport:
    generation: Path
    documents: int = 0
    passages: int = 0
    languages: Counter = field(default_factory=Counter)
    problems: list[DocumentProblem] = field(default_factory=list)
    uncataloged: list[Path] = field(default_factory=list)


def build_index(
    catalog: Catalog,
    location: IndexLocation,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    workers: int | None = None,
    engine: str = DEFAULT_ENGINE,
) -> BuildReport:
    """Analyze every cataloged document and write a fresh index generation.

    ``on_total`` is told how many blocks will be analyzed, ``progress`` how many were just done.
    ``workers`` analysis processes (default: one per core; ``index.parallel`` decides when a
    corpus is too small to be worth them); the index is the same for any number.
    ``engine``: ``"whoosh"`` or ``"tantivy"`` (see ``engine``); searches open whichever it was.
    The previous index stays current until the new one is completely written.
    """
    write = engine_module(engine).write  # an unknown engine stops the build before it starts
    glossary = load_glossary(catalog.root)  # a broken glossary stops the build before it starts
    with location.build_lock():
        sources: list[SourceDocument] = []
        problems: list[DocumentProblem] = []
        for item in read_sources(catalog):
            (sources if isinstance(item, SourceDocument) else problems).append(item)
        if on_total:
            on_total(sum(len(s.parsed.blocks) for s in sources))

        generation = location.new_generation()
        report = BuildReport(generation, problems=problems, uncataloged=uncataloged_files(catalog))
        try:
            documents: dict[str, dict] = {}
            write(generation, _passages(sources, documents, report, progress, workers))
            _write_json(generation / DOCUMENTS, documents)
            _write_json(generation / GLOSSARY, AnalyzedGlossary.build(glossary).to_json())
            _write_json(generation / MANIFEST, {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "engine": engine,
                "cstocorpus": __version__,
                "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "documents": report.documents,
                "passages": report.passages,
                "languages": dict(sorted(report.languages.items())),
                "problems": [str(p) for p in report.problems],
                "signature": sign(generation),  # last: it covers every other file
            })
            location.publish(generation)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        return report


def _passages(sources: list[SourceDocument], documents: dict[str, dict], report: BuildReport,
              progress, workers: int | None):
    """The field dicts of every passage, in document order, for the engine to index;
    ``documents`` and ``report`` are filled in as documents go by."""
    for source, analyzed in analyzed_documents(sources, workers):
        if progress:
            progress(len(source.parsed.blocks))
        if isinstance(analyzed, Exception):  # an analyzer failure must not half-index the document
            report.problems.append(DocumentProblem(
                source.record.id, source.path, f"analysis failed ({type(analyzed).__name__}: {analyzed})"))
            continue
        passages = list(iter_passages(source.record.id, source.parsed.blocks, analyzed))
        for passage in passages:
            yield passage_fields(passage)
        langs = Counter(p.lang for p in passages)
        documents[source.record.id] = {
            **source.metadata,
            "format": source.parsed.format,
            "passages": len(passages),
            "passage_languages": dict(sorted(langs.items())),
        }
        report.documents += 1
        report.passages += len(passages)
        report.languages.update(langs)


def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
