"""``glossary check``: every problem of corpus/glossary.yaml, one sentence each.

The loader (``load``) stops at the first mistake, which is right for ``build``; a person
editing the file wants them all at once.  So the file is checked entry by entry with the
loader's own functions, then as a whole:

- keys written twice in one mapping (PyYAML would silently keep the last);
- entries the loader refuses (unknown keys, kinds, malformed names), ids used twice;
- links to no concept, circles of broader links, pairs both related and narrower;
- one name (or listed family word) in two concepts in one language, compared as search
  compares them (analyzed: ``Совет безопасности`` and ``Совета безопасности`` are one name);
  a scoped name clashes only with names valid in its document;
- with an index: scoped names that do not occur in their document, documents that are not
  in the index, and the names that match nothing in the corpus (reported per language; not
  a problem: a standard name the texts do not use yet is still right);
- the problems of corpus/not_cross_language.yaml, and words listed there that are names of
  a concept (a word is either cross-language or not).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..index.reader import CorpusIndex
from .analyzed import AnalyzedGlossary
from .exclusions import Exclusions
from .load import (
    GLOSSARY_FILE,
    LINKS,
    Concept,
    Glossary,
    GlossaryError,
    _concept,
    _linked,
    read_yaml,
)
from .reach import name_passages


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    unmatched: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # lang → (concept, name)
    notes: list[str] = field(default_factory=list)
    concepts: int = 0
    glossary: AnalyzedGlossary | None = None

    def as_dict(self) -> dict:
        return {"concepts": self.concepts, "problems": self.problems,
                "unmatched": {lang: [{"concept": c, "name": n} for c, n in names]
                              for lang, names in sorted(self.unmatched.items())},
                "notes": self.notes}


def check_glossary(corpus_dir: Path, index: CorpusIndex | None, exclusions: Exclusions) -> CheckReport:
    path = Path(corpus_dir) / GLOSSARY_FILE
    report = CheckReport()
    if not path.exists():
        report.problems.append(f"{path} does not exist")
        return report
    try:
        data, duplicates = read_yaml(path)
    except GlossaryError as exc:
        report.problems.append(str(exc))
        return report
    report.problems.extend(f"{path}: {d}" for d in duplicates)
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), list):
        report.problems.append(f"{path} must have a 'concepts' list")
        return report
    concepts = _entries(path, data["concepts"], report)
    concepts = _links(path, concepts, report)
    try:
        glossary = Glossary(_linked(path, concepts))
    except GlossaryError as exc:
        report.problems.append(str(exc))
        glossary = Glossary(tuple(replace(c, broader=(), narrower=(), related=()) for c in concepts))
    report.concepts = len(glossary.concepts)
    analyzed = AnalyzedGlossary.build(glossary)
    report.glossary = analyzed
    _shared_names(glossary, analyzed, report)
    _exclusions(analyzed, exclusions, report)
    if index is None:
        report.notes.append("no index: names were not looked for in the corpus (run 'cstocorpus build')")
    else:
        _in_corpus(analyzed, index, report)
    return report


def _entries(path, entries: list, report: CheckReport) -> list[Concept]:
    out: list[Concept] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        try:
            concept = _concept(path, n, entry)
        except GlossaryError as exc:
            report.problems.append(str(exc))
            continue
        if concept.id in seen:
            report.problems.append(f"{path}: concept {concept.id!r} appears twice")
            continue
        seen.add(concept.id)
        out.append(concept)
    return out


def _links(path, concepts: list[Concept], report: CheckReport) -> list[Concept]:
    """The concepts with every link to no concept reported and dropped."""
    ids = {c.id for c in concepts}
    out = []
    for c in concepts:
        kept = {}
        for link in LINKS:
            targets = []
            for other in getattr(c, link):
                if other not in ids:
                    report.problems.append(f"{path}: concept {c.id!r} has {link} {other!r}, which is no concept")
                else:
                    targets.append(other)
            kept[link] = tuple(targets)
        out.append(replace(c, **kept))
    return out


def _shared_names(glossary: Glossary, analyzed: AnalyzedGlossary, report: CheckReport) -> None:
    """Names (and written family words) that two concepts share in one language."""
    written = {(c.id, lang, w) for c in glossary.concepts for lang, words in c.family.items() for w in words}
    owners: dict[tuple[str, tuple[str, ...]], list] = {}
    for a in analyzed.aliases:
        if a.role == "name" or (a.concept, a.lang, a.text) in written:
            owners.setdefault((a.lang, a.lemmas), []).append(a)
    for (lang, _), aliases in owners.items():
        for i, a in enumerate(aliases):
            for b in aliases[i + 1:]:
                if a.concept == b.concept or (a.doc and b.doc and a.doc != b.doc):
                    continue
                where = f" in document {a.doc or b.doc}" if a.doc or b.doc else ""
                same = f"{a.text!r}" if a.text == b.text else f"{a.text!r} ({a.concept}) and {b.text!r} ({b.concept}), read alike,"
                report.problems.append(f"the {lang} name {same} belongs to both {a.concept!r} and {b.concept!r}{where}; "
                                       "a name may mean one concept")


def _exclusions(glossary: AnalyzedGlossary, exclusions: Exclusions, report: CheckReport) -> None:
    report.problems.extend(exclusions.problems)
    for e in exclusions.words:
        hit = glossary.lookup(e.lemmas, e.lemmas)
        if hit is not None and hit.how == "name":
            labels = ", ".join(repr(glossary.label(c)) for c in hit.concepts)
            report.problems.append(f"the {e.lang} word {e.word!r} is listed as not cross-language but is a name "
                                   f"of {labels}")


def _in_corpus(glossary: AnalyzedGlossary, index: CorpusIndex, report: CheckReport) -> None:
    for a in glossary.aliases:
        if a.role != "name":
            continue
        if a.doc and a.doc not in index.documents:
            report.problems.append(f"the {a.lang} name {a.text!r} of {a.concept!r} is scoped to document "
                                   f"{a.doc}, which is not in the index")
            continue
        if name_passages(index, a):
            continue
        if a.doc:
            report.problems.append(f"the {a.lang} name {a.text!r} of {a.concept!r} is scoped to document {a.doc} "
                                   "but does not occur in it")
        else:
            report.unmatched.setdefault(a.lang, []).append((a.concept, a.text))
