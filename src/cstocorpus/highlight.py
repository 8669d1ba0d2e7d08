"""What matched in a hit, and where: from the tokens stored with its passage.

Done in the application rather than by the index: each passage stores its tokens' offsets in
its original text, so a highlight always lands on what the reader sees, for any backend, and
each match can say which query word it answers and why (its own lemma, a glossary name, a
transliteration).
"""

from __future__ import annotations

from collections.abc import Sequence

from .analysis.units import BOUND, marked
from .query.compiler import MatchSpec, Rule

# A stored token: [start, end, lemma key, form key]
StoredToken = Sequence


def matches(text: str, tokens: Sequence[StoredToken], spec: MatchSpec, doc_id: str = "",
            names: Sequence[Sequence] = (), units: Sequence[StoredToken] = (),
            bound: Sequence[int] = ()) -> list[dict]:
    """Every match of the query's rules in a passage, in text order, one per span: the first
    rule (the query's own words come before expansions) gives the reason.  A sequence
    matches the stored tokens as the index does (the ``bound`` ones marked, and the rule's
    pieces by ``units.marked``); a prefix also matches the passage's compounds (``units``)."""
    if bound:
        tokens = _marked_tokens(tokens, bound)
    rules = [r for r in spec.rules if (not r.doc or r.doc == doc_id) and _in_context(tokens, units, r, doc_id)]
    seqs = [marked(r.lemmas, r.forms) for r in rules]
    wholes: dict[tuple[str, str], list[int]] = {}  # a rule that is one compound: where it stands
    winner: dict[tuple[int, int], int] = {}  # span -> index of the first rule that finds it
    # Sequences of tokens (most rules: a word's names in four languages) are found in one pass
    # over the tokens, each token looking up the rules that can start there by its lemma and
    # its form; prefixes and transliteration keys scan on their own.
    by_lemma: dict[str, list[int]] = {}
    by_form: dict[str, list[int]] = {}
    for n, rule in enumerate(rules):
        if rule.prefix or rule.key or not rule.lemmas:
            for span in _spans(tokens, names, rule, units):
                winner.setdefault(span, n)
        elif seqs[n].whole is not None:
            wholes.setdefault(seqs[n].whole, []).append(n)
        else:
            by_lemma.setdefault(seqs[n].lemmas[0], []).append(n)
            by_form.setdefault(seqs[n].forms[0], []).append(n)
    for start, end, lemma, form in units if wholes else ():
        for (whole_lemma, whole_form), ns in wholes.items():
            if (whole_lemma == lemma or whole_form == form) and winner.get((start, end), ns[0]) >= ns[0]:
                winner[start, end] = ns[0]
    if by_lemma:
        count = len(tokens)
        for i, token in enumerate(tokens):
            first = by_lemma.get(token[2])
            also = by_form.get(token[3])
            if first is None and also is None:
                continue  # the common case: search time is mostly here
            for n in sorted({*(first or ()), *(also or ())}):
                lemmas, forms = seqs[n].lemmas, seqs[n].forms
                last = i + len(lemmas) - 1
                if last < count and all(tokens[i + k][2] == lemmas[k] or tokens[i + k][3] == forms[k]
                                        for k in range(1, len(lemmas))):
                    span = (token[0], tokens[last][1])
                    if winner.get(span, n) >= n:
                        winner[span] = n
    out = []
    for start, end in sorted(winner):
        rule = rules[winner[start, end]]
        if rule.context and any(s <= start and end <= e and (s, e) != (start, end) for s, e in winner):
            continue  # the head word inside a longer name: that name says why
        out.append({"query": rule.query, "text": text[start:end], "start": start, "end": end,
                    "reason": rule.reason})
    return out


def _in_context(tokens: Sequence[StoredToken], units: Sequence[StoredToken], rule: Rule, doc_id: str) -> bool:
    """Whether the passage is one where a rule that needs context (``query.context``)
    counts: one of its ``along`` names stands in it, none of its ``unless`` ones."""
    def stands(names) -> bool:
        return any((not doc or doc == doc_id) and _spans(tokens, (), Rule("", "", lemmas, forms), units)
                   for lemmas, forms, doc in names)

    return (not rule.along or stands(rule.along)) and not (rule.unless and stands(rule.unless))


def _spans(tokens: Sequence[StoredToken], names: Sequence[Sequence], rule: Rule,
           units: Sequence[StoredToken] = ()) -> list[tuple[int, int]]:
    """Where one rule matches, scanning the tokens (``matches`` finds token sequences for all
    its rules in one pass; this is the plain definition)."""
    if rule.prefix:
        p = rule.prefix
        return [(s, e) for s, e, lemma, form in (*tokens, *units) if lemma.startswith(p) or form.startswith(p)]
    if rule.key:  # names were keyed at build time: [start, end, key]
        return [(s, e) for s, e, key in names if key == rule.key]
    n = len(rule.lemmas)
    if n == 0:
        return []
    out = []
    seq = marked(rule.lemmas, rule.forms)
    if seq.whole is not None:
        return [(s, e) for s, e, lemma, form in units if lemma == seq.whole[0] or form == seq.whole[1]]
    lemmas, forms = seq.lemmas, seq.forms
    first_lemma, first_form = lemmas[0], forms[0]
    for i in range(len(tokens) - n + 1):
        token = tokens[i]
        if token[2] != first_lemma and token[3] != first_form:
            continue
        if all(tokens[i + k][2] == lemmas[k] or tokens[i + k][3] == forms[k] for k in range(1, n)):
            out.append((token[0], tokens[i + n - 1][1]))
    return out


def _marked_tokens(tokens: Sequence[StoredToken], bound: Sequence[int]) -> list:
    """The stored tokens under the terms the index holds: bound ones marked."""
    out = list(tokens)
    for i in bound:
        start, end, lemma, form = out[i]
        out[i] = (start, end, lemma + BOUND, form + BOUND)
    return out


def merge_spans(spans: list[tuple[int, int]]) -> list[list[int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
