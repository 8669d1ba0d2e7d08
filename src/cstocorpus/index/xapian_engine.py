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

``shards``: the passages split by document id (``shards.shard_of``) into that many
databases, ``shard-0/`` ..., each of which ``xapian-tcpsrv`` can serve; a stub file
(``XAPIANDB``) lists them, so the generation still opens as one database where it is, and
``shards.json`` records each shard's UUID and size, for the remote shards to be checked
against (``xapian_reader``).  An update writes only the shards that hold a changed document.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import xapian

from .fields import stored_json, stored_json_accepted
from .pretokenized import ALTERNATIVE_SEPARATOR, POSITION_SEPARATOR, decode_positions
from .shards import SHARD_LIST, STUB, read_shard_list, shard_names, shard_of, write_shard_list
from .xapian_reader import KEYWORDS, ORDINAL_SLOT, PREFIXES, Reader, term

__all__ = ["Reader", "update", "write"]

SHARDS_ALLOWED = True  # ``build --shards N`` (the other engines write one index)

POSITIONAL = ("lemma", "form", "pairs")
FREQUENCIES = ("translit",)
#: The files of a Glass database, besides its tables (``*.glass``).
DATABASE_FILES = ("iamglass", "flintlock")


def write(generation: Path, passages: Iterable[dict], shards: int = 1) -> None:
    """A new database of ``passages`` (``shards`` > 1: that many, split by document id).
    Xapian commits every few thousand documents on its own; a build that fails removes the
    whole generation, so nothing half-written is ever read."""
    if shards <= 1:
        db = xapian.WritableDatabase(str(generation), xapian.DB_CREATE | xapian.DB_BACKEND_GLASS)
        try:
            _add_all([db], passages)
            db.commit()
        finally:
            db.close()
        return
    names = shard_names(shards)
    dbs = [xapian.WritableDatabase(str(generation / name), xapian.DB_CREATE | xapian.DB_BACKEND_GLASS)
           for name in names]
    try:
        _add_all(dbs, passages)
        for db in dbs:
            db.commit()
    finally:
        for db in dbs:
            db.close()
    (generation / STUB).write_text("".join(f"auto {name}\n" for name in names), encoding="utf-8")
    write_shard_list(generation, names)


def update(generation: Path, delete_doc_ids: Iterable[str], passages: Iterable[dict]) -> None:
    """Update the database in ``generation`` -- the previous generation's files, linked there
    (``integrity.link_verified``) -- deleting the passages of ``delete_doc_ids`` and adding
    ``passages``; the previous generation's own files are never changed: each file about to
    be written is copied first, since Glass writes into its tables in place.  Of a sharded
    index, only the shards that hold a deleted or added document are copied and written."""
    if not (generation / SHARD_LIST).exists():
        _unshare(generation)
        db = xapian.WritableDatabase(str(generation), xapian.DB_OPEN)
        try:
            for doc_id in delete_doc_ids:
                db.delete_document(term("doc_id", doc_id))
            _add_all([db], passages)
            db.commit()
        finally:
            db.close()
        return
    names = [shard["name"] for shard in read_shard_list(generation)]
    (generation / SHARD_LIST).unlink()  # a link to the previous generation's: written anew below
    opened: dict[int, xapian.WritableDatabase] = {}

    def shard(n: int) -> xapian.WritableDatabase:
        if n not in opened:
            _unshare(generation / names[n])
            opened[n] = xapian.WritableDatabase(str(generation / names[n]), xapian.DB_OPEN)
        return opened[n]
    try:
        for doc_id in delete_doc_ids:
            shard(shard_of(doc_id, len(names))).delete_document(term("doc_id", doc_id))
        with stored_json_accepted():
            for fields in passages:
                shard(shard_of(fields["doc_id"], len(names))).add_document(_document(fields))
        for db in opened.values():
            db.commit()
    finally:
        for db in opened.values():
            db.close()
    write_shard_list(generation, names)


def database_files(generation: Path) -> list[Path]:
    return sorted(p for p in generation.iterdir() if p.name.endswith(".glass") or p.name in DATABASE_FILES)


def _unshare(generation: Path) -> None:
    """Replace each database file that is a hard link by a copy of its own."""
    for path in database_files(generation):
        if path.stat().st_nlink > 1:
            copy = path.with_name(path.name + ".copy")
            shutil.copy2(path, copy)
            os.replace(copy, path)


def _add_all(dbs: list[xapian.WritableDatabase], passages: Iterable[dict]) -> None:
    """Each passage into its document's shard (the one database if there is one)."""
    with stored_json_accepted():  # stored values a worker already encoded stay JSON text
        if len(dbs) == 1:
            for fields in passages:
                dbs[0].add_document(_document(fields))
            return
        for fields in passages:
            dbs[shard_of(fields["doc_id"], len(dbs))].add_document(_document(fields))


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
