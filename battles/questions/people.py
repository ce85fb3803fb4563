"""``battles people``: every commander with the battles they fought in (side, role,
fate); with a name, one person's career in date order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import msgspec

from battles import model
from battles.answer import Answer, Forms
from battles.loading.digest import (
    PEOPLE,
    PEOPLE_LINES,
    Brief,
    Commanded,
)
from battles.questions.joined import Kept, joined
from battles.questions.records import digested
from battles.text import normalise

if TYPE_CHECKING:
    from battles.loading import Dataset
    from battles.questions.filters import ListFilter


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
    forms = Forms.kept_in("people", "people")

    query: str | None
    rows: Sequence[Appearance]  # a list, or (from people_of) the rows made on demand
    people: int  # how many different people
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


def _appearance(c: Commanded, brief: Brief) -> Appearance:
    return Appearance(c.name, brief, c.side, c.role, c.fate, c.under, c.source)


def people(items: Iterable[tuple[Brief, model.Record]], query: str | None = None) -> People:
    """Every commander with the battles they fought in (side, role, fate), by name and then
    date; with ``query``, the people it names, each career in date order."""
    return people_of(((brief, record_people(record)) for brief, record in items), query)


def people_in(dataset: Dataset, flt: ListFilter | None, query: str | None = None) -> People:
    """The leaders of every record that passes ``flt`` (or those ``query`` names)."""
    if query is not None:
        return people_of(digested(dataset, PEOPLE, None, flt), query)
    rows = Kept.of(dataset, flt, _appearance, PEOPLE_LINES, PEOPLE)
    return People(None, rows, rows.names)


def people_of(
    items: Iterable[tuple[Brief, Sequence[Commanded]]], query: str | None = None
) -> People:
    """As :func:`people`, from each record's digest of them (see :func:`digested`)."""
    rows, count = joined(items, _appearance, query, "person")
    return People(query, rows, count)
