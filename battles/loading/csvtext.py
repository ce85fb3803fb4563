"""CSV text: a cell as a field, and the lines the cache keeps of the rows of ``compare`` and
``timeline``.

A compare row straight from a record (a side's losses or strength, the civilians', all sides
together) and a timeline event are the same line in every run: the record's digest keeps it
(see :mod:`battles.loading.digest`), so that a CSV of thirty thousand rows formats no figure
and no date. The writer of any table (:mod:`battles.render.formats`) writes its fields with
the functions here, so that a kept line and a written one cannot differ; the cache's
fingerprint covers this module, so a change here rebuilds the kept lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from battles import tally
from battles.dates import PartialDate
from battles.figures import NOT_STATED_FORM, Figure, Part, format_figure

Cell = str | int | float | bool | Figure | None

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_START)

# The labels of the compare rows that are not a side's.
CIVILIANS = "civilians"
TOGETHER = "all sides together (as stated)"
ALL_SIDES = "all sides"


def cell_text(cell: Cell) -> str:
    """A cell as text for a reader (Markdown): a figure in its notation, with ``*`` after a
    figure the tool computed; empty for nothing."""
    if cell is None:
        return ""
    if isinstance(cell, Figure):
        return format_figure(cell) + ("" if cell.stated else "*")
    if isinstance(cell, bool):
        return "true" if cell else "false"
    return str(cell)


def csv_field(cell: Cell) -> str:
    """One CSV field: text guarded against formulas (a leading ``'`` before ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return) and quoted when it holds a comma, a quote or a
    line break (RFC 4180); numbers as they are."""
    cls = cell.__class__
    if cls is str:
        text: str = cell  # type: ignore[assignment]
    elif cell is None:
        return ""
    elif cls is int or cls is float:
        return str(cell)
    else:
        text = cell_text(cell)
    if text[:1] in _FORMULA_FIRST:
        text = "'" + text
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


def figure_fields(cell: Cell) -> str:
    """A figure as four fields: its form, its low and high (the low inclusive) and its text
    as every view shows it, so that ``8 / 18`` (disputed) never reads as a range."""
    if not isinstance(cell, Figure):
        return f"{NOT_STATED_FORM},,,"
    low, high = tally.bounds(cell)
    return (
        f"{cell.form},{'' if low is None else low},{'' if high is None else high},"
        f"{csv_field(format_figure(cell))}"
    )


# -- compare ----------------------------------------------------------------------------------


def compare_cells(
    battle: tuple[str, str],
    phase: str | None,
    label: str,
    kind: str,
    figures: Sequence[Figure | None],
    total: Figure | None,
    other: tuple[Part, ...] | None,
    strength: Figure | None,
    role: str | None,
    result: str | None,
) -> list[Cell]:
    """A compare row's cells: the battle's id and name, the phase, the side, the kind of
    row, a figure per column, the labels of the other losses (None: no such column), the
    share of the strength the ``total`` losses are (low, high) and the side's role and
    result."""
    share = tally.share(total, strength) if strength is not None else None
    cells: list[Cell] = [battle[0], battle[1], phase, label, kind, *figures]
    if other is not None:
        cells.append("; ".join(f"{p.label}: {format_figure(p.figure)}" for p in other) or None)
    if share is None:
        cells += (None, None, role, result)
    else:
        low, high = share
        cells += (round(low, 4), None if high is None else round(high, 4), role, result)
    return cells


def compare_line(cells: Sequence[Cell], figure_count: int) -> str:
    """A compare row's CSV line, as the writer of tables writes it: the five cells before
    the figures as text, ``figure_count`` figures, then the rest."""
    figures = 5 + figure_count
    return ",".join(
        [
            *map(csv_field, cells[:5]),
            *map(figure_fields, cells[5:figures]),
            *map(csv_field, cells[figures:]),
        ]
    )


# -- timeline ---------------------------------------------------------------------------------


def dated(date: PartialDate, end: PartialDate | None) -> str:
    """The first three fields of a timeline entry's line: its date, end and precision."""
    return f"{date.iso()},{end.iso() if end is not None else ''},{date.precision}"


def timeline_line(
    dates: str,
    battle: tuple[str, str],
    kind: str,
    text: str,
    when: str | None,
    side: str | None,
    source: tuple[str, ...],
    context: bool,
) -> str:
    """A timeline entry's CSV line: its ``dates`` (see :func:`dated`), the battle's id and
    name, the kind of entry, the side, what happened, the sources' wording of the date,
    whether it is context and its sources (the dates, ids, kinds and sources written as
    they are)."""
    return ",".join(
        [
            dates,
            battle[0],
            csv_field(battle[1]),
            kind,
            csv_field(side),
            csv_field(text),
            csv_field(when),
            "true" if context else "false",
            " ".join(source),
        ]
    )
