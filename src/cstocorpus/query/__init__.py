"""The query language: ``parser`` turns text into a small syntax tree, ``compiler`` into index queries."""

from .parser import QuerySyntaxError, parse

__all__ = ["QuerySyntaxError", "parse"]
