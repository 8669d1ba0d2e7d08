"""Turn a query syntax tree into a Whoosh query, analyzing each word like the indexed text.

A word is normalized, its script picks the analyzer (a Russian form finds every form of its
lemma), and it matches the ``lemma`` field or, boosted, the exact ``form`` field.  A word the
analyzer splits into several tokens (a Japanese compound, a Thai phrase) must match them in
sequence.  The compiler also records what it looked for, so hits can be highlighted from the
tokens stored with each passage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as wq

from ..analysis import analyze_with_compounds
from ..langid import identify
from ..normalize import normalize, search_key
from .parser import And, Not, Or, Phrase, QuerySyntaxError, Word


@dataclass
class MatchSpec:
    """What a hit's tokens are compared with to find the highlights."""

    lemmas: set[str] = field(default_factory=set)
    forms: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    sequences: list[tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)  # (lemmas, forms)


@dataclass
class CompiledQuery:
    query: wq.Query
    spec: MatchSpec


def compile_query(tree) -> CompiledQuery:
    spec = MatchSpec()
    compiled = _compile(tree, spec)
    if compiled is None:
        raise QuerySyntaxError("the query has no words to search for (only punctuation or symbols)")
    return CompiledQuery(compiled, spec)


def _compile(node, spec: MatchSpec | None):
    if isinstance(node, Word):
        return _prefix(node.text, spec) if node.prefix else _text(node.text, spec)
    if isinstance(node, Phrase):
        return _text(node.text, spec)
    if isinstance(node, Or):
        parts = [q for q in (_compile(c, spec) for c in node.children) if q is not None]
        return None if not parts else parts[0] if len(parts) == 1 else wq.Or(parts)
    if isinstance(node, And):
        positives = [q for q in (_compile(c, spec) for c in node.children if not isinstance(c, Not)) if q is not None]
        negatives = [q for q in (_compile(c.child, None) for c in node.children if isinstance(c, Not)) if q is not None]
        if not positives:
            return None
        positive = positives[0] if len(positives) == 1 else wq.And(positives)
        if not negatives:
            return positive
        return wq.AndNot(positive, negatives[0] if len(negatives) == 1 else wq.Or(negatives))
    raise TypeError(f"unknown query node {node!r}")  # a bug, not a user error


def _text(text: str, spec: MatchSpec | None):
    """A word or phrase: analyzed, then matched by lemma or by exact form.

    Several words must match in sequence.  Compounds the analyzer finds in the query
    (``安全保障``, ``รักษาสันติภาพ``) are optional extra terms: passages where the same
    compound was indexed as one word score higher than those that only have the parts in a
    row, and passages with just the parts are still found.
    """
    norm = normalize(text).text
    tokens, compounds = analyze_with_compounds(norm, identify(norm)) if norm else ([], [])
    if not tokens:
        return None
    lemmas = tuple(t.lemma for t in tokens)
    forms = tuple(search_key(t.form) for t in tokens)
    if len(tokens) == 1:
        if spec is not None:
            spec.lemmas.add(lemmas[0])
            spec.forms.add(forms[0])
        return wq.Or([wq.Term("lemma", lemmas[0]), wq.Term("form", forms[0])])
    if spec is not None:
        spec.sequences.append((lemmas, forms))
    parts = wq.Or([wq.Phrase("lemma", list(lemmas)), wq.Phrase("form", list(forms))])
    if not compounds:
        return parts
    whole = [wq.Term("lemma", c.lemma) for c in compounds] + [wq.Term("form", search_key(c.form)) for c in compounds]
    return wq.AndMaybe(parts, wq.Or(whole))


def _prefix(stem: str, spec: MatchSpec | None):
    key = search_key(normalize(stem).text)
    if not key:
        return None
    if spec is not None:
        spec.prefixes.add(key)
    return wq.Or([wq.Prefix("lemma", key), wq.Prefix("form", key)])
