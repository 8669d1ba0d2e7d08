"""Frequency lists: how often each word (its lemma or form) occurs, per million running words,
and in how many passages and documents.

Words are counted as units (``units="words"``, the default): each stretch of text once, as the
longest word unit it belongs to, so a compound counts as one word (``หน่วยงาน``, ``ความร่วมมือ``,
``外務省``, ``一次``) and its pieces (``งาน``, ``มือ``, ``省``, ``一``) do not count beside it;
``inside`` counts a word's occurrences as a word of its own inside a longer one (``ร่วมมือ``
in ``ความร่วมมือ``, ``外務`` in ``外務省``).  ``units="parts"`` counts the analyzers' pieces
instead.  The passage count is what ``search`` counts: a passage matches a word when the word
stands in it as a word unit, on its own or inside a longer one, so ``passages`` equals the
total of ``cstocorpus search WORD --literal --lang XX`` (for parts: passages holding the
piece, as ``search 'PIECE*'`` would find them among others).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .stopwords import is_stopword
from .store import StoredPassage

BY = ("lemma", "form")
UNITS = ("words", "parts")


@dataclass(frozen=True)
class Term:
    rank: int
    term: str
    count: int
    per_million: float
    passages: int
    documents: int
    inside: int = 0  # occurrences as a word inside a longer word (units="words" only)

    def as_dict(self) -> dict:
        return {"rank": self.rank, "term": self.term, "count": self.count, "per_million": self.per_million,
                "passages": self.passages, "documents": self.documents, "inside": self.inside}


@dataclass(frozen=True)
class FreqList:
    by: str  # "lemma" | "form"
    langs: tuple[str, ...]  # empty: every language
    passages: int  # passages selected
    tokens: int  # running words (or tokens, for parts) of the selected passages: the per-million base
    types: int  # distinct terms listed before the cut to --top (stop words out unless kept)
    stopwords_kept: bool
    terms: list[Term]
    subcorpus: str = ""  # the filters beyond --lang that chose the passages, in words (empty: none)
    units: str = "words"  # "words" | "parts"


def frequency_list(passages: Sequence[StoredPassage], by: str = "lemma", top: int | None = 20,
                   keep_stopwords: bool = False, langs: Iterable[str] = (), subcorpus: str = "",
                   units: str = "words") -> FreqList:
    """The ``top`` most frequent terms of ``passages`` (already selected), most frequent first,
    ties in term order; ``top=None`` lists them all."""
    if by not in BY:
        raise ValueError(f"by must be one of {BY}, not {by!r}")
    if units not in UNITS:
        raise ValueError(f"units must be one of {UNITS}, not {units!r}")
    side = 0 if by == "lemma" else 1
    counts: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    in_passages: Counter[str] = Counter()
    docs: dict[str, set[str]] = {}
    tokens = 0
    for p in passages:
        if units == "words":
            terms = [w[side] for w in p.words]
            within = [w[side] for w in p.inside]
            inside.update(within)
        else:
            terms = p.lemmas if by == "lemma" else p.forms
            within = []
        tokens += len(terms)
        counts.update(terms)
        for term in {*terms, *within}:
            in_passages[term] += 1
            docs.setdefault(term, set()).add(p.doc_id)
    listed = [t for t in counts if keep_stopwords or not is_stopword(t)]
    listed.sort(key=lambda t: (-counts[t], t))
    chosen = listed if top is None else listed[:top]
    terms = [
        Term(rank, t, counts[t], round(counts[t] / tokens * 1e6, 2), in_passages[t], len(docs[t]), inside[t])
        for rank, t in enumerate(chosen, start=1)
    ]
    return FreqList(by, tuple(langs), len(passages), tokens, len(listed), keep_stopwords, terms, subcorpus,
                    units)
