"""Why a search found nothing (or little), and what would find something.

A zero is the most useless answer a search can give without a reason.  When a query finds
no passage, each of its units is counted alone (with the same filters), so the user learns
which word finds nothing, or that no passage has all of them together
(``no passage has all of: Council, Foreign, Ministers``); then what would find something:
the concepts an ambiguous word is part of, the glossary's names that are spelled closest,
a shorter prefix, the query without quotes, without ``--literal`` or without the filters.
When it finds only a few, the concepts related to or broader than those it read are
suggested.  Only counts are run, and only for zero or few hits.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from ..glossary import AnalyzedGlossary
from ..normalize import search_key
from . import model as qm
from .compiler import CompiledQuery, compile_unit
from .reading import PREFIX, WORD, Unit, units

#: At most this many passages count as "few".
FEW = 3
#: The shortest prefix suggested.
SHORTEST_PREFIX = 4


def advise(compiled: CompiledQuery, total: int, glossary: AnalyzedGlossary | None,
           count: Callable[[qm.Query], int], filtered: Callable[[qm.Query], qm.Query],
           literal: bool) -> dict:
    """``{"why": sentence or "", "suggestions": [sentences]}`` for a result of ``total``
    passages; ``count`` counts a query's matches, ``filtered`` adds the search's filters."""
    if total > FEW:
        return {"why": "", "suggestions": []}
    positive = [u for u in units(compiled.tree) if not _excluded(compiled.tree, u)]
    suggestions: list[str] = []
    why = ""
    if total == 0:
        alone = {id(u): count(filtered(compile_unit(u, None if literal else glossary, not literal)[1]))
                 for u in positive}
        missing = [u for u in positive if alone[id(u)] == 0]
        if missing:
            why = "no passage has " + ", ".join(_quoted(u) for u in missing) + (
                "" if literal else " (nor any other name the query was read as)")
        elif len(positive) > 1:
            why = "no passage has all of: " + ", ".join(_quoted(u) for u in positive)
            suggestions.append("each alone finds: " + ", ".join(f"{_quoted(u)} {alone[id(u)]}" for u in positive))
        for u in missing:
            suggestions.extend(_for_missing(u, glossary, count, filtered))
        unfiltered = count(compiled.query)
        if unfiltered and filtered(compiled.query) is not compiled.query:
            suggestions.append(f"without the filters, {unfiltered} passage{'s' if unfiltered != 1 else ''} match")
    for u in positive:
        if u.ambiguous and glossary is not None:
            labels = [glossary.label(c) for c in u.ambiguous]
            suggestions.append(f"{_quoted(u)} is part of the names of {len(labels)} concepts; search one of them: "
                               + "; ".join(labels[:6]) + (" …" if len(labels) > 6 else ""))
    if glossary is not None and 0 < total <= FEW:
        seen = {c for u in positive for c in u.concepts}
        for u in positive:
            for c in u.concepts:
                info = glossary.concepts.get(c)
                if info is None:
                    continue
                more = [x for x in (*info.broader, *info.related) if x not in seen]
                if more:
                    suggestions.append(f"see also, beside {glossary.label(c)}: "
                                       + "; ".join(glossary.label(x) for x in more))
    return {"why": why, "suggestions": list(dict.fromkeys(suggestions))}


def _excluded(tree, unit: Unit) -> bool:
    from .parser import Not

    def walk(node, inside: bool) -> bool | None:
        if node is unit:
            return inside
        if isinstance(node, Unit):
            return None
        if isinstance(node, Not):
            return walk(node.child, True)
        for c in node.children:
            found = walk(c, inside)
            if found is not None:
                return found
        return None
    return bool(walk(tree, False))


def _quoted(u: Unit) -> str:
    return f"“{u.text}”"


def _for_missing(u: Unit, glossary, count, filtered) -> list[str]:
    out = []
    if glossary is not None and u.how in (WORD, "phrase"):
        close = _close_names(u.text, glossary)
        if close:
            out.append(f"closest names in the glossary to {_quoted(u)}: " + "; ".join(close))
    if u.how == WORD and len(u.lemmas) == 1:
        key = search_key(u.text)
        for n in range(len(key) - 1, SHORTEST_PREFIX - 1, -1):
            stem = key[:n]
            q = filtered(qm.Or((qm.Prefix("lemma", stem), qm.Prefix("form", stem))))
            found = count(q)
            if found:
                out.append(f"the prefix {stem}* finds {found} passage{'s' if found != 1 else ''}")
                break
    if u.how == PREFIX:
        out.append(f"no word starts with {u.text[:-1]}; try a shorter prefix")
    return out


def _close_names(text: str, glossary: AnalyzedGlossary) -> list[str]:
    """Glossary names spelled like ``text`` (a typo, another transliteration), with their concept."""
    names: dict[str, tuple[str, str]] = {}  # folded → (as written, concept)
    for a in glossary.aliases:
        if not a.doc and a.role == "name":
            names.setdefault(a.text.casefold(), (a.text, a.concept))
    close = difflib.get_close_matches(text.casefold(), list(names), n=3, cutoff=0.75)
    return [f"{names[n][0]} ({glossary.label(names[n][1])})" for n in close]
