"""The Whoosh engine (the default): pure Python, BM25F, the schema in ``schema``.

This module writes an index; ``whoosh_reader`` searches one.  Whoosh unpickles its schema
when it opens an index: ``reader.CorpusIndex`` checks the generation's signature before
``Reader`` is ever made.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh.index import create_in, open_dir

from .schema import build_schema
from .whoosh_reader import Reader

__all__ = ["Reader", "update", "write"]

#: Memory (MB) of the writer's pool of postings as Whoosh counts it; beyond it Whoosh sorts
#: runs on disk (read back through ``whoosh_pickles``) and merges them at the commit.  Whoosh
#: counts a posting at some 60 % of what it takes in CPython, so 256 was some 400 MB of a
#: build's peak; the same index comes out of any size (the runs are merged in term order),
#: and more, smaller runs cost little.
WRITER_MB = 32


def write(generation: Path, passages: Iterable[dict]) -> None:
    ix = create_in(str(generation), build_schema())
    _commit_all(ix.writer(limitmb=WRITER_MB), (), passages)


def update(generation: Path, delete_doc_ids: Iterable[str], passages: Iterable[dict]) -> None:
    """Update the index in ``generation`` -- the previous generation's files, linked there
    (``integrity.link_verified``) -- deleting the passages of ``delete_doc_ids`` and adding
    ``passages``; the previous generation's own files are never changed."""
    _commit_all(open_dir(str(generation)).writer(limitmb=WRITER_MB), delete_doc_ids, passages)


def _commit_all(writer, delete_doc_ids: Iterable[str], passages: Iterable[dict]) -> None:
    """Delete, add, commit, or cancel everything."""
    try:
        for doc_id in delete_doc_ids:  # deletes first: Whoosh misses deletes of documents added earlier
            writer.delete_by_term("doc_id", doc_id)
        for fields in passages:
            writer.add_document(**fields)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
