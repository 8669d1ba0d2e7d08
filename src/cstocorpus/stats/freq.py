"""Frequency lists: how often each lemma (or form) occurs, per million tokens, and in how
many passages and documents.

The passage count is what ``search`` counts: a passage matches a word's lemma when one of its
stored tokens has that lemma, so for an ordinary word ``passages`` here equals the total of
``cstocorpus search WORD --lang XX``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .stopwords import is_stopword
from .store import StoredPassage

BY = ("lemma", "form")


@dataclass(frozen=True)
class Term:
    rank: int
    term: str
    count: int
    per_million: float
    passages: int
    documents: int

    def as_dict(self) -> dict:
        return {"rank": self.rank, "term": self.term, "count": self.count, "per_million": self.per_million,
                "passages": self.passages, "documents": self.documents}


@dataclass(frozen=True)
class FreqList:
    by: str  # "lemma" | "form"
    langs: tuple[str, ...]  # empty: every language
    passages: int  # passages selected
    tokens: int  # tokens of the selected passages, stop words included: the per-million base
    types: int  # distinct terms listed before the cut to --top (stop words out unless kept)
    stopwords_kept: bool
    terms: list[Term]
    subcorpus: str = ""  # the filters beyond --lang that chose the passages, in words (empty: none)


def frequency_list(passages: Sequence[StoredPassage], by: str = "lemma", top: int | None = 20,
                   keep_stopwords: bool = False, langs: Iterable[str] = (), subcorpus: str = "") -> FreqList:
    """The ``top`` most frequent terms of ``passages`` (already selected), most frequent first,
    ties in term order; ``top=None`` lists them all."""
    if by not in BY:
        raise ValueError(f"by must be one of {BY}, not {by!r}")
    counts: Counter[str] = Counter()
    in_passages: Counter[str] = Counter()
    docs: dict[str, set[str]] = {}
    tokens = 0
    for p in passages:
        terms = p.lemmas if by == "lemma" else p.forms
        tokens += len(terms)
        counts.update(terms)
        for term in set(terms):
            in_passages[term] += 1
            docs.setdefault(term, set()).add(p.doc_id)
    listed = [t for t in counts if keep_stopwords or not is_stopword(t)]
    listed.sort(key=lambda t: (-counts[t], t))
    chosen = listed if top is None else listed[:top]
    terms = [
        Term(rank, t, counts[t], round(counts[t] / tokens * 1e6, 2), in_passages[t], len(docs[t]))
        for rank, t in enumerate(chosen, start=1)
    ]
    return FreqList(by, tuple(langs), len(passages), tokens, len(listed), keep_stopwords, terms, subcorpus)
