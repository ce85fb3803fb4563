"""Every form of :class:`battles.questions.disputes.Disputes`: the Rich view, the JSON document and
the flat table CSV and Markdown are written from. Rich is imported by the Rich view only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from battles.loading.digest import Claim
from battles.questions.disputes import Disputes
from battles.render.data import Tabular, figure_data

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def _claim_data(claim: Claim) -> dict[str, Any]:
    return {
        "shown": claim.shown,
        "source": list(claim.source),
        "source_titles": list(claim.titles),
        "note": claim.note,
        "figure": figure_data(claim.figure) if claim.figure is not None else None,
    }


def disputes_data(result: Disputes) -> dict[str, Any]:
    return {
        "view": "disputes",
        "total": result.matched,
        "records": result.records,
        "rows": [
            {
                "battle": row.battle.key,
                "battle_name": row.battle.name,
                "kind": row.kind,
                "field": row.field,
                "text": row.text,
                "source": list(row.source),
                "source_titles": list(row.titles),
                "claims": [_claim_data(c) for c in row.claims],
            }
            for row in result.rows
        ],
    }


def disputes_table(result: Disputes) -> Tabular:
    """One line per version (a disagreement is one line): battle, kind, field, what the
    record says, the version and the sources that give it."""

    def rows() -> Any:
        for row in result.rows:
            head = [row.battle.key, row.battle.name, row.kind, row.field, row.text]
            if not row.claims:
                yield [*head, None, " ".join(row.source), "; ".join(row.titles), None]
            for claim in row.claims:
                yield [
                    *head,
                    claim.shown,
                    " ".join(claim.source),
                    "; ".join(claim.titles),
                    claim.note,
                ]

    return Tabular(
        [
            "battle",
            "battle_name",
            "kind",
            "field",
            "text",
            "version",
            "source",
            "source_titles",
            "version_note",
        ],
        rows(),
        plain=frozenset({"battle", "kind", "source"}),
    )


KIND_LABEL = {"disagreement": "disagree", "figure": "figure", "dating": "dating"}


def _cited(titles: tuple[str, ...]) -> Text:
    from rich.text import Text

    from battles.render.terminal import (
        safe_text,
    )

    return safe_text(" — " + "; ".join(titles), style="cyan") if titles else Text()


def render_disputes(result: Disputes, console: Console) -> None:

    from battles.render import tables
    from battles.render.terminal import (
        safe_text,
    )

    table = tables.table()
    tables.column(table, "Battle", ratio=2, min_width=10)
    tables.column(table, "What", ratio=2, min_width=10)
    tables.column(table, "Versions, each with its sources", ratio=5, min_width=20)
    for row in result.rows:
        what = tables.lines(
            safe_text(row.field, style="bold"), safe_text(KIND_LABEL[row.kind], style="dim")
        )
        if row.claims:
            lines = []
            for claim in row.claims:
                line = safe_text(claim.shown, style="yellow") + _cited(claim.titles)
                if claim.note:
                    line.append_text(safe_text(f" ({claim.note})", style="dim"))
                lines.append(line)
            body = tables.lines(*lines, safe_text(row.text, style="dim italic"))
        else:
            body = safe_text(row.text) + _cited(row.titles)
        table.add_row(safe_text(row.battle.name), what, body)
    console.print(table)
    count = len(result.rows)
    records = f"in {result.records:,} record{'s' if result.records != 1 else ''}"
    tables.footer(console, count, result.matched, "disputes", records)
