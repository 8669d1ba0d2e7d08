"""Partial ISO dates (``2007``, ``2007-10``, ``2007-10-07``) as the span of days they name.

A catalog date may be only a year or a month; a filter ``--from 2007-06`` must still say
whether a document "published 2007" is in or out.  Each partial date is read as the interval
of days it covers, and a document is selected when its interval overlaps the filter's
(``2007`` overlaps ``2007-06 … 2007-08``): a date that *could* fall in the range is kept,
and the output says how the range was read.  Whether a date is valid at all is decided by
the catalog's own check (``catalog.check_date``), so a filter accepts exactly the dates a
catalog entry may hold.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from ..catalog import check_date


class DateError(ValueError):
    """Not a real partial ISO date; the message says why."""


@dataclass(frozen=True)
class DateSpan:
    first: date
    last: date

    def overlaps(self, other: DateSpan) -> bool:
        return self.first <= other.last and other.first <= self.last


def date_span(text: str, name: str = "date") -> DateSpan:
    """The days ``text`` (YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date) covers; ``name``
    says which option or key it came from in the error."""
    try:
        normalized = check_date(str(text), name)
    except ValueError as exc:
        raise DateError(str(exc)) from None
    parts = [int(p) for p in normalized.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return DateSpan(date(year, 1, 1), date(year, 12, 31))
    month = parts[1]
    if len(parts) == 2:
        return DateSpan(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
    return DateSpan(date(year, month, parts[2]), date(year, month, parts[2]))


def range_span(start: str | None, end: str | None) -> DateSpan:
    """The span from the first day of ``start`` to the last day of ``end`` (either open)."""
    first = date_span(start, "--from").first if start else date.min
    last = date_span(end, "--to").last if end else date.max
    if first > last:
        raise DateError(f"the range starts ({start}) after it ends ({end})")
    return DateSpan(first, last)
