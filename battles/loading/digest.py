"""What the views read of a record, derived once: ``list``, ``compare`` and ``timeline``, and
the analysis commands (``disputes``, ``sources``, ``people``, ``units``).

A record is large (prose, unit trees, every source); a view reads a small part of it. Each
part here is derived from the record by one function, so the cache can keep it (see
:mod:`battles.cache`) and a dataset of ten thousand records is read in one decode per view.
Whether a digest comes from the cache or straight from a record, it is the same digest.

Digests (like dates, figures and timeline entries) are structs with ``gc=False``: they hold
only text, numbers and other such structs, never a cycle, so the garbage collector need not
track the hundreds of thousands a large dataset decodes.
"""

import math
from collections.abc import Callable, Sequence
from typing import Any, Literal

import msgspec

from battles import model
from battles.dates import PartialDate
from battles.figures import Figure, Part
from battles.loading import csvtext
from battles.loading.plain import summary_data
from battles.tally import (
    LOSS_COLUMNS,
    Breakdown,
    battle_losses,
    battle_strength,
    breakdown,
    civilian_losses,
)
from battles.text import normalise


class SideTag(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A side as ``list --winner`` and ``--role`` read it (schema version 2)."""

    id: str
    role: str | None
    result: str | None
    names: tuple[str, ...]  # the side's name, belligerents and commanders


class Brief(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A record in one line: what ``list`` shows and filters on, what ``compare`` and
    ``timeline`` name a battle by, and what ``show`` lists of a record's parts."""

    key: str
    name: str
    sort_name: str  # the name as lookups compare it (see text.normalise)
    kind: str
    start: PartialDate
    end: PartialDate | None
    end_unknown: bool
    place: str
    places: tuple[str, ...]  # the place's name, territory, country and region
    result: str | None
    sides: tuple[str, ...]  # the sides' names
    people: tuple[str, ...]  # belligerents, side names and every commander's name
    part_of: tuple[str, ...]
    date_source: tuple[str, ...]
    casualties: Figure | None  # all sides' losses added up (see tally.battle_losses)
    strength: Figure | None
    civilians: Figure | None
    # Schema version 2: the sides' roles and results, the winner (a side id or "none"),
    # and the words ``list --where`` matches (see battles.conditions.where_words).
    tags: tuple[SideTag, ...] = ()
    winner: str | None = None
    where: tuple[str, ...] = ()
    fighting: tuple[float, float] | None = None  # v2: days of active fighting (duration)

    @property
    def last(self) -> PartialDate:
        return self.end if self.end is not None else self.start

    def winning_side(self) -> SideTag | None:
        return next((t for t in self.tags if t.id == self.winner), None)


class SideFigures(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """One side's losses (None: not stated) and strength, as the tally gives them."""

    name: str
    losses: Breakdown | None
    strength: Figure | None
    role: str | None = None  # v2: attacker or defender
    result: str | None = None  # v2: the side's result (victory, defeat...)
    belligerents: tuple[str, ...] = ()  # as the record spells them (stats --by belligerent)
    # v2: tanks, guns... the side had and lost, each labelled; never added to the men
    equipment: tuple[Part, ...] = ()
    lost: tuple[Part, ...] = ()
    # The side's rows in ``compare --format csv``, of its losses and of its strength, as
    # CSV lines (see loading.csvtext): made once, so that a comparison formats no figure.
    # Empty in a phase (its rows are written as they are made).
    losses_line: str = ""
    strength_line: str = ""


class PhaseFigures(msgspec.Struct, frozen=True, array_like=True, gc=False):
    name: str
    sides: tuple[SideFigures, ...]
    civilians: Breakdown | None


class Forces(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """What ``compare`` reads: the figures of each side, of the civilians, of all sides
    together where a source gives only that, and of each side in each phase."""

    sides: tuple[SideFigures, ...]
    phases: tuple[PhaseFigures, ...]
    civilians: Breakdown | None
    together: Breakdown | None  # the record's losses of all sides together
    civilians_line: str = ""  # the rows of those two in compare's CSV (see SideFigures)
    together_line: str = ""


class Happening(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """An event as ``timeline`` reads it: its side by name, its date as a number."""

    order: int  # the date's number (see PartialDate.number); 0 without a date
    date: PartialDate | None
    end: PartialDate | None
    text: str
    when: str | None
    side: str | None
    source: tuple[str, ...]
    context: bool
    line: str = ""  # the event's line in ``timeline --format csv`` (see loading.csvtext)


def _side_people(side: model.Side) -> list[str]:
    found: list[str] = [*side.belligerents, side.name]
    stack = list(side.commanders)
    while stack:
        commander = stack.pop()
        found.append(commander.name)
        stack.extend(commander.subordinates)
    return found


class Claim(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """One source's version: a figure's text or a dating, with the sources that give it."""

    shown: str
    source: tuple[str, ...]
    titles: tuple[str, ...]
    note: str | None = None
    figure: Figure | None = None


DisputeKind = Literal["disagreement", "figure", "dating"]


class Said(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """One dispute of a record (see ``questions.disputes.Dispute``, which adds the battle)."""

    kind: DisputeKind
    field: str  # the topic of a disagreement, the field of a figure, "dates"
    text: str | None  # what the record says of it
    source: tuple[str, ...]
    titles: tuple[str, ...]
    claims: tuple[Claim, ...] = ()


class Cited(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """One source of a record, with how many of its fields cite it and how many of its
    figures it supports (see ``questions.sources``)."""

    key: str  # the title as sources are matched across records ("" when there is an address)
    title: str
    url: str | None
    file: str | None
    citations: int
    figures: int
    fields: tuple[str, ...] = ()  # only when asked for (one battle), never in the cache


class Commanded(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A commander of a record (see ``questions.people.Appearance``, which adds the battle)."""

    name: str
    key: str  # the name as lookups compare it (see text.normalise)
    side: str
    role: str | None
    fate: str | None
    under: str | None
    source: tuple[str, ...]


class Posted(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A unit of a record (see ``questions.units.UnitAppearance``, which adds the battle)."""

    name: str
    key: str  # the name as lookups compare it (see text.normalise)
    side: str
    within: tuple[str, ...]  # the units above it, outermost first
    strength: Figure | None
    note: str | None
    source: tuple[str, ...]


def _people(record: model.Record) -> tuple[str, ...]:
    return tuple(name for side in record.sides for name in _side_people(side))


def _tags(record: model.Record) -> tuple[SideTag, ...]:
    if not any(s.role or s.result for s in record.sides) and not (
        record.result and record.result.winner
    ):
        return ()  # a version 1 record: nothing to filter on
    return tuple(
        SideTag(side.id, side.role, side.result, tuple(_side_people(side))) for side in record.sides
    )


def brief(record: model.Record) -> Brief:
    from battles.conditions import where_words  # only when a brief is made, not read

    place = record.place
    return Brief(
        key=record.key,
        name=record.name,
        sort_name=normalise(record.name),
        kind=record.kind,
        start=record.start,
        end=record.end,
        end_unknown=record.end_unknown,
        place=place.name,
        places=tuple(t for t in (place.name, place.territory, place.country, place.region) if t),
        result=record.result.text if record.result else None,
        sides=tuple(side.name for side in record.sides),
        people=_people(record),
        part_of=record.part_of,
        date_source=record.date_source,
        casualties=battle_losses(record),
        strength=battle_strength(record),
        civilians=civilian_losses(record),
        tags=_tags(record),
        winner=record.result.winner if record.result else None,
        where=where_words(record),
        fighting=_days(record.duration),
    )


DateKey = str  # what ``list`` sorts by in date order: start, end and name, as one text

NUMBER_SHIFT = 10**9  # a date's number plus this is positive (see PartialDate.number)
NUMBER_WIDTH = 10  # and has this many digits


def sortable(number: int) -> str:
    """A date's number as text of one width that sorts as the numbers do (years have four
    digits in either era: every number lies within ``NUMBER_SHIFT`` of 0)."""
    return f"{number + NUMBER_SHIFT:0{NUMBER_WIDTH}d}"


def date_key(made: Brief) -> DateKey:
    """A brief's place in date order (see ``questions.filters``: the sort key of "date",
    start, end, name) as one text: the two dates' numbers in fixed width, then the name.
    Texts sort as those tuples do, and a list of 10,000 sorts in a quarter of the time."""
    return sortable(made.start.number) + sortable(made.last.number) + made.sort_name


LISTED_INDENT = b"    "  # a record's entry lies at this depth in the document of a listing


def listed_entry(made: Brief) -> bytes:
    """The record's entry in ``list --format json`` as JSON text, indented as it lies in
    the document (see ``render.listing``): made once, with the brief, so that a listing
    formats no figure and no date, and decodes no brief."""
    text = msgspec.json.format(msgspec.json.encode(summary_data(made)), indent=2)
    return LISTED_INDENT + text.replace(b"\n", b"\n" + LISTED_INDENT)


def date_order(record: model.Record) -> DateKey:
    return date_key(brief(record))


def listed(record: model.Record) -> bytes:
    return listed_entry(brief(record))


def _days(duration: model.Duration | None) -> tuple[float, float] | None:
    """The days of active fighting a record gives (``duration``), low and high, each day
    begun counted whole (five hours of fighting are one day's losses, not a fifth of one)."""
    if duration is None:
        return None
    low, high = duration.hours()
    return (float(max(1, math.ceil(low / 24))), float(max(1, math.ceil(high / 24))))


def _equipment(items: Sequence[model.Equipment | model.EquipmentLoss]) -> tuple[Part, ...]:
    """Equipment as labelled figures: "tanks (initial)", "tanks destroyed"."""
    found = []
    for item in items:
        label = item.name
        if isinstance(item, model.EquipmentLoss):
            label = f"{label} {item.fate}"
        elif item.counts:
            label = f"{label} ({item.counts})"
        found.append(Part(label, item.value))
    return tuple(found)


def _loss_line(
    battle: tuple[str, str],
    label: str,
    kind: str,
    losses: Breakdown | None,
    strength: Figure | None = None,
    role: str | None = None,
    result: str | None = None,
) -> str:
    """A row of losses in ``compare --format csv`` (see csvtext.compare_cells)."""
    if losses is None:
        figures: list[Figure | None] = [None] * len(LOSS_COLUMNS)
    else:
        figures = [losses.column(c) for c in LOSS_COLUMNS]
    other = losses.other if losses is not None else ()
    cells = csvtext.compare_cells(
        battle, None, label, kind, figures, figures[-1], other, strength, role, result
    )
    return csvtext.compare_line(cells, len(LOSS_COLUMNS))


def _strength_line(battle: tuple[str, str], side: model.Side) -> str:
    """A side's row in ``compare --strength --format csv``."""
    cells = csvtext.compare_cells(
        battle,
        None,
        side.name,
        "side",
        [side.strength],
        None,
        None,
        side.strength,
        side.role,
        side.result,
    )
    return csvtext.compare_line(cells, 1)


def forces(record: model.Record) -> Forces:
    names = {side.id: side.name for side in record.sides}
    roles = {side.id: side.role for side in record.sides}
    battle = (record.key, record.name)
    civilians = breakdown(record.civilians, civilians=True)
    together = breakdown(record.losses)
    sides = []
    for side in record.sides:
        losses = breakdown(side.casualties)
        sides.append(
            SideFigures(
                side.name,
                losses,
                side.strength,
                side.role,
                side.result,
                tuple(side.belligerents),
                _equipment(side.equipment),
                _equipment(side.casualties.equipment if side.casualties else ()),
                _loss_line(
                    battle, side.name, "side", losses, side.strength, side.role, side.result
                ),
                _strength_line(battle, side),
            )
        )
    return Forces(
        sides=tuple(sides),
        phases=tuple(
            PhaseFigures(
                phase.name,
                tuple(
                    SideFigures(
                        names.get(ps.side, ps.side),
                        breakdown(ps.casualties),
                        ps.strength,
                        roles.get(ps.side),
                    )
                    for ps in phase.sides
                ),
                breakdown(phase.civilians, civilians=True),
            )
            for phase in record.phases
        ),
        civilians=civilians,
        together=together,
        civilians_line=_loss_line(battle, csvtext.CIVILIANS, "civilians", civilians)
        if civilians is not None
        else "",
        together_line=_loss_line(battle, csvtext.TOGETHER, "together", together)
        if together is not None
        else "",
    )


def happenings(record: model.Record) -> tuple[Happening, ...]:
    names = {side.id: side.name for side in record.sides}
    battle = (record.key, record.name)
    found = []
    for event in record.events:
        side = names.get(event.side) if event.side else None
        date = event.date
        line = (
            csvtext.timeline_line(
                csvtext.dated(date, event.end),
                battle,
                "event",
                event.text,
                event.when,
                side,
                event.source,
                event.context,
            )
            if date is not None
            else ""
        )
        found.append(
            Happening(
                date.number if date is not None else 0,
                date,
                event.end,
                event.text,
                event.when,
                side,
                event.source,
                event.context,
                line,
            )
        )
    return tuple(found)


class Timed(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A record as ``timeline --format csv`` reads it (see ``questions.timeline``): the
    battle's dates as numbers, the lines of its start, end and dated events as UTF-8 bytes
    (each the line :class:`Happening` keeps) with their places in the timeline's order, and
    the bounds of its events' dates, so that a period takes or leaves a record's events
    whole without a look at each one."""

    rank: str  # the start's number in fixed width, then the name: the battles' order
    last: int  # the number of the end (else the start): after ``rank``, the battles' order
    first_day: int  # the first day of the start (PartialDate.first_number)
    start_last: int  # the last day of the start
    last_day: int  # the last day of the end (else of the start)
    end_first: int  # the first and last day of the end, when it has an entry of its own
    end_last: int
    start_line: bytes  # the start's entry
    end_line: bytes  # the end's; empty: no end, or the same date as the start
    start_order: int  # their places in the timeline's order: the start's number × 4, the
    end_order: int  # end's × 4 + 2 (between them, an event's: its date's number × 4 + 1)
    undated: int  # events without a date (left out, counted)
    # Of the dated events: the first and last days of the ones that are not context and
    # of the ones that are (first > last: there are none).
    low: int
    high: int
    context_low: int
    context_high: int
    orders: tuple[int, ...]  # each dated event's place: its date's number × 4 + 1
    lines: tuple[bytes, ...]
    context: bytes  # a byte per dated event: 1 for a context event, else 0
    # The dated events whose days are not just the day of their number (a month, a span):
    # their index, first and last day, three numbers each.
    wide: tuple[int, ...] = ()


NO_DAYS = (10**9, -(10**9))  # the bounds of no days at all (first > last)


def timed_of(made: Brief, events: Sequence[Happening]) -> Timed:
    """The record's :class:`Timed`, from its brief and its events (their kept lines)."""
    start = made.start
    end = made.end if made.end is not None and made.end != made.start else None
    battle = (made.key, made.name)

    def own_line(date: PartialDate, kind: str, text: str) -> bytes:
        line = csvtext.timeline_line(
            csvtext.dated(date, None), battle, kind, text, None, None, made.date_source, False
        )
        return line.encode("utf-8")

    orders: list[int] = []
    lines: list[bytes] = []
    flags = bytearray()
    wide: list[int] = []
    plain, background = list(NO_DAYS), list(NO_DAYS)
    undated = 0
    for event in events:
        date = event.date
        if date is None:
            undated += 1
            continue
        # The days the timeline compares with a period (see questions.timeline.timeline).
        if date.day and event.end is None:
            first = last = event.order
        else:
            first, last = date.first_number(), (event.end or date).last_number()
        if first != event.order or last != event.order:
            wide += (len(orders), first, last)
        bounds = background if event.context else plain
        bounds[0], bounds[1] = min(bounds[0], first), max(bounds[1], last)
        orders.append(event.order * 4 + 1)
        lines.append(event.line.encode("utf-8"))
        flags.append(event.context)
    return Timed(
        rank=sortable(start.number) + made.sort_name,
        last=made.last.number,
        first_day=start.first_number(),
        start_last=start.last_number(),
        last_day=made.last.last_number(),
        end_first=end.first_number() if end is not None else 0,
        end_last=end.last_number() if end is not None else 0,
        start_line=own_line(start, "start", f"{made.name} begins"),
        end_line=own_line(end, "end", f"{made.name} ends") if end is not None else b"",
        start_order=start.number * 4,
        end_order=end.number * 4 + 2 if end is not None else 0,
        undated=undated,
        low=plain[0],
        high=plain[1],
        context_low=background[0],
        context_high=background[1],
        orders=tuple(orders),
        lines=tuple(lines),
        context=bytes(flags),
        wide=tuple(wide),
    )


def timed(record: model.Record) -> Timed:
    return timed_of(brief(record), happenings(record))


class Compared(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A record's rows of ``compare --format csv`` as UTF-8 bytes (the lines :class:`Forces`
    keeps), in the order a comparison by side lists them: ``casualties`` each side's losses,
    then all sides together, then the civilians (the ones the record gives);
    ``strength`` each side's strength; ``civilians`` the civilians' row alone (empty: none)."""

    casualties: tuple[bytes, ...]
    strength: tuple[bytes, ...]
    civilians: bytes


def compared_of(made: Forces) -> Compared:
    rows = [side.losses_line for side in made.sides]
    if made.together is not None:
        rows.append(made.together_line)
    if made.civilians is not None:
        rows.append(made.civilians_line)
    return Compared(
        tuple(row.encode("utf-8") for row in rows),
        tuple(side.strength_line.encode("utf-8") for side in made.sides),
        made.civilians_line.encode("utf-8") if made.civilians is not None else b"",
    )


def compared(record: model.Record) -> Compared:
    return compared_of(forces(record))


def disputes(record: model.Record) -> tuple[Said, ...]:
    from battles.questions.disputes import record_disputes

    return record_disputes(record)


def sources(record: model.Record) -> tuple[Cited, ...]:
    from battles.questions.sources import record_sources

    return record_sources(record)


def people(record: model.Record) -> tuple[Commanded, ...]:
    from battles.questions.people import record_people

    return record_people(record)


def units(record: model.Record) -> tuple[Posted, ...]:
    from battles.questions.units import record_units

    return record_units(record)


class KeptLines(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A record's rows of ``people`` (or of ``units``) as ``--format csv`` writes them, in
    the order of its digest of them: each row's name as lookups compare it, and its line
    (UTF-8, with its line break). Every row of ten thousand records is then written sorted
    with no row made and no field formatted (see ``questions.joined.Kept``)."""

    keys: tuple[str, ...]
    lines: tuple[bytes, ...]


def battle_fields(start: PartialDate, key: str, name: str) -> str:
    """A battle's three fields in a line of ``people`` or ``units``: start, id, name."""
    return f"{start.iso()},{key},{csvtext.csv_field(name)}"


def kept_people(battle: str, found: Sequence[Commanded]) -> KeptLines:
    """The lines of ``people --format csv`` (see ``render.people.PEOPLE_COLUMNS``) of a
    record's commanders, its ``battle`` fields (see :func:`battle_fields`) in each."""
    field = csvtext.csv_field
    return KeptLines(
        tuple(c.key for c in found),
        tuple(
            f"{field(c.name)},{battle},{field(c.side)},{field(c.role)},{field(c.fate)},"
            f"{field(c.under)}\n".encode()
            for c in found
        ),
    )


def kept_units(battle: str, found: Sequence[Posted]) -> KeptLines:
    """The lines of ``units --format csv`` (see ``render.units.UNITS_COLUMNS``) of a
    record's units, its ``battle`` fields (see :func:`battle_fields`) in each."""
    field, figure = csvtext.csv_field, csvtext.figure_fields
    return KeptLines(
        tuple(u.key for u in found),
        tuple(
            f"{field(u.name)},{battle},{field(u.side)},{field(' > '.join(u.within))},"
            f"{figure(u.strength)}\n".encode()
            for u in found
        ),
    )


def people_lines(record: model.Record) -> KeptLines:
    return kept_people(battle_fields(record.start, record.key, record.name), people(record))


def unit_lines(record: model.Record) -> KeptLines:
    return kept_units(battle_fields(record.start, record.key, record.name), units(record))


SEARCHED_NOT = frozenset(
    {"id", "source", "date_source", "url", "file", "side", "schema_version", "kind"}
)  # the fields whose text search leaves out (ids, references, fixed words)


_SINGULAR = {
    "sides": "side",
    "units": "unit",
    "commanders": "commander",
    "subordinates": "commander",
    "events": "event",
    "phases": "phase",
    "notes": "note",
    "aliases": "alias",
    "sources": "source",
    "disagreements": "disagreement",
    "belligerents": "belligerent",
    "estimates": "estimate",
    "parts": "part",
    "other": "loss",
    "date_estimates": "dating",
    "part_of": "part of",
}
_NUMBERED = frozenset({"events", "phases", "notes", "disagreements", "sources"})
_CITES = frozenset(model.CITE_FIELDS)  # lists of source ids: no text search reads
_NOT_WALKED = (Figure, PartialDate)  # single values: their texts are not searched


def texts(record: model.Record) -> tuple[tuple[str, str, str], ...]:
    """Every text ``search`` reads in a record: the field as a reader names it, its path,
    and the text; what a search reads without decoding the record. A field is named as a
    reader says it: ``sides[0].units[2].units[1].name`` is "Partisans › unit Rasina
    Detachment › unit 2nd Company › name"; events and phases are numbered from 1.

    One walk of the record, in :func:`battles.loading.traverse.texts`'s order (fields in
    their order, parents before children), carries each value's path and name down to its
    children, so no text's name is worked out again from the record's root."""
    found: list[tuple[str, str, str]] = []
    _struct_texts(record, "", None, None, None, found)
    return tuple(found)


def _joined(shown: str | None, part: str) -> str:
    """A name of a field and the part after it (None: the record's root, named by none)."""
    return part if shown is None else f"{shown} › {part}"


def _struct_texts(
    value: Any,
    path: str,
    shown: str | None,
    shown_last: str | None,
    item_of: str | int | None,
    found: list[tuple[str, str, str]],
) -> None:
    """The texts of a struct at ``path``, named ``shown`` by the fields above it.
    ``item_of`` is what holds the struct when it is an item of a list (the list's field,
    or the place of the list in a list), ``shown_last`` its name when its own ``name`` is
    the text named (a commander's name is "commander", not "commander Tito")."""
    dot = f"{path}." if path else ""
    for name, label, left_out in _text_fields(value.__class__):
        item = getattr(value, name)
        cls = item.__class__
        if cls is str:
            if left_out:
                continue
            named: str | None
            if item_of is None or name not in ("name", "text"):
                named = _joined(shown, label)
            elif item_of == "sides":  # a side's name stays "Partisans › name"
                named = _joined(shown_last if name == "name" else shown, name)
            else:  # "event 2" says enough for its text, "commander" for its name
                named = shown_last if name == "name" else shown
            found.append((named or "record", dot + name, item))
        elif cls is tuple:
            if item and name not in _CITES:
                _list_texts(item, dot + name, shown, name, name, found)
        elif isinstance(item, msgspec.Struct) and not isinstance(item, _NOT_WALKED):
            inner = _joined(shown, label)
            _struct_texts(item, dot + name, inner, inner, None, found)


_TEXT_FIELDS: dict[type, tuple[tuple[str, str, bool], ...]] = {}


def _text_fields(struct: type) -> tuple[tuple[str, str, bool], ...]:
    """The fields of a struct class that may hold text, in order, each with its name as a
    reader says it and whether search leaves its text out (worked out once per class):
    not those of numbers, dates or figures alone."""
    found = _TEXT_FIELDS.get(struct)
    if found is None:
        from battles.loading.schema_errors import _struct_fields

        found = _TEXT_FIELDS[struct] = tuple(
            (name, name.replace("_", " "), name in SEARCHED_NOT)
            for name, tp in _struct_fields(struct).items()
            if _may_hold_text(tp)
        )
    return found


_NO_TEXT = (int, float, bool, type(None), PartialDate, Figure)


def _may_hold_text(tp: Any) -> bool:
    """Whether a value of type ``tp`` may be, or hold, a text :func:`texts` reads (any type
    not known here may)."""
    from typing import get_args, get_origin

    from battles.loading.schema_errors import _unwrap

    for t in _unwrap(tp):
        if get_origin(t) is tuple:
            if any(_may_hold_text(arg) for arg in get_args(t) if arg is not Ellipsis):
                return True
        elif t not in _NO_TEXT:
            return True
    return False


def _list_texts(
    items: tuple[Any, ...],
    path: str,
    shown: str | None,
    holder: str | int,
    field: str,
    found: list[tuple[str, str, str]],
    shown_last: str | None = None,
) -> None:
    """The texts of a list at ``path``, named ``shown``: the value of the field ``holder``
    (or an item of another list, at place ``holder``, whose name is ``shown_last`` when a
    struct's ``name`` in it is the text named); ``field`` is the last field of the path."""
    named = isinstance(holder, str)
    label = _SINGULAR.get(holder, holder.replace("_", " ")) if isinstance(holder, str) else ""
    for index, item in enumerate(items):
        at = f"{path}[{index}]"
        if not named:  # a list in a list: its place adds nothing to the name
            item_shown, item_last, text_name = shown, shown_last, shown
        else:
            name = getattr(item, "name", None)
            numbered = f"{label} {index + 1}" if holder in _NUMBERED else label
            if not isinstance(name, str):
                item_shown = item_last = _joined(shown, numbered)
            elif holder == "sides":
                item_shown = item_last = _joined(shown, name)
            else:
                item_shown = _joined(shown, f"{label} {name}")
                item_last = _joined(shown, numbered)  # when its name is the text named
            text_name = item_last
        cls = item.__class__
        if cls is str:
            if field not in SEARCHED_NOT:
                found.append((text_name or "record", at, item))
        elif cls is tuple:
            _list_texts(item, at, item_shown, index, field, found, text_name)
        elif isinstance(item, msgspec.Struct) and not isinstance(item, _NOT_WALKED):
            _struct_texts(item, at, item_shown, item_last, holder, found)


SEPARATOR = "\0"  # between the texts of ``Searched.plain``: no word holds it


class Searched(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """What ``search`` reads of a record: its texts (see :func:`texts`), each as msgpack
    bytes that are decoded only when a word is found in it, and their plain forms (as
    ``search`` compares them: an ASCII text in lower case, another one normalised) in one
    string, joined by :data:`SEPARATOR`: the words of a query are looked for in that one
    string, not in each text."""

    plain: str
    items: msgspec.Raw  # a msgpack array: each text's (field, path, text)


def plain_form(text: str) -> str:
    """A text as ``search`` compares it: in lower case when it is ASCII (a word holds no
    separator, so lower case finds what normalising would), else normalised."""
    found = text.lower() if text.isascii() else normalise(text)
    return found.replace(SEPARATOR, " ")  # a word holds neither


def _plain(found: tuple[tuple[str, str, str], ...]) -> str:
    return SEPARATOR.join(plain_form(value) for _, _, value in found)


def _searched(found: tuple[tuple[str, str, str], ...], plain: str) -> Searched:
    from battles.loading.cache import encode

    return Searched(plain, msgspec.Raw(encode(found)))


def _words(plain: str) -> str:
    """The index's words of a record whose texts' plain forms are ``plain`` (see
    :func:`words`)."""
    return " ".join(sorted(set(plain.replace(SEPARATOR, " ").split())))


def searched(record: model.Record) -> Searched:
    found = texts(record)
    return _searched(found, _plain(found))


def words(record: model.Record) -> str:
    """The words of the texts ``search`` reads (see :func:`texts`) in their plain forms
    (see :func:`plain_form`), each once, joined by spaces: what the index of words keeps
    (see ``questions.search``). A word of a query holds no space (it is normalised), so
    when a text's plain form holds it, one of these words does: the index lets through
    every record ``search`` can find (and a few more: a word here may hold punctuation)."""
    return _words(_plain(texts(record)))


# Each digest's type and the function that derives it, in ``cache.REGIONS`` order.
BRIEF, FORCES, HAPPENINGS, DISPUTES, SOURCES, PEOPLE, UNITS, WORDS, TEXTS, ORDER, LISTED = range(11)
PEOPLE_LINES, UNIT_LINES, TIMED, COMPARED = 11, 12, 13, 14
REGIONS: tuple[tuple[Any, Callable[[model.Record], Any]], ...] = (
    (Brief, brief),
    (Forces, forces),
    (tuple[Happening, ...], happenings),
    (tuple[Said, ...], disputes),
    (tuple[Cited, ...], sources),
    (tuple[Commanded, ...], people),
    (tuple[Posted, ...], units),
    (str, words),
    (Searched, searched),
    (DateKey, date_order),
    (bytes, listed),
    (KeptLines, people_lines),
    (KeptLines, unit_lines),
    (Timed, timed),
    (Compared, compared),
)


def derive_all(record: model.Record) -> tuple[Any, ...]:
    """Every digest of a record, in :data:`REGIONS` order (its brief made once, its texts
    walked once for the index of words and the texts search reads)."""
    made = brief(record)
    found: list[Any] = [made]
    for region, (_, derive) in enumerate(REGIONS[1:], 1):
        if region == ORDER:
            found.append(date_key(made))
        elif region == LISTED:
            found.append(listed_entry(made))
        elif region == TIMED:
            found.append(timed_of(made, found[HAPPENINGS]))
        elif region == COMPARED:
            found.append(compared_of(found[FORCES]))
        elif region == WORDS:
            read = texts(record)
            plain = _plain(read)
            found += [_words(plain), _searched(read, plain)]
        elif region != TEXTS:
            found.append(derive(record))
    return tuple(found)
