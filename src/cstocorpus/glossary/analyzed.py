"""The glossary with every alias analyzed like the text, as the index stores it.

Aliases are analyzed at build time with the same analyzers as the passages (a Russian alias
matches every form of its words; a Thai or Japanese alias is segmented as the text is), and
stored in the index generation, so queries and the indexed text always agree on tokens.
A query word is looked up by its lemma sequence.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from cstocorpus.analysis import analyze
from cstocorpus.glossary.load import Glossary
from cstocorpus.normalize import normalize, search_key


@dataclass(frozen=True)
class AnalyzedAlias:
    concept: str  # concept id
    label: str  # the concept's label, shown as the reason for a match
    lang: str
    text: str
    lemmas: tuple[str, ...]
    forms: tuple[str, ...]
    doc: str = ""  # the only document where this alias means the concept ("" = everywhere)


class AnalyzedGlossary:
    def __init__(self, aliases: list[AnalyzedAlias]):
        self.aliases = aliases
        self._by_concept: dict[str, list[AnalyzedAlias]] = {}
        self._by_lemmas: dict[tuple[str, ...], set[str]] = {}
        for a in aliases:
            self._by_concept.setdefault(a.concept, []).append(a)
            if not a.doc:  # a scoped alias is no name of the concept elsewhere: never looked up
                self._by_lemmas.setdefault(a.lemmas, set()).add(a.concept)
                self._by_lemmas.setdefault(a.forms, set()).add(a.concept)

    @classmethod
    def build(cls, glossary: Glossary) -> AnalyzedGlossary:
        aliases = []
        for c in glossary.concepts:
            for lang, names in c.names.items():
                aliases.extend(_analyzed(c.id, c.label, lang, name) for name in names)
            for doc, lang, names in c.scoped:
                aliases.extend(_analyzed(c.id, c.label, lang, name, doc) for name in names)
        return cls([a for a in aliases if a.lemmas])

    def concepts_named(self, lemmas: tuple[str, ...], forms: tuple[str, ...]) -> list[str]:
        """Ids of the concepts one of whose (unscoped) aliases is this word sequence."""
        return sorted(self._by_lemmas.get(lemmas, set()) | self._by_lemmas.get(forms, set()))

    def aliases_of(self, concept: str) -> list[AnalyzedAlias]:
        return self._by_concept.get(concept, [])

    def to_json(self) -> list[dict]:
        return [asdict(a) for a in self.aliases]

    @classmethod
    def from_json(cls, data: list[dict]) -> AnalyzedGlossary:
        return cls([AnalyzedAlias(**{**d, "lemmas": tuple(d["lemmas"]), "forms": tuple(d["forms"])})
                    for d in data])


def _analyzed(concept: str, label: str, lang: str, name: str, doc: str = "") -> AnalyzedAlias:
    text = normalize(name).text
    tokens = analyze(text, lang)
    return AnalyzedAlias(concept, label, lang, name, tuple(t.lemma for t in tokens),
                         tuple(search_key(t.form) for t in tokens), doc)
