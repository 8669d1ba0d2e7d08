"""The Tantivy engine (``build --engine tantivy``): a Rust library, BM25, built and searched
far faster than Whoosh on large corpora.  This module writes an index; ``tantivy_reader``
searches one.

The searched fields hold exactly the terms and positions Whoosh indexes: each ``lemma``,
``form`` and ``translit`` value is decoded by ``pretokenized.decode_positions`` and given to
Tantivy as pre-tokenized text, so a compound is an alternative term at the position of its
first part here too and phrases over the parts match.  Identifier fields use the ``raw``
tokenizer (one term per value).  Everything a hit shows is kept as one JSON document in the
stored bytes field ``stored``: nothing is unpickled when the index is read.

Differences from Whoosh: BM25 instead of BM25F, so scores (and the order of hits within a
tier) differ; the ``form`` field's boost is applied to its queries (``FORM_BOOST``) instead
of to the field.  Which passages match, and how many, is the same (tested).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import tantivy

from .fields import stored_json, stored_json_accepted
from .pretokenized import ALTERNATIVE_SEPARATOR, POSITION_SEPARATOR, decode_positions
from .tantivy_reader import STORED, Reader

__all__ = ["Reader", "build_schema", "update", "write"]

_stored = stored_json  # the stored document, as tests and tools have called it here

KEYWORDS = ("passage_id", "doc_id", "lang", "kind")
PRETOKENIZED = {"lemma": "position", "form": "position", "translit": "freq", "pairs": "position"}
#: Indexing memory; one thread, so that documents keep the order they were added in and two
#: builds of the same corpus are the same index.  Beyond it Tantivy writes a segment and
#: starts another: a bound on a build's memory (a 50 MB source fills some 125 MB).
HEAP_BYTES = 64_000_000


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    for name in KEYWORDS:
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("ordinal", indexed=True, fast=True)
    for name, option in PRETOKENIZED.items():
        sb.add_text_field(name, tokenizer_name="raw", index_option=option)
    sb.add_bytes_field(STORED, stored=True)
    return sb.build()


def write(generation: Path, passages: Iterable[dict]) -> None:
    index = tantivy.Index(build_schema(), path=str(generation), reuse=False)
    writer = index.writer(heap_size=HEAP_BYTES, num_threads=1)
    try:
        _add_all(writer, passages)
        writer.commit()
    except BaseException:
        writer.rollback()
        raise
    writer.wait_merging_threads()  # every file final before the generation is signed


def _add_all(writer, passages: Iterable[dict]) -> None:
    with stored_json_accepted():  # stored values a worker already encoded stay JSON text
        for fields in passages:
            writer.add_document(_document(fields))


def _document(fields: dict) -> tantivy.Document:
    doc = tantivy.Document()
    for name in KEYWORDS:
        doc.add_text(name, fields[name])
    doc.add_integer("ordinal", fields["ordinal"])
    token = tantivy.Token
    for name in PRETOKENIZED:
        value = fields[name]
        if ALTERNATIVE_SEPARATOR in value:
            tokens = [token(term, pos, 0, 0) for pos, term in decode_positions(value)]
        else:  # one term per position (most passages): what decode_positions gives, faster
            tokens = [token(term, pos, 0, 0) for pos, term in enumerate(value.split(POSITION_SEPARATOR)) if term]
        if tokens:
            doc.add_pre_tokenized_text(name, tantivy.PreTokenizedString("", tokens))
    doc.add_bytes(STORED, stored_json(fields).encode("utf-8"))
    return doc


def update(generation: Path, delete_doc_ids: Iterable[str], passages: Iterable[dict]) -> None:
    """Update the index in ``generation`` -- the previous generation's files, linked there
    (``integrity.link_verified``) -- deleting the passages of ``delete_doc_ids`` and adding
    ``passages``; the previous generation's own files are never changed."""
    index = tantivy.Index.open(str(generation))
    writer = index.writer(heap_size=HEAP_BYTES, num_threads=1)
    try:
        for doc_id in delete_doc_ids:
            writer.delete_documents_by_term("doc_id", doc_id)
        _add_all(writer, passages)
        writer.commit()
    except BaseException:
        writer.rollback()
        raise
    writer.wait_merging_threads()
