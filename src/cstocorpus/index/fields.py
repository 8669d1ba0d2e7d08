"""One passage → the field dict both engines index: terms with positions, stored fields."""

from __future__ import annotations

from ..models import Passage
from ..normalize import search_key
from ..translit import name_spans
from .pretokenized import encode_positions


def _positions(p: Passage, term) -> list[list[str]]:
    """One position per token; a compound is an alternative at the position of its first
    part, so phrase queries over the parts still see consecutive positions."""
    compounds: dict[int, list[str]] = {}
    for c in p.compounds:
        compounds.setdefault(c.start, []).append(term(c))
    return [[term(t), *compounds.pop(t.start, ())] for t in p.tokens]


def passage_fields(p: Passage) -> dict:
    """Every field an engine indexes or stores for one passage (see ``engine.INDEXED_ONLY``)."""
    names = name_spans(p.text, list(p.tokens))
    return {
        "passage_id": p.passage_id,
        "doc_id": p.doc_id,
        "lang": p.lang,
        "kind": p.kind,
        "ordinal": p.ordinal,
        "lemma": encode_positions(_positions(p, lambda t: t.lemma)),
        "form": encode_positions(_positions(p, lambda t: search_key(t.form))),
        "section": list(p.section),
        "text": p.text,
        "tokens": [[t.start, t.end, t.lemma, search_key(t.form)] for t in p.tokens],
        "translit": " ".join(key for _, _, key in names),
        "names": [list(n) for n in names],
        "span": [p.start, p.end],
        "lines": [p.line_start, p.line_end],
        "source_url": p.source_url or "",
    }
