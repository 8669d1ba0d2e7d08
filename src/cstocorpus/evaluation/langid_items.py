"""Items for scoring language identification: whole sentences, and 1- and 3-word pieces.

A tag is only useful if it is right on short text too (a heading, a quoted name), so the
identifier is also scored on single words and on three consecutive words cut from the
sentences.  A cut item must contain a letter of the language's own script: ``Google`` inside
a Japanese sentence is no Japanese word, and no identifier could call it one.
Sampling is seeded with the file name, so the same file always gives the same items.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from cstocorpus.analysis.scripts import script_of, script_of_language
from cstocorpus.evaluation.conllu import Sentence

#: Items of each length sampled per file (all of them when a file has fewer).
SAMPLE_SIZE = 2000


def _own_script(form: str, script: str | None) -> bool:
    return any(ch.isalpha() and script_of(ch) == script for ch in form)


def _has_word_character(form: str) -> bool:
    return any(ch.isalnum() for ch in form)


def word_items(sentences: Sequence[Sentence], lang: str, length: int, seed: str) -> list[str]:
    """Up to ``SAMPLE_SIZE`` pieces of ``length`` consecutive words, as written in the text."""
    script = script_of_language(lang)
    candidates: list[str] = []
    for sentence in sentences:
        words = [span for span, form in zip(sentence.spans, sentence.tokens) if _has_word_character(form)]
        for i in range(len(words) - length + 1):
            piece = sentence.text[words[i][0] : words[i + length - 1][1]]
            if _own_script(piece, script):
                candidates.append(piece)
    if len(candidates) <= SAMPLE_SIZE:
        return candidates
    chosen = sorted(random.Random(f"{seed}:{length}").sample(range(len(candidates)), SAMPLE_SIZE))
    return [candidates[i] for i in chosen]
