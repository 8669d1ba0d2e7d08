"""Thai word units: the compounds a stretch of Thai holds, nested, and the pieces of them
that are no word of their own (``cstocorpus.analysis.units``).

A compound is one of:

- ``การ``/``ความ``/``อย่าง``/``น่า`` and the verb or adjective after it (``การฝึก``,
  ``ความร่วมมือ``; inside a longer compound, and the one word after it: ``การ|ก่อการร้าย``):
  the prefix is bound, the verb is a word (a search for ``ฝึก`` finds ``การฝึก``, one for
  ``ร่วมมือ`` finds ``ความร่วมมือ``);
- a word of the coarse list spanning several pieces.  If the Thai National Corpus writes it
  as one word (``ร่วมมือ``, ``หน่วยงาน``, ``ลงนาม``, ``กองกำลัง``, ``ยาเสพติด``: at least
  ``LEXICAL_MIN`` times in PyThaiNLP's TNC frequency list), it is *lexical*: its pieces of one
  syllable (``มือ``, ``งาน``, ``นาม``, ``กอง``) are bound; longer pieces (``กำลัง``,
  ``อาวุธ``) and names stay words, and so do verbs that make a word together, each keeping
  its meaning (``ฝึก|อบรม``, training; ``ฝึก|ซ้อม``, drill).  Otherwise (``ประเทศสมาชิก``, ``ทางทหาร``,
  ``รักษาสันติภาพ``, ``ติดอาวุธ``) it is a phrase of words, each a word unit;
- a multi-word term of the domain (``th_compounds.txt``): a phrase of words, always.

A phrase is cut into the fewest words the lists know (``กองกำลังรักษาสันติภาพ`` =
``กองกำลัง`` + ``รักษาสันติภาพ`` = ``กองกำลัง`` + ``รักษา`` + ``สันติภาพ``), each of which is
a compound again when it spans several pieces, so units nest.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from cstocorpus.analysis.thai import (
    DATA,
    PREFIXES,
    _entries,
    _pythainlp_corpus,
    coarse_words,
    domain_words,
    predicates,
)
from cstocorpus.models import Token, new_token

#: A compound the TNC writes as one word at least this often is lexical.
LEXICAL_MIN = 20
#: Longest run of pieces looked up as one word when a phrase is cut into its words.
MAX_PIECES = 8

Span = tuple[int, int]  # word indices, end exclusive


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Written Thai syllables (PyThaiNLP's ``syllables_th.txt``): a piece that is one of them
    is a single syllable."""
    return frozenset(_entries(_pythainlp_corpus() / "syllables_th.txt"))


@lru_cache(maxsize=1)
def lexical_words() -> frozenset[str]:
    """Words the Thai National Corpus writes as one at least ``LEXICAL_MIN`` times."""
    out = set()
    with open(_pythainlp_corpus() / "tnc_freq.txt", encoding="utf-8-sig") as f:
        for line in f:
            w, _, n = line.rstrip("\n").partition("\t")
            if n and int(n) >= LEXICAL_MIN:
                out.add(w)
    return frozenset(out)


@lru_cache(maxsize=1)
def domain_terms() -> frozenset[str]:
    return frozenset(_entries(DATA / "th_compounds.txt"))


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], ...]:
    """The lists ``units`` reads, loaded once: predicates, coarse words, lexical words,
    domain terms, names, syllables."""
    return predicates(), coarse_words(), lexical_words(), domain_terms(), domain_words(), syllables()


def units(words: list[Token], spans: Iterable[Span], prefixed: Iterable[Span],
          lang: str = "th") -> tuple[list[Token], frozenset[int]]:
    """The compounds of ``words`` (each a ``Token`` over two or more consecutive words), from
    the coarse words found over them (``spans``) and the prefix compounds (``prefixed``), with
    the words nested in them; and the indices of the words that are bound."""
    spans = set(spans)
    prefixed = _prefixed(words, spans, prefixed) if prefixed or spans else set()
    if not spans and not prefixed:
        return [], frozenset()
    preds, coarse, lexical, terms, names, single = _lists()
    forms = [t.form for t in words]
    work = sorted(spans | prefixed)
    found: dict[Span, str] = {}
    bound: set[int] = set()
    while work:
        span = work.pop()
        if span in found:
            continue
        i, j = span
        text = found[span] = "".join(forms[i:j])
        if span in prefixed or (forms[i] in PREFIXES and (j - i == 2 or text[len(forms[i]):] in preds)):
            bound.add(i)
            if j - i > 2:
                work.append((i + 1, j))
        elif text in lexical and text not in terms:
            if all(f in preds for f in forms[i:j]):
                continue  # verbs in a row keep their meanings: ฝึก|อบรม (train), ฝึก|ซ้อม (drill)
            bound.update(k for k in range(i, j) if forms[k] in single and forms[k] not in names)
        else:
            work.extend(s for s in _words_of(forms, i, j, coarse, prefixed) if s[1] - s[0] > 1)
    compounds = [new_token(found[span], found[span], lang, words[span[0]].start, words[span[1] - 1].end)
                 for span in sorted(found)]
    return compounds, frozenset(bound)


def _prefixed(words: list[Token], spans: set[Span], prefixed: Iterable[Span]) -> set[Span]:
    """The prefix compounds that agree with the coarse words: one that crosses a coarse word
    is left out (``ดำเนินการ|ตัดสินใจ``, not ``ดำเนิน|การตัดสินใจ``; ``อย่าง|ผิดกฎหมาย``), and a
    prefix right before a coarse word that is a verb makes a compound with it
    (``การ|มีส่วนร่วม``)."""
    out = {p for p in prefixed
           if not any(s[0] < p[0] < s[1] < p[1] or p[0] < s[0] < p[1] < s[1] for s in spans)}
    if not spans:
        return out
    inside = {k for i, j in spans for k in range(i, j)}
    preds = predicates()
    for k, j in spans:
        if k and k - 1 not in inside and words[k - 1].form in PREFIXES and words[k - 1].end == words[k].start \
                and "".join(t.form for t in words[k:j]) in preds:
            out.add((k - 1, j))
    return out


def _words_of(forms: list[str], i: int, j: int, coarse: frozenset[str], prefixed: set[Span]) -> list[Span]:
    """The fewest words (single pieces, coarse words, prefix compounds) that make up
    ``forms[i:j]``, other than the whole."""
    best: list[list[Span] | None] = [None] * (j - i + 1)
    best[0] = []
    for a in range(i, j):
        here = best[a - i]
        if here is None:
            continue
        for b in range(a + 1, min(j, a + MAX_PIECES) + 1):
            if (a, b) == (i, j):
                continue
            if b - a > 1 and (a, b) not in prefixed and "".join(forms[a:b]) not in coarse:
                continue
            if best[b - i] is None or len(best[b - i]) > len(here) + 1:
                best[b - i] = [*here, (a, b)]
    return best[j - i] or []
