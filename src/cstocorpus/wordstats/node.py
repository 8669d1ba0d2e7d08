"""The word a statistic is about (the node of ``collocates``, the word ``ngrams`` must
contain): analyzed like a query word, so ``безопасностью`` means the lemma ``безопасность``
and ``加盟国`` the words the analyzer cuts it into, and found in the columns as a sequence of
term numbers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..query import QuerySyntaxError, parse
from ..query.compiler import LEMMA, compile_query
from ..query.parser import And, Phrase, Word
from .view import CorpusView


class NodeError(ValueError):
    """A node that is not one word or phrase (an operator, a prefix ...)."""


@dataclass(frozen=True)
class Node:
    text: str  # as typed
    terms: tuple[str, ...]  # the lemmas or forms it is found by, in order


def read_node(text: str, by: str, units: str = "parts") -> Node:
    """The lemmas (``by="lemma"``) or forms of ``text``, analyzed as ``search`` analyzes a word:
    its tokens (``units="parts"``) or its running words (``"words"``: ``外務省`` one word, as
    the columns' words stream has it)."""
    try:
        tree = parse(text)
        if not isinstance(tree, (Word, Phrase)) or getattr(tree, "prefix", False):
            raise NodeError(f"give one word or one phrase, not a query: {text!r}")
        compiled = compile_query(tree, None, literal=True)
    except QuerySyntaxError as exc:
        raise NodeError(f"cannot read the word {text!r}: {exc}") from None
    rules = compiled.spec.rules
    if len(rules) != 1 or rules[0].reason != LEMMA or not rules[0].lemmas:
        raise NodeError(f"give one word or one phrase, not a query: {text!r}")
    rule = rules[0]
    if units == "words":
        words = _running_words(rule.forms)
        if words is not None:
            return Node(text, tuple(w[2] if by == "lemma" else w[3] for w in words))
    return Node(text, rule.lemmas if by == "lemma" else rule.forms)


def _running_words(forms: tuple[str, ...]) -> list | None:
    """The running words (``stats.running``) of a Thai or Japanese node whose tokens have the
    search keys ``forms``, read as the index reads a passage; None for other scripts (no
    compounds) or when the reading does not give back those tokens."""
    from ..analysis import analyze_units
    from ..analysis.units import _segmented_script, plain
    from ..normalize import search_key
    from ..stats.running import running_units

    forms = tuple(plain(f) for f in forms)
    text = "".join(forms)
    lang = _segmented_script(text)
    if lang is None:
        return None
    tokens, compounds, _ = analyze_units(text, lang)
    if tuple(search_key(t.form) for t in tokens) != forms:
        return None
    stored = [[t.start, t.end, t.lemma, search_key(t.form)] for t in tokens]
    joined = [[c.start, c.end, c.lemma, search_key(c.form)] for c in compounds]
    return [u for u, _ in running_units(stored, joined)]


def plain_words(text: str) -> bool:
    """Whether ``text`` is several words and nothing else (no operator, quote or prefix): typed
    without quotes, they mean one phrase."""
    try:
        tree = parse(text)
    except QuerySyntaxError:
        return False
    return isinstance(tree, And) and all(isinstance(c, Word) and not c.prefix for c in tree.children)


def occurrences(view: CorpusView, node: Node, tokens: np.ndarray) -> np.ndarray:
    """Positions where ``node`` starts, among the tokens in the mask ``tokens``, all of its
    words in one passage."""
    numbers = [view.number(t) for t in node.terms]
    if any(n is None for n in numbers):
        return np.zeros(0, dtype=np.int64)
    ids = view.ids
    k = len(numbers)
    starts = np.flatnonzero((np.asarray(ids) == numbers[0]) & tokens)
    if k == 1:
        return starts
    total = len(ids)
    starts = starts[starts + k - 1 < total]
    passage = view.columns.token_passage
    keep = np.ones(len(starts), dtype=bool)
    for j in range(1, k):
        keep &= (np.asarray(ids)[starts + j] == numbers[j]) & (passage[starts + j] == passage[starts])
    return starts[keep]
