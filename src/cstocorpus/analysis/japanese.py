"""Japanese: SudachiPy (sudachidict-core), UniDic-style short units and lemmas.

Words are Sudachi's short units (split mode A), so a search for ``構造`` finds ``機構の構造``;
the long units of mode C that span several of them are *compounds* (``外務省`` over
``外務|省``), which the index stores beside their parts.  One tokenization gives both: the
text is read in mode C and each long unit split into its short units, which gives exactly
the units of mode A.

The lemma is Sudachi's ``normalized_form()`` (``食べ`` → ``食べる``, ``ｶﾚｰ`` → ``カレー``,
``ＣＳＴＯ`` → ``csto``) as a search key, brought to the conventions of UniDic, which UD
Japanese and most Japanese corpora use, where the two differ as a class:

* compound verbs Sudachi splits but UniDic keeps as one short unit (``見送る``, ``繰り返す``,
  ``盛り上げ``): a middle unit (mode B) made only of verbs is one word;
* numbers: UniDic writes a digit run, each kanji numeral and each ``万``/``億`` as a word of
  its own (``22|億``, ``十|三``, ``5|,|000``, ``4|.|8``) and keeps the kanji as the lemma
  (``一`` → ``一``, not ``1``); Sudachi joins them into one normalized number, which stays
  available as the compound (``22億`` → ``2200000000``).  A digit written into a dictionary
  word (``1人``) is split off the same way;
* grammatical words Sudachi normalizes to kana have kanji lemmas in UniDic (``こと`` → ``事``,
  ``よう`` → ``様``, ``おり`` → ``居る``, ``によって`` → ``因る``, ``そこ`` → ``其処``), and
  the ``-じる`` verbs of Sino-Japanese stems have the ``-ずる`` lemma (``感じ`` → ``感ずる``);
  ``で`` after a verb (``読んで``) is the particle ``て``.

Punctuation, symbols and whitespace are not words; characters Sudachi does not know are filed
under symbols too, so unknown letters (rare kanji like ``𠮷``) are kept.

Sudachi refuses inputs over about 49 KB, so long texts are analyzed in chunks cut at
sentence ends, line breaks or spaces.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from sudachipy import Dictionary, SplitMode

from cstocorpus.models import Token, new_token
from cstocorpus.normalize import search_key

__all__ = ["MAX_CHUNK_BYTES", "JapaneseAnalyzer", "chunks", "dictionary"]

#: Largest chunk given to Sudachi at once, in UTF-8 bytes (its limit is ~49 KB).
MAX_CHUNK_BYTES = 40_000
# Texts of at most this many characters fit in one chunk whatever they contain.
_ONE_CHUNK_CHARS = MAX_CHUNK_BYTES // 4
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


# --- What Sudachi's units need ------------------------------------------------------------

# Part of speech classes (``_pos_kinds``).
_WORD = 0  # an ordinary word
_SYMBOL = 1  # punctuation, symbols, whitespace: a word only if Sudachi did not know it
_NUMBER = 2  # 名詞,数詞: split as UniDic does
_VERB = 3  # 動詞: compound verbs are joined

_NOT_WORDS_POS = frozenset({"補助記号", "空白"})  # punctuation and symbols, whitespace

# Sudachi gives unknown words ids from here up (all unknown words of a POS share one id).
_OOV_WORD_ID = 0xF000_0000

# What a unit that is not one plain word needs (``_classify``).
_NOT_WORD = 1  # punctuation, or no letter or digit (``%``, ``@``)
_SPLITS = 2  # a long unit made of several short units
_NUMERALS = 3  # a number to split into UniDic's units (``22億``, ``十三``)
_DIGITS = 4  # a word written with leading digits (``1人``): split them off
_AFTER_NI = 5  # おく: 於く after に (において), else 置く

#: Kanji numerals UniDic writes as words of one character each.
_KANJI_NUMERALS = frozenset("〇一二三四五六七八九十百千万億兆京")
_NUMBER_SEPARATORS = frozenset(",.")

#: Grammatical words Sudachi normalizes to kana, with their UniDic lemma: normalized form →
#: ((part of speech prefix, lemma), ...).
_KANJI_LEMMAS: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    # formal nouns
    "こと": ((("名詞",), "事"),),
    "ため": ((("名詞",), "為"),),
    "うち": ((("名詞",), "内"),),
    "よう": ((("名詞",), "様"), (("形状詞",), "様")),
    "せい": ((("名詞",), "所為"),),
    "とも": ((("名詞",), "共"),),
    "はじめ": ((("名詞",), "始め"),),
    "つき": ((("名詞",), "付き"), (("接尾辞",), "付き")),
    # interrogative and demonstrative pronouns
    "そこ": ((("代名詞",), "其処"),),
    "どこ": ((("代名詞",), "何処"),),
    "いずれ": ((("代名詞",), "何れ"), (("副詞",), "何れ")),
    "どれ": ((("代名詞",), "何れ"),),
    "どちら": ((("代名詞",), "何方"),),
    "いつ": ((("代名詞",), "何時"),),
    # verbs used as auxiliaries or in compound particles
    "おる": ((("動詞",), "居る"),),
    "よる": ((("動詞",), "因る"),),  # により, によって, による
    "おく": ((("動詞",), "置く"),),  # ～ておく; において, における: 於く (_AFTER_NI)
    # the conjunctive particle て, voiced after 撥音便 (読んで)
    "で": ((("助詞", "接続助詞"), "て"),),
}

def _has_word_character(form: str) -> bool:
    return form.isalnum() or any(ch.isalnum() for ch in form)


_token = new_token
_tuple_new = tuple.__new__


def _is_numerals(form: str) -> bool:
    return all(ch.isdigit() or ch in _KANJI_NUMERALS or ch in _NUMBER_SEPARATORS for ch in form)


_KANJI_NUMERAL_RE = re.compile(f"[{''.join(sorted(_KANJI_NUMERALS))}]")


def _kanji_numeral(form: str) -> bool:
    return all(ch in _KANJI_NUMERALS for ch in form)


@lru_cache(maxsize=4096)
def _is_affix(form: str, pos: str) -> bool:
    """Whether Sudachi's dictionary has ``form`` as a prefix (``接頭辞``) or suffix (``接尾辞``)."""
    return any(m.part_of_speech()[0] == pos for m in dictionary().lookup(form))


def _digit_key(digits: str) -> str:
    return digits if digits.isascii() else unicodedata.normalize("NFKC", digits)


class JapaneseAnalyzer:
    """UniDic-style short-unit words and numbers (``analyze``) and the long units they form
    (``compounds``); ``analyze_with_compounds`` gives both from one tokenization."""

    #: ``analyze(text, start, end)`` reads ``text[start:end]`` with offsets into ``text``.
    analyzes_spans = True

    def __init__(self, lang: str = "ja"):
        self.lang = lang
        d = dictionary()
        self._pos: list[tuple[str, ...]] = []
        while (pos := d.pos_of(len(self._pos))) is not None:
            self._pos.append(pos)
        self._kinds = [
            _SYMBOL if pos[0] in _NOT_WORDS_POS
            else _NUMBER if pos[:2] == ("名詞", "数詞")
            else _VERB if pos[0] == "動詞"
            else _WORD
            for pos in self._pos
        ]
        # Per dictionary entry (word id), filled as entries are met; shared by threads
        # (dict reads and writes are atomic): the lemma of an entry that is one plain word
        # ("" for an entry that is no word), and what any other entry needs.
        self._lemmas: dict[int, str] = {}
        self._marks: dict[int, int] = {}
        self._long_units: dict[int, tuple[int, tuple[tuple[int, int, str], ...]]] = {}
        self._local = threading.local()  # a Sudachi tokenizer must not be shared by threads
        self._state()

    def _state(self):
        state = getattr(self._local, "state", None)
        if state is None:
            tokenizer = dictionary().tokenizer(mode=SplitMode.C)
            # (tokenizer, a morpheme list to reuse for splits)
            state = self._local.state = (tokenizer, tokenizer.tokenize(""))
        return state

    # --- public API -------------------------------------------------------------------

    # ``start``/``end`` (optional) analyze only ``text[start:end]``, with spans still
    # indexing ``text``: a caller that cuts a passage into script runs gets tokens it need
    # not shift (rebuilding a ``Token`` costs as much as analyzing the word).

    def analyze(self, text: str, start: int = 0, end: int | None = None) -> list[Token]:
        """Words and numbers of ``text`` (short units), spans indexing ``text``."""
        tokens: list[Token] = []
        self._run(text, start, end, tokens, None)
        return tokens

    def compounds(self, text: str, start: int = 0, end: int | None = None) -> list[Token]:
        """The long units (mode C) of ``text`` that span two or more consecutive tokens of
        ``analyze(text)`` exactly, in text order; lemma = the long unit's normalized form."""
        joined: list[Token] = []
        self._run(text, start, end, [], joined)
        return joined

    def analyze_with_compounds(self, text: str, start: int = 0,
                               end: int | None = None) -> tuple[list[Token], list[Token]]:
        """``(analyze(text), compounds(text))`` from one tokenization."""
        tokens: list[Token] = []
        joined: list[Token] = []
        self._run(text, start, end, tokens, joined)
        return tokens, joined

    def analyze_units(self, text: str, start: int = 0,
                      end: int | None = None) -> tuple[list[Token], list[Token], frozenset[int]]:
        """``analyze_with_compounds``, plus a kanji numeral and the suffix after it as a
        compound (``一次``, ``第一次``: Sudachi keeps them apart), and the words that are bound
        (``analysis.units``): inside a compound, a piece of one character that is no
        number (``省`` in ``外務省``, ``国`` in ``加盟国``) and a kanji numeral (``一`` in
        ``一次``).  ``外務`` stays a word of ``外務省``."""
        words, joined = self.analyze_with_compounds(text, start, end)
        numerals = _KANJI_NUMERAL_RE.search(text, start, len(text) if end is None else end)
        if len(words) < 2 or not (joined or numerals):
            return words, joined, frozenset()
        first = {t.start: i for i, t in enumerate(words)}
        last = {t.end: i for i, t in enumerate(words)}
        spans = [(first[c.start], last[c.end] + 1) for c in joined if c.start in first and c.end in last]
        covered = {k for i, j in spans for k in range(i, j)}
        extra: list[Token] = []
        for k in range(len(words) - 1 if numerals else 0):
            t, nxt = words[k], words[k + 1]
            if k in covered or k + 1 in covered or not _kanji_numeral(t.form) or nxt.start != t.end \
                    or len(nxt.form) != 1 or not _is_affix(nxt.form, "接尾辞"):
                continue
            i = k
            if k and k - 1 not in covered and words[k - 1].end == t.start and len(words[k - 1].form) == 1 \
                    and _is_affix(words[k - 1].form, "接頭辞"):
                i = k - 1  # 第一次
            form = text[words[i].start:nxt.end]
            extra.append(_token(form, "".join(w.lemma for w in words[i:k + 2]), self.lang, words[i].start, nxt.end))
            spans.append((i, k + 2))
            covered.update(range(i, k + 2))
        bound = frozenset(k for i, j in spans for k in range(i, j)
                          if (len(words[k].form) == 1 and not words[k].form.isdigit()) or _kanji_numeral(words[k].form))
        if extra:
            joined = sorted([*joined, *extra], key=lambda c: (c.start, c.end))
        return words, joined, bound

    # --- the one pass -----------------------------------------------------------------

    def _run(self, text: str, start: int, end: int | None, tokens: list[Token],
             joined: list[Token] | None) -> None:
        if end is None:
            end = len(text)
        piece = text if start == 0 and end == len(text) else text[start:end]
        if len(piece) <= _ONE_CHUNK_CHARS:
            if piece:
                self._chunk(piece, start, text, tokens, joined)
        else:
            for offset, chunk in chunks(piece):
                self._chunk(chunk, start + offset, text, tokens, joined)

    def _chunk(self, chunk: str, offset: int, text: str, tokens: list[Token],
               joined: list[Token] | None) -> None:
        # The hot loop: most units are dictionary entries already met, whose lemma is
        # cached by word id; everything else goes to ``_unit``.
        tokenizer, split_out = self._state()
        lemmas, lang, append, unit = self._lemmas, self.lang, tokens.append, self._unit
        long_units = self._long_units
        new, cls = _tuple_new, Token  # a token without new_token's call (one per word)
        begin = offset  # units cover the chunk without gaps
        for m in tokenizer.tokenize(chunk):
            end = m.end() + offset
            wid = m.word_id()
            lemma = lemmas.get(wid)
            if lemma:
                append(new(cls, (text[begin:end], lemma, lang, begin, end)))
            elif lemma is None:
                # A long unit met before (only ``_SPLITS`` entries are kept there): its
                # words again, as ``_unit`` would give them, without its calls.
                known = long_units.get(wid)
                if known is not None and known[0] == end - begin:
                    words = known[1]
                    for b, e, word in words:
                        b += begin
                        e += begin
                        append(new(cls, (text[b:e], word, lang, b, e)))
                    if joined is not None and len(words) >= 2 \
                            and words[0][0] == 0 and words[-1][1] == end - begin:
                        joined.append(new(cls, (text[begin:end], search_key(m.normalized_form()),
                                                lang, begin, end)))
                else:
                    unit(m, begin, end, offset, text, tokens, joined, split_out)
            # else "": an entry that is no word (punctuation)
            begin = end

    def _unit(self, m, begin: int, end: int, offset: int, text: str, tokens: list[Token],
              joined: list[Token] | None, split_out) -> None:
        """A long unit whose word id is not a cached plain word."""
        form = text[begin:end]
        what = self._classify(m, form, split_out)
        if what.__class__ is str:
            tokens.append(_token(form, what, self.lang, begin, end))
            return
        if what == _NOT_WORD:
            return
        first = len(tokens)
        if what == _SPLITS:
            # The words of an entry are the same wherever it occurs (unless a part's lemma
            # depends on what precedes it): kept by word id, with the length they cover.
            wid = m.word_id()
            known = self._long_units.get(wid)
            if known is not None and known[0] == end - begin:
                lang = self.lang
                for b, e, lemma in known[1]:
                    tokens.append(_token(text[begin + b : begin + e], lemma, lang, begin + b, begin + e))
            elif self._long_unit(m, offset, text, tokens, split_out):
                words = tuple((t.start - begin, t.end - begin, t.lemma) for t in tokens[first:])
                self._long_units[wid] = (end - begin, words)
        else:
            self._emit(what, form, begin, end, tokens)
        if joined is not None and len(tokens) - first >= 2:
            if tokens[first].start == begin and tokens[-1].end == end:
                joined.append(_token(form, search_key(m.normalized_form()), self.lang, begin, end))

    def _classify(self, m, form: str, split_out=None) -> str | int:
        """The lemma of unit ``m`` (``form`` in the text) if it is one plain word, else what
        it needs (``_NOT_WORD``, ``_SPLITS``, ...); for a dictionary entry, remembered by
        word id.  ``split_out`` None: ``m`` is a short unit already."""
        wid = m.word_id()
        if wid >= _OOV_WORD_ID:  # unknown: only its form and part of speech tell
            if not _has_word_character(form):
                return _NOT_WORD
            pos_id = m.part_of_speech_id()
            nf = m.normalized_form()
            if self._kinds[pos_id] == _NUMBER and (nf != form or not form.isdigit()) \
                    and _is_numerals(form):
                return _NUMERALS
            return _lemma(nf, self._pos[pos_id], m)
        known = self._lemmas.get(wid)
        if known is not None:
            return known or _NOT_WORD
        mark = self._marks.get(wid)
        if mark is not None:
            return mark
        pos_id = m.part_of_speech_id()
        kind = self._kinds[pos_id]
        if kind == _SYMBOL or not _has_word_character(form):
            self._lemmas[wid] = ""
            return _NOT_WORD
        nf = m.normalized_form()
        if split_out is not None and len(form) > 1 and len(m.split(SplitMode.A, split_out, False)):
            mark = _SPLITS
        elif kind == _NUMBER:
            if (nf != form or not form.isdigit()) and _is_numerals(form):
                if len(form) > 1:
                    mark = _NUMERALS
                else:  # 一: UniDic's lemma is the kanji; １: 1
                    lemma = self._lemmas[wid] = form if form in _KANJI_NUMERALS else _digit_key(form)
                    return lemma
        elif form[0].isdigit() and not form.isdigit():
            mark = _DIGITS
        elif nf == "おく" and kind == _VERB:
            mark = _AFTER_NI
        if mark is None:
            lemma = self._lemmas[wid] = _lemma(nf, self._pos[pos_id], m)
            return lemma
        self._marks[wid] = mark
        return mark

    def _emit(self, mark: int, form: str, begin: int, end: int, tokens: list[Token]) -> None:
        """The words of a short unit that needs ``mark`` (``_NUMERALS``, ``_DIGITS``,
        ``_AFTER_NI``)."""
        lang = self.lang
        if mark == _NUMERALS:
            # UniDic's units: each digit run, each kanji numeral; separators are no words
            i, n = 0, len(form)
            while i < n:
                j = i + 1
                if form[i].isdigit():
                    while j < n and form[j].isdigit():
                        j += 1
                    tokens.append(_token(form[i:j], _digit_key(form[i:j]), lang, begin + i, begin + j))
                elif form[i] not in _NUMBER_SEPARATORS:
                    tokens.append(_token(form[i], form[i], lang, begin + i, begin + j))
                i = j
        elif mark == _DIGITS:  # 1人 → 1 | 人 (the lemma of the rest is its form)
            j = 1
            while form[j].isdigit():
                j += 1
            tokens.append(_token(form[:j], _digit_key(form[:j]), lang, begin, begin + j))
            tokens.append(_token(form[j:], search_key(form[j:]), lang, begin + j, end))
        elif mark == _AFTER_NI:
            lemma = "於く" if tokens and tokens[-1].lemma == "に" else "置く"
            tokens.append(_token(form, lemma, lang, begin, end))

    def _long_unit(self, m, offset: int, text: str, tokens: list[Token], split_out) -> bool:
        """The short units of long unit ``m``; a middle unit made only of verbs (a compound
        verb, ``見送る``) is one word, as in UniDic.  False if a lemma depended on the word
        before."""
        kinds = self._kinds
        parts = m.split(SplitMode.A, split_out, False)
        verbs = [kinds[p.part_of_speech_id()] == _VERB for p in parts]
        joins = set()
        if any(a and b for a, b in zip(verbs, verbs[1:])):
            groups: list = []
            for mid in m.split(SplitMode.B, None, False) or [m]:
                shorts = list(mid.split(SplitMode.A, None, False)) or [mid]
                if len(shorts) > 1 and all(kinds[p.part_of_speech_id()] == _VERB for p in shorts):
                    joins.add(len(groups))
                    groups.append(mid)
                else:
                    groups.extend(shorts)
            parts = groups
        context_free = True
        for i, p in enumerate(parts):
            begin, end = p.begin() + offset, p.end() + offset
            form = text[begin:end]
            if i in joins:  # a compound verb
                lemma = _lemma(p.normalized_form(), self._pos[p.part_of_speech_id()], p)
                tokens.append(_token(form, lemma, self.lang, begin, end))
                continue
            what = self._classify(p, form)
            if what.__class__ is str:
                tokens.append(_token(form, what, self.lang, begin, end))
            elif what != _NOT_WORD:
                self._emit(what, form, begin, end, tokens)
                context_free = context_free and what != _AFTER_NI
        return context_free


def _lemma(nf: str, pos: tuple[str, ...], m) -> str:
    """The lemma (search key) of unit ``m`` with normalized form ``nf`` and part of speech
    ``pos``, in UniDic's conventions."""
    special = _KANJI_LEMMAS.get(nf)
    if special is not None:
        for prefix, lemma in special:
            if pos[: len(prefix)] == prefix:
                return lemma
    elif nf.endswith("じる") and pos[0] == "動詞":
        reading = m.reading_form()
        return _zuru(nf, reading[: reading.rfind("ジ")]) or search_key(nf)
    return search_key(nf)


@lru_cache(maxsize=4096)
def _zuru(nf: str, stem: str) -> str | None:
    """``感ずる`` for ``感じる`` (stem read ``カン``): the サ変 ``-ずる`` verb the dictionary
    unifies with ``nf``, if its stem reads the same (``混じる`` read ``マジル`` is not
    ``混ずる`` ``コンズル``)."""
    zuru = nf[:-2] + "ずる"
    for m in dictionary().lookup(zuru):
        if m.normalized_form() == nf and m.part_of_speech()[4] == "サ行変格" \
                and m.reading_form() == stem + "ズル":
            return zuru
    return None
