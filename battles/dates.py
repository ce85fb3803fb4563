"""Dates that know their precision: a day, a month, a season, a year, a decade or a century.

``1941-09-23`` is a day, ``1941-11`` a month, ``1941`` a year (the forms of schema version 1).
Schema version 2 adds years before the common era (``490 BC``), approximate dates
(``c. 1200``), a part of a period (``late September 1941``, ``early 1863``, ``mid 1860s``,
``end of 1863``), seasons (``spring 1863``), decades (``1860s``), centuries (``5th century
BC``) and a time of day (``1941-09-23 05:30``).

Years are held astronomically: 1 BC is year 0, 490 BC is year -489, AD 1 is year 1. A date is
an interval of days (:meth:`PartialDate.first_day`, :meth:`PartialDate.last_day`) and sorts
by :attr:`PartialDate.number`: a date known to the month sorts before that month's days, a
part of a period at the first day of that part ("late September 1941" after 20 September).
"""

import re
from collections.abc import Sequence
from typing import Literal, Protocol, TypeVar

import msgspec

from battles.errors import DateError

Precision = Literal["day", "month", "season", "year", "decade", "century"]

_DATE = r"^\s*(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?\s*$"  # re caches it
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
MONTH_NAMES = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DATE_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY (e.g. 1941-09-23, 1941-11, 1941)"
DATE_FORMS_V2 = (
    f"{DATE_FORMS}, or (schema_version: 2) 490 BC, 15 March 44 BC, c. 1200, "
    "late September 1941, spring 1863, 1860s, 5th century BC, 1941-09-23 05:30"
)

# The parts of a period, each the share of the period it covers (see PartialDate.part).
PARTS = ("early", "mid", "late", "beginning of", "end of")
# Northern-hemisphere meteorological seasons: first month and how many months. Winter 1863
# is December 1863 to February 1864 (the winter that begins in that year).
SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "winter": (12, 3)}
MAX_YEAR = 9999  # in either era
NO_TIME = -1


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def year_label(year: int) -> str:
    """An astronomical year as people write it: ``1941``, ``490 BC`` (year -489), ``AD 9``
    (a year AD before 1000 says so, beside the years BC it may be read with)."""
    if year < 1:
        return f"{1 - year} BC"
    return f"AD {year}" if year < 1000 else str(year)


def century_label(year: int) -> str:
    """The century a year falls in: ``20th century``, ``5th century BC``."""
    if year >= 1:
        return f"{_ordinal((year - 1) // 100 + 1)} century"
    return f"{_ordinal((-year) // 100 + 1)} century BC"


def century_start(year: int) -> int:
    """The first (astronomical) year of the century that holds ``year``."""
    if year >= 1:
        return (year - 1) // 100 * 100 + 1
    return -((-year) // 100 * 100 + 99)


def decade_start(year: int) -> int:
    """The first (astronomical) year of the decade that holds ``year``: the 1860s run from
    1860 to 1869, the 480s BC from 489 BC to 480 BC (years -488 to -479). The years AD 1-9
    (start 1) and 9-1 BC (start -8) are no decade a record can name: see decade_text."""
    if year >= 1:
        return max(year // 10 * 10, 1)  # AD 1-9: no "0s", a short decade
    bc = 1 - year
    return 1 - (bc // 10 * 10 + 9)


def decade_text(start: int) -> str:
    """The decade that starts in ``start`` (see decade_start): ``1860s``, ``480s BC``, and
    ``AD 1–9`` and ``9–1 BC`` for the years next to the change of era."""
    if start == 1:
        return "AD 1–9"
    if start == -8:
        return "9–1 BC"
    return PartialDate(start, unit="decade").human()


def day_number(day: tuple[int, int, int]) -> int:
    """The day's number, counting from 1 January of AD 1 as day 1 (proleptic Gregorian, as
    :meth:`datetime.date.toordinal` does), for any astronomical year."""
    y, m, d = day
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 305


def from_day_number(number: int) -> tuple[int, int, int]:
    """The inverse of :func:`day_number`."""
    z = number + 305
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (yoe + era * 400 + (m <= 2), m, d)


class PartialDate(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A calendar date known to a day, a month, a season, a year, a decade or a century.

    ``year`` is astronomical (490 BC is -489); unknown month and day are 0. ``unit`` is
    ``"decade"`` or ``"century"`` for those precisions (``year`` is then the period's first
    year), ``part`` a season (``spring``...) or a part of the period (``early``, ``mid``,
    ``late``, ``beginning of``, ``end of``), ``approx`` the ``c.`` of an approximate date and
    ``time`` the minutes after midnight where a source gives a time of day. Immutable; dates
    compare by :meth:`sort_key`."""

    year: int
    month: int = 0
    day: int = 0
    approx: bool = False
    part: str = ""
    unit: str = ""
    time: int = NO_TIME

    # -- the order of dates --------------------------------------------------------------

    @property
    def number(self) -> int:
        """The date as one number that sorts as the dates do (1941-11 is 19411100): a date
        known to the month, year, decade or century sorts before its days, a part of a period
        (or a season) at the first day of that part."""
        if self.part:
            y, m, d = self.first_day()
            return y * 10000 + m * 100 + d
        return self.year * 10000 + self.month * 100 + self.day

    def sort_key(self) -> tuple[int, int, int, bool, str, str]:
        """What dates sort by: :attr:`number`, then the time of day, then the longer period
        first (``early September 1941`` before 1 September, as a month before its days)."""
        return (self.number, self.time, -self.last_number(), self.approx, self.part, self.unit)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() >= other.sort_key()

    # -- the days a date covers ----------------------------------------------------------

    def _whole(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        """The first and last day of the period the date names, before any part."""
        y, m, d = self.year, self.month, self.day
        if self.unit == "decade":
            return (y, 1, 1), (y + 9, 12, 31)
        if self.unit == "century":
            return (y, 1, 1), (y + 99, 12, 31)
        if self.part in SEASONS:
            first, months = SEASONS[self.part]
            end_month = first + months - 1
            end_year = y + (end_month - 1) // 12
            end_month = (end_month - 1) % 12 + 1
            return (y, first, 1), (end_year, end_month, month_days(end_year, end_month))
        if d:
            return (y, m, d), (y, m, d)
        if m:
            return (y, m, 1), (y, m, month_days(y, m))
        return (y, 1, 1), (y, 12, 31)

    def _bounds(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        first, last = self._whole()
        third = {"early": 0, "beginning of": 0, "mid": 1, "late": 2, "end of": 2}.get(self.part)
        if third is None:
            return first, last
        y, m = self.year, self.month
        if self.unit in ("decade", "century"):
            size = 10 if self.unit == "decade" else 100
            cuts = (0, 4, 7, 10) if size == 10 else (0, 33, 66, 100)
            return (y + cuts[third], 1, 1), (y + cuts[third + 1] - 1, 12, 31)
        if m:  # a month: days 1-10, 11-20, 21 to its end
            lasts = (10, 20, month_days(y, m))
            return (y, m, (1, 11, 21)[third]), (y, m, lasts[third])
        # a year: January-April, May-August, September-December
        return (y, 4 * third + 1, 1), (y, 4 * third + 4, month_days(y, 4 * third + 4))

    def first_day(self) -> tuple[int, int, int]:
        if not (self.part or self.unit):  # the common case, quickly
            return (self.year, self.month or 1, self.day or 1)
        return self._bounds()[0]

    def last_day(self) -> tuple[int, int, int]:
        if not (self.part or self.unit):
            month = self.month or 12
            return (self.year, month, self.day or month_days(self.year, month))
        return self._bounds()[1]

    def first_number(self) -> int:
        """The number of the first day the date covers (1941-11: 19411101)."""
        if not (self.part or self.unit):  # a timeline asks this of every event
            if self.day:
                return self.year * 10000 + self.month * 100 + self.day
            return self.year * 10000 + (self.month or 1) * 100 + 1
        y, m, d = self._bounds()[0]
        return y * 10000 + m * 100 + d

    def last_number(self) -> int:
        """The number of the last day the date covers (1941-11: 19411130)."""
        if not (self.part or self.unit):
            if self.day:
                return self.year * 10000 + self.month * 100 + self.day
            if self.month:
                return self.year * 10000 + self.month * 100 + month_days(self.year, self.month)
            return self.year * 10000 + 1231
        y, m, d = self._bounds()[1]
        return y * 10000 + m * 100 + d

    @property
    def precision(self) -> Precision:
        if self.unit == "decade":
            return "decade"
        if self.unit == "century":
            return "century"
        if self.part in SEASONS:
            return "season"
        if self.day:
            return "day"
        if self.month:
            return "month"
        return "year"

    @property
    def plain(self) -> bool:
        """A form of schema version 1: a day, month or year AD, nothing more."""
        return (
            self.year >= 1
            and not self.approx
            and not self.part
            and not self.unit
            and self.time == NO_TIME
        )

    # -- text ----------------------------------------------------------------------------

    def iso(self) -> str:
        """The date as a record writes it: ISO 8601 (``1941-09-23``, ``1941-11``, ``1941``)
        for the forms of schema version 1, else the text of :meth:`text`."""
        if not self.plain:
            return self.text()
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def _clock(self) -> str:
        return f"{self.time // 60:02d}:{self.time % 60:02d}"

    def text(self) -> str:
        """The record's text form, which :func:`parse_date` reads back to this date:
        ``1941-09-23``, ``c. 1200``, ``490 BC``, ``44-03-15 BC``, ``1941-09-23 05:30``,
        ``late September 1941``, ``spring 1863``, ``1860s``, ``5th century BC``."""
        if self.part or self.unit:
            return self._words(MONTH_NAMES, ad=False)
        body = f"{self.year:04d}" if self.year >= 1 else str(1 - self.year)
        if self.month:
            body += f"-{self.month:02d}"
        if self.day:
            body += f"-{self.day:02d}"
        if self.year < 1:
            body += " BC"
        if self.time != NO_TIME:
            body += f" {self._clock()}"
        return f"c. {body}" if self.approx else body

    def _words(self, months: list[str], *, ad: bool = True) -> str:
        if self.unit == "decade":
            body = f"{self.year}s" if self.year >= 1 else f"{1 - (self.year + 9)}s BC"
        elif self.unit == "century":
            body = century_label(self.year)
        else:
            body = year_label(self.year) if ad or self.year < 1 else str(self.year)
            if self.month:
                body = f"{months[self.month]} {body}"
            if self.day:
                body = f"{self.day} {body}"
        if self.part:
            body = f"{self.part} {body}"
        if self.time != NO_TIME:
            body += f", {self._clock()}"
        return f"c. {body}" if self.approx else body

    def human(self) -> str:
        """``23 Sep 1941``, ``Nov 1941``, ``1941``, ``490 BC``, ``c. 1200``, ``late September
        1941``, ``spring 1863``, ``1860s``, ``5th century BC``, ``23 Sep 1941, 05:30``."""
        return self._words(MONTH_NAMES if self.part else MONTHS)

    def __repr__(self) -> str:
        return f"PartialDate({self.text()!r})"

    def __str__(self) -> str:
        return self.iso()


_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_days(year: int, month: int) -> int:
    """How many days the month has (the proleptic Gregorian calendar, as :mod:`calendar`
    counts, for any astronomical year)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):  # as calendar
        return 29
    return _DAYS[month]


# -- reading ---------------------------------------------------------------------------------

MAX_DATE_TEXT = 80

MONTH_WORDS = {  # a month's English names and abbreviations: its number
    name: i + 1
    for i, names in enumerate(
        [
            "january jan", "february feb", "march mar", "april apr", "may", "june jun",
            "july jul", "august aug", "september sep sept", "october oct", "november nov",
            "december dec",
        ]
    )
    for name in names.split()
}  # fmt: skip
_M = r"(?P<mon>[a-z]+)\.?"
_Y = r"(?:(?P<ad>a\.?d\.?)\s*)?(?P<y>\d{1,4})"
_ERA = r"(?:\s*(?P<era>b\.?c\.?e?\.?|a\.?d\.?|c\.?e\.?)(?![a-z]))?"
_TIME = r"(?:(?:\s*,\s*|\s+|t)(?P<hh>\d{1,2}):(?P<mm>\d{2}))?"
# The forms of schema version 2, compiled on first use (re caches them): start-up stays quick.
_APPROX = r"^(?:c\.|ca\.|circa\b|about\b)\s*"
_PART = r"^(early|mid|middle of|middle|late|beginning of|end of)(?:\s+|-)(?=\S)"
_SEASON = rf"^(?P<s>spring|summer|autumn|fall|winter)(?:\s+of)?\s+{_Y}{_ERA}$"
_DECADE = r"^(?P<y>\d{1,3}0)s" + _ERA + "$"
_CENTURY = r"^(?P<n>\d{1,3})(?:st|nd|rd|th)\s+century" + _ERA + "$"
_ISO = rf"^{_Y}(?:-(?P<m>\d{{1,2}})(?:-(?P<d>\d{{1,2}}))?)?{_ERA}{_TIME}$"
_AD_FIRST = r"^(?P<era>a\.?d\.?)\s*(?P<y>\d{1,4})$"
_DAY_MONTH = rf"^(?P<d>\d{{1,2}})\s+{_M},?\s+{_Y}{_ERA}{_TIME}$"
_MONTH_DAY = rf"^{_M}\s+(?P<d>\d{{1,2}}),?\s+{_Y}{_ERA}{_TIME}$"
_MONTH_YEAR = rf"^{_M},?\s+{_Y}{_ERA}$"


def _astronomical(match: re.Match[str], text: str) -> int:
    """The year of a match with the groups ``y``, ``era`` and maybe ``ad``."""
    year = int(match["y"])  # at most four digits: bounded
    era = match["era"]
    if era is not None and "ad" in match.groupdict() and match["ad"] is not None:
        raise DateError(f"cannot read {text!r}: it gives the era twice")
    if year == 0:
        raise DateError(
            f"{text!r} has year 0, which does not exist: 1 BC is followed by AD 1 "
            "(write 1 BC or AD 1)"
        )
    bc = era is not None and era.replace(".", "").startswith("b")
    return 1 - year if bc else year


def _month(word: str, text: str) -> int:
    month = MONTH_WORDS.get(word)
    if month is None:
        raise DateError(f"cannot read {text!r} as a date: {word!r} is not a month")
    return month


def _check_day(year: int, month: int, day: int, text: str) -> None:
    if not 1 <= month <= 12:
        raise DateError(f"{text!r} has month {month}; months run from 1 to 12")
    last = month_days(year, month)
    if not 1 <= day <= last:
        raise DateError(
            f"{text!r} does not exist: {MONTHS[month]} {year_label(year)} has {last} days"
        )


def _time(match: re.Match[str], text: str) -> tuple[int, int, int, int]:
    """The time of day in minutes, or NO_TIME; ``24:00`` is the next day's 00:00, so the
    day may move on: returns (days to add, minutes, hours, minutes written)."""
    if match["hh"] is None:
        return 0, NO_TIME, 0, 0
    hours, minutes = int(match["hh"]), int(match["mm"])
    if hours == 24 and minutes == 0:
        return 1, 0, hours, minutes
    if hours > 23 or minutes > 59:
        raise DateError(f"{text!r} has the time {hours}:{minutes:02d}; write 00:00 to 24:00")
    return 0, hours * 60 + minutes, hours, minutes


def _read(body: str, text: str) -> PartialDate:
    """Every form of schema version 2, from ``body``: ``text`` stripped and lower-cased."""
    approx = False
    found = re.match(_APPROX, body)
    if found:
        approx, body = True, body[found.end() :]
    part = ""
    found = re.match(_PART, body)
    if found:
        part = {"middle": "mid", "middle of": "mid"}.get(found[1], found[1])
        body = body[found.end() :]
    if m := re.match(_SEASON, body):
        if part:
            raise DateError(f"cannot read {text!r}: a season takes no early, mid or late")
        season = {"fall": "autumn"}.get(m["s"], m["s"])
        return PartialDate(_astronomical(m, text), approx=approx, part=season)
    if m := re.match(_DECADE, body):
        first = int(m["y"])
        if first == 0:
            raise DateError(f"cannot read {text!r}: there is no decade 0s (write 1st century)")
        bc = m["era"] is not None and m["era"].replace(".", "").startswith("b")
        start = 1 - (first + 9) if bc else first
        return PartialDate(start, approx=approx, part=part, unit="decade")
    if m := re.match(_CENTURY, body):
        n = int(m["n"])
        if n == 0:
            raise DateError(f"cannot read {text!r}: centuries are counted from the 1st")
        bc = m["era"] is not None and m["era"].replace(".", "").startswith("b")
        start = -(n * 100 - 1) if bc else (n - 1) * 100 + 1
        return PartialDate(start, approx=approx, part=part, unit="century")
    if (m := re.match(_AD_FIRST, body)) is not None:
        return PartialDate(_astronomical(m, text), approx=approx, part=part)
    if (m := re.match(_ISO, body)) is not None:
        year = _astronomical(m, text)
        month = int(m["m"]) if m["m"] else 0
        day = int(m["d"]) if m["d"] else 0
    elif (m := re.match(_DAY_MONTH, body) or re.match(_MONTH_DAY, body)) is not None:
        year = _astronomical(m, text)
        month, day = _month(m["mon"], text), int(m["d"])
    elif (m := re.match(_MONTH_YEAR, body)) is not None:
        year = _astronomical(m, text)
        month, day = _month(m["mon"], text), 0
    else:
        raise DateError(f"cannot read {text!r} as a date; write {DATE_FORMS_V2}")
    if m.groupdict().get("m") is not None and not 1 <= month <= 12:
        raise DateError(f"{text!r} has month {month}; months run from 1 to 12")
    if m.groupdict().get("d") is not None:
        _check_day(year, month, day, text)
    if part and day:
        raise DateError(f"cannot read {text!r}: a day takes no early, mid or late")
    if m.groupdict().get("hh") is None:
        return PartialDate(year, month, day, approx=approx, part=part)
    if not day:
        raise DateError(f"{text!r} gives a time of day without the day")
    more, minutes, _, _ = _time(m, text)
    if more:
        year, month, day = from_day_number(day_number((year, month, day)) + 1)
        if not 1 - MAX_YEAR <= year <= MAX_YEAR:
            raise DateError(f"{text!r} runs past the last year the tool holds")
    return PartialDate(year, month, day, approx=approx, time=minutes)


def parse_date(value: object, schema_version: int = 2) -> PartialDate:
    """Read a date in any of its text forms (an int year is fine). With ``schema_version``
    1, only the forms of version 1 (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``) are dates; a
    form of version 2 is an error that says so. Raises only :class:`DateError`."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise DateError(f"expected a date ({DATE_FORMS}), got {type(value).__name__}")
    if isinstance(value, int) and not -MAX_YEAR <= value <= MAX_YEAR:
        raise DateError(f"the year {value} is out of range")
    text = str(value)
    shown = text.strip() if len(text) <= 40 else text.strip()[:37] + "..."
    match = re.match(_DATE, text)
    if match is not None:
        year = int(match["y"])
        month = int(match["m"] or 0)
        day = int(match["d"] or 0)
        if year < 1:
            raise DateError(f"{shown!r} has year 0, which does not exist: 1 BC is followed by AD 1")
        if match["m"] is not None and not 1 <= month <= 12:
            raise DateError(f"{shown!r} has month {month}; months run from 1 to 12")
        if match["d"] is not None:
            _check_day(year, month, day, shown)
        return PartialDate(year, month, day)
    if len(text) > MAX_DATE_TEXT:
        raise DateError(f"cannot read {shown!r} as a date: too long for one")
    wanted = " ".join(text.lower().split())
    try:
        date = _read(wanted, shown)
    except DateError as exc:
        if schema_version == 1:
            raise DateError(f"cannot read {shown!r} as a date; write {DATE_FORMS}") from exc
        raise
    if schema_version == 1:
        raise DateError(
            f"{shown!r} is a date form of schema_version: 2, and this record says "
            f"schema_version: 1; write {DATE_FORMS}, or change the record to "
            "schema_version: 2"
        )
    return date


def format_span(start: PartialDate | None, end: PartialDate | None) -> str:
    """A span with its precision: ``23–27 Sep 1941``, ``Nov – Dec 1941``, ``9 Oct 1941``,
    ``10–12 Aug 480 BC``, ``490 – 479 BC``."""
    if start is None:
        return "date unknown"
    if end is None or end == start:
        return start.human()
    plain = not (start.approx or end.approx or start.part or end.part or start.unit or end.unit)
    plain = plain and start.time == end.time == NO_TIME
    if plain and start.year == end.year:
        label = year_label(end.year)
        if start.precision == end.precision == "day":
            if start.month == end.month:
                return f"{start.day}–{end.day} {MONTHS[end.month]} {label}"
            return f"{start.day} {MONTHS[start.month]} – {end.human()}"
        if start.precision == end.precision == "month":
            return f"{MONTHS[start.month]} – {MONTHS[end.month]} {label}"
    if plain and start.year < 1 and end.year < 1 and start.precision == "year" == end.precision:
        return f"{1 - start.year} – {end.human()}"
    return f"{start.human()} – {end.human()}"


# -- durations -------------------------------------------------------------------------------

DurationUnit = Literal["minutes", "hours", "days", "weeks"]
DURATION_UNITS: dict[str, tuple[DurationUnit, float]] = {
    "minute": ("minutes", 1 / 60),
    "hour": ("hours", 1.0),
    "day": ("days", 24.0),
    "week": ("weeks", 168.0),
}
_DURATION = (
    r"^(?P<low>\d{1,6}(?:\.\d{1,3})?)(?:\s*(?:-|–|to)\s*(?P<high>\d{1,6}(?:\.\d{1,3})?))?"
    r"\s*(?P<unit>minutes?|hours?|days?|weeks?)$"
)
DURATION_FORMS = "3 days, 14 hours, 2.5 days or 2-3 days (minutes, hours, days or weeks)"


def parse_duration(value: object) -> tuple[float, float, DurationUnit]:
    """``3 days``, ``14 hours``, ``2.5 days``, ``2-3 days``: (low, high, unit in the plural).
    Raises only :class:`DateError`."""
    if isinstance(value, bool) or not isinstance(value, str):
        raise DateError(f"expected a duration ({DURATION_FORMS}), got {type(value).__name__}")
    text = " ".join(value.lower().split())
    match = re.match(_DURATION, text) if len(text) <= MAX_DATE_TEXT else None
    if match is None:
        shown = value.strip() if len(value) <= 40 else value.strip()[:37] + "..."
        raise DateError(f"cannot read {shown!r} as a duration; write {DURATION_FORMS}")
    low = float(match["low"])
    high = float(match["high"]) if match["high"] else low
    if low <= 0 or high < low:
        raise DateError(f"{value.strip()!r}: a duration is more than 0, its range low to high")
    return low, high, DURATION_UNITS[match["unit"].rstrip("s")][0]


def format_duration(low: float, high: float, unit: str) -> str:
    """``3 days``, ``2–3 days``, ``1 hour``, ``2.5 days``."""

    def number(x: float) -> str:
        return f"{x:g}"

    word = unit[:-1] if high == 1 else unit
    if high == low:
        return f"{number(low)} {word}"
    return f"{number(low)}–{number(high)} {word}"


def duration_hours(low: float, high: float, unit: str) -> tuple[float, float]:
    factor = DURATION_UNITS[unit.rstrip("s")][1]
    return low * factor, high * factor


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
_WORDS = r"[a-z]+"


class _Dated(Protocol):
    @property
    def date(self) -> PartialDate | None: ...

    @property
    def when(self) -> str | None: ...


def sort_number(date: PartialDate, when: str | None = None) -> int:
    """Where a date sorts among days: a date known to the month or year sorts at its start,
    or where its wording puts it ("end of September" after 20 September). A date that
    names its part of the period itself (``late September 1941``) sorts by that."""
    if date.day or date.part or date.unit:
        return date.number
    words = re.findall(_WORDS, when.lower()[:100]) if when else []
    if date.month:
        day = next((_IN_MONTH[w] for w in words if w in _IN_MONTH), 0)
        return date.number + min(day, month_days(date.year, date.month))
    month = next((_IN_YEAR[w] for w in words if w in _IN_YEAR), 0)
    return date.number + month * 100


E = TypeVar("E", bound=_Dated)


def events_in_order(events: Sequence[E]) -> list[E]:
    """Events in the order they happened: by date (placed within a month or year by their
    wording), then by the time of day; an event without a date stays after the event the
    record gives before it ("after the attack" follows the attack)."""
    keyed: list[tuple[int, int, int, E]] = []
    last = (-(10**9), NO_TIME)
    for n, event in enumerate(events):
        if event.date is not None:
            last = (sort_number(event.date, event.when), event.date.time)
        keyed.append((last[0], last[1], n, event))
    keyed.sort(key=lambda item: (item[0], item[1], item[2]))
    return [event for _, _, _, event in keyed]
