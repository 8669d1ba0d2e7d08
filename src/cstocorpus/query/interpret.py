"""Say how a query was read: a one-line summary, the ``interpretation`` object of JSON
output, and the full expansion ``--explain`` prints.

Search reads a query before it searches (``reading``), and a researcher must be able to see
that reading: ``Council of Foreign Ministers`` was taken as one concept, ``extremist`` as a
member of the family of *extremism*, ``Charter`` as a word that is part of two concepts'
names (not followed: ambiguous), and what each concept was searched under.
"""

from __future__ import annotations

from ..glossary import AnalyzedGlossary
from .compiler import CompiledQuery, Rule
from .parser import And, Not, Or
from .reading import CLOSE, FAMILY, NAME, PART, PREFIX, PHRASE, WORD, WORDS, Unit

#: How each reading is named to the user.
HOW = {NAME: "its name", FAMILY: "word family", PART: "part of its name", WORDS: "the words of its name",
       CLOSE: "close to the words of its Thai name",
       WORD: "word", PHRASE: "phrase", PREFIX: "prefix"}
#: How many ambiguous concepts a summary names before "and N more".
SHOWN = 4


def interpretation(compiled: CompiledQuery, glossary: AnalyzedGlossary | None, literal: bool,
                   explain: bool = False) -> dict:
    """The reading of a compiled query as plain data (the JSON ``interpretation`` object)."""
    rules = compiled.spec.rules
    out = {
        "summary": summary(compiled.tree, glossary) if compiled.tree is not None else "",
        "literal": literal,
        "units": [_unit(u, glossary, rules, excluded) for u, excluded in _walk(compiled.tree)],
    }
    if explain:
        out["expansion"] = [{"unit": r.query, "lang": r.lang, "name": r.text or _written(r), "reason": r.reason,
                             "only_in_document": r.doc} for r in rules]
    return out


def _walk(node, excluded: bool = False):
    if node is None:
        return
    if isinstance(node, Unit):
        yield node, excluded
    elif isinstance(node, Not):
        yield from _walk(node.child, True)
    else:
        for c in node.children:
            yield from _walk(c, excluded)


def _written(rule: Rule) -> str:
    if rule.key:
        return f"transliteration key {rule.key}"
    if rule.prefix:
        return rule.prefix + "*"
    return " ".join(rule.forms)


def _concept(glossary: AnalyzedGlossary | None, cid: str) -> dict:
    info = glossary.concepts.get(cid) if glossary is not None else None
    return {"id": cid, "label": info.label if info else cid, "kind": info.kind if info else ""}


def _unit(u: Unit, glossary, rules: list[Rule], excluded: bool) -> dict:
    mine = [r for r in rules if r.query == u.text]
    record = {
        "text": u.text,
        "read_as": "concept" if u.concept else u.how,
        "how": u.how,
        "quoted": u.quoted,
        "excluded": excluded,
        "concepts": [_concept(glossary, c) for c in u.concepts],
        "ambiguous": [_concept(glossary, c) for c in u.ambiguous],
    }
    if u.concept and glossary is not None:
        narrower = [] if u.quoted else [n for c in u.concepts for n in glossary.narrower_closure(c)]
        related = [r for c in u.concepts for r in glossary.concepts.get(c).related] if all(
            c in glossary.concepts for c in u.concepts) else []
        broader = [b for c in u.concepts for b in glossary.concepts.get(c).broader] if all(
            c in glossary.concepts for c in u.concepts) else []
        record["narrower"] = [_concept(glossary, n) for n in dict.fromkeys(narrower)]
        record["broader"] = [_concept(glossary, b) for b in dict.fromkeys(broader)]
        record["related"] = [_concept(glossary, r) for r in dict.fromkeys(related)]
    record["searched"] = {
        "names": sum(r.reason.startswith("glossary: ") for r in mine),
        "family": sum(r.reason.startswith("family: ") for r in mine),
        "narrower": sum(r.reason.startswith("narrower: ") for r in mine),
        "dictionary": sum(r.reason.startswith("dictionary: ") for r in mine),
        "languages": sorted({r.lang for r in mine if r.lang}),
        "transliteration": any(r.key for r in mine),
    }
    return record


def summary(node, glossary: AnalyzedGlossary | None) -> str:
    """``concept “Council of Foreign Ministers” (its name) AND word “2015”``."""
    if isinstance(node, Unit):
        return _unit_summary(node, glossary)
    if isinstance(node, Not):
        return "NOT " + summary(node.child, glossary)
    joiner = " OR " if isinstance(node, Or) else " AND "
    parts = [summary(c, glossary) for c in node.children]
    text = joiner.join(parts)
    return f"({text})" if isinstance(node, Or) and len(parts) > 1 and isinstance(node, (And, Or)) else text


def _labels(glossary, ids) -> str:
    names = [glossary.label(c) if glossary is not None else c for c in ids]
    if len(names) > SHOWN:
        names = names[:SHOWN] + [f"{len(names) - SHOWN} more"]
    return ", ".join(names)


def _unit_summary(u: Unit, glossary) -> str:
    if u.concept:
        label = _labels(glossary, u.concepts)
        if u.text.casefold() == label.casefold():
            head = f"concept “{label}”"
        else:
            head = f"“{u.text}” = concept “{label}” ({HOW[u.how]})"
        extra = []
        if u.quoted:
            extra.append("quoted: its names only")
        elif glossary is not None:
            n = sum(len(glossary.narrower_closure(c)) for c in u.concepts)
            if n:
                extra.append(f"and {n} narrower concept{'s' if n > 1 else ''}")
        return head + (" " + "; ".join(extra) if extra else "")
    kind = "phrase" if u.quoted else HOW.get(u.how, u.how)
    text = f"{kind} “{u.text}”"
    if u.ambiguous:
        text += f" (part of the names of {_labels(glossary, u.ambiguous)}: ambiguous, not followed)"
    return text


def explain_lines(compiled: CompiledQuery, glossary: AnalyzedGlossary | None) -> list[str]:
    """The full expansion, unit by unit: every name searched, its language and why."""
    lines = []
    for u, excluded in _walk(compiled.tree):
        lines.append(f"  {'NOT ' if excluded else ''}{_unit_summary(u, glossary)}")
        for r in compiled.spec.rules:
            if r.query != u.text:
                continue
            where = f"  (only in {r.doc})" if r.doc else ""
            name = r.text or _written(r)
            lines.append(f"      {r.lang or '·':<3} {name}{where}  — {r.reason}")
    return lines
