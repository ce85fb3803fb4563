from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from battles.dates import PartialDate, format_span, parse_date
from battles.errors import DateError


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("1941-09-23", PartialDate(1941, 9, 23), "day"),
        ("1941-11", PartialDate(1941, 11), "month"),
        ("1941", PartialDate(1941), "year"),
        (1941, PartialDate(1941), "year"),
    ],
)
def test_parse(text: object, expected: PartialDate, precision: str) -> None:
    date = parse_date(text)
    assert date == expected
    assert date.precision == precision


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1941-02-30", "does not exist: Feb 1941 has 28 days"),
        ("1941-13", "month 13"),
        ("23 September 1941", "cannot read"),
        ("1941/09/23", "cannot read"),
        (True, "got bool"),
    ],
)
def test_bad_dates(text: object, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_date(text)


def test_month_sorts_before_its_days() -> None:
    dates = [
        PartialDate(1941, 11, 4),
        PartialDate(1941, 11),
        PartialDate(1941, 10, 31),
        PartialDate(1941),
    ]
    assert sorted(dates) == [
        PartialDate(1941),
        PartialDate(1941, 10, 31),
        PartialDate(1941, 11),
        PartialDate(1941, 11, 4),
    ]


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        ("1941-09-23", "1941-09-27", "23–27 Sep 1941"),
        ("1941-11", "1941-12", "Nov – Dec 1941"),
        ("1941-10-09", None, "9 Oct 1941"),
        ("1941-09-27", "1941-11-29", "27 Sep – 29 Nov 1941"),
        ("1941-07", "1942", "Jul 1941 – 1942"),
    ],
)
def test_span(start: str, end: str | None, text: str) -> None:
    assert format_span(parse_date(start), parse_date(end) if end else None) == text


@given(st.dates())
def test_iso_round_trip(day: object) -> None:
    text = str(day)
    if int(text[:4]) < 1:
        return
    assert parse_date(text).iso() == text


@given(st.text(max_size=20))
def test_arbitrary_text_raises_only_date_error(text: str) -> None:
    try:
        parse_date(text)
    except DateError:
        pass


@given(st.integers(1, 9999), st.integers(1, 12))
def test_month_days_agrees_with_the_calendar_module(year: int, month: int) -> None:
    import calendar

    from battles.dates import month_days

    assert month_days(year, month) == calendar.monthrange(year, month)[1]


@given(st.dates(), st.dates())
def test_date_numbers_sort_as_dates_do(a, b) -> None:  # type: ignore[no-untyped-def]
    for first, second in [
        (PartialDate(a.year, a.month, a.day), PartialDate(b.year, b.month, b.day)),
        (PartialDate(a.year, a.month), PartialDate(b.year)),
    ]:
        assert (first.number < second.number) == (first < second)
        assert (first.number == second.number) == (first == second)


@given(st.dates(), st.sampled_from(["day", "month", "year"]))
def test_first_and_last_numbers_are_the_first_and_last_days(day, precision: str) -> None:  # type: ignore[no-untyped-def]
    date = {
        "day": PartialDate(day.year, day.month, day.day),
        "month": PartialDate(day.year, day.month),
        "year": PartialDate(day.year),
    }[precision]
    assert date.first_number() == PartialDate(*date.first_day()).number
    assert date.last_number() == PartialDate(*date.last_day()).number
