"""Rich renderers of the analysis views (see :mod:`battles.analysis`). Record text goes
through :func:`battles.render.terminal.safe_text` (never markup, no control characters)."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from battles import analysis
from battles.render.terminal import LEGEND, NOT_STATED, _more, figure_cell, safe_text


def _span_cell(shown: str | None) -> Text:
    return Text(shown) if shown is not None else Text(NOT_STATED, style="dim")


def _lines(*parts: Text) -> Text:
    """Pieces of text on lines of their own (``safe_text`` turns a newline into a space)."""
    return Text("\n").join(part for part in parts if part.plain)


def _table() -> Table:
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=True)


def _column(table: Table, header: str, **options: Any) -> None:
    """A column whose text wraps and, where a word is longer than the column, folds:
    nothing is ever cut."""
    table.add_column(header, overflow="fold", **options)


def _footer(console: Console, count: int, matched: int, what: str, *extra: str) -> None:
    footer = _more(count, matched, what) or f"{count:,} {what if count != 1 else what[:-1]}"
    console.print(safe_text(" · ".join([footer, *extra]), style="dim"))


# -- ratios ------------------------------------------------------------------------------------


def render_ratios(result: analysis.Ratios, console: Console) -> None:
    table = _table()
    _column(table, "Battle · first vs second side", ratio=1, min_width=18)
    for header in (
        "Force\n1:2",
        "Loss\n1:2",
        "Loss %\nof 1",
        "Loss %\nof 2",
        "Days",
        "Losses\n/day",
    ):
        table.add_column(header, justify="right", no_wrap=True)
    for row in result.rows:
        sides = f"{row.first} vs {row.second}"
        if row.by_role:
            sides = f"{row.first} (attacker) vs {row.second} (defender)"
        if row.more_sides:
            sides += f" (+{row.more_sides} more)"
        name = _lines(safe_text(row.battle.name, style="bold"), safe_text(sides, style="dim"))
        table.add_row(
            name,
            _span_cell(analysis.format_ratio(row.force)),
            _span_cell(analysis.format_ratio(row.exchange)),
            _span_cell(analysis.format_share(row.first_share)),
            _span_cell(analysis.format_share(row.second_share)),
            _span_cell(analysis.format_days(row.days)),
            _span_cell(analysis.format_ratio(row.per_day)),
        )
    console.print(table)
    _footer(console, len(result.rows), result.matched, "battles")
    console.print(safe_text(f"1:2 = {result.note}.", style="dim"))
    console.print(
        safe_text(
            "Every ratio holds the true value for any figures within the sources' ranges "
            "(rounded outward); — not stated or unknown · ≥ no bound above · losses per day: "
            "all sides' losses over the days of fighting where the record gives them, else "
            "over the days the dates cover.",
            style="dim",
        )
    )


# -- disputes ----------------------------------------------------------------------------------

KIND_LABEL = {"disagreement": "disagree", "figure": "figure", "dating": "dating"}


def _cited(titles: tuple[str, ...]) -> Text:
    return safe_text(" — " + "; ".join(titles), style="cyan") if titles else Text()


def render_disputes(result: analysis.Disputes, console: Console) -> None:
    table = _table()
    _column(table, "Battle", ratio=2, min_width=10)
    _column(table, "What", ratio=2, min_width=10)
    _column(table, "Versions, each with its sources", ratio=5, min_width=20)
    for row in result.rows:
        what = _lines(
            safe_text(row.field, style="bold"), safe_text(KIND_LABEL[row.kind], style="dim")
        )
        if row.claims:
            lines = []
            for claim in row.claims:
                line = safe_text(claim.shown, style="yellow") + _cited(claim.titles)
                if claim.note:
                    line.append_text(safe_text(f" ({claim.note})", style="dim"))
                lines.append(line)
            body = _lines(*lines, safe_text(row.text, style="dim italic"))
        else:
            body = safe_text(row.text) + _cited(row.titles)
        table.add_row(safe_text(row.battle.name), what, body)
    console.print(table)
    count = len(result.rows)
    records = f"in {result.records:,} record{'s' if result.records != 1 else ''}"
    _footer(console, count, result.matched, "disputes", records)


# -- sources -----------------------------------------------------------------------------------


def _address(row: analysis.SourceUse) -> str | None:
    return row.url or (f"seed file {row.file}" if row.file else None)


def render_sources(result: analysis.Sources, console: Console) -> None:
    table = _table()
    _column(table, "Source", ratio=3, min_width=16)
    if result.battle is None:
        _column(table, "Records", ratio=3, min_width=12)
        table.add_column("Figures", justify="right", no_wrap=True)
        table.add_column("Cited", justify="right", no_wrap=True)
    else:
        _column(table, "Supports", ratio=4, min_width=16)
    for row in result.rows:
        name = _lines(safe_text(row.title, style="bold"), safe_text(_address(row), style="dim"))
        if result.battle is None:
            table.add_row(
                name,
                safe_text(", ".join(b.name for b in row.records)),
                Text(f"{row.figures:,}"),
                Text(f"{row.citations:,}"),
            )
        else:
            fields = _lines(*(safe_text(field) for _, field in row.fields))
            table.add_row(name, fields if fields.plain else Text("nothing cites it", style="dim"))
    if result.battle is not None:
        console.print(safe_text(result.battle.name, style="bold underline"))
    console.print(table)
    extra = [] if result.battle is not None else ["Figures: figures citing it (or their block)"]
    _footer(console, len(result.rows), result.matched, "sources", *extra)


# -- people and units --------------------------------------------------------------------------


def _grouped(names: list[str]) -> list[str]:
    """Each name where a new one starts, blank where it repeats the row above."""
    shown, last = [], None
    for name in names:
        shown.append("" if name == last else name)
        last = name
    return shown


def render_people(result: analysis.People, console: Console) -> None:
    table = _table()
    _column(table, "Person", ratio=2, min_width=12, style="bold")
    table.add_column("Date", no_wrap=True)
    _column(table, "Battle · side", ratio=3, min_width=14)
    _column(table, "Role · fate", ratio=3, min_width=14)
    for name, a in zip(_grouped([p.name for p in result.rows]), result.rows, strict=True):
        battle = _lines(safe_text(a.battle.name), safe_text(a.side, style="dim"))
        role = _lines(
            safe_text(a.role),
            safe_text(f"under {a.under}" if a.under else "", style="dim"),
            safe_text(a.fate, style="red"),
        )
        table.add_row(safe_text(name), safe_text(a.battle.start.human()), battle, role)
    console.print(table)
    people = f"{result.people:,} {'person' if result.people == 1 else 'people'}"
    _footer(console, len(result.rows), result.matched, "appearances", people)


def render_units(result: analysis.Units, console: Console) -> None:
    table = _table()
    _column(table, "Unit", ratio=3, min_width=12, style="bold")
    table.add_column("Date", no_wrap=True)
    _column(table, "Battle · side", ratio=3, min_width=14)
    table.add_column("Strength", justify="right", no_wrap=True)
    for name, u in zip(_grouped([u.name for u in result.rows]), result.rows, strict=True):
        unit = _lines(
            safe_text(name),
            safe_text(f"in {' › '.join(u.within)}" if u.within else "", style="dim"),
        )
        battle = _lines(safe_text(u.battle.name), safe_text(u.side, style="dim"))
        table.add_row(unit, safe_text(u.battle.start.human()), battle, figure_cell(u.strength))
    console.print(table)
    units = f"{result.units:,} unit{'s' if result.units != 1 else ''}"
    _footer(
        console,
        len(result.rows),
        result.matched,
        "appearances",
        units,
        "format v1 gives units a strength only, no losses",
    )
    console.print(safe_text(LEGEND, style="dim"))


# -- stats -------------------------------------------------------------------------------------


def _split(cell: Text, split: bool) -> Text:
    """``split``: a range on two lines, broken after its dash (the figure whole, in less
    width)."""
    dash = cell.plain.find("–")
    if not split or dash <= 0:
        return cell
    top = cell[: dash + 1]
    top.append("\n")
    top.append_text(cell[dash + 1 :])
    return top


def _measure_cell(measure: analysis.Measure, split: bool = False) -> Text:
    """A group's sum, with how many records state none (see _split)."""
    cell = _split(figure_cell(measure.total), split)
    if measure.missing:
        cell.append(f"\n{measure.missing:,} without", style="dim")
    return cell


def _width(cells: list[Text]) -> int:
    return max((len(line) for cell in cells for line in cell.plain.split("\n")), default=0)


# Below the width they all need, the stats table gives up, in this order: the bars, each
# sum's range on one line (broken after its dash), then whole columns, the least needed
# first: the median, who won, the strength (the records and the losses stay, with the
# group). Never a figure cut nor a label broken inside a word (the group's column keeps its
# longest word, at least 10 characters).
STATS_DROPPED_FIRST = ("Median\nlosses", "Attacker\nwon", "Strength")


def render_stats(result: analysis.Stats, console: Console) -> None:
    from battles.render.terminal import BAR_WIDTH, bar, choose_scale

    scale = choose_scale([g.losses.total for g in result.rows])
    heads = ["Records", "Strength", "Losses", "Median\nlosses"]
    decided = result.decided  # once: it looks at every group
    if decided:
        heads.append("Attacker\nwon")
    words = [len(w) for g in result.rows for w in g.label.split()] or [10]

    def cells_of(split: bool) -> tuple[list[list[Text]], list[int]]:
        """The figures' columns, and the width each takes."""
        columns: list[list[Text]] = [[] for _ in heads]
        for g in result.rows:
            cells = [
                Text(f"{g.count:,}"),
                _measure_cell(g.strength, split),
                _measure_cell(g.losses, split),
                _split(_span_cell(analysis.format_count_span(g.losses.median)), split),
            ]
            if decided:
                shown = analysis.format_wins(g.attacker_won, g.decided)
                cells.append(_span_cell(shown.replace(" (", "\n(") if shown else None))
            for column, cell in zip(columns, cells, strict=True):
                column.append(cell)
        # Each column: its widest line, its padding (2) and the space between columns (1).
        widths = [
            max(_width(c), *(len(h) for h in head.split("\n"))) + 3
            for c, head in zip(columns, heads, strict=True)
        ]
        return columns, widths

    group = max(max(words), 10)
    columns, widths = cells_of(split=False)
    bars = sum(widths) + group + BAR_WIDTH + 4 <= console.width
    if sum(widths) + group > console.width:
        columns, widths = cells_of(split=True)
    dropped: list[str] = []
    for head in STATS_DROPPED_FIRST:
        if sum(widths) + group <= console.width:
            break
        if head in heads:
            n = heads.index(head)
            dropped.append(head.replace("\n", " ").lower())
            del heads[n], columns[n], widths[n]
    table = _table()
    _column(table, result.by.replace("_", " ").capitalize(), ratio=2, min_width=10)
    for head in heads:
        table.add_column(head, justify="right", no_wrap=True, overflow="fold")
    if bars:
        table.add_column("", width=BAR_WIDTH + 1, no_wrap=True)
    for n, g in enumerate(result.rows):
        row = [safe_text(g.label, style="bold"), *(column[n] for column in columns)]
        table.add_row(*row, *([bar(g.losses.total, scale)] if bars else []))
    console.print(table)
    extra = [f"{result.records:,} record{'s' if result.records != 1 else ''}"]
    if result.by_side:
        extra.append("each side's own strength and losses")
    if result.several:
        extra.append("a record in several groups counts in each")
    if bars:
        extra.append("bars: losses" + (", log scale" if scale.log else ""))
    else:
        extra.append("bars left out: the terminal is too narrow")
    if dropped:
        extra.append(f"{', '.join(dropped)} left out too (--format csv has them)")
    _footer(console, len(result.rows), result.matched, "groups", *extra)
    if decided and "Attacker\nwon" in heads:
        console.print(
            safe_text(
                "Attacker won: of the group's records that name a winner and one attacker, "
                "those the attacker won (a draw is not a win).",
                style="dim",
            )
        )
    console.print(
        safe_text(
            "Sums add the records that state a figure (N without: records that state none "
            "or only an unknown one); a median lies between the medians of the lows and "
            "of the highs."
            + (
                " Grouped by the date a record starts."
                if result.by in ("year", "month", "decade", "century")
                else ""
            )
            + " Civilians' losses: --format json or csv.",
            style="dim",
        )
    )
    console.print(safe_text(LEGEND, style="dim"))
