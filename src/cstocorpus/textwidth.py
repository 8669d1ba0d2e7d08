"""How wide text is on a terminal, and where it may be cut: for tables and concordance lines
in Thai and Japanese.

Width comes from ``wcwidth`` (East Asian wide and full-width characters take two columns,
Thai vowel and tone marks and other combining marks none); grapheme clusters, the characters
a reader sees, from the ``regex`` module's ``\\X``.  Text is never cut inside a cluster: a
Thai consonant keeps its vowel and tone marks.
"""

from __future__ import annotations

import unicodedata

import regex
from wcwidth import wcswidth

_CLUSTER = regex.compile(r"\X")


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal (control characters count as one, not as an error)."""
    if text.isascii() and text.isprintable():  # ids, numbers, statuses: most table cells
        return len(text)
    width = wcswidth(text)
    if width >= 0:
        return width
    return sum(max(wcswidth(ch), 0) if unicodedata.category(ch) != "Cc" else 1 for ch in text)


def clusters(text: str) -> int:
    """Grapheme clusters in ``text``: what a reader counts as characters."""
    return sum(1 for _ in _CLUSTER.finditer(text))


def cluster_boundary(text: str, i: int, forward: bool) -> int:
    """``i`` if a grapheme cluster starts there, else the nearest cluster boundary after it
    (``forward``) or before it."""
    if i <= 0 or i >= len(text) or not _inside_cluster(text, i):
        return i
    for match in _CLUSTER.finditer(text):
        if match.start() <= i < match.end():
            return match.end() if forward else match.start()
    return i


def _inside_cluster(text: str, i: int) -> bool:
    """Whether the cluster that holds ``text[i - 1]`` goes on past it."""
    return _CLUSTER.match(text, i - 1).end() > i


def pad_left(text: str, width: int) -> str:
    return " " * max(0, width - display_width(text)) + text


def pad_right(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))
