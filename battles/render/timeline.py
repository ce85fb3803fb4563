"""``timeline`` in every form: on the terminal (a chart of the period's battles, then the
entries by month), as a JSON document, and as a table (CSV, Markdown). Rich is imported
only by the terminal's functions: a CSV run imports none."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from battles.dates import (
    MONTHS,
    PartialDate,
    century_label,
    century_start,
    day_number,
    format_span,
    month_days,
    year_label,
)
from battles.loading.csvtext import dated, timeline_line
from battles.render.data import Cell, Tabular, kept_bytes, kept_lines
from battles.text import clean

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from battles.questions.timeline import Entry, Timeline


NAME_WIDTH = 26  # the chart's column of names, at most
CHART_LEGEND = {"◂": "◂ ▸ runs on past the period's edge", "?": "? end not stated"}


def _day_number(day: tuple[int, int, int]) -> int:
    return day_number(day)  # any year, BC too


def render_timeline(line: Timeline, console: Console) -> None:
    from battles.render.terminal import PALETTE, _more, safe_text

    colours = {r.key: PALETTE[i % len(PALETTE)] for i, r in enumerate(line.battles)}
    console.print(safe_text(f"Timeline {line.period.human()}", style="bold"))
    if line.battles:
        _chart(line, colours, console)
        console.print()
    if line.entries:
        _entries(line, colours, console)
    if line.chart_only:
        console.print(safe_text(f"{len(line.battles)} battles", style="dim"))
        return
    footer = _more(len(line.entries), line.matched, "entries") or f"{len(line.entries)} entries"
    if line.undated:
        footer += f" · {line.undated} undated events not shown (see `battles show`)"
    console.print(safe_text(footer, style="dim"))


def _chart(line: Timeline, colours: dict[str, str], console: Console) -> None:
    """A strip per battle of the period, drawn where it happened, under an axis whose ticks
    suit the period's length; a strip that runs past an edge of the period ends in ◂ or ▸."""
    from rich.cells import cell_len
    from rich.text import Text

    from battles.render.terminal import safe_text

    period_start, period_end = line.period.start, line.period.end
    if period_start is None or period_end is None:  # never so: a battle resolves both
        return
    first = _day_number(period_start.first_day())
    last = _day_number(period_end.last_day())
    days = max(last - first + 1, 1)
    # Names take at most a third of a narrow screen: the strips keep two thirds.
    longest = max(cell_len(clean(b.name)) for b in line.battles)
    names = max(min(longest, NAME_WIDTH, console.width // 3), 1)
    width = max(console.width - names - 1, 10)

    def column(day: int) -> int:
        return min(max((day - first) * width // days, 0), width - 1)

    def last_column(day: int) -> int:  # the column that holds the end of the day
        return min(max((day - first + 1) * width // days - 1, 0), width - 1)

    # Lines of text rather than a table: a chart of a thousand battles is drawn at once.
    chart = [Text(" " * (names + 1)) + _axis(period_start, period_end, width, column)]
    used: set[str] = set()
    for record in line.battles:
        own_first = _day_number(record.start.first_day())
        own_last = _day_number(record.last.last_day())
        start = column(max(own_first, first))
        end = max(last_column(min(own_last, last)), start)
        bar = ["█"] * (end - start + 1)
        if own_first < first:
            bar[0] = "◂"
        if own_last > last:
            bar[-1] = "▸"
        strip = Text("·" * start, style="dim")
        strip.append("".join(bar), style=colours[record.key])
        rest = width - end - 1
        if record.end_unknown and own_last <= last and rest > 0:
            strip.append("?", style="bold")
            rest -= 1
            used.add("?")
        strip.append("·" * rest, style="dim")
        if own_first < first or own_last > last:
            used.add("◂")
        name = safe_text(record.name, style=colours[record.key])
        name.truncate(names, overflow="ellipsis", pad=True)
        chart.append(name + Text(" ") + strip)
    console.print(Text("\n").join(chart), no_wrap=True, overflow="crop")
    if used:
        legend = " · ".join(text for mark, text in CHART_LEGEND.items() if mark in used)
        console.print(safe_text(legend, style="dim"))


def _entries(line: Timeline, colours: dict[str, str], console: Console) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from battles.render.terminal import safe_text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Battle", ratio=1, max_width=24)
    table.add_column("What happened", ratio=3)
    month: tuple[int, int, str] | None = None
    for entry in line.entries:
        date = entry.date
        this_month = (date.year, date.month, date.unit)
        if this_month != month:
            if month is not None:
                table.add_section()
            if date.unit:  # a decade or a century: its own heading
                label = PartialDate(date.year, unit=date.unit).human()
            elif date.month:
                label = PartialDate(date.year, date.month).human()
            else:
                label = year_label(date.year)
            table.add_row(Text(label, style="bold underline"), Text(), Text())
            month = this_month
        text = safe_text(entry.text, style="bold" if entry.kind != "event" else "")
        if entry.side:
            text = safe_text(f"{entry.side}: ", style="italic") + text
        if entry.when and entry.when.lower() not in format_span(entry.date, entry.end).lower():
            text.append_text(safe_text(f" ({entry.when})", style="dim"))
        if entry.context:
            text.append(" (context)", style="dim")
        table.add_row(
            safe_text(_short_date(entry)),
            safe_text(entry.battle.name, style=colours.get(entry.battle.key, "")),
            text,
        )
    console.print(table)


def _short_date(entry: Entry) -> str:
    date = entry.date
    if date.precision != "day" or date.approx or date.time >= 0:
        return date.human()
    end = entry.end
    if end is None or end == date or end.precision != "day":
        return f"{date.day} {MONTHS[date.month]}"
    if end.month == date.month:
        return f"{date.day}–{end.day} {MONTHS[date.month]}"
    return f"{date.day} {MONTHS[date.month]} – {end.day} {MONTHS[end.month]}"


# Ticks of the axis, finest first: days of the month, months, then every N years.
DAY_TICKS: tuple[tuple[int, ...], ...] = (
    tuple(range(1, 32)),
    tuple(range(1, 30, 2)),
    (1, 5, 10, 15, 20, 25),
    (1, 8, 15, 22),
    (1, 15),
)
MONTH_STEPS = (1, 2, 3, 6)
YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000)
CENTURY_STEPS = (1, 2, 5, 10)  # ticks at the start of every Nth century, labelled by century


def _ticks(start: PartialDate, end: PartialDate) -> list[list[tuple[tuple[int, int, int], str]]]:
    """Candidate sets of ticks for the axis, finest first, each as (day, label). Whenever the
    period spans more than one year, every set names the years: a tick on 1 January says its
    year, and so does the first tick. Years BC are labelled so (``490 BC``); a period of
    centuries is marked by centuries (``5th c. BC``) before the steps of many years."""
    first, last = start.first_day(), end.last_day()
    # "AD" only where the axis also holds years BC
    label_of = year_label if first[0] < 1 else str
    several_years = first[0] != last[0]
    months = [
        (year, month)
        for year in range(first[0], last[0] + 1)
        for month in range(1, 13)
        if (first[0], first[1]) <= (year, month) <= (last[0], last[1])
    ]
    candidates: list[list[tuple[tuple[int, int, int], str]]] = []

    def named(ticks: list[tuple[tuple[int, int, int], str]]) -> None:
        if several_years and ticks:
            (year, month, day), label = ticks[0]
            if label_of(year) not in label:
                ticks[0] = ((year, month, day), f"{label} {label_of(year)}")
        candidates.append(ticks)

    if len(months) <= 4:  # days: a longer period never fits them
        for days in DAY_TICKS:
            ticks: list[tuple[tuple[int, int, int], str]] = []
            for year, month in months:
                for day in days:
                    if day > month_days(year, month):
                        continue
                    if first <= (year, month, day) <= last:
                        if day == 1:
                            label = (
                                label_of(year) if several_years and month == 1 else MONTHS[month]
                            )
                        else:
                            label = f"{day} {MONTHS[month]}" if not ticks else str(day)
                        ticks.append(((year, month, day), label))
            named(ticks)
    if len(months) <= 12 * 40:
        for step in MONTH_STEPS:
            ticks = [
                (
                    (year, month, 1),
                    label_of(year) if several_years and month == 1 else MONTHS[month],
                )
                for year, month in months
                if (month - 1) % step == 0 and (year, month, 1) >= first
            ]
            named(ticks)
    for step in YEAR_STEPS:
        if step == 100 and last[0] - first[0] >= 150:
            for every in CENTURY_STEPS:
                candidates.append(_century_ticks(first, last, every))
        ticks = [
            ((year, 1, 1), label_of(year))
            for year in range(first[0], last[0] + 1)
            # on the years as written: 500 BC and AD 500, not the astronomical -500
            if (year if year >= 1 else 1 - year) % step == 0 and (year, 1, 1) >= first
        ][:1000]
        candidates.append(ticks)
    return candidates


def _century_ticks(
    first: tuple[int, int, int], last: tuple[int, int, int], every: int
) -> list[tuple[tuple[int, int, int], str]]:
    """A tick at the first day of every ``every``-th century of the period, labelled
    ``19th c.`` or ``5th c. BC``."""
    ticks: list[tuple[tuple[int, int, int], str]] = []
    year = century_start(first[0])
    while year <= last[0] and len(ticks) < 1000:
        number = (year - 1) // 100 + 1 if year >= 1 else (-year) // 100 + 1
        if (year, 1, 1) >= first and number % every == 0:
            ticks.append(((year, 1, 1), century_label(year).replace(" century", " c.")))
        year = year + 100 if year != -99 else 1  # 1st century BC, then AD 1
    return ticks


def _axis(start: PartialDate, end: PartialDate, width: int, column: Callable[[int], int]) -> Text:
    """The finest ticks whose labels fit side by side in ``width`` columns."""
    from rich.text import Text

    chosen: list[tuple[int, str]] = []
    for ticks in _ticks(start, end):
        placed: list[tuple[int, str]] = []
        for day, label in ticks:
            col = column(_day_number(day))
            if placed and col <= placed[-1][0] + len(placed[-1][1]):
                break  # no room for a space between two labels: too fine
            if col + len(label) <= width:  # else it runs off the end: left out
                placed.append((col, label))
        else:
            if placed:
                chosen = placed
                break
    axis = [" "] * width
    for col, label in chosen:
        axis[col : col + len(label)] = list(label)
    return Text("".join(axis), style="dim")


# -- data ----------------------------------------------------------------------------------


def timeline_data(result: Timeline) -> dict[str, Any]:
    return {
        "view": "timeline",
        "total": result.matched,
        "period": {
            "start": result.period.start.iso() if result.period.start else None,
            "end": result.period.end.iso() if result.period.end else None,
        },
        "battles": [r.key for r in result.battles],
        "entries": [
            {
                "date": e.date.iso(),
                "end": e.end.iso() if e.end else None,
                "precision": e.date.precision,
                "battle": e.battle.key,
                "kind": e.kind,
                "text": e.text,
                "when": e.when,
                "side": e.side,
                "context": e.context,
                "source": list(e.source),
            }
            for e in result.entries
        ],
        "undated": result.undated,
    }


def timeline_table(result: Timeline) -> Tabular:
    return Tabular(
        [
            "date",
            "end",
            "precision",
            "battle",
            "battle_name",
            "kind",
            "side",
            "text",
            "when",
            "context",
            "source",
        ],
        _timeline_rows(result),
        plain=frozenset({"date", "end", "precision", "battle", "kind", "context", "source"}),
        csv_lines=(
            kept_bytes(result.lines)
            if result.lines
            else kept_lines(_timeline_lines(result.entries))
        ),
    )


def _timeline_lines(entries: Iterable[Entry]) -> Iterator[str]:
    """The entries' CSV lines: an event's as its record's digest keeps it, else (a battle's
    start or end) written now, each date's fields once."""
    dates: dict[PartialDate, str] = {}
    for entry in entries:
        if entry.line:
            yield entry.line
            continue
        date, battle = entry.date, entry.battle
        shown = dates.get(date) if entry.end is None else None
        if shown is None:
            shown = dated(date, entry.end)
            if entry.end is None:
                dates[date] = shown
        yield timeline_line(
            shown,
            (battle.key, battle.name),
            entry.kind,
            entry.text,
            entry.when,
            entry.side,
            entry.source,
            entry.context,
        )


def _timeline_rows(result: Timeline) -> Iterator[Sequence[Cell]]:
    # 120,000 entries share a few hundred dates, and a battle's entries its key and name.
    dates: dict[PartialDate, tuple[str, str]] = {}
    ends: dict[PartialDate | None, str] = {None: ""}
    for e in result.entries:
        date, end, battle = e.date, e.end, e.battle
        shown = dates.get(date)
        if shown is None:
            shown = dates[date] = (date.iso(), date.precision)
        end_shown = ends.get(end)
        if end_shown is None:
            end_shown = ends[end] = end.iso()  # type: ignore[union-attr]
        yield (
            shown[0],
            end_shown,
            shown[1],
            battle.key,
            battle.name,
            e.kind,
            e.side,
            e.text,
            e.when,
            "true" if e.context else "false",
            " ".join(e.source),
        )
