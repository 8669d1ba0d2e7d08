"""Word units: which pieces of a Thai or Japanese text are words of their own.

The analyzers cut Thai and Japanese finely (UD Thai writes ``ร่วม|มือ``, Sudachi's short units
``外務|省``) and add the compounds those pieces form (``ร่วมมือ``, ``ความร่วมมือ``, ``外務省``),
so a word is found inside a longer one (``สันติภาพ`` in ``รักษาสันติภาพ``, ``外務`` in
``外務省``).  But not every piece is a word there: ``มือ`` (hand) in ``ร่วมมือ`` (cooperate),
``งาน`` in ``หน่วยงาน``, ``一`` in ``一次`` (primary), ``省`` in ``外務省`` are syllables,
affixes or numerals of a longer word, and a reader who searches ``มือ`` wants hands, not
cooperation.  The analyzers tell which pieces are *bound* (no word of their own, see
``ThaiAnalyzer.analyze_units``, ``JapaneseAnalyzer.analyze_units``); the index stores a
bound piece under its term with ``BOUND`` appended, so a query word matches only where the
text has it as a word or a compound, or as a run of them, and ``word*`` (a prefix) still
matches the pieces.  A token sequence from anywhere else (a query word, a glossary name, a
word-family variant) gets the same marks from ``marked``: its pieces, read as the text
would be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

#: Appended to the index term of a bound piece.  Normalization turns every control
#: character of a text into a space, so no word holds it; a prefix query still matches.
BOUND = "\x02"

Keys = tuple[str, ...]


def bound(term: str) -> str:
    return term + BOUND


def plain(term: str) -> str:
    """The term without its ``BOUND`` mark."""
    return term[:-1] if term.endswith(BOUND) else term


def is_bound(term: str) -> bool:
    return term.endswith(BOUND)


def _segmented_script(text: str) -> str | None:
    """"th" or "ja" if ``text`` has Thai or Japanese letters (the scripts with bound pieces)."""
    for ch in text:
        o = ord(ch)
        if 0x0E00 <= o <= 0x0E7F:
            return "th"
        if 0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xFF66 <= o <= 0xFF9F:
            return "ja"
    return None


@dataclass(frozen=True)
class Marked:
    """A token sequence as the index holds it (``marked``)."""

    lemmas: Keys  # bound pieces marked
    forms: Keys
    whole: tuple[str, str] | None = None  # (lemma, form) of the compound the sequence is, if one


def marked(lemmas: Keys, forms: Keys) -> Marked:
    """``lemmas`` and ``forms`` of a token sequence as the index holds them, read as one
    stretch of text: its pieces that are no word of their own get ``BOUND``, and when the
    whole sequence is one compound (``ร่วมมือ``, ``ความมั่นคง``, ``外務省``), ``whole`` is
    that compound's terms, which is how the sequence is found: where the text has it as a
    word, on its own or inside a longer one, and nowhere else (not ``การฝึก`` in
    ``การ|ฝึกอบรม``).  Sequences without Thai or Japanese, or that read into other pieces,
    are unchanged."""
    if not forms:
        return Marked(lemmas, forms)
    text = "".join(forms)
    lang = _segmented_script(text)
    if lang is None:
        return Marked(lemmas, forms)
    reading = _reading(text, lang, len(forms))
    if reading is None:
        return Marked(lemmas, forms)
    flags, whole = reading
    if any(flags):
        lemmas = tuple(bound(t) if f else t for t, f in zip(lemmas, flags))
        forms = tuple(bound(t) if f else t for t, f in zip(forms, flags))
    return Marked(lemmas, forms, whole)


@lru_cache(maxsize=8192)
def _reading(text: str, lang: str, count: int) -> tuple[tuple[bool, ...], tuple[str, str] | None] | None:
    from ..normalize import search_key
    from . import analyze_units

    words, compounds, bound_at = analyze_units(text, lang)
    if len(words) != count:
        return None
    whole = next(((c.lemma, search_key(c.form)) for c in compounds
                  if count > 1 and c.start == words[0].start and c.end == words[-1].end), None)
    return tuple(i in bound_at for i in range(count)), whole
