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
from .search import Hit, SearchResult

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
    return to_json({"query": result.query, "total": result.total, "hits": [hit_record(h) for h in result.hits]})


SEARCH_CSV_COLUMNS = ("rank", "score", "passage_id", "doc_id", "lang", "section", "text", "highlights", "matched",
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
    shown = len(result.hits)
    noun = "passage matches" if result.total == 1 else "passages match"
    head = f"{result.total} {noun} {result.query!r}"
    if shown < result.total:
        head += f" (showing {shown}; use --limit 0 for all)"
    lines = [head]
    for hit in result.hits:
        p = hit.passage
        lines.append("")
        lines.append(f"{hit.rank:>3}  [{p['lang']}] {p['passage_id']}  score {hit.score:.2f}")
        lines.append("     " + kwic(p["text"], hit.highlights, color))
        if any(m["reason"] != "lemma" for m in hit.matched):  # found through another name
            lines.append("     matched: " + matched_summary(hit.matched))
        lines.append("     — " + hit.citation["text"])
    return "\n".join(lines)


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
