"""The order concordance lines are sorted in when sorted by a word: each script in its own
alphabetical order, scripts one after another (numbers, Latin, Cyrillic, other letters,
Thai, Japanese).

Words are compared as the index stores them (lowercase, ``ё`` as ``е``), so Russian is in
alphabetical order by code point.  Thai is in dictionary order (PyThaiNLP's ``collate``: a
leading vowel ``เ แ โ ใ ไ`` sorts under the consonant after it, tone marks count last), not
by code point, which would put every word that starts with ``เ`` after ``ฮ``.  Japanese is by
code point: kana in gojūon order, then kanji in the radical-and-stroke order Unicode gives
them (a reading order would need readings the index does not store).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..analysis.scripts import CYRILLIC, JAPANESE, LATIN, OTHER, THAI, script_of

#: Script groups in the order they sort.
GROUPS = {"number": 0, LATIN: 1, CYRILLIC: 2, OTHER: 3, THAI: 4, JAPANESE: 5}


def _group(word: str) -> int:
    for ch in word:
        if ch.isdigit():
            return GROUPS["number"]
        script = script_of(ch)
        if script in GROUPS:
            return GROUPS[script]
    return len(GROUPS)  # no letter or digit at all: last


def collation_ranks(words: Iterable[str]) -> dict[str, int]:
    """Each word's place in sorted order (equal words, equal places)."""
    from pythainlp.util import collate

    unique = set(words)
    thai = [w for w in unique if _group(w) == GROUPS[THAI]]
    thai_order = {w: n for n, w in enumerate(collate(sorted(thai)))}
    ordered = sorted(unique, key=lambda w: (_group(w), thai_order.get(w, 0), w))
    return {w: n for n, w in enumerate(ordered)}
