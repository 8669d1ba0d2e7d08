"""Templates and the helpers they use: the Jinja2 environment (autoescape always on), text
cut into highlighted pieces, links that are only ever http(s), a page of HTML or an error."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode, urlsplit

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..citation import LANGUAGE_NAMES, section_label

ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                  autoescape=select_autoescape(default=True, default_for_string=True))
TEMPLATES = Jinja2Templates(env=ENV)


def pieces(text: str, spans) -> list[tuple[str, bool]]:
    """``text`` as (piece, is_hit) pairs, the ``spans`` (sorted, merged) marked; the template
    escapes each piece, so a hit never opens a way for markup."""
    out, at = [], 0
    for start, end in spans:
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text):
        out.append((text[at:], False))
    return out


def web_link(url: str) -> str:
    """``url`` if it is an http(s) address, else "" (a ``javascript:`` or ``data:`` URL in
    the catalog is shown as text, never as a link)."""
    try:
        scheme = urlsplit(url or "").scheme.lower()
    except ValueError:
        return ""
    return url if scheme in ("http", "https") else ""


def href(path: str, pairs=(), **more) -> str:
    """A link to ``path`` with the query-string ``pairs`` and ``more`` (empty values left out)."""
    items = [(k, v) for k, v in list(pairs) + list(more.items()) if v not in (None, "")]
    return path + ("?" + urlencode(items) if items else "")


def matched_rows(matched) -> list[tuple[str, str, str, int]]:
    """Each distinct (query word, text, reason) of a hit's ``matched`` once, with how often."""
    counts: dict[tuple[str, str, str], int] = {}
    for m in matched:
        key = (m["query"], m["text"], m["reason"])
        counts[key] = counts.get(key, 0) + 1
    return [(*key, n) for key, n in counts.items()]


def relink(request, path: str | None = None, **changes) -> str:
    """This page's address (or ``path``'s) with ``changes`` made to its query string."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    return href(path or request.url.path, kept, **{k: v for k, v in changes.items() if v is not None})


ENV.globals.update(pieces=pieces, web_link=web_link, href=href, relink=relink, matched_rows=matched_rows, LANGUAGE_NAMES=LANGUAGE_NAMES)
ENV.filters["section"] = section_label


def page(request, name: str, status: int = 200, **context):
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status)


def error(request, message: str, status: int = 400, **context):
    """The page again with one sentence saying what was wrong."""
    return page(request, "error.html", status, message=message, **context)
