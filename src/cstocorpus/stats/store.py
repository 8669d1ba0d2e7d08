"""The passages of an index as the statistics need them: language, document, tokens.

Read from the stored fields rather than from the corpus so that the numbers are those of the
index that ``search`` answers from, even if the sources changed since the last build.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..index.reader import CorpusIndex
from ..subcorpus import EVERYTHING, Selection

#: Index of the lemma and of the (search-key) form in a stored token ``[start, end, lemma, form]``.
LEMMA = 2
FORM = 3

@dataclass(frozen=True)
class StoredPassage:
    doc_id: str
    ordinal: int
    lang: str
    lemmas: tuple[str, ...]
    forms: tuple[str, ...]  # lowercased, ё → е: the form field's search key


def stored_passages(index: CorpusIndex) -> list[StoredPassage]:
    """Every passage of the index, in document and passage order."""
    found = [_passage(fields) for fields in index.all_stored()]
    return sorted(found, key=lambda p: (p.doc_id, p.ordinal))


def _passage(fields: dict) -> StoredPassage:
    tokens = fields.get("tokens") or ()
    return StoredPassage(
        doc_id=fields["doc_id"],
        ordinal=fields["ordinal"],
        lang=fields["lang"],
        lemmas=tuple(t[LEMMA] for t in tokens),
        forms=tuple(t[FORM] for t in tokens),
    )


def select(passages: Iterable[StoredPassage], selection: Selection = EVERYTHING) -> list[StoredPassage]:
    """The passages a selection (``--lang``, ``--doc``, dates, ...) keeps, as ``search`` with
    the same filters selects them: by document and by the passage's language tag."""
    if selection.everything:
        return list(passages)
    return [p for p in passages if selection.has(p.doc_id, p.lang)]
