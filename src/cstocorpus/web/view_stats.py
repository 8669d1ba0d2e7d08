"""The statistics pages: corpus counts, frequency lists, collocates, n-grams, keywords and
dispersion, each with the shared filters.  Each calls the ``service`` function its command
calls, with the command's defaults (running words as units: a Thai or Japanese compound is
one word; ``units=parts`` counts the analyzers' pieces), and shows the command's own JSON
record (``stats.render``, ``wordstats.render``), so a page and ``--format json`` never
disagree."""

from __future__ import annotations

from fastapi import APIRouter, Request

from .. import service
from ..stats.freq import BY as FREQ_BY
from ..stats.freq import UNITS
from ..stats.render import freq_record
from ..wordstats import render as word_render
from ..wordstats.collocates import MEASURES
from ..wordstats.keywords import SORTS
from ..wordstats.view import BY as WORD_BY
from . import params as P
from .pages import chosen, index_of, problems
from .render import page

router = APIRouter(include_in_schema=False)

TABS = ("counts", "freq", "collocates", "ngrams", "keywords", "dispersion")
TAB_LABELS = {"counts": "Corpus counts", "freq": "Frequency list", "collocates": "Collocates", "ngrams": "N-grams",
              "keywords": "Keywords", "dispersion": "Dispersion"}


@router.get("/statistics")
def statistics_page(request: Request):
    q = request.query_params

    def view():
        tab = P.choice(q, "tab", TABS, "counts")
        index = index_of(request)
        selection = chosen(request, index)
        context = {"nav": "statistics", "tab": tab, "tabs": TABS, "tab_labels": TAB_LABELS,
                   "langs": index.languages(), "filters": P.filter_pairs(q), "selection": selection.describe(),
                   "data": None, "freq_by": FREQ_BY, "units": UNITS, "word_by": WORD_BY, "measures": MEASURES,
                   "sorts": SORTS}
        context["data"] = TAB_VIEWS[tab](q, index, selection, request)
        return page(request, "statistics.html", **context)

    return problems(request, view)


def _bars(rows, key: str) -> None:
    """Each row's ``bar``: its ``key`` as a share of the largest (for the bar charts)."""
    most = max((row[key] for row in rows), default=0) or 1
    for row in rows:
        row["bar"] = row[key] / most


def _units(q) -> str:
    return P.choice(q, "units", UNITS, "words")


def _counts(q, index, selection, request):
    data = service.corpus_statistics(index, selection)
    _bars(data["languages"], "tokens")
    return data


def _freq(q, index, selection, request):
    result = service.frequencies(index, selection, P.choice(q, "by", FREQ_BY, "lemma"),
                                 P.number(q, "top", 50, 1, 1000), P.flag(q, "all"), _units(q))
    data = freq_record(result)
    _bars(data["terms"], "count")
    return data


def _collocates(q, index, selection, request):
    word = P.text(q, "word", 200)
    if not word:
        return None
    result = service.collocates(index, selection, word, P.text(q, "window", 20) or "5L5R",
                                P.choice(q, "by", WORD_BY, "lemma"), P.choice(q, "measure", MEASURES, "logdice"),
                                P.number(q, "min_freq", 3, 1, 10**6), P.number(q, "min_cooc", 2, 1, 10**6),
                                P.number(q, "top", 30, 1, 500), P.flag(q, "all"), _units(q))
    return word_render.collocates_record(result, selection)


def _ngrams(q, index, selection, request):
    result = service.ngrams(index, selection, P.text(q, "n", 10) or "2-4", P.text(q, "containing", 200) or None,
                            P.choice(q, "by", WORD_BY, "form"), P.number(q, "min_freq", 2, 1, 10**6),
                            P.number(q, "top", 50, 1, 500), P.flag(q, "all"), _units(q))
    return word_render.ngrams_record(result, selection)


def _keywords(q, index, selection, request):
    reference = P.text(q, "reference", 100) or "rest"
    if selection.everything and reference == "rest":
        return {"hint": "Keywords compare a part of the corpus with the rest: choose the part with a filter "
                        "(document, tag, dates, author, kind, subcorpus) or give a reference subcorpus."}
    max_p = P.text(q, "max_p", 20) or "0.05"
    try:
        p = float(max_p)
    except ValueError:
        raise P.BadRequest(f"max_p must be a number, not {max_p!r}") from None
    if not 0 < p <= 1:
        raise P.BadRequest(f"max_p must be above 0 and at most 1, not {max_p}")
    result = service.keywords(index, selection, request.app.state.holder.corpus_dir, reference,
                              P.choice(q, "by", WORD_BY, "lemma"), P.choice(q, "sort", SORTS, "g2"),
                              P.number(q, "min_freq", 3, 1, 10**6), p, P.number(q, "top", 30, 1, 500),
                              P.flag(q, "all"), _units(q))
    return word_render.keywords_record(result, selection)


def _dispersion(q, index, selection, request):
    text = P.query(q)
    if not text:
        return None
    return word_render.dispersion_record(service.dispersion(index, text, selection, P.flag(q, "literal"), _units(q)))


TAB_VIEWS = {"counts": _counts, "freq": _freq, "collocates": _collocates, "ngrams": _ngrams, "keywords": _keywords,
             "dispersion": _dispersion}
