"""The left and right context of a hit, measured in words or in characters, cut only where a
word starts or ends (never inside a word, never inside a grapheme cluster).

Words are the tokens stored with each passage (what the analyzers cut: a Thai or Japanese
word, not a syllable), so ``--context 5w`` means five words on each side in every language.
``--context 40c`` takes whole words while the context stays within 40 characters (grapheme
clusters: a Thai consonant with its vowel and tone marks is one).  Context stays inside the
hit's passage; where it reaches the passage's edge, the punctuation there is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..textwidth import cluster_boundary, clusters

_SPEC = re.compile(r"^\s*(\d+)\s*([wc]?)\s*$")
UNITS = {"w": "words", "c": "characters"}
MAX_WORDS = 50
MAX_CHARS = 400


class ContextError(ValueError):
    """A context size that cannot be read; the message says how to write one."""


@dataclass(frozen=True)
class ContextSize:
    amount: int
    unit: str  # "w" (words) or "c" (characters)

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"

    def describe(self) -> str:
        return f"{self.amount} {UNITS[self.unit] if self.amount != 1 else UNITS[self.unit][:-1]}"


def parse_context(text: str) -> ContextSize:
    """``5w`` (words), ``40c`` (characters); a bare number means words."""
    match = _SPEC.match(text or "")
    if not match:
        raise ContextError(f"cannot read the context size {text!r}: write words as 5w or characters as 40c")
    amount, unit = int(match.group(1)), match.group(2) or "w"
    limit = MAX_WORDS if unit == "w" else MAX_CHARS
    if amount > limit:
        raise ContextError(f"a context of {text.strip()} is too wide: at most {limit}{unit}")
    return ContextSize(amount, unit)


@dataclass(frozen=True)
class Window:
    """Where the context of one hit starts and ends in its passage's text."""

    left_start: int
    right_end: int
    left_words: tuple[int, ...]  # token indexes, nearest first (L1, L2, ...)
    right_words: tuple[int, ...]  # R1, R2, ...


def fold(text: str) -> str:
    """Whitespace folded to single spaces: one concordance line per hit, whatever the source's line breaks."""
    return " ".join(text.split())


def hit_tokens(tokens: Sequence[Sequence], start: int, end: int) -> tuple[int, int]:
    """Indexes of the tokens before the hit (all tokens < first) and after it (all >= after)."""
    first = next((i for i, t in enumerate(tokens) if t[1] > start), len(tokens))
    after = next((i for i in range(first, len(tokens)) if tokens[i][0] >= end), len(tokens))
    return first, after


def window(text: str, tokens: Sequence[Sequence], start: int, end: int, size: ContextSize) -> Window:
    """The context of the hit ``text[start:end]``; ``tokens`` are the passage's stored tokens
    ``[start, end, lemma, form]`` in text order."""
    first, after = hit_tokens(tokens, start, end)
    before = list(range(first - 1, -1, -1))  # nearest first
    following = list(range(after, len(tokens)))
    if size.unit == "w":
        left = before[:size.amount]
        right = following[:size.amount]
    else:
        left = _fitting(before, lambda i: text[tokens[i][0]:start], size.amount)
        right = _fitting(following, lambda i: text[end:tokens[i][1]], size.amount)
    # Reaching the first (last) word of the passage takes in what comes before (after) it:
    # an opening quotation mark, a closing full stop.
    if len(left) == len(before) and (size.unit == "w" or _fits(text[:start], size.amount)):
        left_start = 0
    else:
        left_start = tokens[left[-1]][0] if left else start
    if len(right) == len(following) and (size.unit == "w" or _fits(text[end:], size.amount)):
        right_end = len(text)
    else:
        right_end = tokens[right[-1]][1] if right else end
    return Window(cluster_boundary(text, left_start, forward=True), cluster_boundary(text, right_end, forward=True),
                  tuple(left), tuple(right))


def _fits(text: str, amount: int) -> bool:
    return clusters(fold(text)) <= amount


def _fitting(indexes: list[int], span_text, amount: int) -> list[int]:
    """The words, nearest first, while the context up to each still fits in ``amount`` characters."""
    out = []
    for i in indexes:
        if not _fits(span_text(i), amount):
            break
        out.append(i)
    return out
