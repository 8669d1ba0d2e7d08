"""The fallback analyzer, and the regex tokenizer the Russian and English analyzers share.

Why a fallback: some passages are in languages outside ru/th/ja/en (a Ukrainian or Kazakh
statement, a German article).  No lemmatizer is loaded for them, but they must stay
searchable, so their words are indexed by their word forms (lowercased, ``ё`` folded).

Word characters are letters, digits *and combining marks*: Python's ``\\w`` leaves out
marks, which would cut ``замо́к`` or Devanagari words apart.
"""

from __future__ import annotations

import re
import unicodedata

from cstocorpus.models import Token
from cstocorpus.normalize import search_key
from cstocorpus.analysis.scripts import NUMBER


def _mark_class() -> str:
    """A regex character class body of all combining marks (Mn, Mc, Me)."""
    marks = [
        cp
        for cp in (*range(0x0300, 0x20000), *range(0xE0100, 0xE01F0))
        if unicodedata.category(chr(cp))[0] == "M"
    ]
    ranges: list[list[int]] = []
    for cp in marks:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges)


MARK = _mark_class()
#: A letter (any script) or a combining mark.
LETTER = rf"(?:[^\W\d_]|[{MARK}])"
#: A letter, digit or combining mark.
ALNUM = rf"(?:[^\W_]|[{MARK}])"
# Ideographs and kana: no spaces between words, so the fallback indexes one per token.
_IDEOGRAPH = (
    r"[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\U00020000-\U0003134f]"
)


class RegexAnalyzer:
    """Tokens are the matches of ``pattern``; ``lemmatize`` turns a word into its lemma.

    Subclasses set ``pattern`` and override ``lemmatize``; numbers are never lemmatized.
    """

    pattern: re.Pattern[str]

    def __init__(self, lang: str):
        self.lang = lang

    def lemmatize(self, word: str) -> str:
        return word

    def analyze(self, text: str) -> list[Token]:
        tokens = []
        for m in self.pattern.finditer(text):
            form = m.group()
            lemma = form if form[0].isdigit() else self.lemmatize(form)
            tokens.append(Token(form, search_key(lemma), self.lang, m.start(), m.end()))
        return tokens


class GenericAnalyzer(RegexAnalyzer):
    """Word forms of any language: runs of letters/digits, one token per ideograph."""

    pattern = re.compile(rf"{NUMBER}|{_IDEOGRAPH}|(?:(?!{_IDEOGRAPH}){ALNUM})+")

