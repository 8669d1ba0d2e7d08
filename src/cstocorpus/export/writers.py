"""The excerpt-per-record formats: Markdown to paste into a text, CSV and JSON Lines for programs.

Every record carries the excerpt with its hits marked (``**word**``, as ``search`` prints them
when piped), the passage id, language, section, the excerpt's and the hits' offsets in the
passage, the passage's place in its document and source file, and the rendered citation.
"""

from __future__ import annotations

import json
from typing import Any

from ..citation import section_label
from ..output import rows_csv
from .collect import ExportResult
from .excerpts import Excerpt
from .render import markdown_escape


def bold(word: str) -> str:
    return f"**{word}**"


def counts_sentence(result: ExportResult, destination: str = "") -> str:
    """"6 passages match 'ОДКБ'; all 6 written." — or how many were left out, and why."""
    noun = "passage matches" if result.total == 1 else "passages match"
    head = f"{result.total} {noun} {result.query!r}"
    where = f" {destination}" if destination else ""
    if result.written == result.total:
        done = f"all {result.written} written" if result.total > 1 else f"{result.written} written"
        return f"{head}; {done}{where}."
    return (f"{head}; {result.written} written{where} (--limit {result.limit}), "
            f"{result.total - result.written} not written.")


def offsets(spans) -> str:
    return ", ".join(f"{s}–{e}" for s, e in spans)


def lines_label(lines) -> str:
    first, last = lines
    return f"line {first}" if first == last else f"lines {first}–{last}"


def record(e: Excerpt) -> dict[str, Any]:
    """One excerpt as a JSON-ready dict; offsets are ``[start, end)`` into the passage text."""
    return {
        "rank": e.rank,
        "score": e.score,
        "passage_id": e.passage_id,
        "doc_id": e.doc_id,
        "lang": e.lang,
        "section": e.section,
        "context": e.context,
        "excerpt": e.text,
        "excerpt_marked": e.marked(bold),
        "excerpt_offsets": [list(p) for p in e.pieces],
        "highlights": [list(h) for h in e.highlights],
        "passage_span": e.passage_span,
        "lines": e.lines,
        "pages": e.pages,
        "location": e.location,
        "source_url": e.source_url,
        "citation": e.citation,
    }


def write_jsonl(result: ExportResult) -> str:
    return "".join(json.dumps(record(e), ensure_ascii=False) + "\n" for e in result.excerpts)


CSV_COLUMNS = ("rank", "score", "passage_id", "doc_id", "lang", "section", "context", "excerpt",
               "excerpt_marked", "excerpt_offsets", "highlights", "passage_start", "passage_end",
               "lines", "location", "source_url", "citation")


def write_csv(result: ExportResult) -> str:
    rows = []
    for e in result.excerpts:
        r = record(e)
        r.update(
            section=section_label(e.section),
            excerpt_offsets=json.dumps(r["excerpt_offsets"]),
            highlights=json.dumps(r["highlights"]),
            passage_start=e.passage_span[0], passage_end=e.passage_span[1],
            lines=f"{e.lines[0]}-{e.lines[1]}",
        )
        rows.append(r)
    return rows_csv(rows, CSV_COLUMNS)


def write_markdown(result: ExportResult) -> str:
    """A header with the counts, then per excerpt: a blockquote, its citation, and where it is."""
    out = [
        f"# Excerpts for {markdown_escape(repr(result.query))}",
        "",
        markdown_escape(counts_sentence(result)) + " "
        + ("Each excerpt is the sentence(s) holding the hits" if result.context == "sentence"
           else "Each excerpt is the whole passage")
        + f", hits in bold; citations in the {result.style_title} style.",
    ]
    for e in result.excerpts:
        quoted = e.marked(bold, markdown_escape)
        out += ["", *("> " + line if line else ">" for line in quoted.split("\n")), ""]
        out.append(e.citations.get("markdown", ""))
        where = [f"passage `{e.passage_id}`", e.lang]
        if e.section:
            where.append("§ " + markdown_escape(section_label(e.section)))
        where.append(f"characters {offsets(e.pieces)} of the passage")
        where.append(e.location or lines_label(e.lines))
        out += ["", " · ".join(where)]
    return "\n".join(out) + "\n"
