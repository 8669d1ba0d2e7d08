"""The two index engines behind one small interface: Whoosh (the default) and Tantivy.

A generation directory holds one engine's files; its ``manifest.json`` says which
(``"engine"``; an index written before there was a choice is Whoosh).  Everything else —
generations, the lock, signatures, documents, glossary, queries (``query.model``),
highlights — is the same for both.

An engine module provides:

* ``write(generation, passages) -> None`` — index an iterable of field dicts (``fields.passage_fields``),
  committing only when all were added;
* ``Reader(generation)`` — with ``search(query, limit) -> Page`` (``limit=None``: every hit),
  ``count(query) -> int`` (matches, unscored), ``count_soon(query) -> () -> int`` (the same
  count, started now and read later: Tantivy counts in another thread while the caller ranks),
  ``passage(passage_id)``, ``neighbours(doc_id, first, last)`` (stored fields of the passages
  of a document with ordinals in ``first..last``), ``all_stored()``, ``close()`` and ``ix``
  (the engine's own index object, for tests and tools); and ``THREAD_SAFE``: whether several
  threads may call one ``Reader`` at once (``CorpusIndex`` makes them take turns otherwise).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

ENGINES = ("whoosh", "tantivy")
DEFAULT_ENGINE = "whoosh"

#: Fields ``fields.passage_fields`` produces that are searched, never shown: the others are stored.
INDEXED_ONLY = ("lemma", "form", "translit", "pairs")


@dataclass
class Page:
    total: int  # every passage the query matches, not only those in ``hits``
    hits: list[tuple[float, dict]] = field(default_factory=list)  # (score, stored fields), best first


def engine_module(name: str):
    if name not in ENGINES:
        raise ValueError(f"unknown index engine {name!r} (known: {', '.join(ENGINES)})")
    return importlib.import_module(f".{name}_engine", __package__)
