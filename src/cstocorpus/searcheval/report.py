"""The search evaluation as a table (per query, per query language, overall), JSON or CSV."""

from __future__ import annotations

import json

from cstocorpus.searcheval.measure import SearchEvaluation, Totals


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def table(ev: SearchEvaluation) -> str:
    lines = [f"Search quality on {ev.judged} ({len(ev.queries)} queries"
             + (", --literal" if ev.literal else "") + (f", {ev.engine}" if ev.engine else "") + ")", ""]
    head = f"{'concept':<34} {'lang':<4} {'query':<34} {'hits':>5} {'rel':>4} {'recall':>6} {'other':>6} {'P@10':>6}"
    lines += [head, "-" * len(head)]
    for q in ev.queries:
        query = q.query if len(q.query) <= 34 else q.query[:33] + "…"
        lines.append(f"{q.concept[:34]:<34} {q.lang:<4} {query:<34} {q.hits:>5} {q.relevant:>4} "
                     f"{_pct(q.recall):>6} {_pct(q.recall_other):>6} {_pct(q.precision):>6}")
    lines += ["", "Totals: pooled over the passages of all queries (mean over queries in brackets)", ""]
    head = f"{'query lang':<10} {'queries':>7}  {'recall':<15} {'other-lang recall':<18} {'precision@10':<15}"
    lines += [head, "-" * len(head)]
    for lang in [*ev.languages, None]:
        t = ev.totals(lang)
        lines.append(f"{lang or 'all':<10} {t.queries:>7}  {_both(t.recall, t.mean_recall):<15} "
                     f"{_both(t.recall_other, t.mean_recall_other):<18} {_both(t.precision, t.mean_precision):<15}")
    for concept, doc, line in ev.unmatched:
        lines.append(f"Note: {concept}: no passage of {doc} covers line {line}; that judgment is left out.")
    return "\n".join(lines) + "\n"


def _both(pooled: float | None, mean: float | None) -> str:
    return f"{_pct(pooled)} ({_pct(mean)})"


def _totals_json(t: Totals) -> dict:
    return {"queries": t.queries, "recall": t.recall, "recall_other_languages": t.recall_other,
            "precision_at_10": t.precision, "mean_recall": t.mean_recall,
            "mean_recall_other_languages": t.mean_recall_other, "mean_precision_at_10": t.mean_precision,
            "relevant": t.relevant, "found": t.found, "relevant_other_languages": t.relevant_other,
            "found_other_languages": t.found_other, "top": t.top, "top_relevant": t.top_relevant}


def as_json(ev: SearchEvaluation) -> str:
    return json.dumps({
        "judged": ev.judged,
        "literal": ev.literal,
        "engine": ev.engine,
        "overall": _totals_json(ev.totals()),
        "by_language": {lang: _totals_json(ev.totals(lang)) for lang in ev.languages},
        "queries": [{"concept": q.concept, "lang": q.lang, "query": q.query, "hits": q.hits,
                     "relevant": q.relevant, "found": q.found, "recall": q.recall,
                     "relevant_other_languages": q.relevant_other, "found_other_languages": q.found_other,
                     "recall_other_languages": q.recall_other, "precision_at_10": q.precision,
                     "missed": list(q.missed), "not_relevant_in_top_10": list(q.wrong_top)}
                    for q in ev.queries],
        "unmatched_judgments": [{"concept": c, "doc": d, "line": n} for c, d, n in ev.unmatched],
    }, ensure_ascii=False, indent=2)
