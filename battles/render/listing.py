"""``battles list`` in every format: the Rich table (a large one without colour laid out
here, see _plain_list), the JSON document (written from the entries the cache keeps), and
the flat table CSV and Markdown are written from. Rich is imported only by the terminal
functions (a JSON or CSV run imports none)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from battles import tally
from battles.loading.digest import Brief
from battles.render.data import BLOCK_ROWS, JSON_SCHEMA_VERSION, Tabular, summary_data
from battles.text import clean

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from battles.questions.listing import ListResult


def render_list(result: ListResult, console: Console) -> None:
    from rich import box
    from rich.table import Table

    from battles.render.data import span
    from battles.render.terminal import _more, figure_cell, safe_text

    records = result.records
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=True)
    # Names and places wrap between words: a column is at least as wide as its longest
    # word (up to a limit), so that no word is cut. (Rich shares out the width of columns
    # with a ratio from their ``width`` up; it does not look at ``min_width`` there.)
    table.add_column("Name", style="bold", ratio=3, width=_longest(records, "name", 10))
    table.add_column("Kind", width=9, no_wrap=True)
    table.add_column("Dates", ratio=2, width=8)
    table.add_column("Place", ratio=2, width=_longest(records, "place", 8))
    figure = {"casualties": "Casualties", "strength": "Strength"}.get(result.sort)
    if figure:  # the column the list is sorted by
        table.add_column(figure, justify="right", no_wrap=True)
    words = max(
        (len(w) for r in records for w in clean(f"{r.result} {' '.join(r.sides)}").split()),
        default=0,
    )
    # With a figure column there is room for less: a long word of a result may break.
    table.add_column(
        "Result · sides", ratio=4, width=min(max(words, 12), 12 if figure else 18), overflow="fold"
    )

    def cells(record: Brief) -> list[Text]:
        outcome = safe_text(record.result or "result not stated")
        outcome.append("\n")
        outcome.append_text(safe_text(" vs ".join(record.sides), style="dim"))
        found = [
            safe_text(record.name),
            safe_text(record.kind),
            safe_text(span(record)),
            safe_text(record.place),
        ]
        if figure:
            found.append(figure_of(record))
        found.append(outcome)
        return found

    def plain_cells(record: Brief) -> list[str]:
        """The cells' text (what a table without colour shows of them)."""
        sides = clean(" vs ".join(record.sides))
        found = [clean(record.name), clean(record.kind), clean(span(record)), clean(record.place)]
        if figure:
            found.append(figure_of(record).plain)
        found.append(clean(record.result or "result not stated") + "\n" + sides)
        return found

    def figure_of(record: Brief) -> Text:
        if result.sort == "casualties":
            return figure_cell(tally.everyone(record.casualties, record.civilians))
        return figure_cell(record.strength)

    if len(records) > PLAIN_ROWS and plain_console(console):
        _plain_list(table, records, cells, plain_cells, figure_of if figure else None, console)
    else:
        for record in records:
            table.add_row(*cells(record))
        console.print(table)
    count = len(records)
    footer = _more(count, result.matched, "records") or (
        f"{count:,} record{'s' if count != 1 else ''}"
    )
    console.print(safe_text(footer, style="dim"))


# -- a large table without colour, laid out here ------------------------------------------------

# Rich measures, wraps and pads every cell of a table through several layers of objects:
# about a millisecond a row. A table of many rows drawn without colour (piped, or to a file)
# is drawn by Rich for its header and first rows, and the rest is laid out here, line for
# line as Rich lays it out (Text.wrap, Lines.justify, Padding; tests compare the two).
PLAIN_ROWS = 200


def plain_console(console: Console) -> bool:
    """Whether what is drawn on ``console`` is plain text: no colour, no style, not
    recorded (an SVG or HTML copy needs Rich's segments), not a terminal."""
    return console.color_system is None and not console.record and not console.is_terminal


def _plain_list(
    table: Table,
    records: Sequence[Brief],
    cells: Callable[[Brief], list[Text]],
    plain_cells: Callable[[Brief], list[str]],
    figure_of: Callable[[Brief], Text] | None,
    console: Console,
) -> None:
    """The list's table: the header and the first rows by Rich, at the widths Rich works
    out for the whole table, and the other rows laid out here at those widths."""
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table

    columns = table.columns
    if figure_of is not None:  # the one column Rich measures: its widest and wordiest cells
        texts = [figure_of(r).plain for r in records]
        widest = max(range(len(texts)), key=lambda n: cell_len(texts[n]))
        wordiest = max(
            range(len(texts)),
            key=lambda n: max((cell_len(w) for w in texts[n].split()), default=0),
        )
        for n in dict.fromkeys((widest, wordiest)):
            table.add_row(*cells(records[n]))
    try:
        widths = table._calculate_column_widths(  # Rich's own sums (tests check them)
            console,
            console.options.update_width(console.options.max_width - table._extra_width),
        )
    except AttributeError:  # another Rich: let it draw every row
        widths = None
    last = len(columns) - 1
    pads = [(0 if i == 0 else 1, 0 if i == last else 1) for i in range(len(columns))]
    # A column squeezed to a cell or none (a very narrow screen): Rich draws it all.
    if (
        widths is None
        or len(widths) != len(columns)
        or any(w - a - b < 2 for w, (a, b) in zip(widths, pads, strict=True))
    ):
        table.rows.clear()
        for cell in columns:
            cell._cells.clear()
        for record in records:
            table.add_row(*cells(record))
        console.print(table)
        return
    head = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for column, width, (left, right) in zip(columns, widths, pads, strict=True):
        head.add_column(
            column.header,
            style=column.style,
            justify=column.justify,
            no_wrap=column.no_wrap,
            overflow=column.overflow,
            width=width - left - right,
        )
    for record in records[:PLAIN_ROWS]:
        head.add_row(*cells(record))
    console.print(head)
    shapes = [
        (width - left - right, left, right, column.justify, column.overflow, column.no_wrap)
        for column, width, (left, right) in zip(columns, widths, pads, strict=True)
    ]
    blanks = [" " * width for width in widths]
    # Kinds, dates, places and outcomes repeat: each text of a column is laid out once.
    seen: list[dict[str, list[str]]] = [{} for _ in columns]
    out: list[str] = []
    for record in records[PLAIN_ROWS:]:
        laid = []
        for text, shape, memo in zip(plain_cells(record), shapes, seen, strict=True):
            lines = memo.get(text)
            if lines is None:
                lines = memo[text] = _cell_lines(text, *shape)
            laid.append(lines)
        height = max(len(lines) for lines in laid)
        if height == 1:
            out.append(" ".join(lines[0] for lines in laid))
        else:
            for line in range(height):
                out.append(
                    " ".join(
                        lines[line] if line < len(lines) else blank
                        for lines, blank in zip(laid, blanks, strict=True)
                    )
                )
        if len(out) > 4000:
            console.file.write("\n".join(out) + "\n")
            out.clear()
    if out:
        console.file.write("\n".join(out) + "\n")


_TRAILING = re.compile(r"\s+$")


def _cells_width(text: str) -> int:
    """The cells ``text`` takes on a terminal (an ASCII text: one a character)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _cell_lines(
    text: str, width: int, left: int, right: int, justify: str, overflow: str, no_wrap: bool
) -> list[str]:
    """A cell's lines as Rich draws them: Text.wrap at ``width`` (Rich's divide_line, each
    line's end trimmed, justified, truncated), then the padding."""

    def truncate(piece: str, pad: bool) -> str:
        length = _cells_width(piece)
        if length > width:
            from rich.cells import set_cell_size

            if overflow == "ellipsis":
                piece = set_cell_size(piece, width - 1) + "…"
            elif overflow != "ignore":
                piece = set_cell_size(piece, width)
        if pad and length < width:
            piece += " " * (width - length)
        return piece

    found = []
    for line in text.split("\n"):
        if no_wrap or _cells_width(line) <= width:
            pieces = [line]
        else:
            from rich._wrap import divide_line

            offsets = divide_line(line, width, fold=overflow == "fold")
            pieces = [
                line[start:end]
                for start, end in zip([0, *offsets], [*offsets, len(line)], strict=True)
            ]
            for n, piece in enumerate(pieces):  # Text.rstrip_end
                if len(piece) > width and (space := _TRAILING.search(piece)) is not None:
                    pieces[n] = piece[: len(piece) - min(len(space.group(0)), len(piece) - width)]
        for piece in pieces:
            if justify == "right":
                piece = truncate(piece.rstrip(), pad=False)
                piece = " " * (width - _cells_width(piece)) + piece
            else:
                piece = truncate(piece, pad=True)
            found.append(" " * left + truncate(piece, pad=False) + " " * right)
    return found


def _longest(records: Sequence[Brief], field: str, least: int, most: int = 18) -> int:
    """The width of the longest word of a column's texts, between ``least`` and ``most``."""
    words = (len(w) for r in records for w in clean(getattr(r, field) or "").split())
    return min(max(max(words, default=0), least), most)


# -- data and tables -------------------------------------------------------------------------


def list_data(result: ListResult) -> dict[str, Any]:
    return {
        "view": "list",
        "total": result.matched,
        # Each record's entry as the cache keeps it, written out when it was derived (see
        # digest.listed): JSON text that goes into the document as it is.
        "records": (
            [msgspec.Raw(entry) for entry in result.entries]
            if result.entries
            else [summary_data(r) for r in result.records]
        ),
    }


def list_json(result: ListResult) -> Iterator[str | bytes]:
    """The JSON document of a listing (the text ``list_data`` gives), written from the
    entries the cache keeps already indented (see digest.listed): a block of entries at a
    time, none parsed or formatted again."""
    if not result.entries:
        from battles.render.formats import json_text
        from battles.render.registry import data

        yield json_text(data(result))
        return
    yield (
        f'{{\n  "schema_version": {JSON_SCHEMA_VERSION},\n  "view": "list",\n'
        f'  "total": {result.matched},\n  "records": [\n'
    )
    entries = result.entries
    for start in range(0, len(entries), BLOCK_ROWS):
        yield b",\n".join(entries[start : start + BLOCK_ROWS])
        yield ",\n" if start + BLOCK_ROWS < len(entries) else "\n"
    yield "  ]\n}\n"


def list_table(result: ListResult) -> Tabular:
    return Tabular(
        [
            "id",
            "name",
            "kind",
            "start",
            "end",
            "place",
            "result",
            "sides",
            "casualties",
            "strength",
            "civilians",
            "winner",
        ],
        (
            [
                r.key,
                r.name,
                r.kind,
                r.start.iso(),
                "" if r.end_unknown else r.last.iso(),
                r.place,
                r.result,
                " vs ".join(r.sides),
                r.casualties,
                r.strength,
                r.civilians,
                r.winner,
            ]
            for r in result.records
        ),
        figures={"casualties", "strength", "civilians"},
    )
