"""The rows of ``people`` and ``units``: each record's digest rows (a commander, a unit)
joined to the record's brief, sorted by name and date, made into row objects only when
read as such."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import repeat
from operator import add, mul
from typing import TYPE_CHECKING, Any

from battles.loading.digest import (
    Brief,
    Commanded,
    Posted,
)
from battles.questions.names import pick

if TYPE_CHECKING:
    pass


class Joined(Sequence[Any]):
    """Rows made on demand, each from a record's digest row (a commander, a unit) and the
    record's brief: row ``n`` is ``parts[order[n]]`` with ``briefs[places[order[n]]]``.
    What ``people`` and ``units`` find across ten thousand records (a third of a million
    rows) is held as the digests' rows, in the records' order, with the order they are
    shown in: the CSV writer reads them column by column, or (every unit) writes each
    line from them in their own order and puts the lines in order after (see
    ``render.units``), and a row object is made only for a row that is read as one
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


def joined(
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
