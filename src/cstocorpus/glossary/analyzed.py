"""The glossary with every alias analyzed like the text, as the index stores it.

Aliases are analyzed at build time with the same analyzers as the passages (a Russian alias
matches every form of its words; a Thai or Japanese alias is segmented as the text is), and
stored in the index generation, so queries and the indexed text always agree on tokens.

Besides each concept's names (``role = "name"``) the analyzed glossary holds its word family
(``role = "family"``: the glossary's ``family:`` words and the members the rules of
``families`` derive from every name), the links between concepts, and the parts of names
that reach a concept (``parts``).  The query reader (``query.reading``) looks stretches of a
query up here: as a name, as a family key, or as a part.

A concept's ``short`` forms (the head word a text uses once it has named the concept:
``Treaty``, ``Договор``) are kept apart (``shorts_of``): they are never looked up as names,
only searched by ``query.context`` in documents that name the concept in full.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from cstocorpus.analysis import analyze
from cstocorpus.glossary.families import family_key, family_variants
from cstocorpus.glossary.load import Glossary
from cstocorpus.glossary.parts import FUNCTION_WORDS, name_parts
from cstocorpus.normalize import normalize, search_key

#: Kinds of concept whose names qualify other names (``CSTO`` in ``CSTO Secretariat``): what
#: is left of a name without one of them is a part that may reach its concept (``parts``).
QUALIFIER_KINDS = frozenset({"organization", "state", "former_state"})
#: Version of the stored JSON (a list of aliases before links and families existed).
JSON_FORMAT = 2


@dataclass(frozen=True)
class AnalyzedAlias:
    concept: str  # concept id
    label: str  # the concept's label, shown as the reason for a match
    lang: str
    text: str
    lemmas: tuple[str, ...]
    forms: tuple[str, ...]
    doc: str = ""  # the only document where this alias means the concept ("" = everywhere)
    role: str = "name"  # "name", or "family": a word of the concept's family


@dataclass(frozen=True)
class ConceptInfo:
    id: str
    label: str
    kind: str
    broader: tuple[str, ...] = ()
    narrower: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lookup:
    """What a stretch of query tokens is in the glossary."""

    how: str  # "name", "family" or "part"
    concepts: tuple[str, ...] = ()  # the concepts it reaches: one, or several for an ambiguous part
    ambiguous: tuple[str, ...] = field(default=())  # concepts an ambiguous part may mean


class AnalyzedGlossary:
    def __init__(self, aliases: list[AnalyzedAlias], concepts: Iterable[ConceptInfo] = (),
                 parts: dict[tuple[str, ...], tuple[str, ...]] | None = None,
                 shorts: list[AnalyzedAlias] | None = None):
        self.aliases = aliases
        self.shorts = shorts or []
        self.concepts: dict[str, ConceptInfo] = {c.id: c for c in concepts}
        self.parts = parts or {}
        self._by_concept: dict[str, list[AnalyzedAlias]] = {}
        self._names: dict[tuple[str, ...], set[str]] = {}
        self._keys: dict[tuple[str, ...], set[str]] = {}
        for a in aliases:
            self._by_concept.setdefault(a.concept, []).append(a)
            if a.doc:  # a scoped alias is no name of the concept elsewhere: never looked up
                continue
            if a.role == "name":
                self._names.setdefault(a.lemmas, set()).add(a.concept)
                self._names.setdefault(a.forms, set()).add(a.concept)
            self._keys.setdefault(family_key(a.lemmas), set()).add(a.concept)
        self._word_sets: dict[str, list[tuple[frozenset[str], str]]] = {}  # content word → (a name's words, concept)
        for a in aliases:
            if a.role == "name" and not a.doc:
                words = content_words(a.lemmas)
                for w in words:
                    self._word_sets.setdefault(w, []).append((words, a.concept))
        #: The longest name, family word or part, in tokens: no query stretch beyond it can match.
        self.longest = max([len(a.lemmas) for a in aliases] + [len(p) for p in self.parts], default=0)

    @classmethod
    def build(cls, glossary: Glossary) -> AnalyzedGlossary:
        names: list[AnalyzedAlias] = []
        for c in glossary.concepts:
            for lang, words in c.names.items():
                names.extend(_analyzed(c.id, c.label, lang, w) for w in words)
            for doc, lang, words in c.scoped:
                names.extend(_analyzed(c.id, c.label, lang, w, doc) for w in words)
            for lang, words in c.family.items():
                names.extend(_analyzed(c.id, c.label, lang, w, role="family") for w in words)
        names = [a for a in names if a.lemmas]
        shorts = [a for c in glossary.concepts for lang, words in c.short.items()
                  for a in (_analyzed(c.id, c.label, lang, w, role="short") for w in words) if a.lemmas]
        everywhere = [a for a in names if not a.doc]
        owner: dict[tuple[str, ...], set[str]] = {}
        for a in everywhere:
            if a.role == "name":
                owner.setdefault(a.lemmas, set()).add(a.concept)
        derived: list[AnalyzedAlias] = []
        have = {(a.concept, a.lemmas) for a in names}
        for a in everywhere:
            for variant in family_variants(a.lemmas):
                # A variant that names another concept belongs to that concept
                # (องค์การสนธิสัญญา… without องค์การ is the Treaty, not the Organization).
                if owner.get(variant, {a.concept}) != {a.concept} or (a.concept, variant) in have:
                    continue
                have.add((a.concept, variant))
                derived.append(AnalyzedAlias(a.concept, a.label, a.lang, " ".join(variant), variant, variant,
                                             role="family"))
        qualifiers = {c.id for c in glossary.concepts if c.kind in QUALIFIER_KINDS}
        parts = name_parts(((a.concept, a.lemmas) for a in everywhere if a.role == "name"),
                           ((a.concept, a.lemmas) for a in everywhere + derived), qualifiers,
                           {a.lemmas for a in names if a.doc})
        infos = [ConceptInfo(c.id, c.label, c.kind, c.broader, c.narrower, c.related) for c in glossary.concepts]
        return cls(names + derived, infos, parts, shorts)

    # --- looking up ------------------------------------------------------------------------

    def concepts_named(self, lemmas: tuple[str, ...], forms: tuple[str, ...]) -> list[str]:
        """Ids of the concepts one of whose (unscoped) names is this word sequence."""
        return sorted(self._names.get(lemmas, set()) | self._names.get(forms, set()))

    def lookup(self, lemmas: tuple[str, ...], forms: tuple[str, ...]) -> Lookup | None:
        """The stretch of query tokens as a name, else as a family key, else as a part."""
        named = self.concepts_named(lemmas, forms)
        if named:
            return Lookup("name", tuple(named))
        family = self._keys.get(family_key(lemmas))
        if family and len(family) == 1:
            return Lookup("family", tuple(family))
        part = self.parts.get(lemmas)
        if part:
            return Lookup("part", part) if len(part) == 1 else Lookup("part", (), part)
        if family:  # a key several concepts share: ambiguous, like a part of several names
            return Lookup("family", (), tuple(sorted(family)))
        return None

    def by_words(self, lemmas: tuple[str, ...]) -> Lookup | None:
        """The one concept a name of which has all these content words, in any order (two at
        least, and half of the name's at least, counted in letters: Thai and Japanese words are
        of any length): ``treaty extension protocol`` is the Protocol on the Extension of the
        Collective Security Treaty.  None when no name or several concepts' names have them."""
        words = content_words(lemmas)
        if len(words) < 2:
            return None
        first = min(words, key=lambda w: len(self._word_sets.get(w, ())))
        size = sum(map(len, words))
        concepts = {c for have, c in self._word_sets.get(first, ())
                    if words <= have and 2 * size >= sum(map(len, have))}
        if concepts:
            return Lookup("words", tuple(concepts)) if len(concepts) == 1 else None
        return self._by_close_words(words, size)

    def _by_close_words(self, words: frozenset[str], size: int) -> Lookup | None:
        """Thai names are compounded and worded freely (กองกำลังตอบโต้เร็ว for
        กองกำลังปฏิกิริยาตอบสนองอย่างรวดเร็ว): the one concept a Thai name of which has one
        of these words as it is and, for each of the others, a word that holds it or starts
        like it (``close_thai``)."""
        if not all(_thai(w) for w in words):
            return None
        concepts = set()
        for anchor in words:
            for have, c in self._word_sets.get(anchor, ()):
                if 2 * size >= sum(map(len, have)) and all(
                        w in have or any(close_thai(w, v) for v in have) for w in words):
                    concepts.add(c)
        return Lookup("close", tuple(concepts)) if len(concepts) == 1 else None

    def aliases_of(self, concept: str) -> list[AnalyzedAlias]:
        return self._by_concept.get(concept, [])

    def shorts_of(self, concept: str) -> list[AnalyzedAlias]:
        """The concept's short forms (``short:``), searched only where it is named in full."""
        return [a for a in self.shorts if a.concept == concept]

    def label(self, concept: str) -> str:
        info = self.concepts.get(concept)
        return info.label if info else concept

    def narrower_closure(self, concept: str) -> list[str]:
        """Every concept below ``concept`` by ``narrower`` links, nearest first."""
        out: dict[str, None] = {}
        frontier = [concept]
        while frontier:
            nxt = []
            for c in frontier:
                for n in self.concepts.get(c, ConceptInfo(c, c, "")).narrower:
                    if n not in out and n != concept:
                        out[n] = None
                        nxt.append(n)
            frontier = nxt
        return list(out)

    # --- stored with the index -------------------------------------------------------------

    def to_json(self) -> dict:
        return {
            "format": JSON_FORMAT,
            "aliases": [asdict(a) for a in self.aliases],
            "concepts": [asdict(c) for c in self.concepts.values()],
            "parts": [[list(p), list(c)] for p, c in sorted(self.parts.items())],
            "shorts": [asdict(a) for a in self.shorts],
        }

    @classmethod
    def from_json(cls, data) -> AnalyzedGlossary:
        if isinstance(data, list):  # written before links and families: aliases only
            data = {"aliases": data}
        aliases = [AnalyzedAlias(**{**d, "lemmas": tuple(d["lemmas"]), "forms": tuple(d["forms"])})
                   for d in data.get("aliases", [])]
        shorts = [AnalyzedAlias(**{**d, "lemmas": tuple(d["lemmas"]), "forms": tuple(d["forms"])})
                  for d in data.get("shorts", [])]
        concepts = [ConceptInfo(**{k: tuple(v) if isinstance(v, list) else v for k, v in d.items()})
                    for d in data.get("concepts", [])]
        parts = {tuple(p): tuple(c) for p, c in data.get("parts", [])}
        return cls(aliases, concepts, parts, shorts)


#: Pieces of Thai function words the analyzer splits (ว่า|ด้วย, เกี่ยว|กับ) and the Thai
#: nominalizer การ: no content of a name.
FUNCTION_PIECES = frozenset({"ว่า", "ด้วย", "เกี่ยว", "กับ", "การ"})


def content_words(lemmas: tuple[str, ...]) -> frozenset[str]:
    """A name's words that say something: no function word, number or punctuation."""
    return frozenset(t for t in lemmas if t not in FUNCTION_WORDS and t not in FUNCTION_PIECES
                     and any(ch.isalpha() for ch in t))


#: Letters two Thai words must start with alike to be close (a first syllable: ตอบ).
CLOSE_PREFIX = 3


def _thai(word: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in word)


def close_thai(word: str, other: str) -> bool:
    """Whether two Thai words are variants of one: one holds the other (เร็ว, รวดเร็ว), or
    they start with the same syllable (ตอบโต้, ตอบสนอง)."""
    if min(len(word), len(other)) < CLOSE_PREFIX:
        return False
    return word in other or other in word or word[:CLOSE_PREFIX] == other[:CLOSE_PREFIX]


def _analyzed(concept: str, label: str, lang: str, name: str, doc: str = "", role: str = "name") -> AnalyzedAlias:
    text = normalize(name).text
    tokens = analyze(text, lang)
    return AnalyzedAlias(concept, label, lang, name, tuple(t.lemma for t in tokens),
                         tuple(search_key(t.form) for t in tokens), doc, role)
