"""The association and keyness measures, as corpus linguistics defines them.  Written here
because they are a few lines each over numpy arrays; the tests check them against NLTK's
``BigramAssocMeasures`` and against worked examples.

Association of a node and a collocate (Evert 2008, "Corpora and collocations", surface
co-occurrence in a window): ``o11`` the collocate's tokens inside the node's windows,
``r1`` all tokens inside those windows, ``c1`` the collocate's frequency, ``n`` the tokens
of the corpus; the contingency table is ``o11, r1 − o11 / c1 − o11, n − r1 − c1 + o11`` and
``e11 = r1 · c1 / n``.

* log-likelihood G² (Dunning 1993): 2 Σ O ln(O / E) over the four cells;
* MI (Church & Hanks 1990): log2(o11 / e11);
* t-score: (o11 − e11) / √o11;
* logDice (Rychlý 2008): 14 + log2(2 · o11 / (f_node + c1)).

Keyness of a word in a target corpus (frequency ``a`` of ``n1`` tokens) against a reference
(``b`` of ``n2``):

* G² over the four cells ``a, n1 − a / b, n2 − b``;
* log ratio (Hardie 2014): log2((a / n1) / (b / n2)), a zero frequency counted as 0.5;
* %DIFF (Gabrielatos & Marchi 2012): (a/n1 − b/n2) / (b/n2) · 100; none when b = 0;
* BIC (Wilson 2013): G² − ln(n1 + n2), one degree of freedom;
* p of G² (χ² with one degree of freedom): erfc(√(G² / 2)).
"""

from __future__ import annotations

import math

import numpy as np


def _xlogx_over(o: np.ndarray, e: np.ndarray) -> np.ndarray:
    """o · ln(o / e), 0 where o is 0."""
    o = np.asarray(o, dtype=np.float64)
    e = np.asarray(e, dtype=np.float64)
    out = np.zeros(np.broadcast(o, e).shape)
    mask = np.broadcast_to(o > 0, out.shape)
    np.divide(o, e, out=out, where=mask)
    np.log(out, out=out, where=mask)
    return np.where(mask, out * o, 0.0)


def g2(o11, o12, o21, o22) -> np.ndarray:
    """Log-likelihood G² of 2 × 2 tables given cell by cell (arrays of the same shape)."""
    o11, o12, o21, o22 = (np.asarray(x, dtype=np.float64) for x in (o11, o12, o21, o22))
    n = o11 + o12 + o21 + o22
    r1, r2, c1, c2 = o11 + o12, o21 + o22, o11 + o21, o12 + o22
    total = (_xlogx_over(o11, r1 * c1 / n) + _xlogx_over(o12, r1 * c2 / n)
             + _xlogx_over(o21, r2 * c1 / n) + _xlogx_over(o22, r2 * c2 / n))
    return np.maximum(2.0 * total, 0.0)


def association(o11, r1, c1, n, f_node) -> dict[str, np.ndarray]:
    """Every association measure for collocates with co-occurrence ``o11`` (array), window
    size ``r1``, frequencies ``c1`` (array) in ``n`` tokens; ``f_node`` the node's frequency."""
    o11 = np.asarray(o11, dtype=np.float64)
    c1 = np.asarray(c1, dtype=np.float64)
    e11 = r1 * c1 / n
    return {
        "expected": e11,
        "ll": g2(o11, r1 - o11, c1 - o11, n - r1 - c1 + o11),
        "mi": np.log2(o11 / e11),
        "t": (o11 - e11) / np.sqrt(o11),
        "logdice": 14.0 + np.log2(2.0 * o11 / (f_node + c1)),
    }


def keyness(a, n1: int, b, n2: int) -> dict[str, np.ndarray]:
    """Every keyness measure of words with target frequencies ``a`` and reference frequencies
    ``b`` (arrays) in corpora of ``n1`` and ``n2`` tokens."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    ll = g2(a, n1 - a, b, n2 - b)
    rel_a = np.where(a > 0, a, 0.5) / n1
    rel_b = np.where(b > 0, b, 0.5) / n2
    with np.errstate(divide="ignore", invalid="ignore"):
        pdiff = np.where(b > 0, (a / n1 - b / n2) / (b / n2) * 100.0, np.nan)
    return {
        "g2": ll,
        "log_ratio": np.log2(rel_a / rel_b),
        "pdiff": pdiff,
        "bic": ll - math.log(n1 + n2),
        "p": np.array([math.erfc(math.sqrt(x / 2.0)) for x in np.atleast_1d(ll)]).reshape(ll.shape),
    }


def significance_threshold(p: float) -> float:
    """The G² a keyword needs for ``p`` (one degree of freedom): 3.84 for 0.05, 6.63 for 0.01."""
    if p >= 1:
        return 0.0
    lo, hi = 0.0, 200.0
    for _ in range(100):  # bisection on erfc, which falls monotonically
        mid = (lo + hi) / 2
        if math.erfc(math.sqrt(mid / 2)) > p:
            lo = mid
        else:
            hi = mid
    return hi
