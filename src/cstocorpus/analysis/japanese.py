"""Japanese: SudachiPy (sudachidict-core) short units, lemma = ``normalized_form()``.

Split mode A gives UniDic-like short units, so a search for ``構造`` finds ``機構の構造``
and compounds are found by their parts.  The normalized form is the dictionary lemma with
spelling variants unified (``食べ`` → ``食べる``, ``ｶﾚｰ`` → ``カレー``, ``ＣＳＴＯ`` → ``csto``),
which is what UD Japanese uses as lemma too.

Sudachi refuses inputs over about 49 KB, so long texts are analyzed in chunks cut at
sentence ends, line breaks or spaces.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import lru_cache

from sudachipy import Dictionary, SplitMode, Tokenizer

from cstocorpus.models import Token
from cstocorpus.normalize import search_key

#: Largest chunk given to Sudachi at once, in UTF-8 bytes (its limit is ~49 KB).
MAX_CHUNK_BYTES = 40_000
# Where a chunk may end, best first: after a sentence end, a line break, a space.
_BREAKS = ("。", "\n", " ", "\u3000")


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """The process's one Sudachi dictionary (the expensive part: ~100 MB mapped)."""
    return Dictionary(dict="core")


def chunks(text: str, max_bytes: int = MAX_CHUNK_BYTES) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, chunk)`` pieces of ``text`` of at most ``max_bytes`` UTF-8 bytes."""
    start = 0
    while len(text[start:].encode("utf-8")) > max_bytes:
        # The longest prefix that fits (UTF-8 characters take 1–4 bytes).
        end = start + len(
            text[start : start + max_bytes].encode("utf-8")[:max_bytes].decode("utf-8", "ignore")
        )
        cut = end
        for mark in _BREAKS:
            pos = text.rfind(mark, start, end)
            if pos > start:
                cut = pos + 1
                break
        yield start, text[start:cut]
        start = cut
    if start < len(text):
        yield start, text[start:]


_NOT_WORDS_POS = frozenset({"補助記号", "空白"})  # punctuation and symbols, whitespace


def _is_word(form: str, pos: str, oov: bool) -> bool:
    """Words and numbers; punctuation and whitespace are not.  Sudachi files characters it
    does not know under 補助記号 too, so unknown letters (rare kanji like ``𠮷``) are kept."""
    return any(ch.isalnum() for ch in form) and (pos not in _NOT_WORDS_POS or oov)


class JapaneseAnalyzer:
    """Sudachi short-unit words and numbers (``mode`` A; other modes for compounds)."""

    def __init__(self, lang: str = "ja", mode: SplitMode = SplitMode.A):
        self.lang = lang
        self.mode = mode
        self._local = threading.local()  # a Sudachi tokenizer must not be shared by threads
        self._tokenizer()

    def _tokenizer(self) -> Tokenizer:
        tok = getattr(self._local, "tokenizer", None)
        if tok is None:
            tok = self._local.tokenizer = dictionary().tokenizer(mode=self.mode)
        return tok

    def analyze(self, text: str) -> list[Token]:
        tokenizer = self._tokenizer()
        tokens = []
        for offset, chunk in chunks(text):
            for m in tokenizer.tokenize(chunk):
                start, end = offset + m.begin(), offset + m.end()
                form = text[start:end]
                if not _is_word(form, m.part_of_speech()[0], m.is_oov()):
                    continue
                lemma = search_key(m.normalized_form())
                tokens.append(Token(form, lemma, self.lang, start, end))
        return tokens
