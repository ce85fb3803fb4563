"""Tables made a block of columns at a time, each column in one pass (no row made as an
object): of rows (ratios), or of the digests' rows of ``people`` and ``units`` joined to
their records' briefs (see :class:`battles.questions.joined.Joined`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from battles.render.data import BLOCK_ROWS, Cell, Tabular

if TYPE_CHECKING:
    from battles.loading.digest import Brief
    from battles.questions.joined import Joined

# A column of a Joined's rows: from a block of its digest rows, or (the battle's columns)
# from the places of their records and the records' briefs.
Maker = Callable[[Sequence[Any]], list[Any]]


@dataclass
class ByBattle:
    """A column of the rows' battles: ``of(brief)`` for each brief once, then looked up."""

    of: Callable[[Brief], str]


START = ByBattle(lambda b: b.start.iso())


BATTLE = ByBattle(lambda b: b.key)


BATTLE_NAME = ByBattle(lambda b: b.name)


@dataclass
class Columnar(Tabular):
    """A table made a block of columns at a time, each column in one pass (no row is made
    as an object, neither here nor in the result): what the CSV writer reads. ``rows``
    still gives the rows, for Markdown."""

    blocks: Callable[[int], Iterator[list[Sequence[Cell]]]] | None = None

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


def columns_table(
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


def joined_table(
    rows: Joined,
    columns: list[str],
    makers: list[Maker | ByBattle],
    figures: set[str] | None = None,
    plain: frozenset[str] = frozenset(),
) -> Columnar:
    def blocks(size: int) -> Iterator[list[Sequence[Cell]]]:
        by_battle: dict[int, list[str]] = {}  # each battle column, a value per record
        for n, make in enumerate(makers):
            if isinstance(make, ByBattle):
                by_battle[n] = [make.of(b) for b in rows.briefs]
        for first in range(0, len(rows), size):
            at = rows.order[first : first + size]
            parts = list(map(rows.parts.__getitem__, at))
            places = list(map(rows.places.__getitem__, at))
            yield [
                list(map(by_battle[n].__getitem__, places))
                if isinstance(make, ByBattle)
                else make(parts)
                for n, make in enumerate(makers)
            ]

    return Columnar(columns, figures=figures or set(), plain=plain, blocks=blocks)
