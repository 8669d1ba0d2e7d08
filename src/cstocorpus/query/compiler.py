"""Turn a query syntax tree into engine-neutral queries (``query.model``), analyzing each word like the indexed text.

A word is normalized, its script picks the analyzer (a Russian form finds every form of its
lemma), and it matches the ``lemma`` field or, boosted, the exact ``form`` field.  A word the
analyzer splits into several tokens (a Japanese compound, a Thai phrase) must match them in
sequence.

Unless the search is literal, each word or phrase is also *expanded* across languages: if the
glossary knows it as a name of a concept (``Armenia``), the concept's other names
(``Армения``, ``アルメニア``, ``อาร์เมเนีย``; a document-scoped alias only in its document)
are searched too, and a name-like word also matches the same name in another script by its
transliteration key (``Медведев`` ~ ``Medvedev``).  Two queries come out: the query's own
words (``exact``) and the expanded one; search ranks the first tier first.

Every way a word can match is recorded as a ``Rule`` with its reason, so each hit can say
which query word matched which text and why, and be highlighted from its stored tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis import analyze_with_compounds
from ..glossary import AnalyzedGlossary
from ..langid import identify
from ..normalize import normalize, search_key
from ..translit import name_key
from . import model as qm
from .parser import And, Not, Or, Phrase, QuerySyntaxError, Word

LEMMA = "lemma"
PREFIX = "prefix"
TRANSLITERATION = "transliteration"
#: Field holding each name-like token's transliteration key.
TRANSLIT_FIELD = "translit"


@dataclass(frozen=True)
class Rule:
    """One way a query word matches a passage's tokens, and the reason shown for it."""

    query: str  # the word or phrase as the user wrote it
    reason: str  # "lemma", "prefix", "glossary: Armenia", "transliteration"
    lemmas: tuple[str, ...] = ()  # a sequence: each token matches by lemma or by form
    forms: tuple[str, ...] = ()
    prefix: str = ""  # one token whose lemma or form starts with this
    key: str = ""  # one token with this transliteration key
    doc: str = ""  # only in this document (a document-scoped glossary alias)


@dataclass
class MatchSpec:
    rules: list[Rule] = field(default_factory=list)


@dataclass
class CompiledQuery:
    query: qm.Query  # everything that matches, expansions included
    exact: qm.Query  # the query's own words only (the same as ``query`` when nothing expanded)
    spec: MatchSpec
    lang: str  # language of the query text, for ranking its own language first

    @property
    def expanded(self) -> bool:
        return self.query is not self.exact


def compile_query(tree, glossary: AnalyzedGlossary | None = None, literal: bool = False) -> CompiledQuery:
    spec = MatchSpec()
    compiler = _Compiler(spec, None if literal else glossary, not literal)
    compiled = compiler.compile(tree)
    if compiled is None:
        raise QuerySyntaxError("the query has no words to search for (only punctuation or symbols)")
    exact, expanded = compiled
    return CompiledQuery(expanded, exact, spec, identify(normalize(_text_of(tree)).text))


def _text_of(node) -> str:
    if isinstance(node, (Word, Phrase)):
        return node.text
    if isinstance(node, Not):
        return ""
    return " ".join(_text_of(c) for c in node.children)


class _Compiler:
    """Builds the exact and the expanded query side by side, node by node."""

    def __init__(self, spec: MatchSpec, glossary: AnalyzedGlossary | None, transliterate: bool):
        self.spec = spec
        self.glossary = glossary
        self.transliterate = transliterate

    def compile(self, node, record: bool = True):
        if isinstance(node, Word) and node.prefix:
            return self._prefix(node.text, record)
        if isinstance(node, (Word, Phrase)):
            return self._text(node.text, record)
        if isinstance(node, Or):
            parts = [p for p in (self.compile(c, record) for c in node.children) if p is not None]
            return _combine(parts, qm.Or)
        if isinstance(node, And):
            positives = [p for p in (self.compile(c, record) for c in node.children if not isinstance(c, Not))
                         if p is not None]
            negatives = [p for p in (self.compile(c.child, False) for c in node.children if isinstance(c, Not))
                         if p is not None]
            positive = _combine(positives, qm.And)
            if positive is None or not negatives:
                return positive
            negative = _combine(negatives, qm.Or)
            return _pair(positive, negative, lambda p, n: qm.AndNot(p, n))
        raise TypeError(f"unknown query node {node!r}")  # a bug, not a user error

    def _text(self, text: str, record: bool):
        """A word or phrase: its own tokens in sequence, then its other names.

        Compounds the analyzer finds in the query (``安全保障``, ``รักษาสันติภาพ``) are
        optional extra terms: passages where the same compound was indexed as one word score
        higher than those that only have the parts in a row.
        """
        norm = normalize(text).text
        tokens, compounds = analyze_with_compounds(norm, identify(norm)) if norm else ([], [])
        if not tokens:
            return None
        lemmas = tuple(t.lemma for t in tokens)
        forms = tuple(search_key(t.form) for t in tokens)
        exact = _sequence(lemmas, forms)
        if compounds:
            whole = [qm.Term(LEMMA, c.lemma) for c in compounds] + [qm.Term("form", search_key(c.form))
                                                                   for c in compounds]
            exact = qm.AndMaybe(exact, qm.Or(tuple(whole)))
        rules = [Rule(text, LEMMA, lemmas, forms)]
        others: list[qm.Query] = []
        if self.glossary is not None:
            for concept in self.glossary.concepts_named(lemmas, forms):
                for alias in self.glossary.aliases_of(concept):
                    if _contains(alias.lemmas, lemmas) or _contains(alias.forms, forms):
                        continue  # it holds the query's own words: it finds nothing they don't
                    q = _sequence(alias.lemmas, alias.forms)
                    others.append(qm.And((q, qm.Term("doc_id", alias.doc))) if alias.doc else q)
                    rules.append(Rule(text, f"glossary: {alias.label}", alias.lemmas, alias.forms, doc=alias.doc))
        if self.transliterate and len(tokens) == 1:
            key = name_key(tokens[0].form)
            if key:
                others.append(qm.Term(TRANSLIT_FIELD, key))
                rules.append(Rule(text, TRANSLITERATION, key=key))
        if record:
            self.spec.rules.extend(rules)
        return (exact, qm.Or((exact, *others)) if others else exact)

    def _prefix(self, stem: str, record: bool):
        key = search_key(normalize(stem).text)
        if not key:
            return None
        if record:
            self.spec.rules.append(Rule(stem + "*", PREFIX, prefix=key))
        q = qm.Or((qm.Prefix(LEMMA, key), qm.Prefix("form", key)))
        return (q, q)


def _contains(seq: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(seq[i:i + n] == part for i in range(len(seq) - n + 1))


def _sequence(lemmas: tuple[str, ...], forms: tuple[str, ...]) -> qm.Query:
    """Tokens in a row, each by lemma or (boosted) by exact form."""
    if len(lemmas) == 1:
        return qm.Or((qm.Term(LEMMA, lemmas[0]), qm.Term("form", forms[0])))
    return qm.Or((qm.Phrase(LEMMA, tuple(lemmas)), qm.Phrase("form", tuple(forms))))


def _combine(parts, op):
    """Combine (exact, expanded) pairs with ``op``, keeping "nothing expanded" visible as
    identity (``expanded is exact``)."""
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    exact = op(tuple(p[0] for p in parts))
    if all(p[0] is p[1] for p in parts):
        return (exact, exact)
    return (exact, op(tuple(p[1] for p in parts)))


def _pair(a, b, op):
    exact = op(a[0], b[0])
    if a[0] is a[1] and b[0] is b[1]:
        return (exact, exact)
    return (exact, op(a[1], b[1]))
