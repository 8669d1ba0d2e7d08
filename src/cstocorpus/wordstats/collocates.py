"""Collocates: the words found near a node word more often than chance predicts, within a
window (``5L5R``: five words left, five right), language by language.

Counted as Evert (2008) counts surface co-occurrence: the window positions of every node
occurrence inside its passage, each position once even where windows overlap, the node's own
tokens left out; ``o11`` is how many of those positions hold the collocate, ``r1`` how many
positions there are, ``c1`` the collocate's frequency in the selected passages of that
language and ``n`` their tokens.  Measures: ``measures.association``.  Only collocates that
occur more often than expected (attraction) are listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .measures import association
from .node import Node, occurrences
from .view import CorpusView

MEASURES = ("logdice", "ll", "mi", "t")
_WINDOW = re.compile(r"^\s*(\d+)\s*[lL]\s*(\d+)\s*[rR]\s*$")
MAX_SPAN = 20


class WindowError(ValueError):
    """A window that cannot be read."""


def parse_window(text: str) -> tuple[int, int]:
    """``5L5R`` → (5, 5); ``3L0R`` → words on the left only."""
    match = _WINDOW.match(text or "")
    if not match:
        raise WindowError(f"cannot read the window {text!r}: write words left and right as 5L5R (or 3L0R, 0L2R)")
    left, right = int(match.group(1)), int(match.group(2))
    if left + right == 0:
        raise WindowError("the window holds no word: give at least one word on one side (e.g. 0L1R)")
    if left > MAX_SPAN or right > MAX_SPAN:
        raise WindowError(f"a window of {text.strip()} is too wide: at most {MAX_SPAN} words on each side")
    return left, right


@dataclass
class Collocate:
    term: str
    cooccurrences: int  # o11
    frequency: int  # c1
    expected: float
    ll: float
    mi: float
    t: float
    logdice: float
    left: int  # of the co-occurrences, those left of a node
    right: int

    def as_dict(self) -> dict:
        return {"term": self.term, "cooccurrences": self.cooccurrences, "frequency": self.frequency,
                "expected": round(self.expected, 4), "ll": round(self.ll, 4), "mi": round(self.mi, 4),
                "t": round(self.t, 4), "logdice": round(self.logdice, 4), "left": self.left, "right": self.right}


@dataclass
class LanguageCollocates:
    lang: str
    tokens: int  # n: tokens of the selected passages in this language
    node_frequency: int  # node occurrences
    window_tokens: int  # r1
    candidates: int  # collocates passing the minimum frequencies, before --top
    collocates: list[Collocate] = field(default_factory=list)


@dataclass
class CollocatesResult:
    node: Node
    by: str
    window: tuple[int, int]
    measure: str
    min_freq: int
    min_cooc: int
    stopwords_kept: bool
    languages: list[LanguageCollocates]
    units: str = "words"  # what was counted: running words (compounds as one) or the analyzers' parts


def collocates(view: CorpusView, node: Node, window: tuple[int, int] = (5, 5), measure: str = "logdice",
               min_freq: int = 3, min_cooc: int = 2, top: int | None = 30, keep_stopwords: bool = False,
               ) -> CollocatesResult:
    """Collocates of ``node`` in each selected language where it occurs, best first by ``measure``."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}")
    out = []
    for lang in view.languages():
        found = _in_language(view, node, lang, window, measure, min_freq, min_cooc, top, keep_stopwords)
        if found is not None:
            out.append(found)
    return CollocatesResult(node, view.by, window, measure, min_freq, min_cooc, keep_stopwords, out,
                            view.columns.units)


def _in_language(view, node, lang, window, measure, min_freq, min_cooc, top, keep_stopwords):
    tokens = view.token_mask(view.passages_in(lang))
    starts = occurrences(view, node, tokens)
    if not len(starts):
        return None
    left_span, right_span = window
    k = len(node.terms)
    passage = view.columns.token_passage
    total = len(passage)
    node_positions = (starts[:, None] + np.arange(k)).ravel()
    # Window positions as masks over all tokens: each position once, however many windows
    # hold it, and none of the node's own tokens.
    covered = np.zeros(total, dtype=bool)
    on_left = np.zeros(total, dtype=bool)
    for side, offsets in ((0, -np.arange(1, left_span + 1)), (1, (k - 1) + np.arange(1, right_span + 1))):
        if not len(offsets):
            continue
        pos = (starts[:, None] + offsets).ravel()
        home = np.repeat(passage[starts], len(offsets))
        ok = (pos >= 0) & (pos < total)
        pos, home = pos[ok], home[ok]
        pos = pos[passage[pos] == home]
        covered[pos] = True
        if side == 0:
            on_left[pos] = True
    covered[node_positions] = False
    on_left &= covered
    ids = np.asarray(view.ids)
    size = len(view.columns.lexicon)
    every = np.flatnonzero(covered)
    o11 = np.bincount(ids[every], minlength=size)
    n = int(tokens.sum())
    c1 = view.frequencies(tokens)
    r1 = len(every)
    left = np.bincount(ids[on_left], minlength=size)
    candidates = np.flatnonzero((o11 >= max(min_cooc, 1)) & (c1 >= min_freq))
    if not keep_stopwords and len(candidates):
        candidates = candidates[~view.stop_mask(candidates)]
    scores = association(o11[candidates], r1, c1[candidates], n, len(starts))
    attracted = o11[candidates] > scores["expected"]
    candidates = candidates[attracted]
    scores = {name: values[attracted] for name, values in scores.items()}
    order = sorted(range(len(candidates)),
                   key=lambda i: (-scores[measure][i], -o11[candidates[i]], view.term(candidates[i])))
    chosen = order if top is None else order[:top]
    rows = []
    for i in chosen:
        term = int(candidates[i])
        lefts = int(left[term])
        rows.append(Collocate(view.term(term), int(o11[term]), int(c1[term]), float(scores["expected"][i]),
                              float(scores["ll"][i]), float(scores["mi"][i]), float(scores["t"][i]),
                              float(scores["logdice"][i]), lefts, int(o11[term]) - lefts))
    return LanguageCollocates(lang, n, len(starts), r1, len(candidates), rows)
