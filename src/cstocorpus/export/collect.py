"""Run the search once and turn every hit into a cited excerpt: what all the formats write.

The search is ``cstocorpus.search.search`` itself (through ``subcorpus.search_in``), so export finds exactly what ``search``
finds and its total is the same exact count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..citation import location, pages_of
from ..index.reader import CorpusIndex
from ..subcorpus import EVERYTHING, Selection, search_in
from .csl import csl_item, locator, quoted_item
from .excerpts import Excerpt, excerpt_of
from .render import CitationRenderer


@dataclass
class ExportResult:
    query: str
    total: int  # every passage that matches
    limit: int | None  # None: all of them were asked for
    context: str
    excerpts: list[Excerpt]  # best first
    items: dict[str, dict[str, Any]]  # doc_id → CSL-JSON item, in order of first appearance
    style_title: str
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # doc_id → catalog entry

    @property
    def written(self) -> int:
        return len(self.excerpts)


def collect(index: CorpusIndex, query: str, selection: Selection = EVERYTHING,
            limit: int | None = None, context: str = "sentence",
            renderer: CitationRenderer | None = None, literal: bool = False) -> ExportResult:
    """Search the selected passages, cut each hit to its excerpt, and cite it
    (``QuerySyntaxError`` for a bad query)."""
    renderer = renderer or CitationRenderer()
    result = search_in(index, query, selection, limit=limit, literal=literal)
    items: dict[str, dict[str, Any]] = {}
    excerpts = []
    for hit in result.hits:
        excerpt = excerpt_of(hit, context)
        doc = index.documents.get(excerpt.doc_id) or {"id": excerpt.doc_id}
        item = items.setdefault(excerpt.doc_id, csl_item(doc))
        excerpt.location = location(doc, excerpt.lines)
        excerpt.pages = pages_of(doc, excerpt.lines)
        where = locator(excerpt.section, excerpt.pages)
        translation = doc.get("title_en") or ""
        for output in ("plain", "markdown"):
            if excerpt.source_url:
                text = renderer.quoted_note(quoted_item(excerpt.source_url, excerpt.lang), item, where, output,
                                            translation)
            else:
                text = renderer.note(item, where, output, translation)
            excerpt.citations[output] = text
        excerpts.append(excerpt)
    documents = {doc_id: index.documents.get(doc_id) or {"id": doc_id} for doc_id in items}
    return ExportResult(query, result.total, limit, context, excerpts, items, renderer.style_title, documents)
