"""JSON, CSV and Markdown output of any result, as text."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from battles.loading.csvtext import FORMULA_START as FORMULA_START
from battles.loading.csvtext import csv_field as csv_field  # for the other writers
from battles.loading.csvtext import figure_fields as _figure_fields
from battles.render import registry
from battles.render.data import (
    BLOCK_ROWS,
    Cell,
    Tabular,
    cell_text,
    figure_columns,
)
from battles.text import clean


def safe_cell(text: str) -> str:
    """A CSV cell that no spreadsheet will run as a formula: a leading ``'`` is added to text
    that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return."""
    return "'" + text if text.startswith(FORMULA_START) else text


def json_text(document: object) -> str:
    """Indented JSON, UTF-8 characters kept as they are (msgspec: fast for large output)."""
    import msgspec

    return msgspec.json.format(msgspec.json.encode(document), indent=2).decode("utf-8") + "\n"


def to_json(result: object) -> Iterator[str | bytes]:
    own = registry.json(result)
    if own is not None:
        yield from own
        return
    yield json_text(registry.data(result))


_NONE = type(None)
_TEXTS = frozenset({str, _NONE})
_NUMBERS = frozenset({int, float, _NONE})  # exactly: a bool is no number here
_TRUTHS = frozenset({bool, _NONE})
_TRUTH = {True: "true", False: "false", None: ""}
_SPECIAL = ('"', ",", "\n", "\r", *("\x00" + c for c in FORMULA_START))


def text_fields(column: Iterable[Cell]) -> Iterable[str]:
    """A column's fields, as :func:`csv_field` writes each cell, a column in one pass where
    it can be: numbers (or nothing) as they are, true/false, and text looked at whole first
    (where no field needs quoting or a guard, the texts are the fields; else, where values
    repeat, as a battle's name on each of its units, each value is written once and looked
    up after). Cells of mixed kinds go one by one (``True == 1`` and ``1 == 1.0`` as keys,
    but not as text)."""
    cells = column if isinstance(column, list | tuple) else list(column)
    kinds = set(map(type, cells))
    if not kinds <= _TEXTS:
        if kinds <= _NUMBERS:  # as csv_field writes them: as they are
            if _NONE in kinds:
                return ["" if v is None else str(v) for v in cells]
            return map(str, cells)
        if kinds <= _TRUTHS:
            return map(_TRUTH.__getitem__, cells)
        return map(csv_field, cells)
    texts: list[Any] = [v if v is not None else "" for v in cells]
    joined = "\x00" + "\x00".join(texts)
    if not any(c in joined for c in _SPECIAL):
        return texts
    distinct = set(texts)
    if len(distinct) * 2 > len(texts):
        return map(csv_field, cells)
    written = {v: csv_field(v) for v in distinct}
    return map(written.__getitem__, texts)


def tabular_csv(table: Tabular, block_rows: int = BLOCK_ROWS) -> Iterator[str | bytes]:
    """One line per table row; a figure column becomes ``NAME_form``, ``NAME_low``,
    ``NAME_high`` and ``NAME_text``.

    The text comes in pieces, so that a table of a hundred thousand rows is never held
    whole, neither as rows nor as text (a piece of lines the table keeps as UTF-8 bytes is
    bytes, see ``data.kept_bytes``). Fields are written here rather than by :mod:`csv`
    (which looks at every character on its own): a column the table declares plain
    is written as it is, every other field goes through :func:`csv_field`."""
    figures = set(figure_columns(table))
    header: list[str] = []
    for i, name in enumerate(table.columns):
        header += (
            [f"{name}_form", f"{name}_low", f"{name}_high", f"{name}_text"]
            if i in figures
            else [name]
        )
    yield ",".join(header) + "\n"
    if table.csv_lines is not None:  # a table that writes its lines itself
        yield from table.csv_lines(block_rows)
        return
    texts = [
        i for i, name in enumerate(table.columns) if i not in figures and name not in table.plain
    ]
    single = len(table.columns) == 1
    # Figures repeat (the same "200" or "not stated" in many rows): each is written once.
    written: dict[Cell, str] = {}

    def figure_fields(cell: Cell) -> str:
        found = written.get(cell)
        if found is None:
            found = written[cell] = _figure_fields(cell)
        return found

    for block in table.column_blocks(block_rows):
        # Column by column: the per-field work is one map over a column, and the lines are
        # joined without a Python loop over the rows.
        columns: list[Iterable[Any]] = list(block)
        for i in figures:
            columns[i] = map(figure_fields, columns[i])
        for i in texts:
            columns[i] = text_fields(columns[i])
        lines: list[str] = list(map(",".join, zip(*columns, strict=True)))
        if single:
            lines = [line or '""' for line in lines]
        lines.append("")
        yield "\n".join(lines)


def to_csv(result: object) -> Iterator[str | bytes]:
    return tabular_csv(registry.table(result))


def _md(text: str) -> str:
    return clean(text).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(result: object) -> Iterator[str]:
    document = registry.markdown(result)  # a record is a document, not one table
    if document is not None:
        yield from document
        return
    table = registry.table(result)
    yield "| " + " | ".join(_md(c) for c in table.columns) + " |\n"
    yield "|" + "|".join("---" for _ in table.columns) + "|\n"
    rows = iter(table.rows)
    while chunk := list(islice(rows, BLOCK_ROWS)):
        yield "".join("| " + " | ".join(_md(cell_text(c)) for c in row) + " |\n" for row in chunk)


WRITERS: dict[str, Callable[[object], Iterator[str | bytes]]] = {
    "json": to_json,
    "csv": to_csv,
    "markdown": to_markdown,
}
