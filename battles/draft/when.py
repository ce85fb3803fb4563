"""The date row of an infobox, read into a start and an end with their precision.

``23–27 September 1941``, ``September 27 – November 29, 1941``, ``28 August 1189 – 12 July
1191``, ``Summer of 722``, ``c. 605 BC``, ``August 7 or September 8–10, 480 BC``... The result
says what was read and what the curator must look at. A date the record format holds as it
is written (schema version 2: ``c. 605 BC``, ``April 16, 1457 BC``, ``Summer of 722``,
``late September 1941``) becomes that date; a season or part of a period inside a span
(``spring – summer 1863``) is recorded to the year, with a doubt, and so is an alternative
dating.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import msgspec

from battles.dates import MONTH_WORDS, PartialDate, month_days, parse_date
from battles.errors import DateError

_MONTHS = MONTH_WORDS  # the one table of month names (battles.dates)
_SEASONS = r"spring|summer|autumn|fall|winter|early|mid|late|middle|beginning|end"


@dataclass
class DateReading:
    start: PartialDate | None = None
    end: PartialDate | None = None
    bc: bool = False
    approx: bool = False
    doubts: list[str] = field(default_factory=list)
    alternative: tuple[PartialDate, PartialDate | None] | None = None
    alternative_text: str | None = None


@dataclass
class _Half:
    day: int | None = None
    month: int | None = None
    year: int | None = None
    bc: bool | None = None


def _half(text: str) -> _Half:
    """Day, month, year and era of one end of a span; two of a kind is not one date."""
    half = _Half()
    tokens = re.findall(r"[A-Za-z]+\.?|\d+", text)
    for i, token in enumerate(tokens):
        low = token.lower().rstrip(".")
        prev = tokens[i - 1].lower().rstrip(".") if i else ""
        if low in _MONTHS:
            if half.month is not None:
                raise DateError(f"two months in {text!r}")
            half.month = _MONTHS[low]
        elif low in ("bc", "bce"):
            half.bc = True
        elif low in ("ad", "ce"):
            half.bc = False
        elif token.isdecimal() and len(token) <= 6:  # int() is bounded
            number = int(token)
            nxt = tokens[i + 1].lower().rstrip(".") if i + 1 < len(tokens) else ""
            is_year = (
                number > 31
                or nxt in ("bc", "bce", "ad", "ce")
                or prev in ("ad", "ce")
                or half.day is not None
            )
            if (is_year and half.year is not None) or (not is_year and half.day is not None):
                raise DateError(f"more than one date in {text!r}")
            if is_year:
                half.year = number
            else:
                half.day = number
    return half


def read_date(text: str) -> DateReading:
    """A start and an end, with the doubts to show beside them; raises DateError."""
    reading = DateReading()
    iso = re.fullmatch(
        r"\s*(\d{4}-\d{2}-\d{2})(?:\s*(?:–|—|/|\bto\b)\s*(\d{4}-\d{2}-\d{2}))?\s*", text
    )
    if iso:
        reading.start = parse_date(iso[1])
        reading.end = parse_date(iso[2]) if iso[2] else None
        return reading
    cleaned = re.sub(r"\[[^\]]*\]", "", text)
    cleaned = re.sub(r",?\s*\([^)]*\)", "", cleaned)  # phases and durations in parentheses
    if ";" in cleaned:
        reading.doubts.append("more than one dating: the first is read")
        cleaned = re.split(r"\s*;\s*", cleaned)[0]
    cleaned = cleaned.replace("\u00a0", " ").strip(" ,.")
    approx = re.match(r"^(?:c\.|ca\.|circa|~|about|around|approx\.?)\s*", cleaned, re.I)
    if approx:
        reading.approx = True
        cleaned = cleaned[approx.end() :]
    try:  # one date the format holds as written: "Summer of 722", "April 16, 1457 BC"
        whole = parse_date(re.sub(r"^the\s+", "", cleaned, flags=re.I))
    except DateError:
        pass
    else:
        reading.start = _doubt(whole, reading.approx)
        reading.bc = whole.year < 1
        return reading
    if re.search(rf"\b(?:{_SEASONS})\b", cleaned, re.I):
        reading.doubts.append("a season or part of a year: recorded to the year")
        cleaned = re.sub(rf"\b(?:{_SEASONS})\b(?:\s+of)?", "", cleaned, flags=re.I)
    cleaned = re.sub(r"^(?:between|from)\s+(.+?)\s+(?:and|to)\s+", r"\1 – ", cleaned, flags=re.I)
    alternatives = re.split(r"\s+or\s+", cleaned, maxsplit=1)
    if len(alternatives) == 2:
        first, second = alternatives
        second_reading = _span(second)
        first_half = _half(first)
        # "August 7 or September 8–10, 480 BC": the first borrows the second's year
        tail = _half(second.split("–")[-1].split("-")[-1])
        if first_half.year is None:
            first += f" {tail.year or ''} {'BC' if tail.bc else ''}"
        start, end, bc = _span(first)
        reading.start = _doubt(start, reading.approx)
        reading.end = _doubt(end, reading.approx)
        reading.alternative = (second_reading[0], second_reading[1])
        reading.alternative_text = second.strip()
        reading.bc = bc or second_reading[2]
        reading.doubts.append("an alternative dating is given")
        return reading
    start, end, reading.bc = _span(cleaned)
    reading.start, reading.end = _doubt(start, reading.approx), _doubt(end, reading.approx)
    return reading


def _doubt(date: PartialDate | None, approx: bool) -> PartialDate | None:
    """The date, approximate where the box says "c." of it."""
    if date is None or not approx:
        return date
    return msgspec.structs.replace(date, approx=True)


def _span(text: str) -> tuple[PartialDate, PartialDate | None, bool]:
    halves = re.split(r"\s*(?:–|—|-|\bto\b|\buntil\b|\btill\b)\s*", text.strip(), maxsplit=1)
    first = _half(halves[0])
    second = _half(halves[1]) if len(halves) > 1 and halves[1].strip() else None
    if second is None:
        bc = bool(first.bc)
        return _make(first.day, first.month, first.year, text, bc), None, bc
    year2 = second.year or first.year
    bc2 = second.bc if second.bc is not None else bool(first.bc)
    bc1 = first.bc if first.bc is not None else bc2
    month2 = second.month or first.month
    month1 = first.month or second.month
    if second.day is not None and month2 is None:
        raise DateError(f"cannot read the dates {text!r}")
    year1 = first.year or year2
    start = _make(first.day, month1, year1, text, bc1)
    end = _make(second.day, month2, year2, text, bc2)
    if end.first_day() < start.first_day() and first.year is None and year1 is not None:
        # "December – January 1945": the start is in the year before (after, BC)
        start = _make(first.day, month1, year1 + (1 if bc1 else -1), text, bc1)
    if end.last_day() < start.first_day():
        raise DateError(f"the dates {text!r} end before they start")
    return start, end, bc1 or bc2


def _make(
    day: int | None, month: int | None, year: int | None, text: str, bc: bool = False
) -> PartialDate:
    """A date of the span, BC where the box says so (held astronomically: 490 BC is -489)."""
    if year is None or not 1 <= year <= 9999 or (day is not None and month is None):
        raise DateError(f"cannot read the dates {text!r}")
    astronomical = 1 - year if bc else year
    if month is None:
        return PartialDate(astronomical)
    if not 1 <= month <= 12 or (
        day is not None and not 1 <= day <= month_days(astronomical, month)
    ):
        raise DateError(f"cannot read the dates {text!r}: no such day")
    return PartialDate(astronomical, month, day or 0)


def years_in(text: str) -> list[int]:
    """Years written in a title or a sentence (four digits, 1000–2099)."""
    return [int(y) for y in re.findall(r"\b(1\d{3}|20\d{2})\b", text)]
