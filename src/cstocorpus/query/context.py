"""Names that count only in context: a short form where the document names the concept in
full, a part of a name where its qualifier is in the same passage.

A text names a concept in full once and then by its head word: after «Договор о коллективной
безопасности», «Договор» alone; after the CSTO and its Charter, "the Charter".  Searching
such a word everywhere would find every treaty and every charter, so each rule here needs
its context, and says so in ``matched``:

- **short form** (``short: Collective Security Treaty (named in full in this document)``): a
  form the glossary lists under the concept's ``short:``, searched only in the documents
  that name the concept in full (by any of its names);
- **part with its qualifier** (``part with CSTO: CSTO Charter``): what is left of a name
  without an organization's or a state's name (``Charter`` of ``CSTO Charter``, ``เลขาธิการ``
  of ``เลขาธิการ CSTO``), searched only in passages that also name that organization or
  state.

Either is searched only in passages where no other concept's name (or part) holding the same
words stands: ``กฎบัตร`` is not the CSTO Charter in a passage on ``กฎบัตรสหประชาชาติ``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..glossary import AnalyzedGlossary
from ..glossary.analyzed import QUALIFIER_KINDS
from ..glossary.parts import FUNCTION_WORDS
from . import model as qm
from .compiler import Rule, rule_query

#: ``naming(concept)``: the documents that name a concept in full (``search`` gives it).
Naming = Callable[[str], Sequence[str]]
Seq = tuple[tuple[str, ...], tuple[str, ...], str]  # lemmas, forms, document ("" everywhere)

SHORT = "short"
WITH = "part with"


def context_rules(glossary: AnalyzedGlossary, unit_text: str, concept: str,
                  naming: Naming | None) -> list[Rule]:
    """The qualified-part and short-form rules of one concept a query unit reached (a part
    with its qualifier beside it says more: where both match, it gives the reason)."""
    return _part_rules(glossary, unit_text, concept) + _short_rules(glossary, unit_text, concept, naming)


def _short_rules(glossary: AnalyzedGlossary, unit_text: str, concept: str, naming: Naming | None) -> list[Rule]:
    shorts = glossary.shorts_of(concept)
    if not shorts or naming is None:
        return []
    docs = naming(concept)
    label = glossary.label(concept)
    rules = []
    for alias in shorts:
        unless = _held_elsewhere(glossary, alias.lemmas, alias.forms, concept)
        for doc in docs:
            rules.append(Rule(unit_text, f"{SHORT}: {label} (named in full in this document)", alias.lemmas,
                              alias.forms, doc=doc, lang=alias.lang, text=alias.text, unless=unless, context=True))
    return rules


def _part_rules(glossary: AnalyzedGlossary, unit_text: str, concept: str) -> list[Rule]:
    qualifiers = _qualifier_names(glossary)
    label = glossary.label(concept)
    found: dict[tuple, tuple[str, str, set[str]]] = {}  # (lemmas, forms) → (lang, text, qualifiers)
    for alias in glossary.aliases_of(concept):
        if alias.role != "name" or alias.doc:
            continue
        for start, end, owners in _decompositions(alias.lemmas, qualifiers, concept):
            lemmas, forms = alias.lemmas[start:end], alias.forms[start:end]
            if not _long_enough(lemmas):
                continue
            text = " ".join(alias.forms[start:end]) if alias.lang in ("en", "ru") else "".join(alias.forms[start:end])
            entry = found.setdefault((lemmas, forms), (alias.lang, text, set()))
            entry[2].update(owners)
    rules = []
    for (lemmas, forms), (lang, text, owners) in found.items():
        along = tuple((a.lemmas, a.forms, a.doc) for q in sorted(owners) for a in glossary.aliases_of(q)
                      if a.role == "name")
        names = ", ".join(glossary.label(q) for q in sorted(owners))
        rules.append(Rule(unit_text, f"{WITH} {names} in the passage: {label}", lemmas, forms, lang=lang,
                          text=text, along=along, unless=_held_elsewhere(glossary, lemmas, forms, concept), context=True))
    return rules


def _qualifier_names(glossary: AnalyzedGlossary) -> dict[tuple[str, ...], set[str]]:
    out: dict[tuple[str, ...], set[str]] = {}
    for a in glossary.aliases:
        info = glossary.concepts.get(a.concept)
        if a.role == "name" and not a.doc and info is not None and info.kind in QUALIFIER_KINDS:
            out.setdefault(a.lemmas, set()).add(a.concept)
    return out


def _decompositions(name: tuple[str, ...], qualifiers: dict[tuple[str, ...], set[str]], concept: str):
    """(start, end, qualifier concepts) of each way ``name`` is one qualifier's name plus a
    single run of other words (function words trimmed from its ends)."""
    for i in range(len(name)):
        for j in range(i + 1, len(name) + (i > 0)):
            owners = qualifiers.get(name[i:j])
            if not owners or concept in owners:
                continue
            runs = [r for r in (_trim(name, 0, i), _trim(name, j, len(name))) if r is not None]
            if len(runs) == 1:
                yield (*runs[0], owners)


def _trim(name: tuple[str, ...], start: int, end: int):
    while start < end and name[start] in FUNCTION_WORDS:
        start += 1
    while end > start and name[end - 1] in FUNCTION_WORDS:
        end -= 1
    if start == end or all(t in FUNCTION_WORDS or t.isdigit() for t in name[start:end]):
        return None
    return start, end


def _long_enough(part: tuple[str, ...]) -> bool:
    """One word must be a word, not an abbreviation or a character."""
    if len(part) > 1:
        return True
    cjk = any("\u3040" <= ch <= "\u9fff" for ch in part[0])
    return len(part[0]) >= (2 if cjk else 4)


def _held_elsewhere(glossary: AnalyzedGlossary, lemmas: tuple[str, ...], forms: tuple[str, ...],
                    concept: str) -> tuple[Seq, ...]:
    """Other concepts' names, family words and parts that hold these words: where one of them
    stands, the words may be that other concept's."""
    out: dict[Seq, None] = {}
    for a in glossary.aliases:
        if a.concept != concept and len(a.lemmas) > len(lemmas) and (
                _contains(a.lemmas, lemmas) or _contains(a.forms, forms)):
            out[(a.lemmas, a.forms, a.doc)] = None
    for part, owners in glossary.parts.items():
        if concept not in owners and len(part) > len(lemmas) and _contains(part, lemmas):
            out[(part, part, "")] = None
    return tuple(out)


def _contains(seq: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return 0 < n <= len(seq) and any(seq[i:i + n] == part for i in range(len(seq) - n + 1))


def documents_naming(index):
    """``naming(concept)``: the documents of ``index`` (a ``CorpusIndex``) that name a
    concept in full, by any of its names (a scoped one in its document), where its short
    forms count.  Remembered for the open index: it changes only with a new generation."""
    known: dict[str, tuple[str, ...]] = index.__dict__.setdefault("_documents_naming", {})

    def naming(concept: str) -> tuple[str, ...]:
        if concept not in known:
            names = [rule_query(Rule(a.text, "name", a.lemmas, a.forms, doc=a.doc))
                     for a in index.glossary.aliases_of(concept) if a.role == "name"]
            if not names:
                return ()
            page = index.search(names[0] if len(names) == 1 else qm.Or(tuple(names)), None)
            known[concept] = tuple(sorted({fields["doc_id"] for _, fields in page.hits}))
        return known[concept]

    return naming
