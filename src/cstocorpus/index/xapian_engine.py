"""The Xapian engine (``build --engine xapian``): a C++ library with a remote protocol, so an
index can be split into shards served by ``xapian-tcpsrv`` and searched as one.  This
module writes an index (a Glass database in the generation directory); ``xapian_reader``
searches one.

The searched fields hold exactly the terms and positions Whoosh and Tantivy index: each
``lemma``, ``form`` and ``pairs`` value is decoded by ``pretokenized.decode_positions`` and
every term added at its position (a compound is an alternative term at the position of its
first part, so phrases over the parts match); ``translit`` keeps frequencies only, the
identifier fields are boolean terms (no weight, no positions).  ``ordinal`` is also a value
(for ``neighbours``).  The stored fields are one JSON document, the document's data.

Two builds of the same corpus write the same bytes in every file but ``iamglass``, which
holds the database's UUID, random by design (tested).  Glass updates its files in place, so
an incremental update first gives the new generation its own copies of the tables the
previous generation lent it by hard link (``update``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import xapian

from .fields import stored_json, stored_json_accepted
from .pretokenized import ALTERNATIVE_SEPARATOR, POSITION_SEPARATOR, decode_positions
from .xapian_reader import KEYWORDS, ORDINAL_SLOT, PREFIXES, Reader, term

__all__ = ["Reader", "update", "write"]

POSITIONAL = ("lemma", "form", "pairs")
FREQUENCIES = ("translit",)
#: The files of a Glass database, besides its tables (``*.glass``).
DATABASE_FILES = ("iamglass", "flintlock")


def write(generation: Path, passages: Iterable[dict]) -> None:
    """A new database of ``passages``.  Xapian commits every few thousand documents on its
    own; a build that fails removes the whole generation, so nothing half-written is ever
    read."""
    db = xapian.WritableDatabase(str(generation), xapian.DB_CREATE | xapian.DB_BACKEND_GLASS)
    try:
        _add_all(db, passages)
        db.commit()
    finally:
        db.close()


def update(generation: Path, delete_doc_ids: Iterable[str], passages: Iterable[dict]) -> None:
    """Update the database in ``generation`` -- the previous generation's files, linked there
    (``integrity.link_verified``) -- deleting the passages of ``delete_doc_ids`` and adding
    ``passages``; the previous generation's own files are never changed: each of its files
    is copied first, since Glass writes into its tables in place."""
    _unshare(generation)
    db = xapian.WritableDatabase(str(generation), xapian.DB_OPEN)
    try:
        for doc_id in delete_doc_ids:
            db.delete_document(term("doc_id", doc_id))
        _add_all(db, passages)
        db.commit()
    finally:
        db.close()


def database_files(generation: Path) -> list[Path]:
    return sorted(p for p in generation.iterdir() if p.name.endswith(".glass") or p.name in DATABASE_FILES)


def _unshare(generation: Path) -> None:
    """Replace each database file that is a hard link by a copy of its own."""
    for path in database_files(generation):
        if path.stat().st_nlink > 1:
            copy = path.with_name(path.name + ".copy")
            shutil.copy2(path, copy)
            os.replace(copy, path)


def _add_all(db: xapian.WritableDatabase, passages: Iterable[dict]) -> None:
    with stored_json_accepted():  # stored values a worker already encoded stay JSON text
        for fields in passages:
            db.add_document(_document(fields))


def _document(fields: dict) -> xapian.Document:
    doc = xapian.Document()
    for name in KEYWORDS:
        doc.add_boolean_term(term(name, fields[name]))
    doc.add_value(ORDINAL_SLOT, xapian.sortable_serialise(fields["ordinal"]))
    for name in POSITIONAL:
        value = fields[name]
        if not value:
            continue
        prefix = PREFIXES[name]
        if ALTERNATIVE_SEPARATOR in value:
            found = decode_positions(value)
        else:  # one term per position (most passages): what decode_positions gives, faster
            found = enumerate(value.split(POSITION_SEPARATOR))
        for pos, text in found:
            if text:
                doc.add_posting(_term(prefix, name, text), pos + 1)  # Xapian counts positions from 1
    for name in FREQUENCIES:
        for _, text in decode_positions(fields[name]):
            doc.add_term(_term(PREFIXES[name], name, text))
    doc.set_data(stored_json(fields).encode("utf-8"))
    return doc


def _term(prefix: str, name: str, text: str) -> str:
    if len(text) * 4 < 240:  # short enough whatever its characters: no need to measure it
        return prefix + text
    return term(name, text)
