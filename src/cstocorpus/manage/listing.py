"""``cstocorpus list``: every catalog document with its metadata, and what the index holds of it.

The status compares the catalog and the source file with the current index generation, so
a researcher sees at a glance what the next ``build`` will do.
"""

from __future__ import annotations

from pathlib import Path

from ..catalog import Catalog
from ..corpus import DocumentProblem, checked_files, content_fingerprint
from ..index.reader import CorpusIndex, IndexUnavailable

#: Status of a document: the next build leaves it as it is / analyzes it / cannot read it.
INDEXED, NOT_INDEXED, CHANGED, REFUSED = "indexed", "not indexed", "changed since build", "refused"
COLUMNS = ("id", "title", "languages", "passages", "status", "file", "authors", "publisher", "url",
           "published", "accessed", "format", "encoding", "machine_translated", "problem")


def document_rows(catalog: Catalog, index_dir: Path) -> list[dict]:
    indexed = _indexed(index_dir)
    problems = {p.doc_id: p for p in checked_files(catalog) if isinstance(p, DocumentProblem)}
    rows = []
    for record in catalog.documents:
        entry = indexed.get(record.id)
        problem = problems.get(record.id)
        if problem is not None:
            status = REFUSED
        elif entry is None:
            status = NOT_INDEXED
        elif entry.get("fingerprint") != content_fingerprint(record):
            status = CHANGED
        else:
            status = INDEXED
        rows.append({
            "id": record.id,
            "title": record.title or (entry or {}).get("title", ""),
            "languages": list(record.languages),
            "passages": (entry or {}).get("passages"),
            "passage_languages": (entry or {}).get("passage_languages", {}),
            "status": status,
            "file": record.file,
            "authors": list(record.authors),
            "publisher": record.publisher,
            "url": record.url,
            "published": record.published,
            "accessed": record.accessed,
            "format": record.format,
            "encoding": record.encoding,
            "machine_translated": record.machine_translated,
            "problem": problem.reason if problem else "",
        })
    return rows


def _indexed(index_dir: Path) -> dict[str, dict]:
    """The current generation's documents, or nothing when there is no usable index."""
    try:
        index = CorpusIndex(index_dir)
    except IndexUnavailable:
        return {}
    try:
        return index.documents
    finally:
        index.close()
