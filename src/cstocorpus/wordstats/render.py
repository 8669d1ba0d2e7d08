"""Collocates, n-grams, keywords and dispersion as tables (aligned by display width, see
``stats.render.table``), JSON or CSV.  JSON holds every number the table shows and the
parameters that produced them, so a result can be cited and repeated."""

from __future__ import annotations

from ..output import rows_csv, to_json
from ..stats.render import table
from ..stats.stopwords import SOURCES
from ..subcorpus import Selection
from .collocates import CollocatesResult
from .dispersion import DispersionResult
from .keywords import KeywordsResult
from .ngrams import NgramsResult

MEASURE_NAMES = {"logdice": "logDice", "ll": "log-likelihood", "mi": "MI", "t": "t-score"}
STOP_NOTE = "stop words left out (--all keeps them)"


def _scope(selection: Selection) -> str:
    text = selection.describe()
    return "" if text == "all passages" else f" in {text}"


def _stop(kept: bool) -> str:
    return "stop words kept" if kept else STOP_NOTE


def _u(r) -> str:
    """What the counts count, in the table's words: running words or the analyzers' tokens."""
    return "words" if r.units == "words" else "tokens"


UNITS_NOTE = ("Words are counted as units, as 'freq' counts them: each stretch of text once, as the longest "
              "word it belongs to (a Thai or Japanese compound is one word); --units parts counts the "
              "analyzers' pieces.")


def _f(x: float | None, digits: int = 2) -> str:
    return "∞" if x is None else f"{x:,.{digits}f}"


# --- collocates ---------------------------------------------------------------------------

def collocates_table(r: CollocatesResult, selection: Selection) -> str:
    left, right = r.window
    head = (f"Collocates of {r.node.text!r} ({r.by} {' '.join(r.node.terms)}), window {left}L{right}R"
            f"{_scope(selection)}; sorted by {MEASURE_NAMES[r.measure]}; min. frequency {r.min_freq}, "
            f"min. co-occurrences {r.min_cooc}; {_stop(r.stopwords_kept)}.")
    if not r.languages:
        return head + "\n\nThe word does not occur in the selected passages."
    lines = [head]
    for lang in r.languages:
        lines += ["", f"[{lang.lang}] node {lang.node_frequency:,} times in {lang.tokens:,} {_u(r)}; "
                      f"{lang.window_tokens:,} {_u(r)} in its windows; {lang.candidates:,} collocates"
                      + (f" (showing {len(lang.collocates)})" if len(lang.collocates) < lang.candidates else "")]
        if not lang.collocates:
            lines.append("  none reaches the minimum frequencies.")
            continue
        rows = [[str(i), c.term, f"{c.cooccurrences:,}", f"{c.frequency:,}", f"{c.expected:.2f}", f"{c.logdice:.2f}",
                 f"{c.ll:.2f}", f"{c.mi:.2f}", f"{c.t:.2f}", f"{c.left:,}", f"{c.right:,}"]
                for i, c in enumerate(lang.collocates, start=1)]
        lines += table(["rank", r.by, "co-oc", "freq", "expected", "logDice", "LL", "MI", "t", "left", "right"],
                       rows, "rlrrrrrrrrr")
    lines += ["", "co-oc: times in the node's windows; freq: in all selected " + _u(r) + " of the language; expected: "
                  "co-oc by chance; left/right: in a left or right window.", UNITS_NOTE]
    return "\n".join(lines)


def collocates_json(r: CollocatesResult, selection: Selection) -> str:
    return to_json(collocates_record(r, selection))


def collocates_record(r: CollocatesResult, selection: Selection) -> dict:
    return {
        "units": r.units, "node": r.node.text, "terms": list(r.node.terms), "by": r.by, "window": f"{r.window[0]}L{r.window[1]}R",
        "measure": r.measure, "min_freq": r.min_freq, "min_cooc": r.min_cooc,
        "stopwords": "kept" if r.stopwords_kept else "left out", "selection": selection.as_dict(),
        "languages": [{"lang": x.lang, "tokens": x.tokens, "node_frequency": x.node_frequency,
                       "window_tokens": x.window_tokens, "candidates": x.candidates,
                       "collocates": [c.as_dict() for c in x.collocates]} for x in r.languages],
    }


def collocates_csv(r: CollocatesResult, selection: Selection) -> str:
    rows = [{"lang": x.lang, "rank": i, **c.as_dict(), "units": r.units} for x in r.languages
            for i, c in enumerate(x.collocates, start=1)]
    return rows_csv(rows, ("lang", "rank", "term", "cooccurrences", "frequency", "expected", "logdice", "ll",
                           "mi", "t", "left", "right", "units"))


# --- n-grams ------------------------------------------------------------------------------

def ngrams_table(r: NgramsResult, selection: Selection) -> str:
    low, high = r.sizes
    sizes = f"{low}" if low == high else f"{low}–{high}"
    with_word = f" containing {r.containing.text!r}" if r.containing else ""
    lines = [f"{sizes}-grams of {r.by}s{with_word}{_scope(selection)}; min. frequency {r.min_freq}; "
             f"{'stop words kept' if r.stopwords_kept else 'none beginning or ending with a stop word (--all keeps them)'}."]
    for lang in r.languages:
        lines += ["", f"[{lang.lang}] {lang.types:,} n-grams in {lang.tokens:,} {_u(r)}"
                      + (f" (showing {len(lang.ngrams)})" if len(lang.ngrams) < lang.types else "")]
        if not lang.ngrams:
            lines.append("  none reaches the minimum frequency.")
            continue
        rows = [[str(i), " ".join(g.words), f"{g.frequency:,}", f"{g.documents:,}", f"{g.passages:,}"]
                for i, g in enumerate(lang.ngrams, start=1)]
        lines += table(["rank", "n-gram", "freq", "documents", "passages"], rows, "rlrrr")
    return "\n".join(lines)


def ngrams_json(r: NgramsResult, selection: Selection) -> str:
    return to_json(ngrams_record(r, selection))


def ngrams_record(r: NgramsResult, selection: Selection) -> dict:
    return {
        "units": r.units, "by": r.by, "n": list(r.sizes), "containing": r.containing.text if r.containing else None,
        "min_freq": r.min_freq, "stopwords": "kept" if r.stopwords_kept else "left out at the edges",
        "selection": selection.as_dict(),
        "languages": [{"lang": x.lang, "tokens": x.tokens, "types": x.types,
                       "ngrams": [g.as_dict() for g in x.ngrams]} for x in r.languages],
    }


def ngrams_csv(r: NgramsResult, selection: Selection) -> str:
    rows = [{"lang": x.lang, "rank": i, **g.as_dict(), "units": r.units} for x in r.languages
            for i, g in enumerate(x.ngrams, start=1)]
    return rows_csv(rows, ("lang", "rank", "ngram", "n", "frequency", "documents", "passages", "units"))


# --- keywords -----------------------------------------------------------------------------

def _reference(r: KeywordsResult) -> str:
    return {"rest": "the rest of the corpus in the same language",
            "corpus": "the whole corpus in the same language"}.get(r.reference, r.reference)


def keywords_table(r: KeywordsResult, selection: Selection) -> str:
    lines = [f"Keywords ({r.by}s) of {selection.describe()} against {_reference(r)}; G² ≥ {r.threshold:.2f} "
             f"(p ≤ {r.max_p:g}), min. frequency {r.min_freq}; sorted by {r.sort}; {_stop(r.stopwords_kept)}."]
    for lang in r.languages:
        lines += ["", f"[{lang.lang}] target {lang.target_tokens:,} {_u(r)} ({lang.target_passages:,} passages), "
                      f"reference {lang.reference_tokens:,} {_u(r)} ({lang.reference_passages:,} passages)"]
        if not lang.reference_tokens:
            lines.append("  no reference passages in this language: nothing to compare with.")
            continue
        for title, found, total in (("positive", lang.positive, lang.positive_total),
                                    ("negative", lang.negative, lang.negative_total)):
            shown = f" (showing {len(found)} of {total:,})" if len(found) < total else f" ({total:,})"
            lines.append(f"  {title} keywords{shown}")
            if not found:
                continue
            rows = [[str(i), k.term, f"{k.target:,}", f"{k.reference:,}", _f(k.target_per_million, 1),
                     _f(k.reference_per_million, 1), f"{k.g2:.2f}", f"{k.p:.2g}", f"{k.log_ratio:+.2f}",
                     _f(k.pdiff, 1), f"{k.bic:.2f}"] for i, k in enumerate(found, start=1)]
            lines += ["  " + x for x in table(
                ["rank", r.by, "target", "ref", "target pm", "ref pm", "G2", "p", "log ratio", "%DIFF", "BIC"],
                rows, "rlrrrrrrrrr")]
    lines += ["", "pm: per million " + _u(r) + "; log ratio: log2 of the ratio of relative frequencies (a zero counted "
                  "as 0.5); %DIFF ∞: none in the reference.", UNITS_NOTE,
              *([] if r.stopwords_kept else [f"Stop-word lists: {', '.join(f'{k} {v}' for k, v in sorted(SOURCES.items()))}."])]
    return "\n".join(lines)


def keywords_json(r: KeywordsResult, selection: Selection) -> str:
    return to_json(keywords_record(r, selection))


def keywords_record(r: KeywordsResult, selection: Selection) -> dict:
    return {
        "units": r.units, "by": r.by, "reference": r.reference, "sort": r.sort, "min_freq": r.min_freq, "max_p": r.max_p,
        "g2_threshold": round(r.threshold, 4), "stopwords": "kept" if r.stopwords_kept else "left out",
        "selection": selection.as_dict(),
        "languages": [{"lang": x.lang, "target_tokens": x.target_tokens, "reference_tokens": x.reference_tokens,
                       "target_passages": x.target_passages, "reference_passages": x.reference_passages,
                       "positive_total": x.positive_total, "negative_total": x.negative_total,
                       "positive": [k.as_dict() for k in x.positive],
                       "negative": [k.as_dict() for k in x.negative]} for x in r.languages],
    }


def keywords_csv(r: KeywordsResult, selection: Selection) -> str:
    rows = [{"lang": x.lang, "direction": d, "rank": i, **k.as_dict(), "units": r.units} for x in r.languages
            for d, found in (("positive", x.positive), ("negative", x.negative))
            for i, k in enumerate(found, start=1)]
    return rows_csv(rows, ("lang", "direction", "rank", "term", "target", "reference", "target_per_million",
                           "reference_per_million", "g2", "p", "log_ratio", "pdiff", "bic", "units"))


# --- dispersion ---------------------------------------------------------------------------

def dispersion_table(r: DispersionResult) -> str:
    head = (f"{r.hits:,} hits of {r.query!r} ({r.per_million:,.1f} per million {_u(r)}) in {r.documents_with_hits:,} "
            f"of {r.documents:,} documents and {r.passages_with_hits:,} of {r.passages:,} passages"
            f"{_scope(r.selection)}.")
    lines = [head, f"DP over documents {_f(r.dp_documents, 3)} (normalized {_f(r.dp_documents_norm, 3)}); "
                   f"over passages {_f(r.dp_passages, 3)} (normalized {_f(r.dp_passages_norm, 3)}).", ""]
    rows = [[x.doc_id, f"{x.hits:,}", f"{x.tokens:,}", f"{x.per_10k:.2f}", f"{x.passages_with_hits:,}/{x.passages:,}",
             "–" if x.dp is None else f"{x.dp:.3f}", x.title[:40]] for x in r.rows]
    lines += table(["document", "hits", _u(r), "per 10k", "passages hit", "DP", "title"], rows, "lrrrrrl")
    lines += ["", "DP (Gries): 0 = hits spread as the parts' sizes; near 1 = all in a small part. "
                  "Per document, DP is over its passages."]
    return "\n".join(lines)


def dispersion_json(r: DispersionResult) -> str:
    return to_json(dispersion_record(r))


def dispersion_record(r: DispersionResult) -> dict:
    return {
        "units": r.units, "query": r.query, "hits": r.hits, "tokens": r.tokens, "per_million": round(r.per_million, 3),
        "documents": r.documents, "documents_with_hits": r.documents_with_hits, "passages": r.passages,
        "passages_with_hits": r.passages_with_hits,
        "dp_documents": r.dp_documents, "dp_documents_norm": r.dp_documents_norm,
        "dp_passages": r.dp_passages, "dp_passages_norm": r.dp_passages_norm,
        "selection": r.selection.as_dict(), "rows": [x.as_dict() for x in r.rows],
    }


def dispersion_csv(r: DispersionResult) -> str:
    rows = [{**x.as_dict(), "positions": " ".join(f"{p:.5f}" for p in x.positions), "units": r.units}
            for x in r.rows]
    return rows_csv(rows, ("doc_id", "title", "hits", "tokens", "per_10k", "passages", "passages_with_hits", "dp",
                           "positions", "units"))
