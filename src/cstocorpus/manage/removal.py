"""Take a document out of the corpus without destroying the researcher's copy of it.

The catalog entry goes; the source file is moved to ``corpus/removed/`` (where no build looks)
unless deletion is asked for, because the corpus copy may be the only one left.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..catalog import _ID, Catalog, DocumentRecord
from .catalog_file import drop_entry

REMOVED_DIR = "removed"


class RemoveError(Exception):
    """The document cannot be removed; the message says why."""


def find_record(catalog: Catalog, doc_id: str) -> DocumentRecord:
    if not _ID.match(doc_id):
        raise RemoveError(f"{doc_id!r} is not a document id (letters, digits, '.', '_' or '-')")
    record = catalog.get(doc_id)
    if record is None:
        raise RemoveError(f"no document {doc_id!r} in the catalog: 'cstocorpus list' shows the ids")
    return record


def remove_document(catalog: Catalog, doc_id: str, delete_file: bool) -> tuple[Catalog, Path | None]:
    """Drop ``doc_id`` from the catalog, then move (or delete) its file; return the new
    catalog and where the file went (None if deleted or already missing).  Call under the
    corpus lock."""
    record = find_record(catalog, doc_id)
    new_catalog = drop_entry(catalog, doc_id)
    source = catalog.path_of(record)
    if not source.exists():
        return new_catalog, None
    if delete_file:
        source.unlink()
        return new_catalog, None
    destination = _free_name(catalog.root / REMOVED_DIR / source.name)
    destination.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, destination)
    return new_catalog, destination


def _free_name(path: Path) -> Path:
    n = 1
    candidate = path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.{n}{path.suffix}")
    return candidate
