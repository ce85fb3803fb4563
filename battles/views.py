"""The data behind the ``compare`` and ``timeline`` views: rows and entries, no styling."""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Literal

import msgspec

from battles import tally
from battles.dates import PartialDate, parse_date
from battles.digest import Brief, Forces, Happening, SideFigures
from battles.errors import DateError, UsageError
from battles.figures import Figure, Part
from battles.loader import normalise
from battles.tally import LOSS_COLUMNS, Breakdown

Measure = Literal["casualties", "strength"]
RowKind = Literal["side", "battle", "civilians", "together"]
STRENGTH_COLUMNS: tuple[str, ...] = ("strength",)
CIVILIANS = "civilians"
TOGETHER = "all sides together (as stated)"
ALL_SIDES = "all sides"


# -- compare ----------------------------------------------------------------------------------


class CompareRow(msgspec.Struct, frozen=True):
    battle: Brief
    label: str  # the side's name, "all sides", "civilians"...
    figures: dict[str, Figure | None]  # by column; None: not stated
    strength: Figure | None = None  # for the share of losses in strength
    phase: str | None = None
    other: tuple[Part, ...] = ()  # the losses under "other", with their labels
    kind: RowKind = "side"

    def share(self) -> tuple[float, float | None] | None:
        """Losses as a share of strength (see tally.share)."""
        return tally.share(self.figures.get("total"), self.strength)


class Comparison(msgspec.Struct, frozen=True):
    measure: Measure
    columns: tuple[str, ...]
    rows: list[CompareRow] = msgspec.field(default_factory=list)
    total: int = -1  # how many rows there were before a limit; -1: all of them are here

    @property
    def matched(self) -> int:
        return len(self.rows) if self.total < 0 else self.total


def first_rows(comparison: Comparison, count: int | None) -> Comparison:
    """The comparison's first ``count`` rows (all of them for None), saying how many there
    were."""
    if count is None:
        return comparison
    return msgspec.structs.replace(
        comparison, rows=comparison.rows[:count], total=len(comparison.rows)
    )


def _loss_row(
    battle: Brief,
    label: str,
    losses: Breakdown | None,
    strength: Figure | None,
    phase: str | None,
    kind: RowKind,
) -> CompareRow:
    figures = {c: losses.column(c) if losses else None for c in LOSS_COLUMNS}
    other = losses.other if losses else ()
    return CompareRow(battle, label, figures, strength, phase, other, kind)


def _rows(
    battle: Brief,
    sides: Sequence[SideFigures],
    civilians: Breakdown | None,
    together: Breakdown | None,
    measure: Measure,
    by: Literal["side", "battle"],
    phase: str | None,
    show_civilians: Literal["with", "only"],
) -> list[CompareRow]:
    if measure == "strength":
        if by == "battle":
            total = tally.across([s.strength for s in sides])
            return [CompareRow(battle, ALL_SIDES, {"strength": total}, total, phase, kind="battle")]
        return [
            CompareRow(battle, s.name, {"strength": s.strength}, s.strength, phase) for s in sides
        ]
    rows: list[CompareRow] = []
    if show_civilians != "only":
        if by == "battle":
            summed = tally.all_sides([s.losses for s in sides], together)
            if summed is not None or sides:
                strength = tally.across([s.strength for s in sides])
                rows.append(_loss_row(battle, ALL_SIDES, summed, strength, phase, "battle"))
        else:
            rows += [_loss_row(battle, s.name, s.losses, s.strength, phase, "side") for s in sides]
        if together is not None and (by == "side" or any(s.losses for s in sides)):
            rows.append(_loss_row(battle, TOGETHER, together, None, phase, "together"))
    if civilians is not None:
        rows.append(_loss_row(battle, CIVILIANS, civilians, None, phase, "civilians"))
    return rows


def compare(
    battles: Sequence[tuple[Brief, Forces]],
    measure: Measure,
    *,
    by: Literal["side", "battle"] = "side",
    phases: bool = False,
    civilians: Literal["with", "only"] = "with",
    sort: str | None = None,
    reverse: bool = False,
) -> Comparison:
    """One row per battle and side (or per battle, or per phase and side), with the
    civilians' losses and the losses a source gives for all sides together in rows of their
    own. Every figure is the tally's."""
    columns = LOSS_COLUMNS if measure == "casualties" else STRENGTH_COLUMNS
    rows: list[CompareRow] = []
    for battle, forces in battles:
        if phases:
            for phase in forces.phases:
                rows += _rows(
                    battle, phase.sides, phase.civilians, None, measure, by, phase.name, civilians
                )
        else:
            rows += _rows(
                battle,
                forces.sides,
                forces.civilians,
                forces.together,
                measure,
                by,
                None,
                civilians,
            )
    if sort is not None:
        rows = sort_rows(rows, sort, columns, reverse)
    elif reverse:
        rows.reverse()
    return Comparison(measure, columns, rows)


SORTABLE = ("battle", "side", "date", "share")


def sort_rows(
    rows: list[CompareRow], column: str, columns: Sequence[str], reverse: bool = False
) -> list[CompareRow]:
    """Sort by a figure column (ranges by their midpoint; not stated last), or by battle,
    side, date or share."""
    if column not in (*columns, *SORTABLE):
        raise UsageError(
            f"cannot sort by {column!r}; choose one of {', '.join((*columns, *SORTABLE))}"
        )
    if column in columns:

        def key(row: CompareRow) -> tuple[bool, float]:
            mid = tally.midpoint(row.figures.get(column))
            return (mid is None, -(mid or 0.0) if not reverse else (mid or 0.0))

        return sorted(rows, key=key)
    if column == "share":

        def share_key(row: CompareRow) -> tuple[bool, float]:
            share = row.share()
            mid = None
            if share is not None:
                mid = share[0] if share[1] is None else (share[0] + share[1]) / 2
            return (mid is None, -(mid or 0.0) if not reverse else (mid or 0.0))

        return sorted(rows, key=share_key)
    keys = {
        "battle": lambda r: r.battle.sort_name,
        "side": lambda r: normalise(r.label),
        "date": lambda r: r.battle.start,
    }
    return sorted(rows, key=keys[column], reverse=reverse)


# -- timeline ---------------------------------------------------------------------------------


class Period(msgspec.Struct, frozen=True):
    start: PartialDate
    end: PartialDate

    def contains(self, start: PartialDate, end: PartialDate) -> bool:
        """Whether a span from ``start`` to ``end`` overlaps the period."""
        return (
            start.first_number() <= self.end.last_number()
            and end.last_number() >= self.start.first_number()
        )


def parse_period(text: str) -> Period:
    """``1941``, ``1941-10``, or ``START..END`` with dates of any precision."""
    try:
        if ".." in text:
            first, _, last = text.partition("..")
            start = parse_date(first) if first.strip() else PartialDate(1)
            end = parse_date(last) if last.strip() else PartialDate(9999)
        else:
            start = end = parse_date(text)
    except DateError as exc:
        raise UsageError(
            f"period {text!r}: {exc}; write 1941, 1941-10 or 1941-09..1941-12"
        ) from None
    if end.last_day() < start.first_day():
        raise UsageError(f"period {text!r} ends before it starts")
    return Period(start, end)


EntryKind = Literal["start", "end", "event"]


class Entry(msgspec.Struct, frozen=True, gc=False):
    """One line of the timeline (a struct: a large timeline has a hundred thousand)."""

    date: PartialDate
    end: PartialDate | None
    battle: Brief
    kind: EntryKind
    text: str
    when: str | None = None
    side: str | None = None
    source: tuple[str, ...] = ()
    context: bool = False
    # Sorts the entries: the date's number, then start, event, end (0, 1, 2) on one date.
    order: int = 0


class Timeline(msgspec.Struct, frozen=True):
    period: Period
    battles: list[Brief]
    entries: list[Entry]
    undated: int  # events the sources give no date for, left out
    total: int = -1  # how many entries there were before a limit; -1: all of them are here

    @property
    def matched(self) -> int:
        return len(self.entries) if self.total < 0 else self.total


def first_entries(line: Timeline, count: int | None) -> Timeline:
    """The timeline's first ``count`` entries (all of them for None), saying how many there
    were; the chart keeps the battles those entries name."""
    if count is None:
        return line
    entries = line.entries[:count]
    named = {e.battle.key for e in entries}
    return msgspec.structs.replace(
        line,
        battles=[b for b in line.battles if b.key in named],
        entries=entries,
        total=len(line.entries),
    )


def timeline(
    battles: Sequence[tuple[Brief, tuple[Happening, ...]]], period: Period | None = None
) -> Timeline:
    """Events of every record and each battle's start and end, in date order."""
    if period is None:
        starts = [b.start for b, _ in battles] or [PartialDate(1941)]
        ends = [b.last for b, _ in battles] or [PartialDate(1941)]
        for _, events in battles:
            starts += [e.date for e in events if e.date is not None]
            ends += [e.end or e.date for e in events if e.date is not None]
        period = Period(min(starts), max(ends, key=lambda d: d.last_day()))
    entries: list[Entry] = []
    undated = 0
    first = period.start.first_number()
    last = period.end.last_number()
    shown: list[Brief] = []
    # Battles in order first: then a stable sort of the entries by date (and start, event,
    # end on one date) leaves entries of one date in the order of their battles' starts and
    # names, and a battle's own events in the order the record gives them.
    for battle, events in sorted(
        battles, key=lambda item: (item[0].start.number, item[0].sort_name)
    ):
        listed = period.contains(battle.start, battle.last)
        source = battle.date_source
        if period.contains(battle.start, battle.start):
            entries.append(
                Entry(
                    battle.start,
                    None,
                    battle,
                    "start",
                    f"{battle.name} begins",
                    source=source,
                    order=battle.start.number * 4,
                )
            )
        end = battle.end
        if end is not None and end != battle.start and period.contains(end, end):
            entries.append(
                Entry(
                    end,
                    None,
                    battle,
                    "end",
                    f"{battle.name} ends",
                    source=source,
                    order=end.number * 4 + 2,
                )
            )
        for event in events:
            date = event.date
            if date is None:
                undated += 1
                continue
            if date.day:  # the common case, without building day tuples
                if event.order < first or event.order > last:
                    continue
            elif date.first_number() > last or (event.end or date).last_number() < first:
                continue
            entries.append(
                Entry(
                    date,
                    event.end,
                    battle,
                    "event",
                    event.text,
                    event.when,
                    event.side,
                    event.source,
                    event.context,
                    event.order * 4 + 1,
                )
            )
            listed = True
        if listed:
            shown.append(battle)
    entries.sort(key=attrgetter("order"))
    return Timeline(period, shown, entries, undated)
