"""Open the current index generation for searching and for reading stored passages.

Only an index this program wrote, on this account, is opened: its manifest must name our
format and version and carry a valid signature (see ``signature``), checked before Whoosh
unpickles anything.
"""

from __future__ import annotations

import json
from pathlib import Path

from whoosh.index import open_dir

from ..glossary import AnalyzedGlossary
from .builder import DOCUMENTS, GLOSSARY, MANIFEST
from .location import IndexLocation
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
        self.ix = open_dir(str(generation))

    def languages(self) -> list[str]:
        return sorted(self.manifest.get("languages", {}))

    def passage(self, passage_id: str) -> dict | None:
        with self.ix.searcher() as searcher:
            return searcher.document(passage_id=passage_id)

    def neighbours(self, doc_id: str, ordinal: int, before: int, after: int) -> list[dict]:
        """Passages ``before`` above and ``after`` below ``ordinal`` in its document, in order."""
        wanted = set(range(max(1, ordinal - before), ordinal + after + 1)) - {ordinal}
        with self.ix.searcher() as searcher:
            found = [searcher.document(doc_id=doc_id, ordinal=n) for n in sorted(wanted)]
        return [f for f in found if f]

    def close(self) -> None:
        self.ix.close()
