"""How a query is read: which stretches of it are concepts of the glossary, which are words.

People do not type quotes: ``Council of Foreign Ministers``, ``Устав ОДКБ`` or
``CSTO事務局長`` are names, typed as words.  Consecutive words (under one AND, not prefixes,
not quoted) are analyzed like the text and their tokens searched, left to right, for the
longest stretch the glossary knows (``AnalyzedGlossary.lookup``):

- a concept's **name**, in any language and across scripts (``เลขาธิการ CSTO``);
- a **family** member: a word that derives from a name by rule or is listed in the
  concept's ``family`` (``extremist``, ``ผู้ก่อการร้าย``, ``過激派``);
- a distinctive **part** of a name (``Secretary General``, ``Генеральный секретарь``).
  A part in the names of several concepts (``Charter``) reaches none: it is read as a word
  and the reading reports what it might mean;
- failing all of these, the **words of a name** in another order or with words left out
  (``treaty extension protocol``, ``Security Council secretaries``): two or more content
  words that only one concept's name has all of (``AnalyzedGlossary.by_words``), and no
  name or part starting inside the stretch; for Thai, also **close words** of a name
  (``กองกำลังตอบโต้เร็ว``: one word as in the name, the others held in or starting like
  its words, ``glossary.analyzed.close_thai``).

Tokens no stretch covers stay words, grouped back into the words they came from, and are
ANDed as before.  A ``"quoted phrase"`` is the exact wording: it is read as a concept only
when it is, as a whole, a name or a part of one; then the concept's other names are
searched, but never its family or narrower concepts (``compiler``).  ``word*`` is a prefix.
The result is the same tree with ``Unit`` leaves, which the compiler turns into queries and
search reports to the user (``interpretation``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis import analyze_with_compounds
from ..glossary import AnalyzedGlossary
from ..langid import identify
from ..normalize import normalize, search_key
from .parser import And, Not, Or, Phrase, Word

#: How a unit was read.
WORD, PHRASE, PREFIX = "word", "phrase", "prefix"
NAME, FAMILY, PART, WORDS, CLOSE = "name", "family", "part", "words", "close"
CONCEPT_READINGS = (NAME, FAMILY, PART, WORDS, CLOSE)


@dataclass(frozen=True)
class Unit:
    """A stretch of the query and how it is read; a leaf of the read tree."""

    text: str  # as typed (normalized), the words of the stretch
    how: str  # WORD, PHRASE, PREFIX, or NAME / FAMILY / PART (a concept reading)
    lemmas: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    compounds: tuple = ()  # compound tokens inside the stretch (an optional boost)
    concepts: tuple[str, ...] = ()  # the concepts it reaches
    ambiguous: tuple[str, ...] = ()  # concepts it might mean (reported, not searched)
    quoted: bool = False
    prefix: str = ""  # the search key of a prefix
    words: tuple[int, ...] = ()  # how many of the tokens each typed word gave, in order

    @property
    def concept(self) -> bool:
        return self.how in CONCEPT_READINGS and bool(self.concepts)


@dataclass
class _Tok:
    word: int  # index of the query word it came from
    start: int  # offsets in that word's normalized text
    end: int
    lemma: str
    form: str


@dataclass
class _Word:
    text: str
    tokens: list = field(default_factory=list)
    compounds: list = field(default_factory=list)


def read(tree, glossary: AnalyzedGlossary | None):
    """``tree`` with every word, phrase and prefix replaced by ``Unit`` leaves (an And where a
    word splits into several); words no glossary (None) could read stay words."""
    if isinstance(tree, And):
        return _and(tree.children, glossary)
    if isinstance(tree, Or):
        return _flat(Or, [read(c, glossary) for c in tree.children])
    if isinstance(tree, Not):
        return Not(read(tree.child, glossary))
    return _and((tree,), glossary)


def units(tree) -> list[Unit]:
    """The units of a read tree, in query order (excluded ones too)."""
    if isinstance(tree, Unit):
        return [tree]
    if isinstance(tree, Not):
        return units(tree.child)
    return [u for c in tree.children for u in units(c)]


def _flat(kind, children: list):
    children = [c for c in children if c is not None]
    if not children:
        return None
    return children[0] if len(children) == 1 else kind(tuple(children))


def _and(children, glossary):
    out: list = []
    run: list[Word] = []
    for child in (*children, None):
        if isinstance(child, Word) and not child.prefix:
            run.append(child)
            continue
        if run:
            out.extend(_words(run, glossary))
            run = []
        if child is None:
            break
        if isinstance(child, Word):
            key = search_key(normalize(child.text).text)
            out.append(Unit(child.text + "*", PREFIX, prefix=key) if key else None)
        elif isinstance(child, Phrase):
            out.append(_phrase(child.text, glossary))
        elif isinstance(child, Not):
            inner = read(child.child, glossary)
            out.append(Not(inner) if inner is not None else None)
        else:
            out.append(read(child, glossary))
    return _flat(And, out)


def _analyzed(text: str, index: int) -> _Word:
    norm = normalize(text).text
    word = _Word(norm)
    if norm:
        tokens, compounds = analyze_with_compounds(norm, identify(norm))
        word.tokens = [_Tok(index, t.start, t.end, t.lemma, search_key(t.form)) for t in tokens]
        word.compounds = compounds
    return word


def _phrase(text: str, glossary) -> Unit | None:
    word = _analyzed(text, 0)
    if not word.tokens:
        return None
    unit = _unit([word], word.tokens, PHRASE, quoted=True)
    if glossary is not None:
        found = glossary.lookup(unit.lemmas, unit.forms)
        if found is not None and found.how in (NAME, PART):
            return _unit([word], word.tokens, found.how, found.concepts, found.ambiguous, quoted=True)
    return unit


def _words(run: list[Word], glossary) -> list[Unit]:
    words = [_analyzed(w.text, i) for i, w in enumerate(run)]
    tokens = [t for w in words for t in w.tokens]
    out: list[Unit] = []
    plain: list[_Tok] = []
    ambiguous: dict[int, tuple[str, ...]] = {}  # token index → what an ambiguous stretch there may mean

    def flush():
        for i in sorted({t.word for t in plain}):
            mine = [t for t in plain if t.word == i]
            maybe = tuple(dict.fromkeys(c for t in mine for c in ambiguous.get(id(t), ())))
            out.append(_unit(words, mine, WORD, ambiguous=maybe))
        plain.clear()

    i = 0
    longest = glossary.longest if glossary is not None else 0
    while i < len(tokens):
        found, end = None, i
        for j in range(min(len(tokens), i + longest), i, -1):
            if not (_splits(tokens, i) and _splits(tokens, j)):
                continue
            lemmas = tuple(t.lemma for t in tokens[i:j])
            forms = tuple(t.form for t in tokens[i:j])
            hit = glossary.lookup(lemmas, forms)
            if hit is None:
                continue
            if hit.concepts:
                found, end = hit, j
                break
            for t in tokens[i:j]:  # an ambiguous stretch: remember it, read it as words
                ambiguous.setdefault(id(t), hit.ambiguous)
        if found is None and glossary is not None:
            found, end = _by_words(tokens, i, longest, glossary)
        if found is None:
            plain.append(tokens[i])
            i += 1
            continue
        flush()
        out.append(_unit(words, tokens[i:end], found.how, found.concepts))
        i = end
    flush()
    return [u for u in out if u is not None]


def _by_words(tokens: list[_Tok], i: int, longest: int, glossary):
    """The longest stretch from token ``i`` that is a name's words in any order, and where it
    ends; none holds a stretch that is a name or a part of its own (those are read first)."""
    for j in range(min(len(tokens), i + longest), i + 1, -1):
        if not (_splits(tokens, i) and _splits(tokens, j)):
            continue
        if any(_named_from(tokens, k, j, glossary) for k in range(i + 1, j)):
            continue
        hit = glossary.by_words(tuple(t.lemma for t in tokens[i:j]))
        if hit is not None:
            return hit, j
    return None, i


def _named_from(tokens: list[_Tok], k: int, limit: int, glossary) -> bool:
    """Whether a name, family word or part of one concept starts at token ``k`` (ending by ``limit``)."""
    if not _splits(tokens, k):
        return False
    for j in range(k + 1, limit + 1):
        if _splits(tokens, j):
            hit = glossary.lookup(tuple(t.lemma for t in tokens[k:j]), tuple(t.form for t in tokens[k:j]))
            if hit is not None and hit.concepts:
                return True
    return False


def _splits(tokens: list[_Tok], k: int) -> bool:
    """Whether a stretch may begin or end before token ``k``: between two words, or inside
    a word between tokens written together (``集団安全保障条約機構|加盟国``), never at a
    symbol (``CSTO~2`` is one word, searched as written)."""
    if k == 0 or k == len(tokens) or tokens[k - 1].word != tokens[k].word:
        return True
    return tokens[k - 1].end == tokens[k].start


def _unit(words: list[_Word], tokens: list[_Tok], how: str, concepts=(), ambiguous=(), quoted=False) -> Unit:
    """The unit of ``tokens`` (in query order), its text taken from the words they came from."""
    pieces = []
    compounds = []
    sizes = []
    for i in dict.fromkeys(t.word for t in tokens):
        mine = [t for t in tokens if t.word == i]
        start, end = mine[0].start, mine[-1].end
        pieces.append(words[i].text[start:end])
        sizes.append(len(mine))
        compounds.extend(c for c in words[i].compounds if start <= c.start and c.end <= end)
    return Unit(" ".join(pieces), how, tuple(t.lemma for t in tokens), tuple(t.form for t in tokens),
                tuple(compounds), tuple(concepts), tuple(ambiguous), quoted, words=tuple(sizes))
