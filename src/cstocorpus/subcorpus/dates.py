"""Partial ISO dates (``2007``, ``2007-10``, ``2007-10-07``) as the span of days they name.

A catalog date may be only a year or a month; a filter ``--from 2007-06`` must still say
whether a document "published 2007" is in or out.  Each partial date is read as the interval
of days it covers, and a document is selected when its interval overlaps the filter's
(``2007`` overlaps ``2007-06 … 2007-08``): a date that *could* fall in the range is kept,
and the output says how the range was read.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateError(ValueError):
    """Not a real partial ISO date; the message says why."""


@dataclass(frozen=True)
class DateSpan:
    first: date
    last: date

    def overlaps(self, other: DateSpan) -> bool:
        return self.first <= other.last and other.first <= self.last


def date_span(text: str) -> DateSpan:
    """The days ``text`` (YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date) covers."""
    match = _PARTIAL.match(text.strip())
    if not match:
        raise DateError(f"{text!r} is not a date like 2007, 2007-10 or 2007-10-07")
    year, month, day = (int(g) if g else None for g in match.groups())
    if year < 1:
        raise DateError(f"{text!r} has no year 0")
    if month is None:
        return DateSpan(date(year, 1, 1), date(year, 12, 31))
    if not 1 <= month <= 12:
        raise DateError(f"{text!r} has no month {month}")
    days = calendar.monthrange(year, month)[1]
    if day is None:
        return DateSpan(date(year, month, 1), date(year, month, days))
    if not 1 <= day <= days:
        raise DateError(f"{text!r} is not a day of the calendar ({year}-{month:02d} has {days} days)")
    return DateSpan(date(year, month, day), date(year, month, day))


def range_span(start: str | None, end: str | None) -> DateSpan:
    """The span from the first day of ``start`` to the last day of ``end`` (either open)."""
    first = date_span(start).first if start else date.min
    last = date_span(end).last if end else date.max
    if first > last:
        raise DateError(f"the range starts ({start}) after it ends ({end})")
    return DateSpan(first, last)
