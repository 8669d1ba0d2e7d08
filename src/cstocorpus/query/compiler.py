"""Turn a query syntax tree into Whoosh queries, analyzing each word like the indexed text.

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

from whoosh import query as wq

from ..analysis import analyze_with_compounds
from ..glossary import AnalyzedGlossary
from ..langid import identify
from ..normalize import normalize, search_key
from ..translit import name_key
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
    query: wq.Query  # everything that matches, expansions included
    exact: wq.Query  # the query's own words only (the same as ``query`` when nothing expanded)
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
            return _combine(parts, wq.Or)
        if isinstance(node, And):
            positives = [p for p in (self.compile(c, record) for c in node.children if not isinstance(c, Not))
                         if p is not None]
            negatives = [p for p in (self.compile(c.child, False) for c in node.children if isinstance(c, Not))
                         if p is not None]
            positive = _combine(positives, wq.And)
            if positive is None or not negatives:
                return positive
            negative = _combine(negatives, wq.Or)
            return _pair(positive, negative, lambda p, n: wq.AndNot(p, n))
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
            whole = [wq.Term(LEMMA, c.lemma) for c in compounds] + [wq.Term("form", search_key(c.form))
                                                                   for c in compounds]
            exact = wq.AndMaybe(exact, wq.Or(whole))
        rules = [Rule(text, LEMMA, lemmas, forms)]
        others: list[wq.Query] = []
        if self.glossary is not None:
            for concept in self.glossary.concepts_named(lemmas, forms):
                for alias in self.glossary.aliases_of(concept):
                    if _contains(alias.lemmas, lemmas) or _contains(alias.forms, forms):
                        continue  # it holds the query's own words: it finds nothing they don't
                    q = _sequence(alias.lemmas, alias.forms)
                    others.append(wq.And([q, wq.Term("doc_id", alias.doc)]) if alias.doc else q)
                    rules.append(Rule(text, f"glossary: {alias.label}", alias.lemmas, alias.forms, doc=alias.doc))
        if self.transliterate and len(tokens) == 1:
            key = name_key(tokens[0].form)
            if key:
                others.append(wq.Term(TRANSLIT_FIELD, key))
                rules.append(Rule(text, TRANSLITERATION, key=key))
        if record:
            self.spec.rules.extend(rules)
        return (exact, wq.Or([exact, *others]) if others else exact)

    def _prefix(self, stem: str, record: bool):
        key = search_key(normalize(stem).text)
        if not key:
            return None
        if record:
            self.spec.rules.append(Rule(stem + "*", PREFIX, prefix=key))
        q = wq.Or([wq.Prefix(LEMMA, key), wq.Prefix("form", key)])
        return (q, q)


def _contains(seq: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(seq[i:i + n] == part for i in range(len(seq) - n + 1))


def _sequence(lemmas: tuple[str, ...], forms: tuple[str, ...]) -> wq.Query:
    """Tokens in a row, each by lemma or (boosted) by exact form."""
    if len(lemmas) == 1:
        return wq.Or([wq.Term(LEMMA, lemmas[0]), wq.Term("form", forms[0])])
    return wq.Or([wq.Phrase(LEMMA, list(lemmas)), wq.Phrase("form", list(forms))])


def _combine(parts, op):
    """Combine (exact, expanded) pairs with ``op``, keeping "nothing expanded" visible as
    identity (``expanded is exact``)."""
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    exact = op([p[0] for p in parts])
    if all(p[0] is p[1] for p in parts):
        return (exact, exact)
    return (exact, op([p[1] for p in parts]))


def _pair(a, b, op):
    exact = op(a[0], b[0])
    if a[0] is a[1] and b[0] is b[1]:
        return (exact, exact)
    return (exact, op(a[1], b[1]))
