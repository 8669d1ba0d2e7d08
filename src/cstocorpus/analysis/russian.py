"""Russian: words lemmatized with pymorphy3, so ``безопасностью`` is found as ``безопасность``.

pymorphy3 works word by word without context; the first parse is the most frequent one,
which is right for most words of news and official texts.  Hyphenated compounds
(``военно-политической``, ``государств-членов``) stay one token: pymorphy3 lemmatizes both
halves (``государство-член``), and splitting them would index the halves as separate words.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pymorphy3
import regex

from cstocorpus.analysis.generic import LETTER, RegexAnalyzer
from cstocorpus.analysis.scripts import NUMBER

# Stress marks that some texts put on vowels (замо́к); they are no part of the word.
_STRESS = re.compile("[\u0300\u0301]")


@lru_cache(maxsize=1)
def morph_analyzer() -> pymorphy3.MorphAnalyzer:
    """The process's one MorphAnalyzer (loading the dictionaries takes a while)."""
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=200_000)
def _lemma(word: str) -> str:
    """Normal form of the first parse of a lowercased, stress-free word."""
    parses = morph_analyzer().parse(word)
    return parses[0].normal_form if parses else word


def lemmatize(word: str) -> str:
    return _lemma(_STRESS.sub("", word.lower()))


class RussianAnalyzer(RegexAnalyzer):
    """Words (hyphenated compounds whole) and numbers."""

    pattern = regex.compile(rf"{LETTER}+(?:[-\u2010]{LETTER}+)*|{NUMBER}")

    def __init__(self, lang: str = "ru"):
        super().__init__(lang)
        morph_analyzer()  # load now, not in the middle of the first passage

    def lemmatize(self, word: str) -> str:
        return lemmatize(word)
