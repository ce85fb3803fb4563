"""The record format (schema version 1) as immutable typed objects.

One YAML file holds one :class:`Record`. The classes here are both the schema (msgspec
checks types, required fields and unknown keys against them) and the domain model the rest
of the tool queries. Figures and dates are read from their short or long forms by the
loader before msgspec checks the rest (see :func:`battles.loader.prepare`).
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

import msgspec

from battles import tally
from battles.dates import DurationUnit, PartialDate, duration_hours, format_duration
from battles.figures import Figure, Part

SCHEMA_VERSION = 1
SCHEMA_VERSIONS = (1, 2)  # a record says which; 2 is a superset of 1
# ``$(?!\n)``: the end of the text, not before a final newline ("alpha\n" is no id); it
# reads the same in the JSON Schema's regular expressions.
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$(?!\n)")


def is_record_id(text: str) -> bool:
    """Whether a ``part_of`` entry names another record (a slug) rather than giving text."""
    return _SLUG.match(text) is not None


Kind = Literal["battle", "siege", "attack", "operation", "uprising", "massacre"]
KINDS: tuple[str, ...] = ("battle", "siege", "attack", "operation", "uprising", "massacre")
Fate = Literal[
    "killed in action",
    "died of wounds",
    "wounded",
    "captured",
    "missing",
    "executed",
    "survived",
]
Slug = Annotated[str, msgspec.Meta(pattern=_SLUG.pattern)]
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]


# The ids of the sources a value cites: ``source: s1`` or ``source: [s1, seed]``. The loader
# turns the one-id form into a list before msgspec checks it (see loader.prepare).
CITES_MARK = "cites"
Cites = Annotated[
    tuple[Slug, ...],
    msgspec.Meta(extra={CITES_MARK: True}, extra_json_schema={"x-battles-cites": True}),
]
CITE_FIELDS = ("source", "date_source")


class Base(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Every record class: immutable, keyword-only, and strict about unknown keys."""


# -- figures in long form ---------------------------------------------------------------


class PartSpec(Base, frozen=True, kw_only=True):
    label: Text
    value: Figure
    source: Cites = ()
    note: Text | None = None


class FigureSpec(Base, frozen=True, kw_only=True):
    """The long form of a figure: a value with its wording, note and source, or parts, or
    conflicting estimates."""

    value: Figure | None = None
    text: Text | None = None
    source: Cites = ()
    note: Text | None = None
    # The part of the battle the figure covers when it is not the whole: a phase's name,
    # or the source's words ("the 4 November assault"). Totals take it as a floor.
    scope: Text | None = None
    parts: tuple[PartSpec, ...] = ()
    estimates: tuple[FigureSpec, ...] = ()


def figure_from_spec(spec: FigureSpec) -> Figure:
    parts = tuple(Part(p.label, _with(p.value, source=p.source, note=p.note)) for p in spec.parts)
    estimates = tuple(figure_from_spec(e) for e in spec.estimates)
    stated = True
    if spec.value is not None:
        base = spec.value
        if base.low is None and estimates:
            # "Unknown" in one source beside estimates in others: the unknown is one of the
            # estimates, with its own source and wording, and stays visible.
            unknown = Figure(text=spec.text, source=tuple(spec.source))
            return Figure(
                source=tuple(spec.source),
                note=spec.note,
                estimates=(unknown, *estimates),
                scope=spec.scope,
            )
    elif parts:
        total = tally.parts_sum(parts) or Figure()
        base = Figure(low=total.low, high=total.high, approx=total.approx, strict=total.strict)
        stated = False  # the value is the parts added up
    else:
        base = Figure()
    return Figure(
        low=base.low,
        high=base.high,
        approx=base.approx,
        strict=base.strict,
        text=spec.text,
        source=tuple(spec.source),
        note=spec.note,
        parts=parts,
        estimates=estimates,
        stated=stated,
        scope=spec.scope,
    )


def _with(fig: Figure, *, source: tuple[str, ...], note: str | None) -> Figure:
    if not source and note is None:
        return fig
    return Figure(
        low=fig.low,
        high=fig.high,
        approx=fig.approx,
        strict=fig.strict,
        text=fig.text,
        source=fig.source or tuple(source),
        note=fig.note or note,
        parts=fig.parts,
        estimates=fig.estimates,
        stated=fig.stated,
        scope=fig.scope,
    )


# -- the record -------------------------------------------------------------------------


class Source(Base, frozen=True, kw_only=True):
    id: Slug
    title: Text
    url: Text | None = None
    file: Text | None = None
    note: Text | None = None


class Coordinates(Base, frozen=True, kw_only=True):
    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)]
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180)]


class Place(Base, frozen=True, kw_only=True):
    name: Text
    territory: Text | None = None  # as then named
    country: Text | None = None  # modern country
    region: Text | None = None
    coordinates: Coordinates | None = None
    source: Cites = ()


class Result(Base, frozen=True, kw_only=True):
    text: Text
    source: Cites = ()
    note: Text | None = None


class Commander(Base, frozen=True, kw_only=True):
    name: Text
    role: Text | None = None
    fate: Fate | None = None
    note: Text | None = None
    source: Cites = ()
    subordinates: tuple[Commander, ...] = ()


class Unit(Base, frozen=True, kw_only=True):
    name: Text
    strength: Figure | None = None
    note: Text | None = None
    source: Cites = ()
    units: tuple[Unit, ...] = ()


class Loss(Base, frozen=True, kw_only=True):
    """A kind of loss the five standard kinds do not cover (``killed or wounded``)."""

    label: Text
    value: Figure
    source: Cites = ()
    note: Text | None = None


CASUALTY_KINDS: tuple[str, ...] = ("killed", "wounded", "captured", "missing")


class Casualties(Base, frozen=True, kw_only=True):
    """Losses by kind. A kind left out is not stated; ``unknown`` says the source gives
    the kind without a number."""

    killed: Figure | None = None
    wounded: Figure | None = None
    captured: Figure | None = None
    missing: Figure | None = None
    total: Figure | None = None
    other: tuple[Loss, ...] = ()
    note: Text | None = None
    source: Cites = ()

    def kinds(self) -> list[tuple[str, Figure]]:
        """The stated kinds, each citing the casualties' source when it cites none."""
        found: list[tuple[str, Figure]] = []
        for name in CASUALTY_KINDS:
            fig: Figure | None = getattr(self, name)
            if fig is not None:
                found.append((name, fig.with_source(tuple(self.source))))
        return found

    def sum_of_kinds(self) -> Figure | None:
        """Killed, wounded, captured and missing added up (for checking a stated total)."""
        return tally.add(fig for _, fig in self.kinds())


class Side(Base, frozen=True, kw_only=True):
    id: Slug
    name: Text
    belligerents: tuple[Text, ...] = ()
    commanders: tuple[Commander, ...] = ()
    units: tuple[Unit, ...] = ()
    strength: Figure | None = None
    casualties: Casualties | None = None
    outcome: Text | None = None
    note: Text | None = None
    source: Cites = ()


class PhaseSide(Base, frozen=True, kw_only=True):
    side: Slug
    strength: Figure | None = None
    casualties: Casualties | None = None
    note: Text | None = None
    source: Cites = ()


class Phase(Base, frozen=True, kw_only=True):
    name: Text
    start: PartialDate
    end: PartialDate | None = None
    place: Text | None = None
    summary: Text | None = None
    result: Text | None = None
    sides: tuple[PhaseSide, ...] = ()
    civilians: Casualties | None = None
    note: Text | None = None
    source: Cites = ()


class Event(Base, frozen=True, kw_only=True):
    text: Text
    date: PartialDate | None = None  # None: the sources give no date
    end: PartialDate | None = None
    when: Text | None = None  # the sources' wording: "night of 3/4 November"
    side: Slug | None = None
    context: bool = False  # background or aftermath, outside the record's own dates
    source: Cites = ()


class DateEstimate(Base, frozen=True, kw_only=True):
    """Another dating of the whole record, given by some source."""

    start: PartialDate
    end: PartialDate | None = None
    text: Text | None = None
    note: Text | None = None
    source: Cites = ()


class DurationSpec(Base, frozen=True, kw_only=True):
    """The long form of ``duration``: ``{value: 3 days, text: ..., note: ..., source: ...}``."""

    value: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    text: Text | None = None
    note: Text | None = None
    source: Cites = ()


class Duration(Base, frozen=True, kw_only=True):
    """How long the active fighting lasted (schema version 2), beside the start and the
    end: ``3 days``, ``14 hours``, ``2.5 days``, ``2-3 days`` (low to high)."""

    low: float
    high: float
    unit: DurationUnit
    text: Text | None = None
    note: Text | None = None
    source: Cites = ()

    def shown(self) -> str:
        """``3 days``, ``2–3 days``, ``14 hours``."""
        return format_duration(self.low, self.high, self.unit)

    def hours(self) -> tuple[float, float]:
        return duration_hours(self.low, self.high, self.unit)


class Disagreement(Base, frozen=True, kw_only=True):
    topic: Text
    text: Text
    source: Cites = ()


class Record(Base, frozen=True, kw_only=True):
    schema_version: Literal[1, 2]
    id: Slug | None = None  # defaults to the file name
    name: Text
    aliases: tuple[Text, ...] = ()
    kind: Kind
    part_of: tuple[Text, ...] = ()  # a record id (a slug) or free text
    start: PartialDate
    end: PartialDate | None = None  # None: a one-day (or one-month...) event
    end_unknown: bool = False  # true when the sources give no end (then leave out end)
    date_text: Text | None = None  # the sources' wording: "November – December 1941"
    date_source: Cites = ()
    date_estimates: tuple[DateEstimate, ...] = ()  # other datings, each with its source
    duration: Duration | None = None  # the active fighting (schema version 2)
    place: Place
    result: Result | None = None
    summary: Text | None = None
    sides: Annotated[tuple[Side, ...], msgspec.Meta(min_length=2)]
    civilians: Casualties | None = None
    losses: Casualties | None = None  # all sides together, where a source gives only that
    phases: tuple[Phase, ...] = ()
    events: tuple[Event, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    notes: tuple[Text, ...] = ()
    sources: Annotated[tuple[Source, ...], msgspec.Meta(min_length=1)]

    @property
    def key(self) -> str:
        assert self.id is not None, "the loader sets the id"
        return self.id

    @property
    def last(self) -> PartialDate:
        return self.end if self.end is not None else self.start

    def source_index(self) -> dict[str, int]:
        """Source id to its number in the record (1-based), for citation markers."""
        return {src.id: n for n, src in enumerate(self.sources, start=1)}

    def side(self, side_id: str) -> Side | None:
        return next((s for s in self.sides if s.id == side_id), None)
