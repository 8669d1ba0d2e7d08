"""Print results in the formats every listing command shares: a human table, JSON, CSV.

The human format for search is a KWIC list: the passage around its first hit with every hit
word marked, then the citation.  Marks are bold colour on a terminal and ``**word**`` (pasteable
Markdown) everywhere else.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

import click

from .citation import section_label
from .search import TIERS, Hit, SearchResult

FORMATS = ("table", "json", "csv")
KWIC_LEFT = 120
KWIC_RIGHT = 220


def to_json(data: Any) -> str:
    """Indented JSON; a list (``list``'s rows: thousands) one item per line, which the
    C encoder writes tens of times faster than an indented one."""
    if isinstance(data, list) and data:
        return "[\n" + ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in data) + "\n]"
    return json.dumps(data, ensure_ascii=False, indent=2)


def hit_record(hit: Hit) -> dict[str, Any]:
    p = hit.passage
    return {
        "rank": hit.rank,
        "tier": hit.tier,
        "score": hit.score,
        "passage_id": p["passage_id"],
        "doc_id": p["doc_id"],
        "lang": p["lang"],
        "section": list(p.get("section") or []),
        "text": p["text"],
        "highlights": hit.highlights,
        "matched": hit.matched,
        "citation": hit.citation,
    }


def search_json(result: SearchResult) -> str:
    return to_json(search_record(result))


def search_record(result: SearchResult) -> dict[str, Any]:
    """One object: the query, how it was read, the exact total, its tiers, the hits, and the
    advice for zero or few hits (``--format json`` and ``/api/search``)."""
    record = {
        "query": result.query,
        "interpretation": result.interpretation,
        "total": result.total,
        "tiers": tiers(result),
        "hits": [hit_record(h) for h in result.hits],
        "advice": result.advice,
    }
    if result.missing_shards:  # only with search --allow-partial, when a shard was not reached
        record["partial"] = True
        record["missing_shards"] = list(result.missing_shards)
    return record


def tiers(result: SearchResult) -> list[dict[str, Any]]:
    """The tiers that exist (only tier 1 when nothing was expanded), with their totals."""
    shown = [1, 2] if result.expanded else [1]
    return [{"tier": t, "label": TIERS[t], "total": result.tier_totals[t - 1],
             "shown": sum(h.tier == t for h in result.hits)} for t in shown]


SEARCH_CSV_COLUMNS = ("rank", "tier", "score", "passage_id", "doc_id", "lang", "section", "text", "highlights", "matched",
                      "title", "url", "source_url", "paragraph", "start", "end", "lines", "citation")


def search_csv(result: SearchResult) -> str:
    rows = []
    for hit in result.hits:
        r = hit_record(hit)
        c = r.pop("citation")
        rows.append({
            **r,
            "section": section_label(r["section"]),
            "highlights": json.dumps(r["highlights"]),
            "matched": matched_summary(r["matched"]),
            "title": c["title"], "url": c["url"], "source_url": c["source_url"],
            "paragraph": c["paragraph"], "start": c["start"], "end": c["end"],
            "lines": f"{c['lines'][0]}-{c['lines'][1]}", "citation": c["text"],
        })
    return rows_csv(rows, SEARCH_CSV_COLUMNS)


def rows_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def search_table(result: SearchResult, color: bool) -> str:
    """The KWIC list: a head line, how the query was read, then the hits of each tier under a
    line naming the tier (scores are in order within a tier), then the advice."""
    shown = len(result.hits)
    noun = "passage matches" if result.total == 1 else "passages match"
    head = f"{result.total} {noun} {result.query!r}"
    if shown < result.total:
        head += f" (showing {shown}; use --limit 0 for all)"
    lines = [head]
    if result.interpretation.get("summary"):
        lines.append("Read as: " + result.interpretation["summary"])
    if result.explanation:
        lines.append("Searched (--explain): each unit, then every name it was searched under, its language and why")
        lines.extend(result.explanation)
    tier = 0
    if result.expanded and result.hits and result.hits[0].tier == 2:
        lines += ["", f"Tier 1, {TIERS[1]}: no passage"]
    for hit in result.hits:
        if result.expanded and hit.tier != tier:
            tier = hit.tier
            lines += ["", _tier_line(result, tier)]
        p = hit.passage
        lines.append("")
        lines.append(f"{hit.rank:>3}  [{p['lang']}] {p['passage_id']}  score {hit.score:.2f}")
        lines.append("     " + kwic(p["text"], hit.highlights, color))
        if any(m["reason"] != "lemma" for m in hit.matched):  # found through another name
            lines.append("     matched: " + matched_summary(hit.matched))
        lines.append("     — " + hit.citation["text"])
    if result.expanded and result.tier_totals[1] and tier < 2:
        more = result.tier_totals[1]
        lines += ["", f"Tier 2, {TIERS[2]}: {more} more passage{'s' if more != 1 else ''} not shown"
                      " (use --limit 0 for all)."]
    advice = result.advice or {}
    if advice.get("why") or advice.get("suggestions"):
        lines.append("")
        if advice.get("why"):
            lines.append(f"Why: {advice['why']}.")
        lines.extend(f"Try: {s}." for s in advice.get("suggestions", []))
    return "\n".join(lines)


def _tier_line(result: SearchResult, tier: int) -> str:
    n = result.tier_totals[tier - 1]
    return f"Tier {tier}, {TIERS[tier]}: {n} passage{'s' if n != 1 else ''}"


def matched_summary(matched: Sequence[dict]) -> str:
    """``Armenia → อาร์เมเนีย (glossary: Armenia); Медведев → Medvedev (transliteration)``,
    each distinct (query, text, reason) once, in text order."""
    seen: dict[tuple[str, str, str], None] = {}
    for m in matched:
        seen.setdefault((m["query"], m["text"], m["reason"]), None)
    return "; ".join(f"{q} → {t} ({r})" for q, t, r in seen)


def kwic(text: str, highlights: Sequence[Sequence[int]], color: bool) -> str:
    """The text around the first highlight, every highlight inside it marked, on one line."""
    if highlights:
        first = highlights[0][0]
        lo = max(0, first - KWIC_LEFT)
        hi = min(len(text), first + KWIC_RIGHT)
    else:
        lo, hi = 0, min(len(text), KWIC_LEFT + KWIC_RIGHT)
    out: list[str] = ["…" if lo > 0 else ""]
    pos = lo
    for start, end in highlights:
        if end <= lo or start >= hi:
            continue
        start, end = max(start, lo), min(end, hi)
        out.append(text[pos:start])
        out.append(mark(text[start:end], color))
        pos = end
    out.append(text[pos:hi])
    out.append("…" if hi < len(text) else "")
    return " ".join("".join(out).split())


def mark(word: str, color: bool) -> str:
    return click.style(word, fg="yellow", bold=True) if color else f"**{word}**"
