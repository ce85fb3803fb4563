"""``battles validate``'s report in every format: a line per problem on the terminal, then
the count; the problems as a JSON document or a table (CSV, Markdown) for scripts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from battles.errors import short_field
from battles.render.data import Tabular

if TYPE_CHECKING:
    from rich.console import Console

    from battles.validate import Report


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def render_report(report: Report, console: Console) -> None:
    """Each problem on a line, then the count; warnings a record has reviewed are counted
    apart, and listed (marked reviewed) only with ``show_reviewed``."""
    from battles.render.terminal import safe_text

    for problem in report.problems:
        if problem.reviewed is not None and not report.show_reviewed:
            continue
        style = "red" if problem.severity == "error" else "yellow"
        line = safe_text(f"{problem.location}: ")
        line.append(safe_text(problem.severity, style=style))
        rest = ": "
        if problem.location.field:
            rest += f"{short_field(problem.location.field)}: "
        rest += problem.message
        if problem.hint:
            rest += f" ({problem.hint})"
        line.append(safe_text(rest))
        if problem.code:
            line.append(safe_text(f" [{problem.code}]", style="dim"))
        if problem.reviewed:
            line.append(safe_text(f" reviewed: {problem.reviewed}", style="green"))
        console.print(line, soft_wrap=True)
    skipped = report.skipped
    if skipped:
        shown = ", ".join(skipped[:5]) + (
            f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        )
        console.print(
            safe_text(
                f"note: skipped {_plural(len(skipped), 'file')} "
                f"that {'are' if len(skipped) != 1 else 'is'} not YAML: {shown}",
                style="dim",
            ),
            soft_wrap=True,
        )
    summary = (
        f"{_plural(report.files, 'file')} checked: "
        f"{_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')}"
    )
    if report.reviewed:
        shown_or_not = "shown" if report.show_reviewed else "not shown"
        summary += f" ({_plural(report.reviewed, 'reviewed warning')} {shown_or_not})"
    console.print(safe_text(summary, style="bold red" if report.errors else "bold green"))


def _listed(report: Report) -> list[Any]:
    return [p for p in report.problems if p.reviewed is None or report.show_reviewed]


def report_data(report: Report) -> dict[str, Any]:
    return {
        "view": "validate",
        "files": report.files,
        "errors": report.errors,
        "warnings": report.warnings,
        "reviewed": report.reviewed,
        "skipped": list(report.skipped),
        "problems": [
            {
                "severity": p.severity,
                "file": p.location.file,
                "line": p.location.line,
                "column": p.location.column,
                "field": p.location.field,
                "message": p.message,
                "hint": p.hint,
                "code": p.code,
                "reviewed": p.reviewed,
            }
            for p in _listed(report)
        ],
    }


def report_table(report: Report) -> Tabular:
    columns = ["severity", "file", "line", "column", "field", "message", "hint", "code"]
    columns.append("reviewed")
    return Tabular(
        columns,
        (
            [
                p.severity,
                p.location.file,
                p.location.line,
                p.location.column,
                p.location.field,
                p.message,
                p.hint,
                p.code,
                p.reviewed,
            ]
            for p in _listed(report)
        ),
    )
