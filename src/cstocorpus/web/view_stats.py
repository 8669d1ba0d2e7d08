"""The statistics pages: corpus counts, frequency lists, collocates, keywords and
dispersion, each with the shared filters.  Each calls the function its command calls and
shows the command's own JSON shape (``stats.render``, ``wordstats.render``), so a page and
``--format json`` never disagree."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request

from ..stats import render as stats_render
from ..stats.counts import corpus_stats
from ..stats.freq import BY as FREQ_BY
from ..stats.freq import UNITS, frequency_list
from ..stats.store import select, stored_passages
from ..subcorpus import filters as make_filters
from ..subcorpus import resolve
from ..wordstats import render as word_render
from ..wordstats.collocates import MEASURES, WindowError, collocates, parse_window
from ..wordstats.keywords import SORTS, keywords
from ..wordstats.node import NodeError, plain_words, read_node
from ..wordstats.view import BY as WORD_BY
from ..wordstats.view import CorpusView
from . import params as P
from .pages import chosen, index_of, problems
from .render import page

router = APIRouter(include_in_schema=False)

TABS = ("counts", "freq", "collocates", "keywords", "dispersion")


@router.get("/statistics")
def statistics_page(request: Request):
    q = request.query_params

    def view():
        tab = P.choice(q, "tab", TABS, "counts")
        index = index_of(request)
        selection = chosen(request, index)
        context = {"nav": "statistics", "tab": tab, "tabs": TABS, "langs": index.languages(),
                   "filters": P.filter_pairs(q), "selection": selection.describe(), "data": None,
                   "freq_by": FREQ_BY, "units": UNITS, "word_by": WORD_BY, "measures": MEASURES, "sorts": SORTS}
        try:
            context["data"] = TAB_VIEWS[tab](q, index, selection, request)
        except (NodeError, WindowError) as exc:
            raise P.BadRequest(str(exc)) from None
        return page(request, "statistics.html", **context)

    return problems(request, view)


def _counts(q, index, selection, request):
    data = json.loads(stats_render.stats_json(corpus_stats(select(stored_passages(index), selection),
                                                           index.documents)))
    most = max((row["tokens"] for row in data["languages"]), default=0) or 1
    for row in data["languages"]:
        row["bar"] = row["tokens"] / most
    return data


def _freq(q, index, selection, request):
    by = P.choice(q, "by", FREQ_BY, "lemma")
    units = P.choice(q, "units", UNITS, "words")
    top = P.number(q, "top", 50, 1, 1000)
    result = frequency_list(select(stored_passages(index), selection), by, top, P.flag(q, "all"), selection.langs,
                            subcorpus=selection.describe(omit=("lang",)).replace("all passages", ""), units=units)
    data = json.loads(stats_render.freq_json(result))
    most = max((t["count"] for t in data.get("terms", [])), default=0) or 1
    for t in data.get("terms", []):
        t["bar"] = t["count"] / most
    return data


def _node(q):
    text = P.text(q, "word", 200)
    if not text:
        return None, ""
    return (f'"{text}"' if plain_words(text) else text), text


def _collocates(q, index, selection, request):
    node, text = _node(q)
    if node is None:
        return None
    by = P.choice(q, "by", WORD_BY, "lemma")
    result = collocates(CorpusView(index.columns, selection, by), read_node(node, by),
                        parse_window(P.text(q, "window", 20) or "5L5R"),
                        P.choice(q, "measure", MEASURES, "logdice"), P.number(q, "min_freq", 3, 1, 10**6),
                        P.number(q, "min_cooc", 2, 1, 10**6), P.number(q, "top", 30, 1, 500), P.flag(q, "all"))
    return json.loads(word_render.collocates_json(result, selection))


def _keywords(q, index, selection, request):
    by = P.choice(q, "by", WORD_BY, "lemma")
    reference = P.text(q, "reference", 100) or "rest"
    if selection.everything and reference == "rest":
        return {"hint": "Keywords compare a part of the corpus with the rest: choose the part with a filter "
                        "(document, tag, dates, author, kind, subcorpus) or give a reference subcorpus."}
    if reference == "rest":
        ref_view = None
    elif reference == "corpus":
        ref_view = CorpusView(index.columns, by=by)
    else:
        ref_view = CorpusView(index.columns, resolve(index, make_filters(subcorpus=reference),
                                                     request.app.state.holder.corpus_dir), by)
    name = reference if reference in ("rest", "corpus") else f"subcorpus {reference}"
    result = keywords(CorpusView(index.columns, selection, by), ref_view, name,
                      P.choice(q, "sort", SORTS, "g2"), P.number(q, "min_freq", 3, 1, 10**6), 0.05,
                      P.number(q, "top", 30, 1, 500), P.flag(q, "all"))
    return json.loads(word_render.keywords_json(result, selection))


def _dispersion(q, index, selection, request):
    from ..wordstats.dispersion import dispersion

    text = P.query(q)
    if not text:
        return None
    return json.loads(word_render.dispersion_json(dispersion(index, text, selection, P.flag(q, "literal"))))


TAB_VIEWS = {"counts": _counts, "freq": _freq, "collocates": _collocates, "keywords": _keywords,
             "dispersion": _dispersion}
