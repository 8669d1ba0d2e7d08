"""Search hits → excerpts: the sentence(s) holding the hits, or the whole passage.

An excerpt is a list of pieces of its passage, each a ``[start, end)`` span of the passage's
original text, so every offset can be checked against ``cstocorpus show``.  Sentences that
hold a hit are kept; adjacent ones are merged into one piece, and non-adjacent pieces are
joined with the scholarly omission mark ``[…]`` when printed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .sentences import Span, sentence_spans

CONTEXTS = ("sentence", "passage")
OMISSION = " […] "


@dataclass
class Excerpt:
    """One exported passage: where it is, what of it is quoted, which words matched."""

    rank: int
    score: float
    passage_id: str
    doc_id: str
    lang: str
    section: list[str]
    ordinal: int
    passage_span: list[int]  # [start, end) in the normalized document text
    lines: list[int]  # [first, last] line of the source file
    source_url: str  # the quoted source, when the passage quotes one
    passage_text: str
    context: str  # "sentence" | "passage"
    pieces: list[Span]  # [start, end) spans of passage_text, in order
    highlights: list[Span]  # [start, end) spans of passage_text: the hit words
    citations: dict[str, str] = field(default_factory=dict)  # rendered citation: "plain", "markdown"
    location: str = ""  # "line 44", "pp. 12–13", "paragraph 7": the unit its source file has
    pages: list[str] = field(default_factory=list)  # page labels of a PDF passage (first, last)

    @property
    def citation(self) -> str:
        return self.citations.get("plain", "")

    @property
    def text(self) -> str:
        return OMISSION.join(self.passage_text[s:e] for s, e in self.pieces)

    def marked(self, mark: Callable[[str], str], escape: Callable[[str], str] = str) -> str:
        """The excerpt with every hit passed through ``mark`` and the rest through ``escape``."""
        out: list[str] = []
        for start, end in self.pieces:
            pos = start
            for hs, he in self.highlights:
                hs, he = max(hs, start), min(he, end)
                if hs >= he:
                    continue
                out.append(escape(self.passage_text[pos:hs]))
                out.append(mark(self.passage_text[hs:he]))
                pos = he
            out.append(escape(self.passage_text[pos:end]))
            out.append(OMISSION)
        return "".join(out[:-1])


_OPENERS = "“«「『„"
_CLOSERS = "”»」』"


def quote_depths(text: str) -> list[int]:
    """For every offset 0..len(text), how many quotations are open there, read from the start
    of the passage: curly and angle quotes nest, a straight ``"`` opens or closes by turns."""
    depths = [0]
    depth, straight = 0, False
    for ch in text:
        if ch == '"':
            straight = not straight
        elif ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        depths.append(depth + straight)
    return depths


def excerpt_pieces(text: str, highlights: Sequence[Sequence[int]], lang: str, context: str) -> list[Span]:
    """The spans of ``text`` to quote: the whole passage, or the sentences overlapping a highlight,
    widened to whole quotations: an excerpt never ends inside a quotation it opened, nor starts
    inside one (the sentence model may cut a quoted title in two)."""
    whole = [(0, len(text))]
    if context == "passage" or not highlights:
        return whole
    sentences = sentence_spans(text, lang)
    chosen = [i for i, (s, e) in enumerate(sentences) if any(hs < e and he > s for hs, he in highlights)]
    if not chosen:
        return whole
    depth = quote_depths(text)
    ranges: list[list[int]] = []
    for i in chosen:
        first, last = i, i
        while depth[sentences[last][1]] and last + 1 < len(sentences):
            last += 1
        while depth[sentences[first][0]] and first > 0:
            first -= 1
        if ranges and first <= ranges[-1][1] + 1:
            ranges[-1][1] = max(ranges[-1][1], last)
        else:
            ranges.append([first, last])
    return [(sentences[a][0], sentences[b][1]) for a, b in ranges]


def excerpt_of(hit, context: str) -> Excerpt:
    """The excerpt of one ``search.Hit`` (its citation is rendered later, per document)."""
    p = hit.passage
    highlights = [(s, e) for s, e in hit.highlights]
    return Excerpt(
        rank=hit.rank,
        score=hit.score,
        passage_id=p["passage_id"],
        doc_id=p["doc_id"],
        lang=p["lang"],
        section=list(p.get("section") or []),
        ordinal=p["ordinal"],
        passage_span=list(p["span"]),
        lines=list(p["lines"]),
        source_url=p.get("source_url") or "",
        passage_text=p["text"],
        context=context,
        pieces=excerpt_pieces(p["text"], highlights, p["lang"], context),
        highlights=highlights,
    )
