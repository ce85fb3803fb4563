"""Every form of :class:`battles.questions.stats.Stats`: the Rich view, the JSON document and
the flat table CSV and Markdown are written from. Rich is imported by the Rich view only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from battles.questions.spans import format_count_span, format_wins
from battles.questions.stats import Group, Measure, Stats
from battles.render import spans
from battles.render.data import Tabular, figure_data

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


MEASURES = ("strength", "losses", "civilians")


def _measure_data(measure: Measure) -> dict[str, Any]:
    return {
        "sum": figure_data(measure.total),
        "records_without": measure.missing,
        "median": spans.span_data(measure.median, format_count_span(measure.median)),
    }


def stats_data(result: Stats) -> dict[str, Any]:
    return {
        "view": "stats",
        "by": result.by,
        "total": result.matched,
        "records": result.records,
        "record_in_several_groups": result.several,
        "figures_of": "side" if result.by_side else "battle",
        "groups": [
            {
                "group": g.label,
                "records": g.count,
                **{name: _measure_data(getattr(g, name)) for name in MEASURES},
                "attacker_won": {
                    "won": g.attacker_won,
                    "of": g.decided,
                    "shown": format_wins(g.attacker_won, g.decided),
                },
            }
            for g in result.rows
        ],
    }


def stats_table(result: Stats) -> Tabular:
    columns = ["group", "records"]
    for name in MEASURES:
        columns += [name, f"{name}_without", *spans.span_columns(f"{name}_median")]
    columns += ["attacker_won", "decided"]

    def cells(g: Group) -> list[Any]:
        row: list[Any] = [g.label, g.count]
        for name in MEASURES:
            m: Measure = getattr(g, name)
            shown = format_count_span(m.median)
            row += [m.total, m.missing, *spans.span_cells(m.median, shown)]
        return [*row, g.attacker_won, g.decided]

    return Tabular(columns, (cells(g) for g in result.rows), figures=set(MEASURES))


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


def _measure_cell(measure: Measure, split: bool = False) -> Text:
    """A group's sum, with how many records state none (see _split)."""

    from battles.render.terminal import (
        figure_cell,
    )

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


def render_stats(result: Stats, console: Console) -> None:
    from rich.text import Text

    from battles.render import tables
    from battles.render.terminal import (
        BAR_WIDTH,
        LEGEND,
        bar,
        choose_scale,
        safe_text,
    )

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
                _split(tables.span_cell(format_count_span(g.losses.median)), split),
            ]
            if decided:
                shown = format_wins(g.attacker_won, g.decided)
                cells.append(tables.span_cell(shown.replace(" (", "\n(") if shown else None))
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
    table = tables.table()
    tables.column(table, result.by.replace("_", " ").capitalize(), ratio=2, min_width=10)
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
    tables.footer(console, len(result.rows), result.matched, "groups", *extra)
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
