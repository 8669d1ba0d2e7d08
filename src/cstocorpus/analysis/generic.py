"""The fallback analyzer, and the regex tokenizer the Russian and English analyzers share.

Why a fallback: some passages are in languages outside ru/th/ja/en (a Ukrainian or Kazakh
statement, a German article).  No lemmatizer is loaded for them, but they must stay
searchable, so their words are indexed by their word forms (lowercased, ``ё`` folded).

Word characters are letters, digits *and combining marks*: Python's ``\\w`` leaves out
marks, which would cut ``замо́к`` or Devanagari words apart, so patterns use the ``regex``
package's Unicode properties (``\\p{M}``) instead of ``re``.
"""

from __future__ import annotations

import regex

from cstocorpus.analysis.scripts import NUMBER
from cstocorpus.models import Token
from cstocorpus.normalize import search_key

#: A letter (any script) or a combining mark.
LETTER = r"[\p{L}\p{M}]"
#: A letter, digit or combining mark.
ALNUM = r"[\p{L}\p{N}\p{M}]"
# Ideographs and kana: no spaces between words, so the fallback indexes one per token.
_IDEOGRAPH = (
    r"[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\U00020000-\U0003134f]"
)


class RegexAnalyzer:
    """Tokens are the matches of ``pattern``; ``lemmatize`` turns a word into its lemma.

    Subclasses set ``pattern`` and override ``lemmatize``; numbers are never lemmatized.
    """

    pattern: regex.Pattern[str]

    def __init__(self, lang: str):
        self.lang = lang

    def lemmatize(self, word: str) -> str:
        return word

    def lemmatize_words(self, words: list[str]) -> list[str]:
        """Lemmas (search keys) of a sentence's words in order; punctuation is kept as is.

        Word by word here; analyzers that read context override it."""
        return [search_key(w if not any(c.isalpha() for c in w) else self.lemmatize(w)) for w in words]

    def analyze(self, text: str) -> list[Token]:
        tokens = []
        for m in self.pattern.finditer(text):
            form = m.group()
            lemma = form if form[0].isdigit() else self.lemmatize(form)
            tokens.append(Token(form, search_key(lemma), self.lang, m.start(), m.end()))
        return tokens


class GenericAnalyzer(RegexAnalyzer):
    """Word forms of any language: runs of letters/digits, one token per ideograph."""

    pattern = regex.compile(rf"{NUMBER}|{_IDEOGRAPH}|(?:(?!{_IDEOGRAPH}){ALNUM})+")

