"""Blocks of a parsed document → passages: normalized, language-tagged, analyzed, with stable ids.

A passage id is ``<doc_id>:<8 hex digits>`` derived from the passage's section and normalized
text (and how many identical passages came before it), not from its position: editing one
paragraph of a document leaves the ids, and so the citations, of all the others unchanged.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator

from .analysis import analyze_with_compounds
from .langid import identify
from .models import Block, Passage, Token
from .normalize import normalize

#: Separator between passages in the normalized document text (passage spans index into it).
PASSAGE_SEPARATOR = "\n\n"


def make_passages(doc_id: str, blocks: Iterable[Block]) -> list[Passage]:
    """All passages of one document, in document order."""
    return list(iter_passages(doc_id, blocks))


def iter_passages(doc_id: str, blocks: Iterable[Block]) -> Iterator[Passage]:
    offset = 0
    ordinal = 0
    seen: Counter[tuple] = Counter()
    used_ids: set[str] = set()
    for block in blocks:
        norm = normalize(block.text)
        if not norm.text:
            continue
        ordinal += 1
        lang = identify(norm.text)
        words, compounds = analyze_with_compounds(norm.text, lang)
        tokens = tuple(Token(t.form, t.lemma, t.lang, *norm.to_original(t.start, t.end)) for t in words)
        compounds = tuple(Token(t.form, t.lemma, t.lang, *norm.to_original(t.start, t.end)) for t in compounds)
        key = (block.kind, block.section, norm.text)
        passage_id = _passage_id(doc_id, key, seen[key], used_ids)
        seen[key] += 1
        used_ids.add(passage_id)
        yield Passage(
            passage_id=passage_id,
            doc_id=doc_id,
            ordinal=ordinal,
            kind=block.kind,
            section=block.section,
            text=block.text,
            norm=norm.text,
            start=offset,
            end=offset + len(norm.text),
            line_start=block.line_start,
            line_end=block.line_end,
            lang=lang,
            source_url=block.source_url,
            tokens=tokens,
            compounds=compounds,
        )
        offset += len(norm.text) + len(PASSAGE_SEPARATOR)


def document_text(passages: Iterable[Passage]) -> str:
    """The normalized document text that passage spans refer to."""
    return PASSAGE_SEPARATOR.join(p.norm for p in passages)


def _passage_id(doc_id: str, key: tuple, occurrence: int, used: set[str]) -> str:
    kind, section, text = key
    material = "\x1f".join((kind, "\x1e".join(section), text, str(occurrence)))
    digest = hashlib.sha1(material.encode("utf-8")).hexdigest()
    for length in range(8, len(digest) + 1, 2):  # lengthen only on a (rare) collision
        candidate = f"{doc_id}:{digest[:length]}"
        if candidate not in used:
            return candidate
    raise AssertionError("sha1 digests of distinct passages collided completely")
