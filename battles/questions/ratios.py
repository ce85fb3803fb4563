"""``compare --ratios``: per battle, the force ratio, the loss-exchange ratio, each side's
losses as a share of its strength, the days of fighting and the losses per day, every one
a span from the tally's figures (unknown in, unknown out).

Record format version 1 names no attacker and no defender: a ratio is then the first
side's figure over the second side's, and says so."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import msgspec

from battles import tally
from battles.answer import Answer, Forms
from battles.dates import (
    PartialDate,
    day_number,
)
from battles.errors import UsageError
from battles.figures import Figure
from battles.loading.digest import (
    FORCES,
    Brief,
    Forces,
)
from battles.questions.roles import by_role, side_losses
from battles.tally import Span

if TYPE_CHECKING:
    from battles.loading import Dataset


ROLES_NOTE = (
    "each ratio is the attacker's figure over the defender's where the record says which "
    "side is which, else the first side's over the second's"
)


def _ordinal(day: tuple[int, int, int]) -> int:
    return day_number(day)  # any year, BC too


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


class RatioRow(msgspec.Struct, frozen=True):
    """One battle's ratios: the first side over the second (see ROLES_NOTE)."""

    battle: Brief
    first: str
    second: str
    more_sides: int  # sides beyond the two compared
    by_role: bool  # first is the attacker and second the defender (else in record order)
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


class Ratios(Answer, frozen=True):
    forms = Forms.kept_in("ratios", "ratios")

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


def ratios_in(
    dataset: Dataset,
    names: Sequence[str],
    kinds: Sequence[str],
    *,
    sort: str | None = None,
    reverse: bool = False,
) -> Ratios:
    """:func:`ratios` of the records named, or of all of the given kinds, in ``dataset``."""
    from battles.questions import filters

    found = filters.digests_of(dataset, names, kinds, FORCES)
    return ratios(found, sort=sort, reverse=reverse)


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
        pair = by_role(forces)
        one, two = pair or (forces.sides[0], forces.sides[1])
        s1, s2 = tally.as_whole(one.strength), tally.as_whole(two.strength)
        l1, l2 = side_losses(one), side_losses(two)
        # The days of fighting where the record gives them, else the days its dates cover.
        days = brief.fighting or duration(brief.start, brief.end, brief.end_unknown)
        rows.append(
            RatioRow(
                battle=brief,
                first=one.name,
                second=two.name,
                more_sides=len(forces.sides) - 2,
                by_role=pair is not None,
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
