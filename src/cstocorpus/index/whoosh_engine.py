"""The Whoosh engine (the default): pure Python, BM25F, the schema in ``schema``.

This module writes an index; ``whoosh_reader`` searches one.  Whoosh unpickles its schema
when it opens an index: ``reader.CorpusIndex`` checks the generation's signature before
``Reader`` is ever made.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh.index import create_in

from .schema import build_schema
from .whoosh_reader import Reader

__all__ = ["Reader", "write"]


def write(generation: Path, passages: Iterable[dict]) -> None:
    ix = create_in(str(generation), build_schema())
    writer = ix.writer(limitmb=256)
    try:
        for fields in passages:
            writer.add_document(**fields)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
