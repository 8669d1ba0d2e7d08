"""The libraries on their own, to measure what the project's analyzers cost on top of them.

Each function does the least a user of the library would do to get the same information
(segments, or lemmas of given words) and returns its wall time in seconds.  Analyzers must
stay within 80 % of this speed; ``cstocorpus evaluate`` reports the ratio.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from functools import lru_cache


def thai(texts: Sequence[str]) -> float:
    """nlpo3 (newmm) with PyThaiNLP's own word list, one call per sentence."""
    import nlpo3

    name = _raw_thai_dictionary()
    start = time.perf_counter()
    for text in texts:
        nlpo3.segment(text, name)
    return time.perf_counter() - start


@lru_cache(maxsize=1)
def _raw_thai_dictionary() -> str:
    import importlib.resources

    import nlpo3

    path = importlib.resources.files("pythainlp") / "corpus" / "words_th.txt"
    nlpo3.load_dict(str(path), "raw-pythainlp")
    return "raw-pythainlp"


def japanese(texts: Sequence[str]) -> float:
    """SudachiPy mode A with the core dictionary: what an index needs of each morpheme, its
    surface, normalized form and offsets."""
    from sudachipy import SplitMode

    from cstocorpus.analysis.japanese import dictionary  # the same files, mapped once

    tokenizer = dictionary().create(mode=SplitMode.A)
    start = time.perf_counter()
    for text in texts:
        [(m.surface(), m.normalized_form(), m.begin(), m.end()) for m in tokenizer.tokenize(text)]
    return time.perf_counter() - start


def russian(sentences: Sequence[Sequence[str]]) -> float:
    """pymorphy3's first parse of each word, no cache."""
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer(lang="ru")
    start = time.perf_counter()
    for words in sentences:
        for word in words:
            morph.parse(word)[0].normal_form
    return time.perf_counter() - start


def english(sentences: Sequence[Sequence[str]]) -> float:
    """simplemma's lemma of each word, with a new (empty) result cache, like our analyzer's."""
    import simplemma

    lemmatizer = simplemma.Lemmatizer()
    lemmatizer.lemmatize("warm", lang="en")  # load the English table before timing
    start = time.perf_counter()
    for words in sentences:
        for word in words:
            lemmatizer.lemmatize(word, lang="en")
    return time.perf_counter() - start
