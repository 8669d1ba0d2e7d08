"""Search a Whoosh index generation: translate ``query.model`` nodes, rank with BM25F.

Whoosh's matchers walk the postings one document at a time in Python, scoring each, and an
exact total walks every match a second time; at 100k passages a query could take a second.
So queries are evaluated here a block of postings at a time with numpy (``_Evaluator``):
each node becomes the sorted array of the documents it matches and, when hits are wanted,
their BM25F scores, computed with Whoosh's own formula and statistics (idf, average field
length, field lengths, the form field's boost in the stored weights) and combined as its
matchers combine them (``Or``/``And``: the sum of the parts that match; ``AndNot``: the
positive part; ``AndMaybe``: the required part plus the optional one where it matches;
a phrase: the sum of its terms).  Hits are ordered as Whoosh orders them: score, then
document number.  Anything the evaluator does not handle (a prefix query, a segment with
deletions, postings in another codec) goes through Whoosh's own search instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import singledispatch
from itertools import chain
from pathlib import Path

import numpy as np
from whoosh import query as wq
from whoosh.formats import Positions
from whoosh.index import open_dir
from whoosh.scoring import BM25F

from ..query import model as qm
from . import whoosh_pickles
from .engine import Page

whoosh_pickles.install()  # before any index is opened: see whoosh_pickles

try:  # Whoosh's own postings codec: read a block of postings at a time
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
    from whoosh.util.numeric import byte_to_length
except ImportError:  # pragma: no cover - another Whoosh: its own search only
    W3LeafMatcher = None


class Reader:
    #: Whoosh reads its files through shared file objects and caches: one call at a time.
    THREAD_SAFE = False

    def __init__(self, generation: Path):
        self.ix = open_dir(str(generation))
        # One searcher for the reader's life: a generation never changes once published, and
        # opening one (its files, term tables and columns) costs more than most searches.
        self.searcher = self.ix.searcher(weighting=BM25F())
        self._evaluator = _Evaluator.for_searcher(self.searcher)

    def search(self, query: qm.Query, limit: int | None) -> Page:
        if self._evaluator is not None:
            try:
                ids, scores = self._evaluator.evaluate(query, scores=True)
            except _Unsupported:
                pass
            else:
                order = _best_first(ids, scores, limit)
                fields = self.searcher.stored_fields
                return Page(len(ids), [(float(scores[i]), fields(int(ids[i]))) for i in order])
        found = self.searcher.search(to_whoosh(query), limit=limit)
        return Page(len(found), [(float(hit.score), hit.fields()) for hit in found])

    def count(self, query: qm.Query) -> int:
        """How many passages match ``query``: nothing scored, nothing read but postings."""
        if self._evaluator is not None:
            try:
                return len(self._evaluator.evaluate(query, scores=False)[0])
            except _Unsupported:
                pass
        return sum(1 for _ in to_whoosh(query).docs(self.searcher))

    def count_soon(self, query: qm.Query) -> Callable[[], int]:
        """The count, made when it is read: Whoosh is Python, and a thread would only take
        turns with this one."""
        return lambda: self.count(query)

    def passage(self, passage_id: str) -> dict | None:
        return self.searcher.document(passage_id=passage_id)

    def neighbours(self, doc_id: str, first: int, last: int) -> list[dict]:
        found = [self.searcher.document(doc_id=doc_id, ordinal=n) for n in range(first, last + 1)]
        return [f for f in found if f]

    def all_stored(self) -> list[dict]:
        return list(self.searcher.all_stored_fields())

    def close(self) -> None:
        if self.searcher is not None:
            self.searcher.close()
            self.searcher = None
        self._evaluator = None
        self.ix.close()


def _best_first(ids: np.ndarray, scores: np.ndarray, limit: int | None) -> np.ndarray:
    """Positions of the best ``limit`` hits: highest score first, then lowest document number
    (Whoosh's order)."""
    n = len(ids)
    if limit is not None and limit < n:
        if limit <= 0:
            return np.empty(0, dtype=np.int64)
        # every hit scoring at least the limit-th best, then the exact order among them
        kth = np.partition(scores, n - limit)[n - limit]
        candidates = np.flatnonzero(scores >= kth)
        order = candidates[np.lexsort((ids[candidates], -scores[candidates]))]
        return order[:limit]
    return np.lexsort((ids, -scores))


class _Unsupported(Exception):
    """A query or an index the evaluator leaves to Whoosh's own search."""


#: How many filter terms (``lang:th``, ``doc_id:…``) the evaluator keeps decoded.
_FILTER_CACHE = 64
_EMPTY_IDS = np.empty(0, dtype=np.int64)
_EMPTY_SCORES = np.empty(0, dtype=np.float64)


class _Evaluator:
    """Evaluate ``query.model`` nodes over a Whoosh searcher's postings, with numpy.

    Every method returns ``(ids, scores)``: the matching global document numbers, sorted and
    unique, and their scores (``None`` when ``scores`` is false)."""

    def __init__(self, searcher, leaves):
        self.searcher = searcher
        self.schema = searcher.schema
        self.weighting = searcher.weighting
        self.leaves = leaves  # [(segment reader, first document number)]
        self._lengths: dict[str, list[np.ndarray]] = {}
        self._filters: dict[tuple[str, bytes], tuple] = {}
        self._memo: dict[int, tuple] = {}
        self._byte_to_length = np.array([byte_to_length(b) or 0 for b in range(256)], dtype=np.float64)

    @classmethod
    def for_searcher(cls, searcher):
        if W3LeafMatcher is None or not isinstance(searcher.weighting, BM25F):
            return None
        leaves = list(searcher.reader().leaf_readers())
        if any(r.has_deletions() for r, _ in leaves):
            return None
        return cls(searcher, leaves)

    def evaluate(self, q: qm.Query, scores: bool):
        # Results are remembered per node, for the nodes of this query only: search asks for
        # the first tier, then counts the second, which holds the same nodes
        # (``AndNot(expanded, exact)``); nothing of an earlier query is kept.
        live = set(_node_ids(q))
        self._memo = {k: v for k, v in self._memo.items() if k in live}
        return self._eval(q, scores)

    def _eval(self, q, scores):
        memo = self._memo.get(id(q))
        if memo is not None and memo[0] is q and (memo[2] is not None or not scores):
            return memo[1], (memo[2] if scores else None)
        ids, sc = self._node(q, scores)
        self._memo[id(q)] = (q, ids, sc)  # holding q: its id is not reused while remembered
        return ids, sc

    def _node(self, q, scores):
        if isinstance(q, qm.Term):
            return self._term(q.field, q.text, q.boost, scores)
        if isinstance(q, qm.Phrase):
            return self._phrase(q, scores)
        if isinstance(q, qm.Or):
            return _union([self._eval(c, scores) for c in q.children], scores)
        if isinstance(q, qm.And):
            # Terms first (a filter, a document-scoped alias's doc_id): when one matches
            # nothing, the rest is never evaluated.  Parts stay in order, so do the scores.
            parts: list = [None] * len(q.children)
            for i in sorted(range(len(q.children)), key=lambda i: not isinstance(q.children[i], qm.Term)):
                parts[i] = self._eval(q.children[i], scores)
                if not len(parts[i][0]):
                    return _EMPTY_IDS, (_EMPTY_SCORES if scores else None)
            return _intersection(parts, scores)
        if isinstance(q, qm.AndNot):
            ids, sc = self._eval(q.positive, scores)
            neg, _ = self._eval(q.negative, False)
            keep = ~np.isin(ids, neg, assume_unique=True)
            return ids[keep], (sc[keep] if scores else None)
        if isinstance(q, qm.AndMaybe):
            ids, sc = self._eval(q.required, scores)
            if not scores:
                return ids, None
            oids, osc = self._eval(q.optional, True)
            pos = np.searchsorted(ids, oids)
            hit = pos < len(ids)
            hit[hit] = ids[pos[hit]] == oids[hit]
            sc = sc.copy()
            sc[pos[hit]] += osc[hit]
            return ids, sc
        raise _Unsupported(q)  # Prefix: Whoosh scores it as a constant; left to Whoosh

    # -- terms -----------------------------------------------------------------------------

    def _btext(self, field: str, text: str):
        if field not in self.schema:
            return None
        try:
            return self.schema[field].to_bytes(text)
        except ValueError:
            return None

    def _blocks(self, field: str, btext: bytes, within: np.ndarray | None = None):
        """(leaf index, first document number, matcher) of each block of the term's postings;
        with ``within`` (sorted global document numbers), only the blocks that can hold one
        of them: the others are skipped on their header, never decoded."""
        for n, (reader, offset) in enumerate(self.leaves):
            if (field, btext) not in reader:
                continue
            m = reader.postings(field, btext)
            if not isinstance(m, W3LeafMatcher):
                raise _Unsupported(field)
            low = offset  # the first document number the previous blocks could not hold
            while m.is_active():
                if within is not None:
                    high = m._maxid + offset  # the block holds ids in low..high
                    i = np.searchsorted(within, low)
                    low = high + 1
                    if i == len(within) or within[i] > high:
                        m._next_block()
                        continue
                if m._data is None:
                    m._read_data()
                yield n, offset, m
                m._next_block()

    def _term(self, field: str, text: str, boost: float, scores: bool, values: bool = False,
              within: np.ndarray | None = None):
        """The term's postings: ``(ids, scores)``, or ``(ids, scores, values)`` with their
        encoded positions.  A term of an unscored field (``lang``, ``doc_id``: the filters) is
        read once and kept: a few arrays, like Whoosh's own cached columns."""
        btext = self._btext(field, text)
        if btext is None:
            return (_EMPTY_IDS, _EMPTY_SCORES if scores else None) if not values else (_EMPTY_IDS, None, [])
        if not values and not self.schema[field].scorable:
            key = (field, btext)
            cached = self._filters.get(key)
            if cached is None:
                if len(self._filters) >= _FILTER_CACHE:
                    self._filters.pop(next(iter(self._filters)))
                cached = self._filters[key] = self._read(field, btext, True, False, None)
            ids, sc, _ = cached
            if scores and boost != 1.0:
                sc = sc * boost
            return ids, (sc if scores else None)
        ids, sc, vals = self._read(field, btext, scores, values, within)
        if scores and boost != 1.0:
            sc = sc * boost
        return (ids, sc) if not values else (ids, sc, vals)

    def _read(self, field: str, btext: bytes, scores: bool, values: bool, within):
        id_parts, weight_parts, leaf_parts, value_parts = [], [], [], []
        for n, offset, m in self._blocks(field, btext, within):
            data = m._data
            ids = np.asarray(data[0], dtype=np.int64) if m._byteids else \
                np.cumsum(np.asarray(data[0], dtype=np.int64))
            id_parts.append(ids + offset)
            if scores:
                w = data[1]
                weight_parts.append(np.ones(len(ids)) if w is None else
                                    np.full(len(ids), float(w)) if isinstance(w, float) else
                                    np.asarray(w, dtype=np.float64))
                leaf_parts.append((n, offset, ids))
            if values:
                value_parts.extend(data[2])
        if not id_parts:
            return _EMPTY_IDS, (_EMPTY_SCORES if scores else None), []
        ids = np.concatenate(id_parts)
        sc = self._bm25f(field, btext, np.concatenate(weight_parts), leaf_parts) if scores else None
        return ids, sc, value_parts

    def _bm25f(self, field: str, btext: bytes, weights: np.ndarray, leaf_parts) -> np.ndarray:
        """Whoosh's BM25F score of each posting (``scoring.BM25FScorer``); an unscored field
        (an ID) scores its weight (``WeightScorer``)."""
        if not self.schema[field].scorable:
            return weights
        w = self.weighting
        B = w._field_B.get(field, w.B)
        K1 = w.K1
        idf = self.searcher.idf(field, btext)
        avgfl = self.searcher.avg_field_length(field) or 1
        lengths = self._field_lengths(field)
        fl = np.concatenate([lengths[n][ids] for n, _, ids in leaf_parts])
        return idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * fl / avgfl)))

    def _field_lengths(self, field: str) -> list[np.ndarray]:
        """Each leaf's field length of every document (decoded from its length bytes); read
        once per field."""
        found = self._lengths.get(field)
        if found is None:
            found = []
            for reader, _ in self.leaves:
                count = reader.doc_count_all()
                column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
                raw = np.zeros(count, dtype=np.uint8)
                if column is not None:
                    n = min(column._count, count)
                    raw[:n] = np.frombuffer(column._dbfile.get(column._basepos, n), dtype=np.uint8)
                found.append(self._byte_to_length[raw])
            self._lengths[field] = found
        return found

    # -- phrases ---------------------------------------------------------------------------

    def _phrase(self, q: qm.Phrase, scores: bool):
        """Documents where the terms stand at consecutive positions; the score of a match is
        the sum of its terms' scores (Whoosh's phrase matcher wraps their intersection)."""
        if len(q.terms) == 1:
            return self._term(q.field, q.terms[0], 1.0, scores)
        fmt = self.schema[q.field].format if q.field in self.schema else None
        if fmt is None or not fmt.supports("positions"):
            raise _Unsupported(q)
        btexts = [self._btext(q.field, t) for t in q.terms]
        if any(b is None for b in btexts):
            return _EMPTY_IDS, (_EMPTY_SCORES if scores else None)
        # the rarest term first; the others are read only in the blocks that can hold its documents
        freq = [self.searcher.doc_frequency(q.field, b) for b in btexts]
        if not all(freq):
            return _EMPTY_IDS, (_EMPTY_SCORES if scores else None)
        first = min(range(len(btexts)), key=freq.__getitem__)
        parts: list = [None] * len(btexts)
        parts[first] = self._term(q.field, q.terms[first], 1.0, scores, values=True)
        common = parts[first][0]
        for k in sorted(range(len(btexts)), key=freq.__getitem__)[1:]:
            parts[k] = self._term(q.field, q.terms[k], 1.0, scores, values=True, within=common)
            common = np.intersect1d(common, parts[k][0], assume_unique=True)
            if not len(common):
                return _EMPTY_IDS, (_EMPTY_SCORES if scores else None)
        # positions of each term in the candidate documents only
        where = [np.searchsorted(ids, common) for ids, _, _ in parts]
        keep = None
        if type(fmt) is Positions:
            keep = _phrase_starts(len(common), [[vals[i] for i in w]
                                                for (_, _, vals), w in zip(parts, where, strict=True)])
        if keep is None:  # another format, or values not as Whoosh 2.7 writes them: one by one
            keep = np.zeros(len(common), dtype=bool)
            for j in range(len(common)):
                starts = set(fmt.decode_positions(parts[0][2][where[0][j]]))
                for k in range(1, len(parts)):
                    if not starts:
                        break
                    starts = {p - k for p in fmt.decode_positions(parts[k][2][where[k][j]])} & starts
                keep[j] = bool(starts)
        ids = common[keep]
        if not scores:
            return ids, None
        total = _tree_sum([sc[w[keep]] for (_, sc, _), w in zip(parts, where, strict=True)])
        return ids, total


def _node_ids(q: qm.Query):
    yield id(q)
    if isinstance(q, (qm.Or, qm.And)):
        for c in q.children:
            yield from _node_ids(c)
    elif isinstance(q, qm.AndNot):
        yield from _node_ids(q.positive)
        yield from _node_ids(q.negative)
    elif isinstance(q, qm.AndMaybe):
        yield from _node_ids(q.required)
        yield from _node_ids(q.optional)


#: How Whoosh 2.7's ``Positions`` format writes a posting's value: a 4-byte count, then the
#: gaps between positions as a protocol-2 pickle of a list (``Positions.encode``).
_PICKLE_HEAD = b"\x80\x02"


def _positions(values: list[bytes]) -> tuple[np.ndarray, np.ndarray] | None:
    """The positions in each of ``values``: how many each holds, and all of them one list
    after the other; None if a value is not what ``_PICKLE_HEAD`` says.

    Unpickling each posting's list on its own was the largest part of a phrase's time once
    the ``pairs`` field made the postings short; the pickled lists are instead put one after
    the other between a MARK and a LIST opcode, so one ``pickle.loads`` builds them all (each
    list's pickle is self-contained: it pushes one list).  Written here because Whoosh
    decodes one posting at a time."""
    bodies = []
    for v in values:
        if v[4:6] != _PICKLE_HEAD:
            return None
        bodies.append(v[6:-1] if v.endswith(b".") else v[6:])
    gaps = whoosh_pickles.loads_data(b"\x80\x02(" + b"".join(bodies) + b"l.")
    counts = np.fromiter(map(len, gaps), dtype=np.int64, count=len(gaps))
    running = np.cumsum(np.fromiter(chain.from_iterable(gaps), dtype=np.int64, count=int(counts.sum())))
    firsts = np.cumsum(counts) - counts  # where each list starts in ``running``
    before = np.where(firsts > 0, running[np.maximum(firsts - 1, 0)], 0) if len(running) else firsts
    return counts, running - np.repeat(before, counts)


def _phrase_starts(candidates: int, values: list[list[bytes]]) -> np.ndarray | None:
    """Which of ``candidates`` documents hold the phrase: ``values[k][j]`` is the posting
    value of the phrase's ``k``-th term in candidate ``j``.  A candidate matches when some
    position ``p`` of the first term has term ``k`` at ``p + k`` for every ``k``: the pairs
    (candidate, ``p``) of all the terms are intersected, each pair as one number."""
    keys = None
    for k, term_values in enumerate(values):
        decoded = _positions(term_values)
        if decoded is None:
            return None
        counts, positions = decoded
        starts = positions - k
        pairs = (np.repeat(np.arange(candidates, dtype=np.int64), counts) << 32) | (starts & 0xFFFFFFFF)
        pairs = pairs[starts >= 0]
        keys = np.unique(pairs) if keys is None else np.intersect1d(keys, pairs, assume_unique=True)
        if not len(keys):
            break
    keep = np.zeros(candidates, dtype=bool)
    keep[(keys >> 32)] = True
    return keep


def _tree_sum(arrays: list[np.ndarray]) -> np.ndarray:
    """Sum as Whoosh's ``make_binary_tree`` of intersection matchers adds scores."""
    if len(arrays) == 1:
        return arrays[0]
    half = len(arrays) // 2
    return _tree_sum(arrays[:half]) + _tree_sum(arrays[half:])


def _union(parts, scores: bool):
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return _EMPTY_IDS, (_EMPTY_SCORES if scores else None)
    if len(parts) == 1:
        return parts[0]
    all_ids = np.concatenate([ids for ids, _ in parts])
    ids, inverse = np.unique(all_ids, return_inverse=True)
    if not scores:
        return ids, None
    sc = np.bincount(inverse, weights=np.concatenate([s for _, s in parts]), minlength=len(ids))
    return ids, sc


def _intersection(parts, scores: bool):
    ids = parts[0][0]
    for other, _ in parts[1:]:
        ids = np.intersect1d(ids, other, assume_unique=True)
        if not len(ids):
            break
    if not scores:
        return ids, None
    sc = np.zeros(len(ids))
    for pids, psc in parts:
        sc += psc[np.searchsorted(pids, ids)]
    return ids, sc


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
