"""The record format (schema versions 1 and 2) as immutable typed objects.

One YAML file holds one :class:`Record`. The classes here are both the schema (msgspec
checks types, required fields and unknown keys against them) and the domain model the rest
of the tool queries. Figures and dates are read from their short or long forms by the
loader before msgspec checks the rest (see :func:`battles.loading.prepare`).
"""

import re
from collections.abc import Sequence
from typing import Annotated, Literal

import msgspec

from battles import tally
from battles.dates import DurationUnit, PartialDate, duration_hours, format_duration
from battles.figures import Band, Figure, Part, banded_figure, parse_band

SCHEMA_VERSION = 2  # the newest; records that say 1 load unchanged (see battles.versions)
SCHEMA_VERSIONS = (1, 2)
# ``$(?!\n)``: the end of the text, not before a final newline ("alpha\n" is no id); it
# reads the same in the JSON Schema's regular expressions.
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$(?!\n)")


def is_record_id(text: str) -> bool:
    """Whether a ``part_of`` entry names another record (a slug) rather than giving text."""
    return _SLUG.match(text) is not None


Kind = Literal["battle", "siege", "attack", "operation", "uprising", "massacre"]
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

# -- the vocabularies of schema version 2 -------------------------------------------------

Role = Literal["attacker", "defender"]
ROLES: tuple[str, ...] = ("attacker", "defender")
SideResult = Literal[
    "victory", "defeat", "draw", "inconclusive", "withdrew", "surrendered", "destroyed"
]
SIDE_RESULTS: tuple[str, ...] = (
    "victory",
    "defeat",
    "draw",
    "inconclusive",
    "withdrew",
    "surrendered",
    "destroyed",
)
NO_SIDE = "none"  # a winner, surprise or air superiority that no side had
Counts = Literal["initial", "engaged", "average", "peak", "final", "total"]
EquipmentKind = Literal[
    "tanks",
    "light tanks",
    "armoured vehicles",
    "guns",
    "aircraft",
    "ships",
    "cavalry",
    "sorties",
    "other",
]
EQUIPMENT_KINDS: tuple[str, ...] = (
    "tanks",
    "light tanks",
    "armoured vehicles",
    "guns",
    "aircraft",
    "ships",
    "cavalry",
    "sorties",
    "other",
)
EquipmentFate = Literal["lost", "destroyed", "damaged", "captured", "sunk"]
EQUIPMENT_FATES: tuple[str, ...] = ("lost", "destroyed", "damaged", "captured", "sunk")
Terrain = Literal[
    "open",
    "rolling",
    "rugged",
    "mountains",
    "hills",
    "wooded",
    "forest",
    "urban",
    "desert",
    "marsh",
    "river",
    "coast",
    "mixed",
    "jungle",
]
Weather = Literal[
    "dry",
    "wet",
    "light rain",
    "heavy rain",
    "snow",
    "fog",
    "overcast",
    "clear",
    "hot",
    "temperate",
    "cold",
]
Season = Literal["spring", "summer", "autumn", "winter", "tropical wet", "tropical dry"]
SEASON_WORDS = {"fall": "autumn"}  # another word for one of Season
Surprise = Literal["minor", "substantial", "complete"]
Posture = Literal[
    "attack",
    "hasty defence",
    "prepared defence",
    "fortified defence",
    "delay",
    "withdrawal",
    "other",
]
DistanceUnit = Literal["km", "mi", "m"]
SourceKind = Literal["book", "article", "chapter", "dataset", "web page", "archive", "other"]
ISO_DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$(?!\n)"
IsoDay = Annotated[str, msgspec.Meta(pattern=ISO_DAY_PATTERN)]
WarningCode = Literal[
    "casualties-above-strength",
    "total-not-sum",
    "parts-not-sum",
    "event-outside-dates",
    "unknown-part-of",
    "drafted-value",
    "review-not-needed",
    "winner-disagrees",
]
WARNING_CODES: tuple[str, ...] = (
    "casualties-above-strength",
    "total-not-sum",
    "parts-not-sum",
    "event-outside-dates",
    "unknown-part-of",
    "drafted-value",
    "review-not-needed",
    "winner-disagrees",
)


# The ids of the sources a value cites: ``source: s1`` or ``source: [s1, seed]``. The loader
# turns the one-id form into a list before msgspec checks it (see loading.prepare).
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
    estimates: "tuple[FigureSpec, ...]" = ()
    # Schema version 2: the value's error band (10%, 500, +33%/-3%) and what it counts.
    error: int | str | None = None
    counts: Counts | None = None


def figure_from_spec(spec: FigureSpec) -> Figure:
    """The figure a long form gives. Raises :class:`~battles.errors.FigureError` for an
    error band that is not read, or that is not beside one whole number."""
    parts = tuple(Part(p.label, _with(p.value, source=p.source, note=p.note)) for p in spec.parts)
    estimates = tuple(figure_from_spec(e) for e in spec.estimates)
    stated = True
    band: Band | None = None
    if spec.error is not None:
        from battles.errors import FigureError

        value = spec.value
        if value is None or value.band is not None or value.form != "exact":
            raise FigureError(
                "an error band goes beside one whole number (value: 12000, error: 10%)"
            )
        band = banded_figure(value.low or 0, parse_band(spec.error)).band
    if spec.value is not None:
        base = spec.value
        if band is not None:
            base = banded_figure(band.value, (band.minus, band.plus, band.percent))
        if base.low is None and estimates:
            # "Unknown" in one source beside estimates in others: the unknown is one of the
            # estimates, with its own source and wording, and stays visible.
            unknown = Figure(text=spec.text, source=tuple(spec.source))
            return Figure(
                source=tuple(spec.source),
                note=spec.note,
                estimates=(unknown, *estimates),
                scope=spec.scope,
                counts=spec.counts,
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
        band=base.band,
        counts=spec.counts,
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
        band=fig.band,
        counts=fig.counts,
    )


# -- the record -------------------------------------------------------------------------


class Source(Base, frozen=True, kw_only=True):
    id: Slug
    title: Text
    url: Text | None = None
    file: Text | None = None
    note: Text | None = None
    # Schema version 2: what a citation is written from.
    kind: SourceKind | None = None
    authors: tuple[Text, ...] = ()
    publisher: Text | None = None
    year: Annotated[int, msgspec.Meta(ge=1, le=9999)] | None = None
    page: Text | None = None
    accessed: IsoDay | None = None
    version: Text | None = None
    table: Text | None = None
    row: Text | None = None


def reference(source: Source) -> str:
    """A source as one reference: authors, title, publisher, year, page; then its kind and,
    for a dataset, its version, table and row, and when it was read. A version 1 source is
    its title."""
    parts: list[str] = []
    if source.authors:
        parts.append("; ".join(source.authors) + ".")
    parts.append(source.title if source.title.endswith((".", "?", "!")) else source.title + ".")
    published = ", ".join(p for p in (source.publisher, str(source.year or "")) if p)
    if published:
        parts.append(published + ".")
    if source.page:
        parts.append(f"p. {source.page}.")
    details = [
        text
        for text in (
            source.kind,
            f"version {source.version}" if source.version else None,
            f"table {source.table}" if source.table else None,
            f"row {source.row}" if source.row else None,
            f"accessed {source.accessed}" if source.accessed else None,
        )
        if text
    ]
    if details:
        parts.append("(" + ", ".join(details) + ")")
    text = " ".join(parts)
    return text[:-1] if len(parts) == 1 and not source.title.endswith(".") else text


class PlaceName(Base, frozen=True, kw_only=True):
    """Another name of a place: then (``when: until 1945``) or now."""

    name: Text
    when: Text | None = None
    source: Cites = ()


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
    other_names: tuple[PlaceName, ...] = ()  # v2: then and now


class Result(Base, frozen=True, kw_only=True):
    text: Text
    source: Cites = ()
    note: Text | None = None
    winner: Slug | None = None  # v2: a side's id, or "none" (no side won); None: not stated


class Commander(Base, frozen=True, kw_only=True):
    name: Text
    role: Text | None = None
    fate: Fate | None = None
    note: Text | None = None
    source: Cites = ()
    subordinates: "tuple[Commander, ...]" = ()


class Unit(Base, frozen=True, kw_only=True):
    name: Text
    strength: Figure | None = None
    note: Text | None = None
    source: Cites = ()
    units: "tuple[Unit, ...]" = ()


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
    equipment: "tuple[EquipmentLoss, ...]" = ()  # v2: never added to the men

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


class Equipment(Base, frozen=True, kw_only=True):
    """Tanks, guns, aircraft, ships... a side had: figures of their own kind, never added
    to the men."""

    kind: EquipmentKind
    label: Text | None = None  # what ``other`` is, or the source's own name of the kind
    value: Figure
    counts: Counts | None = None
    text: Text | None = None
    note: Text | None = None
    source: Cites = ()

    @property
    def name(self) -> str:
        return self.label or self.kind


class EquipmentLoss(Base, frozen=True, kw_only=True):
    """Equipment lost, destroyed, damaged, captured or sunk."""

    kind: EquipmentKind
    label: Text | None = None
    fate: EquipmentFate
    value: Figure
    text: Text | None = None
    note: Text | None = None
    source: Cites = ()

    @property
    def name(self) -> str:
        return self.label or self.kind


def equipment_figure(item: Equipment | EquipmentLoss, inherited: Sequence[str] = ()) -> Figure:
    """An equipment entry's figure as every view shows it: the entry's wording and what it
    counts carried onto the figure, and its sources (the entry's, else ``inherited``)."""
    figure = item.value.with_source(tuple(item.source) or tuple(inherited))
    if item.text and not figure.text:
        figure = figure.replace(text=item.text)
    if isinstance(item, Equipment) and item.counts and not figure.counts:
        figure = figure.replace(counts=item.counts)
    return figure


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
    # Schema version 2.
    role: Role | None = None
    result: SideResult | None = None
    strengths: tuple[Figure, ...] = ()  # further strengths, each saying what it counts
    equipment: tuple[Equipment, ...] = ()


class PhaseSide(Base, frozen=True, kw_only=True):
    side: Slug
    strength: Figure | None = None
    casualties: Casualties | None = None
    note: Text | None = None
    source: Cites = ()
    equipment: tuple[Equipment, ...] = ()  # v2


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


# -- conditions (schema version 2) -------------------------------------------------------


class TerrainCondition(Base, frozen=True, kw_only=True):
    value: tuple[Terrain, ...] = ()
    text: Text | None = None
    note: Text | None = None
    source: Cites = ()


class WeatherCondition(Base, frozen=True, kw_only=True):
    value: tuple[Weather, ...] = ()
    text: Text | None = None
    note: Text | None = None
    source: Cites = ()


class SeasonCondition(Base, frozen=True, kw_only=True):
    value: Season | None = None
    text: Text | None = None
    note: Text | None = None
    source: Cites = ()


class SideCondition(Base, frozen=True, kw_only=True):
    """Surprise or air superiority: the side that had it, or ``none``."""

    value: Slug | None = None
    degree: Surprise | None = None
    text: Text | None = None
    note: Text | None = None
    source: Cites = ()


class SidePosture(Base, frozen=True, kw_only=True):
    side: Slug
    value: Posture
    text: Text | None = None
    note: Text | None = None
    source: Cites = ()


class PostureCondition(Base, frozen=True, kw_only=True):
    value: tuple[SidePosture, ...] = ()
    text: Text | None = None
    note: Text | None = None
    source: Cites = ()


class Distance(Base, frozen=True, kw_only=True):
    """A width or a distance: a decimal number and its unit, of one side or of all."""

    value: Annotated[float, msgspec.Meta(ge=0, le=100_000)]
    unit: DistanceUnit
    side: Slug | None = None
    text: Text | None = None
    note: Text | None = None
    source: Cites = ()


class Conditions(Base, frozen=True, kw_only=True):
    """Where and how the battle was fought. Every entry is optional; the short forms (a
    word, a list of words, ``3.7 km``) are read into these by the loader."""

    terrain: TerrainCondition | None = None
    weather: WeatherCondition | None = None
    season: SeasonCondition | None = None
    surprise: SideCondition | None = None
    air_superiority: SideCondition | None = None
    posture: PostureCondition | None = None
    front_width: tuple[Distance, ...] = ()
    distance_advanced: tuple[Distance, ...] = ()
    note: Text | None = None
    source: Cites = ()


class Reviewed(Base, frozen=True, kw_only=True):
    """A validate warning a curator has checked: validate stays quiet about it."""

    warning: WarningCode
    field: Text | None = None  # as validate prints it; left out: every warning of the code
    note: Text


# The classes with a short form (not a mapping) the loader reads into them: which field a
# plain value fills (see loading.prepare). A list where a single value is given takes it as
# its one item.
SHORT_FIELD: dict[type, str] = {
    PlaceName: "name",
    TerrainCondition: "value",
    WeatherCondition: "value",
    SeasonCondition: "value",
    SideCondition: "value",
    PostureCondition: "value",
}


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
    conditions: Conditions | None = None  # v2
    reviewed: tuple[Reviewed, ...] = ()  # v2

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
