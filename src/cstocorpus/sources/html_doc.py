"""HTML reader: the page's main text (trafilatura), cited by the lines of the HTML file.

Deciding what is main text and what is navigation, cookie banners, sidebars and footers is
trafilatura's job (a maintained library measured on thousands of pages).  What it returns has
no positions, so this reader also walks the HTML itself (``_Segments``: text between block
tags and ``<br>``, each with the lines it spans in the file) and keeps, for each block of
trafilatura's text, the consecutive segments that spell it (``_align``): passages are the
page's own text, cited by lines of the file as received.  Headings of the main text become
sections.  Title, authors, date, site and language come from ``<title>``, ``<h1>``, meta and
Open Graph tags and JSON-LD (trafilatura's metadata, then ``<html lang>``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from cstocorpus.models import Block, ParsedDocument
from cstocorpus.sources.decoding import DocumentError
from cstocorpus.sources.longblocks import split_block

# Elements whose start or end ends a run of text.
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "html", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul", "button", "option", "select", "label", "menu",
} | {f"h{n}" for n in range(1, 7)})
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "title", "iframe", "object"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_SPACE = re.compile(r"\s+")
# trafilatura's XML elements that hold one block of text.
_TEXT_ELEMENTS = {"head": "heading", "p": "paragraph", "item": "list_item", "quote": "paragraph",
                  "cell": "paragraph", "code": "paragraph"}


# trafilatura and its helpers log what they could not do; the reader says it in its own refusal.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


def squash(text: str) -> str:
    """Whitespace folded to single spaces: how both sides of the alignment are compared."""
    return _SPACE.sub(" ", text).strip()


@dataclass
class _Segment:
    """Text of the page between two block boundaries, with the file lines it spans."""

    parts: list[str] = field(default_factory=list)
    line_start: int = 0
    line_end: int = 0
    level: int = 0  # heading level, 0 outside h1–h6
    links: list[str] = field(default_factory=list)
    chrome: bool = False  # inside nav, header, footer, aside or form: the page's furniture
    item: bool = False  # inside a list item

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()


class _Segments(HTMLParser):
    """Walks the HTML and records every visible run of text with its lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[_Segment] = [_Segment()]
        self.lang = ""
        self._hidden: list[str] = []
        self._heading = 0
        self._chrome: list[str] = []
        self._items = 0

    def _break(self) -> None:
        if self.items[-1].text or self.items[-1].links:
            self.items.append(_Segment())
        self.items[-1].level = self._heading
        self.items[-1].chrome = bool(self._chrome)
        self.items[-1].item = self._items > 0

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = (dict(attrs).get("lang") or "").strip()
        if self._hidden:
            if tag == self._hidden[-1] and tag not in _VOID:
                self._hidden.append(tag)
            return
        if tag in _HIDDEN_TAGS:
            self._hidden.append(tag)
            return
        if tag in _CHROME_TAGS or dict(attrs).get("role") in _CHROME_ROLES:
            self._chrome.append(tag)
        elif self._chrome and tag == self._chrome[-1]:
            self._chrome.append(tag)
        if tag in _BLOCK_TAGS or tag == "br":
            if re.fullmatch(r"h[1-6]", tag):
                self._heading = int(tag[1])
            self._items += tag == "li"
            self._break()
        if tag == "a" and dict(attrs).get("href"):
            self.items[-1].links.append(dict(attrs)["href"])

    def handle_startendtag(self, tag, attrs):
        if not self._hidden and tag in ("br", "hr"):
            self._break()

    def handle_endtag(self, tag):
        if self._hidden:
            if tag == self._hidden[-1]:
                self._hidden.pop()
            return
        if self._chrome and tag == self._chrome[-1]:
            self._chrome.pop()
        if tag in _BLOCK_TAGS:
            if re.fullmatch(r"h[1-6]", tag):
                self._heading = 0
            if tag == "li":
                self._items = max(0, self._items - 1)
            self._break()

    def handle_data(self, data):
        if self._hidden or not data.strip():
            if not self._hidden and self.items[-1].parts:
                self.items[-1].parts.append(data)
            return
        line = self.getpos()[0]
        seg = self.items[-1]
        lead = len(data) - len(data.lstrip())
        first = line + data.count("\n", 0, lead)
        last = line + data.count("\n", 0, len(data.rstrip()))
        if not seg.text:
            seg.line_start = first
            seg.level = self._heading
        seg.line_end = last
        seg.parts.append(data)


def _main_blocks(text: str) -> list[tuple[str, str, int]]:
    """(kind, squashed text, heading level) of each block of the page's main text."""
    import trafilatura  # imported here: loading it takes a moment and most corpora have no HTML

    xml = trafilatura.extract(text, output_format="xml", include_comments=False, include_tables=True,
                              include_formatting=False, include_links=False, include_images=False,
                              deduplicate=False, favor_precision=False)
    if not xml:
        return []
    root = ElementTree.fromstring(xml)
    main = root.find("main")
    out = []
    for el in (main if main is not None else root).iter():
        kind = _TEXT_ELEMENTS.get(el.tag)
        if kind is None or any(child.tag in _TEXT_ELEMENTS for child in el.iter() if child is not el):
            continue
        words = squash(" ".join(el.itertext()))
        if words:
            level = int(el.get("rend", "h2")[1:]) if el.tag == "head" and re.fullmatch(r"h[1-6]", el.get("rend", "")) else 2
            out.append((kind, words, level if kind == "heading" else 0))
    return out


def _align(main: list[tuple[str, str, int]], segments: list[_Segment]) -> list[tuple[str, int, list[_Segment]]]:
    """For each main block, the consecutive page segments that spell it, in order.

    The first segment is searched forward from where the previous block ended (what lies
    between is boilerplate); the next ones must follow directly.  A block none of whose
    text is found in the page as written is left out: a passage must be checkable.
    """
    keyed = [(squash(s.text), s) for s in segments if s.text]
    out = []
    cursor = 0
    for kind, target, level in main:
        for i in range(cursor, len(keyed)):
            key = keyed[i][0]
            if target.startswith(key) or (len(target) >= 8 and target in key):
                used = [keyed[i][1]]
                done = len(key)
                k = i
                while done < len(target) and k + 1 < len(keyed):
                    rest = target[done:].lstrip()
                    if not rest.startswith(keyed[k + 1][0]):
                        break
                    k += 1
                    done = len(target) - len(rest) + len(keyed[k][0])
                    used.append(keyed[k][1])
                out.append((kind, level, used))
                cursor = k + 1
                break
    return out


def read_html(text: str, path: Path) -> ParsedDocument:
    """Main text of an HTML page as blocks with file lines; page metadata as ``metadata``."""
    walker = _Segments()
    try:
        walker.feed(text)
        walker.close()
    except (AssertionError, ValueError) as exc:  # HTMLParser is lenient; this is a broken file
        raise DocumentError(path, f"the HTML cannot be parsed ({exc})") from None
    blocks = []
    path_stack: list[tuple[int, str]] = []
    kept = [s for _, _, used in _align(_main_blocks(text), walker.items) for s in used]
    if not kept:  # a fragment, or a page trafilatura finds no article in: all but the furniture
        kept = [s for s in walker.items if s.text and not s.chrome]
    # Blocks are the page's own: one per run of text between block tags (as the Markdown
    # reader cuts at <br>); trafilatura only decided which runs are the main text.
    for s in kept:
        kind = "heading" if s.level else "list_item" if s.item else "paragraph"
        if kind == "heading":
            path_stack = [(lv, t) for lv, t in path_stack if lv < s.level] + [(s.level, squash(s.text))]
        blocks.extend(split_block(Block(
            kind=kind, text=s.text, line_start=s.line_start, line_end=s.line_end,
            section=tuple(t for _, t in path_stack), level=s.level,
            links=tuple(dict.fromkeys(s.links)),
        )))
    return ParsedDocument(metadata=page_metadata(text, walker.lang), blocks=tuple(blocks), format="html")


class _Head(HTMLParser):
    """Collects ``<meta>`` tags, ``<link rel=canonical>``, ``<title>`` and JSON-LD blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self.title = ""
        self.json_ld: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and a.get("content", "").strip():
                self.meta.setdefault(key, a["content"].strip())
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = a.get("href", "").strip()
        elif tag == "title" and not self.title:
            self._in = "title"
        elif tag == "script" and a.get("type", "").strip().lower() == "application/ld+json":
            self._in = "ld"
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag in ("title", "script"):
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "ld":
            self.json_ld[-1] += data


def _ld_objects(blocks: list[str]):
    """Every JSON-LD object on the page (``@graph`` members included); bad JSON is skipped."""
    import json

    stack = []
    for block in blocks:
        try:
            stack.append(json.loads(block))
        except ValueError:
            continue
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if isinstance(item.get("@graph"), list):
                stack.extend(item["@graph"])
            yield item


def _names(value) -> list[str]:
    """JSON-LD ``author``: a name, a Person or Organization, or a list of them."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def page_metadata(text: str, lang: str = "") -> dict:
    """What the page says about itself: title, authors, date, site, url, tags, language.

    Authors, dates and the site come from JSON-LD first, then meta and Open Graph tags,
    read here as written (trafilatura's own author cleaning drops Thai vowel signs and cuts
    "Family, Given" in two); the title and, failing the tags, the date from trafilatura.
    """
    from trafilatura.metadata import extract_metadata

    head = _Head()
    try:
        head.feed(text[: 1 << 20])
        head.close()
    except (AssertionError, ValueError):
        pass
    articles = [o for o in _ld_objects(head.json_ld)
                if any(k in o for k in ("headline", "datePublished", "author"))]
    ld = articles[0] if articles else {}
    meta = head.meta
    found: dict = {}
    traf = extract_metadata(text, extensive=False)
    title = (meta.get("og:title") or (ld.get("headline") if isinstance(ld.get("headline"), str) else "")
             or (traf.title if traf is not None else "") or head.title)
    if title and title.strip():
        found["title"] = " ".join(title.split())
    authors = _names(ld.get("author")) or [a.strip() for a in re.split(r";", meta.get("author", "")
                                                                             or meta.get("article:author", "")) if a.strip()]
    if authors:
        found["authors"] = list(dict.fromkeys(authors))
    date = (ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else "") or \
        meta.get("article:published_time") or meta.get("date") or meta.get("dc.date") or \
        (traf.date if traf is not None else "")
    if date:
        found["date"] = date.strip()[:10]
    publisher = ld.get("publisher")
    site = meta.get("og:site_name") or (_names(publisher)[:1] or [""])[0] or (traf.sitename if traf is not None else "")
    if site:
        found["site"] = site.strip()
    url = meta.get("og:url") or head.canonical
    if re.match(r"https?://", url or ""):
        found["url"] = url
    keywords = [k.strip() for k in re.split(r"[,;]", meta.get("keywords", "")) if k.strip()]
    tags = [t for t in keywords + list(ld.get("keywords", []) if isinstance(ld.get("keywords"), list) else []) if t]
    if tags:
        found["tags"] = list(dict.fromkeys(tags))
    if lang:
        found["language"] = lang
    return found
