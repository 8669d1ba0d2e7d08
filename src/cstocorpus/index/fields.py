"""One passage → the field dict both engines index: terms with positions, stored fields.

The fields that come from analysis (``analysis_fields``: terms, token spans, names) depend
only on the block's text and its tokens, so a parallel build computes them in the worker that
analyzed the block (``index.parallel``) and sends back those few strings instead of the
tokens (``packed_analysis_fields``: the ``tokens`` and ``names`` lists as JSON text, which
unpickles some 15 times faster than the lists); ``passage_fields`` then only adds what
depends on the passage's place in its document (id, ordinal, span).  Either way the dict is
the same, except inside a writer that stores JSON itself (``stored_json_accepted``): there
those two values stay ``StoredJSON``, spliced into its stored document as they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from ..analysis.units import BOUND
from ..models import Passage, Token
from ..normalize import search_key
from ..translit import name_spans
from .engine import INDEXED_ONLY
from .pretokenized import encode_pairs, encode_terms

#: What ``analysis_fields`` returns, in this order: the ``lemma``, ``form``, ``tokens``,
#: ``translit``, ``names``, ``pairs``, ``units`` and ``bound`` fields.
AnalysisFields = tuple[str, str, list[list], str, list[list], str, list[list], list[int]]
#: ``analysis_fields`` as a worker sends them, ``tokens``, ``names``, ``units`` and ``bound``
#: JSON-encoded (``encode_json``): a plain tuple of strings per passage pickles and unpickles
#: fastest.
PackedFields = tuple[str, str, str, str, str, str, str, str]

#: The JSON of stored values: compact, UTF-8 as is.  The Tantivy engine stores its documents
#: with it too, so a value encoded here is byte for byte what it would have made of it.
encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

_stored_json_accepted: ContextVar[bool] = ContextVar("stored_json_accepted", default=False)


class StoredJSON:
    """A stored value already encoded as JSON (``text``), where a writer that accepts it
    expects the value itself (see ``stored_json_accepted``)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"StoredJSON({self.text[:40]!r}…)"


@contextmanager
def stored_json_accepted() -> Iterator[None]:
    """While this is in effect (in this thread or task), ``passage_fields`` may give the
    ``tokens`` and ``names`` of a passage analyzed in a worker as ``StoredJSON`` instead of
    decoding them: for a writer that stores JSON anyway (Tantivy).  Any other consumer gets
    plain lists."""
    token = _stored_json_accepted.set(True)
    try:
        yield
    finally:
        _stored_json_accepted.reset(token)


def analysis_fields(text: str, tokens: Sequence[Token], compounds: Sequence[Token],
                    bound: Sequence[int] = ()) -> AnalysisFields:
    """The fields of a passage that come from its analysis: ``text`` is the passage's
    original text (which token spans index), ``tokens``/``compounds``/``bound`` what analysis
    found.

    One position per token; a compound is an alternative at the position of its first part
    (the first token starting where it starts), so phrase queries over the parts still see
    consecutive positions.  A compound inside a longer one (``รักษาสันติภาพ`` in
    ``กองกำลังรักษาสันติภาพ``) is only in ``lemma``: where it stands on its own, it also
    matches the (boosted) ``form`` field and ranks first.  A bound token (no word of its own: ``มือ`` in ``ร่วมมือ``) is
    indexed under its terms with ``units.BOUND`` appended, and ``bound`` stores which tokens
    are; ``units`` stores the compounds (the statistics' running words, prefix highlights).
    """
    lemmas = [t.lemma for t in tokens]
    forms = [search_key(t.form) for t in tokens]
    stored = [[t.start, t.end, lemma, form] for t, lemma, form in zip(tokens, lemmas, forms, strict=True)]
    if bound:
        for i in bound:
            lemmas[i] += BOUND
            forms[i] += BOUND
    lemma_alts: dict[int, list[str]] = {}
    form_alts: dict[int, list[str]] = {}
    if compounds:
        first: dict[int, int] = {}
        for i, t in enumerate(tokens):
            first.setdefault(t.start, i)
        for c in compounds:
            i = first.get(c.start)
            if i is not None:
                lemma_alts.setdefault(i, []).append(c.lemma)
                if not _inside_another(c, compounds):
                    form_alts.setdefault(i, []).append(search_key(c.form))
    names = name_spans(text, list(tokens))
    return (
        encode_terms(lemmas, lemma_alts),
        encode_terms(forms, form_alts),
        stored,
        " ".join(key for _, _, key in names),
        [list(n) for n in names],
        encode_pairs(lemmas, lemma_alts),
        [[c.start, c.end, c.lemma, search_key(c.form)] for c in compounds],
        sorted(bound),
    )


def _positions(p: Passage, term, nested: bool = True) -> list[list[str]]:
    """The terms at each position, ``term(token)`` of each token and compound: what
    ``analysis_fields`` encodes (spelled out, for tests and for reading; bound tokens
    marked).  ``nested=False`` leaves out compounds inside a longer one, as the ``form``
    field does."""
    compounds: dict[int, list[str]] = {}
    for c in p.compounds:
        if nested or not _inside_another(c, p.compounds):
            compounds.setdefault(c.start, []).append(term(c))
    bound = set(p.bound)
    return [[term(t) + (BOUND if i in bound else ""), *compounds.pop(t.start, ())]
            for i, t in enumerate(p.tokens)]


def _inside_another(c: Token, compounds: Sequence[Token]) -> bool:
    """Whether compound ``c`` lies inside a longer one (the ``form`` field leaves it out)."""
    return any(o.start <= c.start and c.end <= o.end and o is not c and (o.start, o.end) != (c.start, c.end)
               for o in compounds)


def packed_analysis_fields(text: str, tokens: Sequence[Token], compounds: Sequence[Token],
                           bound: Sequence[int] = ()) -> PackedFields:
    """``analysis_fields`` in the form a worker sends back (``PackedFields``)."""
    lemma, form, token_spans, translit, names, pairs, units, tied = analysis_fields(text, tokens, compounds, bound)
    return (lemma, form, encode_json(token_spans), translit, encode_json(names), pairs, encode_json(units),
            encode_json(tied))


def passage_fields(p: Passage) -> dict:
    """Every field an engine indexes or stores for one passage (see ``engine.INDEXED_ONLY``).

    A passage analyzed in a worker (``passages.IndexedPassage``) brings its
    ``packed_analysis_fields`` along; the fields of any other are made here."""
    packed = getattr(p, "terms", None)
    if packed is None:
        lemma, form, tokens, translit, names, pairs, units, bound = analysis_fields(p.text, p.tokens, p.compounds,
                                                                                    p.bound)
    else:
        lemma, form, tokens, translit, names, pairs, units, bound = packed
        if _stored_json_accepted.get():
            tokens, names, units = StoredJSON(tokens), StoredJSON(names), StoredJSON(units)
        else:
            tokens, names, units = json.loads(tokens), json.loads(names), json.loads(units)
        bound = json.loads(bound)
    return {  # key order matters: the Tantivy engine stores the non-indexed fields as JSON in this order
        "passage_id": p.passage_id,
        "doc_id": p.doc_id,
        "lang": p.lang,
        "kind": p.kind,
        "ordinal": p.ordinal,
        "lemma": lemma,
        "form": form,
        "pairs": pairs,
        "section": list(p.section),
        "text": p.text,
        "tokens": tokens,
        "translit": translit,
        "names": names,
        "units": units,
        "bound": bound,
        "span": [p.start, p.end],
        "lines": [p.line_start, p.line_end],
        "source_url": p.source_url or "",
    }


def stored_json(fields: dict) -> str:
    """The JSON of the stored fields, in field order: the document Tantivy and Xapian store.
    A ``StoredJSON`` value is put in as the text it already is: encoded as ``0`` first, then
    ``"name":0`` replaced -- that can only be the key, since every ``"`` inside a JSON string
    is escaped."""
    stored = {}
    encoded = []
    for name, value in fields.items():
        if name in INDEXED_ONLY:
            continue
        if value.__class__ is StoredJSON:
            encoded.append((name, value.text))
            value = 0
        stored[name] = value
    text = encode_json(stored)
    for name, value in encoded:
        text = text.replace(f'"{name}":0', f'"{name}":{value}', 1)
    return text
