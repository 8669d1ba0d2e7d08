"""Subcorpora: the filters every command shares (language, document, publication date,
author, tag, source type) and named subcorpora in ``corpus/subcorpora.yaml``, resolved to the
documents and passage languages they select."""

from .filters import EVERYTHING, Filters, Selection, SelectionError, filters, select, source_kind
from .named import FILE_NAME, NamedSubcorpus, SubcorpusFileError, load_subcorpora

__all__ = ["EVERYTHING", "FILE_NAME", "Filters", "NamedSubcorpus", "Selection", "SelectionError",
           "SubcorpusFileError", "filters", "load_subcorpora", "select", "source_kind"]
from .resolve import resolve, search_in  # noqa: E402  (after the modules it builds on)

__all__ += ["resolve", "search_in"]
