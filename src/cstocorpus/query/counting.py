"""The cheapest query that matches exactly the same passages, for counting them.

A count needs matches, not scores, so parts that only change scores can go:

- ``AndMaybe``'s optional part (compounds, the own-language boost);
- an ``Or`` alternative another alternative already covers: ``"collective security council"``
  finds every passage ``"csto collective security council"`` finds, and the term ``рф``
  every passage of the phrase ``"рф россия"`` in the same field;
- the ``form`` twin of a Thai ``lemma`` term or phrase: Thai words do not inflect, so every
  Thai token is indexed with the same term in both fields, and every compound in ``lemma``
  too, ``form`` leaving out only those inside a longer compound (``index.fields``; checked
  on a built index in ``tests/test_counting.py``): the ``form`` twin finds no passage the
  ``lemma`` one misses.

What is left, a phrase of lemmas is matched on the ``pairs`` field instead: lemma ``k``
followed by lemma ``k+1`` is one pair term, so the phrase of ``n`` lemmas is the phrase of
its ``n-1`` pairs (a single term for two lemmas), with the same matches -- alternatives at a
position (compounds) are paired with every term next to them -- and far shorter postings.

The glossary often names a concept in several forms that overlap like this, and each
phrase costs milliseconds at a million passages (``BENCHMARKS.md``).
"""

from __future__ import annotations

import re
from itertools import pairwise

from ..analysis.units import plain
from ..index.pretokenized import PAIR_JOINER, pair_term
from . import model as qm

LEMMA, FORM, PAIRS = "lemma", "form", "pairs"
#: A term the index would have changed (a separator in it) or could not pair: left as it is.
_UNPAIRABLE = re.compile(r"[\s|" + PAIR_JOINER + "]")


def for_counting(q: qm.Query) -> qm.Query:
    """``q`` simplified for counting: the same matches, less to evaluate."""
    return _on_pairs(_simplified(q))


def _simplified(q: qm.Query) -> qm.Query:
    if isinstance(q, qm.AndMaybe):
        return _simplified(q.required)
    if isinstance(q, qm.AndNot):
        return _and_not(_simplified(q.positive), _simplified(q.negative))
    if isinstance(q, qm.And):
        return qm.And(tuple(_simplified(c) for c in _parts(q)))
    if isinstance(q, qm.Or):
        return _or([_simplified(c) for c in _alternatives(q)])
    return q


def _on_pairs(q: qm.Query) -> qm.Query:
    """Every lemma phrase of ``q`` as the phrase of its pairs (see the module's docstring)."""
    if isinstance(q, qm.Phrase):
        if q.field != LEMMA or len(q.terms) < 2 or any(_UNPAIRABLE.search(t) for t in q.terms):
            return q
        pairs = tuple(pair_term(a, b) for a, b in pairwise(q.terms))
        return qm.Term(PAIRS, pairs[0]) if len(pairs) == 1 else qm.Phrase(PAIRS, pairs)
    if isinstance(q, qm.AndNot):
        return qm.AndNot(_on_pairs(q.positive), _on_pairs(q.negative))
    if isinstance(q, (qm.And, qm.Or)):
        return type(q)(tuple(_on_pairs(c) for c in q.children))
    return q


def _and_not(positive: qm.Query, negative: qm.Query) -> qm.Query:
    """``positive`` without ``negative``, with what both require said once, and without the
    alternatives of ``positive`` that ``negative`` takes away anyway: the second tier of a
    search is ``(own words OR other names) AND filter, NOT (own words AND filter)``, which
    is ``(other names) AND filter, NOT own words``."""
    if isinstance(positive, qm.And) and isinstance(negative, qm.And):
        common = [c for c in positive.children if any(_same(c, d) for d in negative.children)]
        if common:
            rest_p = [c for c in positive.children if not any(_same(c, d) for d in common)]
            rest_n = [c for c in negative.children if not any(_same(c, d) for d in common)]
            if rest_p and rest_n:
                return qm.And((*common, _and_not(_all(rest_p), _all(rest_n))))
    taken = _sequences(negative)
    if isinstance(positive, qm.Or) and taken:
        kept = [c for c in positive.children if not _covered(c, taken)]
        if kept:
            positive = kept[0] if len(kept) == 1 else qm.Or(tuple(kept))
    return qm.AndNot(positive, negative)


def _all(children: list[qm.Query]) -> qm.Query:
    return children[0] if len(children) == 1 else qm.And(tuple(children))


def _parts(q: qm.And) -> list[qm.Query]:
    out: list[qm.Query] = []
    for c in q.children:
        out.extend(_parts(c) if isinstance(c, qm.And) else (c,))
    return out


def _alternatives(q: qm.Or) -> list[qm.Query]:
    out: list[qm.Query] = []
    for c in q.children:
        out.extend(_alternatives(c) if isinstance(c, qm.Or) else (c,))
    return out


def _or(children: list[qm.Query]) -> qm.Query:
    children = [_as_lemma(c) for c in children]
    seqs = [_sequence(c) for c in children]
    others = [(j, t) for j, t in enumerate(seqs) if t is not None]
    kept: list[qm.Query] = []
    for i, c in enumerate(children):
        s = seqs[i]
        if s is not None:
            # Dropped when another alternative finds all it finds; of two equal ones, the first stays.
            covered = any(j != i and _contains(s, t) and (j < i or not _contains(t, s)) for j, t in others)
        else:
            covered = _covered(c, [t for _, t in others])
        if not covered:
            kept.append(c)
    return kept[0] if len(kept) == 1 else qm.Or(tuple(kept))


def _as_lemma(q: qm.Query) -> qm.Query:
    """A Thai term or phrase of the ``form`` field as its equal in ``lemma``."""
    if isinstance(q, qm.Term) and q.field == FORM and _thai(q.text):
        return qm.Term(LEMMA, q.text)
    if isinstance(q, qm.Phrase) and q.field == FORM and all(_thai(t) for t in q.terms):
        return qm.Phrase(LEMMA, q.terms)
    return q


def _thai(text: str) -> bool:
    """Only Thai letters and marks (U+0E01–U+0E4E): a word the Thai analyzer wrote (marked
    as a piece of a longer word or not, ``analysis.units``: marked alike in both fields)."""
    text = plain(text)
    return bool(text) and all("\u0e01" <= ch <= "\u0e4e" for ch in text)


Sequence = tuple[str, tuple[str, ...]]  # a field and its terms in a row


def _sequence(q: qm.Query) -> Sequence | None:
    if isinstance(q, qm.Term):
        return q.field, (q.text,)
    if isinstance(q, qm.Phrase):
        return q.field, q.terms
    return None


def _sequences(q: qm.Query) -> list[Sequence]:
    """The alternatives of ``q`` if it is a term, a phrase or an ``Or`` of them, else none."""
    alternatives = _alternatives(q) if isinstance(q, qm.Or) else [q]
    seqs = [_sequence(_as_lemma(c)) for c in alternatives]
    return [] if None in seqs else seqs  # type: ignore[return-value]


def _contains(longer: Sequence, shorter: Sequence) -> bool:
    """Whether every passage with ``longer`` in a row has ``shorter`` in a row."""
    if longer[0] != shorter[0]:
        return False
    a, b = shorter[1], longer[1]
    n = len(a)
    if n >= len(b):
        return a == b
    if n == 1:
        return a[0] in b
    return any(b[i:i + n] == a for i in range(len(b) - n + 1))


def _covered(q: qm.Query, by: list[Sequence]) -> bool:
    """Whether every passage ``q`` matches has one of the sequences ``by`` (a cheap, sure test)."""
    if not by:
        return False
    if isinstance(q, qm.And):  # e.g. an alias in one document: covered if its words are
        return any(_covered(c, by) for c in q.children)
    seqs = _sequences(q)
    return bool(seqs) and all(any(_contains(s, t) for t in by) for s in seqs)


def _same(a: qm.Query, b: qm.Query) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, qm.Prefix):
        return (a.field, a.text) == (b.field, b.text)
    if isinstance(a, (qm.Term, qm.Phrase)):
        return _sequence(a) == _sequence(b)
    if isinstance(a, (qm.And, qm.Or)):
        return len(a.children) == len(b.children) and all(map(_same, a.children, b.children))
    return False
