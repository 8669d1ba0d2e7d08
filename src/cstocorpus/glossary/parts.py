"""Parts of names that reach their concept: ``Secretary General`` of ``CSTO Secretary General``.

A name is often another concept's name plus what distinguishes it: ``CSTO Charter`` is the
CSTO and ``Charter``, ``Генеральный секретарь ОДКБ`` the CSTO and ``Генеральный секретарь``,
``เลขาธิการ CSTO`` the CSTO and ``เลขาธิการ``.  That remainder (the name's tokens other
concepts' names do not cover, with function words trimmed from its ends) is the name's
*part*.  A part reaches its concept only when it is distinctive in the glossary: no name or
family word of another concept contains it.  ``Charter`` is in the names of the CSTO
Charter and of the UN Charter, so it reaches neither; it is *ambiguous*, and a search
reports it rather than guess.
"""

from __future__ import annotations

from collections.abc import Iterable

Lemmas = tuple[str, ...]

#: Function words a part does not start or end with, and that alone are no part.
FUNCTION_WORDS = frozenset({
    # English
    "of", "the", "a", "an", "for", "on", "in", "and", "to", "at", "by", "with",
    # Russian
    "о", "об", "в", "на", "по", "при", "для", "и", "до", "с", "к",
    # Thai
    "ของ", "แห่ง", "ใน", "ว่าด้วย", "เกี่ยวกับ", "และ", "เพื่อ", "ที่", "ด้าน", "สำหรับ", "ต่อ", "โดย",
    # Japanese
    "の", "に", "関する", "する", "と", "・",
})


def _content(run: Lemmas) -> bool:
    return any(t not in FUNCTION_WORDS and not t.isdigit() for t in run)


def _trimmed(run: list[str]) -> Lemmas:
    start, end = 0, len(run)
    while start < end and run[start] in FUNCTION_WORDS:
        start += 1
    while end > start and run[end - 1] in FUNCTION_WORDS:
        end -= 1
    return tuple(run[start:end])


def contains(seq: Lemmas, part: Lemmas) -> bool:
    n = len(part)
    return 0 < n <= len(seq) and any(seq[i:i + n] == part for i in range(len(seq) - n + 1))


#: Japanese suffixes that make an office or a person of an organ (事務局 → 事務局長, the
#: Secretary General; 大使館 → 大使館員, embassy staff): the organ with one of them is another word.
OFFICE_SUFFIXES = frozenset({"長", "員", "官"})


def holds(seq: Lemmas, part: Lemmas) -> bool:
    """Whether a name ``seq`` holds ``part`` as words of its own: not where a Japanese part is
    followed by an office suffix (``事務局`` is no word of ``事務局長``)."""
    n = len(part)
    cjk = any("\u3040" <= ch <= "\u9fff" for ch in part[-1]) if part else False
    return any(seq[i:i + n] == part and not (cjk and i + n < len(seq) and seq[i + n] in OFFICE_SUFFIXES)
               for i in range(len(seq) - n + 1)) if 0 < n <= len(seq) else False


def remainders(name: Lemmas, qualifiers: dict[Lemmas, set[str]], concept: str) -> list[Lemmas]:
    """What is left of ``name`` (a name of ``concept``) when one qualifier -- the name of
    another concept that owns or locates things: an organization, a state -- is taken out of
    it: each a single run of tokens with a content word, function words trimmed."""
    out = []
    for i in range(len(name)):
        for j in range(i + 1, len(name) + (i > 0)):
            owners = qualifiers.get(name[i:j])
            if not owners or owners == {concept}:
                continue
            runs = [_trimmed(list(r)) for r in (name[:i], name[j:])]
            runs = [r for r in runs if r and _content(r)]
            if len(runs) == 1:
                out.append(runs[0])
    return out


def _long_enough(part: Lemmas) -> bool:
    """A part of one word must not be an abbreviation or a single character."""
    if len(part) > 1:
        return True
    word = part[0]
    cjk = any("\u3040" <= ch <= "\u9fff" for ch in word)
    return len(word) >= (2 if cjk else 4)


def name_parts(names: Iterable[tuple[str, Lemmas]], words: Iterable[tuple[str, Lemmas]],
               qualifiers: set[str], scoped: set[Lemmas]) -> dict[Lemmas, tuple[str, ...]]:
    """Every part of the glossary's names → the concepts it may mean.

    ``names``: (concept, lemmas) of every name that is valid everywhere; ``words``: the same
    for every name and family word, which decide whether a part is distinctive;
    ``qualifiers``: the concepts whose names qualify others (organizations, states);
    ``scoped``: document-scoped names, which are never parts (the glossary scoped them
    because they mean something else elsewhere: ``PA``, ``RATS``).  A part maps to one
    concept when only that concept's words contain it; otherwise to all those whose words
    do (an ambiguous part).
    """
    names = list(names)
    words = list(words)
    named: dict[Lemmas, set[str]] = {}
    by_qualifier: dict[Lemmas, set[str]] = {}
    for concept, lemmas in names:
        named.setdefault(lemmas, set()).add(concept)
        if concept in qualifiers:
            by_qualifier.setdefault(lemmas, set()).add(concept)
    candidates: dict[Lemmas, set[str]] = {}
    for concept, lemmas in names:
        if len(lemmas) < 2:
            continue
        for part in remainders(lemmas, by_qualifier, concept):
            if part not in named and part not in scoped and _long_enough(part):
                candidates.setdefault(part, set()).add(concept)
    out: dict[Lemmas, tuple[str, ...]] = {}
    for part, concepts in candidates.items():
        holders = {c for c, lemmas in words if holds(lemmas, part)}
        out[part] = tuple(sorted(holders | concepts))
    return out
