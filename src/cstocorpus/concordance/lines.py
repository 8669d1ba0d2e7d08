"""A concordance: every occurrence of a query's hits, one line each, with its context and its
citation, sorted and paged.

The hits are those of ``search`` itself (through ``subcorpus.search_in``), so a concordance
reads the query as ``search`` does, crosses languages the same way and gives each line the
same ``matched`` reasons; an occurrence is one highlighted span of a hit (a phrase is one
occurrence, as ``search`` marks it).  Totals are exact: every matching passage is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..index.reader import CorpusIndex
from ..search import Hit
from ..subcorpus import EVERYTHING, Selection, search_in
from .context import ContextSize, Window, fold, hit_tokens, window
from .sorting import sort_lines

DEFAULT_CONTEXT = ContextSize(5, "w")


@dataclass
class Line:
    """One occurrence: the span ``start:end`` of a hit's passage, and its context."""

    hit: Hit
    start: int
    end: int
    context: ContextSize
    matched: list[dict]
    tier: int = 1
    number: int = 0  # 1-based place in the sorted concordance

    def __post_init__(self) -> None:
        # Token indexes of the hit's first word and of the first word after it.
        self.first, self.after = hit_tokens(self.passage["tokens"], self.start, self.end)

    @cached_property
    def window(self) -> Window:
        """Where the context starts and ends: cut only for the lines that are shown."""
        return window(self.passage["text"], self.passage["tokens"], self.start, self.end, self.context)

    @property
    def passage(self) -> dict:
        return self.hit.passage

    @property
    def doc_id(self) -> str:
        return self.hit.passage["doc_id"]

    @property
    def rank(self) -> int:
        return self.hit.rank

    @property
    def position(self) -> tuple:
        return (self.doc_id, self.passage["ordinal"], self.start)

    @property
    def left(self) -> str:
        return fold(self.passage["text"][self.window.left_start:self.start])

    @property
    def text(self) -> str:
        return fold(self.passage["text"][self.start:self.end])

    @property
    def right(self) -> str:
        return fold(self.passage["text"][self.end:self.window.right_end])

    def words(self, key: str, field: int) -> tuple[str, ...]:
        """The lemma (``field`` 2) or form (3) of the word at ``key`` (``L1``, ``R3``, ``hit``:
        every word of the hit); empty if there is none there."""
        tokens = self.passage["tokens"]
        if key == "hit":
            return tuple(t[field] for t in tokens[self.first:self.after])
        side, n = key[0], int(key[1:])
        i = self.first - n if side == "L" else self.after + n - 1
        return (tokens[i][field],) if 0 <= i < len(tokens) else ()


@dataclass
class Concordance:
    query: str
    total: int  # occurrences, all of them
    passages: int  # passages with an occurrence (the search total)
    documents: int
    lines: list[Line]  # the page asked for, in order
    offset: int
    limit: int | None
    sort: tuple[str, ...]
    by: str
    context: ContextSize
    selection: Selection = EVERYTHING
    expanded: bool = False
    languages: dict[str, int] = field(default_factory=dict)  # occurrences per passage language
    interpretation: dict = field(default_factory=dict)  # how search read the query (query.interpret)


def concordance(index: CorpusIndex, query: str, selection: Selection = EVERYTHING,
                context: ContextSize = DEFAULT_CONTEXT, sort: tuple[str, ...] = ("score",), by: str = "form",
                offset: int = 0, limit: int | None = 50, literal: bool = False) -> Concordance:
    """Every occurrence of ``query``'s hits in the selected passages, sorted by ``sort``
    (``sorting.KEYS``), ``limit`` lines from ``offset`` (``None``: all).  A query that cannot
    be read raises ``QuerySyntaxError``, as ``search`` does."""
    result = search_in(index, query, selection, limit=None, literal=literal)
    lines = [line for hit in result.hits for line in occurrences(hit, context)]
    ordered = sort_lines(lines, sort, by)
    page = ordered[offset:] if limit is None else ordered[offset:offset + limit]
    for n, line in enumerate(page, start=offset + 1):
        line.number = n
    languages: dict[str, int] = {}
    for line in lines:
        languages[line.passage["lang"]] = languages.get(line.passage["lang"], 0) + 1
    return Concordance(query, len(lines), result.total, len({h.passage["doc_id"] for h in result.hits}), page,
                       offset, limit, tuple(sort), by, context, selection, result.expanded,
                       dict(sorted(languages.items())), dict(getattr(result, "interpretation", {}) or {}))


def occurrences(hit: Hit, context: ContextSize = DEFAULT_CONTEXT) -> list[Line]:
    """One line per highlighted span of ``hit``, with the ``matched`` entries inside it."""
    tier = int(getattr(hit, "tier", 1) or 1)
    out = []
    for start, end in hit.highlights:
        inside = [m for m in hit.matched if start <= m["start"] and m["end"] <= end]
        out.append(Line(hit, start, end, context, inside, tier))
    return out
