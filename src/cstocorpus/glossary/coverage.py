"""How much of the corpus the glossary covers: the verdict on each frequent word and each
named entity, the suggestions (what is left), and the coverage numbers.

A frequent content word is, in this order:

- ``concept``: it reaches a concept by itself, as a name, a family word or a part of a name
  (``AnalyzedGlossary.lookup``: what the query reader would make of it; an ambiguous part
  counts, since search reports it);
- ``in names``: every occurrence lies inside a glossary name (``มนตรี`` of ``คณะมนตรี…``);
- ``excluded``: listed in corpus/not_cross_language.yaml, with the reason;
- ``remaining``: none of these, the glossary's to-do list (``glossary suggest``).

A named entity (a form listed, per document, in the named-entity list read off the texts) is
``concept`` when a name of a concept valid in its document is exactly that form (analyzed,
as search matches names), ``excluded`` when listed as not cross-language, else ``remaining``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..analysis import analyze
from ..normalize import normalize, search_key
from ..stats.stopwords import term_language
from .analyzed import AnalyzedGlossary
from .exclusions import Exclusions
from .load import GlossaryError, read_yaml
from .uncovered import Coverer, WordUse

CONCEPT, IN_NAMES, EXCLUDED, REMAINING = "concept", "in names", "excluded", "remaining"
STATUSES = (CONCEPT, IN_NAMES, EXCLUDED, REMAINING)
#: How many of each language's most frequent content words the coverage report judges.
TOP = 300
#: Where the named entities of the corpus's texts are listed (relative to the project).
ENTITIES_FILE = Path("eval") / "glossary" / "named-entities.yaml"


@dataclass(frozen=True)
class Verdict:
    status: str
    concepts: tuple[str, ...] = ()  # the concepts it reaches or lies inside the names of
    ambiguous: bool = False  # reaches several concepts: an ambiguous part
    reason: str = ""  # why it is excluded


def word_verdict(use: WordUse, glossary: AnalyzedGlossary, exclusions: Exclusions) -> Verdict:
    hit = glossary.lookup((use.term,), (use.term,))
    if hit is not None and (hit.concepts or hit.ambiguous):
        return Verdict(CONCEPT, hit.concepts or hit.ambiguous, not hit.concepts)
    if use.uncovered == 0:
        return Verdict(IN_NAMES, use.concepts)
    reason = exclusions.reason((use.term,))
    if reason is not None:
        return Verdict(EXCLUDED, reason=reason)
    return Verdict(REMAINING, use.concepts)


def suggestions(uses: dict[str, list[WordUse]], glossary: AnalyzedGlossary, exclusions: Exclusions,
                top: int | None) -> dict[str, list[WordUse]]:
    """Per language, the ``top`` words no concept covers and no exclusion explains, those
    with the most uncovered occurrences first (then the most frequent, then by term)."""
    out = {}
    for lang, words in uses.items():
        left = [u for u in words if word_verdict(u, glossary, exclusions).status == REMAINING]
        left.sort(key=lambda u: (-u.uncovered, -u.count, u.term))
        out[lang] = left if top is None else left[:top]
    return out


@dataclass
class WordCoverage:
    lang: str
    judged: int  # the language's most frequent content words judged (at most ``TOP``)
    counts: dict[str, int] = field(default_factory=dict)  # status → words
    remaining: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"lang": self.lang, "judged": self.judged, **{s.replace(" ", "_"): self.counts.get(s, 0)
                                                                for s in STATUSES},
                "remaining_words": self.remaining}


def word_coverage(uses: dict[str, list[WordUse]], glossary: AnalyzedGlossary, exclusions: Exclusions,
                  top: int = TOP, langs: Sequence[str] = ()) -> list[WordCoverage]:
    out = []
    for lang in langs or sorted(uses):
        judged = uses.get(lang, [])[:top]
        cov = WordCoverage(lang, len(judged), dict.fromkeys(STATUSES, 0))
        for use in judged:
            v = word_verdict(use, glossary, exclusions)
            cov.counts[v.status] += 1
            if v.status == REMAINING:
                cov.remaining.append(use.term)
        out.append(cov)
    return out


@dataclass(frozen=True)
class Entity:
    doc: str
    kind: str
    text: str  # as written in the document
    verdict: Verdict

    def as_dict(self) -> dict:
        return {"doc": self.doc, "kind": self.kind, "text": self.text, "status": self.verdict.status,
                "concepts": list(self.verdict.concepts), "reason": self.verdict.reason}


def load_entities(path: Path) -> list[tuple[str, str, str]]:
    """(document, kind, form) of every named entity the list names, in file order."""
    data, duplicates = read_yaml(path)
    if duplicates:
        raise GlossaryError(f"{path}: {duplicates[0]}")
    docs = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(docs, dict):
        raise GlossaryError(f"{path} must have a 'documents' mapping of document ids to kinds to forms")
    out = []
    for doc, kinds in docs.items():
        if not isinstance(kinds, dict):
            raise GlossaryError(f"{path}: document {doc!r} must map kinds to lists of forms")
        for kind, forms in kinds.items():
            if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
                raise GlossaryError(f"{path}: document {doc!r}, kind {kind!r} must be a list of forms")
            out.extend((str(doc), str(kind), f.strip()) for f in forms)
    return out


def entity_coverage(entities: Sequence[tuple[str, str, str]], glossary: AnalyzedGlossary,
                    exclusions: Exclusions) -> list[Entity]:
    coverer = Coverer(glossary)
    out = []
    for doc, kind, text in entities:
        norm = normalize(text).text
        tokens = analyze(norm, term_language(search_key(norm)) or "en")
        lemmas = tuple(t.lemma for t in tokens)
        forms = tuple(search_key(t.form) for t in tokens)
        concepts = coverer.concepts_of(doc, lemmas, forms) if tokens else ()
        if concepts:
            verdict = Verdict(CONCEPT, concepts)
        elif (reason := exclusions.reason(lemmas)) is not None:
            verdict = Verdict(EXCLUDED, reason=reason)
        else:
            verdict = Verdict(REMAINING)
        out.append(Entity(doc, kind, text, verdict))
    return out
