"""Every form of :class:`battles.questions.ratios.Ratios`: the Rich view, the JSON document and
the flat table CSV and Markdown are written from. Rich is imported by the Rich view only."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from battles.figures import Figure
from battles.questions.ratios import RatioRow, Ratios
from battles.questions.spans import format_days, format_ratio, format_share
from battles.render import columnar, spans
from battles.render.data import Tabular, figure_data
from battles.tally import Span

if TYPE_CHECKING:
    from rich.console import Console


RATIO_SPANS = (
    "force_ratio",
    "loss_exchange",
    "first_loss_share",
    "second_loss_share",
    "days",
    "losses_per_day",
)


RATIO_FIGURES = (
    "first_strength",
    "second_strength",
    "first_losses",
    "second_losses",
    "losses",
)


def _ratio_spans(row: RatioRow) -> list[tuple[str, Span | None, str | None]]:
    return [
        ("force_ratio", row.force, format_ratio(row.force)),
        ("loss_exchange", row.exchange, format_ratio(row.exchange)),
        ("first_loss_share", row.first_share, format_share(row.first_share)),
        ("second_loss_share", row.second_share, format_share(row.second_share)),
        ("days", row.days, format_days(row.days)),
        ("losses_per_day", row.per_day, format_ratio(row.per_day)),
    ]


def _ratio_figures(row: RatioRow) -> list[Figure | None]:
    return [
        row.first_strength,
        row.second_strength,
        row.first_losses,
        row.second_losses,
        row.losses,
    ]


def ratios_data(result: Ratios) -> dict[str, Any]:
    return {
        "view": "ratios",
        "total": result.matched,
        "note": result.note,
        "rows": [
            {
                "battle": row.battle.key,
                "battle_name": row.battle.name,
                "first_side": row.first,
                "second_side": row.second,
                "more_sides": row.more_sides,
                "by_role": row.by_role,
                **{
                    name: figure_data(fig)
                    for name, fig in zip(RATIO_FIGURES, _ratio_figures(row), strict=True)
                },
                **{name: spans.span_data(value, shown) for name, value, shown in _ratio_spans(row)},
            }
            for row in result.rows
        ],
    }


RATIO_FORMATS: dict[str, tuple[Callable[[RatioRow], Span | None], Any]] = {
    "force_ratio": (lambda r: r.force, format_ratio),
    "loss_exchange": (lambda r: r.exchange, format_ratio),
    "first_loss_share": (lambda r: r.first_share, format_share),
    "second_loss_share": (lambda r: r.second_share, format_share),
    "days": (lambda r: r.days, format_days),
    "losses_per_day": (lambda r: r.per_day, format_ratio),
}


def _span_makers(name: str) -> list[columnar.Maker]:
    """A span's three columns (see span_cells), each made in one pass over a block."""
    get, shown = RATIO_FORMATS[name]
    return [
        lambda rows: [shown(get(r)) for r in rows],
        lambda rows: [None if (v := get(r)) is None else spans.down(v[0]) for r in rows],
        lambda rows: [
            None if (v := get(r)) is None or v[1] is None else spans.up(v[1]) for r in rows
        ],
    ]


def ratios_table(result: Ratios) -> Tabular:
    columns = ["battle", "battle_name", "first_side", "second_side", "more_sides", "by_role"]
    columns += list(RATIO_FIGURES)
    makers: list[columnar.Maker] = [
        lambda rows: [r.battle.key for r in rows],
        lambda rows: [r.battle.name for r in rows],
        lambda rows: [r.first for r in rows],
        lambda rows: [r.second for r in rows],
        lambda rows: [r.more_sides for r in rows],
        lambda rows: [r.by_role for r in rows],
        lambda rows: [r.first_strength for r in rows],
        lambda rows: [r.second_strength for r in rows],
        lambda rows: [r.first_losses for r in rows],
        lambda rows: [r.second_losses for r in rows],
        lambda rows: [r.losses for r in rows],
    ]
    for name in RATIO_SPANS:
        columns += spans.span_columns(name)
        makers += _span_makers(name)
    return columnar.columns_table(result.rows, columns, makers, figures=set(RATIO_FIGURES))


def ratios_rows_table(result: Ratios) -> Tabular:
    """The same table made row by row (what :func:`ratios_table` was; the tests compare)."""
    columns = ["battle", "battle_name", "first_side", "second_side", "more_sides", "by_role"]
    columns += list(RATIO_FIGURES)
    for name in RATIO_SPANS:
        columns += spans.span_columns(name)
    rows = (
        [
            row.battle.key,
            row.battle.name,
            row.first,
            row.second,
            row.more_sides,
            row.by_role,
            *_ratio_figures(row),
            *(
                cell
                for _, value, shown in _ratio_spans(row)
                for cell in spans.span_cells(value, shown)
            ),
        ]
        for row in result.rows
    )
    return Tabular(columns, rows, figures=set(RATIO_FIGURES))


def render_ratios(result: Ratios, console: Console) -> None:

    from battles.render import tables
    from battles.render.terminal import (
        safe_text,
    )

    table = tables.table()
    tables.column(table, "Battle · first vs second side", ratio=1, min_width=18)
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
        name = tables.lines(safe_text(row.battle.name, style="bold"), safe_text(sides, style="dim"))
        table.add_row(
            name,
            tables.span_cell(format_ratio(row.force)),
            tables.span_cell(format_ratio(row.exchange)),
            tables.span_cell(format_share(row.first_share)),
            tables.span_cell(format_share(row.second_share)),
            tables.span_cell(format_days(row.days)),
            tables.span_cell(format_ratio(row.per_day)),
        )
    console.print(table)
    tables.footer(console, len(result.rows), result.matched, "battles")
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
