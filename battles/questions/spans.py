"""Spans (ranges of ratios, shares, days, counts) as text, rounded outward so the true
value stays inside: what every form of the analysis answers shows."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from battles.tally import Span

if TYPE_CHECKING:
    pass


def format_ratio(value: Span | None, scale: float = 1.0, unit: str = "") -> str | None:
    """A span as text, rounded outward so the true value stays inside (``1.6–2.4``,
    ``≥ 0.50``); an exact value rounds to the nearest. None when unknown."""
    if value is None:
        return None
    low = value[0] * scale
    high = None if value[1] is None else value[1] * scale
    top = low if high is None else high
    places = 2 if top < 1 else 1 if top < 10 else 0
    factor = 10.0**places

    def down(x: float) -> str:
        return f"{math.floor(x * factor + 1e-9) / factor:,.{places}f}"

    def up(x: float) -> str:
        return f"{math.ceil(x * factor - 1e-9) / factor:,.{places}f}"

    if high is None:
        return f"≥ {down(low)}{unit}"
    if math.isclose(low, high, rel_tol=1e-12):
        return f"{low:,.{places}f}{unit}"
    shown_low, shown_high = down(low), up(high)
    if shown_low == shown_high:
        return f"{shown_low}{unit}"
    return f"{shown_low}–{shown_high}{unit}"


def format_days(value: Span | None) -> str | None:
    """A duration in whole days: ``5`` or ``2–61``."""
    if value is None:
        return None
    low, high = int(value[0]), None if value[1] is None else int(value[1])
    if high is None:
        return f"≥ {low:,}"
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


def format_count_span(value: Span | None) -> str | None:
    """A span of counts (a median): whole numbers, rounded outward (``45–48``, ``≥ 1,050``)."""
    if value is None:
        return None
    low = math.floor(value[0] + 1e-9)
    if value[1] is None:
        return f"≥ {low:,}"
    high = math.ceil(value[1] - 1e-9)
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


def format_share(value: Span | None) -> str | None:
    """A share as a percentage span (``4–9%``), rounded outward."""
    return format_ratio(value, 100.0, "%")


def format_wins(won: int, of: int) -> str | None:
    """How often the attacker won: "3 of 4 (75%)"; None where no record says."""
    if not of:
        return None
    return f"{won:,} of {of:,} ({round(100 * won / of)}%)"
