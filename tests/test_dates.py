from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from battles.dates import (
    PartialDate,
    century_start,
    day_number,
    decade_start,
    decade_text,
    format_duration,
    format_span,
    from_day_number,
    month_days,
    parse_date,
    parse_duration,
)
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
        ("23 Septober 1941", "'septober' is not a month"),
        ("1941/09/23", "cannot read"),
        ("0 BC", "year 0, which does not exist"),
        ("0000", "year 0, which does not exist"),
        ("AD 0", "year 0, which does not exist"),
        ("30 February 44 BC", "does not exist: Feb 44 BC has 28 days"),
        ("29 February 44 BC", "does not exist: Feb 44 BC has 28 days"),
        ("late 23 September 1941", "a day takes no early, mid or late"),
        ("early spring 1863", "a season takes no early"),
        ("1941-09 05:30", "time of day without the day"),
        ("1941-09-23 24:01", "the time 24:01"),
        ("1941-09-23 12:60", "the time 12:60"),
        ("0s", "cannot read"),
        ("0th century", "counted from the 1st"),
        ("AD 490 BC", "gives the era twice"),
        ("x" * 200, "too long"),
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


# -- schema version 2 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "month", "day", "shown", "precision"),
    [
        ("490 BC", -489, 0, 0, "490 BC", "year"),
        ("490 bce", -489, 0, 0, "490 BC", "year"),
        ("490 B.C.", -489, 0, 0, "490 BC", "year"),
        ("1 BC", 0, 0, 0, "1 BC", "year"),
        ("15 March 44 BC", -43, 3, 15, "15 Mar 44 BC", "day"),
        ("March 15, 44 BC", -43, 3, 15, "15 Mar 44 BC", "day"),
        ("March 44 BC", -43, 3, 0, "Mar 44 BC", "month"),
        ("44-03-15 BC", -43, 3, 15, "15 Mar 44 BC", "day"),
        ("AD 9", 9, 0, 0, "AD 9", "year"),
        ("9 AD", 9, 0, 0, "AD 9", "year"),
        ("9 CE", 9, 0, 0, "AD 9", "year"),
        ("722", 722, 0, 0, "AD 722", "year"),
        ("23 September 1941", 1941, 9, 23, "23 Sep 1941", "day"),
        ("September 23, 1941", 1941, 9, 23, "23 Sep 1941", "day"),
        ("September 1941", 1941, 9, 0, "Sep 1941", "month"),
        ("Sept. 1941", 1941, 9, 0, "Sep 1941", "month"),
        ("SEPT 1941", 1941, 9, 0, "Sep 1941", "month"),
        ("c. 1200", 1200, 0, 0, "c. 1200", "year"),
        ("ca. 1200", 1200, 0, 0, "c. 1200", "year"),
        ("circa 1200", 1200, 0, 0, "c. 1200", "year"),
        ("about 490 BC", -489, 0, 0, "c. 490 BC", "year"),
        ("late September 1941", 1941, 9, 0, "late September 1941", "month"),
        ("Early 1863", 1863, 0, 0, "early 1863", "year"),
        ("mid-1860s", 1860, 0, 0, "mid 1860s", "decade"),
        ("middle of 1863", 1863, 0, 0, "mid 1863", "year"),
        ("beginning of September 1941", 1941, 9, 0, "beginning of September 1941", "month"),
        ("end of 1863", 1863, 0, 0, "end of 1863", "year"),
        ("spring 1863", 1863, 0, 0, "spring 1863", "season"),
        ("Fall 1863", 1863, 0, 0, "autumn 1863", "season"),
        ("summer of 722", 722, 0, 0, "summer AD 722", "season"),
        ("1860s", 1860, 0, 0, "1860s", "decade"),
        ("480s BC", -488, 0, 0, "480s BC", "decade"),
        ("19th century", 1801, 0, 0, "19th century", "century"),
        ("5th century BC", -499, 0, 0, "5th century BC", "century"),
        ("1st century BC", -99, 0, 0, "1st century BC", "century"),
        ("21st century", 2001, 0, 0, "21st century", "century"),
        ("1941-09-23 05:30", 1941, 9, 23, "23 Sep 1941, 05:30", "day"),
        ("1941-09-23T05:30", 1941, 9, 23, "23 Sep 1941, 05:30", "day"),
        ("1941-09-23 24:00", 1941, 9, 24, "24 Sep 1941, 00:00", "day"),
        ("1941-12-31 24:00", 1942, 1, 1, "1 Jan 1942, 00:00", "day"),
    ],
)
def test_parse_version_2(
    text: str, year: int, month: int, day: int, shown: str, precision: str
) -> None:
    date = parse_date(text)
    assert (date.year, date.month, date.day) == (year, month, day)
    assert date.human() == shown
    assert date.precision == precision
    assert parse_date(date.iso()) == date == parse_date(date.human())


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("late September 1941", (1941, 9, 21), (1941, 9, 30)),
        ("mid September 1941", (1941, 9, 11), (1941, 9, 20)),
        ("early February 1941", (1941, 2, 1), (1941, 2, 10)),
        ("end of February 1940", (1940, 2, 21), (1940, 2, 29)),
        ("early 1863", (1863, 1, 1), (1863, 4, 30)),
        ("mid 1863", (1863, 5, 1), (1863, 8, 31)),
        ("late 1863", (1863, 9, 1), (1863, 12, 31)),
        ("early 1860s", (1860, 1, 1), (1863, 12, 31)),
        ("mid 1860s", (1864, 1, 1), (1866, 12, 31)),
        ("late 1860s", (1867, 1, 1), (1869, 12, 31)),
        ("early 19th century", (1801, 1, 1), (1833, 12, 31)),
        ("late 19th century", (1867, 1, 1), (1900, 12, 31)),
        ("spring 1863", (1863, 3, 1), (1863, 5, 31)),
        ("summer 1863", (1863, 6, 1), (1863, 8, 31)),
        ("autumn 1863", (1863, 9, 1), (1863, 11, 30)),
        ("winter 1863", (1863, 12, 1), (1864, 2, 29)),
        ("490s BC", (-498, 1, 1), (-489, 12, 31)),
        ("5th century BC", (-499, 1, 1), (-400, 12, 31)),
        ("1st century BC", (-99, 1, 1), (0, 12, 31)),
        ("1st century", (1, 1, 1), (100, 12, 31)),
    ],
)
def test_the_days_a_date_covers(
    text: str, first: tuple[int, int, int], last: tuple[int, int, int]
) -> None:
    date = parse_date(text)
    assert (date.first_day(), date.last_day()) == (first, last)


def test_sort_order_of_the_new_forms() -> None:
    texts = [
        "5th century BC",
        "490 BC",
        "12 August 490 BC",
        "480 BC",
        "1 BC",
        "AD 9",
        "19th century",
        "1860s",
        "spring 1863",
        "1941",
        "September 1941",
        "1941-09-20",
        "late September 1941",
        "1941-09-21",
    ]
    dates = [parse_date(t) for t in texts]
    assert sorted(dates[1::2] + dates[::2]) == dates
    assert [d.number for d in dates] == sorted(d.number for d in dates)
    assert parse_date("late September 1941") > parse_date("1941-09-20")
    assert parse_date("1941-09-23 05:30") > parse_date("1941-09-23")
    assert parse_date("1941-09-23 05:30") < parse_date("1941-09-23 17:00")


def test_a_version_2_form_in_a_version_1_record_names_schema_version_2() -> None:
    for text in ("490 BC", "c. 1200", "late September 1941", "23 September 1941", "1860s"):
        with pytest.raises(DateError, match="schema_version: 2"):
            parse_date(text, 1)
    with pytest.raises(DateError, match="cannot read 'nonsense' as a date; write YYYY"):
        parse_date("nonsense", 1)
    assert parse_date("1941-09-23", 1) == PartialDate(1941, 9, 23)


@given(st.dates())
def test_day_numbers_agree_with_the_datetime_module(day) -> None:  # type: ignore[no-untyped-def]
    number = day_number((day.year, day.month, day.day))
    assert number == day.toordinal()
    assert from_day_number(number) == (day.year, day.month, day.day)


@given(st.integers(-3_700_000, 3_700_000))
def test_day_numbers_run_on_before_ad_1(number: int) -> None:
    year, month, day = from_day_number(number)
    assert 1 <= month <= 12 and 1 <= day <= month_days(year, month)
    assert day_number((year, month, day)) == number
    assert from_day_number(number + 1) > (year, month, day)


_PARTS = st.sampled_from(["", "early", "mid", "late", "beginning of", "end of"])


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    """Any date of the format: every form and precision, in either era."""
    year = draw(st.integers(-9998, 9999))
    approx = draw(st.booleans())
    kind = draw(st.sampled_from(["day", "time", "month", "year", "season", "decade", "century"]))
    if kind == "season":
        season = draw(st.sampled_from(["spring", "summer", "autumn", "winter"]))
        return PartialDate(year, approx=approx, part=season)
    if kind in ("decade", "century"):
        start = decade_start(year) if kind == "decade" else century_start(year)
        if kind == "decade" and start in (1, -8):  # the years 9 BC-AD 9 are no decade
            start = 10
        return PartialDate(start, approx=approx, part=draw(_PARTS), unit=kind)
    if kind == "year":
        return PartialDate(year, approx=approx, part=draw(_PARTS))
    month = draw(st.integers(1, 12))
    if kind == "month":
        return PartialDate(year, month, approx=approx, part=draw(_PARTS))
    day = draw(st.integers(1, month_days(year, month)))
    time = draw(st.integers(0, 24 * 60 - 1)) if kind == "time" else -1
    return PartialDate(year, month, day, approx=approx, time=time)


@given(partial_dates())
def test_format_and_parse_round_trip(date: PartialDate) -> None:
    assert parse_date(date.iso()) == date
    assert parse_date(date.text()) == date
    assert parse_date(date.human()) == date
    assert parse_date(date.human().upper()) == date


@given(partial_dates(), st.data())
def test_the_sort_interval_holds_the_dates_days(date: PartialDate, data: st.DataObject) -> None:
    """Every day the date covers lies between its first and last day; the date sorts no
    later than its first day and no earlier than its period's start."""
    first, last = day_number(date.first_day()), day_number(date.last_day())
    assert first <= last
    day = from_day_number(data.draw(st.integers(first, last)))
    as_day = PartialDate(*day)
    assert date.first_day() <= as_day.first_day() and as_day.last_day() <= date.last_day()
    assert date.first_number() <= as_day.number <= date.last_number()
    assert date.number <= date.first_number()
    same_doubt = PartialDate(*day, approx=date.approx)
    assert date <= same_doubt or (date.time >= 0 and date.number == as_day.number)


@given(partial_dates(), partial_dates())
def test_dates_sort_by_their_numbers(a: PartialDate, b: PartialDate) -> None:
    if a.number < b.number:
        assert a < b
    assert (a < b) + (a == b) + (a > b) == 1 or a.sort_key() == b.sort_key()


@given(st.text(max_size=40))
def test_any_text_raises_only_date_error(text: str) -> None:
    for version in (1, 2):
        try:
            parse_date(text, version)
        except DateError:
            pass


_WORDS_OF_DATES = st.sampled_from(
    [" ", "-", ",", ".", ":", "T", "bc", "BCE", "AD", "CE", "c.", "ca.", "circa", "about",
     "early", "mid", "late", "end of", "beginning of", "spring", "fall", "winter", "of",
     "century", "th", "st", "s", "September", "Sept", "feb", "0", "1", "9", "12", "24", "29",
     "31", "60", "490", "1941", "9999", "10000"]
)  # fmt: skip


@given(st.lists(_WORDS_OF_DATES, max_size=8).map("".join))
def test_near_dates_raise_only_date_error_or_read_back(text: str) -> None:
    try:
        date = parse_date(text)
    except DateError:
        return
    assert parse_date(date.text()) == date


@pytest.mark.parametrize(
    ("year", "shown"),
    [(1941, "1940s"), (10, "10s"), (9, "AD 1–9"), (1, "AD 1–9"), (0, "9–1 BC"), (-8, "9–1 BC"),
     (-9, "10s BC"), (-489, "490s BC"), (-479, "480s BC")],
)  # fmt: skip
def test_decades_near_the_change_of_era(year: int, shown: str) -> None:
    assert decade_text(decade_start(year)) == shown


def test_spans_of_the_new_forms() -> None:
    def span(a: str, b: str) -> str:
        return format_span(parse_date(a), parse_date(b))

    assert span("10 August 480 BC", "12 August 480 BC") == "10–12 Aug 480 BC"
    assert span("490 BC", "479 BC") == "490 – 479 BC"
    assert span("AD 9", "spring 10") == "AD 9 – spring AD 10"
    assert span("late September 1941", "1941-10-03") == "late September 1941 – 3 Oct 1941"


@pytest.mark.parametrize(
    ("text", "low", "high", "unit", "shown"),
    [
        ("3 days", 3, 3, "days", "3 days"),
        ("1 day", 1, 1, "days", "1 day"),
        ("14 hours", 14, 14, "hours", "14 hours"),
        ("2.5 days", 2.5, 2.5, "days", "2.5 days"),
        ("2-3 days", 2, 3, "days", "2–3 days"),
        ("2 to 3 Weeks", 2, 3, "weeks", "2–3 weeks"),
        ("90 minutes", 90, 90, "minutes", "90 minutes"),
    ],
)
def test_durations(text: str, low: float, high: float, unit: str, shown: str) -> None:
    assert parse_duration(text) == (low, high, unit)
    assert format_duration(*parse_duration(text)) == shown


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("3", "cannot read '3' as a duration"),
        ("three days", "cannot read"),
        ("0 days", "more than 0"),
        ("3-2 days", "low to high"),
        (3, "got int"),
    ],
)
def test_bad_durations(value: object, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_duration(value)


@given(st.text(max_size=30))
def test_any_text_is_a_duration_or_a_date_error(text: str) -> None:
    try:
        parse_duration(text)
    except DateError:
        pass


@given(partial_dates())
def test_the_quick_bounds_are_the_general_ones(date: PartialDate) -> None:
    first, last = date._bounds()
    assert (date.first_day(), date.last_day()) == (first, last)
    assert date.first_number() == first[0] * 10000 + first[1] * 100 + first[2]
    assert date.last_number() == last[0] * 10000 + last[1] * 100 + last[2]


@given(st.integers(-10_000, 10_000), st.integers(1, 12))
def test_month_days_as_the_calendar_counts(year: int, month: int) -> None:
    import calendar

    from battles.dates import month_days

    leap = calendar.isleap(year)
    expected = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    assert month_days(year, month) == expected
