"""``stats`` and ``freq`` results as a table, JSON or CSV.

Table columns are aligned by display width, not by ``len``: Thai vowels and tone marks take
no column of their own and kana and kanji take two, so ``len`` would skew every Thai and
Japanese row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from ..output import rows_csv, to_json
from .freq import FreqList
from .stopwords import SOURCES

STATS_COLUMNS = ("documents", "passages", "tokens", "word_types", "lemma_types", "ttr", "share")
STATS_CSV_COLUMNS = ("scope", "key", "title", "languages", *STATS_COLUMNS, "passage_share", "mix")
FREQ_COLUMNS = ("rank", "term", "count", "per_million", "passages", "documents", "inside", "units")


def display_width(text: str) -> int:
    width = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> list[str]:
    """Lines of a plain table; ``align`` has one letter per column, ``l`` or ``r``."""
    measured = [[(cell, display_width(cell)) for cell in row] for row in [header, *rows]]
    widths = [max(row[i][1] for row in measured) for i in range(len(header))]

    def line(cells: Sequence[tuple[str, int]]) -> str:
        out = []
        for i, ((cell, cell_width), width) in enumerate(zip(cells, widths)):
            pad = " " * (width - cell_width)
            out.append(cell + pad if align[i] == "l" else pad + cell)
        return "  ".join(out).rstrip()

    rule = [("-" * w, w) for w in widths]
    return [line(measured[0]), line(rule), *(line(r) for r in measured[1:])]


def _cells(rec: dict) -> list[str]:
    return [f"{rec['documents']:,}", f"{rec['passages']:,}", f"{rec['tokens']:,}", f"{rec['word_types']:,}",
            f"{rec['lemma_types']:,}", f"{rec['ttr']:.3f}", f"{rec['share'] * 100:.1f} %"]


def mix_text(doc: dict) -> str:
    return "; ".join(f"{m['lang']} {m['passages']:,} passages, {m['tokens']:,} tokens ({m['share'] * 100:.1f} %)"
                     for m in doc["mix"])


STATS_HEADER = ["documents", "passages", "tokens", "word types", "lemma types", "TTR", "share"]


def stats_table(stats: dict) -> str:
    corpus = stats["corpus"]
    lang_rows = [[row["lang"], *_cells(row)] for row in stats["languages"]]
    lang_rows.append(["all", *_cells(corpus)])
    doc_rows = [[doc["doc_id"], "+".join(doc["languages"]), *_cells(doc)[1:]] for doc in stats["documents"]]
    lines = [
        f"{corpus['documents']} document{'s' * (corpus['documents'] != 1)}, {corpus['passages']:,} passages, {corpus['tokens']:,} tokens"
        + (f" in {stats['selection']['description']}." if "selection" in stats else "."),
        "",
        "By language",
        *table(["lang", *STATS_HEADER], lang_rows, "l" + "r" * 7),
        "",
        "By document",
        *table(["document", "languages", *STATS_HEADER[1:]], doc_rows, "ll" + "r" * 6),
    ]
    mixed = [doc for doc in stats["documents"] if len(doc["mix"]) > 1]
    if mixed:
        lines += ["", "Language mix of documents in more than one language"]
        lines += [f"  {doc['doc_id']}: {mix_text(doc)}" for doc in mixed]
    lines += [
        "",
        "Tokens: words and numbers (no punctuation; compounds not counted beside their parts).",
        "Word types: distinct forms (lowercased); TTR = word types / tokens; share = share of the corpus's tokens.",
    ]
    return "\n".join(lines)


def stats_json(stats: dict) -> str:
    return to_json(stats)


def stats_csv(stats: dict) -> str:
    rows = [{"scope": "corpus", "key": "all", **stats["corpus"]}]
    rows += [{"scope": "language", "key": row["lang"], "languages": row["lang"], **row} for row in stats["languages"]]
    rows += [{"scope": "document", "key": doc["doc_id"], **doc, "languages": "+".join(doc["languages"]),
              "mix": mix_text(doc)} for doc in stats["documents"]]
    return rows_csv(rows, STATS_CSV_COLUMNS)


def _selection(freq: FreqList) -> str:
    return ", ".join(freq.langs) if freq.langs else "all"


def freq_record(freq: FreqList) -> dict:
    return {
        "by": freq.by,
        "units": freq.units,
        "langs": list(freq.langs),
        "passages": freq.passages,
        "tokens": freq.tokens,
        "types": freq.types,
        "stopwords": "kept" if freq.stopwords_kept else "left out",
        **({"subcorpus": freq.subcorpus} if freq.subcorpus else {}),
        "terms": [t.as_dict() for t in freq.terms],
    }


def freq_table(freq: FreqList) -> str:
    where = f"{freq.passages:,} {_selection(freq)} passages" if freq.langs else f"all {freq.passages:,} passages"
    if freq.subcorpus:
        where = f"{freq.passages:,} {_selection(freq) + ' ' if freq.langs else ''}passages of {freq.subcorpus}"
    stop = "stop words kept" if freq.stopwords_kept else "stop words left out (--all keeps them)"
    if not freq.passages:
        return f"No passages in {_selection(freq)}: nothing to count."
    if not freq.terms:
        return f"No {freq.by}s to list in {where}: every one is a stop word (--all keeps them)."
    words = freq.units == "words"
    inside = words and any(t.inside for t in freq.terms)  # no column of zeros (Russian, English)
    rows = [[str(t.rank), t.term, f"{t.count:,}", f"{t.per_million:,.1f}", f"{t.passages:,}", f"{t.documents:,}",
             *([f"{t.inside:,}"] if inside else [])]
            for t in freq.terms]
    header = ["rank", freq.by, "count", "per million", "passages", "documents", *(["inside"] if inside else [])]
    lists = ", ".join(f"{lang} {source}" for lang, source in sorted(SOURCES.items()))
    base = "running words" if words else "tokens"
    if words:
        notes = [
            f"per million = count / {freq.tokens:,} running words × 1,000,000 (running words: each stretch of",
            "text once, as the longest word it belongs to, so a compound is one word and its parts are not",
            "counted beside it; stop words included, no punctuation; --units parts counts the analyzers' pieces);",
            *(["inside: times it is a word of its own inside a longer word;"] if inside else []),
            "passages, documents: those where 'search WORD --literal' finds it.",
        ]
    else:
        notes = [
            f"per million = count / {freq.tokens:,} tokens × 1,000,000 (tokens: the analyzers' pieces, a compound's",
            "parts each on its own, stop words included, no punctuation); passages, documents: those containing it.",
        ]
    return "\n".join([
        f"Top {len(freq.terms)} of {freq.types:,} {freq.by}s in {where} ({freq.tokens:,} {base}); {stop}.",
        "",
        *table(header, rows, "rlrrrr" + ("r" if inside else "")),
        "",
        *notes,
        *([] if freq.stopwords_kept else [f"Stop-word lists: {lists}."]),
    ])


def freq_json(freq: FreqList) -> str:
    return to_json(freq_record(freq))


def freq_csv(freq: FreqList) -> str:
    return rows_csv([{**t.as_dict(), "units": freq.units} for t in freq.terms], FREQ_COLUMNS)
