"""Questions a historian and a wargamer ask of the dataset: ratios of forces and losses,
disputes between sources, the sources themselves, people and units, statistics by group,
and citations. Queries return data (no Typer, no Rich); every figure is the tally's.

Record format version 1 names no attacker and no defender: a ratio is the first side's
figure over the second side's, and says so.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from typing import Any

import msgspec

from battles import tally
from battles.dates import PartialDate
from battles.digest import Brief, Forces
from battles.errors import UsageError
from battles.figures import Figure
from battles.tally import Span

ROLES_NOTE = (
    "format v1 records no attacker or defender: each ratio is the first side's figure "
    "over the second side's"
)


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


def format_share(value: Span | None) -> str | None:
    """A share as a percentage span (``4–9%``), rounded outward."""
    return format_ratio(value, 100.0, "%")


# -- durations ---------------------------------------------------------------------------------


def _ordinal(day: tuple[int, int, int]) -> int:
    return datetime.date(*day).toordinal()


def duration(start: PartialDate, end: PartialDate | None, end_unknown: bool) -> Span | None:
    """How many calendar days the dates cover, as a span: exact for dates known to the day,
    the shortest and the longest stretch the dates allow otherwise; None where the end is
    not stated."""
    if end_unknown:
        return None
    last = end if end is not None else start
    if end is None and start.precision != "day":
        shortest = 1  # a one-month (or one-year) event: one day at least, the month at most
    else:
        shortest = max(_ordinal(last.first_day()) - _ordinal(start.last_day()) + 1, 1)
    longest = _ordinal(last.last_day()) - _ordinal(start.first_day()) + 1
    return (float(shortest), float(longest))


# -- ratios ------------------------------------------------------------------------------------


class RatioRow(msgspec.Struct, frozen=True):
    """One battle's ratios: the first side over the second (see ROLES_NOTE)."""

    battle: Brief
    first: str
    second: str
    more_sides: int  # sides beyond the two compared
    first_strength: Figure | None
    second_strength: Figure | None
    first_losses: Figure | None
    second_losses: Figure | None
    force: Span | None  # first side's strength ÷ second side's
    exchange: Span | None  # first side's losses ÷ second side's
    first_share: Span | None  # first side's losses ÷ its strength
    second_share: Span | None
    losses: Figure | None  # all sides' losses (soldiers), as the tally adds them up
    days: Span | None
    per_day: Span | None  # all sides' losses ÷ days


class Ratios(msgspec.Struct, frozen=True):
    rows: list[RatioRow]
    total: int = -1  # rows before a --limit; -1: all are here
    note: str = ROLES_NOTE

    @property
    def matched(self) -> int:
        return len(self.rows) if self.total < 0 else self.total


RATIO_SORTS: dict[str, Callable[[RatioRow], Span | None]] = {
    "force": lambda r: r.force,
    "exchange": lambda r: r.exchange,
    "share": lambda r: r.first_share,
    "second-share": lambda r: r.second_share,
    "days": lambda r: r.days,
    "per-day": lambda r: r.per_day,
}
RATIO_SORT_NAMES = (*RATIO_SORTS, "battle", "date")


def _total(side: Any) -> Figure | None:
    return side.losses.total if side is not None and side.losses is not None else None


def ratios(
    battles: Sequence[tuple[Brief, Forces]], *, sort: str | None = None, reverse: bool = False
) -> Ratios:
    """Per battle with at least two sides: the force ratio, the loss-exchange ratio, each
    side's losses as a share of its strength, the battle's length in days and its losses
    per day, every one a span from the tally's figures (unknown in, unknown out)."""
    rows: list[RatioRow] = []
    for brief, forces in battles:
        if len(forces.sides) < 2:
            continue
        one, two = forces.sides[0], forces.sides[1]
        s1, s2 = tally.as_whole(one.strength), tally.as_whole(two.strength)
        l1, l2 = _total(one), _total(two)
        days = duration(brief.start, brief.end, brief.end_unknown)
        rows.append(
            RatioRow(
                battle=brief,
                first=one.name,
                second=two.name,
                more_sides=len(forces.sides) - 2,
                first_strength=s1,
                second_strength=s2,
                first_losses=l1,
                second_losses=l2,
                force=tally.divide(s1, s2),
                exchange=tally.divide(l1, l2),
                first_share=tally.divide(l1, s1),
                second_share=tally.divide(l2, s2),
                losses=brief.casualties,
                days=days,
                per_day=tally.quotient(tally.span(brief.casualties), days),
            )
        )
    if sort is not None:
        rows = _sorted(rows, sort, reverse)
    elif reverse:
        rows.reverse()
    return Ratios(rows)


def _sorted(rows: list[RatioRow], sort: str, reverse: bool) -> list[RatioRow]:
    if sort == "battle":
        return sorted(rows, key=lambda r: r.battle.sort_name, reverse=reverse)
    if sort == "date":
        return sorted(rows, key=lambda r: r.battle.start, reverse=reverse)
    if sort not in RATIO_SORTS:
        raise UsageError(
            f"cannot sort ratios by {sort!r}; choose one of {', '.join(RATIO_SORT_NAMES)}"
        )
    get = RATIO_SORTS[sort]

    def key(row: RatioRow) -> tuple[bool, float]:
        mid = tally.span_midpoint(get(row))
        return (mid is None, (mid or 0.0) if reverse else -(mid or 0.0))

    return sorted(rows, key=key)  # largest first; unknown last either way


def first_ratios(result: Ratios, count: int | None) -> Ratios:
    if count is None:
        return result
    return msgspec.structs.replace(result, rows=result.rows[:count], total=len(result.rows))
