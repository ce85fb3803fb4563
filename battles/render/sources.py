"""Every form of :class:`battles.questions.sources.Sources`: the Rich view, the JSON document and
the flat table CSV and Markdown are written from. Rich is imported by the Rich view only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from battles.questions.sources import Sources, SourceUse
from battles.render.data import Tabular

if TYPE_CHECKING:
    from rich.console import Console


def sources_data(result: Sources) -> dict[str, Any]:
    return {
        "view": "sources",
        "total": result.matched,
        "battle": result.battle.key if result.battle else None,
        "sources": [
            {
                "title": row.title,
                "url": row.url,
                "file": row.file,
                "records": [b.key for b in row.records],
                "citations": row.citations,
                "figures": row.figures,
                "supports": [{"battle": key, "field": field} for key, field in row.fields]
                if result.battle is not None
                else None,
            }
            for row in result.rows
        ],
    }


def sources_table(result: Sources) -> Tabular:
    """A line per source; with one battle named, each field it supports in ``supports``."""
    one = result.battle is not None
    columns = ["title", "url", "file", "records", "figures", "citations"]
    return Tabular(
        [*columns, "supports"] if one else columns,
        (
            [
                row.title,
                row.url,
                row.file,
                " ".join([b.key for b in row.records]),
                row.figures,
                row.citations,
                *(["; ".join(field for _, field in row.fields)] if one else []),
            ]
            for row in result.rows
        ),
    )


def _address(row: SourceUse) -> str | None:
    return row.url or (f"seed file {row.file}" if row.file else None)


def render_sources(result: Sources, console: Console) -> None:
    from rich.text import Text

    from battles.render import tables
    from battles.render.terminal import (
        safe_text,
    )

    table = tables.table()
    tables.column(table, "Source", ratio=3, min_width=16)
    if result.battle is None:
        tables.column(table, "Records", ratio=3, min_width=12)
        table.add_column("Figures", justify="right", no_wrap=True)
        table.add_column("Cited", justify="right", no_wrap=True)
    else:
        tables.column(table, "Supports", ratio=4, min_width=16)
    for row in result.rows:
        name = tables.lines(
            safe_text(row.title, style="bold"), safe_text(_address(row), style="dim")
        )
        if result.battle is None:
            table.add_row(
                name,
                safe_text(", ".join(b.name for b in row.records)),
                Text(f"{row.figures:,}"),
                Text(f"{row.citations:,}"),
            )
        else:
            fields = tables.lines(*(safe_text(field) for _, field in row.fields))
            table.add_row(name, fields if fields.plain else Text("nothing cites it", style="dim"))
    if result.battle is not None:
        console.print(safe_text(result.battle.name, style="bold underline"))
    console.print(table)
    extra = [] if result.battle is not None else ["Figures: figures citing it (or their block)"]
    tables.footer(console, len(result.rows), result.matched, "sources", *extra)
