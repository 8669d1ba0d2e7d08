"""English (and any Latin-script word in a corpus passage): simplemma lemmas.

simplemma is a lookup table, fast and without models; unknown words such as ``CSTO`` or
``Naryshkin`` come back unchanged and are indexed lowercased.  Words keep their case when
looked up because case tells ``US`` (the country) from ``us``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex
import simplemma

from cstocorpus.analysis.generic import ALNUM, RegexAnalyzer

_POSSESSIVE = re.compile(r"(.+)['\u2019][sS]")


@lru_cache(maxsize=200_000)
def lemmatize(word: str) -> str:
    """simplemma's lemma, except for acronyms and single letters, which are kept as they are:
    simplemma would read ``ISS`` as *islands*, ``WHO`` as *who* and ``m`` as *be*.
    A final ``'s`` is dropped (``CSTO's`` → ``CSTO``), so possessives are found by the noun."""
    possessive = _POSSESSIVE.fullmatch(word)
    if possessive:
        return lemmatize(possessive.group(1))
    if len(word) == 1 or (word.isupper() and sum(ch.isalpha() for ch in word) > 1):
        return word
    return simplemma.lemmatize(word, lang="en")


class EnglishAnalyzer(RegexAnalyzer):
    """Words with internal apostrophes (``don't``, ``Russia's``), alphanumerics (``G20``),
    and numbers with separators (``19.5``)."""

    pattern = regex.compile(rf"\d+(?:[.,]\d+)+|{ALNUM}+(?:['\u2019]{ALNUM}+)*")

    def __init__(self, lang: str = "en"):
        super().__init__(lang)

    def lemmatize(self, word: str) -> str:
        return lemmatize(word)
