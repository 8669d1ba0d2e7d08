"""What a page's URL asks for, read and bounded: the shared filters (the same names and
meaning as the command line's options), the query, paging.  A value out of bounds is a
``BadRequest`` with one sentence, shown on the page (status 400)."""

from __future__ import annotations

import re

from starlette.datastructures import QueryParams

from ..subcorpus import Filters, filters

#: Longest query read; longer is refused (a query is words, not a document).
MAX_QUERY = 500
#: Most lines or hits on one page, and most passages in one export.
MAX_PAGE = 200
MAX_EXPORT = 5000
#: The URL names of the filters, as the CLI's options (``--lang`` → ``lang``).
FILTER_NAMES = ("lang", "doc", "from", "to", "author", "tag", "kind", "subcorpus")
#: Ids as the index writes them (documents: catalog ids; passages: ``doc:hash``).
ID = re.compile(r"[A-Za-z0-9_.\-:]{1,200}")


class BadRequest(ValueError):
    """A value in the URL that cannot be used; the message is one sentence."""


def text(params: QueryParams, name: str, limit: int = 200) -> str:
    value = params.get(name, "").strip()
    if len(value) > limit:
        raise BadRequest(f"{name} is longer than {limit} characters")
    return value


def query(params: QueryParams) -> str:
    return text(params, "q", MAX_QUERY)


def number(params: QueryParams, name: str, default: int, least: int = 0, most: int | None = None) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number, not {raw[:40]!r}") from None
    if value < least or (most is not None and value > most):
        bound = f"between {least} and {most}" if most is not None else f"{least} or more"
        raise BadRequest(f"{name} must be {bound}, not {value}")
    return value


def choice(params: QueryParams, name: str, choices, default: str) -> str:
    value = params.get(name, "").strip() or default
    if value not in choices:
        raise BadRequest(f"{name} must be one of {', '.join(choices)}, not {value[:40]!r}")
    return value


def flag(params: QueryParams, name: str) -> bool:
    return params.get(name, "") not in ("", "0", "false", "off")


def shared_filters(params: QueryParams) -> Filters:
    """The filters of the URL (repeated or comma-separated, as on the command line)."""
    many = {name: [v for v in params.getlist(name) if len(v) <= 200 and v.strip()]
            for name in ("lang", "doc", "author", "tag", "kind")}
    return filters(many["lang"], many["doc"], text(params, "from", 40), text(params, "to", 40), many["author"],
                   many["tag"], many["kind"], text(params, "subcorpus", 100))


def filter_pairs(params: QueryParams) -> list[tuple[str, str]]:
    """The filter values of the URL, to carry into links (export, paging, other pages)."""
    return [(k, v) for k, v in params.multi_items() if k in FILTER_NAMES and v.strip()]


def valid_id(value: str) -> bool:
    return bool(ID.fullmatch(value)) and ".." not in value
