"""Search a Xapian index generation: translate ``query.model`` nodes into Xapian queries.

Each field's terms carry a one-letter prefix (``PREFIXES``), Xapian's way of keeping fields
apart in one term space; a term too long for Xapian (``MAX_TERM_BYTES``) is shortened the
same way when it is indexed and when it is searched (``term``).  Everything a hit shows is
the JSON document stored as the document's data, as Tantivy stores it.

Scores are Xapian's BM25 with Tantivy's and Whoosh's ``k1`` and ``b``; Xapian normalizes by
the length of the whole passage (every field's terms), not of each field, so scores, and the
order of hits within a tier, differ from the other engines; which passages match, and how
many, do not (``tests/test_engines.py``).  Totals are exact: every match is checked
(``checkatleast`` is the number of passages), never estimated.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import singledispatch
from pathlib import Path

import xapian

from ..query import model as qm
from .engine import Page
from .schema import FORM_BOOST
from .shards import Cluster, open_cluster

#: The term prefix of each searched field.  One letter each, so none is the start of another
#: and a prefix query on one field never reaches into the next.
PREFIXES = {"passage_id": "Q", "doc_id": "D", "lang": "G", "kind": "K",
            "lemma": "L", "form": "F", "translit": "T", "pairs": "P"}
#: Fields searched as whole values, unscored (``add_boolean_term``: no weight of their own).
KEYWORDS = ("passage_id", "doc_id", "lang", "kind")
#: The value slot of ``ordinal`` (``sortable_serialise``d), for ``neighbours``.
ORDINAL_SLOT = 0
#: Query boosts per field, standing in for Whoosh's field boosts.
FIELD_BOOSTS = {"form": FORM_BOOST}
#: Xapian's longest term, in bytes (prefix included).
MAX_TERM_BYTES = 245
#: A longer term keeps its first bytes, then this separator and a hash of the whole term.
_LONG_TERM_MARK = "\x1e"  # normalization turns every control character into a space: no term has it
_HASH_HEX = 32
#: BM25's parameters: Xapian's defaults are k1=1, b=0.5; Whoosh and Tantivy use 1.2 and 0.75.
BM25 = {"k1": 1.2, "k2": 0.0, "k3": 1.0, "b": 0.75, "min_normlen": 0.5}


def term(field: str, text: str) -> str:
    """The Xapian term of ``text`` in ``field``."""
    found = PREFIXES[field] + text
    if len(found) * 4 <= MAX_TERM_BYTES:  # no UTF-8 character is longer than 4 bytes
        return found
    raw = found.encode("utf-8")
    if len(raw) <= MAX_TERM_BYTES:
        return found
    head = raw[:MAX_TERM_BYTES - len(_LONG_TERM_MARK) - _HASH_HEX].decode("utf-8", "ignore")
    return head + _LONG_TERM_MARK + hashlib.blake2b(raw, digest_size=_HASH_HEX // 2).hexdigest()


def bm25() -> xapian.Weight:
    return xapian.BM25Weight(BM25["k1"], BM25["k2"], BM25["k3"], BM25["b"], BM25["min_normlen"])


class Reader:
    """``cluster``: the shards of a sharded generation searched where a cluster file says they
    are served (``shards.open_cluster``); ``missing``: the shards left out (``allow_partial``)."""

    #: A Xapian database handle may be used by one thread at a time (Xapian's rule for every
    #: object it gives out), remote shards' connections included: one call at a time.
    THREAD_SAFE = False

    def __init__(self, generation: Path, cluster: Cluster | None = None, allow_partial: bool = False):
        self.missing: list[str] = []
        if cluster is None:  # a sharded generation here opens through its stub file, as one
            self.database = xapian.Database(str(generation))
        else:
            self.database, self.missing = open_cluster(generation, cluster, allow_partial)
        self.ix = self.database
        self.passages = self.database.get_doccount()  # a generation never changes once published

    def _enquire(self, query: xapian.Query, scored: bool = True) -> xapian.Enquire:
        enquire = xapian.Enquire(self.database)
        enquire.set_query(query)
        enquire.set_weighting_scheme(bm25() if scored else xapian.BoolWeight())
        return enquire  # ties in docid order: the order passages were added in, as Whoosh

    def search(self, query: qm.Query, limit: int | None) -> Page:
        n = self.passages
        limit = n if limit is None else min(limit, n)
        mset = self._enquire(to_xapian(query)).get_mset(0, limit, n)  # check every match: exact total
        return Page(_exact(mset), [(m.weight, json.loads(m.document.get_data())) for m in mset])

    def count(self, query: qm.Query) -> int:
        """The number of matches, none scored."""
        return _exact(self._enquire(to_xapian(query), scored=False).get_mset(0, 0, self.passages))

    def count_soon(self, query: qm.Query) -> Callable[[], int]:
        """The count, made when it is read: one database handle, used by one thread."""
        return lambda: self.count(query)

    def _find(self, query: xapian.Query, limit: int) -> list[dict]:
        mset = self._enquire(query, scored=False).get_mset(0, max(0, limit))
        return [json.loads(m.document.get_data()) for m in mset]

    def passage(self, passage_id: str) -> dict | None:
        found = self._find(xapian.Query(term("passage_id", passage_id)), 1)
        return found[0] if found else None

    def neighbours(self, doc_id: str, first: int, last: int) -> list[dict]:
        if last < first:
            return []
        query = xapian.Query(xapian.Query.OP_FILTER, xapian.Query(term("doc_id", doc_id)),
                             xapian.Query(xapian.Query.OP_VALUE_RANGE, ORDINAL_SLOT,
                                          xapian.sortable_serialise(first), xapian.sortable_serialise(last)))
        return sorted(self._find(query, last - first + 1), key=lambda f: f["ordinal"])

    def all_stored(self) -> list[dict]:
        return self._find(xapian.Query.MatchAll, self.passages)

    def close(self) -> None:
        if self.database is not None:
            self.database.close()
            self.database = self.ix = None


def _exact(mset: xapian.MSet) -> int:
    """The number of matches; exact, since every one was checked (asserted, not assumed)."""
    low, high = mset.get_matches_lower_bound(), mset.get_matches_upper_bound()
    if low != high:  # would be a bug here: checkatleast covers every passage
        raise RuntimeError(f"Xapian estimated the number of matches ({low}..{high})")
    return low


#: The posting sources of fixed weights, one per weight, kept for the life of the process: a
#: Xapian query only points to its posting source, and one Python let go of mid-search is
#: freed under it (it made matches come and go).  The matcher searches clones of it, so one
#: object serves every query, in every thread.
_FIXED: dict[float, xapian.FixedWeightPostingSource] = {}


def _fixed_weight(weight: float) -> xapian.Query:
    """Every passage, each weighing ``weight``: filtered, a constant score."""
    source = _FIXED.get(weight)
    if source is None:
        source = _FIXED.setdefault(weight, xapian.FixedWeightPostingSource(weight))
    return xapian.Query(source)


@singledispatch
def _translate(q: qm.Query) -> xapian.Query:
    raise TypeError(f"unknown query node {q!r}")  # a bug, not a user error


def to_xapian(q: qm.Query) -> xapian.Query:
    return _translate(q)


def _boosted(query: xapian.Query, field: str, boost: float = 1.0) -> xapian.Query:
    boost *= FIELD_BOOSTS.get(field, 1.0)
    return query if boost == 1.0 else xapian.Query(xapian.Query.OP_SCALE_WEIGHT, query, boost)


@_translate.register
def _(q: qm.Term):
    if q.field not in PREFIXES:
        return xapian.Query.MatchNothing
    found = xapian.Query(term(q.field, q.text))
    if q.field in KEYWORDS:
        # A keyword term weighs nothing (wdf 0); boosted (the own-language boost), it weighs
        # its boost, as a Whoosh ID field's term does: a fixed weight wherever it matches.
        if q.boost == 1.0:
            return found
        return xapian.Query(xapian.Query.OP_FILTER, _fixed_weight(q.boost), found)
    return _boosted(found, q.field, q.boost)


@_translate.register
def _(q: qm.Phrase):
    if q.field not in PREFIXES:
        return xapian.Query.MatchNothing
    terms = [term(q.field, t) for t in q.terms]
    if len(terms) == 1:
        return _boosted(xapian.Query(terms[0]), q.field)
    # a window as long as the phrase: the terms at consecutive positions, in order
    return _boosted(xapian.Query(xapian.Query.OP_PHRASE, terms, len(terms)), q.field)


@_translate.register
def _(q: qm.Prefix):
    if q.field not in PREFIXES:
        return xapian.Query.MatchNothing
    # A fixed weight where any term with the prefix is, as Whoosh and Tantivy score a prefix:
    # Xapian's own weight of an expanded wildcard depends on which terms each shard has, so a
    # sharded index would rank it otherwise than one index.
    matches = xapian.Query(xapian.Query.OP_WILDCARD, PREFIXES[q.field] + q.text)
    return xapian.Query(xapian.Query.OP_FILTER, _fixed_weight(1.0), matches)


def _flat(q, kind) -> list[qm.Query]:
    """The children of ``q``, with those of nested nodes of the same kind in their place."""
    out: list[qm.Query] = []
    for c in q.children:
        out.extend(_flat(c, kind) if isinstance(c, kind) else (c,))
    return out


@_translate.register
def _(q: qm.Or):
    return xapian.Query(xapian.Query.OP_OR, [_translate(c) for c in _flat(q, qm.Or)])


@_translate.register
def _(q: qm.And):
    return xapian.Query(xapian.Query.OP_AND, [_translate(c) for c in _flat(q, qm.And)])


@_translate.register
def _(q: qm.AndNot):
    # The negative part only excludes; its weights count for nothing, so its AndMaybe nodes
    # are left as their required parts.  Xapian 1.4.26 (our wheel and Debian's 1.4.22) drops
    # the exclusion now and then, at random, when the negative part holds an AND_MAYBE inside
    # an AND (the second tier's "not the first tier"): measured on the seed corpus, 14, 22 or
    # 25 matches for the same query; without the AND_MAYBE, always 14 (tests/test_engines.py).
    return xapian.Query(xapian.Query.OP_AND_NOT, _translate(q.positive), _translate(_required(q.negative)))


def _required(q: qm.Query) -> qm.Query:
    """``q`` with every AndMaybe replaced by its required part: the same matches."""
    if isinstance(q, qm.AndMaybe):
        return _required(q.required)
    if isinstance(q, (qm.And, qm.Or)):
        return type(q)(tuple(_required(c) for c in q.children))
    if isinstance(q, qm.AndNot):
        return qm.AndNot(_required(q.positive), q.negative)
    return q


@_translate.register
def _(q: qm.AndMaybe):
    return xapian.Query(xapian.Query.OP_AND_MAYBE, _translate(q.required), _translate(q.optional))
