"""The search pages: search (passages or a concordance), one passage in its document, the
exports of a query and the stored source files.  Each is a GET whose whole state is in its
URL, answered by the ``service`` functions the command line calls (``search``,
``concordance``, ``passage``, ``export``)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from .. import service
from ..concordance import BY
from ..concordance.render import short_citation
from ..index.reader import IndexUnavailable
from ..output import TIERS, matched_summary
from ..service import EXPORT_FORMATS
from . import params as P
from .render import error, page

router = APIRouter(include_in_schema=False)

#: What an export download is called and its media type.
EXPORT_FILES = {"md": ("md", "text/markdown"), "csv": ("csv", "text/csv"), "jsonl": ("jsonl", "application/jsonl"),
                "bibtex": ("bib", "application/x-bibtex"), "ris": ("ris", "application/x-research-info-systems"),
                "csl-json": ("json", "application/vnd.citationstyles.csl+json")}
EXPORT_LABELS = {"md": "Markdown", "csv": "CSV", "jsonl": "JSONL", "bibtex": "BibTeX", "ris": "RIS",
                 "csl-json": "CSL-JSON"}
SORT_CHOICES = ("score", "position", "document", "hit", "L1", "L2", "L3", "R1", "R2", "R3")


def index_of(request: Request):
    return request.app.state.holder.get()


def chosen(request: Request, index):
    return service.select(index, P.shared_filters(request.query_params), request.app.state.holder.corpus_dir)


def problems(request: Request, view, **context):
    """Run ``view``; a mistake in the URL is the page with one sentence (400), a missing
    index the same (503)."""
    try:
        return view()
    except (P.BadRequest, service.RequestError) as exc:
        return error(request, str(exc), 400, **context)
    except service.NotFound as exc:
        return error(request, str(exc), 404, **context)
    except IndexUnavailable as exc:
        return error(request, str(exc), 503, **context)


@router.get("/")
def search_page(request: Request):
    """Search: the form, then either passages with citations or a concordance."""
    q = request.query_params
    form = {"q": q.get("q", "")[:P.MAX_QUERY], "view": q.get("view", "passages")}

    def view():
        text = P.query(q)
        mode = P.choice(q, "view", ("passages", "kwic"), "passages")
        literal = P.flag(q, "literal")
        index = index_of(request)
        context = {"form": form, "langs": index.languages(), "filters": P.filter_pairs(q), "literal": literal,
                   "documents": index.documents, "export_formats": [(f, EXPORT_LABELS[f]) for f in EXPORT_FORMATS],
                   "sort_choices": SORT_CHOICES, "by_choices": BY, "mode": mode, "result": None, "conc": None,
                   "params": list(q.multi_items()), "tiers": TIERS}
        if not text:
            return page(request, "search.html", **context)
        selection = chosen(request, index)
        offset = P.number(q, "offset", 0, 0, 10_000_000)
        limit = P.number(q, "limit", 20 if mode == "passages" else 50, 1, P.MAX_PAGE)
        context.update(offset=offset, limit=limit, selection=selection.describe())
        if mode == "kwic":
            size = P.text(q, "context", 10) or "5w"
            _, keys = service.concordance_options(size, P.text(q, "sort", 60) or "score")
            by = P.choice(q, "by", BY, "form")
            conc = service.concordance(index, text, selection, size, ",".join(keys), by, offset, limit, literal)
            context.update(conc=conc, short_citation=short_citation, interpretation=conc.interpretation,
                           total=conc.total, context_size=size, sort=",".join(keys), by=by)
        else:
            result = service.search(index, text, selection, limit=offset + limit, literal=literal)
            hits = result.hits[offset:]
            context.update(result=result, hits=hits, interpretation=result.interpretation, total=result.total,
                           matched_summary=matched_summary)
        return page(request, "search.html", **context)

    return problems(request, view, form=form)


@router.get("/passage/{passage_id}")
def passage_page(request: Request, passage_id: str):
    """One passage with its neighbours, its full citation and a link to its source file."""
    def view():
        if not P.valid_id(passage_id):
            return error(request, "that is not a passage id (ids look like 000_3d49c9bf8a994c0c:1a2b3c4d)", 404)
        around = P.number(request.query_params, "context", 2, 0, 20)
        q = P.query(request.query_params)
        shown = service.passage(index_of(request), passage_id, around, q, P.flag(request.query_params, "literal"))
        return page(request, "passage.html", passage=shown["passage"], doc=shown["document"],
                    cite=shown["citation"], before=shown["before"], after=shown["after"], around=around, q=q,
                    literal=P.flag(request.query_params, "literal"))

    return problems(request, view)


@router.get("/export")
def export_download(request: Request):
    """The current query and filters as a download in one of the formats ``export`` writes."""
    q = request.query_params

    def view():
        text = P.query(q)
        if not text:
            raise P.BadRequest("give a query (q) to export")
        fmt = P.choice(q, "format", EXPORT_FORMATS, "md")
        limit = P.number(q, "limit", P.MAX_EXPORT, 1, P.MAX_EXPORT)
        context = P.choice(q, "context", ("sentence", "passage"), "sentence")
        index = index_of(request)
        written, result = service.export(index, text, chosen(request, index), fmt, limit=limit, context=context,
                                         literal=P.flag(q, "literal"))
        suffix, media = EXPORT_FILES[fmt]
        return Response(written, media_type=f"{media}; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="cstocorpus-export.{suffix}"',
            "X-Total-Passages": str(result.total), "X-Written-Passages": str(result.written)})

    return problems(request, view)


#: How a stored source is sent: as itself only where a browser cannot run it; HTML and
#: anything unknown as plain text, so a script inside a source never runs here.
SOURCE_TYPES = {".pdf": "application/pdf", ".md": "text/plain", ".txt": "text/plain", ".html": "text/plain",
                ".htm": "text/plain", ".docx": "application/octet-stream"}


@router.get("/source/{doc_id}")
def source_file(request: Request, doc_id: str):
    """The source file of a document exactly as stored in the corpus."""
    def view():
        index = index_of(request)
        doc = index.documents.get(doc_id) if P.valid_id(doc_id) else None
        if doc is None:
            return error(request, f"no document {doc_id[:80]!r} in the index", 404)
        root = request.app.state.holder.corpus_dir.resolve()
        path = (root / str(doc.get("file", ""))).resolve()
        if not doc.get("file") or not path.is_relative_to(root) or not path.is_file():
            return error(request, f"the source file of {doc_id!r} is not in the corpus", 404)
        media = SOURCE_TYPES.get(path.suffix.lower(), "text/plain")
        if media == "text/plain":
            media += f"; charset={doc.get('encoding') or 'utf-8'}"
        disposition = "inline" if not media.startswith("application/octet") else "attachment"
        return FileResponse(Path(path), media_type=media,
                            headers={"Content-Disposition": f'{disposition}; filename="{_safe_name(path.name)}"'})

    return problems(request, view)


def _safe_name(name: str) -> str:
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in name) or "source"
