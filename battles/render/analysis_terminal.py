"""Rich renderers of the analysis views (see :mod:`battles.analysis`). Record text goes
through :func:`battles.render.terminal.T` (never markup, no control characters)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from battles import analysis
from battles.render.terminal import NOT_STATED, T, _more


def _span_cell(shown: str | None) -> Text:
    return Text(shown) if shown is not None else Text(NOT_STATED, style="dim")


def _table() -> Table:
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=True)


def _footer(console: Console, count: int, matched: int, what: str, *extra: str) -> None:
    footer = _more(count, matched, what) or f"{count:,} {what if count != 1 else what[:-1]}"
    console.print(T(" · ".join([footer, *extra]), style="dim"))


# -- ratios ------------------------------------------------------------------------------------


def render_ratios(result: analysis.Ratios, console: Console) -> None:
    table = _table()
    table.add_column("Battle · first vs second side", ratio=1, min_width=18)
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
        name = T(row.battle.name, style="bold")
        sides = f"{row.first} vs {row.second}"
        if row.more_sides:
            sides += f" (+{row.more_sides} more)"
        name.append("\n")
        name.append_text(T(sides, style="dim"))
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
    console.print(T(f"1:2 = {result.note}.", style="dim"))
    console.print(
        T(
            "Every ratio holds the true value for any figures within the sources' ranges "
            "(rounded outward); — not stated or unknown · ≥ no bound above · losses per day: "
            "all sides' losses over the days the dates cover.",
            style="dim",
        )
    )


RENDERERS: dict[type, Callable[[Any, Console], None]] = {
    analysis.Ratios: render_ratios,
}


def renderer(result: object) -> Callable[[Any, Console], None]:
    return RENDERERS[type(result)]
