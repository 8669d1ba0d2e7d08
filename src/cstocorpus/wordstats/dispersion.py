"""Dispersion: where a query's hits fall through each document, and how evenly they spread.

Hits are the occurrences a concordance of the query lists (``concordance.occurrences`` of
``search``'s hits: the same query language, cross-language names included).  A hit's
position is its first word's place among the document's running words (``units="words"``,
compounds as one word, as ``freq`` counts them) or tokens (``"parts"``, the analyzers'
pieces), so ``relative`` runs from 0 (the first word) to 1 (the last); sizes and rates are
in the same units.

* range: the documents (passages) with at least one hit, of those selected;
* DP (Gries 2008, "Dispersion and adjusted frequencies in corpora"): half the sum over the
  corpus parts of |hits share − size share|; 0 when hits follow the parts' sizes exactly,
  towards 1 when they crowd into one small part.  DPnorm (Lijffijt & Gries 2012) divides by
  1 − the smallest part's share, so that 1 is always the most uneven possible.  Computed with
  documents as the parts, and with passages as the parts (for a corpus of few documents).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..concordance.lines import occurrences
from ..index.reader import CorpusIndex
from ..subcorpus import EVERYTHING, Selection, search_in
from .view import CorpusView


@dataclass
class DocumentDispersion:
    doc_id: str
    title: str
    tokens: int  # selected tokens of the document
    document_tokens: int  # all its tokens (positions are relative to these)
    passages: int  # selected passages
    hits: int
    passages_with_hits: int
    per_10k: float
    dp: float | None  # over its passages; None without a hit
    positions: list[float] = field(default_factory=list)  # relative positions of the hits, 0..1

    def as_dict(self) -> dict:
        return {"doc_id": self.doc_id, "title": self.title, "hits": self.hits, "tokens": self.tokens,
                "per_10k": round(self.per_10k, 3), "passages": self.passages,
                "passages_with_hits": self.passages_with_hits,
                "dp": None if self.dp is None else round(self.dp, 4),
                "positions": [round(p, 5) for p in self.positions]}


@dataclass
class DispersionResult:
    query: str
    hits: int
    tokens: int
    documents: int  # selected documents (with a selected passage)
    documents_with_hits: int
    passages: int
    passages_with_hits: int
    dp_documents: float | None
    dp_documents_norm: float | None
    dp_passages: float | None
    dp_passages_norm: float | None
    rows: list[DocumentDispersion]
    selection: Selection = EVERYTHING
    units: str = "words"  # what was counted: running words (compounds as one) or the analyzers' parts

    @property
    def per_million(self) -> float:
        return self.hits / self.tokens * 1e6 if self.tokens else 0.0


def gries_dp(hits: np.ndarray, sizes: np.ndarray) -> tuple[float, float] | tuple[None, None]:
    """DP and DPnorm of hit counts over parts of the given sizes (None when there is no hit)."""
    hits = np.asarray(hits, dtype=np.float64)
    sizes = np.asarray(sizes, dtype=np.float64)
    if hits.sum() == 0 or sizes.sum() == 0:
        return None, None
    s = sizes / sizes.sum()
    dp = 0.5 * float(np.abs(hits / hits.sum() - s).sum())
    smallest = float(s.min())
    return dp, (dp / (1 - smallest) if smallest < 1 else 0.0)


def _word_at(tokens, words, p: int, token: int) -> int:
    """The running word (its number in passage ``p``) that holds the passage's ``token``-th token."""
    if token < tokens.offsets[p + 1] - tokens.offsets[p]:
        return int(tokens.unit_of[tokens.offsets[p] + token])
    return int(words.offsets[p + 1] - words.offsets[p])


def dispersion(index: CorpusIndex, query: str, selection: Selection = EVERYTHING, literal: bool = False,
               units: str = "words") -> DispersionResult:
    """Where ``query``'s hits fall in each selected document (``QuerySyntaxError`` for a bad query)."""
    found = search_in(index, query, selection, limit=None, literal=literal)
    tokens = index.columns
    columns = tokens.stream(units)
    view = CorpusView(columns, selection)
    number = {pid: n for n, pid in enumerate(columns.passage_ids)}
    lengths = np.diff(columns.offsets)
    hits_in = np.zeros(len(columns.passage_ids), dtype=np.int64)
    where: dict[int, list[float]] = {}
    for hit in found.hits:
        p = number[hit.passage["passage_id"]]
        lo, hi = columns.doc_passages(columns.documents[columns.passage_doc[p]])
        doc_tokens = int(columns.offsets[hi] - columns.offsets[lo])
        for line in occurrences(hit):
            hits_in[p] += 1
            first = line.first if units == "parts" else _word_at(tokens, columns, p, line.first)
            at = int(columns.offsets[p] - columns.offsets[lo]) + first
            where.setdefault(int(columns.passage_doc[p]), []).append((at + 0.5) / max(doc_tokens, 1))
    chosen = view.passage_mask
    rows = []
    for d, doc_id in enumerate(columns.documents):
        lo, hi = columns.doc_passages(doc_id)
        mine = chosen[lo:hi]
        if not mine.any():
            continue
        sizes, hits = lengths[lo:hi][mine], hits_in[lo:hi][mine]
        total = int(hits.sum())
        rows.append(DocumentDispersion(
            doc_id, index.documents.get(doc_id, {}).get("title", ""), int(sizes.sum()),
            int(columns.offsets[hi] - columns.offsets[lo]), int(mine.sum()), total, int((hits > 0).sum()),
            total / sizes.sum() * 1e4 if sizes.sum() else 0.0,
            gries_dp(hits, sizes)[0], sorted(where.get(d, []))))
    doc_hits = np.array([r.hits for r in rows])
    doc_sizes = np.array([r.tokens for r in rows])
    passage_hits, passage_sizes = hits_in[chosen], lengths[chosen]
    dp_d, dp_d_norm = gries_dp(doc_hits, doc_sizes) if rows else (None, None)
    dp_p, dp_p_norm = gries_dp(passage_hits, passage_sizes)
    return DispersionResult(query, int(doc_hits.sum()) if rows else 0, int(passage_sizes.sum()), len(rows),
                            int((doc_hits > 0).sum()) if rows else 0, int(chosen.sum()),
                            int((passage_hits > 0).sum()), dp_d, dp_d_norm, dp_p, dp_p_norm, rows, selection,
                            units)
