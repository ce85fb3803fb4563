"""The analysis results (see :mod:`battles.analysis`) as plain data for JSON and as flat
tables for CSV and Markdown. A span (a ratio, a share, a duration) is an object with its
``low``, ``high`` (null: no bound above) and the text every view shows; in a table it is
three columns, ``NAME`` (the text), ``NAME_low`` and ``NAME_high``, rounded outward."""

from __future__ import annotations

import math
from typing import Any

from battles import analysis
from battles.figures import Figure
from battles.render.data import Tabular, figure_data
from battles.tally import Span

SPAN_SCALE = 1_000_000.0  # six places, rounded outward


def _down(x: float) -> float:
    return math.floor(x * SPAN_SCALE) / SPAN_SCALE


def _up(x: float) -> float:
    return math.ceil(x * SPAN_SCALE) / SPAN_SCALE


def span_data(value: Span | None, shown: str | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"low": value[0], "high": value[1], "shown": shown}


def span_cells(value: Span | None, shown: str | None) -> list[Any]:
    """A span as three table cells: its text, its low (rounded down) and high (up)."""
    if value is None:
        return [None, None, None]
    return [shown, _down(value[0]), None if value[1] is None else _up(value[1])]


def span_columns(name: str) -> list[str]:
    return [name, f"{name}_low", f"{name}_high"]


# -- ratios ------------------------------------------------------------------------------------


def _ratio_spans(row: analysis.RatioRow) -> list[tuple[str, Span | None, str | None]]:
    return [
        ("force_ratio", row.force, analysis.format_ratio(row.force)),
        ("loss_exchange", row.exchange, analysis.format_ratio(row.exchange)),
        ("first_loss_share", row.first_share, analysis.format_share(row.first_share)),
        ("second_loss_share", row.second_share, analysis.format_share(row.second_share)),
        ("days", row.days, analysis.format_days(row.days)),
        ("losses_per_day", row.per_day, analysis.format_ratio(row.per_day)),
    ]


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


def _ratio_figures(row: analysis.RatioRow) -> list[Figure | None]:
    return [
        row.first_strength,
        row.second_strength,
        row.first_losses,
        row.second_losses,
        row.losses,
    ]


def ratios_data(result: analysis.Ratios) -> dict[str, Any]:
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
                **{
                    name: figure_data(fig)
                    for name, fig in zip(RATIO_FIGURES, _ratio_figures(row), strict=True)
                },
                **{name: span_data(value, shown) for name, value, shown in _ratio_spans(row)},
            }
            for row in result.rows
        ],
    }


def ratios_table(result: analysis.Ratios) -> Tabular:
    columns = ["battle", "battle_name", "first_side", "second_side", "more_sides"]
    columns += list(RATIO_FIGURES)
    for name in RATIO_SPANS:
        columns += span_columns(name)
    rows = (
        [
            row.battle.key,
            row.battle.name,
            row.first,
            row.second,
            row.more_sides,
            *_ratio_figures(row),
            *(cell for _, value, shown in _ratio_spans(row) for cell in span_cells(value, shown)),
        ]
        for row in result.rows
    )
    return Tabular(columns, rows, figures=set(RATIO_FIGURES))


# -- dispatch ----------------------------------------------------------------------------------


def to_data(result: object) -> dict[str, Any]:
    if isinstance(result, analysis.Ratios):
        return ratios_data(result)
    raise TypeError(f"no data form for {type(result).__name__}")


def to_table(result: object) -> Tabular:
    if isinstance(result, analysis.Ratios):
        return ratios_table(result)
    raise TypeError(f"no table form for {type(result).__name__}")
