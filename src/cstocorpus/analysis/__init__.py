"""Language analysis: normalized passage text → word tokens with lemmas, for the index.

A passage is cut into script runs (``scripts.script_runs``) and each run is read by the
analyzer of the language written in it, so the Latin names in a Thai sentence are
lemmatized as English and the Russian quotes on a Japanese page as Russian.

Analyzers are created on first use, one per language per process: each loads a large
dictionary, and looking up a Thai word must not load Sudachi or pymorphy3.
"""

from __future__ import annotations

import importlib
import threading
from typing import Protocol

from cstocorpus.analysis.scripts import run_language, script_runs
from cstocorpus.models import Token

__all__ = ["Analyzer", "analyze", "analyzer_for"]


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
    return analyzer


def analyze(text: str, lang: str) -> list[Token]:
    """Word and number tokens of ``text`` (a passage in language ``lang``), in text order.

    ``start``/``end`` index ``text``; ``lemma`` is already the search key.
    """
    tokens: list[Token] = []
    for start, end, script in script_runs(text):
        found = analyzer_for(run_language(script, lang)).analyze(text[start:end])
        if start:
            found = [Token(t.form, t.lemma, t.lang, t.start + start, t.end + start) for t in found]
        tokens.extend(found)
    return tokens
