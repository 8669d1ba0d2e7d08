"""Over-long blocks → several blocks, so that a passage stays a readable search hit.

A file without paragraph breaks (a 1 MB single line) would otherwise be one passage that
every hit shows and stores whole.  Both readers pass their blocks through ``split_block``.
A cut falls after a sentence end, else at a line break, else at a space, else between two
grapheme clusters (never inside a Thai syllable's marks or a combining sequence).  Every piece
is an exact slice of the block's text and cites the lines it came from.

Our own code: sentence splitters (pysbd, PyThaiNLP's crfcut) are per language and far too slow
for megabytes, and a cut point needs no more than punctuation; grapheme clusters come from
the ``regex`` module's ``\\X``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import regex

from cstocorpus.models import Block

#: Longest block text, in characters; longer blocks are cut into pieces of at most this.
MAX_BLOCK_CHARS = 4000

# Cut points, searched backwards from the limit (``(?r)``).  A sentence end: Latin/Cyrillic
# stops need a space after them, CJK stops do not.
_SENTENCE_END = regex.compile(r"(?r)[.!?…][\"'”’»」』)）]*(?=\s)|[。！？][\"'”’»」』)）]*")
_LINE_BREAK = regex.compile(r"(?r)\n")
_SPACE_BEFORE = regex.compile(r"(?r)\s+")
_SPACE = regex.compile(r"\s+")
_GRAPHEME = regex.compile(r"\X")
# How far back from the limit the grapheme search starts (longer clusters are searched whole).
_GRAPHEME_WINDOW = 64


def split_block(block: Block, lines: Sequence[int] | None = None,
                max_chars: int = MAX_BLOCK_CHARS) -> list[Block]:
    """``[block]`` if its text is short enough, else its pieces in order.

    ``lines[i]`` is the file line of line ``i`` of ``block.text``; by default the text's lines
    are the consecutive file lines from ``block.line_start``.
    """
    text = block.text
    if len(text) <= max_chars:
        return [block]
    if lines is None:
        lines = range(block.line_start, block.line_end + 1)
    last = len(lines) - 1
    out = []
    line, pos = 0, 0
    for start, end in split_spans(text, max_chars):
        line += text.count("\n", pos, start)
        end_line = line + text.count("\n", start, end)
        pos = start
        out.append(dataclasses.replace(
            block, text=text[start:end],
            line_start=lines[min(line, last)], line_end=lines[min(end_line, last)],
        ))
    return out


def split_spans(text: str, max_chars: int = MAX_BLOCK_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` of pieces of ``text`` of at most ``max_chars`` characters (longer only
    for a single grapheme cluster that long), without whitespace at their ends."""
    n = len(text)
    spans = []
    start = _skip_space(text, 0)
    shortest = max(1, max_chars // 4)  # a cut before this would make a needlessly short piece
    while n - start > max_chars:
        limit = start + max_chars
        cut = (
            _last_cut(_SENTENCE_END, text, start + shortest, limit, at_end=True)
            or _last_cut(_LINE_BREAK, text, start + shortest, limit, at_end=False)
            or _last_cut(_SPACE_BEFORE, text, start + shortest, limit, at_end=False)
            or _grapheme_cut(text, start, limit)
        )
        end = cut
        while end > start and text[end - 1].isspace():
            end -= 1
        spans.append((start, end))
        start = _skip_space(text, cut)
    end = n
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
    return spans


def _skip_space(text: str, i: int) -> int:
    m = _SPACE.match(text, i)
    return m.end() if m else i


def _last_cut(pattern: regex.Pattern, text: str, lo: int, hi: int, at_end: bool) -> int | None:
    """The last cut ``pattern`` allows in ``text[lo:hi]`` that is a grapheme boundary."""
    while hi > lo:
        m = pattern.search(text, lo, hi)
        if m is None:
            return None
        cut = m.end() if at_end else m.start()
        if cut > lo and _is_boundary(text, _skip_space(text, cut)):
            return cut
        hi = m.start()
    return None


def _is_boundary(text: str, i: int) -> bool:
    """Whether a piece may start at ``i``: not on a mark that belongs to the character before."""
    if i <= 0 or i >= len(text):
        return True
    return _GRAPHEME.match(text, i - 1).end() == i


def _grapheme_cut(text: str, start: int, limit: int) -> int:
    """The last grapheme cluster boundary after ``start`` and at or before ``limit``, or the
    end of a cluster longer than that.

    The search starts a little before ``limit``: cluster boundaries in these scripts depend
    only on neighbouring characters, so every match end found from there is a true boundary.
    """
    best = None
    for m in _GRAPHEME.finditer(text, max(start, limit - _GRAPHEME_WINDOW)):
        if m.end() > limit:
            break
        best = m.end()
    if best is not None:
        return best
    for m in _GRAPHEME.finditer(text, start):  # a cluster longer than the window spans limit
        if m.end() > limit:
            return best if best is not None else m.end()
        best = m.end()
    return len(text)
