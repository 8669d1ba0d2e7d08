"""The concordance (KWIC): every occurrence of a query's hits with its left and right context,
sortable by the words around it, paged, each line with its citation."""

from .context import ContextError, ContextSize, parse_context
from .lines import Concordance, Line, concordance
from .sorting import BY, KEYS, SortError, parse_sort

__all__ = ["BY", "KEYS", "Concordance", "ContextError", "ContextSize", "Line", "SortError", "concordance",
           "parse_context", "parse_sort"]
