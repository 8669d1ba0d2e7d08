"""Search every judged query like a user would and score the hits against the judgments.

Per query: **recall** (relevant passages found / relevant passages), **other-language
recall** (the same over the relevant passages in a language other than the query's: what
cross-language search adds) and **precision@10** (relevant passages among the first ten hits
/ the first ten hits; undefined for a query with no hits, whose failure recall shows).
Totals pool the passages of every query (micro averages: "found 56 % of the relevant
passages") and also give the mean over queries (macro).

Only the judged documents are searched (``--doc``): a passage of any other document was
never judged, so it can be neither counted against precision nor for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cstocorpus.searcheval.judged import JudgedSet

TOP = 10


@dataclass(frozen=True)
class QueryScore:
    concept: str
    lang: str  # the query's language (the judged set's key)
    query: str
    hits: int  # passages found
    relevant: int  # relevant passages
    found: int  # relevant passages found
    relevant_other: int  # relevant passages in another language than the query's
    found_other: int
    top: int  # hits among the first ten (min(10, hits))
    top_relevant: int  # relevant ones among them
    missed: tuple[str, ...] = ()  # relevant passage ids not found
    wrong_top: tuple[str, ...] = ()  # passage ids in the first ten that are not relevant

    @property
    def recall(self) -> float:
        return self.found / self.relevant if self.relevant else 1.0

    @property
    def recall_other(self) -> float | None:
        return self.found_other / self.relevant_other if self.relevant_other else None

    @property
    def precision(self) -> float | None:
        return self.top_relevant / self.top if self.top else None


@dataclass(frozen=True)
class Totals:
    queries: int
    recall: float | None
    recall_other: float | None
    precision: float | None
    mean_recall: float | None
    mean_recall_other: float | None
    mean_precision: float | None
    relevant: int
    found: int
    relevant_other: int
    found_other: int
    top: int
    top_relevant: int


@dataclass
class SearchEvaluation:
    judged: str  # the judged set's path
    literal: bool
    queries: list[QueryScore]
    unmatched: list[tuple[str, str, int]] = field(default_factory=list)  # (concept, doc, line) in no passage
    engine: str = ""

    def totals(self, lang: str | None = None) -> Totals:
        qs = [q for q in self.queries if lang is None or q.lang == lang]
        return _totals(qs)

    @property
    def languages(self) -> list[str]:
        return list(dict.fromkeys(q.lang for q in self.queries))


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _totals(qs: list[QueryScore]) -> Totals:
    s = {k: sum(getattr(q, k) for q in qs) for k in ("relevant", "found", "relevant_other", "found_other", "top",
                                                       "top_relevant")}
    return Totals(len(qs), _ratio(s["found"], s["relevant"]), _ratio(s["found_other"], s["relevant_other"]),
                  _ratio(s["top_relevant"], s["top"]), _mean(q.recall for q in qs),
                  _mean(q.recall_other for q in qs), _mean(q.precision for q in qs), **s)


def evaluate_search(index, judged: JudgedSet, literal: bool = False,
                    search: Callable | None = None) -> SearchEvaluation:
    """Search each judged query on ``index`` (a ``CorpusIndex``) and score it.  ``search``
    defaults to ``cstocorpus.search.search`` (any function with its signature will do)."""
    if search is None:
        from cstocorpus.search import search
    docs = sorted({doc for c in judged.concepts for doc, _ in c.relevant} | set(judged.documents))
    passages = [p for p in index.all_stored() if p["doc_id"] in docs]
    by_doc: dict[str, list[dict]] = {}
    for p in passages:
        by_doc.setdefault(p["doc_id"], []).append(p)
    out = SearchEvaluation(judged.path, literal, [], engine=getattr(index, "engine_name", ""))
    for concept in judged.concepts:
        relevant: dict[str, str] = {}  # passage id → language
        for doc, line in sorted(concept.relevant):
            hit = next((p for p in by_doc.get(doc, ()) if p["lines"][0] <= line <= p["lines"][1]), None)
            if hit is None:
                out.unmatched.append((concept.id, doc, line))
            else:
                relevant[hit["passage_id"]] = hit["lang"]
        for lang, query in concept.queries.items():
            result = search(index, query, docs=docs, limit=None, literal=literal)
            ids = [h.passage["passage_id"] for h in result.hits]
            found = set(ids) & set(relevant)
            other = {p for p, plang in relevant.items() if plang != lang}
            top = ids[:TOP]
            out.queries.append(QueryScore(
                concept.id, lang, query, len(ids), len(relevant), len(found), len(other), len(found & other),
                len(top), sum(p in relevant for p in top),
                tuple(sorted(set(relevant) - found)), tuple(p for p in top if p not in relevant)))
    return out
