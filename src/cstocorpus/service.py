"""The library both faces of cstocorpus call: the command line (``cli.py`` and the command
modules) and the web app (``web/``).

Each function takes plain parameters (an open index, a ``Selection``, numbers and words) and
returns data: a result object or the dictionary that ``--format json`` prints and the JSON API
returns.  Nothing here prints, parses options or knows about HTTP.  A request the caller must
change (a query that cannot be read, a bad window, an unknown filter value) raises
``RequestError``; an unknown passage or document raises ``NotFound``.  The CLI turns both into
its one-sentence error (exit code 2), the web app into a 400 or a 404.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .citation import citation
from .index.builder import BuildReport
from .index.reader import CorpusIndex, IndexUnavailable, indexed_documents
from .query import QuerySyntaxError
from .subcorpus import Filters, Selection, SelectionError, SubcorpusFileError, resolve
from .subcorpus import filters as make_filters

#: Ids look like this (the message of an unknown passage says so).
PASSAGE_ID_EXAMPLE = "000_3d49c9bf8a994c0c:1a2b3c4d"


class RequestError(ValueError):
    """Something the caller must change: one sentence (CLI exit code 2, HTTP 400)."""


class NotFound(LookupError):
    """An unknown passage or document: one sentence (CLI exit code 2, HTTP 404)."""


def select(index: CorpusIndex, asked: Filters, corpus_dir: Path | None) -> Selection:
    """What the filters select in ``index``."""
    try:
        return resolve(index, asked, corpus_dir)
    except (SelectionError, SubcorpusFileError) as exc:
        raise RequestError(str(exc)) from None


def _query_error(exc: QuerySyntaxError) -> RequestError:
    return RequestError(f"cannot read the query: {exc}")


def at_least(name: str, value: int, least: int) -> None:
    if value < least:
        raise RequestError(f"{name} must be {least} or more, not {value}")


# --- search, passages, documents -------------------------------------------------------------

def search(index: CorpusIndex, text: str, chosen: Selection, limit: int | None = 10, literal: bool = False,
           explain: bool = False):
    """The ``SearchResult`` of ``text`` in the selected passages (``output.search_record`` is its JSON)."""
    from .subcorpus import search_in

    try:
        return search_in(index, text, chosen, limit=limit, literal=literal, explain=explain)
    except QuerySyntaxError as exc:
        raise _query_error(exc) from None


def passage(index: CorpusIndex, passage_id: str, context: int = 1, query: str = "",
            literal: bool = False) -> dict[str, Any]:
    """One passage with ``context`` neighbours on each side, its citation and its document;
    with a ``query``, each passage also has ``highlights``: the [start, end] spans of its text
    that the query matches, as search marks them in its hits."""
    found = index.passage(passage_id)
    if found is None:
        raise NotFound(f"no passage {passage_id!r} in the index (ids look like {PASSAGE_ID_EXAMPLE})")
    doc = index.documents.get(found["doc_id"], {})
    around = index.neighbours(found["doc_id"], found["ordinal"], context, context)
    spans = _highlighter(index, query, literal) if query.strip() else None

    def brief(p):
        shown = {k: p[k] for k in ("passage_id", "ordinal", "lang", "section", "text")}
        return shown | ({"highlights": spans(p)} if spans else {})

    return {
        "passage": {**brief(found), "doc_id": found["doc_id"], "kind": found["kind"],
                    "span": found["span"], "lines": found["lines"], "source_url": found["source_url"]},
        "before": [brief(p) for p in around if p["ordinal"] < found["ordinal"]],
        "after": [brief(p) for p in around if p["ordinal"] > found["ordinal"]],
        "citation": citation(doc, found),
        "document": doc,
    }


def _highlighter(index: CorpusIndex, query: str, literal: bool):
    """The function giving a stored passage's highlighted spans for ``query``."""
    from .highlight import matches, merge_spans

    try:
        spec = index.compiled(query.strip(), literal).spec
    except QuerySyntaxError as exc:
        raise _query_error(exc) from None

    def spans(p: dict) -> list[list[int]]:
        found = matches(p["text"], p["tokens"], spec, p["doc_id"], p.get("names", ()), p.get("units", ()),
                        p.get("bound", ()))
        return [list(span) for span in merge_spans([(m["start"], m["end"]) for m in found])]

    return spans


def documents(corpus_dir: Path, index_dir: Path) -> tuple[list[dict], str]:
    """The catalog's documents with what the index holds of each (``list``'s rows), and a
    warning when the index could not be read (empty when all is well or there is no index)."""
    from .catalog import CatalogError, load_catalog
    from .manage.listing import document_rows

    try:
        catalog = load_catalog(corpus_dir)
    except CatalogError as exc:
        raise RequestError(str(exc)) from None
    warning = ""
    try:
        indexed = indexed_documents(index_dir)
    except IndexUnavailable as exc:
        indexed = {}
        if "no index in" not in str(exc):
            warning = str(exc)
    return document_rows(catalog, indexed), warning


def document(corpus_dir: Path, index: CorpusIndex, doc_id: str, passages: int = 0) -> dict[str, Any]:
    """One document: its ``list`` row, its catalog entry as indexed, and its sections in order
    with their first passage, passage count and passages per language; with ``passages``,
    also its first that many passages in order (under ``"passages"``)."""
    rows, _ = documents(corpus_dir, index.root)
    row = next((r for r in rows if r["id"] == doc_id), None)
    meta = index.documents.get(doc_id)
    if row is None and meta is None:
        raise NotFound(f"no document {doc_id!r} in the catalog or the index")
    sections: list[dict[str, Any]] = []
    listed: list[dict] = []
    if meta is not None:
        # passages are numbered from 1; the count bounds the range the engine is asked for
        count = int((row or {}).get("passages") or meta.get("passages") or 0)
        for p in index.neighbours(doc_id, 0, 0, count):
            section = list(p.get("section") or [])
            if not sections or sections[-1]["section"] != section:
                sections.append({"section": section, "first_passage": p["passage_id"], "first_ordinal": p["ordinal"],
                                 "passages": 0, "languages": {}})
            sections[-1]["passages"] += 1
            sections[-1]["languages"][p["lang"]] = sections[-1]["languages"].get(p["lang"], 0) + 1
            if len(listed) < passages:
                listed.append({k: p[k] for k in ("passage_id", "ordinal", "lang", "section", "text")})
    found = {"document": row or {"id": doc_id}, "metadata": meta or {}, "sections": sections}
    return found | ({"passages": listed} if passages else {})


# --- statistics ------------------------------------------------------------------------------

def corpus_statistics(index: CorpusIndex, chosen: Selection) -> dict[str, Any]:
    """``stats``'s numbers per language and per document (with the selection when filtered)."""
    from .stats.counts import corpus_stats
    from .stats.store import select as select_passages, stored_passages

    result = corpus_stats(select_passages(stored_passages(index), chosen), index.documents)
    if not chosen.everything:
        result["selection"] = chosen.as_dict() | {"description": chosen.describe()}
    return result


def frequencies(index: CorpusIndex, chosen: Selection, by: str = "lemma", top: int = 20,
                keep_stopwords: bool = False, units: str = "words"):
    """``freq``'s ``FreqList`` (``stats.render.freq_record`` is its JSON)."""
    from .stats.freq import frequency_list
    from .stats.store import select as select_passages, stored_passages

    at_least("--top", top, 1)
    scope = chosen.describe(omit=("lang",))  # freq names the languages itself
    return frequency_list(select_passages(stored_passages(index), chosen), by, top, keep_stopwords, chosen.langs,
                          subcorpus="" if scope == "all passages" else scope, units=units)


def concordance(index: CorpusIndex, text: str, chosen: Selection, context: str = "5w", sort: str = "score",
                by: str = "form", offset: int = 0, limit: int | None = 50, literal: bool = False):
    """The ``Concordance`` of ``text`` (``concordance.render.record`` is its JSON)."""
    from .concordance.lines import concordance as build

    size, keys = concordance_options(context, sort)
    try:
        return build(index, text, chosen, size, keys, by, offset, limit, literal=literal)
    except QuerySyntaxError as exc:
        raise _query_error(exc) from None


def concordance_options(context: str, sort: str):
    """``--context`` and ``--sort`` read: the context size and the sort keys."""
    from .concordance.context import ContextError, parse_context
    from .concordance.sorting import SortError, parse_sort

    try:
        return parse_context(context), parse_sort(sort)
    except (ContextError, SortError) as exc:
        raise RequestError(str(exc)) from None


def node(text: str, by: str, units: str = "words"):
    """A collocates or n-gram node; several words without quotes are one phrase."""
    from .wordstats.node import NodeError, plain_words, read_node

    text = text.strip()
    try:
        if plain_words(text):
            text = f'"{text}"'
        return read_node(text, by, units)
    except NodeError as exc:
        raise RequestError(str(exc)) from None


def read_window(text: str) -> tuple[int, int]:
    """A collocation window such as 5L5R: words on the left and on the right."""
    from .wordstats.collocates import WindowError, parse_window

    try:
        return parse_window(text)
    except WindowError as exc:
        raise RequestError(str(exc)) from None


def ngram_sizes(text: str):
    """N-gram sizes: one (3) or a range (2-4)."""
    from .wordstats.ngrams import NgramSizeError, parse_sizes

    try:
        return parse_sizes(text)
    except NgramSizeError as exc:
        raise RequestError(str(exc)) from None


def collocates(index: CorpusIndex, chosen: Selection, word: str, window: str = "5L5R", by: str = "lemma",
               measure: str = "logdice", min_freq: int = 3, min_cooc: int = 2, top: int = 30,
               keep_stopwords: bool = False, units: str = "words"):
    """``collocates``' result (``wordstats.render.collocates_record`` is its JSON); top 0: all."""
    from .wordstats.collocates import collocates as find
    from .wordstats.view import CorpusView

    span = read_window(window)
    at_least("--min-freq", min_freq, 1)
    at_least("--min-cooc", min_cooc, 1)
    at_least("--top", top, 0)
    center = node(word, by, units)
    return find(CorpusView(index.columns.stream(units), chosen, by), center, span, measure, min_freq, min_cooc, top or None,
                keep_stopwords)


def ngrams(index: CorpusIndex, chosen: Selection, sizes: str = "2-4", containing: str | None = None,
           by: str = "form", min_freq: int = 2, top: int = 50, keep_stopwords: bool = False,
           units: str = "words"):
    """``ngrams``' result (``wordstats.render.ngrams_record`` is its JSON); top 0: all."""
    from .wordstats.ngrams import ngrams as find
    from .wordstats.view import CorpusView

    span = ngram_sizes(sizes)
    at_least("--min-freq", min_freq, 1)
    at_least("--top", top, 0)
    center = node(containing, by, units) if containing else None
    return find(CorpusView(index.columns.stream(units), chosen, by), span, center, min_freq, top or None, keep_stopwords)


def keywords(index: CorpusIndex, target: Selection, corpus_dir: Path | None, reference: str = "rest",
             by: str = "lemma", sort: str = "g2", min_freq: int = 3, max_p: float = 0.05, top: int = 30,
             keep_stopwords: bool = False, units: str = "words"):
    """``keywords``' result (``wordstats.render.keywords_record`` is its JSON); top 0: all."""
    from .wordstats.keywords import keywords as find
    from .wordstats.view import CorpusView

    at_least("--min-freq", min_freq, 1)
    at_least("--top", top, 0)
    columns = index.columns.stream(units)
    if reference in ("rest", "corpus"):
        if target.everything and reference == "rest":
            raise RequestError("keywords compares a part of the corpus with the rest: choose the part with a filter "
                               "(--doc, --tag, --from/--to, --author, --kind, --subcorpus) or give --reference NAME")
        ref_view = None if reference == "rest" else CorpusView(columns, by=by)
    else:
        ref_view = CorpusView(columns, select(index, make_filters(subcorpus=reference), corpus_dir), by)
    name = reference if reference in ("rest", "corpus") else f"subcorpus {reference}"
    return find(CorpusView(columns, target, by), ref_view, name, sort, min_freq, max_p, top or None,
                keep_stopwords)


def dispersion(index: CorpusIndex, text: str, chosen: Selection, literal: bool = False, units: str = "words"):
    """``dispersion``'s result (``wordstats.render.dispersion_record`` is its JSON)."""
    from .wordstats.dispersion import dispersion as find

    try:
        return find(index, text, chosen, literal, units)
    except QuerySyntaxError as exc:
        raise _query_error(exc) from None


# --- export ----------------------------------------------------------------------------------

EXPORT_FORMATS = ("md", "csv", "jsonl", "bibtex", "ris", "csl-json")


def export_writer(fmt: str):
    """The function that writes ``fmt``; imported on use, so other commands never load citeproc."""
    from .export import references, writers

    return {
        "md": writers.write_markdown,
        "csv": writers.write_csv,
        "jsonl": writers.write_jsonl,
        "bibtex": references.write_bibtex,
        "ris": references.write_ris,
        "csl-json": references.write_csl_json,
    }[fmt]


def export(index: CorpusIndex, text: str, chosen: Selection, fmt: str = "md", limit: int | None = None,
           context: str = "sentence", literal: bool = False):
    """The cited excerpts of ``text`` written in ``fmt``, and the ``ExportResult`` (its counts)."""
    from .export.collect import collect

    if fmt not in EXPORT_FORMATS:
        raise RequestError(f"no export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    try:
        result = collect(index, text, chosen, limit=limit, context=context, literal=literal)
    except QuerySyntaxError as exc:
        raise _query_error(exc) from None
    return export_writer(fmt)(result), result


# --- build -----------------------------------------------------------------------------------

def build_summary(report: BuildReport, index_dir: Path, engine: str) -> dict[str, Any]:
    """What a build did, as ``build --format json`` prints it."""
    return {
        "index": str(index_dir),
        "generation": report.generation.name if report.generation else None,
        "engine": engine,
        "shards": report.shards,
        "mode": "unchanged" if report.generation is None else "incremental" if report.incremental else "full",
        "full_because": report.why_full,
        "documents": report.documents,
        "passages": report.passages,
        "languages": dict(sorted(report.languages.items())),
        "analyzed": report.analyzed,
        "reused": report.reused,
        "removed": report.removed,
        "skipped": [str(p) for p in report.problems],
    }
