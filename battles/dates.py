"""Dates that know their precision: a day, a month or a year.

``1941-09-23`` is a day, ``1941-11`` a month, ``1941`` a year. Dates sort so that a date
known only to the month comes before that month's dated days.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from typing import Literal, Protocol, TypeVar

import msgspec

from battles.errors import DateError

Precision = Literal["day", "month", "year"]

_DATE = re.compile(r"^\s*(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?\s*$")
MONTHS = [
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
DATE_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY (e.g. 1941-09-23, 1941-11, 1941)"


class PartialDate(msgspec.Struct, frozen=True, order=True, array_like=True, gc=False):
    """A calendar date known to a day, a month or a year. Unknown parts are 0, so a date
    known to the month sorts before that month's days. Immutable."""

    year: int
    month: int = 0
    day: int = 0

    def key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day)

    @property
    def number(self) -> int:
        """The date as one number that sorts as the dates do (1941-11 is 19411100)."""
        return self.year * 10000 + self.month * 100 + self.day

    def first_number(self) -> int:
        """The number of the first day the date covers (1941-11: 19411101)."""
        if self.day:
            return self.year * 10000 + self.month * 100 + self.day
        if self.month:
            return self.year * 10000 + self.month * 100 + 1
        return self.year * 10000 + 101

    def last_number(self) -> int:
        """The number of the last day the date covers (1941-11: 19411130)."""
        if self.day:
            return self.year * 10000 + self.month * 100 + self.day
        if self.month:
            return self.year * 10000 + self.month * 100 + month_days(self.year, self.month)
        return self.year * 10000 + 1231

    def __repr__(self) -> str:
        return f"PartialDate({self.iso()!r})"

    @property
    def precision(self) -> Precision:
        if self.day:
            return "day"
        if self.month:
            return "month"
        return "year"

    def first_day(self) -> tuple[int, int, int]:
        return (self.year, self.month or 1, self.day or 1)

    def last_day(self) -> tuple[int, int, int]:
        month = self.month or 12
        return (self.year, month, self.day or month_days(self.year, month))

    def contains(self, other: PartialDate) -> bool:
        """Whether ``other`` falls within this date at this date's precision."""
        return self.first_day() <= other.first_day() and other.last_day() <= self.last_day()

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def human(self) -> str:
        """``23 Sep 1941``, ``Nov 1941`` or ``1941``."""
        if self.day:
            return f"{self.day} {MONTHS[self.month]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso()


_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_days(year: int, month: int) -> int:
    """How many days the month has (the Gregorian calendar, as :mod:`calendar` counts)."""
    if month == 2 and calendar.isleap(year):
        return 29
    return _DAYS[month]


def parse_date(value: object) -> PartialDate:
    """Read ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (an int year is fine)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise DateError(f"expected a date ({DATE_FORMS}), got {type(value).__name__}")
    text = str(value)
    match = _DATE.match(text)
    if match is None:
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise DateError(f"cannot read {shown!r} as a date; write {DATE_FORMS}")
    year = int(match["y"])
    month = int(match["m"] or 0)
    day = int(match["d"] or 0)
    if match["m"] is not None and not 1 <= month <= 12:
        raise DateError(f"{text.strip()!r} has month {month}; months run from 1 to 12")
    if match["d"] is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(
                f"{text.strip()!r} does not exist: {MONTHS[month]} {year} has {last} days"
            )
    if year < 1:
        raise DateError(f"{text.strip()!r}: year must be 1 or later")
    return PartialDate(year, month, day)


def format_span(start: PartialDate | None, end: PartialDate | None) -> str:
    """A span with its precision: ``23–27 Sep 1941``, ``Nov – Dec 1941``, ``9 Oct 1941``."""
    if start is None:
        return "date unknown"
    if end is None or end == start:
        return start.human()
    if start.precision == end.precision == "day" and start.year == end.year:
        if start.month == end.month:
            return f"{start.day}–{end.day} {MONTHS[end.month]} {end.year}"
        return f"{start.day} {MONTHS[start.month]} – {end.human()}"
    if start.precision == end.precision == "month" and start.year == end.year:
        return f"{MONTHS[start.month]} – {MONTHS[end.month]} {end.year}"
    return f"{start.human()} – {end.human()}"


# -- the order of events -----------------------------------------------------------------------

# Words of an event's wording ("end of September 1941", "autumn 1944") that place a date
# known only to the month or the year within it: the day, or the month, it sorts at.
_IN_MONTH = {"beginning": 1, "early": 1, "start": 1, "mid": 15, "middle": 15, "late": 28, "end": 31}
_IN_YEAR = {
    "beginning": 1,
    "early": 1,
    "start": 1,
    "spring": 4,
    "mid": 6,
    "middle": 6,
    "summer": 7,
    "autumn": 10,
    "fall": 10,
    "late": 11,
    "end": 12,
    "winter": 12,
}
_WORDS = re.compile(r"[a-z]+")


class _Dated(Protocol):
    @property
    def date(self) -> PartialDate | None: ...

    @property
    def when(self) -> str | None: ...


def sort_number(date: PartialDate, when: str | None = None) -> int:
    """Where a date sorts among days: a date known to the month or year sorts at its start,
    or where its wording puts it ("end of September" after 20 September)."""
    words = _WORDS.findall(when.lower()[:100]) if when else []
    if date.day:
        return date.number
    if date.month:
        day = next((_IN_MONTH[w] for w in words if w in _IN_MONTH), 0)
        return date.number + min(day, month_days(date.year, date.month))
    month = next((_IN_YEAR[w] for w in words if w in _IN_YEAR), 0)
    return date.number + month * 100


E = TypeVar("E", bound=_Dated)


def events_in_order(events: Sequence[E]) -> list[E]:
    """Events in the order they happened: by date (placed within a month or year by their
    wording); an event without a date stays after the event the record gives before it
    ("after the attack" follows the attack)."""
    keyed: list[tuple[int, int, E]] = []
    last = -1
    for n, event in enumerate(events):
        if event.date is not None:
            last = sort_number(event.date, event.when)
        keyed.append((last, n, event))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [event for _, _, event in keyed]
