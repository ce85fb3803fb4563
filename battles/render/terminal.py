"""Rich renderers for the terminal. Every piece of record text goes through
:func:`safe_text`, which makes a :class:`rich.text.Text` (never parsed as markup) from
cleaned text (no control characters)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.text import Text

from battles import tally
from battles.figures import Figure, format_figure
from battles.render.data import LEGEND as LEGEND
from battles.text import clean

if TYPE_CHECKING:  # only for annotations: a view imports just what it draws
    pass


def safe_text(text: str | None, style: str = "") -> Text:
    """Untrusted text as a Rich ``Text``: literal brackets, no control characters."""
    return Text(clean(text or ""), style=style)


def _more(count: int, matched: int, what: str) -> str | None:
    """The footer of a view cut to what fits: how many are shown, and how to see the rest."""
    if matched <= count:
        return None
    return f"showing {count:,} of {matched:,} {what}; --all shows every one, --limit N the first N"


NOT_STATED = "—"


def markers(source: Sequence[str], index: dict[str, int]) -> Text:
    """Citation markers such as `` [1,3]`` for the record's numbered sources."""
    numbers = sorted({index[s] for s in source if s in index})
    if not numbers:
        return Text()
    return Text(" [" + ",".join(str(n) for n in numbers) + "]", style="cyan")


def figure_cell(fig: Figure | None, index: dict[str, int] | None = None) -> Text:
    """A figure in one cell: its short form, ``?`` when unknown, ``*`` when computed."""
    if fig is None:
        return Text(NOT_STATED, style="dim")
    cell = Text(format_figure(fig))
    if not fig.stated:
        cell.append("*", style="dim")
    if index is not None:
        cell.append_text(markers(fig.source, index))
    return cell


Line = tuple[int, Text]  # an indent and a line of text; wrapped lines keep the indent


class Stack:
    """Lines, each wrapped within its own indent: drawn as a group of paddings would draw
    them, line for line, in one pass (a table of a record's sides holds dozens of them,
    and Rich measured and split each padding's lines again inside its group)."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        width = options.max_width
        new_line = Segment.line()
        for indent, text in self.lines:
            if not indent:
                yield text
                continue
            left = Segment(" " * indent)
            for line in console.render_lines(text, options.update_width(width - indent)):
                yield left
                yield from line
                yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import measure_renderables

        return measure_renderables(
            console, options, [Padding(t, (0, 0, 0, i)) if i else t for i, t in self.lines]
        )


def stack(lines: Sequence[Line]) -> RenderableType:
    """Lines as one renderable, each wrapped within its own indent."""
    if not lines:
        return Text(NOT_STATED, style="dim")
    return Stack(lines)


def figure_lines(fig: Figure, index: dict[str, int], indent: int = 0) -> list[Line]:
    """A figure with everything the record holds about it: parts, estimates, wording, note."""
    lines: list[Line] = []
    if fig.is_disputed:
        lines.append((indent, Text("disputed:", style="yellow")))
    else:  # its own value; the other estimates follow, each on its line ("also ...")
        cell = figure_cell(fig.replace(estimates=()), index)
        if fig.counts:
            cell.append(f" ({fig.counts})", style="dim")
        lines.append((indent, cell))
    if fig.text:
        lines.append((indent + 2, safe_text(f"“{fig.text}”", style="dim")))
    if fig.scope:
        lines.append((indent + 2, safe_text(f"only {fig.scope}", style="yellow")))
    if fig.note:
        lines.append((indent + 2, safe_text(fig.note, style="dim")))
    for part in fig.parts:
        line = Text("+ ") + figure_cell(part.figure, index) + safe_text(f" {part.label}")
        lines.append((indent + 2, line))
        if part.figure.note:
            lines.append((indent + 4, safe_text(part.figure.note, style="dim")))
    for estimate in fig.estimates:
        sub = figure_lines(estimate, index, indent + 2)
        if not fig.is_disputed:
            sub[0] = (sub[0][0], Text("also ", style="yellow") + sub[0][1])
        lines.extend(sub)
    return lines


PALETTE = ("cyan", "magenta", "green", "yellow", "blue", "red", "bright_cyan", "bright_magenta")


# -- show ----------------------------------------------------------------------------------------


class Hanging:
    """``text`` whose wrapped lines start ``indent`` columns in, under the text after its
    first ``indent`` characters (a bullet, a number). Drawn as a grid of a fixed column and
    a wrapping one would draw it, line for line, without a table's measuring of its cells
    (the bullets of a record's notes were most of ``show``'s time in Rich)."""

    def __init__(self, text: Text, indent: int) -> None:
        self.head = text[:indent]
        self.body = text[indent:]
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        room = options.max_width - self.indent
        if room < 1:  # too narrow for the text: as a grid squeezes both columns
            from rich.table import Table

            grid = Table.grid(padding=0)
            grid.add_column(width=self.indent, no_wrap=True)
            grid.add_column(ratio=1)
            grid.add_row(self.head, self.body)
            yield grid
            return
        wide = Measurement.get(console, options.update_width(room), self.body).maximum
        width = max(min(wide, room), 1)
        cell = options.update(width=width, justify="left", overflow="ellipsis", height=None)
        lines = console.render_lines(self.body, cell, pad=True)
        head = options.update(
            width=self.indent, justify="left", overflow="ellipsis", no_wrap=True, height=None
        )
        first = console.render_lines(self.head, head, pad=True)[0]
        blank = Segment(" " * self.indent)
        new_line = Segment.line()
        for number, line in enumerate(lines):
            if number:
                yield blank
            else:
                yield from first
            yield from line
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        inner = Measurement.get(console, options, self.body)
        return Measurement(inner.minimum + self.indent, inner.maximum + self.indent)


class Labelled:
    """Rows of a label (bold, at most ``LABEL_WIDTH`` columns, wrapped within them) and a
    text wrapped beside it: a record's events. Drawn as a table without borders would
    draw them (Rich's ``Table(box=None, padding=(0, 1), pad_edge=False)``, the label's
    column of ``max_width`` 22, the text's of ``ratio`` 1), line for line, without its
    measuring of every cell twice; on a screen too narrow for the label's column and a
    text's at least as wide, the table itself draws them, as it squeezes both."""

    LABEL_WIDTH = 22

    def __init__(self, rows: Sequence[tuple[Text, Text]]) -> None:
        self.rows = rows

    def table(self) -> RenderableType:
        from rich.table import Table

        table = Table(box=None, pad_edge=False, show_header=False, padding=(0, 1))
        table.add_column(style="bold", max_width=self.LABEL_WIDTH)
        table.add_column(ratio=1)
        for label, text in self.rows:
            table.add_row(label, text)
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        if not self.rows:
            return
        width = options.max_width
        label = min(
            max(Measurement.get(console, options, row[0]).maximum for row in self.rows),
            self.LABEL_WIDTH,
        )
        widest = max(Measurement.get(console, options, row[1]).maximum for row in self.rows)
        room = width - label - 2  # a space after the label and one before the text
        if room < label + 1 or label < 1 or widest < 1:  # the table squeezes both columns
            yield self.table()
            return
        text = min(widest, room)
        bold = console.get_style("bold")
        cell = {"justify": "left", "overflow": "ellipsis", "height": None}
        labels = options.update(width=label, **cell)  # type: ignore[arg-type]
        texts = options.update(width=text, **cell)  # type: ignore[arg-type]
        after_label = Segment(" ", bold)
        before_text = Segment(" ")
        no_label = [Segment(" " * (label + 1), bold)]  # a row's lines under its label
        no_text = [Segment(" " * text)]
        new_line = Segment.line()
        for row_label, row_text in self.rows:
            left = console.render_lines(row_label, labels, style=bold)
            right = console.render_lines(row_text, texts)
            for number in range(max(len(left), len(right))):
                if number < len(left):
                    yield from left[number]
                    yield after_label
                else:
                    yield from no_label
                yield before_text
                yield from right[number] if number < len(right) else no_text
                yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table())


def hanging(text: Text, indent: int, *, whole: bool = False) -> RenderableType:
    """``text`` whose wrapped lines start ``indent`` columns in, under the text after its
    first ``indent`` characters (a bullet, a number); with ``whole``, all of it indented."""
    if whole:
        return Padding(text, (0, 0, 0, indent))
    return Hanging(text, indent)


def bullet(text: Text) -> RenderableType:
    """A bullet whose wrapped lines line up under its text, not under the bullet."""
    return hanging(Text("• ") + text, 2)


# -- bars (compare, ratios, the site) -----------------------------------------------------

BAR_WIDTH = 8


class Scale(NamedTuple):
    """How long a bar is: the largest value takes the whole width; on a log scale a value
    takes its share of the orders of magnitude."""

    top: float
    log: bool

    def cols(self, value: int, width: int) -> int:
        if self.top <= 0 or value <= 0:
            return 0
        if self.log:
            return round(math.log10(1 + value) / math.log10(1 + self.top) * width)
        return round(value / self.top * width)


def choose_scale(figures: Sequence[Figure | None], scale: str = "auto") -> Scale:
    """Linear, or log where the values span more than two orders of magnitude (``auto``)."""
    values = [v for fig in figures if fig is not None for v in tally.bounds(fig) if v]
    top = float(max(values)) if values else 0.0
    auto = bool(values) and top / min(values) > 100
    log = auto if scale == "auto" else scale == "log"
    return Scale(top, log)


def bar(fig: Figure | None, scale: Scale, width: int = BAR_WIDTH) -> Text:
    """Solid to the low figure, lighter to the high one; an open-ended figure ends in ``▸``."""
    if fig is None:
        return Text()
    low, high = tally.bounds(fig)
    if low is None:
        return Text("?", style="dim")
    solid = scale.cols(low, width)
    out = Text("█" * solid, style="bold")
    if high is None:
        out.append("▸", style="dim")
    elif high > low:
        light = max(scale.cols(high, width) - solid, 1)
        out.append("░" * light, style="dim")
    if not out.plain:
        out.append("▏")
    return out
