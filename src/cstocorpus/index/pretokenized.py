"""A Whoosh tokenizer for text our own analyzers have already tokenized.

Lemmatization, segmentation and script handling happen once, in ``cstocorpus.analysis``;
the index only has to record the result.  A field value is a space-separated list of
positions, and a position may hold several terms separated by ``|`` (alternatives at one
position, e.g. a compound and its parts), so phrase queries keep working.

The class lives in an importable module because Whoosh pickles the schema with the index.
"""

from __future__ import annotations

import re
from itertools import pairwise

from whoosh.analysis import Token, Tokenizer

POSITION_SEPARATOR = " "
ALTERNATIVE_SEPARATOR = "|"


#: A character a term cannot hold (it would split it): whitespace or the alternative separator.
#: ``\s`` matches exactly the characters ``str.isspace`` accepts.
_SEPARATOR_CHARS = re.compile(r"[\s|]")


def _clean(term: str) -> str:
    return _SEPARATOR_CHARS.sub("_", term)


def encode_positions(positions: list[list[str]]) -> str:
    """Join terms into a field value; separator characters inside a term become ``_``."""
    return POSITION_SEPARATOR.join(
        ALTERNATIVE_SEPARATOR.join(_clean(t) for t in terms) for terms in positions if terms
    )


def encode_terms(terms: list[str], alternatives: dict[int, list[str]]) -> str:
    """``encode_positions`` of one term per position (``terms``) plus, at some positions
    (``alternatives``: index in ``terms`` → more terms), alternatives; the same value, made
    without a Python call per term unless a term has a separator character to clean."""
    if _SEPARATOR_CHARS.search("".join(terms)) is not None:
        terms = [_clean(t) for t in terms]
    elif alternatives:
        terms = list(terms)
    for i, more in alternatives.items():
        terms[i] = ALTERNATIVE_SEPARATOR.join([terms[i], *(_clean(t) for t in more)])
    return POSITION_SEPARATOR.join(terms)


#: Joins the two terms of a ``pairs`` term.  Normalization turns every control character of a
#: text into a space (``normalize``), so no term holds it.
PAIR_JOINER = "\x1f"


def pair_term(first: str, second: str) -> str:
    """The ``pairs`` term of ``first`` at one position and ``second`` at the next."""
    return _clean(first) + PAIR_JOINER + _clean(second)


def encode_pairs(terms: list[str], alternatives: dict[int, list[str]]) -> str:
    """The ``pairs`` field of a ``lemma`` value (``encode_terms(terms, alternatives)``): at
    each position, every term there joined with every term at the next position.

    A phrase of lemmas is then a phrase of their pairs, one position shorter, and two-word
    phrases a single term: each pair is far rarer than its words (``ความ`` is in half of the
    Thai passages, ``ความ``+``มั่นคง`` in a fifth), so a phrase reads much shorter postings
    (``query.counting``).  Written here: it is Lucene's "shingles" for pre-tokenized terms."""
    if len(terms) < 2:
        return ""
    if not alternatives:
        cleaned = terms if _SEPARATOR_CHARS.search("".join(terms)) is None else [_clean(t) for t in terms]
        return POSITION_SEPARATOR.join(a + PAIR_JOINER + b for a, b in pairwise(cleaned))
    at = [[t, *alternatives.get(i, ())] for i, t in enumerate(terms)]
    return POSITION_SEPARATOR.join(
        ALTERNATIVE_SEPARATOR.join(pair_term(a, b) for a in here for b in after)
        for here, after in pairwise(at))


def decode_positions(value: str):
    """``(position, term)`` for every term of an ``encode_positions`` value, in order: what
    both engines index (Whoosh through the tokenizer below, Tantivy as pre-tokenized text)."""
    if ALTERNATIVE_SEPARATOR not in value:  # the usual case: one term per position
        for pos, term in enumerate(value.split(POSITION_SEPARATOR)):
            if term:
                yield pos, term
        return
    for pos, group in enumerate(value.split(POSITION_SEPARATOR)):
        for term in group.split(ALTERNATIVE_SEPARATOR):
            if term:
                yield pos, term


class PretokenizedTokenizer(Tokenizer):
    """Yield one token per term of an ``encode_positions`` value, with its position."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, term in decode_positions(value):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = term
            if positions:
                token.pos = start_pos + pos
            yield token
