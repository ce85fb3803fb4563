"""The rows of ``people`` and ``units``: each record's digest rows (a commander, a unit)
joined to the record's brief, sorted by name and date, made into row objects only when
read as such; and, for every row (no name asked for), :class:`Kept`: the rows' CSV lines
as the cache keeps them, sorted and written without reading the rows at all."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, chain, repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from battles.loading.digest import (
    Brief,
    Commanded,
    KeptLines,
    Posted,
)
from battles.questions.names import pick

if TYPE_CHECKING:
    from battles.loading import Dataset
    from battles.questions.filters import ListFilter


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
    sizes: list[int] = []  # how many rows each record has
    briefs: list[Brief] = []
    for brief, found in items:
        parts += found
        sizes.append(len(found))
        briefs.append(brief)
    names = list(map(attrgetter("key"), parts))  # each row's name as lookups compare it
    order, count = _by_name_and_date(parts, names, sizes, briefs, query, what)
    # The rows stay in the records' order (read in that order, they are read from memory
    # in the order they were made); the order they are shown in is kept beside them.
    return Joined(make, parts, _places(sizes), briefs, order), count


def _places(sizes: list[int]) -> list[int]:
    """Each row's record's place, from how many rows each record has."""
    return list(chain.from_iterable(map(repeat, range(len(sizes)), sizes)))


def _by_name_and_date(
    rows: Sequence[Commanded | Posted],
    names: list[str],
    sizes: list[int],
    briefs: list[Brief],
    query: str | None,
    what: str,
) -> tuple[list[int], int]:
    """The rows (their places) that ``query`` names (all without one), and how many names
    they have; sorted by name, then by their battle's start and name, else as they came.

    The rows are taken record by record in the records' date order, then sorted on one
    whole number, the name's rank among the names: the sort keeps the order of rows whose
    names are the same (a third of a million rows sort in a tenth of the time tuples of
    text take, and no key is computed per row in Python)."""
    distinct = sorted(set(names))
    if query is not None:
        first: dict[str, str] = {}
        for row, key in zip(rows, names, strict=True):
            first.setdefault(key, row.name)
        chosen = pick(list(first.values()), query, what, list(first))
        distinct = [key for key in distinct if key in chosen]
    name_rank = dict(zip(distinct, range(len(distinct)), strict=True))
    starts = list(accumulate(sizes, initial=0))
    dated = sorted(range(len(briefs)), key=lambda n: (briefs[n].start.number, briefs[n].sort_name))
    order = list(chain.from_iterable(range(starts[n], starts[n + 1]) for n in dated))
    if query is None:
        ranks = list(map(name_rank.__getitem__, names))
    else:
        ranks = [name_rank.get(key, -1) for key in names]
        order = [n for n in order if ranks[n] >= 0]
    order.sort(key=ranks.__getitem__)
    return order, len(distinct)


class Kept(Sequence[Any]):
    """Every row of ``people`` or ``units`` (no name asked for) of the chosen records, from
    each record's kept CSV lines (``kept()``, see ``loading.digest.KeptLines``): sorted by
    the names and dates they hold, counted, and written as CSV with no row made, no field
    formatted and no line encoded. The rows themselves (``rows()``: each record's digest
    rows) are read only when the rows are read as rows (a screenful, JSON, Markdown), in
    the same order; the kept lines are let go of then."""

    __slots__ = ("_joined", "_kept", "briefs", "kept", "make", "names", "order", "rows", "sizes")

    def __init__(
        self,
        make: Callable[[Any, Brief], Any],
        briefs: list[Brief],
        kept: Callable[[], list[KeptLines]],
        rows: Callable[[], Iterable[Sequence[Any]]],
    ) -> None:
        self.make, self.briefs, self.kept, self.rows = make, briefs, kept, rows
        found = kept()
        keys = list(chain.from_iterable(k.keys for k in found))
        self.sizes = [len(k.keys) for k in found]
        self.order, self.names = _by_name_and_date([], keys, self.sizes, briefs, None, "")
        self._kept: list[KeptLines] | None = found  # until the rows are made
        self._joined: Joined | None = None

    @classmethod
    def of(
        cls,
        dataset: Dataset,
        flt: ListFilter | None,
        make: Callable[[Any, Brief], Any],
        lines: int,
        rows: int,
    ) -> Kept:
        """The rows of the records that pass ``flt``: their kept CSV lines from the region
        ``lines``, their digest rows (read when needed) from the region ``rows``."""
        from battles.loading.digest import BRIEF
        from battles.questions import filters

        chosen = filters.select(dataset, flt)
        return cls(
            make,
            dataset.digests(BRIEF, chosen),
            lambda: dataset.digests(lines, chosen, held=False),
            lambda: dataset.digests(rows, chosen),
        )

    def lines(self, size: int) -> Iterator[bytes]:
        """The rows' CSV lines, ``size`` at a time (UTF-8, as they are written)."""
        found = self._kept if self._kept is not None else self.kept()
        lines = list(chain.from_iterable(k.lines for k in found))
        order = self.order
        for first in range(0, len(order), size):
            yield b"".join(map(lines.__getitem__, order[first : first + size]))

    def joined(self) -> Joined:
        """The rows, each made when read (see :class:`Joined`)."""
        if self._joined is None:
            self._kept = None
            found = list(self.rows())
            sizes = list(map(len, found))
            if sizes == self.sizes:
                parts = list(chain.from_iterable(found))
                self._joined = Joined(self.make, parts, _places(sizes), self.briefs, self.order)
            else:  # two digests of a record that disagree: the rows are sorted themselves
                self._joined = joined(zip(self.briefs, found, strict=True), self.make, None, "")[0]
                self.order = self._joined.order
        return self._joined

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, n: Any) -> Any:
        return self.joined()[n]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.joined())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Joined | Kept | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Kept({list(self)!r})"
