"""Filters → selection for an open index, and a search restricted to a selection: the two
steps every command that reads passages takes."""

from __future__ import annotations

from pathlib import Path

from ..index.reader import CorpusIndex
from ..query import parse
from ..search import SearchResult, search
from .filters import Filters, Selection, SelectionError, select
from .named import FILE_NAME, load_subcorpora


def resolve(index: CorpusIndex, asked: Filters, corpus_dir: Path | None = None) -> Selection:
    """What ``asked`` selects in ``index``; a named subcorpus is read from
    ``corpus_dir/subcorpora.yaml``.  ``SelectionError`` or ``SubcorpusFileError`` when it
    cannot be answered."""
    named = {}
    source = ""
    if asked.subcorpus:
        path = Path(corpus_dir or "corpus") / FILE_NAME
        source = str(path)
        subcorpora = load_subcorpora(path.parent)
        if not subcorpora and not path.is_file():
            raise SelectionError(f"no subcorpus {asked.subcorpus!r}: {path} does not exist")
        named = {name: s.filters for name, s in subcorpora.items()}
    return select(index.documents, index.languages(), asked, named, source)


def search_in(index: CorpusIndex, text: str, selection: Selection, **options) -> SearchResult:
    """``search.search`` over the selected passages (``options``: ``limit``, ``literal`` ...).
    A selection of no document finds nothing (``search`` reads an empty document list as
    "every document")."""
    if selection.nothing:
        parse(text)  # a query that cannot be read is still refused
        return SearchResult(text, 0, [])
    return search(index, text, selection.langs, selection.docs or (), **options)
