"""The documents pages: the catalog as the index holds it (title, languages, dates,
authors, passages), filtered by the shared filters, and one page per document with its
metadata, its sections and its passages in order."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ..citation import section_label
from . import params as P
from .pages import chosen, index_of, problems
from .render import error, page

router = APIRouter(include_in_schema=False)

#: Most passages listed on a document's page (the rest are reached by their neighbours).
MAX_LISTED = 2000


@router.get("/documents")
def documents_page(request: Request):
    def view():
        index = index_of(request)
        selection = chosen(request, index)
        docs = [d for doc_id, d in sorted(index.documents.items())
                if (selection.docs is None or doc_id in selection.docs)
                and (not selection.langs or set(selection.langs) & set(d.get("passage_languages") or {}))]
        return page(request, "documents.html", nav="documents", docs=docs, langs=index.languages(),
                    filters=P.filter_pairs(request.query_params), selection=selection.describe())

    return problems(request, view)


@router.get("/documents/{doc_id}")
def document_page(request: Request, doc_id: str):
    def view():
        index = index_of(request)
        doc = index.documents.get(doc_id) if P.valid_id(doc_id) else None
        if doc is None:
            return error(request, f"no document {doc_id[:80]!r} in the index", 404)
        passages = index.neighbours(doc_id, 0, 0, min(int(doc.get("passages") or 0), MAX_LISTED))
        sections: dict[str, dict] = {}
        for p in passages:
            label = section_label(p.get("section")) or "(before the first heading)"
            entry = sections.setdefault(label, {"label": label, "first": p, "passages": 0, "langs": {}})
            entry["passages"] += 1
            entry["langs"][p["lang"]] = entry["langs"].get(p["lang"], 0) + 1
        return page(request, "document.html", nav="documents", doc=doc, sections=list(sections.values()),
                    passages=passages, cut=len(passages) < int(doc.get("passages") or 0))

    return problems(request, view)
