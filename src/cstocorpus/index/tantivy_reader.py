"""Search a Tantivy index generation: translate ``query.model`` nodes into Tantivy queries.

Scores are BM25 (see ``tantivy_engine``); everything a hit shows comes from the JSON
document in the stored bytes field.  A generation on read-only media is opened through a
view of links (``read_only_view``).  ``limit`` is capped at the number of passages: Tantivy
allocates room for that many hits before it searches (``--limit 2147483648`` once aborted
the process).
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import singledispatch
from pathlib import Path

import tantivy
from tantivy import Occur
from tantivy import Query as TQ

from ..query import model as qm
from .engine import Page
from .schema import FORM_BOOST

STORED = "stored"
#: Query boosts per field, standing in for Whoosh's field boosts.
FIELD_BOOSTS = {"form": FORM_BOOST}
#: Characters a Tantivy (Rust) regular expression gives a meaning to.
_REGEX_META = set("\\.+*?()|[]{}^$#&-~")
#: Counts the matches of a query: ``ordinal`` is a fast field with one value per passage.
_COUNT = {"n": {"value_count": {"field": "ordinal"}}}
_COUNTER_LOCK = threading.Lock()


class Reader:
    #: Tantivy's searcher is shared by threads (it releases the GIL while it searches), and
    #: nothing here changes after opening: concurrent requests search side by side.
    THREAD_SAFE = True

    def __init__(self, generation: Path):
        self._view = None
        where = generation
        if not os.access(generation, os.W_OK):
            self._view = read_only_view(generation)
            where = Path(self._view.name)
        self.ix = tantivy.Index.open(str(where))
        self.schema = self.ix.schema
        self.searcher = self.ix.searcher()  # a generation never changes once published
        self._counter: ThreadPoolExecutor | None = None

    def search(self, query: qm.Query, limit: int | None) -> Page:
        if limit is None or limit > self.searcher.num_docs:
            limit = self.searcher.num_docs
        # Every match is scored anyway (tantivy-py collects top hits and the count together),
        # so counting here costs next to nothing.
        found = self.searcher.search(to_tantivy(query, self.schema), limit=max(limit, 1), count=True)
        return Page(found.count, [(score, self._stored(address)) for score, address in found.hits[:limit]])

    def count(self, query: qm.Query) -> int:
        """The number of matches, none scored: an aggregation (which Tantivy runs with scoring
        off) counting the one ``ordinal`` value every passage has."""
        tq = to_tantivy(query, self.schema)
        try:
            return int(self.searcher.aggregate(tq, _COUNT)["n"]["value"])
        except (ValueError, KeyError, TypeError):  # no fast ordinal: count while scoring
            return self.searcher.search(tq, limit=1, count=True).count

    def count_soon(self, query: qm.Query) -> Callable[[], int]:
        """The count, started now in another thread and read later: Tantivy releases the GIL
        while it searches, so on two cores the count costs nothing the caller waits for."""
        if self._counter is None:
            with _COUNTER_LOCK:
                if self._counter is None:
                    # one thread per core: concurrent searches (the web app) must not queue
                    # their counts behind each other's
                    self._counter = ThreadPoolExecutor(max(2, os.cpu_count() or 1),
                                                       thread_name_prefix="cstocorpus-count")
        return self._counter.submit(self.count, query).result

    def _stored(self, address) -> dict:
        return json.loads(self.searcher.doc(address).get_first(STORED))

    def _find(self, query, limit: int) -> list[dict]:
        limit = max(1, min(limit, self.searcher.num_docs))
        return [self._stored(a) for _, a in self.searcher.search(query, limit=limit, count=False).hits]

    def passage(self, passage_id: str) -> dict | None:
        found = self._find(TQ.term_query(self.schema, "passage_id", passage_id), 1)
        return found[0] if found else None

    def neighbours(self, doc_id: str, first: int, last: int) -> list[dict]:
        if last < first:
            return []
        query = TQ.boolean_query([
            (Occur.Must, TQ.term_query(self.schema, "doc_id", doc_id)),
            (Occur.Must, TQ.range_query(self.schema, "ordinal", tantivy.FieldType.Integer, first, last)),
        ])
        return sorted(self._find(query, last - first + 1), key=lambda f: f["ordinal"])

    def all_stored(self) -> list[dict]:
        return self._find(TQ.all_query(), self.searcher.num_docs)

    def close(self) -> None:
        if self._counter is not None:
            self._counter.shutdown(wait=True)
            self._counter = None
        self.searcher = self.ix = None
        if self._view is not None:
            self._view.cleanup()
            self._view = None


#: The lock files Tantivy creates beside an index it opens, even only to read it.
_LOCKS = (".tantivy-meta.lock", ".tantivy-writer.lock")


def read_only_view(generation: Path) -> tempfile.TemporaryDirectory:
    """A private temporary directory of symbolic links to the generation's files, for a
    generation Tantivy cannot write to (read-only media, an archived or shared index).

    Tantivy takes a lock file (``.tantivy-meta.lock``) beside the index whenever it loads
    the segment list, even for a reader, and tantivy-py offers no read-only way to open
    one: on a read-only directory it fails.  Here it creates its lock in the temporary
    directory while every index file is read, unchanged, from where it is.  Sound because
    a published generation is never written again (``location``), so no writer exists
    whose lock the reader would need to respect."""
    view = tempfile.TemporaryDirectory(prefix="cstocorpus-read-only-")
    for path in generation.iterdir():
        if path.name not in _LOCKS:
            os.symlink(path.resolve(), Path(view.name) / path.name)
    return view


@singledispatch
def _translate(q: qm.Query, schema) -> TQ:
    raise TypeError(f"unknown query node {q!r}")  # a bug, not a user error


def to_tantivy(q: qm.Query, schema) -> TQ:
    return _translate(q, schema)


def _boosted(query: TQ, field: str, boost: float = 1.0) -> TQ:
    boost *= FIELD_BOOSTS.get(field, 1.0)
    return query if boost == 1.0 else TQ.boost_query(query, boost)


@_translate.register
def _(q: qm.Term, schema):
    return _boosted(TQ.term_query(schema, q.field, q.text), q.field, q.boost)


@_translate.register
def _(q: qm.Phrase, schema):
    if len(q.terms) == 1:  # Tantivy wants at least two terms in a phrase
        return _boosted(TQ.term_query(schema, q.field, q.terms[0]), q.field)
    return _boosted(TQ.phrase_query(schema, q.field, list(q.terms)), q.field)


@_translate.register
def _(q: qm.Prefix, schema):
    pattern = "".join("\\" + ch if ch in _REGEX_META else ch for ch in q.text) + ".*"
    return TQ.regex_query(schema, q.field, pattern)


def _flat(q, kind) -> list[qm.Query]:
    """The children of ``q``, with those of nested nodes of the same kind in their place:
    one boolean query over all the terms is cheaper than a tree of them, and a sum is a sum."""
    out: list[qm.Query] = []
    for c in q.children:
        out.extend(_flat(c, kind) if isinstance(c, kind) else (c,))
    return out


@_translate.register
def _(q: qm.Or, schema):
    return TQ.boolean_query([(Occur.Should, _translate(c, schema)) for c in _flat(q, qm.Or)])


@_translate.register
def _(q: qm.And, schema):
    return TQ.boolean_query([(Occur.Must, _translate(c, schema)) for c in _flat(q, qm.And)])


@_translate.register
def _(q: qm.AndNot, schema):
    return TQ.boolean_query([(Occur.Must, _translate(q.positive, schema)),
                             (Occur.MustNot, _translate(q.negative, schema))])


@_translate.register
def _(q: qm.AndMaybe, schema):
    return TQ.boolean_query([(Occur.Must, _translate(q.required, schema)),
                             (Occur.Should, _translate(q.optional, schema))])
