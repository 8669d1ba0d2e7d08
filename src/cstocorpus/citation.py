"""Citations of passages, built from the catalog metadata stored with the index.

Every field comes from the catalog or from the text itself; a field that is unknown is left
out of the citation rather than guessed.  A passage quoting another source (a ministry
statement quoted in a web page) names that source as well as the page it was found in.
"""

from __future__ import annotations

import bisect
from typing import Any

LANGUAGE_NAMES = {"ru": "Russian", "th": "Thai", "ja": "Japanese", "en": "English"}
SECTION_SEPARATOR = " › "


def section_label(section) -> str:
    return SECTION_SEPARATOR.join(section or ())


def pages_of(doc: dict[str, Any], lines) -> list[str]:
    """The page labels a PDF passage's lines are on (first and last), or [] for other formats.

    ``doc["pages"]`` is the PDF reader's map ``[[first line of the page, page label], ...]``."""
    page_map = doc.get("pages") or []
    if not page_map:
        return []
    starts = [first for first, _ in page_map]
    first, last = lines
    a = page_map[max(0, bisect.bisect_right(starts, first) - 1)][1]
    b = page_map[max(0, bisect.bisect_right(starts, last) - 1)][1]
    return [a] if a == b else [a, b]


def location(doc: dict[str, Any], lines) -> str:
    """Where a passage is in its source file, in the unit that file has: ``p. 12`` /
    ``pp. 12–13`` in a PDF, ``paragraph 7`` in a Word file, ``line 44`` / ``lines 4–6`` in a
    text, Markdown or HTML file."""
    pages = pages_of(doc, lines)
    if pages:
        return f"p. {pages[0]}" if len(pages) == 1 else f"pp. {pages[0]}–{pages[1]}"
    first, last = lines
    unit = "paragraph" if doc.get("format") == "docx" else "line"
    return f"{unit} {first}" if first == last else f"{unit}s {first}–{last}"


def citation(doc: dict[str, Any], passage: dict[str, Any]) -> dict[str, Any]:
    """The citation of one stored passage as a dict, with a one-line formatted ``text``."""
    start, end = passage["span"]
    first, last = passage["lines"]
    data = {
        "doc_id": passage["doc_id"],
        "passage_id": passage["passage_id"],
        "title": doc.get("title", ""),
        "url": doc.get("url", ""),
        "source_url": passage.get("source_url") or "",
        "section": section_label(passage.get("section")),
        "paragraph": passage["ordinal"],
        "start": start,
        "end": end,
        "lines": [first, last],
        "pages": pages_of(doc, [first, last]),
        "location": location(doc, [first, last]),
        "file": doc.get("file", ""),
    }
    data["text"] = one_line(doc, data)
    return data


def one_line(doc: dict[str, Any], c: dict[str, Any]) -> str:
    """A citation that fits in a footnote, e.g. “Title” [English title], § Section, ¶ 3, lines 4–6."""
    parts: list[str] = []
    creators = "; ".join(doc.get("authors") or []) or doc.get("publisher", "")
    if creators:
        parts.append(creators)
    title = f"“{doc.get('title') or doc.get('id', c['doc_id'])}”"
    if doc.get("title_en"):
        title += f" [{doc['title_en']}]"
    parts.append(title)
    original = LANGUAGE_NAMES.get(doc.get("original_language", ""), doc.get("original_language", ""))
    if doc.get("machine_translated"):
        parts.append(f"machine translation from {original}" if original else "machine translation")
    elif original:
        parts.append(f"translated from {original}")
    for key in ("url", "published"):
        if doc.get(key):
            parts.append(doc[key])
    if doc.get("accessed"):
        parts.append(f"accessed {doc['accessed']}")
    if c["section"]:
        parts.append(f"§ {c['section']}")
    parts.append(f"¶ {c['paragraph']}")
    parts.append(c["location"])
    if c["source_url"]:
        parts.append(f"quoting {c['source_url']}")
    parts.append(f"passage {c['passage_id']}")
    return ", ".join(parts) + "."
