"""``battles units``: where each unit of the records' unit trees fought, with its
strength where recorded."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import msgspec

from battles import model
from battles.answer import Answer, Forms
from battles.figures import Figure
from battles.loading.digest import (
    UNIT_LINES,
    UNITS,
    Brief,
    Posted,
)
from battles.questions.joined import Kept, joined
from battles.questions.records import digested
from battles.text import normalise

if TYPE_CHECKING:
    from battles.loading import Dataset
    from battles.questions.filters import ListFilter


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
    forms = Forms.kept_in("units", "units")

    query: str | None
    rows: Sequence[UnitAppearance]  # a list, or (from units_of) the rows made on demand
    units: int
    total: int = -1

    @property
    def matched(self) -> int:
        return len(self.rows) if self.total < 0 else self.total


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


def _unit_appearance(u: Posted, brief: Brief) -> UnitAppearance:
    return UnitAppearance(u.name, brief, u.side, u.within, u.strength, u.note, u.source)


def units(items: Iterable[tuple[Brief, model.Record]], query: str | None = None) -> Units:
    """Every unit in the records' unit trees, where it fought and with what strength, by
    name and then date; with ``query``, the units it names."""
    return units_of(((brief, record_units(record)) for brief, record in items), query)


def units_in(dataset: Dataset, flt: ListFilter | None, query: str | None = None) -> Units:
    """The units of every record that passes ``flt`` (or those ``query`` names)."""
    if query is not None:
        return units_of(digested(dataset, UNITS, None, flt), query)
    rows = Kept.of(dataset, flt, _unit_appearance, UNIT_LINES, UNITS)
    return Units(None, rows, rows.names)


def units_of(items: Iterable[tuple[Brief, Sequence[Posted]]], query: str | None = None) -> Units:
    """As :func:`units`, from each record's digest of them (see :func:`digested`)."""
    rows, count = joined(items, _unit_appearance, query, "unit")
    return Units(query, rows, count)
