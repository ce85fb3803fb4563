"""The timeline tells the truth (issue 12, "The timeline"): it spans the battles, draws a
battle only where it happened, names the years on its axis, uses the terminal's width, and in
a terminal shows every battle of the period and the entries that fit below the chart."""

from __future__ import annotations

import csv
import functools
import io
import json
import re

import pytest
from conftest import DATA
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from battles.dates import MONTHS, PartialDate, month_days
from battles.errors import UsageError
from battles.questions import timeline as timelines
from battles.render import timeline as timeline_forms

BAR = "█◂▸"


def chart(out: str) -> dict[str, str]:
    """The chart's strips by battle name (the lines between the axis and the blank line)."""
    lines = out.split("\n\n", 1)[0].splitlines()[2:]
    strips = {}
    for line in lines:
        name, _, strip = line.rpartition(" ")
        if set(strip) <= set(BAR + "·?") and name:
            strips[name.strip()] = strip
    return strips


@functools.cache
def spans() -> dict[str, tuple[int, int, str]]:
    """Each bundled battle's first and last day (as numbers) by id, and its name."""
    from battles import loading

    found = {}
    for entry in loading.load([DATA]).records:
        record = entry.read()
        last = record.end or record.start
        found[record.key] = (record.start.first_number(), last.last_number(), record.name)
    return found


def timeline_json(run, *args: str) -> dict:
    result = run("timeline", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# -- the period --------------------------------------------------------------------------------


def test_without_a_period_the_timeline_spans_the_battles_not_their_context(run) -> None:
    out = run("timeline", "--all", env={"COLUMNS": "80"}).stdout
    assert out.startswith("Timeline Jul – Dec 1941\n")
    assert "1979" not in out.splitlines()[0]
    battles = spans()
    first = min(f for f, _, _ in battles.values())
    last = max(la for _, la, _ in battles.values())
    rows = list(csv.DictReader(io.StringIO(run("timeline", "-f", "csv").stdout)))
    context = [r for r in rows if r["context"] == "true"]
    assert context  # context inside the battles' span stays
    for row in context:
        date = PartialDate(*(int(p) for p in row["date"].split("-")))
        assert date.last_number() >= first and date.first_number() <= last, row
    # Every battle is drawn, and none is one character wide for a 1979 event.
    strips = chart(out)
    assert set(strips) == {name for _, _, name in battles.values()}
    assert max(s.count("█") for s in strips.values()) > 20


def test_context_shows_background_events_outside_the_battles_span(run) -> None:
    plain = timeline_json(run)
    wide = timeline_json(run, "--context")
    assert len(wide["entries"]) > len(plain["entries"])
    assert wide["period"] == {"start": "1941-04", "end": "1979"}
    assert plain["period"] == {"start": "1941-07", "end": "1941-12"}
    outside = [e for e in wide["entries"] if e not in plain["entries"]]
    assert outside and all(e["context"] for e in outside)
    assert all(e["date"] < "1941-07" or e["date"] > "1941-12-31" for e in outside)
    out = run("timeline", "--context", "--all", env={"COLUMNS": "80"}).stdout
    assert out.startswith("Timeline Apr 1941 – 1979\n")


def test_an_explicit_period_leaves_out_context_before_its_battles(run) -> None:
    entries = timeline_json(run, "1941")["entries"]
    assert min(e["date"] for e in entries) >= "1941-07"
    assert any(e["date"] < "1941-07" for e in timeline_json(run, "1941", "--context")["entries"])


@pytest.mark.parametrize(
    ("period", "title", "start", "end"),
    [
        ("1941-09..", "Timeline Sep – Dec 1941", "1941-09", "1941-12"),
        ("..1941-08", "Timeline Jul – Aug 1941", "1941-07", "1941-08"),
        ("..", "Timeline Jul – Dec 1941", "1941-07", "1941-12"),
        ("1941-10-15..", "Timeline 15 Oct 1941 – Dec 1941", "1941-10-15", "1941-12"),
        ("2000..", "Timeline from 2000", "2000", None),
        ("..1900", "Timeline until 1900", None, "1900"),
    ],
)
def test_open_periods_never_show_sentinel_years(
    run, period: str, title: str, start: str | None, end: str | None
) -> None:
    out = run("timeline", period, "--all", env={"COLUMNS": "80"}).stdout
    assert out.splitlines()[0] == title
    body = timeline_json(run, period)
    assert body["period"] == {"start": start, "end": end}
    text = (
        run("timeline", period, "-f", "csv").stdout
        + run("timeline", period, "-f", "markdown").stdout
    )
    for shown in (out, json.dumps(body), text):
        assert not re.search(r"\b(0001|9999)\b", shown)
        assert not re.search(r"\b1 – ", shown)


def test_open_periods_in_the_help() -> None:
    from typer.testing import CliRunner

    from battles.cli import app

    result = CliRunner().invoke(app, ["timeline", "--help"], env={"COLUMNS": "200"})
    assert "1941-09.." in result.stdout and "..1941-08" in result.stdout
    assert "--context" in result.stdout


dates = st.builds(
    lambda y, m, d: PartialDate(y, m, min(d, month_days(y, m)) if m and d else 0),
    st.integers(1, 9999),
    st.integers(0, 12),
    st.integers(0, 31),
)


@given(st.one_of(st.none(), dates), st.one_of(st.none(), dates))
def test_parse_period_reads_any_open_or_closed_period(
    start: PartialDate | None, end: PartialDate | None
) -> None:
    text = f"{start.iso() if start else ''}..{end.iso() if end else ''}"
    if start and end and end.last_day() < start.first_day():
        with pytest.raises(UsageError):
            timelines.parse_period(text)
        return
    period = timelines.parse_period(text)
    assert (period.start, period.end) == (start, end)
    shown = period.human()
    for given_date in (start, end):
        if given_date is not None:
            assert str(given_date.year) in shown
    if start is None or end is None:
        assert shown.startswith(("from ", "until ", "no dates"))


# -- the chart ---------------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["1941-10", "1941-09", "1941-11-01..1941-11-20", "1941", ".."])
def test_a_battle_is_drawn_only_where_it_happened(run, period: str) -> None:
    asked = timelines.parse_period(period)
    inside = {
        key
        for key, (first, last, _) in spans().items()
        if first <= asked.last_number() and last >= asked.first_number()
    }
    assert set(timeline_json(run, period)["battles"]) == inside


def test_pljevlja_is_not_drawn_in_october_though_its_event_is_listed(run) -> None:
    out = run("timeline", "1941-10", "--all", env={"COLUMNS": "80"}).stdout
    strips = chart(out)
    assert "Battle of Pljevlja" not in strips and "Battle of Novi Pazar" not in strips
    assert re.search(r"29 Oct +Battle of Pljevlja", out)
    # Runs on past either edge: ◂ and ▸; within the period: neither.
    assert strips["Uprising in Serbia"].startswith("◂") and strips["Uprising in Serbia"][-1] == "▸"
    assert strips["Battle of Čačak"].startswith("█") and strips["Battle of Čačak"][-1] == "▸"
    assert "◂" not in strips["Siege of Kraljevo"] and "▸" not in strips["Siege of Kraljevo"]
    assert "◂ ▸ runs on past the period's edge" in out


def test_a_battle_whose_end_is_not_stated_says_so(run) -> None:
    out = run("timeline", "1941-09", "--all", env={"COLUMNS": "80"}).stdout
    assert re.fullmatch("█+[?]", chart(out)["Siege of Valjevo"].strip("·"))
    assert "? end not stated" in out


@pytest.mark.parametrize("columns", [40, 60, 80, 120, 160])
def test_the_chart_uses_the_terminals_width(run, columns: int) -> None:
    out = run("timeline", "--all", env={"COLUMNS": str(columns)}).stdout
    lines = out.splitlines()[1 : 2 + len(spans())]  # the axis and a strip per battle
    # every strip to the last column (the axis has no trailing spaces: issue 18)
    assert all(len(line) == columns for line in lines[1:]), lines
    assert len(lines[0]) <= columns, lines[0]


def axis_of(out: str) -> list[str]:
    return out.splitlines()[1].split()


@pytest.mark.parametrize(
    ("period", "years"),
    [
        ("1700..1800", None),
        ("1900..2000", None),
        ("1941..1943", ["1941", "1942", "1943"]),
        ("1941-12..1942-02", ["1941", "1942"]),
        ("1941-11..1942-03", ["1941", "1942"]),
        ("1941-12-20..1942-01-10", ["1941", "1942"]),
    ],
)
def test_the_axis_names_the_years_when_the_period_spans_several(
    run, tmp_path, period: str, years: list[str] | None
) -> None:
    # A battle of its own over the whole period, so that the chart is drawn.
    asked = timelines.parse_period(period)
    assert asked.start is not None and asked.end is not None
    (tmp_path / "long.yaml").write_text(
        "schema_version: 1\nid: long-war\nname: Long war\nkind: battle\n"
        f"start: {asked.start.iso()}\nend: {asked.end.iso()}\n"
        "place: {name: Somewhere}\n"
        "sides:\n  - {id: a, name: A}\n  - {id: b, name: B}\n"
        "sources:\n  - {id: s, title: A book}\n",
        "utf-8",
    )
    result = run("--data-dir", str(tmp_path), "timeline", period, env={"COLUMNS": "80"})
    assert result.stderr == ""
    out = result.stdout
    labels = axis_of(out)
    assert labels
    if years is None:  # years only, never run-together month names
        assert all(re.fullmatch(r"\d{4}", label) for label in labels), labels
    else:
        assert all(year in labels for year in years), labels


@given(
    dates,
    st.integers(0, 400 * 366),
    st.integers(10, 200),
)
def test_axis_labels_are_separate_and_name_the_years(
    start: PartialDate, length: int, width: int
) -> None:
    import datetime

    first = datetime.date(*start.first_day()).toordinal()
    last_day = datetime.date.fromordinal(
        min(first + length, datetime.date(9999, 12, 31).toordinal())
    )
    end = PartialDate(last_day.year, last_day.month, last_day.day)
    days = last_day.toordinal() - first + 1

    def column(day: int) -> int:
        return min(max((day - first) * width // days, 0), width - 1)

    axis = timeline_forms._axis(start, end, width, column).plain
    assert len(axis) == width
    words = axis.split()
    allowed = set(MONTHS[1:]) | {str(d) for d in range(1, 32)} | {"c."}
    centuries = range((start.year - 1) // 100 + 1, (end.year - 1) // 100 + 2)
    for word in words:
        assert (
            word in allowed
            or (word.isdigit() and start.year <= int(word) <= end.year)
            or (word[:-2].isdigit() and int(word[:-2]) in centuries)  # "19th" of "19th c."
        ), (axis, word)
    years = [w for w in words if re.fullmatch(r"\d{4}", w) and int(w) >= 1000]
    if words and start.year != end.year and start.year >= 1000:
        assert years or "c." in words, axis


@given(st.integers(-9000, 1999), st.integers(0, 3000 * 366), st.integers(10, 200))
def test_an_axis_over_years_bc_labels_them(year: int, length: int, width: int) -> None:
    """Years BC are labelled "490 BC", centuries BC "5th c. BC"; no astronomical "-489"."""
    from battles.dates import day_number, from_day_number, year_label

    start = PartialDate(year)
    first = day_number(start.first_day())
    end = PartialDate(*from_day_number(first + length))
    days = length + 1

    def column(day: int) -> int:
        return min(max((day - first) * width // days, 0), width - 1)

    axis = timeline_forms._axis(start, end, width, column).plain
    assert len(axis) == width and "-" not in axis
    labels = re.findall(r"\d+(?:st|nd|rd|th) c\.(?: BC)?|\d+ BC|AD \d+|[A-Z][a-z]{2}|\d+", axis)
    assert "".join(labels).replace(" ", "") == axis.replace(" ", ""), axis
    years = {year_label(y) for y in range(start.year, end.year + 1)}
    for label in re.findall(r"\d+ BC(?!\w)|AD \d+", axis):
        if not re.search(rf"(?:c\. ){label}", axis):
            assert label in years, (axis, label)


# -- what fits on the screen ---------------------------------------------------------------------


@pytest.fixture
def terminal_80x40(run) -> None:
    """Standard output is a terminal of 40 lines (the width stays the runner's COLUMNS)."""
    from battles.environment import Environment

    run.environment = lambda: Environment(stdout_isatty=True, lines=40)


def shown_of(out: str, what: str) -> tuple[int, int]:
    found = re.search(rf"showing (\d+) of (\d+) {what}", out)
    assert found, out
    return int(found[1]), int(found[2])


@pytest.mark.usefixtures("terminal_80x40")
def test_timeline_1941_at_80x40_shows_every_battle_and_the_entries_that_fit(run) -> None:
    out = run("timeline", "1941", env={"COLUMNS": "80"}).stdout
    assert len(out.splitlines()) <= 38
    assert set(chart(out)) == {name for _, _, name in spans().values()}
    shown, total = shown_of(out, "entries")
    assert 0 < shown < total
    # The most that fit: one entry more would not.
    more = run("timeline", "1941", "--limit", str(shown + 1), env={"COLUMNS": "80"}).stdout
    assert len(more.splitlines()) > 38
    assert "showing" not in run("timeline", "1941", "--all", env={"COLUMNS": "80"}).stdout


@pytest.mark.usefixtures("terminal_80x40")
@pytest.mark.parametrize(
    ("command", "what"),
    [
        (["compare", "--casualties"], "rows"),
        (["compare", "--strength", "--share"], "rows"),
        (["compare", "--by", "battle"], "rows"),
        (["list"], "records"),
        (["timeline", "1941-10"], "entries"),
        (["timeline"], "entries"),
    ],
)
def test_at_80x40_a_view_fills_the_screen_without_scrolling(
    run, command: list[str], what: str
) -> None:
    out = run(*command, env={"COLUMNS": "80"}).stdout
    assert len(out.splitlines()) <= 38, out
    shown, total = shown_of(out, what)
    assert 0 < shown < total
    more = run(*command, "--limit", str(shown + 1), env={"COLUMNS": "80"}).stdout
    assert len(more.splitlines()) > 38


@pytest.mark.usefixtures("terminal_80x40")
def test_a_view_that_fits_is_not_cut(run, tmp_path) -> None:
    out = run("timeline", "1941-10", "--battle", "kragujevac", env={"COLUMNS": "80"}).stdout
    assert "showing" not in out and len(out.splitlines()) <= 38
    out = run("compare", "kraljevo", "krusevac", env={"COLUMNS": "80"}).stdout
    assert "showing" not in out


def test_an_empty_timeline_has_no_chart() -> None:
    line = timelines.timeline([], timelines.parse_period("1941"))
    console = Console(file=io.StringIO(), width=80)
    timeline_forms.render_timeline(line, console)
    assert console.file.getvalue() == "Timeline 1941\n0 entries\n"  # type: ignore[attr-defined]


def test_an_event_is_listed_in_every_period_it_overlaps(run) -> None:
    """An event from 5 October to 7 December belongs to November too."""
    from battles import loading

    records = [entry.read() for entry in loading.load([DATA]).records]
    spanning = [(r.key, e) for r in records for e in r.events if e.date and e.end]
    assert spanning
    for period in ("1941-10", "1941-11", "1941-12"):
        asked = timelines.parse_period(period)
        listed = {
            (e["battle"], e["date"], e["end"])
            for e in timeline_json(run, period, "--context")["entries"]
        }
        for key, event in spanning:
            assert event.date is not None and event.end is not None
            inside = asked.contains(event.date, event.end)
            assert ((key, event.date.iso(), event.end.iso()) in listed) == inside, (period, event)


@given(
    st.lists(st.integers(1, 6), max_size=80),
    st.integers(0, 12),
    st.integers(3, 70),
    st.integers(0, 1),
)
def test_fit_to_screen_finds_the_most_rows_that_fit(
    rows: list[int], around: int, screen: int, fewest: int
) -> None:
    """Rows of any height under a view of any size: the most rows whose lines fit."""
    from unittest import mock

    from battles.environment import Environment, using
    from battles.render import output

    def render(shown: tuple[int, ...], console: Console) -> None:
        console.file.write("x\n" * (around + sum(shown)))

    def lines_of(count: int) -> int:
        return around + sum(rows[:count])

    with (
        using(Environment(stdout_isatty=True, columns=80, lines=screen)),
        mock.patch.object(output, "_terminal_renderer", return_value=render),
    ):
        shown = output.fit_to_screen(
            tuple(rows), output.OutputOptions(), lambda r, n: r[:n], len(rows), fewest=fewest
        )
    budget = max(screen - 2, 3)
    count = len(shown)
    assert count >= min(fewest, len(rows))
    assert lines_of(count) <= budget or count == min(fewest, len(rows))
    if count < len(rows):
        assert lines_of(count + 1) > budget


def test_undated_events_are_counted_for_the_battles_of_the_period(run) -> None:
    assert timeline_json(run, "1700..1800")["undated"] == 0
    assert "undated" not in run("timeline", "1700..1800").stdout
    assert timeline_json(run, "1941")["undated"] > 0
