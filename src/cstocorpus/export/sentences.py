"""Cut a passage into sentences, as ``[start, end)`` offsets into its original text.

Offsets rather than strings, so that an exported excerpt can say exactly where it stands in
its passage.  Thai writes no sentence punctuation (a space ends a sentence, but also a clause
or a list item), so Thai passages go to PyThaiNLP's CRF sentence model (``crfcut``, bundled
with the package: nothing is downloaded).  Everything else is cut by a small rule set: a
sentence ends at ``. ! ? …`` followed by a space and a word that does not start in lower
case (so ``в 2015 г. созданы`` and initials like ``В. В. Путин`` stay whole), or at ``。！？``
anywhere; closing quotes and brackets stay with the sentence they close.
"""

from __future__ import annotations

import functools

import regex

Span = tuple[int, int]

_CLOSERS = "\"'”’»)\\]」』）】〉》"
# Latin/Cyrillic-style end: terminators, closers, then whitespace, then the next sentence.
_WESTERN_END = regex.compile(rf"[.!?…]+[{_CLOSERS}]*(?=\s+(\S))")
# CJK end: no space needed after it.
_CJK_END = regex.compile(rf"[。！？]+[{_CLOSERS}]*")
# Words whose final period is an abbreviation, not a sentence end (lowercased, no period).
_ABBREVIATIONS = frozenset({
    "г", "гг", "им", "ул", "стр", "см", "т", "тыс", "млн", "млрд", "руб", "н", "э",
    "e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "jan", "feb", "aug", "sept", "oct", "nov", "dec",
})


def sentence_spans(text: str, lang: str = "") -> list[Span]:
    """The sentences of ``text``, in order, without surrounding whitespace; never empty for text with
    non-space content."""
    cuts = _thai_cuts(text) if lang == "th" else _rule_cuts(text)
    spans: list[Span] = []
    start = 0
    for end in [*cuts, len(text)]:
        span = _strip(text, start, end)
        if span:
            spans.append(span)
        start = end
    return spans


def _rule_cuts(text: str) -> list[int]:
    cuts: set[int] = set()
    for m in _WESTERN_END.finditer(text):
        following = m.group(1)
        if following.islower() or _is_abbreviation(text, m.start()):
            continue
        cuts.add(m.end())
    for m in _CJK_END.finditer(text):
        cuts.add(m.end())
    return sorted(c for c in cuts if 0 < c < len(text))


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at ``dot`` closes an initial (``В.``) or a known abbreviation."""
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot]
    if len(word) == 1 and word.isupper():
        return True
    return word.lower() in _ABBREVIATIONS


def _thai_cuts(text: str) -> list[int]:
    """Sentence ends found by crfcut, mapped back to offsets in ``text``."""
    cuts: list[int] = []
    pos = 0
    for segment in _crfcut()(text):
        found = text.find(segment, pos)
        if found < 0:  # crfcut changed the text (it should not): keep the passage whole
            return []
        pos = found + len(segment)
        cuts.append(pos)
    return cuts[:-1]


@functools.cache
def _crfcut():
    from pythainlp.tokenize import crfcut  # loads the bundled CRF model once

    return crfcut.segment


def _strip(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
