"""``compare`` in every form: on the terminal (a row per side under a heading per battle,
with bars), as a JSON document, and as a table (CSV, Markdown). Rich is imported only by the
terminal's functions: a CSV run imports none."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from battles.figures import format_figure
from battles.loading.csvtext import compare_cells
from battles.render.data import Cell, Tabular, figure_data, kept_bytes, kept_lines
from battles.text import clean

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from battles.questions.compare import CompareRow, Comparison

NAME_WANT = 24  # the room names get before figures wrap
NAME_MIN = 10  # below this, a terminal is too narrow for the figures: Rich squeezes


def _other_cell(row: CompareRow, marks: list[str]) -> Text:
    """The losses beside the four kinds: each figure with a letter for its label, which
    ``marks`` collects to be listed under the group's rows (``8 (a)``)."""
    from rich.text import Text

    from battles.render.terminal import NOT_STATED, figure_cell

    if not row.other:
        return Text(NOT_STATED, style="dim")
    cell = Text()
    for n, part in enumerate(row.other):
        if n:
            cell.append("\n")
        letter = _letter(len(marks))
        marks.append(f"({letter}) {clean(part.label)}")
        cell.append_text(figure_cell(part.figure))
        cell.append(f" ({letter})", style="dim")
    return cell


def _other_note(row: CompareRow) -> list[str]:
    """A row's other losses written out, one a line (a figure begins its line, so it is
    never broken), for a terminal too narrow for their column."""
    return [f"{row.label}, other losses:"] + [
        f"  {format_figure(p.figure)} {p.label}" for p in row.other
    ]


def _letter(n: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[n] if n < len(letters) else f"{n + 1}"


def _cell_width(cell: Text) -> int:
    """The width a cell needs so that no figure in it is cut: its longest line, where a
    disputed figure may break after each ``/``."""
    pieces = re.split(r"(?<=/) |\n", cell.plain)
    return max((len(p) for p in pieces), default=1)


def _widths(rows: Sequence[CompareRow], column: str) -> tuple[int, int]:
    """How wide a compare column is with every cell on one line, and at the least (no
    figure cut; a label's letter may go below its figure)."""
    from battles.render.terminal import figure_cell

    header = len(column)
    if column == "other":
        figures = [
            format_figure(p.figure) + ("" if p.figure.stated else "*")
            for r in rows
            for p in r.other
        ]
        full = max([header] + [len(f) + 4 for f in figures])
        return full, max([header] + [len(f) + 1 for f in figures])
    cells = [figure_cell(row.figures.get(column)) for row in rows]
    full = max([header] + [len(c.plain) for c in cells])
    return full, max([header] + [_cell_width(c) for c in cells])


def _longest_word(rows: Sequence[CompareRow]) -> int:
    return max((len(w) for row in rows for w in row.label.split()), default=0)


def render_compare(
    comparison: Comparison, console: Console, *, share: bool = False, scale: str = "auto"
) -> None:
    """One row per side under a heading line per battle (or phase); a bar for the last
    figure column. Figures are never cut: a narrow terminal wraps names (at spaces) and
    disputed figures (after a "/"), leaves out the bars, and lists the other losses under
    the battle's rows rather than in a column."""
    from rich.console import RenderableType
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from battles.render.terminal import (
        BAR_WIDTH,
        LEGEND,
        NOT_STATED,
        _more,
        bar,
        choose_scale,
        figure_cell,
        safe_text,
    )

    rows = comparison.rows
    columns = [c for c in comparison.columns if any(r.figures.get(c) is not None for r in rows)]
    silent = [c for c in comparison.columns if c not in columns]
    by_battle = all(row.kind != "side" for row in rows)
    chart = comparison.columns[-1]
    bars = choose_scale([row.figures.get(chart) for row in rows], scale)
    share_width = max([len("% str.")] + [len(_percent(r)) for row in rows if (r := row.share())])

    # Each column is followed by one space (none after the last). The names want room for
    # their longest word; the bars come last and go first.
    names_need = min(max(_longest_word(rows) + 2, NAME_MIN), NAME_WANT)
    names_want = min(
        max((len(row.label) + (len(row.tag) + 3 if row.tag else 0) + 2 for row in rows), default=0),
        NAME_WANT,
    )
    names_want = max(names_want, names_need)

    def layout(shown: list[str]) -> tuple[list[int], int, bool]:
        sizes = [_widths(rows, c) for c in shown] + ([(share_width,) * 2] if share else [])
        full = [f for f, _ in sizes]
        least = [m for _, m in sizes]
        bar_cols = BAR_WIDTH + 2
        for widths in (full, least):
            room = console.width - sum(w + 1 for w in widths)
            if room - bar_cols >= names_want or widths is least:
                break
        show_bar = room - bar_cols >= names_need
        return widths, room - (bar_cols if show_bar else 0), show_bar

    in_table = list(columns)
    widths, name_width, show_bar = layout(in_table)
    other_below = False
    if name_width < names_need and "other" in in_table:
        in_table.remove("other")
        other_below = True
        widths, name_width, show_bar = layout(in_table)
    name_width = max(name_width, NAME_MIN)
    headers = [c.capitalize() for c in in_table] + (["% str."] if share else [])

    def table(header: bool) -> Table:
        grid = Table(
            box=None, pad_edge=False, show_edge=False, show_header=header, padding=(0, 1, 0, 0)
        )
        grid.add_column(
            "Battle" if by_battle and any(r.kind == "battle" for r in rows) else "Battle / side",
            width=name_width,
        )
        for name, width in zip(headers, widths, strict=True):
            grid.add_column(name, justify="right", width=width, overflow="fold")
        if show_bar:
            grid.add_column("", width=BAR_WIDTH + 1, no_wrap=True)
        return grid

    def notes(lines: list[str]) -> None:
        if lines and not other_below:
            console.print(Padding(safe_text(" · ".join(lines), style="dim"), (0, 0, 0, 4)))
        for line in lines if other_below else ():
            indent = 4 + len(line) - len(line.lstrip(" "))
            console.print(Padding(safe_text(line.lstrip(" "), style="dim"), (0, 0, 0, indent)))

    def equipment(lines: list[str]) -> None:
        for line in lines:  # a side's equipment under its battle: never added to the men
            console.print(Padding(safe_text(line, style="dim"), (0, 0, 0, 4)))
        lines.clear()

    current = table(header=True)
    group: str | None = None
    marks: list[str] = []  # the labels of "other", lettered afresh in each group
    kit: list[str] = []  # the sides' equipment of the group, written under it
    rule = Text("─" * console.width, style="dim")
    for row in rows:
        heading = f"{row.battle.name}: {row.phase}" if row.phase else row.battle.name
        battle_row = by_battle and row.kind == "battle"
        # A battle's name stays on one line: one too long for the names' column gets a
        # line of its own above its figures.
        own_line = battle_row and len(clean(heading)) > name_width
        if heading != group:
            if not battle_row or group is None or marks or kit or own_line:
                console.print(current)
                if group is None:
                    console.print(rule)
                notes(marks)
                equipment(kit)
                if not battle_row or own_line:
                    console.print(safe_text(heading, style="bold"), overflow="fold")
                current = table(header=False)
            marks = []
            group = heading
        cells: list[RenderableType] = [
            _other_cell(row, marks) if c == "other" else figure_cell(row.figures.get(c))
            for c in in_table
        ]
        if other_below and row.other:
            marks.extend(_other_note(row))
        if row.equipment:
            what = "equipment lost" if comparison.measure == "casualties" else "equipment"
            kit.append(
                f"{row.label}, {what}: "
                + " · ".join(f"{format_figure(p.figure)} {p.label}" for p in row.equipment)
            )
        if share:
            ratio = row.share()
            cells.append(Text(_percent(ratio)) if ratio else Text(NOT_STATED, style="dim"))
        if show_bar:
            cells.append(bar(row.figures.get(chart), bars))
        label: RenderableType
        if own_line:
            label = Text("")
        elif battle_row:
            label = safe_text(heading, style="bold")
        else:  # a side's name wraps with a hanging indent, under its first line
            label = _indented_name(row.label, name_width, row.tag)
        current.add_row(label, *cells)
    console.print(current)
    notes(marks)
    equipment(kit)
    count = len(rows)
    footer = _more(count, comparison.matched, "rows") or f"{count} row{'s' if count != 1 else ''}"
    if show_bar:
        footer += f" · bars: {chart}" + (", log scale" if bars.log else "")
    else:
        footer += " · no room for bars (a wider terminal shows them)"
    if silent:
        footer += f" · not stated for any row: {', '.join(silent)}"
    console.print(safe_text(footer, style="dim"))
    console.print(safe_text(LEGEND, style="dim"))


def _indented_name(name: str, width: int, tag: str | None = None) -> Text:
    """A side's name (and its tag, dim) two columns in, its wrapped lines four columns in
    where their words fit (else two), at spaces."""
    import textwrap

    from rich.text import Text

    from battles.render.terminal import safe_text

    def wrap(text: str, room: int) -> list[str]:
        return textwrap.wrap(
            text, width=max(room, 1), break_on_hyphens=False, break_long_words=False
        )

    lines = wrap(clean(name), width - 2)
    indent = "  "
    if len(lines) > 1:
        rest = " ".join(lines[1:])
        if max(len(w) for w in rest.split()) <= width - 4:
            indent = "    "
        lines = [lines[0], *wrap(rest, width - len(indent))]
    text = Text("\n").join(
        Text(("  " if n == 0 else indent) + line) for n, line in enumerate(lines or [""])
    )
    if tag:
        text.append_text(safe_text(f" ({tag})", style="dim"))
    text.overflow = "fold"
    return text


def _percent(ratio: tuple[float, float | None]) -> str:
    low = round(ratio[0] * 100)
    if ratio[1] is None:
        return f"≥ {low}%"
    high = round(ratio[1] * 100)
    return f"{low}%" if low == high else f"{low}–{high}%"


# -- data ----------------------------------------------------------------------------------


def compare_data(result: Comparison) -> dict[str, Any]:
    return {
        "view": "compare",
        "total": result.matched,
        "measure": result.measure,
        "columns": list(result.columns),
        "rows": [
            {
                "battle": row.battle.key,
                "battle_name": row.battle.name,
                "phase": row.phase,
                "side": row.label,
                "row": row.kind,
                "role": row.role,
                "result": row.result,
                "figures": {c: figure_data(row.figures.get(c)) for c in result.columns},
                "other_losses": [
                    {"label": p.label, **(figure_data(p.figure) or {})} for p in row.other
                ],
                "strength": figure_data(row.strength),
                "share": list(share) if (share := row.share()) else None,
                "equipment": [
                    {"label": p.label, **(figure_data(p.figure) or {})} for p in row.equipment
                ],
            }
            for row in result.rows
        ],
    }


def compare_table(result: Comparison) -> Tabular:
    lines = [row.line for row in result.rows]
    csv_lines = kept_lines(lines) if all(lines) else None
    if result.lines:  # a comparison written as CSV only (see questions.compare)
        csv_lines = kept_bytes(result.lines)
    return Tabular(
        [
            "battle",
            "battle_name",
            "phase",
            "side",
            "row",
            *result.columns,
            *(["other_labels"] if "other" in result.columns else []),
            "share_low",
            "share_high",
            "role",
            "result",
        ],
        (_compare_row(row, result.columns) for row in result.rows),
        figures=set(result.columns),
        csv_lines=csv_lines,
    )


def _compare_row(row: CompareRow, columns: Sequence[str]) -> list[Cell]:
    return compare_cells(
        (row.battle.key, row.battle.name),
        row.phase,
        row.label,
        row.kind,
        list(map(row.figures.get, columns)),
        row.figures.get("total"),
        row.other if "other" in columns else None,
        row.strength,
        row.role,
        row.result,
    )
