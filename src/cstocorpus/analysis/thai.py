"""Thai: word segmentation with nlpo3 (newmm maximal matching) on a fine-grained word list.

Thai has no spaces between words, so the segmenter decides what a searchable word is.
nlpo3 is the Rust implementation of PyThaiNLP's default ``newmm`` engine; what it finds
depends entirely on the word list it is given.  PyThaiNLP's own list (``words_th.txt``)
holds many phrases (``พวกเขา``, ``เกี่ยวกับ``, ``กล่าวว่า``), so newmm on it cuts text coarser
than the treebanks do (UD Thai PUD splits ``ภาย|ใต้``, ``หลัง|จาก|ที่``).  The analyzer
therefore uses two lists:

* **fine** (``data/th_words.txt``, which includes ``data/th_domain_words.txt``), what ``analyze``
  gives: ICU's Thai break dictionary, minus its function-word phrases, plus the lexical
  compounds and loanwords of the Royal Institute and PyThaiNLP lists and transliterated
  names from Thai Wikipedia titles.  It is built from PyThaiNLP's bundled corpora by rules
  over word classes, not by hand: see ``thai_lists.build_word_lists``
  (``python -m cstocorpus.analysis.thai build``).  Domain names and terms (CSTO member
  states, capitals, Russian and Central Asian names) are in ``th_domain_words.txt``.
* **coarse** (PyThaiNLP's ``words_th.txt`` minus the phrases in it, ``th_phrases.txt``, +
  ``th_domain_words.txt`` + ``th_compounds.txt``), used only by ``compounds``: a coarse word
  that spans several fine words exactly (``รักษาสันติภาพ`` = ``รักษา`` + ``สันติภาพ``) is
  indexed beside them.

The generated lists are built, and every list audited, by ``thai_lists``.

A nominalizing or adverbial prefix (``การ``, ``ความ``, ``อย่าง``, ``น่า``) and the verb or
adjective after it (``การนำ``, ``ความคิด``, ``อย่างรวดเร็ว``; not ``การ|เมือง``) are one word
in UD Thai, but for search they are a compound: ``analyze`` keeps ``การ|ลด`` apart so that a
search for ``ลด`` finds ``การลด``, and ``compounds`` adds ``การลด`` so that a search for
``การลด`` ranks it first.  (Joining them in ``analyze`` scores about 0.015 higher boundary F1
on UD Thai PUD and loses those searches.)  Thai words do not inflect: lemma = form.

Dotted abbreviations (``พ.ศ.``, ``กสทช.``, ``ผบ.ทบ.``) must stay one token: they are how
dates and agencies are written and searched.  Dots are not given to nlpo3: with a dot
after it, a known word can come out in pieces (``รัฐประหาร.`` → ``รัฐ|ประ|หา|ร.``), because
word lists hold one-letter abbreviations such as ``ร.``.  nlpo3 segments the letters
between dots, and a general rule (not a list) decides which dots end an abbreviation
and which end a sentence.

Speed: one nlpo3 call per stretch of Thai letters, offsets by adding up piece lengths
(checked once per stretch), set lookups for the prefix rule; nothing per character in
Python.
"""

from __future__ import annotations

import importlib.resources
import os
import re
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

import nlpo3

from cstocorpus.analysis.scripts import NUMBER
from cstocorpus.models import Token, new_token

FINE_DICT = "cstocorpus-th-fine"
COARSE_DICT = "cstocorpus-th-coarse"
DATA = Path(__file__).resolve().with_name("data")

#: Thai letters and marks: consonants, vowels, tone marks.  Not digits, not ฯ (abbreviation
#: mark), ๆ (repetition mark), ฿, ๏ ๚ ๛: those are punctuation and symbols (UD: PUNCT/SYM).
_LETTERS = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"
_CONSONANTS = re.compile("[\u0e01-\u0e2e]+")
#: What the analyzer looks at: Thai letters with the dots inside or after them, numbers.
_STRETCH = re.compile(
    rf"(?P<etc>ฯลฯ)|(?P<thai>[{_LETTERS}]+(?:\.[{_LETTERS}]*)*)|(?P<number>{NUMBER})"
)
_SEGMENT = re.compile(rf"[{_LETTERS}]+")  # a group of letters between dots; also a Thai word run
#: Longest letter group of a several-group abbreviation (``ผบ.ทบ.``, ``เม.ย.``).
MAX_GROUP = 5
#: Longest one-group abbreviation (``กสทช.``, ``กปปส.``).
MAX_SINGLE = 6
#: Prefixes that make a noun or adverb of the verb or adjective after them; UD Thai takes
#: ``การนำ``, ``ความคิด``, ``อย่างรวดเร็ว``, ``น่าสนใจ`` as one word (but ``การ|เมือง``); here
#: they are compounds (see the module docstring).
PREFIXES = frozenset({"การ", "ความ", "อย่าง", "น่า"})

Span = tuple[int, int]

_load_lock = threading.Lock()
_tuple_new = tuple.__new__  # ``new_token`` without its call


def _entries(path: Path) -> set[str]:
    """The entries of a word list: one per line, ``#`` comments and blank lines skipped."""
    with open(path, encoding="utf-8-sig") as f:
        return {w for w in (line.strip() for line in f) if w and not w.startswith("#")}


def _load_words(name: str, words: set[str]) -> str:
    """Give nlpo3 ``words`` under ``name`` (it reads dictionaries only from files)."""
    with _load_lock:
        fd, path = tempfile.mkstemp(prefix="cstocorpus-th-", suffix=".txt")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write("\n".join(words))
                f.write("\n")
            return _load_file(path, name)
        finally:
            os.unlink(path)


def _load_file(path: Path | str, name: str) -> str:
    message, ok = nlpo3.load_dict(str(path), name)
    if not ok and "exist" not in message.lower():  # loaded before under this name: fine
        raise RuntimeError(f"nlpo3 could not load the Thai word list {name}: {message}")
    return name


@lru_cache(maxsize=1)
def domain_words() -> frozenset[str]:
    """Names and terms of the corpus's domain, one word each (``data/th_domain_words.txt``)."""
    return frozenset(_entries(DATA / "th_domain_words.txt"))


def fine_words() -> frozenset[str]:
    """The fine word list that ``analyze`` segments with (``data/th_words.txt``)."""
    return frozenset(_entries(DATA / "th_words.txt"))


@lru_cache(maxsize=1)
def load_dictionary() -> str:
    """Load the fine word list into nlpo3 once per process; return its name.

    nlpo3 reads ``th_words.txt`` itself (0.14 s; through a set and a temporary file it
    would take 0.3 s).  It takes the ``#`` header lines for words too, harmlessly: only
    runs of Thai letters are ever segmented.
    """
    return _load_file(DATA / "th_words.txt", FINE_DICT)


@lru_cache(maxsize=1)
def load_coarse_dictionary() -> str:
    """Load the coarse word list (for ``compounds``) into nlpo3 once; return its name."""
    return _load_words(COARSE_DICT, coarse_words())


@lru_cache(maxsize=1)
def coarse_words() -> frozenset[str]:
    """The words compounds are made of: PyThaiNLP's word list minus the phrases in it
    (``data/th_phrases.txt``), plus the domain's words and multi-word terms."""
    words = _entries(_pythainlp_corpus() / "words_th.txt") - _entries(DATA / "th_phrases.txt")
    return frozenset(words | domain_words() | _entries(DATA / "th_compounds.txt"))


@lru_cache(maxsize=1)
def predicates() -> frozenset[str]:
    """Verbs and adjectives that a preceding ``การ``/``ความ``/``อย่าง``/``น่า`` joins."""
    return frozenset(_entries(DATA / "th_predicates.txt"))


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """PyThaiNLP's word list: tells an abbreviation (``กสทช.``) from a word and a full stop."""
    return frozenset(_entries(_pythainlp_corpus() / "words_th.txt"))


@lru_cache(maxsize=1)
def _pythainlp_corpus() -> Path:
    """PyThaiNLP's bundled corpus folder (``files()`` imports the package, ~0.1 s, once)."""
    return Path(str(importlib.resources.files("pythainlp") / "corpus"))


def segment(text: str, offset: int = 0, dict_name: str | None = None) -> list[Span]:
    """nlpo3's pieces of ``text`` as spans (shifted by ``offset``).

    Offsets add up the piece lengths; if the pieces do not spell ``text`` (a segmenter that
    dropped or changed characters), each piece is searched for from where the last one
    ended instead, a piece that cannot be found is skipped, and text no piece covered
    becomes a piece of its own.
    """
    pieces = nlpo3.segment(text, dict_name or load_dictionary())
    if "".join(pieces) == text:
        spans = []
        pos = offset
        for piece in pieces:
            end = pos + len(piece)
            spans.append((pos, end))
            pos = end
        return spans
    spans = []
    pos = 0
    for piece in pieces:
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


def prefix_compounds(tokens: list[Token]) -> list[Token]:
    """``การ``/``ความ``/``อย่าง``/``น่า`` + the verb or adjective of one or two tokens right
    after it, as compounds (``การ|ล่ม|สลาย`` → ``การล่มสลาย``)."""
    out = []
    for i, j in prefix_spans(tokens):
        form = "".join(t.form for t in tokens[i:j])
        out.append(new_token(form, form, tokens[i].lang, tokens[i].start, tokens[j - 1].end))
    return out


def prefix_spans(tokens: list[Token]) -> list[Span]:
    """``prefix_compounds`` as token index ranges (end exclusive)."""
    preds = predicates()
    out: list[Span] = []
    n = len(tokens)
    for i, t in enumerate(tokens):
        if t.form not in PREFIXES or i + 1 == n or tokens[i + 1].start != t.end:
            continue
        nxt = tokens[i + 1]
        if i + 2 < n and tokens[i + 2].start == nxt.end and nxt.form + tokens[i + 2].form in preds:
            last = tokens[i + 2]
        elif nxt.form in preds:
            last = nxt
        else:
            continue
        out.append((i, i + 3 if last is not nxt else i + 2))
    return out


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


class ThaiAnalyzer:
    """Thai words and numbers; punctuation, spaces, ๆ, ฯ and ฯลฯ are not tokens.

    Only Thai letters (with the dots of abbreviations) go to nlpo3, one call per stretch
    between spaces, digits and punctuation; numbers are matched here, the same way as in
    the other analyzers (``19.5``, ``2,000``, ``๒๕๓๕``).  Latin, Cyrillic etc. are left to
    their own analyzers by ``cstocorpus.analysis.analyze`` (script runs).
    """

    def __init__(self, lang: str = "th"):
        self.lang = lang
        self._dict = load_dictionary()
        predicates()  # for the prefix compounds
        dictionary_words()  # for dotted abbreviations: loaded now, not in the first passage

    def analyze(self, text: str) -> list[Token]:
        lang = self.lang
        dict_name = self._dict
        tokens: list[Token] = []
        append = tokens.append
        new, cls, nlpo3_segment = _tuple_new, Token, nlpo3.segment  # no calls per token
        for m in _STRETCH.finditer(text):
            stretch = m.group()
            offset = m.start()
            kind = m.lastgroup
            if kind != "thai":
                if kind == "number":
                    append(new(cls, (stretch, stretch, lang, offset, m.end())))
                continue  # ฯลฯ ("etc.") is punctuation
            if "." in stretch:
                for start, end in segment_with_abbreviations(stretch, dictionary_words()):
                    form = stretch[start:end]
                    append(new_token(form, form, lang, offset + start, offset + end))
                continue
            pieces = nlpo3_segment(stretch, dict_name, False, False)
            if len(pieces) == 1:
                append(new(cls, (stretch, stretch, lang, offset, m.end())))
                continue
            if "".join(pieces) != stretch:  # never seen; keep offsets right all the same
                for start, end in segment(stretch):
                    form = stretch[start:end]
                    append(new_token(form, form, lang, offset + start, offset + end))
                continue
            pos = offset
            for form in pieces:
                end = pos + len(form)
                append(new(cls, (form, form, lang, pos, end)))
                pos = end
        return tokens

    def compounds(self, text: str) -> list[Token]:
        """Coarser words of ``text`` that span two or more ``analyze`` tokens exactly.

        ``รักษาสันติภาพ`` (``รักษา`` + ``สันติภาพ``), ``ภายใต้`` (``ภาย`` + ``ใต้``): newmm with
        the coarse word list, kept where its word starts and ends on ``analyze``'s
        boundaries.  Costs about as much again as ``analyze``: index time only.
        """
        return self.analyze_with_compounds(text)[1]

    def analyze_with_compounds(self, text: str) -> tuple[list[Token], list[Token]]:
        """``analyze``'s tokens and the ``compounds`` they form, in one pass."""
        words, compounds, _ = self.analyze_units(text)
        return words, compounds

    def analyze_units(self, text: str) -> tuple[list[Token], list[Token], frozenset[int]]:
        """``analyze``'s tokens, the compounds they form (coarse words, ``การ`` + verb, and the
        words nested in them) and the tokens that are no word of their own
        (``thai_units.units``)."""
        words = self.analyze(text)
        if len(words) < 2:
            return words, [], frozenset()
        starts = {t.start: i for i, t in enumerate(words)}
        ends = {t.end: i for i, t in enumerate(words)}
        coarse = load_coarse_dictionary()
        spans: list[Span] = []
        for m in _SEGMENT.finditer(text):
            pos = m.start()
            if m.end() - pos < 2:
                continue
            for piece in nlpo3.segment(m.group(), coarse):
                end = pos + len(piece)
                first, last = starts.get(pos), ends.get(end)
                if first is not None and last is not None and last > first:
                    spans.append((first, last + 1))
                pos = end
        from cstocorpus.analysis.thai_units import units

        compounds, bound = units(words, spans, prefix_spans(words), self.lang)
        return words, compounds, bound


def build_word_lists(out_dir: Path = DATA) -> dict[str, int]:
    """Rebuild the generated word lists (``thai_lists.build_word_lists``)."""
    from cstocorpus.analysis.thai_lists import build_word_lists as build

    return build(out_dir)


if __name__ == "__main__":  # pragma: no cover
    import sys

    if sys.argv[1:] != ["build"]:
        sys.exit("usage: python -m cstocorpus.analysis.thai build")
    print(build_word_lists())
