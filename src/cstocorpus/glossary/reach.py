"""How many passages a concept reaches in an index, in all, per language, by reason, per name.

Counted with the queries search itself runs (``query.compiler.compile_concept``: the concept
read from its label, with its names, family and narrower concepts; ``rule_query`` for one
name), so ``glossary list`` and ``glossary show`` say what ``search`` would find, never what a
second copy of the query logic thinks it would.  Only counts: nothing is ranked or read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..index.reader import CorpusIndex
from ..query import model as qm
from ..query.compiler import LEMMA, Rule, compile_concept, rule_query
from ..query.context import documents_naming
from ..query.counting import for_counting
from .analyzed import AnalyzedAlias, AnalyzedGlossary

NAMES = "names"


@dataclass(frozen=True)
class NameReach:
    """One name (or family word) of a concept and the passages it matches by itself."""

    lang: str
    text: str
    role: str  # "name" or "family"
    doc: str  # "" everywhere, else the only document it counts in
    derived: bool  # a family word the rules derived (not written in the glossary)
    passages: int


@dataclass
class Reach:
    concept: str
    passages: int  # every passage an unquoted search for the concept finds
    by_lang: dict[str, int] = field(default_factory=dict)
    by_reason: dict[str, dict[str, int]] = field(default_factory=dict)  # reason → {"all": n, lang: n}
    names: list[NameReach] = field(default_factory=list)


def _count(index: CorpusIndex, q: qm.Query) -> int:
    return index.count(for_counting(q))


def _in_lang(q: qm.Query, lang: str) -> qm.Query:
    return qm.And((q, qm.Term("lang", lang)))


def concept_passages(index: CorpusIndex, glossary: AnalyzedGlossary, concept: str) -> int:
    """The passages an unquoted search for ``concept`` finds (both tiers)."""
    return _count(index, compile_concept(glossary, concept, documents_naming(index)).query)


def concept_reach(index: CorpusIndex, glossary: AnalyzedGlossary, concept: str, written: set | None = None) -> Reach:
    """Everything ``glossary show`` counts for one concept.  ``written``: the (lang, text) of
    the family words the glossary file lists, so the others are marked as derived by rule."""
    compiled = compile_concept(glossary, concept, documents_naming(index))
    langs = index.languages()
    reach = Reach(concept, _count(index, compiled.query))
    reach.by_lang = {lang: _count(index, _in_lang(compiled.query, lang)) for lang in langs}
    groups: dict[str, list[qm.Query]] = {}
    for rule in compiled.spec.rules:
        reason = NAMES if rule.reason == LEMMA or rule.reason.startswith("glossary: ") else rule.reason
        if reason.startswith("family: ") and reason == f"family: {glossary.label(concept)}":
            reason = "family"
        groups.setdefault(reason, []).append(rule_query(rule))
    for reason, queries in groups.items():
        q = queries[0] if len(queries) == 1 else qm.Or(tuple(queries))
        counts = {"all": _count(index, q)}
        counts.update({lang: _count(index, _in_lang(q, lang)) for lang in langs})
        reach.by_reason[reason] = counts
    written = written or set()
    for alias in glossary.aliases_of(concept):
        reach.names.append(NameReach(alias.lang, alias.text, alias.role, alias.doc,
                                     alias.role == "family" and (alias.lang, alias.text) not in written,
                                     _count(index, rule_query(_rule(alias)))))
    return reach


def name_passages(index: CorpusIndex, alias: AnalyzedAlias) -> int:
    """The passages one name matches by itself (in its document only, when scoped)."""
    return _count(index, rule_query(_rule(alias)))


def _rule(alias: AnalyzedAlias) -> Rule:
    return Rule(alias.text, alias.role, alias.lemmas, alias.forms, doc=alias.doc, lang=alias.lang, text=alias.text)
