"""Rich renderers for the terminal. Every piece of record text goes through :func:`T`, which
makes a :class:`rich.text.Text` (never parsed as markup) from cleaned text (no control
characters)."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from battles import model
from battles.dates import format_span
from battles.text import clean
from battles.validate import Problem


def T(text: str | None, style: str = "") -> Text:
    """Untrusted text as a Rich ``Text``: literal brackets, no control characters."""
    return Text(clean(text or ""), style=style)


def span(record: model.Record | model.Phase) -> str:
    return format_span(record.start, record.end)


def sides_short(record: model.Record) -> str:
    return " vs ".join(side.name for side in record.sides)


def render_list(records: Sequence[model.Record], console: Console) -> None:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("Name", style="bold", ratio=3)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Dates", ratio=2)
    table.add_column("Place", ratio=2)
    table.add_column("Result", ratio=3)
    table.add_column("Sides", ratio=2)
    for record in records:
        table.add_row(
            T(record.name),
            T(record.kind),
            T(span(record)),
            T(record.place.name),
            T(record.result.text if record.result else "not stated"),
            T(sides_short(record)),
        )
    console.print(table)
    count = len(records)
    console.print(T(f"{count} record{'s' if count != 1 else ''}", style="dim"))


def render_problems(problems: Sequence[Problem], files: int, console: Console) -> None:
    for problem in problems:
        style = "red" if problem.severity == "error" else "yellow"
        line = T(f"{problem.location}: ")
        line.append(T(problem.severity, style=style))
        rest = ": "
        if problem.location.field:
            rest += f"{problem.location.field}: "
        rest += problem.message
        if problem.hint:
            rest += f" ({problem.hint})"
        line.append(T(rest))
        console.print(line, soft_wrap=True)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    summary = (
        f"{files} file{'s' if files != 1 else ''} checked: "
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )
    console.print(T(summary, style="bold red" if errors else "bold green"))
