"""Thai: word segmentation with nlpo3 (newmm maximal matching) on PyThaiNLP's word list.

Thai has no spaces between words, so the segmenter decides what a searchable word is.
nlpo3 is the Rust implementation of PyThaiNLP's default ``newmm`` engine, much faster than
the pure-Python one; it is called directly, with the word list PyThaiNLP ships.  Thai
words do not inflect, so the lemma is the form.

Dotted abbreviations (``พ.ศ.``, ``กสทช.``, ``ผบ.ทบ.``) must stay one token: they are how
dates and agencies are written and searched.  Dots are not given to nlpo3: with a dot
after it, a known word can come out in pieces (``รัฐประหาร.`` → ``รัฐ|ประ|หา|ร.``), because
the word list holds one-letter abbreviations such as ``ร.``.  nlpo3 segments the letters
between dots, and a general rule (not a list) decides which dots end an abbreviation
and which end a sentence.
"""

from __future__ import annotations

import importlib.resources
import re
from functools import lru_cache

import nlpo3

from cstocorpus.analysis.scripts import NUMBER
from cstocorpus.models import Token

DICT_NAME = "cstocorpus-th"

_LETTERS = "\u0e01-\u0e4e"  # Thai letters and marks (not digits, not ๏ ๚ ๛)
_CONSONANTS = re.compile("[\u0e01-\u0e2e]+")
#: What the analyzer looks at: Thai letters with the dots inside or after them, numbers.
_STRETCH = re.compile(rf"(?P<thai>[{_LETTERS}]+(?:\.[{_LETTERS}]*)*)|(?P<number>{NUMBER})")
_SEGMENT = re.compile(rf"[{_LETTERS}]+")
#: Longest letter group of a several-group abbreviation (``ผบ.ทบ.``, ``เม.ย.``).
MAX_GROUP = 5
#: Longest one-group abbreviation (``กสทช.``, ``กปปส.``).
MAX_SINGLE = 6
# Repetition and ellipsis marks: written like letters, used like punctuation (UD: SYM/PUNCT).
_NOT_WORDS = frozenset({"ๆ", "ฯ", "ฯลฯ"})

Span = tuple[int, int]


@lru_cache(maxsize=1)
def _word_list_path() -> str:
    """PyThaiNLP's bundled word list (``files()`` imports the package, ~0.1 s, once)."""
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
    """The word list as a set: tells an abbreviation (``กสทช.``) from a word and a full stop."""
    with open(_word_list_path(), encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip())


def segment(text: str, offset: int = 0) -> list[Span]:
    """nlpo3's pieces of ``text`` as spans (shifted by ``offset``), found one after another.

    Each piece is searched for from where the last one ended, so offsets stay right even
    if nlpo3 drops or changes characters; a piece that cannot be found is skipped, and
    text no piece covered becomes a piece of its own.
    """
    spans: list[Span] = []
    pos = 0
    for piece in nlpo3.segment(text, load_dictionary()):
        at = text.find(piece, pos) if piece else -1
        if at < 0:
            continue
        spans.extend(_uncovered(text, pos, at))
        spans.append((at, at + len(piece)))
        pos = at + len(piece)
    spans.extend(_uncovered(text, pos, len(text)))
    return [(s + offset, e + offset) for s, e in spans]


def _uncovered(text: str, start: int, end: int) -> list[Span]:
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]


def segment_with_abbreviations(stretch: str, words: frozenset[str]) -> list[Span]:
    """Spans of the words of a stretch of Thai letters and dots, abbreviations whole.

    Several short groups each followed by a dot (``พ.ศ.``, ``อ.ก.ส.ท.``, ``ศ.ดร.``) are one
    token; so is one group followed by a dot if it is a known abbreviation (``ครม.``) or
    looks like one: consonants only, and a single letter or not a word (``กสทช.``, but
    not ``คน.``, which is a word and a full stop).  The first group may be the end of a
    longer segment (``ปีพ.ศ.`` → ``ปี`` + ``พ.ศ.``).  Other dots are not part of any token.
    """
    groups = [(m.start(), m.end()) for m in _SEGMENT.finditer(stretch)]

    def dotted(k: int) -> bool:
        return stretch[groups[k][1] : groups[k][1] + 1] == "."

    out: list[Span] = []
    k = 0
    while k < len(groups):
        pieces = segment(stretch[groups[k][0] : groups[k][1]], groups[k][0])
        nxt = k + 1
        tail = None  # index into pieces where an abbreviation starts
        if dotted(k) and pieces:
            last = k
            while (
                last + 1 < len(groups)
                and groups[last + 1][0] == groups[last][1] + 1
                and groups[last + 1][1] - groups[last + 1][0] <= MAX_GROUP
                and dotted(last + 1)
            ):
                last += 1
            if last > k and pieces[-1][1] - pieces[-1][0] <= MAX_GROUP:
                tail, nxt = len(pieces) - 1, last + 1
            else:
                tail = _single_group_start(stretch, pieces, words)
        if tail is None:
            out.extend(pieces)
        else:
            out.extend(pieces[:tail])
            out.append((pieces[tail][0], groups[nxt - 1][1] + 1))
        k = nxt
    return out


def _single_group_start(stretch: str, pieces: list[Span], words: frozenset[str]) -> int | None:
    """Index of the first piece of a one-group abbreviation ending the pieces, if any."""
    end = pieces[-1][1]
    for i, (start, _) in enumerate(pieces):  # longest candidate first
        group = stretch[start:end]
        if len(group) > MAX_SINGLE:
            continue
        if group + "." in words:
            return i
        if _CONSONANTS.fullmatch(group) and (len(group) == 1 or group not in words):
            return i
    return None


def _is_word(form: str) -> bool:
    return form not in _NOT_WORDS and any(ch.isalnum() for ch in form)


class ThaiAnalyzer:
    """Thai words and numbers; punctuation, spaces and ๆ/ฯ are not tokens.

    Only Thai letters (with the dots of abbreviations) go to nlpo3; numbers are matched
    here, the same way as in the other analyzers (``19.5``, ``2,000``).
    """

    def __init__(self, lang: str = "th"):
        self.lang = lang
        load_dictionary()

    def analyze(self, text: str) -> list[Token]:
        words = dictionary_words()
        tokens = []
        for m in _STRETCH.finditer(text):
            offset = m.start()
            if m.lastgroup == "number":
                spans = [(0, m.end() - offset)]
            else:
                spans = segment_with_abbreviations(m.group(), words)
            for start, end in spans:
                form = m.group()[start:end]
                if _is_word(form):
                    tokens.append(Token(form, form, self.lang, offset + start, offset + end))
        return tokens
