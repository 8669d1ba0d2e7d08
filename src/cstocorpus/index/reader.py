"""Open the current index generation for searching and for reading stored passages.

Only an index this program wrote, on this account, is opened: its manifest must name our
format and version and carry a valid signature (see ``signature``), checked before Whoosh
unpickles anything or Tantivy reads a file.  The manifest names the engine that wrote the
index (``engine``); searches go through it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ..glossary import AnalyzedGlossary
from ..query.model import Query
from .engine import DEFAULT_ENGINE, ENGINES, Page, engine_module
from .location import DOCUMENTS, GLOSSARY, MANIFEST, IndexLocation
from .schema import FORMAT_NAME, FORMAT_VERSION
from .signature import verify


class IndexUnavailable(Exception):
    """There is no usable index where one was expected; the message says what to do."""


class CorpusIndex:
    def __init__(self, root: Path):
        generation = IndexLocation(root).current()
        if generation is None:
            raise IndexUnavailable(f"no index in {root}: run 'cstocorpus build' first")
        try:
            self.manifest = json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
            self.documents: dict[str, dict] = json.loads((generation / DOCUMENTS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise IndexUnavailable(f"the index in {root} is incomplete: run 'cstocorpus build' again") from None
        if self.manifest.get("format") != FORMAT_NAME or self.manifest.get("version") != FORMAT_VERSION:
            raise IndexUnavailable(
                f"the index in {root} was written by another version of cstocorpus: run 'cstocorpus build'")
        self.engine_name = self.manifest.get("engine", DEFAULT_ENGINE)  # older indexes are Whoosh
        if self.engine_name not in ENGINES:
            raise IndexUnavailable(
                f"the index in {root} uses an engine this version does not know ({self.engine_name!r}): "
                "run 'cstocorpus build'")
        if not verify(generation, self.manifest.get("signature", "")):
            raise IndexUnavailable(
                f"the index in {root} was not built here (its signature does not match), and an index "
                "from elsewhere is never opened: run 'cstocorpus build' to rebuild it from the corpus")
        self.generation = generation
        glossary = generation / GLOSSARY
        try:
            self.glossary = AnalyzedGlossary.from_json(
                json.loads(glossary.read_text(encoding="utf-8")) if glossary.exists() else [])
        except (OSError, ValueError, TypeError, KeyError):
            raise IndexUnavailable(f"the index in {root} is incomplete: run 'cstocorpus build' again") from None
        try:
            self.engine = engine_module(self.engine_name).Reader(generation)
        except Exception:  # signed by us, yet unreadable: files missing or of another engine
            raise IndexUnavailable(f"the index in {root} is incomplete: run 'cstocorpus build' again") from None

    @property
    def ix(self):
        """The engine's own index object (a Whoosh or a Tantivy index)."""
        return self.engine.ix

    def search(self, query: Query, limit: int | None) -> Page:
        """Passages matching ``query`` (``limit=None``: all), best first, and their exact number."""
        return self.engine.search(query, limit)

    def count(self, query: Query) -> int:
        """The exact number of passages matching ``query``, found without ranking them."""
        return self.engine.count(query)

    def count_soon(self, query: Query) -> Callable[[], int]:
        """``count(query)``, started now where the engine can work alongside this thread;
        call the result for the number."""
        return self.engine.count_soon(query)

    def all_stored(self) -> list[dict]:
        """The stored fields of every passage, in no particular order."""
        return self.engine.all_stored()

    def languages(self) -> list[str]:
        return sorted(self.manifest.get("languages", {}))

    def passage(self, passage_id: str) -> dict | None:
        return self.engine.passage(passage_id)

    def neighbours(self, doc_id: str, ordinal: int, before: int, after: int) -> list[dict]:
        """Passages ``before`` above and ``after`` below ``ordinal`` in its document, in order."""
        found = self.engine.neighbours(doc_id, max(1, ordinal - before), ordinal + after)
        return [f for f in found if f["ordinal"] != ordinal]

    def close(self) -> None:
        self.engine.close()
