"""Corpus statistics per language and per document: passages, tokens, types, their ratio.

A language's passages are those tagged with it (as ``build`` counts them and ``search --lang``
selects them), and all their tokens count for it, a Latin name inside a Thai sentence included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .store import StoredPassage


@dataclass
class Tally:
    """Counts over a set of passages."""

    passages: int = 0
    tokens: int = 0
    doc_ids: set[str] = field(default_factory=set)
    forms: set[str] = field(default_factory=set)
    lemmas: set[str] = field(default_factory=set)

    def add(self, p: StoredPassage) -> None:
        self.passages += 1
        self.tokens += len(p.lemmas)
        self.doc_ids.add(p.doc_id)
        self.forms.update(p.forms)
        self.lemmas.update(p.lemmas)

    def record(self, corpus_tokens: int, corpus_passages: int) -> dict:
        """The numbers, with shares of the corpus (tokens, and passages)."""
        return {
            "documents": len(self.doc_ids),
            "passages": self.passages,
            "tokens": self.tokens,
            "word_types": len(self.forms),
            "lemma_types": len(self.lemmas),
            "ttr": round(len(self.forms) / self.tokens, 4) if self.tokens else 0.0,
            "share": round(self.tokens / corpus_tokens, 4) if corpus_tokens else 0.0,
            "passage_share": round(self.passages / corpus_passages, 4) if corpus_passages else 0.0,
        }


def corpus_stats(passages: Iterable[StoredPassage], documents: dict[str, dict]) -> dict:
    """Statistics of the whole corpus, of each language and of each document.

    ``documents`` is the index's document table (for titles).  Languages and documents are
    in sorted order; a document's ``mix`` gives its passages and tokens per language.
    """
    total = Tally()
    by_lang: dict[str, Tally] = {}
    by_doc: dict[str, Tally] = {}
    mix: dict[str, dict[str, Tally]] = {}
    for p in passages:
        total.add(p)
        by_lang.setdefault(p.lang, Tally()).add(p)
        by_doc.setdefault(p.doc_id, Tally()).add(p)
        mix.setdefault(p.doc_id, {}).setdefault(p.lang, Tally()).add(p)

    def rec(tally: Tally) -> dict:
        return tally.record(total.tokens, total.passages)

    docs = []
    for doc_id in sorted(by_doc):
        tally = by_doc[doc_id]
        docs.append({
            "doc_id": doc_id,
            "title": documents.get(doc_id, {}).get("title", ""),
            "languages": sorted(mix[doc_id]),
            **rec(tally),
            "mix": [{
                "lang": lang,
                "passages": part.passages,
                "tokens": part.tokens,
                "share": round(part.tokens / tally.tokens, 4) if tally.tokens else 0.0,
            } for lang, part in sorted(mix[doc_id].items())],
        })
    return {
        "tokens_counted": "words and numbers; punctuation and compounds not counted",
        "corpus": rec(total),
        "languages": [{"lang": lang, **rec(by_lang[lang])} for lang in sorted(by_lang)],
        "documents": docs,
    }
