"""``battles timeline``: what happened when, across battles: the battles of a period (the
chart) and their starts, ends and events in date order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Literal

import msgspec

from battles.answer import Answer, Forms
from battles.dates import PartialDate, format_span, parse_date
from battles.errors import DateError, UsageError
from battles.loading.digest import HAPPENINGS, TIMED, Brief, Happening, Timed

if TYPE_CHECKING:
    from battles.loading import Dataset


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
    forms = Forms.kept_in("timeline", "timeline")

    period: Period  # what the timeline covers: an open end resolved to the data's extent
    battles: list[Brief]  # the battles whose own span overlaps the period (the chart)
    entries: list[Entry]
    undated: int  # events of those battles the sources give no date for, left out
    total: int = -1  # how many entries there were before a limit; -1: all of them are here
    chart_only: bool = False  # the chart alone was asked for (timeline --chart)
    # For a timeline written as CSV only (see timeline_lines_in): each entry's CSV line, as
    # the cache keeps it, instead of the entries (``entries`` and ``battles`` are then empty).
    lines: list[bytes] = msgspec.field(default_factory=list)

    @property
    def matched(self) -> int:
        if self.total >= 0:
            return self.total
        return len(self.entries) if self.entries else len(self.lines)


def chart_only(line: Timeline) -> Timeline:
    """The timeline as its chart alone: no entries, and no word of them."""
    return msgspec.structs.replace(line, entries=[], total=-1, undated=0, chart_only=True)


def first_entries(line: Timeline, count: int | None) -> Timeline:
    """The timeline's first ``count`` entries (all of them for None), saying how many there
    were; the chart keeps every battle of the period."""
    if count is None:
        return line
    return msgspec.structs.replace(
        line, entries=line.entries[:count], lines=line.lines[:count], total=line.matched
    )


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


def timeline_lines_in(
    dataset: Dataset,
    names: Sequence[str],
    kinds: Sequence[str],
    period: Period | None = None,
    *,
    context: bool = False,
) -> Timeline:
    """:func:`timeline_in` for a timeline written as CSV only: the lines of its entries in
    its order (``Timeline.lines``), from what each record's digest keeps of them
    (``digest.Timed``), with no entry made and no date decoded. The period and the
    number of undated events are the only other things it says (the period as asked)."""
    from battles.questions import filters

    if names or kinds:
        found = filters.chosen(dataset, names, kinds)  # in the order given, or by date
        records: list[Timed] = dataset.digests(TIMED, found)
        # As timeline() sorts them: by start and name, then in the order given.
        records.sort(key=attrgetter("rank"))
    else:  # every record: in date order (start, end, name), then by start and name
        records = sorted(dataset.digests(TIMED), key=attrgetter("last"))
        records.sort(key=attrgetter("rank"))
    lines, undated = timed_lines(records, period or Period(), context=context)
    return Timeline(period or Period(), [], [], undated, lines=lines)


def timed_lines(
    records: Sequence[Timed], period: Period, *, context: bool = False
) -> tuple[list[bytes], int]:
    """The CSV lines of the timeline of ``records`` (in the battles' order, see
    :func:`timeline`) over ``period``, and the number of undated events it leaves out:
    the lines :func:`timeline` makes entries of, in the same order. Entries of one place in
    the order (a date's number, then start, event, end) keep the order of their battles
    and, in a battle, of its record: each goes to the end of its place's list."""
    first = period.first_number()
    last = period.last_number()
    shown = [r for r in records if r.first_day <= last and r.last_day >= first]
    if not context and shown:  # context events only within the battles' span
        first_context = max(first, min(r.first_day for r in shown))
        last_context = min(last, max(r.last_day for r in shown))
    elif not context:
        first_context, last_context = OPEN_END, -OPEN_END  # no battle: no context event
    else:
        first_context, last_context = first, last
    places: defaultdict[int, list[bytes]] = defaultdict(list)
    undated = 0
    for record in records:
        if record.first_day <= last and record.last_day >= first:
            undated += record.undated
            if record.start_last >= first:
                places[record.start_order].append(record.start_line)
            if record.end_line and record.end_first <= last and record.end_last >= first:
                places[record.end_order].append(record.end_line)
        if not record.orders:
            continue
        # Where every event of the record is in the period (or none is), all are taken (or
        # left) at once; else each event is looked at.
        plain = record.low > record.high or (first <= record.low and record.high <= last)
        background = record.context_low > record.context_high or (
            first_context <= record.context_low and record.context_high <= last_context
        )
        if plain and background:
            # Each line to the end of its place's list, in one pass in C.
            any(map(list.append, map(places.__getitem__, record.orders), record.lines))
            continue
        if (record.low > record.high or record.high < first or record.low > last) and (
            record.context_low > record.context_high
            or record.context_high < first_context
            or record.context_low > last_context
        ):
            continue
        wide = record.wide
        spans = {wide[n]: (wide[n + 1], wide[n + 2]) for n in range(0, len(wide), 3)}
        for n, (order, line, background_event) in enumerate(
            zip(record.orders, record.lines, record.context, strict=True)
        ):
            low, high = (first_context, last_context) if background_event else (first, last)
            day = order >> 2
            event_first, event_last = spans.get(n, (day, day))
            if event_first <= high and event_last >= low:
                places[order].append(line)
    found: list[bytes] = []
    for place in sorted(places):
        found += places[place]
    return found, undated


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
