"""The JSON API (``/api/...``): the CLI's ``--format json`` answers over HTTP, for notebooks
and other programs, described by the app's OpenAPI schema (``/openapi.json``).

Every endpoint calls the same ``service`` function as its command and returns the same
shape; the filters have the CLI's names and meaning (``lang``, ``doc``, ``from``, ``to``,
``author``, ``tag``, ``kind``, ``subcorpus``; repeat or comma-separate).  Read-only: GET only.
Errors are ``{"error": "<one sentence>", "status": N}``: 400 for a request that cannot be
used (an unreadable query, a value out of bounds), 404 for an unknown passage or document,
503 when there is no readable index.  Query length, page size and export size are bounded.
JSON is written with ``<``, ``>`` and ``&`` escaped, so no answer can be read as HTML.
"""

from __future__ import annotations

import functools
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from .. import service
from . import schemas as S
from ..index.reader import IndexUnavailable
from ..subcorpus import Filters, filters

#: Longest query read (a query is words, not a document).
MAX_QUERY = 500
#: Most hits of one search, lines of one concordance page, terms of one list.
MAX_PAGE = 200
#: Most passages in one export.
MAX_EXPORT = 5000
#: Ids as the index writes them (documents: catalog ids; passages ``doc:hash``): nothing that
#: could name a path.
ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.:\-]{0,199}$"
#: Where /api/documents carries the warning 'list' prints (an index that cannot be read).
WARNING_HEADER = "X-Cstocorpus-Warning"
EXPORT_TYPES = {
    "md": ("text/markdown; charset=utf-8", "md"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "csl-json": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}


class SafeJSONResponse(JSONResponse):
    """JSON as the CLI writes it (UTF-8, not ASCII-escaped), with ``<``, ``>`` and ``&``
    escaped so that a browser sniffing the body can never find markup in it."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


class ErrorBody(BaseModel):
    error: str
    status: int


ERRORS = {400: {"model": ErrorBody, "description": "The request cannot be used (one sentence says why)."},
          503: {"model": ErrorBody, "description": "There is no readable index."}}
NOT_FOUND = {404: {"model": ErrorBody, "description": "No such passage or document."}}

router = APIRouter(prefix="/api", tags=["api"], default_response_class=SafeJSONResponse, responses=ERRORS)


def error(status: int, message: str) -> SafeJSONResponse:
    return SafeJSONResponse({"error": message, "status": status}, status_code=status)


def answers(endpoint):
    """The library's errors as JSON: ``RequestError`` 400, ``NotFound`` 404, no index 503."""
    @functools.wraps(endpoint)
    def wrapper(*args, **kwargs):
        try:
            answer = endpoint(*args, **kwargs)
        except service.RequestError as exc:
            return error(400, str(exc))
        except service.NotFound as exc:
            return error(404, str(exc))
        except IndexUnavailable as exc:
            return error(503, str(exc))
        # a Response as it is: FastAPI would otherwise walk the whole answer (jsonable_encoder)
        # before writing it, a cost larger than many searches
        return answer if isinstance(answer, Response) else SafeJSONResponse(answer)
    return wrapper


# --- parameters shared by the endpoints ------------------------------------------------------

def shared_filters(
    lang: Annotated[list[str], Query(description="Only passages in this language (ru, th, ja, en); repeatable.",
                                     max_length=20)] = [],  # noqa: B006 -- FastAPI copies defaults
    doc: Annotated[list[str], Query(description="Only this document; repeatable.", max_length=100)] = [],  # noqa: B006
    date_from: Annotated[str, Query(alias="from", max_length=40,
                                    description="Only documents published on or after YYYY[-MM[-DD]].")] = "",
    date_to: Annotated[str, Query(alias="to", max_length=40,
                                  description="Only documents published on or before YYYY[-MM[-DD]].")] = "",
    author: Annotated[list[str], Query(description="Only documents with an author containing this text.",
                                       max_length=20)] = [],  # noqa: B006
    tag: Annotated[list[str], Query(description="Only documents with this catalog tag.", max_length=20)] = [],  # noqa: B006
    kind: Annotated[list[str], Query(description="Only documents of this source type (markdown, text, html, ...).",
                                     max_length=20)] = [],  # noqa: B006
    subcorpus: Annotated[str, Query(max_length=100, description="Only this named subcorpus.")] = "",
) -> Filters:
    for value in (*lang, *doc, *author, *tag, *kind):
        if len(value) > 200:
            raise service.RequestError("a filter value is longer than 200 characters")
    return filters(lang, doc, date_from, date_to, author, tag, kind, subcorpus)


FiltersParam = Annotated[Filters, Depends(shared_filters)]
QueryText = Annotated[str, Query(min_length=1, max_length=MAX_QUERY,
                                 description="The query, read as by 'cstocorpus search'.")]
Literal = Annotated[bool, Query(description="Only the query's own words: no other names, no transliterations.")]
KeepStopwords = Annotated[bool, Query(alias="all", description="Keep stop words.")]
Units = Annotated[str, Query(pattern="^(words|parts)$",
                             description="words: running words, a Thai or Japanese compound counted as one; "
                                         "parts: the analyzers' pieces (as --units).")]


def _holder(request: Request):
    return request.app.state.holder


def _index(request: Request):
    return _holder(request).get()


def _selection(request: Request, asked: Filters):
    index = _index(request)
    return index, service.select(index, asked, _holder(request).corpus_dir)


def _query(text: str) -> str:
    text = text.strip()
    if not text:
        raise service.RequestError("cannot read the query: it is empty")
    return text


# --- endpoints -------------------------------------------------------------------------------

@router.get("/search", response_model=S.SearchAnswer, summary="Search passages (as 'cstocorpus search --format json')")
@answers
def search(request: Request, asked: FiltersParam, q: QueryText,
           limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="How many hits; the total is exact.")] = 10,
           literal: Literal = False,
           explain: Annotated[bool, Query(description="Also list every name searched, and why.")] = False):
    from ..output import search_record

    index, chosen = _selection(request, asked)
    result = service.search(index, _query(q), chosen, limit=limit, literal=literal, explain=explain)
    record = search_record(result)
    if explain:
        record["explanation"] = result.explanation
    return record


@router.get("/concordance", response_model=S.ConcordanceAnswer, summary="Concordance lines (as 'cstocorpus concordance --format json')")
@answers
def concordance(request: Request, asked: FiltersParam, q: QueryText,
                context: Annotated[str, Query(max_length=10, description="Words (5w) or characters (40c).")] = "5w",
                sort: Annotated[str, Query(max_length=60, description="score, position, document, hit, L1–L5, "
                                                                      "R1–R5; comma-separated.")] = "score",
                by: Annotated[str, Query(pattern="^(form|lemma)$")] = "form",
                offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
                limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
                literal: Literal = False):
    from ..concordance.render import record

    service.concordance_options(context, sort)
    index, chosen = _selection(request, asked)
    return record(service.concordance(index, _query(q), chosen, context, sort, by, offset, limit, literal))


@router.get("/passage/{passage_id}", response_model=S.PassageAnswer, summary="One passage with its neighbours and citation "
                                              "(as 'cstocorpus show --format json')", responses=NOT_FOUND)
@answers
def passage(request: Request, passage_id: Annotated[str, Path(pattern=ID_PATTERN, max_length=200)],
            context: Annotated[int, Query(ge=0, le=50, description="Neighbours on each side.")] = 1,
            q: Annotated[str, Query(max_length=MAX_QUERY, description="A query: each passage then has the "
                                                                     "[start, end] spans it matches (highlights).")] = "",
            literal: Literal = False):
    _check_id(passage_id, "passage")
    return service.passage(_index(request), passage_id, context, q, literal)


@router.get("/documents", response_model=list[S.DocumentRow], summary="The catalog's documents (as 'cstocorpus list --format json')")
@answers
def documents(request: Request):
    holder = _holder(request)
    rows, warning = service.documents(holder.corpus_dir, holder.index_dir)
    if not warning:
        return rows
    # list prints its warning on stderr beside the rows; here it travels in a header (ASCII,
    # as JSON escapes it), so the body keeps list's shape
    return SafeJSONResponse(rows, headers={WARNING_HEADER: json.dumps(warning)[1:-1]})


@router.get("/documents/{doc_id}", response_model=S.DocumentAnswer, summary="One document: its listing, metadata and sections", responses=NOT_FOUND)
@answers
def document(request: Request, doc_id: Annotated[str, Path(pattern=ID_PATTERN, max_length=200)]):
    _check_id(doc_id, "document")
    return service.document(_holder(request).corpus_dir, _index(request), doc_id)


@router.get("/index", response_model=S.IndexAnswer, summary="The index being served: its generation, engine and size")
@answers
def index_info(request: Request):
    index = _index(request)
    return {"generation": index.generation.name, "engine": index.engine_name,
            "documents": len(index.documents), "passages": int(index.manifest.get("passages") or 0),
            "languages": dict(index.manifest.get("languages") or {})}


@router.get("/stats", response_model=S.StatsAnswer, summary="Corpus statistics (as 'cstocorpus stats --format json')")
@answers
def stats(request: Request, asked: FiltersParam):
    index, chosen = _selection(request, asked)
    return service.corpus_statistics(index, chosen)


@router.get("/freq", response_model=S.FreqAnswer, summary="Frequency list (as 'cstocorpus freq --format json')")
@answers
def freq(request: Request, asked: FiltersParam,
         by: Annotated[str, Query(pattern="^(lemma|form)$")] = "lemma",
         units: Units = "words",
         top: Annotated[int, Query(ge=1, le=MAX_PAGE * 5)] = 20,
         keep_stopwords: KeepStopwords = False):
    from ..stats.render import freq_record

    index, chosen = _selection(request, asked)
    return freq_record(service.frequencies(index, chosen, by, top, keep_stopwords, units))


@router.get("/collocates", response_model=S.CollocatesAnswer, summary="Collocates of a word (as 'cstocorpus collocates --format json')")
@answers
def collocates(request: Request, asked: FiltersParam,
               word: Annotated[str, Query(min_length=1, max_length=200)],
               window: Annotated[str, Query(max_length=10)] = "5L5R",
               by: Annotated[str, Query(pattern="^(lemma|form)$")] = "lemma",
               measure: Annotated[str, Query(pattern="^(logdice|ll|mi|t)$")] = "logdice",
               min_freq: Annotated[int, Query(ge=1, le=10**9)] = 3,
               min_cooc: Annotated[int, Query(ge=1, le=10**9)] = 2,
               top: Annotated[int, Query(ge=1, le=MAX_PAGE * 5)] = 30,
               keep_stopwords: KeepStopwords = False,
               units: Units = "words"):
    from ..wordstats.render import collocates_record

    service.read_window(window)
    index, chosen = _selection(request, asked)
    result = service.collocates(index, chosen, _query(word), window, by, measure, min_freq, min_cooc, top,
                                keep_stopwords, units)
    return collocates_record(result, chosen)


@router.get("/ngrams", response_model=S.NgramsAnswer, summary="Recurring n-grams (as 'cstocorpus ngrams --format json')")
@answers
def ngrams(request: Request, asked: FiltersParam,
           n: Annotated[str, Query(max_length=10, description="One size (3) or a range (2-4).")] = "2-4",
           containing: Annotated[str, Query(max_length=200)] = "",
           by: Annotated[str, Query(pattern="^(lemma|form)$")] = "form",
           min_freq: Annotated[int, Query(ge=1, le=10**9)] = 2,
           top: Annotated[int, Query(ge=1, le=MAX_PAGE * 5)] = 50,
           keep_stopwords: KeepStopwords = False,
           units: Units = "words"):
    from ..wordstats.render import ngrams_record

    service.ngram_sizes(n)
    index, chosen = _selection(request, asked)
    result = service.ngrams(index, chosen, n, containing.strip() or None, by, min_freq, top, keep_stopwords, units)
    return ngrams_record(result, chosen)


@router.get("/keywords", response_model=S.KeywordsAnswer, summary="Keywords of the filtered part (as 'cstocorpus keywords --format json')")
@answers
def keywords(request: Request, asked: FiltersParam,
             reference: Annotated[str, Query(max_length=100, description="rest, corpus or a subcorpus name.")] = "rest",
             by: Annotated[str, Query(pattern="^(lemma|form)$")] = "lemma",
             sort: Annotated[str, Query(pattern="^(g2|log_ratio|pdiff|bic)$")] = "g2",
             min_freq: Annotated[int, Query(ge=1, le=10**9)] = 3,
             max_p: Annotated[float, Query(gt=0, le=1)] = 0.05,
             top: Annotated[int, Query(ge=1, le=MAX_PAGE * 5)] = 30,
             keep_stopwords: KeepStopwords = False,
             units: Units = "words"):
    from ..wordstats.render import keywords_record

    index, target = _selection(request, asked)
    result = service.keywords(index, target, _holder(request).corpus_dir, reference.strip() or "rest", by, sort,
                              min_freq, max_p, top, keep_stopwords, units)
    return keywords_record(result, target)


@router.get("/dispersion", response_model=S.DispersionAnswer, summary="Dispersion of a query's hits (as 'cstocorpus dispersion --format json')")
@answers
def dispersion(request: Request, asked: FiltersParam, q: QueryText, literal: Literal = False,
               units: Units = "words"):
    from ..wordstats.render import dispersion_record

    index, chosen = _selection(request, asked)
    return dispersion_record(service.dispersion(index, _query(q), chosen, literal, units))


@router.get("/export", summary="Cited excerpts in one of export's formats (a file to download)",
            response_class=Response,
            responses={200: {"description": "The export, with X-Total-Passages and X-Written-Passages headers.",
                             "content": {kind: {} for kind, _ in EXPORT_TYPES.values()}}})
@answers
def export(request: Request, asked: FiltersParam, q: QueryText,
           format: Annotated[str, Query(pattern="^(md|csv|jsonl|bibtex|ris|csl-json)$")] = "md",  # noqa: A002
           context: Annotated[str, Query(pattern="^(sentence|passage)$")] = "sentence",
           limit: Annotated[int, Query(ge=1, le=MAX_EXPORT, description="The N best passages.")] = MAX_EXPORT,
           literal: Literal = False):
    index, chosen = _selection(request, asked)
    text, result = service.export(index, _query(q), chosen, format, limit=limit, context=context, literal=literal)
    media, suffix = EXPORT_TYPES[format]
    return Response(text.encode("utf-8"), media_type=media, headers={
        "Content-Disposition": f'attachment; filename="cstocorpus-export.{suffix}"',
        "X-Total-Passages": str(result.total),
        "X-Written-Passages": str(result.written),
    })


@router.get("/{rest:path}", include_in_schema=False)
def unknown(rest: str):
    """Any other path under /api: a JSON 404 (a passage id with a slash lands here too)."""
    return error(404, "no such API endpoint: see /openapi.json for the ones there are")


def _check_id(value: str, what: str) -> None:
    if ".." in value:
        raise service.RequestError(f"{value!r} is not a {what} id")


# --- wiring ----------------------------------------------------------------------------------

async def _invalid(request: Request, exc: RequestValidationError):
    """A parameter FastAPI refused, on an API path: one sentence, status 400."""
    if not request.url.path.startswith("/api/"):
        return await request_validation_exception_handler(request, exc)
    problems = exc.errors()
    first = problems[0] if problems else {}
    where = [str(part) for part in first.get("loc", ()) if part not in ("query", "path", "body")]
    name = where[0] if where else "the request"
    message = str(first.get("msg", "is not valid")).rstrip(".")
    message = message[0].lower() + message[1:] if message else "is not valid"
    return error(400, f"{name}: {message}")


def add_api_routes(app: FastAPI) -> None:
    """The API on ``app`` (whose ``state.holder`` gives the index), with its error handling."""
    app.include_router(router)
    app.add_exception_handler(RequestValidationError, _invalid)


