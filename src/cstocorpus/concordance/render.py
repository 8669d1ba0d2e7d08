"""A concordance as an aligned table (the terminal), JSON, CSV or TSV.

In the table the left context is right-aligned and the right context left-aligned on the
display width of the text (``textwidth``: kanji and kana take two columns, Thai vowel and
tone marks none), so the hits stand in one column in every language; each line ends with
its short citation.  JSON, CSV and TSV carry the full citation of every line.
"""

from __future__ import annotations

import csv
import io
import click

from ..output import matched_summary, to_json
from ..textwidth import display_width, pad_left, pad_right
from .lines import Concordance, Line

FORMATS = ("table", "json", "csv", "tsv")
COLUMNS = ("n", "left", "hit", "right", "lang", "passage_id", "doc_id", "start", "end", "rank", "score",
           "matched", "citation_short", "citation")
SEPARATOR = " | "


def short_citation(line: Line) -> str:
    """``000_3d49c9bf8a994c0c ¶14 l.37``: the document, its paragraph and the source line (the
    page, ``p.12``, for a PDF)."""
    p = line.passage
    first, last = p["lines"]
    pages = line.hit.citation.get("pages") or []
    if pages:
        where = f"p.{pages[0]}" if len(pages) == 1 or pages[0] == pages[-1] else f"pp.{pages[0]}–{pages[-1]}"
    else:
        where = f"l.{first}" if first == last else f"ll.{first}–{last}"
    return f"{p['doc_id']} ¶{p['ordinal']} {where}"


def line_record(line: Line) -> dict:
    p = line.passage
    return {
        "n": line.number,
        "left": line.left,
        "hit": line.text,
        "right": line.right,
        "lang": p["lang"],
        "passage_id": p["passage_id"],
        "doc_id": p["doc_id"],
        "start": line.start,
        "end": line.end,
        "context_start": line.window.left_start,
        "context_end": line.window.right_end,
        "rank": line.rank,
        "score": line.hit.score,
        "tier": line.tier,
        "matched": line.matched,
        "citation_short": short_citation(line),
        "citation": line.hit.citation,
    }


def header(c: Concordance) -> str:
    noun = "occurrence" if c.total == 1 else "occurrences"
    langs = ", ".join(f"{lang} {n:,}" for lang, n in sorted(c.languages.items(), key=lambda kv: (-kv[1], kv[0])))
    text = (f"{c.total:,} {noun} of {c.query!r} in {c.passages:,} passage{'s' * (c.passages != 1)}"
            f" of {c.documents:,} document{'s' * (c.documents != 1)}" + (f" ({langs})" if langs else ""))
    if c.selection.asked.as_dict():
        text += f"; {c.selection.describe()}"
    return text


def table(c: Concordance, color: bool) -> str:
    lines = [header(c)]
    if c.interpretation.get("summary"):
        lines.append("Read as: " + c.interpretation["summary"])
    if not c.lines:
        return "\n".join(lines)
    shown = f"lines {c.lines[0].number:,}–{c.lines[-1].number:,}"
    more = " (--offset and --limit for others)" if len(c.lines) < c.total else ""
    by = f" ({c.by})" if any(k not in ("score", "position", "document") for k in c.sort) else ""
    lines.append(f"Sorted by {', '.join(c.sort)}{by}, context {c.context.describe()}; {shown}{more}.")
    lines.append("")
    rows = [(line, line.left, line.text, line.right) for line in c.lines]
    left_w = max(display_width(r[1]) for r in rows)
    hit_w = max(display_width(r[2]) for r in rows)
    right_w = max(display_width(r[3]) for r in rows)
    num_w = len(f"{c.lines[-1].number:,}")
    for line, left, hit, right in rows:
        word = pad_right(hit, hit_w)
        if color:
            word = click.style(hit, fg="yellow", bold=True) + " " * (hit_w - display_width(hit))
        via = _via(line)
        lines.append(f"{line.number:>{num_w},}  {line.passage['lang']:<2}  {pad_left(left, left_w)}{SEPARATOR}"
                     f"{word}{SEPARATOR}{pad_right(right, right_w)}  {short_citation(line)}"
                     + (f"  ({via})" if via else ""))
    return "\n".join(lines)


def _via(line: Line) -> str:
    """Why the line matched, when it was not the query's own word: ``glossary: Kazakhstan``,
    ``transliteration`` (JSON, CSV and TSV give every match in full)."""
    reasons = dict.fromkeys(m["reason"] for m in line.matched if m["reason"] != "lemma")
    return "; ".join(reasons)


def as_json(c: Concordance) -> str:
    return to_json(record(c))


def record(c: Concordance) -> dict:
    """The concordance as data: what ``--format json`` prints and ``/api/concordance`` returns."""
    return {
        "query": c.query,
        "total": c.total,
        "passages": c.passages,
        "documents": c.documents,
        "languages": c.languages,
        "offset": c.offset,
        "limit": c.limit,
        "sort": list(c.sort),
        "by": c.by,
        "context": str(c.context),
        "selection": c.selection.as_dict(),
        "interpretation": c.interpretation,
        "lines": [line_record(line) for line in c.lines],
    }


def _flat(line: Line) -> dict:
    record = line_record(line)
    record["matched"] = matched_summary(line.matched)
    record["citation"] = line.hit.citation["text"]
    return record


def as_csv(c: Concordance) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(_flat(line) for line in c.lines)
    return buf.getvalue()


def as_tsv(c: Concordance) -> str:
    """Plain tab-separated values, no quoting: every field is folded to one line without
    tabs (contexts already are; a catalog title could hold one)."""
    rows = [list(COLUMNS)] + [[str(_flat(line)[k]) for k in COLUMNS] for line in c.lines]
    return "".join("\t".join(" ".join(cell.split()) for cell in row) + "\n" for row in rows)


RENDER = {"json": as_json, "csv": as_csv, "tsv": as_tsv}
