"""Stop words: the function words a frequency list leaves out unless asked (``--all``).

One maintained list per language, chosen by what it does to this corpus's lemmas:

- ``ru``, ``ja``: stopwords-iso (package ``stopwordsiso``), 559 and 134 entries.
- ``th``: PyThaiNLP's list (1,030 entries, a superset of stopwords-iso's 116): it also
  catches the particles and prefixes the small list lets through (``ผู้``, ``ภาย``, ``ใต้``, ``จน``).
- ``en``: the classic English list of the ``stopwords`` package (175 entries): stopwords-iso's
  1,298 English entries include two-letter codes and nouns (``pa``, ``un``, ``state``,
  ``group``) that here are the Latin names and acronyms inside Thai text (``CSTO PA``).

A term is checked against the list of the language its script is written in (Thai letters →
Thai list, Cyrillic → Russian, ...), so a Latin ``and`` in a Thai passage is a stop word too;
a number is never one.  Entries are compared as the index stores words (lowercase, ё → е).
The Japanese list is written in kana while the analyzer's lemmas are dictionary forms in
kanji (``する`` → ``為る``, ``こと`` → ``事``), so each Japanese entry also counts under the lemma
the analyzer gives it when it reads the entry as one word.
"""

from __future__ import annotations

from functools import lru_cache

from ..analysis.scripts import SCRIPT_LANGUAGE, script_of
from ..normalize import search_key

#: Where each language's list comes from, for help texts and reports.
SOURCES = {
    "en": "stopwords (English)",
    "ja": "stopwords-iso",
    "ru": "stopwords-iso",
    "th": "PyThaiNLP",
}


def _raw_list(lang: str) -> set[str]:
    if lang == "th":
        from pythainlp.corpus import thai_stopwords
        return set(thai_stopwords())
    if lang == "en":
        import stopwords
        return set(stopwords.get_stopwords("english"))
    import stopwordsiso
    return stopwordsiso.stopwords(lang)


@lru_cache(maxsize=None)
def stop_list(lang: str) -> frozenset[str]:
    """The stop words of ``lang`` as index keys (empty for a language without a list)."""
    if lang not in SOURCES:
        return frozenset()
    words = {search_key(w.strip()) for w in _raw_list(lang) if w.strip()}
    if lang == "ja":
        words |= _analyzer_lemmas(words, lang)
    return frozenset(words)


def _analyzer_lemmas(words: set[str], lang: str) -> set[str]:
    from ..analysis import analyze

    lemmas = set()
    for word in words:
        tokens = analyze(word, lang)
        if len(tokens) == 1:
            lemmas.add(tokens[0].lemma)
    return lemmas


def term_language(term: str) -> str | None:
    """The corpus language of the script of the term's first letter (None for a number)."""
    for ch in term:
        lang = SCRIPT_LANGUAGE.get(script_of(ch))
        if lang is not None:
            return lang
        if ch.isalpha():
            return None  # a letter of another script: no list
    return None


def is_stopword(term: str) -> bool:
    lang = term_language(term)
    return lang is not None and term in stop_list(lang)
