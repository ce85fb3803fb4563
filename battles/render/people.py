"""Every form of :class:`battles.questions.people.People`: the Rich view, the JSON document and
the flat table CSV and Markdown are written from. Rich is imported by the Rich view only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from battles.questions.joined import Joined, Kept
from battles.questions.people import People
from battles.render import columnar
from battles.render.data import Tabular

if TYPE_CHECKING:
    from rich.console import Console


def people_data(result: People) -> dict[str, Any]:
    return {
        "view": "people",
        "query": result.query,
        "total": result.matched,
        "people": result.people,
        "rows": [
            {
                "name": a.name,
                "battle": a.battle.key,
                "battle_name": a.battle.name,
                "start": a.battle.start.iso(),
                "side": a.side,
                "role": a.role,
                "fate": a.fate,
                "under": a.under,
                "source": list(a.source),
            }
            for a in result.rows
        ],
    }


PEOPLE_COLUMNS = ["name", "start", "battle", "battle_name", "side", "role", "fate", "under"]


PEOPLE_PLAIN = frozenset({"start", "battle"})


def people_table(result: People) -> Tabular:
    rows = result.rows
    if isinstance(rows, Kept):  # every row: CSV as the records' digests keep each line
        return columnar.Columnar(
            PEOPLE_COLUMNS,
            plain=PEOPLE_PLAIN,
            blocks=lambda size: _joined_table(rows.joined()).column_blocks(size),
            csv_lines=rows.lines,
        )
    if isinstance(rows, Joined):
        return _joined_table(rows)
    return Tabular(
        PEOPLE_COLUMNS,
        (
            [
                a.name,
                a.battle.start.iso(),
                a.battle.key,
                a.battle.name,
                a.side,
                a.role,
                a.fate,
                a.under,
            ]
            for a in rows
        ),
        plain=PEOPLE_PLAIN,
    )


def _joined_table(rows: Joined) -> columnar.Columnar:
    return columnar.joined_table(
        rows,
        PEOPLE_COLUMNS,
        [
            lambda cs: [c.name for c in cs],
            columnar.START,
            columnar.BATTLE,
            columnar.BATTLE_NAME,
            lambda cs: [c.side for c in cs],
            lambda cs: [c.role for c in cs],
            lambda cs: [c.fate for c in cs],
            lambda cs: [c.under for c in cs],
        ],
        plain=PEOPLE_PLAIN,
    )


def render_people(result: People, console: Console) -> None:

    from battles.render import tables
    from battles.render.terminal import (
        safe_text,
    )

    table = tables.table()
    tables.column(table, "Person", ratio=2, min_width=12, style="bold")
    table.add_column("Date", no_wrap=True)
    tables.column(table, "Battle · side", ratio=3, min_width=14)
    tables.column(table, "Role · fate", ratio=3, min_width=14)
    for name, a in zip(tables.grouped([p.name for p in result.rows]), result.rows, strict=True):
        battle = tables.lines(safe_text(a.battle.name), safe_text(a.side, style="dim"))
        role = tables.lines(
            safe_text(a.role),
            safe_text(f"under {a.under}" if a.under else "", style="dim"),
            safe_text(a.fate, style="red"),
        )
        table.add_row(safe_text(name), safe_text(a.battle.start.human()), battle, role)
    console.print(table)
    people = f"{result.people:,} {'person' if result.people == 1 else 'people'}"
    tables.footer(console, len(result.rows), result.matched, "appearances", people)
