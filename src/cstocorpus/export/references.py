"""The reference-manager formats: BibTeX (biblatex fields), RIS and CSL-JSON.

Each holds one entry per source document, however many excerpts came from it, built from the
same CSL-JSON item the citations are rendered from, and one entry per source quoted in a
document (a ministry page quoted in a web page), with its URL and a note naming the document
that quotes it ("Quoted in: …"); the quoting document's note lists what it quotes.  The
excerpts travel with their entry as plain-text notes (no Markdown, no LaTeX markup) that start
with the passage id: BibTeX's ``annotation`` (one paragraph each), one RIS ``N1`` line each,
and CSL-JSON's ``annote`` plus a structured list in ``custom``.  The original title stays the
title; an English translation of it goes in RIS ``TT`` and in the note elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import bibtexparser
import rispy
from bibtexparser.model import Entry, ExplicitComment, Field
from rispy.writer import RisWriter

from ..citation import section_label
from .collect import ExportResult
from .csl import language_name, name_text, quoted_item
from .excerpts import Excerpt
from .writers import counts_sentence, lines_label, offsets, record


def by_document(result: ExportResult) -> dict[str, list[Excerpt]]:
    """The excerpts grouped by document, documents in order of their best hit."""
    groups: dict[str, list[Excerpt]] = {doc_id: [] for doc_id in result.items}
    for e in result.excerpts:
        groups[e.doc_id].append(e)
    return groups


def entries(result: ExportResult) -> list[tuple[dict[str, Any], list[Excerpt]]]:
    """(CSL item, its excerpts) for each entry to write: every document in order of its best
    hit, each followed by the sources it quotes, which take the excerpts that quote them."""
    out = []
    for doc_id, excerpts in by_document(result).items():
        carrier = dict(result.items[doc_id])
        quoted: dict[str, list[Excerpt]] = {}
        for e in excerpts:
            if e.source_url:
                quoted.setdefault(e.source_url, []).append(e)
        if quoted:
            carrier["note"] = "; ".join(filter(None, [carrier.get("note", ""),
                                                      "Quotes: " + ", ".join(quoted)]))
        out.append((carrier, [e for e in excerpts if not e.source_url]))
        for url, own in quoted.items():
            out.append((quoted_item(url, own[0].lang, result.items[doc_id]), own))
    return out


def excerpt_note(e: Excerpt, mark: Callable[[str], str] = str, escape: Callable[[str], str] = str) -> str:
    """“[passage id] ru, § Section, characters 12–80, line 44: “excerpt”, quoting URL.” on one line."""
    parts = [f"[{e.passage_id}] {e.lang}"]
    if e.section:
        parts.append(f"§ {section_label(e.section)}")
    parts.append(f"characters {offsets(e.pieces)}")
    parts.append(e.location or lines_label(e.lines))
    head = escape(", ".join(parts))
    body = " ".join(e.marked(mark, escape).split())  # one line: RIS tags cannot span lines
    note = f"{head}: “{body}”"
    if e.source_url:
        note += escape(f", quoting {e.source_url}")
    return note + "."


# --- BibTeX ---------------------------------------------------------------------------------

_LATEX = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}


def latex_escape(text: str) -> str:
    """Plain text → LaTeX text with balanced braces (BibTeX counts even escaped ones)."""
    return "".join(_LATEX.get(ch, ch) for ch in text)


def _bib_name(name: dict) -> str:
    # "Family, Given" is a name BibTeX can parse; anything else (an organization) stays whole.
    return latex_escape(name_text(name)) if "family" in name else "{" + latex_escape(name_text(name)) + "}"


def _bib_date(parts: dict | None) -> str:
    if not parts:
        return ""
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts["date-parts"][0]))


def write_bibtex(result: ExportResult) -> str:
    blocks: list = [ExplicitComment(
        f"cstocorpus export: {counts_sentence(result)} One entry per source document; "
        "its excerpts are in its annotation field, each starting with its passage id.")]
    for item, excerpts in entries(result):
        doc_id = item["id"]
        values = {
            "author": " and ".join(_bib_name(a) for a in item.get("author", [])),
            "title": "{" + latex_escape(item.get("title", "")) + "}" if item.get("title") else "",
            "publisher": latex_escape(item.get("publisher", "")),
            "date": _bib_date(item.get("issued")),
            "url": item.get("URL", ""),
            "urldate": _bib_date(item.get("accessed")),
            "language": language_name(item.get("language", "")),
            "keywords": latex_escape(item.get("keyword", "")),
            "note": latex_escape("; ".join(filter(None, [item.get("genre", ""), item.get("note", "")]))),
            "annotation": "\n\n".join(excerpt_note(e, escape=latex_escape) for e in excerpts),
        }
        fields = [Field(k, v) for k, v in values.items() if v]
        blocks.append(Entry("online" if item["type"] == "webpage" else "misc", doc_id, fields))
    return bibtexparser.write_string(bibtexparser.Library(blocks))


# --- RIS ------------------------------------------------------------------------------------

class _Ris(RisWriter):
    """rispy's writer without the "1." counter line it puts before each record (not RIS)."""

    def set_header(self, count: int) -> str:
        return ""


def _ris_date(parts: dict | None) -> str:
    if not parts:
        return ""
    y, *rest = parts["date-parts"][0]
    return "/".join([str(y), *(f"{p:02d}" for p in rest)] + [""] * (3 - len(rest)))


def _ris_note(item: dict[str, Any], doc: dict[str, Any]) -> str:
    """The item's note, without the English title (RIS has TT for it)."""
    note = item.get("note", "")
    if doc.get("title_en"):
        note = note.replace(f"Title in English: {doc['title_en']}", "").strip("; ")
    return note


def write_ris(result: ExportResult) -> str:
    records = []
    for item, excerpts in entries(result):
        issued = item.get("issued")
        doc = result.documents.get(item["id"], {})
        values = {
            "type_of_reference": "ELEC" if item["type"] == "webpage" else "GEN",
            "id": item["id"],
            "title": item.get("title", ""),
            "translated_title": doc.get("title_en", "") if item.get("title") else "",
            "authors": [name_text(a) for a in item.get("author", [])],
            "publisher": item.get("publisher", ""),
            "year": str(issued["date-parts"][0][0]) if issued else "",
            "date": _ris_date(issued),
            "access_date": _ris_date(item.get("accessed")),
            "urls": [item["URL"]] if item.get("URL") else [],
            "language": language_name(item.get("language", "")),
            "keywords": [k.strip() for k in item.get("keyword", "").split(",") if k.strip()],
            "type_of_work": item.get("genre", ""),
            "notes": [n for n in [_ris_note(item, doc)] if n] + [excerpt_note(e) for e in excerpts],
        }
        records.append({k: v for k, v in values.items() if v})
    return rispy.dumps(records, implementation=_Ris) if records else ""


# --- CSL-JSON -------------------------------------------------------------------------------

def write_csl_json(result: ExportResult) -> str:
    items: list[dict[str, Any]] = []
    for item, excerpts in entries(result):
        item = dict(item)
        if excerpts:
            item["annote"] = "\n\n".join(excerpt_note(e) for e in excerpts)
        item["custom"] = {"excerpts": [{k: v for k, v in record(e).items() if k not in ("doc_id",)}
                                       for e in excerpts]}
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
