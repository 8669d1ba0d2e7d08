"""Sort orders of a concordance: by a word of the context (``L1``…``L5``, ``R1``…``R5``), by
the hit, by document, by position, by score; several keys one after another (``R1,R2``).

Words compare by lemma or by form (``by``) in the order ``collation`` gives; a line with no
word at a position (its hit is at the edge of its passage) sorts after those with one.
Every order ends with the lines' position in the corpus (document, paragraph, offset), so
the same query always gives the same order and pages never overlap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .collation import collation_ranks

WORD_KEYS = tuple(f"{side}{n}" for side in "LR" for n in range(1, 6))
KEYS = ("score", "position", "document", "hit", *WORD_KEYS)
BY = ("form", "lemma")
_SEPARATORS = re.compile(r"[,\s]+")


class SortError(ValueError):
    """A sort order that cannot be read; the message lists the keys."""


def parse_sort(text: str) -> tuple[str, ...]:
    """``R1``, ``L2,L1``, ``hit``, ... (case-insensitive) → the keys in order."""
    keys = []
    for part in _SEPARATORS.split((text or "").strip()):
        if not part:
            continue
        key = part.upper() if part[:1].upper() in "LR" and part[1:].isdigit() else part.lower()
        if key not in KEYS:
            raise SortError(f"cannot sort by {part!r}: use score, position, document, hit, L1–L5 or R1–R5, "
                            "or several separated by commas (R1,R2)")
        if key not in keys:
            keys.append(key)
    if not keys:
        raise SortError("give a sort order: score, position, document, hit, L1–L5 or R1–R5")
    return tuple(keys)


def sort_lines(lines: list, keys: Sequence[str], by: str) -> list:
    """``lines`` (``lines.Line``) in the order ``keys`` gives, ties by position."""
    field = 2 if by == "lemma" else 3
    words = [w for line in lines for key in keys if key not in ("score", "position", "document")
             for w in line.words(key, field)]
    ranks = collation_ranks(words)
    parts = [_key(k, field, ranks) for k in keys]
    return sorted(lines, key=lambda line: (*(p(line) for p in parts), line.position))


def _key(key: str, field: int, ranks: dict[str, int]) -> Callable:
    if key == "score":
        return lambda line: (line.tier, line.rank, line.start)
    if key == "position":
        return lambda line: line.position
    if key == "document":
        return lambda line: (line.doc_id, line.rank, line.start)

    def word_key(line) -> tuple:
        words = line.words(key, field)
        return (0, tuple(ranks[w] for w in words)) if words else (1, ())

    return word_key
