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
    source = catalog.path_of(record)
    removed = catalog.root / REMOVED_DIR
    if not delete_file and source.exists():
        _check_removed_dir(catalog.root, removed)  # before the catalog changes
    new_catalog = drop_entry(catalog, doc_id)
    if not source.exists():
        return new_catalog, None
    if delete_file:
        source.unlink()
        return new_catalog, None
    removed.mkdir(exist_ok=True)
    destination = _free_name(removed / source.name)
    os.replace(source, destination)
    return new_catalog, destination


def _check_removed_dir(root: Path, removed: Path) -> None:
    """``corpus/removed`` must be a directory inside the corpus: a symbolic link there would
    move the researcher's file out of the corpus, to wherever it points."""
    if removed.is_symlink():
        raise RemoveError(f"{removed} is a symbolic link (to {os.readlink(removed)}), and a removed file stays "
                          "inside the corpus: make it a plain directory, or give --delete-file")
    if removed.exists() and (not removed.is_dir() or os.path.realpath(removed) != os.path.join(
            os.path.realpath(root), REMOVED_DIR)):
        raise RemoveError(f"{removed} is not a directory of the corpus: move it away, or give --delete-file")


def _free_name(path: Path) -> Path:
    n = 1
    candidate = path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.{n}{path.suffix}")
    return candidate
