"""JSON, CSV and Markdown output of any result, as text."""

from __future__ import annotations

import csv
import io

from battles.figures import Figure
from battles.render.data import Cell, Tabular, cell_text, figure_columns, to_data, to_table
from battles.text import clean

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """A CSV cell that no spreadsheet will run as a formula: a leading ``'`` is added to text
    that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return."""
    return "'" + text if text.startswith(FORMULA_START) else text


def json_text(document: object) -> str:
    """Indented JSON, UTF-8 characters kept as they are (msgspec: fast for large output)."""
    import msgspec

    return msgspec.json.format(msgspec.json.encode(document), indent=2).decode("utf-8") + "\n"


def to_json(result: object) -> str:
    return json_text(to_data(result))


def _text_cell(cell: Cell) -> str | int | float:
    if cell.__class__ is str:
        text = cell
    elif isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return cell
    else:
        text = cell_text(cell)
    return "'" + text if text[:1] in _FORMULA_FIRST else text


_FORMULA_FIRST = set(FORMULA_START)


def _figure_cells(cell: Cell) -> tuple[str | int, str | int]:
    if not isinstance(cell, Figure):
        return ("", "")
    low, high = cell.bounds()
    return ("" if low is None else low, "" if high is None else high)


def tabular_csv(table: Tabular) -> str:
    """One row per table row; a figure column becomes ``NAME_low`` and ``NAME_high``."""
    figures = set(figure_columns(table))
    header: list[str] = []
    for i, name in enumerate(table.columns):
        header += [f"{name}_low", f"{name}_high"] if i in figures else [name]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    if not figures:
        first = _FORMULA_FIRST
        writer.writerows(
            [
                ("'" + c if c[:1] in first else c)
                if c.__class__ is str
                else (cell_text(c) if c is not None and c.__class__ is not int else c)
                for c in row
            ]
            for row in table.rows
        )
        return out.getvalue()
    for row in table.rows:
        cells: list[str | int | float] = []
        for i, cell in enumerate(row):
            if i in figures:
                cells.extend(_figure_cells(cell))
            else:
                cells.append(_text_cell(cell))
        writer.writerow(cells)
    return out.getvalue()


def to_csv(result: object) -> str:
    return tabular_csv(to_table(result))


def _md(text: str) -> str:
    return clean(text).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(result: object) -> str:
    table = to_table(result)
    lines = ["| " + " | ".join(_md(c) for c in table.columns) + " |"]
    lines.append("|" + "|".join("---" for _ in table.columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_md(cell_text(c)) for c in row) + " |")
    return "\n".join(lines) + "\n"


WRITERS = {"json": to_json, "csv": to_csv, "markdown": to_markdown}
