"""A small query language of its own, between the compiler and the index engines.

``compiler`` builds these nodes; each engine (``index.whoosh_reader``, ``index.tantivy_reader``)
translates them into its own queries.  The meaning is Whoosh's: ``AndMaybe`` must match its
first part and scores higher when the second matches too; ``AndNot`` matches the first part
without the second.  Terms are never analyzed again: they are the index's own terms.

Nodes compare by identity (``eq=False``): the compiler tells "nothing was expanded" by
``expanded is exact``.
"""

from __future__ import annotations

from dataclasses import dataclass


class Query:
    """Base of every node."""


@dataclass(frozen=True, eq=False)
class Term(Query):
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True, eq=False)
class Phrase(Query):
    """Terms at consecutive positions of one field."""

    field: str
    terms: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Prefix(Query):
    """Any term of the field that starts with ``text``."""

    field: str
    text: str


@dataclass(frozen=True, eq=False)
class Or(Query):
    children: tuple[Query, ...]


@dataclass(frozen=True, eq=False)
class And(Query):
    children: tuple[Query, ...]


@dataclass(frozen=True, eq=False)
class AndNot(Query):
    positive: Query
    negative: Query


@dataclass(frozen=True, eq=False)
class AndMaybe(Query):
    required: Query
    optional: Query
