"""The analysis results (see :mod:`battles.analysis`) as plain data for JSON and as flat
tables for CSV and Markdown. A span (a ratio, a share, a duration) is an object with its
``low``, ``high`` (null: no bound above) and the text every view shows; in a table it is
three columns, ``NAME`` (the text), ``NAME_low`` and ``NAME_high``, rounded outward."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from battles import analysis
from battles.figures import Figure
from battles.render.data import BLOCK_ROWS, Cell, Tabular, figure_data
from battles.tally import Span

if TYPE_CHECKING:
    from battles.loading.digest import Brief

SPAN_SCALE = 1_000_000.0  # six places, rounded outward


def _down(x: float) -> float:
    return math.floor(x * SPAN_SCALE) / SPAN_SCALE


def _up(x: float) -> float:
    return math.ceil(x * SPAN_SCALE) / SPAN_SCALE


def span_data(value: Span | None, shown: str | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"low": value[0], "high": value[1], "shown": shown}


def span_cells(value: Span | None, shown: str | None) -> list[Any]:
    """A span as three table cells: its text, its low (rounded down) and high (up)."""
    if value is None:
        return [None, None, None]
    return [shown, _down(value[0]), None if value[1] is None else _up(value[1])]


def span_columns(name: str) -> list[str]:
    return [name, f"{name}_low", f"{name}_high"]


# -- ratios ------------------------------------------------------------------------------------


def _ratio_spans(row: analysis.RatioRow) -> list[tuple[str, Span | None, str | None]]:
    return [
        ("force_ratio", row.force, analysis.format_ratio(row.force)),
        ("loss_exchange", row.exchange, analysis.format_ratio(row.exchange)),
        ("first_loss_share", row.first_share, analysis.format_share(row.first_share)),
        ("second_loss_share", row.second_share, analysis.format_share(row.second_share)),
        ("days", row.days, analysis.format_days(row.days)),
        ("losses_per_day", row.per_day, analysis.format_ratio(row.per_day)),
    ]


RATIO_SPANS = (
    "force_ratio",
    "loss_exchange",
    "first_loss_share",
    "second_loss_share",
    "days",
    "losses_per_day",
)
RATIO_FIGURES = (
    "first_strength",
    "second_strength",
    "first_losses",
    "second_losses",
    "losses",
)


def _ratio_figures(row: analysis.RatioRow) -> list[Figure | None]:
    return [
        row.first_strength,
        row.second_strength,
        row.first_losses,
        row.second_losses,
        row.losses,
    ]


def ratios_data(result: analysis.Ratios) -> dict[str, Any]:
    return {
        "view": "ratios",
        "total": result.matched,
        "note": result.note,
        "rows": [
            {
                "battle": row.battle.key,
                "battle_name": row.battle.name,
                "first_side": row.first,
                "second_side": row.second,
                "more_sides": row.more_sides,
                "by_role": row.by_role,
                **{
                    name: figure_data(fig)
                    for name, fig in zip(RATIO_FIGURES, _ratio_figures(row), strict=True)
                },
                **{name: span_data(value, shown) for name, value, shown in _ratio_spans(row)},
            }
            for row in result.rows
        ],
    }


RATIO_FORMATS: dict[str, tuple[Callable[[analysis.RatioRow], Span | None], Any]] = {
    "force_ratio": (lambda r: r.force, analysis.format_ratio),
    "loss_exchange": (lambda r: r.exchange, analysis.format_ratio),
    "first_loss_share": (lambda r: r.first_share, analysis.format_share),
    "second_loss_share": (lambda r: r.second_share, analysis.format_share),
    "days": (lambda r: r.days, analysis.format_days),
    "losses_per_day": (lambda r: r.per_day, analysis.format_ratio),
}


def _span_makers(name: str) -> list[Maker]:
    """A span's three columns (see span_cells), each made in one pass over a block."""
    get, shown = RATIO_FORMATS[name]
    return [
        lambda rows: [shown(get(r)) for r in rows],
        lambda rows: [None if (v := get(r)) is None else _down(v[0]) for r in rows],
        lambda rows: [None if (v := get(r)) is None or v[1] is None else _up(v[1]) for r in rows],
    ]


def ratios_table(result: analysis.Ratios) -> Tabular:
    columns = ["battle", "battle_name", "first_side", "second_side", "more_sides", "by_role"]
    columns += list(RATIO_FIGURES)
    makers: list[Maker] = [
        lambda rows: [r.battle.key for r in rows],
        lambda rows: [r.battle.name for r in rows],
        lambda rows: [r.first for r in rows],
        lambda rows: [r.second for r in rows],
        lambda rows: [r.more_sides for r in rows],
        lambda rows: [r.by_role for r in rows],
        lambda rows: [r.first_strength for r in rows],
        lambda rows: [r.second_strength for r in rows],
        lambda rows: [r.first_losses for r in rows],
        lambda rows: [r.second_losses for r in rows],
        lambda rows: [r.losses for r in rows],
    ]
    for name in RATIO_SPANS:
        columns += span_columns(name)
        makers += _span_makers(name)
    return _columns_table(result.rows, columns, makers, figures=set(RATIO_FIGURES))


def ratios_rows_table(result: analysis.Ratios) -> Tabular:
    """The same table made row by row (what :func:`ratios_table` was; the tests compare)."""
    columns = ["battle", "battle_name", "first_side", "second_side", "more_sides", "by_role"]
    columns += list(RATIO_FIGURES)
    for name in RATIO_SPANS:
        columns += span_columns(name)
    rows = (
        [
            row.battle.key,
            row.battle.name,
            row.first,
            row.second,
            row.more_sides,
            row.by_role,
            *_ratio_figures(row),
            *(cell for _, value, shown in _ratio_spans(row) for cell in span_cells(value, shown)),
        ]
        for row in result.rows
    )
    return Tabular(columns, rows, figures=set(RATIO_FIGURES))


# -- disputes, sources, people, units ----------------------------------------------------------


def _claim_data(claim: analysis.Claim) -> dict[str, Any]:
    return {
        "shown": claim.shown,
        "source": list(claim.source),
        "source_titles": list(claim.titles),
        "note": claim.note,
        "figure": figure_data(claim.figure) if claim.figure is not None else None,
    }


def disputes_data(result: analysis.Disputes) -> dict[str, Any]:
    return {
        "view": "disputes",
        "total": result.matched,
        "records": result.records,
        "rows": [
            {
                "battle": row.battle.key,
                "battle_name": row.battle.name,
                "kind": row.kind,
                "field": row.field,
                "text": row.text,
                "source": list(row.source),
                "source_titles": list(row.titles),
                "claims": [_claim_data(c) for c in row.claims],
            }
            for row in result.rows
        ],
    }


def disputes_table(result: analysis.Disputes) -> Tabular:
    """One line per version (a disagreement is one line): battle, kind, field, what the
    record says, the version and the sources that give it."""

    def rows() -> Any:
        for row in result.rows:
            head = [row.battle.key, row.battle.name, row.kind, row.field, row.text]
            if not row.claims:
                yield [*head, None, " ".join(row.source), "; ".join(row.titles), None]
            for claim in row.claims:
                yield [
                    *head,
                    claim.shown,
                    " ".join(claim.source),
                    "; ".join(claim.titles),
                    claim.note,
                ]

    return Tabular(
        [
            "battle",
            "battle_name",
            "kind",
            "field",
            "text",
            "version",
            "source",
            "source_titles",
            "version_note",
        ],
        rows(),
        plain=frozenset({"battle", "kind", "source"}),
    )


def sources_data(result: analysis.Sources) -> dict[str, Any]:
    return {
        "view": "sources",
        "total": result.matched,
        "battle": result.battle.key if result.battle else None,
        "sources": [
            {
                "title": row.title,
                "url": row.url,
                "file": row.file,
                "records": [b.key for b in row.records],
                "citations": row.citations,
                "figures": row.figures,
                "supports": [{"battle": key, "field": field} for key, field in row.fields]
                if result.battle is not None
                else None,
            }
            for row in result.rows
        ],
    }


def sources_table(result: analysis.Sources) -> Tabular:
    """A line per source; with one battle named, each field it supports in ``supports``."""
    one = result.battle is not None
    columns = ["title", "url", "file", "records", "figures", "citations"]
    return Tabular(
        [*columns, "supports"] if one else columns,
        (
            [
                row.title,
                row.url,
                row.file,
                " ".join([b.key for b in row.records]),
                row.figures,
                row.citations,
                *(["; ".join(field for _, field in row.fields)] if one else []),
            ]
            for row in result.rows
        ),
    )


def people_data(result: analysis.People) -> dict[str, Any]:
    return {
        "view": "people",
        "query": result.query,
        "total": result.matched,
        "people": result.people,
        "rows": [
            {
                "name": a.name,
                "battle": a.battle.key,
                "battle_name": a.battle.name,
                "start": a.battle.start.iso(),
                "side": a.side,
                "role": a.role,
                "fate": a.fate,
                "under": a.under,
                "source": list(a.source),
            }
            for a in result.rows
        ],
    }


PEOPLE_COLUMNS = ["name", "start", "battle", "battle_name", "side", "role", "fate", "under"]
PEOPLE_PLAIN = frozenset({"start", "battle"})


def people_table(result: analysis.People) -> Tabular:
    if isinstance(result.rows, analysis.Joined):
        return _joined_table(
            result.rows,
            PEOPLE_COLUMNS,
            [
                lambda cs: [c.name for c in cs],
                _START,
                _BATTLE,
                _BATTLE_NAME,
                lambda cs: [c.side for c in cs],
                lambda cs: [c.role for c in cs],
                lambda cs: [c.fate for c in cs],
                lambda cs: [c.under for c in cs],
            ],
            plain=PEOPLE_PLAIN,
        )
    return Tabular(
        PEOPLE_COLUMNS,
        (
            [
                a.name,
                a.battle.start.iso(),
                a.battle.key,
                a.battle.name,
                a.side,
                a.role,
                a.fate,
                a.under,
            ]
            for a in result.rows
        ),
        plain=PEOPLE_PLAIN,
    )


def units_data(result: analysis.Units) -> dict[str, Any]:
    return {
        "view": "units",
        "query": result.query,
        "total": result.matched,
        "units": result.units,
        "rows": [
            {
                "name": u.name,
                "battle": u.battle.key,
                "battle_name": u.battle.name,
                "start": u.battle.start.iso(),
                "side": u.side,
                "within": list(u.within),
                "strength": figure_data(u.strength, u.source),
                "note": u.note,
                "source": list(u.source),
            }
            for u in result.rows
        ],
    }


UNITS_COLUMNS = ["name", "start", "battle", "battle_name", "side", "within", "strength"]


def units_table(result: analysis.Units) -> Tabular:
    if isinstance(result.rows, analysis.Joined):
        table = _joined_table(
            result.rows,
            UNITS_COLUMNS,
            [
                lambda us: [u.name for u in us],
                _START,
                _BATTLE,
                _BATTLE_NAME,
                lambda us: [u.side for u in us],
                lambda us: [" > ".join(u.within) for u in us],
                lambda us: [u.strength for u in us],
            ],
            figures={"strength"},
            plain=PEOPLE_PLAIN,
        )
        if result.rows.every:
            table.csv_lines = _unit_lines(result.rows)
        return table
    starts: dict[int, str] = {}  # a battle's start, written once for its many units

    def start(brief: Brief) -> str:
        found = starts.get(id(brief))
        if found is None:
            found = starts[id(brief)] = brief.start.iso()
        return found

    return Tabular(
        UNITS_COLUMNS,
        (
            [
                u.name,
                start(u.battle),
                u.battle.key,
                u.battle.name,
                u.side,
                " > ".join(u.within),
                u.strength,
            ]
            for u in result.rows
        ),
        figures={"strength"},
        plain=PEOPLE_PLAIN,
    )


# -- tables made column by column --------------------------------------------------------------

# A column of a Joined's rows: from a block of its digest rows, or (the battle's columns)
# from the places of their records and the records' briefs.
Maker = Callable[[Sequence[Any]], list[Any]]


@dataclass
class _ByBattle:
    """A column of the rows' battles: ``of(brief)`` for each brief once, then looked up."""

    of: Callable[[Brief], str]


_START = _ByBattle(lambda b: b.start.iso())
_BATTLE = _ByBattle(lambda b: b.key)
_BATTLE_NAME = _ByBattle(lambda b: b.name)


@dataclass
class Columnar(Tabular):
    """A table made a block of columns at a time, each column in one pass (no row is made
    as an object, neither here nor in the result): what the CSV writer reads. ``rows``
    still gives the rows, for Markdown."""

    blocks: Callable[[int], Iterator[list[Sequence[Cell]]]] | None = None
    # The CSV lines (after the header) a block at a time, where the table writes them
    # itself (see _unit_lines): what the CSV writer then writes as they are.
    csv_lines: Callable[[int], Iterator[str]] | None = None

    def __post_init__(self) -> None:
        self.rows = _RowsOf(self)

    def column_blocks(self, size: int = BLOCK_ROWS) -> Iterator[list[Sequence[Cell]]]:
        assert self.blocks is not None
        return self.blocks(size)


@dataclass
class _RowsOf:
    table: Columnar

    def __iter__(self) -> Iterator[Sequence[Cell]]:
        for block in self.table.column_blocks():
            yield from zip(*block, strict=True)


def _columns_table(
    rows: Sequence[Any],
    columns: list[str],
    makers: list[Maker],
    figures: set[str] | None = None,
    plain: frozenset[str] = frozenset(),
) -> Columnar:
    """A table of ``rows`` (row objects) made column by column: each maker gives a
    column's cells for a block of the rows."""

    def blocks(size: int) -> Iterator[list[Sequence[Cell]]]:
        for first in range(0, len(rows), size):
            block = rows[first : first + size]
            yield [make(block) for make in makers]

    return Columnar(columns, figures=figures or set(), plain=plain, blocks=blocks)


def _joined_table(
    rows: analysis.Joined,
    columns: list[str],
    makers: list[Maker | _ByBattle],
    figures: set[str] | None = None,
    plain: frozenset[str] = frozenset(),
) -> Columnar:
    def blocks(size: int) -> Iterator[list[Sequence[Cell]]]:
        by_battle: dict[int, list[str]] = {}  # each battle column, a value per record
        for n, make in enumerate(makers):
            if isinstance(make, _ByBattle):
                by_battle[n] = [make.of(b) for b in rows.briefs]
        for first in range(0, len(rows), size):
            at = rows.order[first : first + size]
            parts = list(map(rows.parts.__getitem__, at))
            places = list(map(rows.places.__getitem__, at))
            yield [
                list(map(by_battle[n].__getitem__, places))
                if isinstance(make, _ByBattle)
                else make(parts)
                for n, make in enumerate(makers)
            ]

    return Columnar(columns, figures=figures or set(), plain=plain, blocks=blocks)


def _unit_lines(rows: analysis.Joined) -> Callable[[int], Iterator[str]]:
    """Every unit's CSV line (as the column by column writer writes it, see
    render.formats.tabular_csv), made in the order of the digests' rows, each text written
    once however often it repeats, then put in the rows' order: a third of a million units
    are each read once, where they lie in memory."""

    def lines(size: int) -> Iterator[str]:
        from battles.render.formats import _figure_fields, csv_field

        battles = [f"{b.start.iso()},{b.key},{csv_field(b.name)}" for b in rows.briefs]
        names: dict[str, str] = {}
        sides: dict[str, str] = {}
        withins: dict[tuple[str, ...], str] = {}
        strengths: dict[Figure | None, str] = {}
        written: list[str] = []
        line = written.append
        for unit, place in zip(rows.parts, rows.places, strict=True):
            name = names.get(unit.name)
            if name is None:
                name = names[unit.name] = csv_field(unit.name)
            side = sides.get(unit.side)
            if side is None:
                side = sides[unit.side] = csv_field(unit.side)
            within = withins.get(unit.within)
            if within is None:
                within = withins[unit.within] = csv_field(" > ".join(unit.within))
            strength = strengths.get(unit.strength)
            if strength is None:
                strength = strengths[unit.strength] = _figure_fields(unit.strength)
            line(f"{name},{battles[place]},{side},{within},{strength}")
        order = rows.order
        for first in range(0, len(order), size):
            yield "\n".join(map(written.__getitem__, order[first : first + size])) + "\n"

    return lines


# -- stats -------------------------------------------------------------------------------------

MEASURES = ("strength", "losses", "civilians")


def _measure_data(measure: analysis.Measure) -> dict[str, Any]:
    return {
        "sum": figure_data(measure.total),
        "records_without": measure.missing,
        "median": span_data(measure.median, analysis.format_count_span(measure.median)),
    }


def stats_data(result: analysis.Stats) -> dict[str, Any]:
    return {
        "view": "stats",
        "by": result.by,
        "total": result.matched,
        "records": result.records,
        "record_in_several_groups": result.several,
        "figures_of": "side" if result.by_side else "battle",
        "groups": [
            {
                "group": g.label,
                "records": g.count,
                **{name: _measure_data(getattr(g, name)) for name in MEASURES},
                "attacker_won": {
                    "won": g.attacker_won,
                    "of": g.decided,
                    "shown": analysis.format_wins(g.attacker_won, g.decided),
                },
            }
            for g in result.rows
        ],
    }


def stats_table(result: analysis.Stats) -> Tabular:
    columns = ["group", "records"]
    for name in MEASURES:
        columns += [name, f"{name}_without", *span_columns(f"{name}_median")]
    columns += ["attacker_won", "decided"]

    def cells(g: analysis.Group) -> list[Any]:
        row: list[Any] = [g.label, g.count]
        for name in MEASURES:
            m: analysis.Measure = getattr(g, name)
            shown = analysis.format_count_span(m.median)
            row += [m.total, m.missing, *span_cells(m.median, shown)]
        return [*row, g.attacker_won, g.decided]

    return Tabular(columns, (cells(g) for g in result.rows), figures=set(MEASURES))
