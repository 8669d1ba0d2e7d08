"""Which words of the corpus the glossary covers, occurrence by occurrence: ``glossary suggest``.

An occurrence of a word is *covered* when it lies inside a stretch of its passage that is a
glossary name, family word or distinctive part of a name (a scoped name only in its own
document), matched as search matches them: the whole stretch by lemmas, or the whole stretch
by forms.  ``มั่นคง`` inside ``องค์การสนธิสัญญาความมั่นคงร่วม`` is covered (the CSTO's name); on
its own it is not.  A word that is itself a name, family word or part reaches its concept
wherever it stands.

Counted per language of the word's script (Latin words inside Thai text are English names),
over the tokens the index stores; stop words (the lists ``freq`` uses), numbers and
punctuation are never listed.  Words are counted as the index stores its tokens: a Japanese
compound is counted by its parts (see ``freq``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..stats.stopwords import is_stopword, term_language
from ..stats.store import StoredPassage
from .analyzed import AnalyzedGlossary

Lemmas = tuple[str, ...]


@dataclass(frozen=True)
class _Stretch:
    tokens: Lemmas  # lemmas, or forms
    by: str  # "lemma" or "form"
    doc: str  # "" everywhere
    concepts: tuple[str, ...]


class Coverer:
    """Finds the glossary's stretches in a passage's stored tokens."""

    def __init__(self, glossary: AnalyzedGlossary):
        self._starts: dict[tuple[str, str], list[_Stretch]] = {}
        for a in glossary.aliases:
            for by, tokens in (("lemma", a.lemmas), ("form", a.forms)):
                if tokens:
                    self._add(_Stretch(tokens, by, a.doc, (a.concept,)))
        for part, concepts in glossary.parts.items():
            self._add(_Stretch(part, "lemma", "", concepts))

    def _add(self, s: _Stretch) -> None:
        self._starts.setdefault((s.by, s.tokens[0]), []).append(s)

    def concepts_of(self, doc: str, lemmas: Lemmas, forms: Lemmas) -> tuple[str, ...]:
        """The concepts one of whose stretches (valid in ``doc``) is exactly this sequence."""
        found: dict[str, None] = {}
        for by, seq in (("lemma", lemmas), ("form", forms)):
            for s in self._starts.get((by, seq[0]), ()) if seq else ():
                if s.tokens == seq and (not s.doc or s.doc == doc):
                    found.update(dict.fromkeys(s.concepts))
        return tuple(found)

    def covering(self, p: StoredPassage) -> list[tuple[str, ...]]:
        """For each token of ``p``, the concepts of the glossary stretches it lies inside
        (empty: not covered)."""
        out: list[tuple[str, ...]] = [() for _ in p.lemmas]
        for i in range(len(p.lemmas)):
            for by, seq in (("lemma", p.lemmas), ("form", p.forms)):
                for s in self._starts.get((by, seq[i]), ()):
                    n = len(s.tokens)
                    if (not s.doc or s.doc == p.doc_id) and tuple(seq[i:i + n]) == s.tokens:
                        for k in range(i, i + n):
                            out[k] = tuple(dict.fromkeys(out[k] + s.concepts))
        return out


@dataclass(frozen=True)
class WordUse:
    """One content word of the corpus and how much of it the glossary covers."""

    term: str  # the lemma, as the index stores it
    lang: str  # the language of its script
    count: int  # occurrences
    uncovered: int  # occurrences inside no glossary stretch
    passages: int  # passages with it
    uncovered_passages: int  # passages with an uncovered occurrence
    documents: int
    concepts: tuple[str, ...]  # concepts whose stretches hold its covered occurrences, most first

    def as_dict(self) -> dict:
        return {"term": self.term, "lang": self.lang, "count": self.count, "uncovered": self.uncovered,
                "passages": self.passages, "uncovered_passages": self.uncovered_passages,
                "documents": self.documents, "inside_names_of": list(self.concepts)}


def is_content_word(term: str) -> bool:
    """Not a stop word, and a word: it has a letter (numbers and punctuation are never listed)."""
    return any(ch.isalpha() for ch in term) and not is_stopword(term)


def word_uses(passages: Iterable[StoredPassage], glossary: AnalyzedGlossary,
              langs: Sequence[str] = ()) -> dict[str, list[WordUse]]:
    """Every content word per language (of ``langs``; all when empty), most frequent first,
    ties in term order."""
    coverer = Coverer(glossary)
    count: Counter[str] = Counter()
    uncovered: Counter[str] = Counter()
    passages_with: Counter[str] = Counter()
    uncovered_in: Counter[str] = Counter()
    docs: dict[str, set[str]] = {}
    inside: dict[str, Counter[str]] = {}
    lang_of: dict[str, str | None] = {}
    for p in passages:
        covered = coverer.covering(p)
        seen: set[str] = set()
        seen_uncovered: set[str] = set()
        for term, concepts in zip(p.lemmas, covered, strict=True):
            lang = lang_of.get(term, "?")
            if lang == "?":
                lang = lang_of[term] = term_language(term) if is_content_word(term) else None
            if lang is None or (langs and lang not in langs):
                continue
            count[term] += 1
            seen.add(term)
            if concepts:
                inside.setdefault(term, Counter()).update(concepts)
            else:
                uncovered[term] += 1
                seen_uncovered.add(term)
            docs.setdefault(term, set()).add(p.doc_id)
        passages_with.update(seen)
        uncovered_in.update(seen_uncovered)
    out: dict[str, list[WordUse]] = {}
    for term in sorted(count, key=lambda t: (-count[t], t)):
        held = inside.get(term, Counter())
        out.setdefault(lang_of[term], []).append(WordUse(
            term, lang_of[term], count[term], uncovered[term], passages_with[term], uncovered_in[term],
            len(docs[term]), tuple(c for c, _ in sorted(held.items(), key=lambda kv: (-kv[1], kv[0])))))
    return out
