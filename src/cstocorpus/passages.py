"""Blocks of a parsed document → passages: normalized, language-tagged, analyzed, with stable ids.

A passage id is ``<doc_id>:<8 hex digits>`` derived from the passage's section and normalized
text (and how many identical passages came before it), not from its position: editing one
paragraph of a document leaves the ids, and so the citations, of all the others unchanged.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .analysis import analyze_units
from .langid import identify
from .models import Block, Passage, Token
from .normalize import normalize

#: Separator between passages in the normalized document text (passage spans index into it).
PASSAGE_SEPARATOR = "\n\n"


def make_passages(doc_id: str, blocks: Iterable[Block]) -> list[Passage]:
    """All passages of one document, in document order."""
    return list(iter_passages(doc_id, blocks))


@dataclass(frozen=True)
class AnalyzedBlock:
    """What analysis makes of one block's text: the part of building a passage that does not
    depend on the other blocks, so it can run in another process (``index.parallel``)."""

    norm: str
    lang: str
    tokens: tuple[Token, ...]  # offsets in the block's original text
    compounds: tuple[Token, ...]
    #: ``index.fields.packed_analysis_fields`` of the block, when a worker computed them
    #: instead of sending the tokens back (``tokens`` and ``compounds`` are then empty).
    terms: tuple | None = None
    bound: tuple[int, ...] = ()  # indices of the tokens that are no word of their own


@dataclass(frozen=True)
class IndexedPassage(Passage):
    """A passage whose block was analyzed for the index in a worker process: it carries the
    fields analysis gives it (``terms``: ``index.fields.packed_analysis_fields``) instead of
    its ``tokens`` and ``compounds``, which are left empty."""

    terms: tuple | None = field(default=None, compare=False, repr=False)


def analyze_block(text: str) -> AnalyzedBlock | None:
    """Normalize, tag and analyze one block's text; ``None`` when it holds no text."""
    norm = normalize(text)
    if not norm.text:
        return None
    lang = identify(norm.text)
    words, compounds, bound = analyze_units(norm.text, lang)
    return AnalyzedBlock(
        norm.text, lang,
        tuple(Token(t.form, t.lemma, t.lang, *norm.to_original(t.start, t.end)) for t in words),
        tuple(Token(t.form, t.lemma, t.lang, *norm.to_original(t.start, t.end)) for t in compounds),
        bound=tuple(sorted(bound)),
    )


def iter_passages(doc_id: str, blocks: Iterable[Block],
                  analyzed: Iterable[AnalyzedBlock | None] | None = None) -> Iterator[Passage]:
    """Passages of one document in order.  ``analyzed`` is ``analyze_block`` of each block's
    text, if it was computed elsewhere (in worker processes); ids, ordinals and offsets are
    assigned here, in order, because they depend on the blocks before."""
    blocks = tuple(blocks)
    if analyzed is None:
        analyzed = (analyze_block(b.text) for b in blocks)
    offset = 0
    ordinal = 0
    seen: Counter[bytes] = Counter()  # by digest: a key holding the text would keep the whole document
    used_ids: set[str] = set()
    for block, a in zip(blocks, analyzed, strict=False):
        if a is None:
            continue
        ordinal += 1
        material = _id_material(block.kind, block.section, a.norm)
        key = hashlib.blake2b(material.encode("utf-8"), digest_size=20).digest()
        passage_id = _passage_id(doc_id, material, seen[key], used_ids)
        seen[key] += 1
        used_ids.add(passage_id)
        fields = dict(
            passage_id=passage_id,
            doc_id=doc_id,
            ordinal=ordinal,
            kind=block.kind,
            section=block.section,
            text=block.text,
            norm=a.norm,
            start=offset,
            end=offset + len(a.norm),
            line_start=block.line_start,
            line_end=block.line_end,
            lang=a.lang,
            source_url=block.source_url,
            tokens=a.tokens,
            compounds=a.compounds,
            bound=a.bound,
        )
        yield Passage(**fields) if a.terms is None else IndexedPassage(**fields, terms=a.terms)
        offset += len(a.norm) + len(PASSAGE_SEPARATOR)


def document_text(passages: Iterable[Passage]) -> str:
    """The normalized document text that passage spans refer to."""
    return PASSAGE_SEPARATOR.join(p.norm for p in passages)


def _id_material(kind: str, section: tuple[str, ...], text: str) -> str:
    """What a passage's id is made of, but for how many identical passages came before it."""
    return "\x1f".join((kind, "\x1e".join(section), text))


def _passage_id(doc_id: str, material: str, occurrence: int, used: set[str]) -> str:
    digest = hashlib.sha1(f"{material}\x1f{occurrence}".encode()).hexdigest()
    for length in range(8, len(digest) + 1, 2):  # lengthen only on a (rare) collision
        candidate = f"{doc_id}:{digest[:length]}"
        if candidate not in used:
            return candidate
    raise AssertionError("sha1 digests of distinct passages collided completely")
