"""JSON, CSV and Markdown output of any result, as text."""

from __future__ import annotations

import csv
import io
import json

from battles.figures import Figure
from battles.render.data import Cell, Tabular, cell_text, figure_columns, to_data, to_table
from battles.text import clean

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """A CSV cell that no spreadsheet will run as a formula: a leading ``'`` is added to text
    that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return."""
    return "'" + text if text.startswith(FORMULA_START) else text


def to_json(result: object) -> str:
    return json.dumps(to_data(result), ensure_ascii=False, indent=2) + "\n"


def tabular_csv(table: Tabular) -> str:
    """One row per table row; a figure column becomes ``NAME_low`` and ``NAME_high``."""
    figures = set(figure_columns(table))
    header: list[str] = []
    for i, name in enumerate(table.columns):
        header += [f"{name}_low", f"{name}_high"] if i in figures else [name]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in table.rows:
        cells: list[str | int | float] = []
        for i, cell in enumerate(row):
            if i in figures:
                cells += _figure_cells(cell)
            elif isinstance(cell, (int, float)) and not isinstance(cell, bool):
                cells.append(cell)
            else:
                cells.append(safe_cell(cell_text(cell)))
        writer.writerow(cells)
    return out.getvalue()


def _figure_cells(cell: Cell) -> list[str | int | float]:
    if not isinstance(cell, Figure):
        return ["", ""]
    low, high = cell.bounds()
    return ["" if low is None else low, "" if high is None else high]


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
