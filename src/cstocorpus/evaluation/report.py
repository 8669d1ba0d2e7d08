"""Evaluation reports as a table (one column per file, one row per measure), JSON or CSV.

One column per file because the measures are many and the files few, and because the
languages have different measures: a measure that does not apply is shown as ``–``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cstocorpus.evaluation.runner import FileReport
from cstocorpus.output import rows_csv, to_json

Getter = Callable[[FileReport], Any]


def _get(*keys: str) -> Getter:
    def get(report: FileReport) -> Any:
        value: Any = report.as_dict()
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return value
    return get


def _lemma(key: str) -> Getter:
    return lambda r: _get("lemma", key, "accuracy")(r) if r.lang != "th" else None


#: (label, getter, kind) — kind says how the value is printed.
MEASURES: tuple[tuple[str, Getter, str], ...] = (
    ("language", _get("lang"), "text"),
    ("sentences", _get("sentences"), "count"),
    ("gold tokens", _get("tokens"), "count"),
    ("word-boundary precision", _get("segmentation", "boundary", "precision"), "score"),
    ("word-boundary recall", _get("segmentation", "boundary", "recall"), "score"),
    ("word-boundary F1", _get("segmentation", "boundary", "f1"), "score"),
    ("word F1", _get("segmentation", "word", "f1"), "score"),
    ("lemma accuracy", _lemma("all"), "score"),
    ("lemma accuracy, no punct/num", _lemma("words"), "score"),
    ("langid: sentences", _get("langid", "sentences", "accuracy"), "score"),
    ("langid: 1-word items", _get("langid", "1_word", "accuracy"), "score"),
    ("langid: 3-word items", _get("langid", "3_words", "accuracy"), "score"),
    ("speed: chars/s", _get("speed", "chars_per_second"), "rate"),
    ("speed: tokens/s", _get("speed", "tokens_per_second"), "rate"),
    ("raw library: chars/s", _get("speed", "raw_chars_per_second"), "rate"),
    ("speed / raw library", _get("speed", "ratio_to_raw"), "ratio"),
    ("2nd pass: chars/s", _get("speed", "warm_chars_per_second"), "rate"),
    ("2nd pass: speed / raw library", _get("speed", "warm_ratio_to_raw"), "ratio"),
)


def _show(value: Any, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "score":
        return f"{value:.4f}"
    if kind == "rate":
        return f"{value:,.0f}"
    if kind == "ratio":
        return f"{value:.2f}"
    if kind == "count":
        return f"{value:,}"
    return str(value)


def _name(report: FileReport) -> str:
    return Path(report.file).name.removesuffix(".conllu")


def table(reports: Sequence[FileReport]) -> str:
    header = ["measure", *(_name(r) for r in reports)]
    rows = [[label, *(_show(get(r), kind) for r in reports)] for label, get, kind in MEASURES]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        first, *rest = cells
        return "  ".join([first.ljust(widths[0]), *(c.rjust(w) for c, w in zip(rest, widths[1:]))]).rstrip()

    notes = [
        "Lemma accuracy: Japanese on words segmented as in the gold; Russian and English on the",
        "gold words. Speed: one pass, analyzers loaded, caches empty; 2nd pass: caches full;",
        "raw library = the same work done by the library alone (`cstocorpus evaluate --help`).",
    ]
    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows), "", *notes]) + "\n"


def as_json(reports: Sequence[FileReport]) -> str:
    return to_json({"files": [r.as_dict() for r in reports]})


def as_csv(reports: Sequence[FileReport]) -> str:
    rows = [{"file": _name(r), "measure": label, "value": get(r)}
            for r in reports for label, get, _ in MEASURES if get(r) is not None]
    return rows_csv(rows, ("file", "measure", "value"))
