"""The data behind the ``compare`` and ``timeline`` views: rows and entries, no styling."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import msgspec

from battles import model
from battles.dates import PartialDate, parse_date
from battles.errors import DateError, UsageError
from battles.figures import Figure, add
from battles.loader import Dataset, normalise

Measure = Literal["casualties", "strength"]
CASUALTY_COLUMNS: tuple[str, ...] = ("killed", "wounded", "captured", "missing", "total")
STRENGTH_COLUMNS: tuple[str, ...] = ("strength",)


# -- compare ----------------------------------------------------------------------------------


class CompareRow(msgspec.Struct, frozen=True):
    battle: model.Record
    label: str  # the side's name, or "all sides", with the phase's name in front for phases
    figures: dict[str, Figure | None]  # None: not stated
    strength: Figure | None = None  # for the share of losses in strength
    phase: str | None = None

    def share(self) -> tuple[float, float] | None:
        """Losses as a share of strength (low, high), when both are known and bounded."""
        total = self.figures.get("total")
        if total is None or self.strength is None:
            return None
        tlow, thigh = total.bounds()
        slow, shigh = self.strength.bounds()
        if tlow is None or thigh is None or not slow or shigh is None:
            return None
        return (tlow / shigh, thigh / slow)


@dataclass(frozen=True)
class Comparison:
    measure: Measure
    columns: tuple[str, ...]
    rows: list[CompareRow] = field(default_factory=list)


def _casualty_figures(cas: model.Casualties | None) -> dict[str, Figure | None]:
    if cas is None:
        return dict.fromkeys(CASUALTY_COLUMNS)
    found: dict[str, Figure | None] = dict.fromkeys(CASUALTY_COLUMNS)
    for name, fig in cas.kinds():
        found[name] = fig
    found["total"] = cas.computed_total()
    return found


def _row(
    record: model.Record,
    label: str,
    measure: Measure,
    casualties: model.Casualties | None,
    strength: Figure | None,
    phase: str | None = None,
) -> CompareRow:
    if measure == "strength":
        return CompareRow(record, label, {"strength": strength}, strength, phase)
    return CompareRow(record, label, _casualty_figures(casualties), strength, phase)


def _sum_rows(record: model.Record, rows: list[CompareRow], label: str) -> CompareRow:
    columns = rows[0].figures.keys()
    figures: dict[str, Figure | None] = {}
    for column in columns:
        figures[column] = _sum_column([r.figures[column] for r in rows])
    strength = _sum_column([r.strength for r in rows])
    return CompareRow(record, label, figures, strength, rows[0].phase)


def _sum_column(values: list[Figure | None]) -> Figure | None:
    """The sides added up: a side whose figure is not stated makes the sum a floor; a
    disputed figure is not added (its estimates may count different things)."""
    stated = [f for f in values if f is not None]
    if not stated or any(f.is_disputed for f in stated):
        return None
    if len(stated) < len(values):
        stated.append(Figure())
    return add(stated)


def compare(
    dataset: Dataset,
    records: Sequence[model.Record],
    measure: Measure,
    *,
    by: Literal["side", "battle"] = "side",
    phases: bool = False,
    sort: str | None = None,
    reverse: bool = False,
) -> Comparison:
    """One row per battle and side (or per battle, or per phase and side)."""
    columns = CASUALTY_COLUMNS if measure == "casualties" else STRENGTH_COLUMNS
    rows: list[CompareRow] = []
    for record in records:
        groups: list[list[CompareRow]] = []
        if phases:
            for phase in record.phases:
                group = [
                    _row(
                        record,
                        _side_name(record, ps.side),
                        measure,
                        ps.casualties,
                        ps.strength,
                        phase.name,
                    )
                    for ps in phase.sides
                ]
                if group:
                    groups.append(group)
        else:
            groups.append(
                [_row(record, s.name, measure, s.casualties, s.strength) for s in record.sides]
            )
        for group in groups:
            rows.extend([_sum_rows(record, group, "all sides")] if by == "battle" else group)
    if sort is not None:
        rows = sort_rows(rows, sort, columns, reverse)
    elif reverse:
        rows.reverse()
    return Comparison(measure, columns, rows)


def _side_name(record: model.Record, side_id: str) -> str:
    side = record.side(side_id)
    return side.name if side else side_id


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
            fig = row.figures.get(column)
            mid = fig.midpoint if fig is not None else None
            return (mid is None, -(mid or 0.0) if not reverse else (mid or 0.0))

        return sorted(rows, key=key)
    if column == "share":

        def share_key(row: CompareRow) -> tuple[bool, float]:
            share = row.share()
            mid = (share[0] + share[1]) / 2 if share else None
            return (mid is None, -(mid or 0.0) if not reverse else (mid or 0.0))

        return sorted(rows, key=share_key)
    keys = {
        "battle": lambda r: normalise(r.battle.name),
        "side": lambda r: normalise(r.label),
        "date": lambda r: r.battle.start,
    }
    return sorted(rows, key=keys[column], reverse=reverse)


# -- timeline ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: PartialDate
    end: PartialDate

    def contains(self, start: PartialDate, end: PartialDate) -> bool:
        """Whether a span from ``start`` to ``end`` overlaps the period."""
        return start.first_day() <= self.end.last_day() and end.last_day() >= (
            self.start.first_day()
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


class Entry(msgspec.Struct, frozen=True):
    """One line of the timeline (a struct: a large timeline has a hundred thousand)."""

    date: PartialDate
    end: PartialDate | None
    battle: model.Record
    kind: EntryKind
    text: str
    when: str | None = None
    side: str | None = None
    source: tuple[str, ...] = ()
    context: bool = False


@dataclass(frozen=True)
class Timeline:
    period: Period
    battles: list[model.Record]
    entries: list[Entry]
    undated: int  # events the sources give no date for, left out


def timeline(
    dataset: Dataset, records: Sequence[model.Record], period: Period | None = None
) -> Timeline:
    """Events of every record and each battle's start and end, in date order."""
    if period is None:
        starts = [r.start for r in records] or [PartialDate(1941)]
        ends = [r.last for r in records] or [PartialDate(1941)]
        for record in records:
            starts += [e.date for e in record.events if e.date is not None]
            ends += [e.end or e.date for e in record.events if e.date is not None]
        period = Period(min(starts), max(ends, key=lambda d: d.last_day()))
    entries: list[Entry] = []
    undated = 0
    first = PartialDate(*period.start.first_day())
    last = PartialDate(*period.end.last_day())
    shown: list[model.Record] = []
    shown_keys: set[str] = set()
    for record in records:
        if period.contains(record.start, record.last):
            shown.append(record)
            shown_keys.add(record.key)
        if period.contains(record.start, record.start):
            entries.append(
                Entry(
                    record.start,
                    None,
                    record,
                    "start",
                    f"{record.name} begins",
                    source=tuple(record.date_source),
                )
            )
        if (
            record.end is not None
            and record.end != record.start
            and period.contains(record.end, record.end)
        ):
            entries.append(
                Entry(
                    record.end,
                    None,
                    record,
                    "end",
                    f"{record.name} ends",
                    source=tuple(record.date_source),
                )
            )
        side_names = {side.id: side.name for side in record.sides}
        for event in record.events:
            date = event.date
            if date is None:
                undated += 1
                continue
            if date.day:  # the common case, without building day tuples
                if date < first or date > last:
                    continue
            elif not period.contains(date, event.end or date):
                continue
            side = side_names.get(event.side) if event.side else None
            entries.append(
                Entry(
                    date,
                    event.end,
                    record,
                    "event",
                    event.text,
                    event.when,
                    side,
                    tuple(event.source),
                    event.context,
                )
            )
            if record.key not in shown_keys:
                shown.append(record)
                shown_keys.add(record.key)
    order = {"start": 0, "event": 1, "end": 2}
    names = {r.key: normalise(r.name) for r in records}
    entries.sort(key=lambda e: (e.date, order[e.kind], e.battle.start, names[e.battle.key]))
    shown.sort(key=lambda r: (r.start, normalise(r.name)))
    return Timeline(period, shown, entries, undated)
