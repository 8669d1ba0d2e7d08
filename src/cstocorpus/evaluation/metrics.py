"""Scores: word-boundary and word precision/recall/F1, lemma accuracy, identification accuracy.

All scores are micro-averaged: counts are summed over sentences and divided once, so a long
sentence weighs more than a short one, as in the CoNLL shared-task evaluations.
Segmentation is compared on the text with whitespace removed, so a space the treebank and
the segmenter both see is not a free boundary.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cstocorpus.normalize import search_key

Span = tuple[int, int]


@dataclass
class PRF:
    """Counts of a precision/recall/F1 score; add sentences with ``add``."""

    correct: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, predicted: set, gold: set) -> None:
        self.correct += len(predicted & gold)
        self.predicted += len(predicted)
        self.gold += len(gold)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "correct": self.correct, "predicted": self.predicted, "gold": self.gold}


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.correct += bool(ok)
        self.total += 1

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"accuracy": self.value, "correct": self.correct, "total": self.total}


def compact_spans(text: str, spans: Iterable[Span]) -> set[Span]:
    """``spans`` of ``text`` re-expressed in ``text`` with its whitespace removed."""
    before = [0] * (len(text) + 1)  # non-space characters before each position
    n = 0
    for i, ch in enumerate(text):
        before[i] = n
        if not ch.isspace():
            n += 1
    before[len(text)] = n
    return {(before[s], before[e]) for s, e in spans if before[e] > before[s]}


def boundaries(spans: set[Span]) -> set[int]:
    """Word ends inside the text (the text's own end is no decision)."""
    if not spans:
        return set()
    last = max(e for _, e in spans)
    return {e for _, e in spans if e != last}


@dataclass
class Segmentation:
    """Boundary and word scores of a segmenter over many sentences."""

    boundary: PRF = field(default_factory=PRF)
    word: PRF = field(default_factory=PRF)

    def add(self, text: str, predicted: Sequence[Span], gold: Sequence[Span]) -> None:
        p, g = compact_spans(text, predicted), compact_spans(text, gold)
        self.word.add(p, g)
        self.boundary.add(boundaries(p), boundaries(g))


def same_lemma(predicted: str, gold: str) -> bool:
    """Lemmas compared lowercased with ``ё`` folded to ``е`` (the project's search key)."""
    return search_key(predicted) == search_key(gold)
