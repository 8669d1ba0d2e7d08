"""Language analysis: normalized passage text → word tokens with lemmas, for the index.

A passage is cut into script runs (``scripts.script_runs``) and each run is read by the
analyzer of the language written in it, so the Latin names in a Thai sentence are
lemmatized as English and the Russian quotes on a Japanese page as Russian.

Analyzers are created on first use, one per language per process: each loads a large
dictionary, and looking up a Thai word must not load Sudachi or pymorphy3.
"""

from __future__ import annotations

import gc
import importlib
import threading
from typing import Protocol

from cstocorpus.analysis.scripts import run_language, script_runs
from cstocorpus.models import Token, new_token

__all__ = ["Analyzer", "analyze", "analyze_units", "analyze_with_compounds", "analyzer_for", "tokenize"]


class Analyzer(Protocol):
    """Turns text into word tokens whose spans index the text it was given."""

    lang: str

    def analyze(self, text: str) -> list[Token]: ...


# Corpus language → (module, class); modules are imported only when first needed.
_ANALYZERS: dict[str, tuple[str, str]] = {
    "ru": ("cstocorpus.analysis.russian", "RussianAnalyzer"),
    "en": ("cstocorpus.analysis.english", "EnglishAnalyzer"),
    "ja": ("cstocorpus.analysis.japanese", "JapaneseAnalyzer"),
    "th": ("cstocorpus.analysis.thai", "ThaiAnalyzer"),
}
_GENERIC = ("cstocorpus.analysis.generic", "GenericAnalyzer")

_instances: dict[str, Analyzer] = {}
_lock = threading.Lock()


def analyzer_for(lang: str) -> Analyzer:
    """The analyzer for ``lang``; languages outside the corpus get the generic one."""
    analyzer = _instances.get(lang)
    if analyzer is None:
        with _lock:
            analyzer = _instances.get(lang)
            if analyzer is None:
                module, name = _ANALYZERS.get(lang, _GENERIC)
                analyzer = getattr(importlib.import_module(module), name)(lang)
                _instances[lang] = analyzer
                # The dictionaries just loaded are millions of long-lived objects; without
                # this, every garbage collection triggered by the tokens made later walks
                # them all (measured: Thai analysis at 0.2 instead of 0.5 of nlpo3's speed
                # once the English and Russian tables were loaded too).
                gc.freeze()
    return analyzer


def analyze(text: str, lang: str) -> list[Token]:
    """Word and number tokens of ``text`` (a passage in language ``lang``), in text order.

    ``start``/``end`` index ``text``; ``lemma`` is already the search key.
    """
    tokens: list[Token] = []
    for start, end, script in script_runs(text):
        analyzer = analyzer_for(run_language(script, lang))
        if getattr(analyzer, "analyzes_spans", False):
            tokens.extend(analyzer.analyze(text, start, end))
        else:
            found = analyzer.analyze(text[start:end] if start or end < len(text) else text)
            tokens.extend(_shifted(found, start) if start else found)
    return tokens


def analyze_units(text: str, lang: str) -> tuple[list[Token], list[Token], frozenset[int]]:
    """``analyze_with_compounds``, and the indices of the words that are *bound*: pieces of a
    longer word that are no word of their own there (``มือ`` in ``ร่วมมือ``, ``省`` in
    ``外務省``; see ``analysis.units``).  Analyzers that know compounds give all three through
    ``analyze_units``; the others have no bound words."""
    words: list[Token] = []
    compounds: list[Token] = []
    bound: set[int] = set()
    for start, end, script in script_runs(text):
        analyzer = analyzer_for(run_language(script, lang))
        units = getattr(analyzer, "analyze_units", None)
        if units is None:
            found, joined = _with_compounds(analyzer, text, start, end)
            tied: frozenset[int] = frozenset()
        elif getattr(analyzer, "analyzes_spans", False):
            found, joined, tied = units(text, start, end)
        else:
            run = text[start:end] if start or end < len(text) else text
            found, joined, tied = units(run)
            if start:
                found, joined = _shifted(found, start), _shifted(joined, start)
        bound.update(len(words) + i for i in tied)
        words.extend(found)
        compounds.extend(joined)
    return words, compounds, frozenset(bound)


def _with_compounds(analyzer, text: str, start: int, end: int) -> tuple[list[Token], list[Token]]:
    both = getattr(analyzer, "analyze_with_compounds", None)
    if both is not None and getattr(analyzer, "analyzes_spans", False):
        return both(text, start, end)
    run = text[start:end] if start or end < len(text) else text
    if both is not None:
        found, joined = both(run)
    else:
        found = analyzer.analyze(run)
        joined = analyzer.compounds(run) if hasattr(analyzer, "compounds") else []
    if start:
        found, joined = _shifted(found, start), _shifted(joined, start)
    return found, joined


def analyze_with_compounds(text: str, lang: str) -> tuple[list[Token], list[Token]]:
    """``analyze``'s words, and the compounds they form where the language has them.

    A compound (``รักษาสันติภาพ``, ``外務省``) spans two or more consecutive words exactly.
    The index stores it beside its parts, so a search for a part that is a word of it finds
    the whole, and a search for the whole finds the compound (``analyze_units``).
    Analyzers that know compounds (Japanese, Thai) give them through ``analyze_units``,
    ``analyze_with_compounds`` or ``compounds``; the others have none.
    """
    words, compounds, _ = analyze_units(text, lang)
    return words, compounds


def _shifted(tokens: list[Token], by: int) -> list[Token]:
    """Tokens of a run, re-indexed to the passage.  Analyzers that can read a span of the
    passage in place (``analyzes_spans``) are spared this: a new token per word costs as much
    as analyzing the word."""
    return [new_token(t.form, t.lemma, t.lang, t.start + by, t.end + by) for t in tokens]


def tokenize(text: str, lang: str) -> list[Token]:
    """Every token of ``text``: the words of ``analyze`` plus punctuation and symbols.

    The index needs only words; scoring a segmenter against a treebank needs every token.
    Each non-space character no word covers becomes a token of its own (lemma = form), except
    that a run of one repeated character (``...``, ``!!``) stays one token.
    """
    words = analyze(text, lang)
    tokens: list[Token] = []
    pos = 0
    for word in words:
        tokens.extend(_symbols(text, pos, word.start, lang))
        tokens.append(word)
        pos = word.end
    tokens.extend(_symbols(text, pos, len(text), lang))
    return tokens


def _symbols(text: str, start: int, end: int, lang: str) -> list[Token]:
    out: list[Token] = []
    i = start
    while i < end:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        j = i + 1
        while j < end and text[j] == ch:
            j += 1
        out.append(Token(text[i:j], text[i:j], lang, i, j))
        i = j
    return out
