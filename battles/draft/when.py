"""The date row of an infobox, read into a start and an end with their precision.

``23–27 September 1941``, ``September 27 – November 29, 1941``, ``28 August 1189 – 12 July
1191``, ``Summer of 722``, ``c. 605 BC``, ``August 7 or September 8–10, 480 BC``... The result
says what was read and what the curator must look at: an approximate date, a season, an
alternative dating, and a date before AD 1, which the record format cannot hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from battles.dates import PartialDate, parse_date
from battles.errors import DateError

_MONTHS = {
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
    if re.match(r"^(?:c\.|ca\.|circa|~|about|around|approx\.?)\s*", cleaned, re.I):
        reading.approx = True
        reading.doubts.append("an approximate date")
        cleaned = re.sub(
            r"^(?:c\.|ca\.|circa|~|about|around|approx\.?)\s*", "", cleaned, flags=re.I
        )
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
        reading.start, reading.end, bc = _span(first)
        reading.alternative = (second_reading[0], second_reading[1])
        reading.alternative_text = second.strip()
        reading.bc = bc or second_reading[2]
        reading.doubts.append("an alternative dating is given")
        return reading
    reading.start, reading.end, reading.bc = _span(cleaned)
    return reading


def _span(text: str) -> tuple[PartialDate, PartialDate | None, bool]:
    halves = re.split(r"\s*(?:–|—|-|\bto\b|\buntil\b|\btill\b)\s*", text.strip(), maxsplit=1)
    first = _half(halves[0])
    second = _half(halves[1]) if len(halves) > 1 and halves[1].strip() else None
    if second is None:
        bc = bool(first.bc)
        return _make(first.day, first.month, first.year, text), None, bc
    year2 = second.year or first.year
    bc2 = second.bc if second.bc is not None else bool(first.bc)
    bc1 = first.bc if first.bc is not None else bc2
    month2 = second.month or first.month
    month1 = first.month or second.month
    if second.day is not None and month2 is None:
        raise DateError(f"cannot read the dates {text!r}")
    year1 = first.year or year2
    start = _make(first.day, month1, year1, text)
    end = _make(second.day, month2, year2, text)
    if bc1 != bc2:
        raise DateError(f"the dates {text!r} run from BC to AD")
    if not bc1 and end.key() < start.key() and first.year is None and year1 is not None:
        start = _make(first.day, month1, year1 - 1, text)  # "December – January 1945"
    return start, end, bc1


def _make(day: int | None, month: int | None, year: int | None, text: str) -> PartialDate:
    if year is None or year < 1 or (day is not None and month is None):
        raise DateError(f"cannot read the dates {text!r}")
    if month is None:
        return parse_date(f"{year:04d}")
    if day is None:
        return parse_date(f"{year:04d}-{month:02d}")
    return parse_date(f"{year:04d}-{month:02d}-{day:02d}")


def years_in(text: str) -> list[int]:
    """Years written in a title or a sentence (four digits, 1000–2099)."""
    return [int(y) for y in re.findall(r"\b(1\d{3}|20\d{2})\b", text)]
