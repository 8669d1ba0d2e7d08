"""The glossary browser: every concept with its names per language, its family and links,
and how many passages an unquoted search for it finds; one page per concept with the
passages it reaches per language, reason and name (what ``glossary list`` and ``glossary
show`` print)."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Request

from ..glossary.load import KINDS, LINKS, GlossaryError, load_glossary
from ..glossary.reach import concept_passages, concept_reach
from ..glossary.render import show_data
from ..models import CORPUS_LANGUAGES
from . import params as P
from .pages import index_of, problems
from .render import error, page

router = APIRouter(include_in_schema=False)

_counts: dict[tuple, dict[str, int]] = {}
_counts_lock = threading.Lock()


def _glossary(request: Request):
    try:
        return load_glossary(request.app.state.holder.corpus_dir)
    except GlossaryError as exc:
        raise P.BadRequest(f"{exc} (run 'cstocorpus glossary check' for every problem)") from None


def _passages(index, glossary) -> dict[str, int]:
    """Passages per concept, counted once per index generation (a few seconds on the seed)."""
    key = (str(index.generation), tuple(c.id for c in glossary.concepts))
    with _counts_lock:
        if key not in _counts:
            _counts.clear()
            _counts[key] = {c.id: concept_passages(index, index.glossary, c.id) for c in glossary.concepts}
        return _counts[key]


@router.get("/glossary")
def glossary_page(request: Request):
    q = request.query_params

    def view():
        glossary = _glossary(request)
        index = index_of(request)
        kind = P.choice(q, "kind", ("", *sorted(KINDS)), "") if q.get("kind") else ""
        needle = P.text(q, "q", 200).casefold()
        counts = _passages(index, glossary)

        def wanted(c):
            if kind and c.kind != kind:
                return False
            if not needle:
                return True
            words = [c.id, *(n for names in c.names.values() for n in names)]
            return any(needle in w.casefold() for w in words)

        concepts = [c for c in glossary.concepts if wanted(c)]
        return page(request, "glossary.html", nav="glossary", concepts=concepts, counts=counts,
                    kinds=sorted(KINDS), kind=kind, needle=q.get("q", ""), languages=CORPUS_LANGUAGES,
                    total=len(glossary.concepts))

    return problems(request, view)


@router.get("/glossary/{concept_id}")
def concept_page(request: Request, concept_id: str):
    def view():
        glossary = _glossary(request)
        concept = glossary.get(concept_id) if P.valid_id(concept_id) else None
        if concept is None:
            return error(request, f"no concept {concept_id[:80]!r} in the glossary", 404)
        index = index_of(request)
        written = {(lang, w) for lang, words in concept.family.items() for w in words}
        data = show_data(concept, concept_reach(index, index.glossary, concept.id, written), {})
        labels = {c.id: c.label for c in glossary.concepts}
        return page(request, "concept.html", nav="glossary", data=data, labels=labels, links=LINKS,
                    languages=CORPUS_LANGUAGES)

    return problems(request, view)
