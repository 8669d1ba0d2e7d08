"""The Whoosh engine (the default): pure Python, BM25F, the schema in ``schema``.

This module writes an index; ``whoosh_reader`` searches one.  Whoosh unpickles its schema
when it opens an index: ``reader.CorpusIndex`` checks the generation's signature before
``Reader`` is ever made.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh.index import create_in, open_dir

from .location import link_engine_files
from .schema import build_schema
from .whoosh_reader import Reader

__all__ = ["Reader", "update", "write"]


def write(generation: Path, passages: Iterable[dict]) -> None:
    ix = create_in(str(generation), build_schema())
    _commit_all(ix.writer(limitmb=256), (), passages)


def update(generation: Path, previous: Path, delete_doc_ids: Iterable[str], passages: Iterable[dict]) -> None:
    """Make ``generation`` the previous generation's index minus the passages of
    ``delete_doc_ids``, plus ``passages``; the previous generation is left untouched."""
    link_engine_files(previous, generation)
    _commit_all(open_dir(str(generation)).writer(limitmb=256), delete_doc_ids, passages)


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
