"""The selected part of the corpus in columns (``index.columns``): which tokens a selection
keeps, language by language, and the term numbers a word is stored under.

Every statistic here counts the tokens the index stores with each passage — the words and
numbers ``freq`` and ``stats`` count (no punctuation) — so its frequencies are theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..index.columns import Columns
from ..subcorpus import EVERYTHING, Selection

BY = ("lemma", "form")


@dataclass
class CorpusView:
    columns: Columns
    selection: Selection = EVERYTHING
    by: str = "lemma"

    def __post_init__(self) -> None:
        if self.by not in BY:
            raise ValueError(f"by must be one of {BY}, not {self.by!r}")

    @property
    def ids(self) -> np.ndarray:
        """The term number of every token: its lemma or its form (``by``)."""
        return self.columns.lemma if self.by == "lemma" else self.columns.form

    @cached_property
    def passage_mask(self) -> np.ndarray:
        c = self.columns
        docs = np.array([self.selection.has_doc(d) for d in c.documents], dtype=bool)
        langs = np.array([self.selection.has_lang(lang) for lang in c.langs], dtype=bool)
        if not len(c.passage_ids):
            return np.zeros(0, dtype=bool)
        return docs[c.passage_doc] & langs[c.passage_lang]

    def languages(self) -> list[str]:
        """The languages of the selected passages, in code order."""
        present = np.unique(self.columns.passage_lang[self.passage_mask])
        return [self.columns.langs[i] for i in present]

    def passages_in(self, lang: str) -> np.ndarray:
        """Selected passages (a mask over passages) in ``lang``."""
        c = self.columns
        if lang not in c.langs:
            return np.zeros(len(c.passage_ids), dtype=bool)
        return self.passage_mask & (c.passage_lang == c.langs.index(lang))

    def token_mask(self, passages: np.ndarray) -> np.ndarray:
        """The tokens of the passages in the mask ``passages``."""
        return np.repeat(passages, np.diff(self.columns.offsets))

    def frequencies(self, tokens: np.ndarray) -> np.ndarray:
        """How often each term occurs among the tokens in the mask ``tokens``."""
        return np.bincount(np.asarray(self.ids)[tokens], minlength=len(self.columns.lexicon))

    def number(self, term: str) -> int | None:
        return self.columns.term_number.get(term)

    def term(self, number: int) -> str:
        return self.columns.lexicon[number]

    def stop_mask(self, numbers: np.ndarray) -> np.ndarray:
        """Which of the terms ``numbers`` are stop words (as ``freq`` leaves them out; decided
        when the index was built, see ``index.columns``)."""
        return self.columns.stop[np.asarray(numbers, dtype=np.int64)]
