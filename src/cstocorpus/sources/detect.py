"""Which reader a source file needs, from its name or its first lines."""

from __future__ import annotations

import re
from pathlib import Path

_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
_FENCE = "---"


def front_matter_end(lines: list[str]) -> int | None:
    """Index of the ``---`` line closing a front matter block that opens on line 1, if any."""
    if not lines or lines[0].rstrip() != _FENCE:
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() == _FENCE:
            return i
    return None


def detect_format(path: Path, text: str) -> str:
    """``"html"`` for a web page (by name or first tag), ``"markdown"`` for ``.md``/``.markdown``
    or Jekyll-style front matter, else ``"text"``.

    The corpus stores pages as ``.txt``, so the front matter is the reliable sign of Markdown.
    """
    head = text[:4096]
    if path.suffix.lower() in _HTML_SUFFIXES or _HTML_START.match(head) or (
            head.lstrip().startswith("<?xml") and re.search(r"<html[\s>]", head, re.IGNORECASE)):
        return "html"
    if path.suffix.lower() in _MARKDOWN_SUFFIXES:
        return "markdown"
    if front_matter_end(text.split("\n")) is not None:
        return "markdown"
    return "text"


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in a ``<meta>`` tag within its first 4 KB, if any:
    a saved page says what it is, so it is believed (a byte that does not decode still fails)."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None
