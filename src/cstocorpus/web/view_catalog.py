"""The documents pages: the catalog as ``cstocorpus list`` reads it (title, languages,
dates, authors, passages, status), filtered by the shared filters, with ``list``'s warning
when the index cannot be read; and one page per document with its metadata, its sections and
its passages in order (``service.document``)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from .. import service
from ..citation import section_label
from ..index.reader import IndexUnavailable
from . import params as P
from .pages import chosen, index_of, problems
from .render import error, page

router = APIRouter(include_in_schema=False)

#: Most passages listed on a document's page (the rest are reached by their neighbours).
MAX_LISTED = 2000


@router.get("/documents")
def documents_page(request: Request):
    def view():
        holder = request.app.state.holder
        rows, warning = service.documents(holder.corpus_dir, holder.index_dir)
        try:
            index = index_of(request)
        except IndexUnavailable:
            if not warning or P.filter_pairs(request.query_params):
                raise
            # as 'list': the catalog, and one sentence on why the index could not be read
            return page(request, "documents.html", nav="documents", docs=rows, langs=[], filters=[],
                        selection="the catalog (the index cannot be read)", warning=warning)
        selection = chosen(request, index)
        docs = [{**row, "title_en": index.documents.get(row["id"], {}).get("title_en", "")} for row in rows
                if (selection.docs is None or row["id"] in selection.docs)
                and (not selection.langs or set(selection.langs) & set(row.get("passage_languages") or {}))]
        return page(request, "documents.html", nav="documents", docs=docs, langs=index.languages(),
                    filters=P.filter_pairs(request.query_params), selection=selection.describe(), warning=warning)

    return problems(request, view)


@router.get("/documents/{doc_id}")
def document_page(request: Request, doc_id: str):
    def view():
        if not P.valid_id(doc_id):
            return error(request, f"no document {doc_id[:80]!r} in the index", 404)
        index = index_of(request)
        found = service.document(request.app.state.holder.corpus_dir, index, doc_id, passages=MAX_LISTED)
        doc = {**found["document"], **found["metadata"]}
        sections = [{**s, "label": section_label(s["section"]) or "(before the first heading)"}
                    for s in found["sections"]]
        return page(request, "document.html", nav="documents", doc=doc, sections=sections,
                    passages=found["passages"], cut=len(found["passages"]) < int(doc.get("passages") or 0))

    return problems(request, view)
