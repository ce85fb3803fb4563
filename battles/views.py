"""The data behind the ``compare`` and ``timeline`` views: rows and entries, no styling."""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from battles import tally
from battles.answer import Answer, Forms
from battles.dates import PartialDate, format_span, parse_date
from battles.errors import DateError, UsageError
from battles.figures import Figure, Part
from battles.loading.csvtext import ALL_SIDES, CIVILIANS, TOGETHER
from battles.loading.digest import FORCES, HAPPENINGS, Brief, Forces, Happening, SideFigures
from battles.tally import LOSS_COLUMNS, Breakdown
from battles.text import normalise

if TYPE_CHECKING:
    from battles.loading import Dataset

Measure = Literal["casualties", "strength"]
RowKind = Literal["side", "battle", "civilians", "together"]
STRENGTH_COLUMNS: tuple[str, ...] = ("strength",)


# -- compare ----------------------------------------------------------------------------------


class CompareRow(msgspec.Struct, frozen=True):
    battle: Brief
    label: str  # the side's name, "all sides", "civilians"...
    figures: dict[str, Figure | None]  # by column; None: not stated
    strength: Figure | None = None  # for the share of losses in strength
    phase: str | None = None
    other: tuple[Part, ...] = ()  # the losses under "other", with their labels
    kind: RowKind = "side"
    role: str | None = None  # a side's role and result (schema version 2)
    result: str | None = None
    equipment: tuple[Part, ...] = ()  # what the side had (strength) or lost (losses)
    # The row's CSV line where the record's digest keeps it (a row as the record gives it,
    # not a sum or a phase): see loading.csvtext.
    line: str = ""

    @property
    def tag(self) -> str | None:
        """A side's role and result in a few letters: ``attacker, victory``."""
        found = [t for t in (self.role, self.result) if t]
        return ", ".join(found) or None

    def share(self) -> tuple[float, float | None] | None:
        """Losses as a share of strength (see tally.share)."""
        return tally.share(self.figures.get("total"), self.strength)


class Comparison(Answer, frozen=True):
    forms = Forms.split("terminal", "data", "compare")

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


_LOSS_FIGURES = attrgetter(*("other_sum" if c == "other" else c for c in LOSS_COLUMNS))


def _loss_row(
    battle: Brief,
    label: str,
    losses: Breakdown | None,
    strength: Figure | None,
    phase: str | None,
    kind: RowKind,
    side: SideFigures | None = None,
    line: str = "",
) -> CompareRow:
    # Each column's figure, read in one step (see Breakdown.column; a large compare has
    # tens of thousands of rows).
    figures: dict[str, Figure | None] = (
        dict(zip(LOSS_COLUMNS, _LOSS_FIGURES(losses), strict=True))
        if losses
        else dict.fromkeys(LOSS_COLUMNS)
    )
    other = losses.other if losses else ()
    role, result = (side.role, side.result) if side is not None else (None, None)
    lost = side.lost if side is not None else ()
    return CompareRow(
        battle, label, figures, strength, phase, other, kind, role, result, lost, line
    )


def _rows(
    battle: Brief,
    sides: Sequence[SideFigures],
    civilians: Breakdown | None,
    together: Breakdown | None,
    measure: Measure,
    by: Literal["side", "battle"],
    phase: str | None,
    show_civilians: Literal["with", "only"],
    lines: tuple[str, str] = ("", ""),
) -> list[CompareRow]:
    if measure == "strength":
        if by == "battle":
            total = tally.across([s.strength for s in sides])
            return [CompareRow(battle, ALL_SIDES, {"strength": total}, total, phase, kind="battle")]
        return [
            CompareRow(
                battle,
                s.name,
                {"strength": s.strength},
                s.strength,
                phase,
                role=s.role,
                result=s.result,
                equipment=s.equipment,
                line=s.strength_line if phase is None else "",
            )
            for s in sides
        ]
    rows: list[CompareRow] = []
    if show_civilians != "only":
        if by == "battle":
            summed = tally.all_sides([s.losses for s in sides], together)
            if summed is not None or sides:
                strength = tally.across([s.strength for s in sides])
                rows.append(_loss_row(battle, ALL_SIDES, summed, strength, phase, "battle"))
        else:
            rows += [
                _loss_row(
                    battle,
                    s.name,
                    s.losses,
                    s.strength,
                    phase,
                    "side",
                    s,
                    s.losses_line if phase is None else "",
                )
                for s in sides
            ]
        if together is not None and (by == "side" or any(s.losses for s in sides)):
            rows.append(
                _loss_row(battle, TOGETHER, together, None, phase, "together", None, lines[1])
            )
    if civilians is not None:
        rows.append(
            _loss_row(battle, CIVILIANS, civilians, None, phase, "civilians", None, lines[0])
        )
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
                (forces.civilians_line, forces.together_line),
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


OPEN_END = 10**9  # a date number later than any date's (years have four digits, either era)


class Period(msgspec.Struct, frozen=True):
    """A span of dates. An end left open (None) reaches as far as the data does; the
    timeline resolves it to the first or last date it shows."""

    start: PartialDate | None = None
    end: PartialDate | None = None

    def first_number(self) -> int:
        return self.start.first_number() if self.start is not None else -OPEN_END

    def last_number(self) -> int:
        return self.end.last_number() if self.end is not None else OPEN_END

    def contains(self, start: PartialDate, end: PartialDate) -> bool:
        """Whether a span from ``start`` to ``end`` overlaps the period."""
        return (
            start.first_number() <= self.last_number() and end.last_number() >= self.first_number()
        )

    def human(self) -> str:
        """``Sep – Nov 1941``, ``from Sep 1941``, ``until Aug 1941``, or ``no dates``."""
        if self.start is not None and self.end is not None:
            return format_span(self.start, self.end)
        if self.start is not None:
            return f"from {self.start.human()}"
        if self.end is not None:
            return f"until {self.end.human()}"
        return "no dates"


def parse_period(text: str) -> Period:
    """``1941``, ``1941-10``, or ``START..END`` with dates of any precision; either side of
    ``..`` may be left out (``1941-09..``, ``..1941-08``) for a period open at that end."""
    try:
        if ".." in text:
            first, _, last = text.partition("..")
            start = parse_date(first) if first.strip() else None
            end = parse_date(last) if last.strip() else None
        else:
            start = end = parse_date(text)
    except DateError as exc:
        raise UsageError(
            f"period {text!r}: {exc}; write 1941, 1941-10, 1941-09..1941-12, 1941-09.., "
            "..1941-08 or 490 BC..AD 9"
        ) from None
    if start is not None and end is not None and end.last_day() < start.first_day():
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
    line: str = ""  # an event's CSV line, as its record's digest keeps it (loading.csvtext)


class Timeline(Answer, frozen=True):
    forms = Forms.split("terminal", "data", "timeline")

    period: Period  # what the timeline covers: an open end resolved to the data's extent
    battles: list[Brief]  # the battles whose own span overlaps the period (the chart)
    entries: list[Entry]
    undated: int  # events of those battles the sources give no date for, left out
    total: int = -1  # how many entries there were before a limit; -1: all of them are here
    chart_only: bool = False  # the chart alone was asked for (timeline --chart)

    @property
    def matched(self) -> int:
        return len(self.entries) if self.total < 0 else self.total


def chart_only(line: Timeline) -> Timeline:
    """The timeline as its chart alone: no entries, and no word of them."""
    return msgspec.structs.replace(line, entries=[], total=-1, undated=0, chart_only=True)


def first_entries(line: Timeline, count: int | None) -> Timeline:
    """The timeline's first ``count`` entries (all of them for None), saying how many there
    were; the chart keeps every battle of the period."""
    if count is None:
        return line
    return msgspec.structs.replace(line, entries=line.entries[:count], total=len(line.entries))


def compare_in(
    dataset: Dataset, names: Sequence[str], kinds: Sequence[str], measure: Measure, **options: Any
) -> Comparison:
    """:func:`compare` of the records named, or of all of the given kinds, in ``dataset``:
    the figures by side and phase each record's digest keeps (no record is decoded)."""
    from battles.questions import filters

    return compare(filters.digests_of(dataset, names, kinds, FORCES), measure, **options)


def timeline_in(
    dataset: Dataset,
    names: Sequence[str],
    kinds: Sequence[str],
    period: Period | None = None,
    *,
    context: bool = False,
) -> Timeline:
    """:func:`timeline` of the records named, or of all of the given kinds, in ``dataset``."""
    from battles.questions import filters

    found = filters.digests_of(dataset, names, kinds, HAPPENINGS)
    return timeline(found, period, context=context)


def timeline(
    battles: Sequence[tuple[Brief, tuple[Happening, ...]]],
    period: Period | None = None,
    *,
    context: bool = False,
) -> Timeline:
    """The battles whose span overlaps the period (all of them without one), and the events
    of every record and each battle's start and end that fall in it, in date order.

    Events marked as context (background) are left out where they fall outside the span of
    those battles, unless ``context`` is set. An open end of the period (or both, without
    one) is resolved to the first or last date shown."""
    asked = period or Period()
    first = asked.first_number()
    last = asked.last_number()
    # Battles in order first: then a stable sort of the entries by date (and start, event,
    # end on one date) leaves entries of one date in the order of their battles' starts and
    # names, and a battle's own events in the order the record gives them.
    ordered = sorted(battles, key=lambda item: (item[0].start.number, item[0].sort_name))
    overlaps = [asked.contains(b.start, b.last) for b, _ in ordered]
    shown = [b for (b, _), overlap in zip(ordered, overlaps, strict=True) if overlap]
    if shown:
        span_first = min(b.start.first_number() for b in shown)
        span_last = max(b.last.last_number() for b in shown)
    else:
        span_first, span_last = OPEN_END, -OPEN_END  # no battle: no context event is shown
    if not context:  # context events only within the battles' span
        first_context, last_context = max(first, span_first), min(last, span_last)
    else:
        first_context, last_context = first, last
    entries: list[Entry] = []
    undated = 0
    for (battle, events), in_period in zip(ordered, overlaps, strict=True):
        source = battle.date_source
        start = battle.start
        if in_period and start.first_number() <= last and start.last_number() >= first:
            entries.append(
                Entry(
                    start,
                    None,
                    battle,
                    "start",
                    f"{battle.name} begins",
                    source=source,
                    order=start.number * 4,
                )
            )
        end = battle.end
        if (
            in_period
            and end is not None
            and end != start
            and end.first_number() <= last
            and end.last_number() >= first
        ):
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
                undated += in_period
                continue
            low, high = (first_context, last_context) if event.context else (first, last)
            if date.day and event.end is None:  # the common case, without building tuples
                if event.order < low or event.order > high:
                    continue
            elif date.first_number() > high or (event.end or date).last_number() < low:
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
                    event.line,
                )
            )
    entries.sort(key=attrgetter("order"))
    return Timeline(_resolve(asked, shown, entries), shown, entries, undated)


def _resolve(asked: Period, shown: list[Brief], entries: list[Entry]) -> Period:
    """The period with an open end resolved to the first or last date the timeline shows."""
    start, end = asked.start, asked.end
    if start is None:  # the entries are in date order
        starts = [b.start for b in shown] + ([entries[0].date] if entries else [])
        start = min(starts, key=PartialDate.first_number) if starts else None
    if end is None:
        ends = [b.last for b in shown] + [e.end or e.date for e in entries]
        end = max(ends, key=PartialDate.last_number) if ends else None
    return Period(start, end)
