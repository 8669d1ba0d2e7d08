"""Catalog document → CSL-JSON item: the one description of a source every export format uses.

CSL-JSON (the Citation Style Language's data format) is what CSL processors render and what
reference managers import, so the catalog is mapped to it once and the citations, the
BibTeX, the RIS and the CSL-JSON file all follow from the same item.  Only what the catalog
says is written: an empty field stays out of the item (a style may then print its own
"n.d." for a missing date, which says the date is unknown rather than inventing one).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from ..citation import LANGUAGE_NAMES, SECTION_SEPARATOR


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def title_with_translation(doc: dict[str, Any]) -> str:
    """The title as written, followed by its English translation in brackets when the catalog has one
    (for plain lines of text; reference formats keep the two apart)."""
    title = doc.get("title") or ""
    if title and doc.get("title_en"):
        return f"{title} [{doc['title_en']}]"
    return title


_INITIALS = re.compile(r"(?P<family>[^\W\d_][\w'’-]+)\s+(?P<given>(?:[^\W\d_]\.\s?){1,3})")


def csl_name(name: str) -> dict[str, str]:
    """A catalog author as a CSL name: ``Family, Given`` (``Иванов, Иван``) and ``Family I. I.``
    (``Иванов И. И.``) are a person's family and given names; anything else (``МИД России``,
    ``TASS``, or a name whose order is not known) stays literal, as an institution must."""
    name = " ".join(name.split())
    if name.count(",") == 1:
        family, given = (part.strip() for part in name.split(","))
        if family and given:
            return {"family": family, "given": given}
    m = _INITIALS.fullmatch(name)
    if m:
        return {"family": m.group("family"), "given": m.group("given").strip()}
    return {"literal": name}


def name_text(name: dict[str, str]) -> str:
    """A CSL name as ``Family, Given`` (what BibTeX and RIS read as a person) or its literal."""
    return f"{name['family']}, {name['given']}" if "family" in name else name.get("literal", "")


def translation_statement(doc: dict[str, Any]) -> str:
    """"machine translation from Russian", "translated from Russian", or "" for an original text."""
    original = language_name(doc.get("original_language") or "")
    if doc.get("machine_translated"):
        return f"machine translation from {original}" if original else "machine translation"
    return f"translated from {original}" if original else ""


def date_parts(value: str) -> dict[str, Any] | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (the catalog's validated forms) as CSL date parts."""
    if not value:
        return None
    return {"date-parts": [[int(part) for part in value.split("-")]]}


def csl_type(doc: dict[str, Any]) -> str:
    """``webpage`` for a source known by its URL, otherwise the neutral ``document``."""
    return "webpage" if doc.get("url") else "document"


def csl_item(doc: dict[str, Any]) -> dict[str, Any]:
    """The CSL-JSON item of one catalog document (as stored in the index's documents.json)."""
    item: dict[str, Any] = {"id": doc["id"], "type": csl_type(doc)}
    fields = {
        "title": doc.get("title") or "",
        "author": [csl_name(name) for name in doc.get("authors") or []],
        "publisher": doc.get("publisher") or "",
        "URL": doc.get("url") or "",
        "issued": date_parts(doc.get("published") or ""),
        "accessed": date_parts(doc.get("accessed") or ""),
        "language": (doc.get("languages") or [""])[0],
        "genre": translation_statement(doc),
        "keyword": ", ".join(doc.get("tags") or []),
        # CSL has no field for a translated title: a note (RIS writes it as TT)
        "note": f"Title in English: {doc['title_en']}" if doc.get("title") and doc.get("title_en") else "",
    }
    item.update({k: v for k, v in fields.items() if v})
    return item


def quoted_item(url: str, lang: str, carrier: dict[str, Any] | None = None) -> dict[str, Any]:
    """The CSL-JSON item of a source quoted inside a document: all the corpus knows is its URL
    and the document that quotes it (``carrier``, its CSL item), named in its note."""
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]
    item: dict[str, Any] = {"id": f"quoted-{digest}", "type": "webpage", "URL": url}
    if lang:
        item["language"] = lang
    if carrier is not None:
        item["note"] = f"Quoted in: {carrier.get('title') or carrier['id']} ({carrier['id']})"
    return item


def locator(section, pages=()) -> tuple[str, str] | None:
    """Where in the document a passage stands, as a CSL locator: its pages in a PDF, else its
    section path, if it has one."""
    if pages:
        return ("page", "–".join(pages))
    label = SECTION_SEPARATOR.join(section or ())
    return ("section", label) if label else None
