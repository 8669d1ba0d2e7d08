"""Search a Whoosh index generation: translate ``query.model`` nodes, rank with BM25F."""

from __future__ import annotations

from functools import singledispatch
from pathlib import Path

from whoosh import query as wq
from whoosh.index import open_dir
from whoosh.scoring import BM25F

from ..query import model as qm
from .engine import Page


class Reader:
    def __init__(self, generation: Path):
        self.ix = open_dir(str(generation))

    def search(self, query: qm.Query, limit: int | None) -> Page:
        with self.ix.searcher(weighting=BM25F()) as searcher:
            found = searcher.search(to_whoosh(query), limit=limit)
            return Page(len(found), [(float(hit.score), hit.fields()) for hit in found])

    def passage(self, passage_id: str) -> dict | None:
        with self.ix.searcher() as searcher:
            return searcher.document(passage_id=passage_id)

    def neighbours(self, doc_id: str, first: int, last: int) -> list[dict]:
        with self.ix.searcher() as searcher:
            found = [searcher.document(doc_id=doc_id, ordinal=n) for n in range(first, last + 1)]
        return [f for f in found if f]

    def all_stored(self) -> list[dict]:
        with self.ix.searcher() as searcher:
            return list(searcher.all_stored_fields())

    def close(self) -> None:
        self.ix.close()


@singledispatch
def to_whoosh(q: qm.Query) -> wq.Query:
    raise TypeError(f"unknown query node {q!r}")  # a bug, not a user error


@to_whoosh.register
def _(q: qm.Term):
    return wq.Term(q.field, q.text, boost=q.boost)


@to_whoosh.register
def _(q: qm.Phrase):
    return wq.Phrase(q.field, list(q.terms))


@to_whoosh.register
def _(q: qm.Prefix):
    return wq.Prefix(q.field, q.text)


@to_whoosh.register
def _(q: qm.Or):
    return wq.Or([to_whoosh(c) for c in q.children])


@to_whoosh.register
def _(q: qm.And):
    return wq.And([to_whoosh(c) for c in q.children])


@to_whoosh.register
def _(q: qm.AndNot):
    return wq.AndNot(to_whoosh(q.positive), to_whoosh(q.negative))


@to_whoosh.register
def _(q: qm.AndMaybe):
    return wq.AndMaybe(to_whoosh(q.required), to_whoosh(q.optional))
