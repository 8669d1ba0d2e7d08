"""The passages of an index as the statistics need them: language, document, tokens, words.

Read from the stored fields rather than from the corpus so that the numbers are those of the
index that ``search`` answers from, even if the sources changed since the last build.

Two views of a passage's text: its *tokens* (the analyzers' pieces: ``ร่วม``, ``มือ``,
``外務``, ``省``) and its *words* (``running_words``): each stretch of text once, as the
longest word unit it belongs to (a compound counts as one word: ``ความร่วมมือ``, ``外務省``),
with the word units inside those (``ร่วมมือ`` in ``ความร่วมมือ``, ``外務`` in ``外務省``, but
never a bound piece such as ``มือ`` or ``省``; ``analysis.units``) kept apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..index.reader import CorpusIndex
from ..subcorpus import EVERYTHING, Selection
from .running import running_units

#: Index of the lemma and of the (search-key) form in a stored token ``[start, end, lemma, form]``
#: (a stored compound, ``units``, has the same shape).
LEMMA = 2
FORM = 3

Word = tuple[str, str]  # (lemma, form)


@dataclass(frozen=True)
class StoredPassage:
    doc_id: str
    ordinal: int
    lang: str
    lemmas: tuple[str, ...]
    forms: tuple[str, ...]  # lowercased, ё → е: the form field's search key
    words: tuple[Word, ...] = ()  # running words: each stretch once, as its longest unit
    inside: tuple[Word, ...] = ()  # the word units inside running words that are compounds


def stored_passages(index: CorpusIndex) -> list[StoredPassage]:
    """Every passage of the index, in document and passage order."""
    found = [_passage(fields) for fields in index.all_stored()]
    return sorted(found, key=lambda p: (p.doc_id, p.ordinal))


def _passage(fields: dict) -> StoredPassage:
    tokens = fields.get("tokens") or ()
    words, inside = running_words(tokens, fields.get("units") or (), fields.get("bound") or ())
    return StoredPassage(
        doc_id=fields["doc_id"],
        ordinal=fields["ordinal"],
        lang=fields["lang"],
        lemmas=tuple(t[LEMMA] for t in tokens),
        forms=tuple(t[FORM] for t in tokens),
        words=words,
        inside=inside,
    )


def running_words(tokens, compounds, bound=()) -> tuple[tuple[Word, ...], tuple[Word, ...]]:
    """The running words of a passage (``running.running_units``) and the word units inside
    them, from its stored tokens and compounds.  Inside a compound taken as a word, the
    compounds it contains and its tokens that are not ``bound`` are word units of their own."""
    units = running_units(tokens, compounds)
    words = tuple((u[LEMMA], u[FORM]) for u, _ in units)
    if not compounds:
        return words, ()
    tied = set(bound)
    taken = [(u[0], u[1]) for u, joined in units if joined]
    inside: list[Word] = []
    for s, e in taken:
        inside.extend((c[LEMMA], c[FORM]) for c in compounds if s <= c[0] and c[1] <= e and (c[0], c[1]) != (s, e))
        inside.extend((t[LEMMA], t[FORM]) for i, t in enumerate(tokens)
                      if s <= t[0] and t[1] <= e and i not in tied)
    return words, tuple(inside)


def select(passages: Iterable[StoredPassage], selection: Selection = EVERYTHING) -> list[StoredPassage]:
    """The passages a selection (``--lang``, ``--doc``, dates, ...) keeps, as ``search`` with
    the same filters selects them: by document and by the passage's language tag."""
    if selection.everything:
        return list(passages)
    return [p for p in passages if selection.has(p.doc_id, p.lang)]
