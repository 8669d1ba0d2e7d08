"""``cstocorpus list``: every catalog document with its metadata, and what the index holds of it.

The status compares the catalog and the source file with the current index generation, so
a researcher sees at a glance what the next ``build`` will do.  Only the index's
``documents.json`` is read (checked like every index file), never the engine.
"""

from __future__ import annotations

from ..catalog import Catalog
from ..corpus import content_fingerprint, file_problems

#: Status of a document: the next build leaves it as it is / analyzes it / cannot read it /
#: deletes it from the index (it left the catalog while another build was running).
INDEXED, NOT_INDEXED, CHANGED, REFUSED = "indexed", "not indexed", "changed since build", "refused"
LEFT_CATALOG = "removed, still indexed"
COLUMNS = ("id", "title", "languages", "passages", "status", "file", "authors", "publisher", "url",
           "published", "accessed", "format", "encoding", "machine_translated", "problem")


def document_rows(catalog: Catalog, indexed: dict[str, dict]) -> list[dict]:
    """A row per catalog document, then one per document the index (``indexed``: the
    current generation's documents.json) still holds but the catalog no longer lists."""
    problems = file_problems(catalog)
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
    listed = {record.id for record in catalog.documents}
    for doc_id, entry in indexed.items():
        if doc_id in listed:
            continue
        rows.append({
            **{name: "" for name in COLUMNS},
            "id": doc_id,
            "title": entry.get("title", ""),
            "languages": list(entry.get("languages") or []),
            "authors": list(entry.get("authors") or []),
            "passages": entry.get("passages"),
            "passage_languages": entry.get("passage_languages", {}),
            "status": LEFT_CATALOG,
            "file": entry.get("file", ""),
            "machine_translated": bool(entry.get("machine_translated")),
            "problem": "no longer in the catalog: the next 'cstocorpus build' takes it out of the index",
        })
    return rows
