"""The three index engines behind one small interface: Whoosh (the default), Tantivy and
Xapian.

A generation directory holds one engine's files; its ``manifest.json`` says which
(``"engine"``; an index written before there was a choice is Whoosh).  Everything else —
generations, the lock, signatures, documents, glossary, queries (``query.model``),
highlights — is the same for all.  Xapian's Python bindings are an optional extra
(``cstocorpus[xapian]``): without them ``engine_module("xapian")`` raises
``EngineUnavailable`` saying how to install them.

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
import importlib.util
from dataclasses import dataclass, field

ENGINES = ("whoosh", "tantivy", "xapian")
DEFAULT_ENGINE = "whoosh"

#: Fields ``fields.passage_fields`` produces that are searched, never shown: the others are stored.
INDEXED_ONLY = ("lemma", "form", "translit", "pairs")


@dataclass
class Page:
    total: int  # every passage the query matches, not only those in ``hits``
    hits: list[tuple[float, dict]] = field(default_factory=list)  # (score, stored fields), best first


#: The package each optional engine needs, and how to install it.
OPTIONAL = {"xapian": ("xapian", "pip install 'cstocorpus[xapian]' (the xapian-bindings-binary package)")}


class EngineUnavailable(RuntimeError):
    """An optional engine whose library is not installed; the message says how to install it."""


def engine_module(name: str):
    if name not in ENGINES:
        raise ValueError(f"unknown index engine {name!r} (known: {', '.join(ENGINES)})")
    if name in OPTIONAL and importlib.util.find_spec(OPTIONAL[name][0]) is None:
        raise EngineUnavailable(f"the {name} engine needs its Python bindings, which are not installed: "
                                f"{OPTIONAL[name][1]}")
    return importlib.import_module(f".{name}_engine", __package__)
