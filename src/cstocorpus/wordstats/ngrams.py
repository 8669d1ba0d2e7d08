"""N-grams (clusters): runs of n words that recur, with their frequency and their range (in
how many documents and passages they occur), language by language.

An n-gram stays inside one passage and does not cross punctuation (a full stop, a comma, a
bracket: ``index.columns`` records where punctuation stood between two words), so
``… ОДКБ. Так …`` gives no ``одкб так``.  By default n-grams that begin or end with a stop
word are left out (``в рамках одкб`` is not listed, ``совет коллективный безопасность`` is);
``keep_stopwords`` keeps them.  ``containing`` keeps those with a given word or phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .node import Node
from .view import CorpusView

_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")
MAX_N = 8


class NgramSizeError(ValueError):
    """An n that cannot be read."""


def parse_sizes(text: str) -> tuple[int, int]:
    """``2-4`` → (2, 4); ``3`` → (3, 3)."""
    match = _RANGE.match(str(text))
    if not match:
        raise NgramSizeError(f"cannot read --n {text!r}: write one size (3) or a range (2-4)")
    low = int(match.group(1))
    high = int(match.group(2) or low)
    if not 1 <= low <= high <= MAX_N:
        raise NgramSizeError(f"--n {text.strip()} must be sizes from 1 to {MAX_N}, the smaller first")
    return low, high


@dataclass
class Ngram:
    words: tuple[str, ...]
    frequency: int
    documents: int
    passages: int

    def as_dict(self) -> dict:
        return {"ngram": " ".join(self.words), "n": len(self.words), "frequency": self.frequency,
                "documents": self.documents, "passages": self.passages}


@dataclass
class LanguageNgrams:
    lang: str
    tokens: int
    types: int  # distinct n-grams listed before --top
    ngrams: list[Ngram] = field(default_factory=list)


@dataclass
class NgramsResult:
    by: str
    sizes: tuple[int, int]
    containing: Node | None
    min_freq: int
    stopwords_kept: bool
    languages: list[LanguageNgrams]
    units: str = "words"  # what was counted: running words (compounds as one) or the analyzers' parts


def ngrams(view: CorpusView, sizes: tuple[int, int] = (2, 4), containing: Node | None = None,
           min_freq: int = 2, top: int | None = 50, keep_stopwords: bool = False) -> NgramsResult:
    """The most frequent n-grams of each selected language, most frequent first (then the
    longer, then in term order)."""
    out = []
    for lang in view.languages():
        out.append(_in_language(view, lang, sizes, containing, min_freq, top, keep_stopwords))
    return NgramsResult(view.by, sizes, containing, min_freq, keep_stopwords, out, view.columns.units)


def _in_language(view, lang, sizes, containing, min_freq, top, keep_stopwords) -> LanguageNgrams:
    passages = view.passages_in(lang)
    tokens = view.token_mask(passages)
    columns = view.columns
    ids = np.asarray(view.ids)
    passage_of = columns.token_passage
    gap = np.asarray(columns.gap)
    total = len(ids)
    node = _node_numbers(view, containing)
    rows: list[Ngram] = []
    for n in range(sizes[0], sizes[1] + 1):
        starts = np.flatnonzero(tokens[: max(total - n + 1, 0)])
        for j in range(1, n):  # the same passage, no punctuation inside
            same = passage_of[starts + j] == passage_of[starts]
            starts = starts[same & (gap[starts + j] == 0)]
        if not len(starts):
            continue
        grams = np.stack([ids[starts + j] for j in range(n)], axis=1).astype(np.int64)
        if node is not None:
            grams, starts = _containing(grams, starts, node)
            if not len(starts):
                continue
        rows += _counted(view, grams, starts, passage_of, min_freq, keep_stopwords)
    rows.sort(key=lambda g: (-g.frequency, -len(g.words), g.words))
    return LanguageNgrams(lang, int(tokens.sum()), len(rows), rows if top is None else rows[:top])


def _node_numbers(view: CorpusView, node: Node | None) -> np.ndarray | None:
    if node is None:
        return None
    numbers = [view.number(t) for t in node.terms]
    return np.array([-1 if n is None else n for n in numbers], dtype=np.int64)


def _containing(grams: np.ndarray, starts: np.ndarray, node: np.ndarray):
    k = len(node)
    n = grams.shape[1]
    keep = np.zeros(len(grams), dtype=bool)
    for at in range(0, n - k + 1):
        keep |= np.all(grams[:, at:at + k] == node, axis=1)
    return grams[keep], starts[keep]


def _counted(view, grams, starts, passage_of, min_freq, keep_stopwords) -> list[Ngram]:
    unique, inverse, counts = np.unique(grams, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.ravel()
    frequent = counts >= min_freq
    if not frequent.any():
        return []
    if not keep_stopwords:
        edges = np.unique(np.concatenate([unique[frequent, 0], unique[frequent, -1]]))
        stop = set(edges[view.stop_mask(edges)].tolist())
        if stop:
            frequent &= ~np.isin(unique[:, 0], list(stop)) & ~np.isin(unique[:, -1], list(stop))
    wanted = np.flatnonzero(frequent)
    if not len(wanted):
        return []
    keep = frequent[inverse]
    which, passages = inverse[keep], passage_of[starts[keep]].astype(np.int64)
    docs = view.columns.passage_doc[passages].astype(np.int64)
    in_passages = _distinct_counts(which, passages, len(unique))
    in_docs = _distinct_counts(which, docs, len(unique))
    term = view.term
    return [Ngram(tuple(term(int(x)) for x in unique[g]), int(counts[g]), int(in_docs[g]), int(in_passages[g]))
            for g in wanted]


def _distinct_counts(groups: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """For each group, how many distinct values it has."""
    pairs = np.unique(groups * (int(values.max()) + 1 if len(values) else 1) + values)
    return np.bincount(pairs // (int(values.max()) + 1 if len(values) else 1), minlength=size)
