"""Keywords (keyness): the words a target subcorpus uses more (positive) or less (negative)
than a reference corpus, language by language.

The target is what the filters select; the reference, by default, is the rest of the corpus
in the same language (``rest``), or the whole corpus in that language (``corpus``), or a
named subcorpus.  Measures: ``measures.keyness``.  A keyword must reach the G² that ``max_p``
asks for (3.84 for p ≤ 0.05) and occur ``min_freq`` times where it is key: in the target for
a positive keyword, in the reference for a negative one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .measures import keyness, significance_threshold
from .view import CorpusView

SORTS = ("g2", "log_ratio", "pdiff", "bic")


@dataclass
class Keyword:
    term: str
    target: int  # frequency in the target
    reference: int
    target_per_million: float
    reference_per_million: float
    g2: float
    p: float
    log_ratio: float
    pdiff: float | None  # None when the reference has no occurrence
    bic: float

    def as_dict(self) -> dict:
        return {"term": self.term, "target": self.target, "reference": self.reference,
                "target_per_million": round(self.target_per_million, 2),
                "reference_per_million": round(self.reference_per_million, 2),
                "g2": round(self.g2, 4), "p": float(f"{self.p:.4g}"), "log_ratio": round(self.log_ratio, 4),
                "pdiff": None if self.pdiff is None else round(self.pdiff, 2), "bic": round(self.bic, 4)}


@dataclass
class LanguageKeywords:
    lang: str
    target_tokens: int
    reference_tokens: int
    target_passages: int
    reference_passages: int
    positive: list[Keyword] = field(default_factory=list)
    negative: list[Keyword] = field(default_factory=list)
    positive_total: int = 0  # keywords passing the thresholds, before --top
    negative_total: int = 0


@dataclass
class KeywordsResult:
    by: str
    reference: str  # "rest", "corpus" or "subcorpus NAME"
    sort: str
    min_freq: int
    max_p: float
    threshold: float  # the G² max_p needs
    stopwords_kept: bool
    languages: list[LanguageKeywords]
    units: str = "words"  # what was counted: running words (compounds as one) or the analyzers' parts


def keywords(target: CorpusView, reference: CorpusView | None, reference_name: str = "rest",
             sort: str = "g2", min_freq: int = 3, max_p: float = 0.05, top: int | None = 30,
             keep_stopwords: bool = False) -> KeywordsResult:
    """Positive and negative keywords of ``target`` against ``reference`` (a view of the same
    columns; ``None``: the rest of the corpus) in every language of the target."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}")
    threshold = significance_threshold(max_p)
    out = []
    for lang in target.languages():
        in_target = target.passages_in(lang)
        if reference is None:
            everything = CorpusView(target.columns, by=target.by)
            in_reference = everything.passages_in(lang) & ~in_target
        else:
            in_reference = reference.passages_in(lang)
        out.append(_in_language(target, lang, in_target, in_reference, sort, min_freq, threshold, top,
                                keep_stopwords))
    return KeywordsResult(target.by, reference_name, sort, min_freq, max_p, threshold, keep_stopwords, out,
                          target.columns.units)


def _in_language(view, lang, in_target, in_reference, sort, min_freq, threshold, top, keep_stopwords):
    t_tokens, r_tokens = view.token_mask(in_target), view.token_mask(in_reference)
    a, b = view.frequencies(t_tokens), view.frequencies(r_tokens)
    n1, n2 = int(t_tokens.sum()), int(r_tokens.sum())
    result = LanguageKeywords(lang, n1, n2, int(in_target.sum()), int(in_reference.sum()))
    if not n1 or not n2:
        return result
    present = np.flatnonzero((a + b) > 0)
    if not keep_stopwords and len(present):
        present = present[~view.stop_mask(present)]
    scores = keyness(a[present], n1, b[present], n2)
    rel_a, rel_b = a[present] / n1, b[present] / n2
    strong = scores["g2"] >= threshold
    for positive in (True, False):
        side = strong & ((rel_a > rel_b) if positive else (rel_a < rel_b))
        side &= (a[present] if positive else b[present]) >= min_freq
        rows = np.flatnonzero(side)
        key = scores[sort] if sort != "pdiff" else np.nan_to_num(scores["pdiff"], nan=np.inf)
        # the strongest first: positive by the measure falling, negative by it rising (log ratio,
        # %DIFF) or falling (G², BIC: they have no sign)
        signed = -key if positive or sort in ("g2", "bic") else key
        rows = sorted(rows, key=lambda i: (signed[i], view.term(present[i])))
        found = [_keyword(view, present[i], a, b, n1, n2, scores, i) for i in (rows if top is None else rows[:top])]
        if positive:
            result.positive, result.positive_total = found, len(rows)
        else:
            result.negative, result.negative_total = found, len(rows)
    return result


def _keyword(view, term, a, b, n1, n2, scores, i) -> Keyword:
    pdiff = scores["pdiff"][i]
    return Keyword(view.term(term), int(a[term]), int(b[term]), a[term] / n1 * 1e6, b[term] / n2 * 1e6,
                   float(scores["g2"][i]), float(scores["p"][i]), float(scores["log_ratio"][i]),
                   None if np.isnan(pdiff) else float(pdiff), float(scores["bic"][i]))
