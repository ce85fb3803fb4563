"""Results as plain data (for JSON) and as flat tables (for CSV and Markdown). No Rich here.

A figure in JSON is an object that keeps its range, its form, its wording and its sources;
in a table it is one cell (Markdown shows its short form, CSV splits it into ``_low`` and
``_high`` columns).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

import msgspec

from battles import model, tally
from battles.dates import PartialDate, format_span
from battles.figures import Figure
from battles.loading.csvtext import Cell as Cell
from battles.loading.csvtext import cell_text as cell_text
from battles.loading.plain import band_data as band_data  # for the other renderers
from battles.loading.plain import figure_data as figure_data
from battles.loading.plain import summary_data as summary_data
from battles.tally import LOSS_COLUMNS, Breakdown

if TYPE_CHECKING:
    from battles.loading.digest import Brief

# 2: figure forms as tokens (at_least, approx...), effective sources, scope, totals from the
# tally, "other" losses and civilians in compare, an end that is not stated as null.
# 3: record format 2: the form "band" with the band, a figure's "counts", the winner in
# list, each side's role and result in compare.
JSON_SCHEMA_VERSION = 3
BLOCK_ROWS = 2000  # rows at a time: a large table is written as it is made


@dataclass
class Tabular:
    """A flat table: column names and rows of cells. The rows may be made as they are read
    (a large timeline is never held whole): read them once."""

    columns: list[str]
    rows: Iterable[Sequence[Cell]] = field(default_factory=list)
    figures: set[str] = field(default_factory=set)  # columns that hold figures
    # Columns of text the tool makes (dates, ids, kinds, true/false), never None: no CSV
    # quoting or formula guard is needed for them.
    plain: frozenset[str] = frozenset()
    # The CSV lines after the header, a block of ``size`` rows at a time, where the table
    # writes them itself: each row's line kept by the digests (:func:`kept_lines`, see
    # loading.csvtext; as UTF-8 bytes, :func:`kept_bytes`, or where the cache keeps them so:
    # people and units, see questions.joined.Kept) or made its own way (render.units). The
    # CSV writer then writes these and reads no cell; the rows are still there for Markdown
    # (none, for a result made of kept bytes only).
    csv_lines: Callable[[int], Iterator[str | bytes]] | None = None

    def column_blocks(self, size: int = BLOCK_ROWS) -> Iterator[list[Sequence[Cell]]]:
        """The rows a block at a time, each block column by column."""
        rows = iter(self.rows)
        while block := list(islice(rows, size)):
            yield list(zip(*block, strict=True))


def kept_lines(lines: Iterable[str]) -> Callable[[int], Iterator[str | bytes]]:
    """Rows' CSV lines as :attr:`Tabular.csv_lines` writes them: ``size`` lines a block."""

    def blocks(size: int) -> Iterator[str | bytes]:
        kept = iter(lines)
        while block := list(islice(kept, size)):
            block.append("")
            yield "\n".join(block)

    return blocks


def kept_bytes(lines: Sequence[bytes]) -> Callable[[int], Iterator[str | bytes]]:
    """:func:`kept_lines` of lines kept as UTF-8 bytes, written as they are (never decoded)."""

    def blocks(size: int) -> Iterator[str | bytes]:
        for start in range(0, len(lines), size):
            block = list(lines[start : start + size])
            block.append(b"")
            yield b"\n".join(block)

    return blocks


# -- figures and records as plain data --------------------------------------------------------


def _plain(value: Any, inherited: tuple[str, ...] = ()) -> Any:
    """Structs as dicts and tuples as lists, with figures as objects (citing the nearest
    enclosing source where they cite none) and dates as ISO text."""
    if isinstance(value, Figure):
        return figure_data(value, inherited)
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, msgspec.Struct):
        own = getattr(value, "source", None)
        if isinstance(own, tuple) and own:
            inherited = own
        return {name: _plain(getattr(value, name), inherited) for name in value.__struct_fields__}
    if isinstance(value, tuple):
        return [_plain(item, inherited) for item in value]
    return value


# The notation of figures, as every view that shows them explains it.
LEGEND = "— not stated · ? unknown · ~ about · ≥ at least · a / b disputed · * computed"


# -- dates as every view shows them ---------------------------------------------------------


def span(record: model.Record | model.Phase | Brief) -> str:
    """A record's (or phase's) dates as shown: ``23–27 Sep 1941``, or an open end."""
    if not isinstance(record, model.Phase) and record.end_unknown:
        return f"from {record.start.human()}, end not stated"
    return format_span(record.start, record.end)


def event_date(event: model.Event) -> str:
    """An event's date as shown: ``23 Sep 1941``, a span, or the sources' wording."""
    if event.date is None:
        return event.when or "date not given"
    shown = format_span(event.date, event.end)
    if event.when and event.when.lower() not in shown.lower():
        shown += f" ({event.when})"
    return shown


def losses_data(found: Breakdown | None) -> dict[str, Any] | None:
    """A side's losses as the tally adds them up: every column, and the other losses."""
    if found is None:
        return None
    return {
        **{column: figure_data(found.column(column)) for column in LOSS_COLUMNS},
        "other_losses": [{"label": p.label, **(figure_data(p.figure) or {})} for p in found.other],
    }


def record_data(record: model.Record) -> dict[str, Any]:
    """The whole record, every field, with figures as objects and dates as ISO text, and the
    totals of each side and of the battle as the tally gives them."""
    data: dict[str, Any] = _plain(record)
    for side, side_data in zip(record.sides, data["sides"], strict=True):
        side_data["totals"] = {
            "losses": losses_data(tally.breakdown(side.casualties)),
            "strength": figure_data(side.strength, tuple(side.source)),
        }
    data["totals"] = {
        "casualties": figure_data(tally.battle_losses(record)),
        "strength": figure_data(tally.battle_strength(record)),
        "civilians": figure_data(tally.civilian_losses(record)),
    }
    return data


# -- results as flat tables ----------------------------------------------------------------


def figure_columns(table: Tabular) -> list[int]:
    """The indexes of the columns declared to hold figures."""
    return [i for i, name in enumerate(table.columns) if name in table.figures]
