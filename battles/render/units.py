"""Every form of :class:`battles.questions.units.Units`: the Rich view, the JSON document and
the flat table CSV and Markdown are written from. Rich is imported by the Rich view only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from battles.figures import Figure
from battles.questions.joined import Joined, Kept
from battles.questions.units import Units
from battles.render import columnar
from battles.render.data import Tabular, figure_data

if TYPE_CHECKING:
    from rich.console import Console

    from battles.loading.digest import Brief


def units_data(result: Units) -> dict[str, Any]:
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


UNITS_PLAIN = frozenset({"start", "battle"})
UNITS_COLUMNS = ["name", "start", "battle", "battle_name", "side", "within", "strength"]


def units_table(result: Units) -> Tabular:
    rows = result.rows
    if isinstance(rows, Kept):  # every row: CSV as the records' digests keep each line
        return columnar.Columnar(
            UNITS_COLUMNS,
            figures={"strength"},
            plain=UNITS_PLAIN,
            blocks=lambda size: _joined_table(rows.joined()).column_blocks(size),
            csv_lines=rows.lines,
        )
    if isinstance(rows, Joined):
        table = _joined_table(rows)
        if rows.every:
            table.csv_lines = _unit_lines(rows)
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
            for u in rows
        ),
        figures={"strength"},
        plain=UNITS_PLAIN,
    )


def _joined_table(rows: Joined) -> columnar.Columnar:
    return columnar.joined_table(
        rows,
        UNITS_COLUMNS,
        [
            lambda us: [u.name for u in us],
            columnar.START,
            columnar.BATTLE,
            columnar.BATTLE_NAME,
            lambda us: [u.side for u in us],
            lambda us: [" > ".join(u.within) for u in us],
            lambda us: [u.strength for u in us],
        ],
        figures={"strength"},
        plain=UNITS_PLAIN,
    )


def _unit_lines(rows: Joined) -> Callable[[int], Iterator[str]]:
    """Every unit's CSV line (as the column by column writer writes it, see
    render.formats.tabular_csv), made in the order of the digests' rows, each text written
    once however often it repeats, then put in the rows' order: a third of a million units
    are each read once, where they lie in memory."""

    def lines(size: int) -> Iterator[str]:
        from battles.loading.csvtext import csv_field
        from battles.loading.csvtext import figure_fields as _figure_fields

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


def render_units(result: Units, console: Console) -> None:

    from battles.render import tables
    from battles.render.terminal import (
        LEGEND,
        figure_cell,
        safe_text,
    )

    table = tables.table()
    tables.column(table, "Unit", ratio=3, min_width=12, style="bold")
    table.add_column("Date", no_wrap=True)
    tables.column(table, "Battle · side", ratio=3, min_width=14)
    table.add_column("Strength", justify="right", no_wrap=True)
    for name, u in zip(tables.grouped([u.name for u in result.rows]), result.rows, strict=True):
        unit = tables.lines(
            safe_text(name),
            safe_text(f"in {' › '.join(u.within)}" if u.within else "", style="dim"),
        )
        battle = tables.lines(safe_text(u.battle.name), safe_text(u.side, style="dim"))
        table.add_row(unit, safe_text(u.battle.start.human()), battle, figure_cell(u.strength))
    console.print(table)
    units = f"{result.units:,} unit{'s' if result.units != 1 else ''}"
    tables.footer(
        console,
        len(result.rows),
        result.matched,
        "appearances",
        units,
        "format v1 gives units a strength only, no losses",
    )
    console.print(safe_text(LEGEND, style="dim"))
