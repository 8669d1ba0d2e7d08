"""Turn a read query (``query.reading``) into engine-neutral queries (``query.model``).

Each unit's own tokens match the ``lemma`` field or, boosted, the exact ``form`` field, in
sequence (a Russian form finds every form of its lemma; a Japanese compound or a Thai phrase
must match its tokens in a row).  Compounds the analyzer finds in the unit are an optional
boost, so passages with the exact compound rank first.

Unless the search is literal, units are also *expanded*: a unit read as a concept searches
the concept's names in every language (``glossary: Armenia``), its word family
(``family: terrorism``: ``террорист``, ``ผู้ก่อการร้าย``) and the names and families of its
narrower concepts (``narrower: international terrorism``); a quoted unit searches only the
concept's names.  A document-scoped name counts only in its document.  A name-like word
also matches the same name in another script by its transliteration key (``Медведев`` ~
``Medvedev``).  Two queries come out: the query's own words (``exact``) and the expanded
one; search ranks the first tier first.

Every way a unit can match is recorded as a ``Rule`` with its reason, so each hit can say
which query word matched which text and why, and be highlighted from its stored tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis import analyze
from ..analysis.units import marked
from ..glossary import AnalyzedGlossary
from ..langid import identify
from ..lexicon import translations
from ..normalize import normalize, search_key
from ..stats.stopwords import is_stopword
from ..translit import query_key
from . import model as qm
from .parser import And, Not, Or, Phrase, QuerySyntaxError, Word
from .reading import NAME, PREFIX, WORD, Unit, read, units

LEMMA = "lemma"
PREFIX_REASON = "prefix"
TRANSLITERATION = "transliteration"
#: Field holding each name-like token's transliteration key.
TRANSLIT_FIELD = "translit"


@dataclass(frozen=True)
class Rule:
    """One way a query unit matches a passage's tokens, and the reason shown for it."""

    query: str  # the unit as the user wrote it
    reason: str  # "lemma", "prefix", "glossary: Armenia", "family: …", "narrower: …", "transliteration"
    lemmas: tuple[str, ...] = ()  # a sequence: each token matches by lemma or by form
    forms: tuple[str, ...] = ()
    prefix: str = ""  # one token whose lemma or form starts with this
    key: str = ""  # one token with this transliteration key
    doc: str = ""  # only in this document (a document-scoped glossary alias)
    lang: str = ""  # the language of the name searched ("" for the query's own words)
    text: str = ""  # the name searched, as the glossary writes it
    # Context (``query.context``): one of these (lemmas, forms, doc) must stand in the
    # passage too, and none of the ``unless`` ones may.
    along: tuple = ()
    unless: tuple = ()
    context: bool = False  # a short form or a part: not where a longer match covers it


@dataclass
class MatchSpec:
    rules: list[Rule] = field(default_factory=list)


@dataclass
class CompiledQuery:
    query: qm.Query  # everything that matches, expansions included
    exact: qm.Query  # the query's own words only (the same as ``query`` when nothing expanded)
    spec: MatchSpec
    lang: str  # language of the query text, for ranking its own language first
    tree: object = None  # the read query: ``reading.Unit`` leaves under And / Or / Not

    @property
    def expanded(self) -> bool:
        return self.query is not self.exact

    @property
    def units(self) -> list[Unit]:
        return units(self.tree) if self.tree is not None else []


def compile_query(tree, glossary: AnalyzedGlossary | None = None, literal: bool = False,
                  naming=None) -> CompiledQuery:
    """``naming(concept)``, when given, lists the documents that name a concept in full: its
    short forms are searched there (``query.context``)."""
    spec = MatchSpec()
    read_tree = read(tree, None if literal else glossary)
    if read_tree is None:
        raise QuerySyntaxError("the query has no words to search for (only punctuation or symbols)")
    compiler = _Compiler(spec, None if literal else glossary, not literal, naming)
    compiled = compiler.compile(read_tree)
    if compiled is None:
        raise QuerySyntaxError("the query has no words to search for (only punctuation or symbols)")
    exact, expanded = compiled
    return CompiledQuery(expanded, exact, spec, identify(normalize(_text_of(tree)).text), read_tree)


def compile_unit(unit: Unit, glossary: AnalyzedGlossary | None = None, transliterate: bool = True):
    """``(exact, expanded)`` queries of one unit alone (to count it on its own)."""
    return _Compiler(MatchSpec(), glossary, transliterate).compile(unit)


def _text_of(node) -> str:
    if isinstance(node, (Word, Phrase)):
        return node.text
    if isinstance(node, Not):
        return ""
    return " ".join(_text_of(c) for c in node.children)


class _Compiler:
    """Builds the exact and the expanded query side by side, node by node."""

    def __init__(self, spec: MatchSpec, glossary: AnalyzedGlossary | None, transliterate: bool, naming=None):
        self.spec = spec
        self.glossary = glossary
        self.transliterate = transliterate
        self.naming = naming

    def compile(self, node, record: bool = True):
        if isinstance(node, Unit):
            return self._prefix(node, record) if node.how == PREFIX else self._unit(node, record)
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
        if isinstance(node, Not):  # only under And; a lone one was refused by the parser
            return None
        raise TypeError(f"unknown query node {node!r}")  # a bug, not a user error

    def _unit(self, unit: Unit, record: bool):
        """A unit: its own tokens in sequence, then its other names."""
        if not unit.lemmas:
            return None
        exact = _sequence(unit.lemmas, unit.forms)
        if unit.compounds and isinstance(exact.children[0], qm.Phrase):  # compounds inside: a boost
            whole = [qm.Term(LEMMA, c.lemma) for c in unit.compounds] + [
                qm.Term("form", search_key(c.form)) for c in unit.compounds]
            exact = qm.AndMaybe(exact, qm.Or(tuple(whole)))
        rules = [Rule(unit.text, LEMMA, unit.lemmas, unit.forms, text=unit.text)]
        if unit.concept and not unit.quoted and len(unit.words) > 1:
            # Typed without quotes, the words of a name still find what they found ANDed
            # (กฎบัตร … CSTO apart); the name as typed, in a row, ranks first.
            apart, k = [], 0
            for size in unit.words:
                lemmas, forms = unit.lemmas[k:k + size], unit.forms[k:k + size]
                apart.append(_sequence(lemmas, forms))
                rules.append(Rule(unit.text, LEMMA, lemmas, forms, text=" ".join(forms)))
                k += size
            exact = qm.AndMaybe(qm.And(tuple(apart)), exact)
        others: list[qm.Query] = []
        if self.glossary is not None and unit.concept:
            for rule in expansion(self.glossary, unit, self.naming):
                others.append(rule_query(rule))
                rules.append(rule)
        if self.glossary is not None and not unit.concept and unit.how == WORD and not unit.quoted:
            for rule in dictionary_expansion(self.glossary, unit):
                others.append(_sequence(rule.lemmas, rule.forms))
                rules.append(rule)
        if self.transliterate:
            key = query_key(unit.text, unit.forms)
            if key:
                others.append(qm.Term(TRANSLIT_FIELD, key))
                rules.append(Rule(unit.text, TRANSLITERATION, key=key))
        if record:
            self.spec.rules.extend(rules)
        return (exact, qm.Or((exact, *others)) if others else exact)

    def _prefix(self, unit: Unit, record: bool):
        if record:
            self.spec.rules.append(Rule(unit.text, PREFIX_REASON, prefix=unit.prefix))
        q = qm.Or((qm.Prefix(LEMMA, unit.prefix), qm.Prefix("form", unit.prefix)))
        return (q, q)


def expansion(glossary: AnalyzedGlossary, unit: Unit, naming=None) -> list[Rule]:
    """The names a concept unit is also searched under, each with its reason: the concepts'
    names; unless quoted, their families, the names and families of their narrower
    concepts, and the names that count only in context (``query.context``: short forms,
    parts with their qualifier).  A name that holds the unit's own words is left out: it
    finds nothing they don't."""
    rules: list[Rule] = []
    seen: set[tuple[tuple[str, ...], str]] = set()

    def add(concept: str, reason: str, roles: tuple[str, ...]):
        for alias in glossary.aliases_of(concept):
            if alias.role not in roles:
                continue
            if _contains(alias.lemmas, unit.lemmas) or _contains(alias.forms, unit.forms):
                continue
            if (alias.lemmas, alias.doc) in seen:
                continue
            seen.add((alias.lemmas, alias.doc))
            why = f"{'family' if alias.role == 'family' and reason == 'glossary' else reason}: {alias.label}"
            rules.append(Rule(unit.text, why, alias.lemmas, alias.forms, doc=alias.doc, lang=alias.lang,
                              text=alias.text))

    roles = ("name",) if unit.quoted else ("name", "family")
    for concept in unit.concepts:
        add(concept, "glossary", roles)
    if not unit.quoted:
        for concept in unit.concepts:
            for narrower in glossary.narrower_closure(concept):
                add(narrower, "narrower", roles)
        from .context import context_rules  # it builds on ``Rule``

        for concept in unit.concepts:
            rules.extend(context_rules(glossary, unit.text, concept, naming))
    return rules


def dictionary_expansion(glossary: AnalyzedGlossary, unit: Unit) -> list[Rule]:
    """A word no concept covers, carried into other languages by a packaged dictionary
    (``lexicon``): each translation is searched (``dictionary: sovereignty (JMdict)``), or,
    when the translation is a name of a concept, that concept's names and family are
    (``dictionary: Kazakhstan (JMdict → glossary)``)."""
    if len(unit.text.split()) > 1 or (len(unit.lemmas) == 1 and is_stopword(unit.lemmas[0])):
        return []  # a function word (the, и, ที่) has no translation worth searching
    lang = identify(unit.text)
    found = translations(unit.text, lang, unit.lemmas[0] if len(unit.lemmas) == 1 else "")
    rules: list[Rule] = []
    seen: set[tuple[str, ...]] = {unit.lemmas}
    for t in found:
        tokens = analyze(normalize(t.text).text, t.lang)
        lemmas = tuple(x.lemma for x in tokens)
        forms = tuple(search_key(x.form) for x in tokens)
        if not lemmas or lemmas in seen or all(is_stopword(x) for x in lemmas):
            continue
        seen.add(lemmas)
        hit = glossary.lookup(lemmas, forms)
        if hit is not None and hit.concepts and hit.how in ("name", "family"):
            for concept in hit.concepts:
                label = glossary.label(concept)
                for alias in glossary.aliases_of(concept):
                    if alias.role in ("name", "family") and not alias.doc and alias.lemmas not in seen:
                        seen.add(alias.lemmas)
                        rules.append(Rule(unit.text, f"dictionary: {label} ({t.source} → glossary)", alias.lemmas,
                                          alias.forms, doc=alias.doc, lang=alias.lang, text=alias.text))
            continue
        rules.append(Rule(unit.text, f"dictionary: {t.text} ({t.source})", lemmas, forms, lang=t.lang,
                          text=t.text))
    return rules


def rule_query(rule: Rule) -> qm.Query:
    """The passages one name of an expansion matches: its tokens in sequence, only in its
    document when the name is scoped to one."""
    q = _sequence(rule.lemmas, rule.forms)
    if rule.along:
        q = qm.And((q, _any_name(rule.along)))
    if rule.unless:
        q = qm.AndNot(q, _any_name(rule.unless))
    return qm.And((q, qm.Term("doc_id", rule.doc))) if rule.doc else q


def _any_name(names) -> qm.Query:
    """Any of these (lemmas, forms, doc) sequences, each only in its document when it has one."""
    parts = tuple(qm.And((_sequence(lemmas, forms), qm.Term("doc_id", doc))) if doc else _sequence(lemmas, forms)
                  for lemmas, forms, doc in names)
    return parts[0] if len(parts) == 1 else qm.Or(parts)


def compile_concept(glossary: AnalyzedGlossary, concept: str, naming=None) -> CompiledQuery:
    """The query an unquoted search for one concept runs, as if its label were typed and read
    as that concept (its names, family, narrower concepts and names in context, short forms
    only with ``naming``; no transliteration): what the glossary tools count a concept's
    passages with."""
    names = [a for a in glossary.aliases_of(concept) if a.role == "name" and not a.doc]
    if not names:
        raise KeyError(concept)
    alias = next((a for a in names if a.text == a.label), names[0])
    unit = Unit(alias.text, NAME, alias.lemmas, alias.forms, concepts=(concept,))
    spec = MatchSpec()
    exact, expanded = _Compiler(spec, glossary, transliterate=False, naming=naming).compile(unit)
    return CompiledQuery(expanded, exact, spec, alias.lang, unit)


def _contains(seq: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(seq[i:i + n] == part for i in range(len(seq) - n + 1))


def _sequence(lemmas: tuple[str, ...], forms: tuple[str, ...]) -> qm.Query:
    """Tokens in a row, each by lemma or (boosted) by exact form.  Thai and Japanese ones as
    word units (``units.marked``): a sequence that is one compound (``ร่วมมือ``, ``外務省``) by
    that compound's term, and in a longer one a piece that is no word of its own only where
    the text has it as such a piece."""
    seq = marked(lemmas, forms)
    if seq.whole is not None:
        return qm.Or((qm.Term(LEMMA, seq.whole[0]), qm.Term("form", seq.whole[1])))
    lemmas, forms = seq.lemmas, seq.forms
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
