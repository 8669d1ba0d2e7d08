"""Thai: word segmentation with nlpo3 (newmm maximal matching) on PyThaiNLP's word list.

Thai has no spaces between words, so the segmenter decides what a searchable word is.
nlpo3 is the Rust implementation of PyThaiNLP's default ``newmm`` engine, much faster than
the pure-Python one; it is called directly to avoid loading PyThaiNLP itself.  Thai words
do not inflect, so the lemma is the form.

Dotted abbreviations (``พ.ศ.``, ``กสทช.``, ``ผบ.ทบ.``) must stay one token: they are how
dates and agencies are written and searched.  nlpo3 keeps most of them whole but splits
some (``อ.ก.ข.`` → ``อ.|ก.|ข.``), so pieces are re-merged by a general rule, not a list.
"""

from __future__ import annotations

import importlib.resources
import re
from functools import lru_cache

import nlpo3

from cstocorpus.models import Token
from cstocorpus.analysis.scripts import NUMBER

DICT_NAME = "cstocorpus-th"

_T = "\u0e01-\u0e4e"  # Thai letters and marks (no digits, no ๏ ๚ ๛)
# Abbreviations: two or more short dotted groups (พ.ศ., ผบ.ทบ., อ.ก.ข.), or one dotted
# group of consonants only (กสทช., คสช.) that is not a word followed by a full stop.
_MULTI_GROUP = re.compile(rf"(?:[{_T}]{{1,5}}\.){{2,}}")
_ONE_GROUP = re.compile(r"([\u0e01-\u0e2e]{1,6})\.")
# What the analyzer looks at: Thai words with the dots inside or after them, and numbers.
_STRETCH = re.compile(rf"(?P<thai>[{_T}]+(?:\.[{_T}]*)*)|(?P<number>{NUMBER})")
# Repetition and ellipsis marks: written like letters, used like punctuation (UD: SYM/PUNCT).
_NOT_WORDS = frozenset({"ๆ", "ฯ", "ฯลฯ"})


@lru_cache(maxsize=1)
def _word_list_path() -> str:
    return str(importlib.resources.files("pythainlp") / "corpus" / "words_th.txt")


@lru_cache(maxsize=1)
def load_dictionary() -> str:
    """Load PyThaiNLP's word list into nlpo3 once per process; return its name."""
    message, ok = nlpo3.load_dict(_word_list_path(), DICT_NAME)
    if not ok and "exist" not in message.lower():
        raise RuntimeError(f"nlpo3 could not load the Thai word list: {message}")
    return DICT_NAME


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """The word list as a set: tells an abbreviation (กสทช.) from a word before a full stop."""
    with open(_word_list_path(), encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip())


def segment(text: str) -> list[tuple[int, int]]:
    """nlpo3's pieces as spans of ``text``, found one after the other.

    Offsets are found by searching for each piece from where the last one ended, so they
    stay right even if nlpo3 drops or changes characters; pieces that cannot be found
    are skipped, and Thai letters no piece covered are filled in as pieces of their own.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in nlpo3.segment(text, load_dictionary()):
        if not piece:
            continue
        at = pos if text.startswith(piece, pos) else text.find(piece, pos)
        if at < 0:
            continue
        if at > pos:
            spans.extend(_gaps(text, pos, at))
        spans.append((at, at + len(piece)))
        pos = at + len(piece)
    spans.extend(_gaps(text, pos, len(text)))
    return spans


def _gaps(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]


def merge_abbreviations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join pieces that together make up a dotted abbreviation.

    The abbreviation must begin where a piece begins and end where a piece ends, and none
    of its pieces may be an undotted dictionary word (``ที่|ก.ส.ท.ช.`` stays two), so the rule only
    undoes splits nlpo3 made inside an abbreviation.
    """
    words = dictionary_words()
    merged: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start = spans[i][0]
        end = _abbreviation_end(text, start, words)
        if end is not None:
            j = i
            while j < len(spans) and spans[j][1] <= end:
                j += 1
            pieces = [text[s:e] for s, e in spans[i:j]]
            whole_words = any("." not in p and p in words for p in pieces)
            if j > i + 1 and spans[j - 1][1] == end and not whole_words:
                merged.append((start, end))
                i = j
                continue
        merged.append(spans[i])
        i += 1
    return merged


def _abbreviation_end(text: str, start: int, words: frozenset[str]) -> int | None:
    m = _MULTI_GROUP.match(text, start)
    if m:
        return m.end()
    m = _ONE_GROUP.match(text, start)
    if m and (len(m.group(1)) == 1 or m.group(1) not in words):
        return m.end()
    return None


def _is_word(piece: str) -> bool:
    return piece not in _NOT_WORDS and any(ch.isalnum() for ch in piece)


def _tidy(text: str, start: int, end: int, words: frozenset[str]) -> tuple[int, int]:
    """Drop dots at the edges of a piece, except the final dot of an abbreviation."""
    while start < end and text[start] == ".":
        start += 1
    if end > start and text[end - 1] == "." and text[start:end] not in words:
        if _abbreviation_end(text, start, words) != end:
            end = len(text[start:end].rstrip(".")) + start
    return start, end


class ThaiAnalyzer:
    """Thai words and numbers; punctuation, spaces and ๆ/ฯ are not tokens.

    Only stretches of Thai letters (with the dots of abbreviations) go to nlpo3; numbers
    are matched here, the same way as in the other analyzers (``19.5``, ``2,000``).
    """

    def __init__(self, lang: str = "th"):
        self.lang = lang
        load_dictionary()

    def analyze(self, text: str) -> list[Token]:
        words = dictionary_words()
        tokens = []
        for m in _STRETCH.finditer(text):
            if m.lastgroup == "number":
                tokens.append(Token(m.group(), m.group(), self.lang, m.start(), m.end()))
                continue
            stretch, offset = m.group(), m.start()
            for start, end in merge_abbreviations(stretch, segment(stretch)):
                start, end = _tidy(stretch, start, end, words)
                if _is_word(form := stretch[start:end]):
                    tokens.append(Token(form, form, self.lang, offset + start, offset + end))
        return tokens
