"""Questions a historian and a wargamer ask of the dataset: ratios of forces and losses,
disputes between sources, the sources themselves, people and units, statistics by group,
and citations. Queries return data (no Typer, no Rich); every figure is the tally's.

Record format version 1 names no attacker and no defender: a ratio is the first side's
figure over the second side's, and says so.
"""

from __future__ import annotations

import difflib
import functools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import repeat
from operator import add, mul
from typing import TYPE_CHECKING, Any

import msgspec

from battles import model, tally
from battles.answer import Answer, Forms
from battles.belligerents import Belligerents, groups_of
from battles.dates import (
    PartialDate,
    century_label,
    century_start,
    day_number,
    decade_start,
    decade_text,
    format_span,
    year_label,
)
from battles.errors import NotFoundError, UsageError
from battles.figures import Figure, format_figure, format_value
from battles.loading.digest import (
    BRIEF,
    DISPUTES,
    FORCES,
    PEOPLE,
    SOURCES,
    UNITS,
    Brief,
    Cited,
    Commanded,
    DisputeKind,
    Forces,
    Posted,
    Said,
)
from battles.loading.digest import Claim as Claim  # analysis.Claim, as before
from battles.positions import FieldPath, format_path
from battles.tally import Span
from battles.text import normalise

if TYPE_CHECKING:
    from battles.loading import Dataset
    from battles.questions.filters import ListFilter

ROLES_NOTE = (
    "each ratio is the attacker's figure over the defender's where the record says which "
    "side is which, else the first side's over the second's"
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


# -- durations ---------------------------------------------------------------------------------


def format_wins(won: int, of: int) -> str | None:
    """How often the attacker won: "3 of 4 (75%)"; None where no record says."""
    if not of:
        return None
    return f"{won:,} of {of:,} ({round(100 * won / of)}%)"


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


# -- ratios ------------------------------------------------------------------------------------


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
    forms = Forms.split("analysis_terminal", "analysis_data", "ratios")

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
        pair = _by_role(forces)
        one, two = pair or (forces.sides[0], forces.sides[1])
        s1, s2 = tally.as_whole(one.strength), tally.as_whole(two.strength)
        l1, l2 = _total(one), _total(two)
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


# -- reading whole records ---------------------------------------------------------------------


def records(
    dataset: Dataset, name: str | None = None, flt: ListFilter | None = None
) -> Iterator[tuple[Brief, model.Record]]:
    """The record ``name`` names (by the one lookup), or every record that passes the
    filter in date order, each with its brief; records are decoded one at a time."""
    from battles.questions import filters, lookup

    if name is not None:
        entry = lookup.find(dataset, name)
        yield entry.digest(BRIEF), entry.record
        return
    for n in filters.select(dataset, flt):
        entry = dataset.entry(n)
        yield entry.digest(BRIEF), entry.read()


def digested(
    dataset: Dataset, region: int, name: str | None = None, flt: ListFilter | None = None
) -> Iterator[tuple[Brief, Any]]:
    """As :func:`records`, but each record's digest of ``region`` (see
    :mod:`battles.digest`) in place of the record: what the cache keeps, so that a pass over
    ten thousand records decodes no record."""
    from battles.questions import filters, lookup

    if name is not None:
        entry = lookup.find(dataset, name)
        yield entry.digest(BRIEF), entry.digest(region)
        return
    chosen = filters.select(dataset, flt)
    yield from zip(dataset.digests(BRIEF, chosen), dataset.digests(region, chosen), strict=True)


def battle_of(dataset: Dataset, name: str) -> Brief:
    """The brief of the one record ``name`` names (see lookup.find)."""
    from battles.questions import lookup

    brief: Brief = lookup.find(dataset, name).digest(BRIEF)
    return brief


_LEAVES = frozenset({str, int, float, bool, type(None), PartialDate})


def _scan(
    record: model.Record,
) -> Iterator[tuple[FieldPath, Figure | None, tuple[str, ...]]]:
    """In one pass over a record, depth first in field order: each citation, as
    ``(path of the cite field, None, the ids)``, and each figure (parts included), as
    ``(path, figure, the sources it cites: its own, else its nearest block's)``. Text and
    dates are never visited (a pass reads ten thousand records)."""
    # (path, value, inherited sources, whether the value is a citation's ids)
    stack: list[tuple[FieldPath, Any, tuple[str, ...], bool]] = [((), record, (), False)]
    pop, push = stack.pop, stack.append
    while stack:
        path, value, inherited, citation = pop()
        if citation:
            yield path, None, value
            continue
        cls = value.__class__
        if cls is Figure:
            own = value.source or inherited
            yield path, value, own
            for i in range(len(value.parts) - 1, -1, -1):
                push(((*path, "parts", i), value.parts[i].figure, own, False))
        elif cls is tuple:
            for i in range(len(value) - 1, -1, -1):
                if value[i].__class__ not in _LEAVES:
                    push(((*path, i), value[i], inherited, False))
        else:  # a struct of the record
            cites = getattr(value, "source", None)
            if cites:
                inherited = cites
            for name in reversed(value.__struct_fields__):
                item = getattr(value, name)
                if name in model.CITE_FIELDS:
                    if item:
                        push(((*path, name), item, (), True))
                elif item.__class__ not in _LEAVES and item != ():
                    push(((*path, name), item, inherited, False))


_SCANNED: list[Any] = [None, []]  # the last record scanned, and what _scan found


def _scanned(record: model.Record) -> list[tuple[FieldPath, Figure | None, tuple[str, ...]]]:
    """What :func:`_scan` finds, kept for the last record: the digests of disputes and of
    sources, derived one after the other, read it once."""
    if _SCANNED[0] is not record:
        _SCANNED[:] = [record, list(_scan(record))]
    found: list[tuple[FieldPath, Figure | None, tuple[str, ...]]] = _SCANNED[1]
    return found


def _figures(record: model.Record) -> Iterator[tuple[FieldPath, Figure, tuple[str, ...]]]:
    """Every figure in a record with its path and the sources it cites (see _scan)."""
    for path, fig, cited in _scanned(record):
        if fig is not None:
            yield path, fig, cited


def where(record: model.Record, path: FieldPath) -> str:
    """A field path as a reader says it: ``Attackers · strength``, ``First assault ·
    Defenders · casualties.killed``."""
    if len(path) >= 2 and path[0] == "sides" and isinstance(path[1], int):
        return f"{record.sides[path[1]].name} · {format_path(path[2:])}".rstrip(" ·")
    if len(path) >= 2 and path[0] == "phases" and isinstance(path[1], int):
        phase = record.phases[path[1]]
        rest = path[2:]
        if len(rest) >= 2 and rest[0] == "sides" and isinstance(rest[1], int):
            side = record.side(phase.sides[rest[1]].side)
            label = side.name if side else phase.sides[rest[1]].side
            return f"{phase.name} · {label} · {format_path(rest[2:])}".rstrip(" ·")
        return f"{phase.name} · {format_path(rest)}".rstrip(" ·")
    return format_path(path)


def _titles(record: model.Record, ids: Sequence[str]) -> tuple[str, ...]:
    titles = {source.id: source.title for source in record.sources}
    return tuple(titles.get(i, i) for i in ids)


# -- disputes ----------------------------------------------------------------------------------


class Dispute(msgspec.Struct, frozen=True, gc=False):
    battle: Brief
    kind: DisputeKind
    field: str  # the topic of a disagreement, the field of a figure, "dates"
    text: str | None  # what the record says of it
    source: tuple[str, ...]
    titles: tuple[str, ...]
    claims: tuple[Claim, ...] = ()


class Disputes(Answer, frozen=True):
    forms = Forms.split("analysis_terminal", "analysis_data", "disputes")

    rows: list[Dispute]
    records: int  # how many records were read
    total: int = -1

    @property
    def matched(self) -> int:
        return len(self.rows) if self.total < 0 else self.total


def _claims(record: model.Record, fig: Figure, inherited: tuple[str, ...]) -> tuple[Claim, ...]:
    claims: list[Claim] = []
    if fig.low is not None:
        own = fig.source or inherited
        claims.append(Claim(format_value(fig), own, _titles(record, own), fig.text))
    for estimate in fig.estimates:
        cited = estimate.source or (() if fig.low is not None else fig.source or inherited)
        shown = format_figure(estimate)
        note = " · ".join(t for t in (estimate.text, estimate.note) if t) or None
        claims.append(Claim(shown, cited, _titles(record, cited), note, estimate))
    return tuple(claims)


def record_disputes(record: model.Record) -> tuple[Said, ...]:
    """A record's disputes: its other datings, its figures given as estimates that differ,
    and the disagreements it notes, each version with its sources."""
    rows: list[Said] = []
    if record.date_estimates:
        dated = [
            Claim(
                format_span(record.start, record.end),
                record.date_source,
                _titles(record, record.date_source),
                record.date_text,
            )
        ]
        dated += [
            Claim(
                format_span(e.start, e.end),
                e.source,
                _titles(record, e.source),
                " · ".join(t for t in (e.text, e.note) if t) or None,
            )
            for e in record.date_estimates
        ]
        rows.append(Said("dating", "dates", None, (), (), tuple(dated)))
    for path, fig, cited in _figures(record):
        if fig.estimates:
            rows.append(
                Said(
                    "figure",
                    where(record, path),
                    fig.note,
                    cited,
                    _titles(record, cited),
                    _claims(record, fig, cited),
                )
            )
    for item in record.disagreements:
        rows.append(
            Said("disagreement", item.topic, item.text, item.source, _titles(record, item.source))
        )
    return tuple(rows)


def disputes(items: Iterable[tuple[Brief, model.Record]]) -> Disputes:
    """Every disagreement between sources, every figure given as estimates that differ,
    and every other dating of a record: each version with its sources."""
    return disputes_of((brief, record_disputes(record)) for brief, record in items)


def disputes_in(dataset: Dataset, name: str | None, flt: ListFilter | None) -> Disputes:
    """The disputes of the record ``name`` names, or of every record that passes ``flt``:
    from each record's digest of them (no record is decoded)."""
    return disputes_of(digested(dataset, DISPUTES, name, flt))


def disputes_of(items: Iterable[tuple[Brief, Sequence[Said]]]) -> Disputes:
    """As :func:`disputes`, from each record's digest of them (see :func:`digested`)."""
    rows: list[Dispute] = []
    count = 0
    for brief, said in items:
        count += 1
        rows.extend(
            Dispute(brief, d.kind, d.field, d.text, d.source, d.titles, d.claims) for d in said
        )
    return Disputes(rows, count)


# -- sources -----------------------------------------------------------------------------------


class SourceUse(msgspec.Struct, frozen=True):
    """A source (the same title and address across records is one source) with what it
    supports: the records citing it and each field that cites it."""

    title: str
    url: str | None
    file: str | None
    records: tuple[Brief, ...]
    citations: int  # fields citing it (figures among them)
    figures: int  # figures it supports (cited by them or by their block)
    # With one battle named: each (record id, field as a reader says it) citing it. Across
    # the dataset only the counts are kept (ten thousand records cite a million fields).
    fields: tuple[tuple[str, str], ...] = ()


class Sources(Answer, frozen=True):
    forms = Forms.split("analysis_terminal", "analysis_data", "sources")

    rows: list[SourceUse]
    battle: Brief | None  # the one record named, if one was
    total: int = -1

    @property
    def matched(self) -> int:
        return len(self.rows) if self.total < 0 else self.total


def record_sources(record: model.Record, *, fields: bool = False) -> tuple[Cited, ...]:
    """A record's sources, each with how many of its fields cite it and how many of its
    figures it supports; with ``fields``, the fields too (as a reader says them)."""
    here: dict[str, dict[str, None]] = {src.id: {} for src in record.sources}
    counts: dict[str, int] = dict.fromkeys(here, 0)
    figures: list[tuple[FieldPath, tuple[str, ...]]] = []
    for path, fig, cited in _scanned(record):
        if fig is not None:
            figures.append((path, cited))
            continue
        field = "dates" if path[-1] == "date_source" else where(record, path[:-1]) or "record"
        for ident in cited:
            if ident in here:
                here[ident][field] = None
    for path, cited in figures:  # after the citations
        for ident in dict.fromkeys(cited):
            if ident in here:
                counts[ident] += 1
                here[ident][where(record, path)] = None
    return tuple(
        Cited(
            normalise(src.title) if not src.url else "",
            src.title,
            src.url,
            src.file,
            len(here[src.id]),
            counts[src.id],
            tuple(here[src.id]) if fields else (),
        )
        for src in record.sources
    )


def sources(items: Iterable[tuple[Brief, model.Record]], battle: Brief | None = None) -> Sources:
    """Each source with the records and fields it supports, most used first."""
    keep = battle is not None
    return sources_of(
        ((brief, record_sources(record, fields=keep)) for brief, record in items), battle
    )


def sources_in(dataset: Dataset, flt: ListFilter | None) -> Sources:
    """The sources every record that passes ``flt`` cites, from their digests."""
    return sources_of(digested(dataset, SOURCES, None, flt))


def sources_of(
    items: Iterable[tuple[Brief, Sequence[Cited]]], battle: Brief | None = None
) -> Sources:
    """As :func:`sources`, from each record's digest of them (see :func:`digested`); with
    ``battle``, the digests carry their fields (see :func:`record_sources`)."""
    found: dict[tuple[str, str | None, str | None], dict[str, Any]] = {}
    for brief, cited in items:
        for src in cited:
            entry = found.get((src.key, src.url, src.file))
            if entry is None:
                entry = found[src.key, src.url, src.file] = {
                    "source": src,
                    "records": {},
                    "fields": {},
                    "citations": 0,
                    "figures": 0,
                }
            entry["records"][brief.key] = brief
            entry["citations"] += src.citations
            entry["figures"] += src.figures
            if src.fields:
                entry["fields"].update(dict.fromkeys((brief.key, f) for f in src.fields))
    rows = [
        SourceUse(
            entry["source"].title,
            entry["source"].url,
            entry["source"].file,
            tuple(entry["records"].values()),
            entry["citations"],
            entry["figures"],
            tuple(entry["fields"]),
        )
        for entry in found.values()
    ]
    if battle is None:
        # A source's key is its title as lookups compare it, where it has no address.
        titles = [e["source"].key or _normalised(e["source"].title) for e in found.values()]
        by_title = dict(zip(map(id, rows), titles, strict=True))
        rows.sort(key=lambda r: (-len(r.records), -r.citations, by_title[id(r)]))
    return Sources(rows, battle)


# -- people and units --------------------------------------------------------------------------


class Appearance(msgspec.Struct, frozen=True, gc=False):
    """A commander in one battle: side, role, fate, and whom they served under."""

    name: str
    battle: Brief
    side: str
    role: str | None
    fate: str | None
    under: str | None
    source: tuple[str, ...]


class People(Answer, frozen=True):
    forms = Forms.split("analysis_terminal", "analysis_data", "people")

    query: str | None
    rows: Sequence[Appearance]  # a list, or (from people_of) the rows made on demand
    people: int  # how many different people
    total: int = -1

    @property
    def matched(self) -> int:
        return len(self.rows) if self.total < 0 else self.total


class UnitAppearance(msgspec.Struct, frozen=True, gc=False):
    """A unit in one battle: its side, the units it was part of, its strength."""

    name: str
    battle: Brief
    side: str
    within: tuple[str, ...]  # the units above it, outermost first
    strength: Figure | None
    note: str | None
    source: tuple[str, ...]


class Units(Answer, frozen=True):
    forms = Forms.split("analysis_terminal", "analysis_data", "units")

    query: str | None
    rows: Sequence[UnitAppearance]  # a list, or (from units_of) the rows made on demand
    units: int
    total: int = -1

    @property
    def matched(self) -> int:
        return len(self.rows) if self.total < 0 else self.total


def record_people(record: model.Record) -> tuple[Commanded, ...]:
    """A record's commanders, each side's tree depth first."""
    found: list[Commanded] = []
    for side in record.sides:
        stack: list[tuple[model.Commander, str | None]] = [(c, None) for c in side.commanders]
        stack.reverse()
        while stack:
            commander, under = stack.pop()
            found.append(
                Commanded(
                    commander.name,
                    normalise(commander.name),
                    side.name,
                    commander.role,
                    commander.fate,
                    under,
                    commander.source or side.source,
                )
            )
            stack.extend((sub, commander.name) for sub in reversed(commander.subordinates))
    return tuple(found)


def record_units(record: model.Record) -> tuple[Posted, ...]:
    """A record's units, each side's tree depth first."""
    found: list[Posted] = []
    for side in record.sides:
        stack: list[tuple[model.Unit, tuple[str, ...]]] = [(u, ()) for u in reversed(side.units)]
        while stack:
            unit, within = stack.pop()
            found.append(
                Posted(
                    unit.name,
                    normalise(unit.name),
                    side.name,
                    within,
                    unit.strength,
                    unit.note,
                    unit.source or side.source,
                )
            )
            stack.extend((sub, (*within, unit.name)) for sub in reversed(unit.units))
    return tuple(found)


def pick(
    names: Sequence[str], query: str, what: str, normalised: Sequence[str] | None = None
) -> set[str]:
    """The names ``query`` matches, as the battle lookup does: the same name ignoring case,
    accents and separators; else every name with a word that starts with it. None matched:
    :class:`NotFoundError` naming the closest."""
    wanted = normalise(query)
    if not wanted:
        raise NotFoundError(f"give a {what}'s name")
    keys: dict[str, list[str]] = {}
    if normalised is None:
        normalised = [normalise(name) for name in names]
    for name, key in zip(names, normalised, strict=True):
        keys.setdefault(key, []).append(name)
    if wanted in keys:
        return {wanted}
    found = set()
    for key in keys:
        words = key.split(" ")
        if any(" ".join(words[i:]).startswith(wanted) for i in range(len(words))):
            found.add(key)
    if found:
        return found
    close = difflib.get_close_matches(wanted, list(keys), n=3, cutoff=0.6)
    message = f"no {what} matches {query!r}"
    if close:
        message += "; did you mean " + " or ".join(repr(keys[c][0]) for c in close) + "?"
    else:
        message += f"; run `battles {what}s` without a name to see them all"
    raise NotFoundError(message)


class Joined(Sequence[Any]):
    """Rows made on demand, each from a record's digest row (a commander, a unit) and the
    record's brief: row ``n`` is ``parts[order[n]]`` with ``briefs[places[order[n]]]``.
    What ``people`` and ``units`` find across ten thousand records (a third of a million
    rows) is held as the digests' rows, in the records' order, with the order they are
    shown in: the CSV writer reads them column by column, or (every unit) writes each
    line from them in their own order and puts the lines in order after (see
    ``render.analysis_data``), and a row object is made only for a row that is read as one
    (a screenful, JSON)."""

    __slots__ = ("briefs", "make", "order", "parts", "places")

    def __init__(
        self,
        make: Callable[[Any, Brief], Any],
        parts: list[Any],
        places: list[int],
        briefs: list[Brief],
        order: list[int] | None = None,
    ) -> None:
        self.make, self.parts, self.places, self.briefs = make, parts, places, briefs
        self.order = list(range(len(parts))) if order is None else order

    @property
    def every(self) -> bool:
        """Whether the rows are every part (none left out by a name or a cut)."""
        return len(self.order) == len(self.parts)

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, n: Any) -> Any:
        if isinstance(n, slice):
            return Joined(self.make, self.parts, self.places, self.briefs, self.order[n])
        at = self.order[n]
        return self.make(self.parts[at], self.briefs[self.places[at]])

    def __iter__(self) -> Iterator[Any]:
        order = self.order
        briefs = map(self.briefs.__getitem__, map(self.places.__getitem__, order))
        return map(self.make, map(self.parts.__getitem__, order), briefs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Joined | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Joined({list(self)!r})"


def _appearance(c: Commanded, brief: Brief) -> Appearance:
    return Appearance(c.name, brief, c.side, c.role, c.fate, c.under, c.source)


def _unit_appearance(u: Posted, brief: Brief) -> UnitAppearance:
    return UnitAppearance(u.name, brief, u.side, u.within, u.strength, u.note, u.source)


def _joined(
    items: Iterable[tuple[Brief, Sequence[Any]]],
    make: Callable[[Any, Brief], Any],
    query: str | None,
    what: str,
) -> tuple[Joined, int]:
    """Every record's digest rows (commanders, units) in one list, sorted by name and date
    (see :func:`_by_name_and_date`), and how many names they have."""
    parts: list[Any] = []
    places: list[int] = []  # each row's record's place in ``items``
    briefs: list[Brief] = []
    for brief, found in items:
        if found:
            places += [len(briefs)] * len(found)
            parts += found
        briefs.append(brief)
    names = [p.key for p in parts]  # each row's name as lookups compare it
    order, count = _by_name_and_date(parts, names, places, briefs, query, what)
    # The rows stay in the records' order (read in that order, they are read from memory
    # in the order they were made); the order they are shown in is kept beside them.
    return Joined(make, parts, places, briefs, order), count


def people(items: Iterable[tuple[Brief, model.Record]], query: str | None = None) -> People:
    """Every commander with the battles they fought in (side, role, fate), by name and then
    date; with ``query``, the people it names, each career in date order."""
    return people_of(((brief, record_people(record)) for brief, record in items), query)


def people_in(dataset: Dataset, flt: ListFilter | None, query: str | None = None) -> People:
    """The leaders of every record that passes ``flt`` (or those ``query`` names)."""
    return people_of(digested(dataset, PEOPLE, None, flt), query)


def units_in(dataset: Dataset, flt: ListFilter | None, query: str | None = None) -> Units:
    """The units of every record that passes ``flt`` (or those ``query`` names)."""
    return units_of(digested(dataset, UNITS, None, flt), query)


def people_of(
    items: Iterable[tuple[Brief, Sequence[Commanded]]], query: str | None = None
) -> People:
    """As :func:`people`, from each record's digest of them (see :func:`digested`)."""
    rows, count = _joined(items, _appearance, query, "person")
    return People(query, rows, count)


def units(items: Iterable[tuple[Brief, model.Record]], query: str | None = None) -> Units:
    """Every unit in the records' unit trees, where it fought and with what strength, by
    name and then date; with ``query``, the units it names."""
    return units_of(((brief, record_units(record)) for brief, record in items), query)


def units_of(items: Iterable[tuple[Brief, Sequence[Posted]]], query: str | None = None) -> Units:
    """As :func:`units`, from each record's digest of them (see :func:`digested`)."""
    rows, count = _joined(items, _unit_appearance, query, "unit")
    return Units(query, rows, count)


def _by_name_and_date(
    rows: Sequence[Commanded | Posted],
    names: list[str],
    places: list[int],
    briefs: list[Brief],
    query: str | None,
    what: str,
) -> tuple[list[int], int]:
    """The rows (their places) that ``query`` names (all without one), and how many names
    they have; sorted by name, then
    by their battle's start and name, else as they came. Each sort key is one whole
    number: a name's rank among the names, then its record's rank among the records (a
    third of a million rows sort in a tenth of the time tuples of text take)."""
    distinct = sorted(set(names))
    if query is not None:
        first: dict[str, str] = {}
        for row, key in zip(rows, names, strict=True):
            first.setdefault(key, row.name)
        chosen = pick(list(first.values()), query, what, list(first))
        distinct = [key for key in distinct if key in chosen]
    name_rank = {key: n for n, key in enumerate(distinct)}
    dated = sorted(range(len(briefs)), key=lambda n: (briefs[n].start.number, briefs[n].sort_name))
    record_rank = [0] * len(briefs)
    for rank, n in enumerate(dated):
        record_rank[n] = rank
    count = len(briefs)
    if query is None:
        # name_rank[key] * count + record_rank[place] for each row, in maps (no loop here)
        ranks = map(mul, map(name_rank.__getitem__, names), repeat(count))
        keys = list(map(add, ranks, map(record_rank.__getitem__, places)))
        return sorted(range(len(rows)), key=keys.__getitem__), len(distinct)
    keys = [
        name_rank[key] * count + record_rank[place] if key in name_rank else -1
        for key, place in zip(names, places, strict=True)
    ]
    chosen_rows = [n for n in range(len(rows)) if keys[n] >= 0]
    return sorted(chosen_rows, key=keys.__getitem__), len(distinct)


def first_rows(result: Any, count: int | None) -> Any:
    """Any of these results cut to its first ``count`` rows, saying how many there were."""
    if count is None:
        return result
    return msgspec.structs.replace(result, rows=result.rows[:count], total=len(result.rows))


# -- statistics by group -----------------------------------------------------------------------

GROUPINGS: tuple[str, ...] = (
    "year",
    "month",
    "decade",
    "century",
    "kind",
    "part_of",
    "side",
    "belligerent",
    "role",
    "outcome",
    "winner",
    "force_ratio",
    "terrain",
    "weather",
    "season",
    "surprise",
    "air_superiority",
    "posture",
)
# A record may fall in several groups of these.
MANY = ("part_of", "side", "belligerent", "role", "outcome", "terrain", "weather", "posture")
BY_SIDE = ("side", "belligerent", "role", "outcome")  # groups of sides: each side's figures
CONDITIONS = ("terrain", "weather", "season", "surprise", "air_superiority", "posture")
# The attacker's strength over the defender's, in bands as CDB90's users count them: a
# record is in a band only when its whole ratio (a span, from ranges) lies in it.
RATIO_BANDS: tuple[tuple[float, float | None, str], ...] = (
    (0.0, 1.0, "below 1:1"),
    (1.0, 1.5, "1:1 to 1.5:1"),
    (1.5, 2.0, "1.5:1 to 2:1"),
    (2.0, 3.0, "2:1 to 3:1"),
    (3.0, None, "3:1 or more"),
)
SPANS_BANDS = "(ratio spans bands)"
NO_RATIO = "(ratio not known)"
NO_ROLES = "(no attacker and defender)"
STATS_SORTS = ("group", "count", "strength", "losses", "civilians")
NONE_GROUP = "(none)"


Figures = tuple["Figure | None", "Figure | None", "Figure | None"]  # strength, losses, civilians


def _by_role(forces: Forces) -> tuple[Any, Any] | None:
    """The attacker's side and the defender's, where the record says which is which (one
    of each)."""
    attackers = [s for s in forces.sides if s.role == "attacker"]
    defenders = [s for s in forces.sides if s.role == "defender"]
    if len(attackers) != 1 or len(defenders) != 1:
        return None
    return attackers[0], defenders[0]


def force_ratio(forces: Forces) -> Span | None:
    """The attacker's strength over the defender's, as a span (None: no roles, or a
    strength not known)."""
    pair = _by_role(forces)
    if pair is None:
        return None
    return tally.divide(tally.as_whole(pair[0].strength), tally.as_whole(pair[1].strength))


def ratio_band(forces: Forces) -> tuple[int, str]:
    """The band of the force ratio (see RATIO_BANDS) as (order, label)."""
    if _by_role(forces) is None:
        return (len(RATIO_BANDS) + 2, NO_ROLES)
    ratio = force_ratio(forces)
    if ratio is None:
        return (len(RATIO_BANDS) + 1, NO_RATIO)
    low, high = ratio
    for n, (start, stop, label) in enumerate(RATIO_BANDS):
        above = stop is None or (high is not None and high < stop)
        if low >= start and above:
            return (n, label)
    return (len(RATIO_BANDS), SPANS_BANDS)


def attacker_won(brief: Brief) -> bool | None:
    """Whether the attacker won: None where the record names no winner (or no side won
    is not said) or no single attacker; a draw ("none") is not a win."""
    attackers = [t.id for t in brief.tags if t.role == "attacker"]
    if brief.winner is None or len(attackers) != 1:
        return None
    return brief.winner == attackers[0]


def _condition_groups(by: str, brief: Brief) -> list[tuple[tuple[Any, ...], str]]:
    """The values of one condition a record states (``--where``'s words), as groups;
    surprise and air superiority by the role of the side that had it."""
    values = [w.partition("=")[2] for w in brief.where if w.partition("=")[0] == by]
    if by in ("surprise", "air_superiority", "winner"):
        roles = [v for v in values if v in ("attacker", "defender", "none")]
        if values and not roles:
            roles = ["a side without a role"]
        values = roles
    if not values:
        return [((1, ""), "(not stated)")]
    return [((0, value), value) for value in dict.fromkeys(values)]


@functools.lru_cache(maxsize=65_536)
def _normalised(name: str) -> str:
    """:func:`normalise`, kept for names met again (a belligerent in a thousand records)."""
    return normalise(name)


_NO_TABLE = Belligerents()
_GROUPS: dict[tuple[str, ...], list[str]] = {}  # the groups of a side's belligerents
_GROUPS_OF: list[Belligerents | None] = [None]  # by this table


def _groups(table: Belligerents, names: tuple[str, ...]) -> list[str]:
    """:func:`groups_of`, kept for the same belligerents met again (for one table)."""
    if _GROUPS_OF[0] is not table:
        _GROUPS.clear()
        _GROUPS_OF[0] = table
    found = _GROUPS.get(names)
    if found is None:
        found = _GROUPS[names] = groups_of(table, names)
    return found


def group_keys(
    by: str,
    brief: Brief,
    table: Belligerents | None = None,
    forces: Forces | None = None,
) -> list[tuple[tuple[Any, ...], str, Figures]]:
    """The groups a record falls in, each as (sort key, label, its figures there): the
    battle's figures, grouped by the date the record starts, its kind or its conflicts; a
    side's own strength and losses, grouped by the side's name or its belligerents (the
    civilians are no side's). Belligerents are grouped by ``table``: the same belligerent
    spelt differently is one group, and a side counts once in it."""
    whole: Figures = (brief.strength, brief.casualties, brief.civilians)
    start = brief.start
    coarse = {"decade": 1, "century": 2}.get(start.precision, 0)  # coarser than a year
    if by in ("year", "month") and coarse:
        return [((start.year, -1), f"{start.human()} ({by} not stated)", whole)]
    if by == "year":
        return [((start.year,), year_label(start.year), whole)]
    if by == "month":
        if not start.month:
            return [((start.year, 0), f"{year_label(start.year)} (month not stated)", whole)]
        return [((start.year, start.month), PartialDate(start.year, start.month).human(), whole)]
    if by == "decade" and coarse < 2:
        decade = decade_start(start.year)
        return [((decade,), decade_text(decade), whole)]
    if by in ("decade", "century"):
        first = century_start(start.year)
        label = century_label(start.year)
        return [((first,), label if by == "century" else f"{label} (decade not stated)", whole)]
    if by == "kind":
        return [((brief.kind,), brief.kind, whole)]
    if by == "part_of":
        conflicts = dict.fromkeys(brief.part_of or (NONE_GROUP,))
        return [((normalise(name),), name, whole) for name in conflicts]
    if by in CONDITIONS or by == "winner":
        return [(order, label, whole) for order, label in _condition_groups(by, brief)]
    if by == "force_ratio":
        assert forces is not None
        band, label = ratio_band(forces)
        return [((band,), label, whole)]
    if by in ("role", "outcome"):
        assert forces is not None
        found_sides: dict[str, tuple[tuple[Any, ...], str, Figures]] = {}
        for one in forces.sides:
            word = one.role if by == "role" else one.result
            label = word or NONE_GROUP
            mine: Figures = (tally.as_whole(one.strength), _total(one), None)
            if label in found_sides:  # two sides of one record in one group: both
                before = found_sides[label][2]
                mine = (
                    tally.across([before[0], mine[0]]),
                    tally.across([before[1], mine[1]]),
                    None,
                )
            found_sides[label] = ((word is None, label), label, mine)
        return list(found_sides.values())
    if by not in ("side", "belligerent"):
        raise UsageError(f"--by {by!r}: choose one of {', '.join(GROUPINGS)}")
    assert forces is not None
    found: dict[str, tuple[tuple[Any, ...], str, Figures]] = {}
    for side in forces.sides:
        figures: Figures = (tally.as_whole(side.strength), tally.as_whole(_total(side)), None)
        if by == "side":
            names: Sequence[str] = (side.name,)
        else:
            names = _groups(table or _NO_TABLE, side.belligerents) or (NONE_GROUP,)
        for name in names:
            key = _normalised(name)
            if key not in found:
                found[key] = ((key,), name, figures)
                continue
            # Two sides of one record in one group: the group's figures are both sides'.
            order, label, before = found[key]
            both = (tally.across([before[0], figures[0]]), tally.across([before[1], figures[1]]))
            found[key] = (order, label, (*both, None))
    return list(found.values())


class Measure(msgspec.Struct, frozen=True):
    """A figure over a group: the sum of the records that state it (a floor where one of
    them is unknown), how many records state none, and the median of those known."""

    total: Figure | None
    missing: int  # records that state no figure, or only an unknown one
    median: Span | None

    @classmethod
    def of(cls, figures: Sequence[Figure | None]) -> Measure:
        stated = [f for f in figures if f is not None]
        spans = [s for f in stated if (s := tally.span(f)) is not None]
        return cls(tally.add(stated), len(figures) - len(spans), tally.median_span(spans))


class Group(msgspec.Struct, frozen=True):
    label: str
    order: tuple[Any, ...]
    count: int
    strength: Measure
    losses: Measure  # all sides' losses (soldiers)
    civilians: Measure
    # Of the group's records that name a winner and one attacker: how many, and in how
    # many the attacker won (a draw is not a win).
    decided: int = 0
    attacker_won: int = 0


class Stats(Answer, frozen=True):
    forms = Forms.split("analysis_terminal", "analysis_data", "stats")

    by: str
    rows: list[Group]
    records: int
    total: int = -1

    @property
    def matched(self) -> int:
        return len(self.rows) if self.total < 0 else self.total

    @property
    def several(self) -> bool:
        """Whether a record may be counted in several groups."""
        return self.by in MANY

    @property
    def by_side(self) -> bool:
        """Whether the figures are each side's own (grouped by side, belligerent, role or
        outcome)."""
        return self.by in BY_SIDE

    @property
    def decided(self) -> bool:
        """Whether any group has records that say whether the attacker won."""
        return any(g.decided for g in self.rows)


def stats(
    dataset: Dataset,
    by: str,
    flt: ListFilter | None = None,
    *,
    sort: str = "group",
    reverse: bool = False,
) -> Stats:
    """Records grouped ``by`` a date, kind, conflict, side or belligerent: how many, and
    their strength, losses and civilians' losses summed and their medians, as ranges."""
    from battles.questions import filters

    if by not in GROUPINGS:
        raise UsageError(f"--by {by!r}: choose one of {', '.join(GROUPINGS)}")
    if sort not in STATS_SORTS:
        raise UsageError(f"cannot sort by {sort!r}; choose one of {', '.join(STATS_SORTS)}")
    # Each group: its label, the figures of its members, and who won in its records.
    members: dict[tuple[Any, ...], tuple[str, list[Figures], dict[int, bool | None]]] = {}
    chosen = filters.select(dataset, flt)
    table = dataset.belligerents() if by == "belligerent" else None
    briefs: list[Brief] = dataset.digests(BRIEF, chosen)
    forces: list[Forces | None] = (
        dataset.digests(FORCES, chosen)
        if by in ("side", "belligerent", "role", "outcome", "force_ratio")
        else [None] * len(chosen)
    )
    for n, brief, held in zip(chosen, briefs, forces, strict=True):
        won = attacker_won(brief)
        for order, label, figures in group_keys(by, brief, table, held):
            group = members.setdefault(order, (label, [], {}))
            group[1].append(figures)
            group[2][n] = won
    sides = by in BY_SIDE
    rows = [
        Group(
            label,
            order,
            len(found),
            Measure.of([f[0] for f in found]),
            Measure.of([f[1] for f in found]),
            Measure.of([] if sides else [f[2] for f in found]),
            decided=sum(w is not None for w in wins.values()),
            attacker_won=sum(w is True for w in wins.values()),
        )
        for order, (label, found, wins) in members.items()
    ]
    rows.sort(key=lambda g: (g.order, g.label))
    if sort == "count":
        rows.sort(key=lambda g: -g.count)
    elif sort != "group":
        rows.sort(key=lambda g: _measure_key(getattr(g, sort)))
    if reverse:
        rows.reverse()
    return Stats(by, rows, len(chosen))


def _measure_key(measure: Measure) -> tuple[bool, float]:
    mid = tally.midpoint(measure.total)
    return (mid is None, -(mid or 0.0))


# -- citations ---------------------------------------------------------------------------------


class Citation(msgspec.Struct, frozen=True):
    """A record as a dataset entry (with the tool's version) and the sources behind it,
    each with what the record holds of it: a format 1 source its title, address and note;
    a format 2 source also its kind, authors, publisher, year, page, version, access date,
    table and row (the renderers write each where the output format has a field for it)."""

    key: str
    name: str
    kind: str
    dates: str
    version: str
    sources: tuple[model.Source, ...]


def citation(dataset: Dataset, name: str) -> Citation:
    from battles import __version__
    from battles.questions import lookup

    record = lookup.find(dataset, name).record
    dates = format_span(record.start, record.end)
    if record.end_unknown:
        dates = f"from {record.start.human()}"
    return Citation(record.key, record.name, record.kind, dates, __version__, record.sources)
