"""The glossary commands' results as a human table, JSON or CSV (``glossary.command``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import CORPUS_LANGUAGES
from ..output import rows_csv, to_json
from .coverage import STATUSES, Entity, WordCoverage
from .load import LINKS, Concept
from .reach import Reach
from .uncovered import WordUse


def columns(rows: Sequence[dict], cols: Sequence[str], right: Sequence[str] = ()) -> list[str]:
    """Rows as aligned text columns under a header."""
    width = {c: max([len(c), *(len(str(r.get(c, ""))) for r in rows)]) for c in cols}
    def line(r):
        return "  ".join(str(r.get(c, "")).rjust(width[c]) if c in right else str(r.get(c, "")).ljust(width[c])
                         for c in cols).rstrip()
    return [line({c: c for c in cols}), *(line(r) for r in rows)]


# --- list ----------------------------------------------------------------------------------

LIST_COLUMNS = ("id", "kind", "label", *CORPUS_LANGUAGES, "family", "broader", "narrower", "related", "passages")


def list_rows(concepts: Sequence[Concept], passages: dict[str, int]) -> list[dict]:
    return [{"id": c.id, "kind": c.kind, "label": c.label,
             **{lang: len(c.names.get(lang, ())) + sum(len(w) for d, l, w in c.scoped if l == lang)
                for lang in CORPUS_LANGUAGES},
             "family": sum(len(w) for w in c.family.values()),
             **{link: " ".join(getattr(c, link)) for link in LINKS},
             "passages": passages.get(c.id, 0)} for c in concepts]


LABEL_WIDTH = 40
#: A space between two Thai or Japanese characters: a derived family word is shown as its
#: lemmas joined, and these scripts are written without spaces between words.
_JOINED = re.compile(r"(?<=[\u0e00-\u0e7f\u3040-\u9fff]) (?=[\u0e00-\u0e7f\u3040-\u9fff])")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def list_table(rows: list[dict]) -> str:
    shown = [{**r, "label": _cut(r["label"], LABEL_WIDTH), "family": r["family"] or "",
              **{link: len(r[link].split()) or "" for link in LINKS}} for r in rows]
    lines = columns(shown, LIST_COLUMNS, right=(*CORPUS_LANGUAGES, "family", *LINKS, "passages"))
    lines.append(f"{len(rows)} concepts: names per language (scoped ones included), listed family words, "
                 "number of links, and the passages an unquoted search for each finds")
    return "\n".join(lines)


def list_output(rows: list[dict], fmt: str) -> str:
    if fmt == "json":
        return to_json([{**r, **{link: r[link].split() for link in LINKS}} for r in rows])
    if fmt == "csv":
        return rows_csv(rows, LIST_COLUMNS)
    return list_table(rows)


# --- show ----------------------------------------------------------------------------------

def show_data(concept: Concept, reach: Reach | None, notes: dict) -> dict:
    return {
        "id": concept.id, "kind": concept.kind, "label": concept.label,
        "names": {lang: list(concept.names.get(lang, ())) for lang in CORPUS_LANGUAGES},
        "family": {lang: list(w) for lang, w in concept.family.items()},
        "short": {lang: list(w) for lang, w in concept.short.items()},
        **{link: list(getattr(concept, link)) for link in LINKS},
        "scoped": [{"doc": d, "lang": lang, "names": list(w), "note": notes.get((d, lang, w), "")}
                   for d, lang, w in concept.scoped],
        "note": notes.get("", ""),
        "passages": None if reach is None else {
            "all": reach.passages, "by_language": reach.by_lang, "by_reason": reach.by_reason,
            "by_name": [{"lang": n.lang, "text": n.text, "role": n.role, "derived": n.derived,
                         "only_in_document": n.doc, "passages": n.passages} for n in reach.names]},
    }


def show_table(data: dict, labels: dict[str, str]) -> str:
    out = [f"{data['label']}  ({data['id']}, {data['kind']})"]
    if data["note"]:
        out.append(f"  note: {data['note']}")
    by_name = {(n["lang"], n["text"], n["only_in_document"]): n for n in (data["passages"] or {}).get("by_name", [])}

    def hits(lang, text, doc=""):
        n = by_name.get((lang, text, doc))
        return f"  [{n['passages']}]" if n is not None else ""

    out.append("Names (passages each name matches by itself, in brackets):")
    for lang in CORPUS_LANGUAGES:
        if data["names"][lang]:
            out.append(f"  {lang}  " + "; ".join(t + hits(lang, t) for t in data["names"][lang]))
    family = [n for n in by_name.values() if n["role"] == "family"]
    if family:
        out.append("Word family (listed, and derived by rule):")
        for lang in CORPUS_LANGUAGES:
            words = [n for n in family if n["lang"] == lang]
            if words:
                out.append(f"  {lang}  " + "; ".join(
                    (_JOINED.sub("", n["text"]) + " (rule)" if n["derived"] else n["text"]) + f"  [{n['passages']}]" for n in words))
    if data["short"]:
        out.append("Short forms (only in documents naming it in full): " + "; ".join(
            f"{lang} " + ", ".join(words) for lang, words in data["short"].items()))
    for link in LINKS:
        if data[link]:
            out.append(f"{link.capitalize()}: " + "; ".join(f"{labels.get(i, i)} ({i})" for i in data[link]))
    for s in data["scoped"]:
        out.append(f"Scoped to {s['doc']}, {s['lang']}: " + "; ".join(
            t + hits(s["lang"], t, s["doc"]) for t in s["names"]))
        if s["note"]:
            out.append(f"  note: {' '.join(s['note'].split())}")
    p = data["passages"]
    if p is None:
        out.append("Passages: no index (run 'cstocorpus build')")
        return "\n".join(out)
    out.append(f"Passages an unquoted search finds: {p['all']} ("
               + ", ".join(f"{lang} {n}" for lang, n in p["by_language"].items()) + ")")
    for reason, counts in p["by_reason"].items():
        per = ", ".join(f"{lang} {n}" for lang, n in counts.items() if lang != "all" and n)
        out.append(f"  {reason}: {counts['all']}" + (f" ({per})" if per else ""))
    return "\n".join(out)


# --- suggest -------------------------------------------------------------------------------

SUGGEST_COLUMNS = ("lang", "rank", "term", "uncovered", "count", "passages", "documents", "inside_names_of")


def suggest_rows(found: dict[str, list[WordUse]]) -> list[dict]:
    return [{"rank": n, **u.as_dict(), "inside_names_of": " ".join(u.concepts)}
            for lang in sorted(found) for n, u in enumerate(found[lang], 1)]


def suggest_output(found: dict[str, list[WordUse]], fmt: str) -> str:
    rows = suggest_rows(found)
    if fmt == "json":
        return to_json({lang: [{"rank": n, **u.as_dict()} for n, u in enumerate(found[lang], 1)]
                        for lang in sorted(found)})
    if fmt == "csv":
        return rows_csv(rows, SUGGEST_COLUMNS)
    out = []
    for lang in sorted(found):
        mine = [r for r in rows if r["lang"] == lang]
        out.append(f"{lang}: {len(mine)} frequent words no concept covers"
                   + (" (uncovered occurrences, all occurrences, passages, documents)" if mine else ""))
        if mine:
            out.extend("  " + line for line in columns(mine, SUGGEST_COLUMNS[1:],
                                                       right=("rank", "uncovered", "count", "passages", "documents")))
        out.append("")
    return "\n".join(out).rstrip()


# --- coverage ------------------------------------------------------------------------------

def coverage_data(words: list[WordCoverage], entities: list[Entity] | None, top: int) -> dict:
    data: dict = {"top": top, "words": [w.as_dict() for w in words]}
    if entities is not None:
        by_kind: dict[str, dict[str, int]] = {}
        for e in entities:
            by_kind.setdefault(e.kind, dict.fromkeys(("found", *STATUSES), 0))
            by_kind[e.kind]["found"] += 1
            by_kind[e.kind][e.verdict.status] += 1
        data["entities"] = {
            "found": len(entities),
            "covered": sum(e.verdict.status == "concept" for e in entities),
            "excluded": sum(e.verdict.status == "excluded" for e in entities),
            "remaining": [e.as_dict() for e in entities if e.verdict.status == "remaining"],
            "by_kind": by_kind,
        }
    return data


def coverage_output(data: dict, fmt: str) -> str:
    if fmt == "json":
        return to_json(data)
    rows = [{**w, "remaining_words": " ".join(w["remaining_words"])} for w in data["words"]]
    cols = ("lang", "judged", "concept", "in_names", "excluded", "remaining")
    if fmt == "csv":
        return rows_csv(rows, (*cols, "remaining_words"))
    out = [f"The {data['top']} most frequent content words of each language (by script; stop words, "
           "numbers and punctuation left out):"]
    out.extend("  " + line for line in columns(rows, cols, right=cols[1:]))
    for r in rows:
        if r["remaining_words"]:
            out.append(f"  {r['lang']} remaining: {r['remaining_words']}")
    ent = data.get("entities")
    if ent is not None:
        out.append("")
        out.append(f"Named entities of the texts: {ent['covered']} of {ent['found']} belong to a concept, "
                   f"{ent['excluded']} listed as not cross-language, {len(ent['remaining'])} remaining")
        for kind, c in sorted(ent["by_kind"].items()):
            out.append(f"  {kind}: {c['concept']}/{c['found']}" + (f", {c['excluded']} excluded" if c["excluded"] else ""))
        for e in ent["remaining"]:
            out.append(f"  remaining: {e['text']} ({e['kind']}, {e['doc']})")
    return "\n".join(out)
