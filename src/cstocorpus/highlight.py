"""What matched in a hit, and where: from the tokens stored with its passage.

Done in the application rather than by the index: each passage stores its tokens' offsets in
its original text, so a highlight always lands on what the reader sees, for any backend, and
each match can say which query word it answers and why (its own lemma, a glossary name, a
transliteration).
"""

from __future__ import annotations

from collections.abc import Sequence

from .query.compiler import MatchSpec, Rule

# A stored token: [start, end, lemma key, form key]
StoredToken = Sequence


def matches(text: str, tokens: Sequence[StoredToken], spec: MatchSpec, doc_id: str = "",
            names: Sequence[Sequence] = ()) -> list[dict]:
    """Every match of the query's rules in a passage, in text order, one per span: the first
    rule (the query's own words come before expansions) gives the reason."""
    found: dict[tuple[int, int], dict] = {}
    for rule in spec.rules:
        if rule.doc and rule.doc != doc_id:
            continue
        for start, end in _spans(tokens, names, rule):
            found.setdefault((start, end), {"query": rule.query, "text": text[start:end],
                                            "start": start, "end": end, "reason": rule.reason})
    return [found[k] for k in sorted(found)]


def _spans(tokens: Sequence[StoredToken], names: Sequence[Sequence], rule: Rule) -> list[tuple[int, int]]:
    if rule.prefix:
        p = rule.prefix
        return [(s, e) for s, e, lemma, form in tokens if lemma.startswith(p) or form.startswith(p)]
    if rule.key:  # names were keyed at build time: [start, end, key]
        return [(s, e) for s, e, key in names if key == rule.key]
    n = len(rule.lemmas)
    if n == 0:
        return []
    out = []
    lemmas, forms = rule.lemmas, rule.forms
    first_lemma, first_form = lemmas[0], forms[0]
    for i in range(len(tokens) - n + 1):
        token = tokens[i]
        if token[2] != first_lemma and token[3] != first_form:
            continue  # the common case, checked without a generator: search time is mostly here
        if all(tokens[i + k][2] == lemmas[k] or tokens[i + k][3] == forms[k] for k in range(1, n)):
            out.append((token[0], tokens[i + n - 1][1]))
    return out


def merge_spans(spans: list[tuple[int, int]]) -> list[list[int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
