"""A span (a ratio, a share, a duration) as plain data: an object with its ``low``, ``high``
(null: no bound above) and the text every view shows; in a table three columns, ``NAME``
(the text), ``NAME_low`` and ``NAME_high``, rounded outward."""

from __future__ import annotations

import math
from typing import Any

from battles.tally import Span

SPAN_SCALE = 1_000_000.0  # six places, rounded outward


def down(x: float) -> float:
    return math.floor(x * SPAN_SCALE) / SPAN_SCALE


def up(x: float) -> float:
    return math.ceil(x * SPAN_SCALE) / SPAN_SCALE


def span_data(value: Span | None, shown: str | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"low": value[0], "high": value[1], "shown": shown}


def span_cells(value: Span | None, shown: str | None) -> list[Any]:
    """A span as three table cells: its text, its low (rounded down) and high (up)."""
    if value is None:
        return [None, None, None]
    return [shown, down(value[0]), None if value[1] is None else up(value[1])]


def span_columns(name: str) -> list[str]:
    return [name, f"{name}_low", f"{name}_high"]
