"""The Rich pieces of the analysis answers' views: a table whose text folds (nothing is
ever cut), a footer, a span's cell. Imported by the views only (it imports Rich). Record text
goes through :func:`battles.render.terminal.safe_text` (never markup, no control characters)."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from battles.render.terminal import NOT_STATED, _more, safe_text


def span_cell(shown: str | None) -> Text:
    return Text(shown) if shown is not None else Text(NOT_STATED, style="dim")


def lines(*parts: Text) -> Text:
    """Pieces of text on lines of their own (``safe_text`` turns a newline into a space)."""
    return Text("\n").join(part for part in parts if part.plain)


def table() -> Table:
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=True)


def column(table: Table, header: str, **options: Any) -> None:
    """A column whose text wraps and, where a word is longer than the column, folds:
    nothing is ever cut."""
    table.add_column(header, overflow="fold", **options)


def footer(console: Console, count: int, matched: int, what: str, *extra: str) -> None:
    footer = _more(count, matched, what) or f"{count:,} {what if count != 1 else what[:-1]}"
    console.print(safe_text(" · ".join([footer, *extra]), style="dim"))


def grouped(names: list[str]) -> list[str]:
    """Each name where a new one starts, blank where it repeats the row above."""
    shown, last = [], None
    for name in names:
        shown.append("" if name == last else name)
        last = name
    return shown
