"""Text normalization that remembers where every character came from.

Search runs on normalized text (NFKC, so full-width ``ＣＳＴＯ`` and half-width ``ｶﾀｶﾅ`` meet
their ordinary forms; whitespace folded; invisible format and control characters dropped,
except ZERO WIDTH SPACE, which separates words like a space), but readers see and cite the
original.  ``normalize`` therefore returns, for every normalized character,
the span of original characters it was made from.

Written here because no library we know of does offset-preserving NFKC: ``unicodedata``
normalizes whole strings only.  We normalize one *segment* at a time (a starter character and
the combining marks that follow it), which gives the same result as whole-string NFKC for the
scripts of this corpus while keeping the mapping exact.

One deliberate exception: Thai SARA AM (U+0E33) and Lao AM (U+0EB3) are left as they are.
NFKC decomposes them into NIKHAHIT + SARA AA, which no Thai dictionary or reader expects.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Characters that NFKC would change but the corpus keeps as written (see module docstring).
_KEEP_AS_IS = frozenset("\u0e33\u0eb3")
# Invisible, but a word boundary (Unicode gives it Word_Break=Other; Thai text uses it so).
_ZERO_WIDTH_SPACE = "\u200b"
# Half-width katakana voiced sound marks: NFKC turns them into combining marks, so they
# belong to the segment of the kana before them.
_JOINS_PREVIOUS = frozenset("\uff9e\uff9f")


@dataclass(frozen=True)
class NormalizedText:
    """Normalized text plus, per character, the original span it came from."""

    text: str
    starts: tuple[int, ...]  # original start index of each normalized character
    ends: tuple[int, ...]  # original end index (exclusive) of each normalized character
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalized text to the span of original text it covers."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else self.original_length
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def _is_invisible(ch: str) -> bool:
    """Format and control characters that carry no text (ZWSP, BOM, soft hyphen, ...)."""
    cat = unicodedata.category(ch)
    return cat == "Cf" or (cat == "Cc" and not ch.isspace())


def _joins_previous(ch: str) -> bool:
    return bool(unicodedata.combining(ch)) or ch in _JOINS_PREVIOUS


def _is_mark(ch: str) -> bool:
    """Any mark, also those of combining class 0 NFKC never moves (most Thai vowel signs)."""
    return unicodedata.category(ch)[0] == "M"


def _segments(text: str):
    """Yield (start, end, holds_invisible) of each starter character with the combining marks
    after it.  Invisible characters between a character and its marks (``e\u200b\u0301``,
    ``ก\u200bิ``) belong to the segment and are dropped, so the marks stay with their base."""
    n = len(text)
    i = 0
    while i < n:
        j = i + 1
        invisible = False
        while j < n:
            if _joins_previous(text[j]):
                j += 1
                continue
            k = j  # invisible characters followed by a mark?
            while k < n and k - j < 8 and not text[k].isalnum() and _is_invisible(text[k]):
                k += 1
            if k == j or k == n or not (_joins_previous(text[k]) or _is_mark(text[k])):
                break
            invisible = True
            j = k + 1
        yield i, j, invisible
        i = j


def normalize(text: str) -> NormalizedText:
    """NFKC-normalize ``text``, fold whitespace runs to one space, strip both ends."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pending_space: tuple[int, int] | None = None

    for s, e, invisible in _segments(text):
        seg = text[s:e]
        if invisible:
            seg = seg[0] + "".join(ch for ch in seg[1:] if not _is_invisible(ch))
        first = seg[0]
        if first == _ZERO_WIDTH_SPACE and e - s == 1:
            normalized = " "
        elif first in _KEEP_AS_IS:
            normalized = first + unicodedata.normalize("NFKC", seg[1:])
        elif _is_invisible(first) and e - s == 1:
            continue
        else:
            normalized = unicodedata.normalize("NFKC", seg)
        for ch in normalized:
            if ch.isspace():
                if out and pending_space is None:
                    pending_space = (s, e)
                continue
            if _is_invisible(ch):
                continue
            if pending_space is not None:
                out.append(" ")
                starts.append(pending_space[0])
                ends.append(pending_space[1])
                pending_space = None
            out.append(ch)
            starts.append(s)
            ends.append(e)

    return NormalizedText("".join(out), tuple(starts), tuple(ends), len(text))


def search_key(word: str) -> str:
    """The form under which a word is indexed and looked up: lowercase, ``ё`` → ``е``."""
    return word.lower().replace("ё", "е")
