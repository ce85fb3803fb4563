"""``battles search`` in every format: the Rich table of hits (each text cut around the
words found, which are highlighted), the JSON document and the flat table. Rich is
imported only by the terminal functions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from battles.render.data import Tabular
from battles.text import clean

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from battles.questions.search import SearchResult


def render_search(result: SearchResult, console: Console) -> None:
    from rich import box
    from rich.table import Table

    from battles.render.terminal import safe_text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("Battle", ratio=1)
    table.add_column("Field", ratio=1)
    table.add_column("Text", ratio=3)
    for hit in result.hits:
        table.add_row(
            safe_text(hit.battle.name, style="bold"),
            safe_text(hit.field, style="dim"),
            _snippet(hit.text, result.query),
        )
    console.print(table)
    count = len(result.hits)
    battles = len({h.battle.key for h in result.hits})
    more = " (the first ones: --limit)" if result.limited else ""
    console.print(
        safe_text(
            f"{count} hit{'s' if count != 1 else ''} in {battles} "
            f"record{'s' if battles != 1 else ''}{more}",
            style="dim",
        )
    )


def _snippet(text: str, wanted: str, context: int = 30) -> Text:
    """The part of ``text`` around the first word of ``wanted`` it holds, with every word
    highlighted."""
    from rich.text import Text

    from battles.text import normalise

    plain = clean(text)
    folded = "".join(normalise(c) or c for c in plain)
    words = [w for w in normalise(wanted).split(" ") if w]
    if len(folded) != len(plain) or not words:
        return Text(plain)
    found = [(at, at + len(w)) for w in words if (at := folded.find(w)) >= 0]
    if not found:
        return Text(plain)
    start, end = min(found)
    left = max(plain.rfind(" ", 0, max(start - context, 0)) + 1, 0) if start > context else 0
    right = plain.find(" ", end + context)
    right = len(plain) if right < 0 else right
    shown = Text(("…" if left else "") + plain[left:right] + ("…" if right < len(plain) else ""))
    offset = (1 if left else 0) - left
    for word in words:
        at = folded.find(word, left)
        while at >= 0 and at + len(word) <= right:
            shown.stylize("bold reverse", at + offset, at + len(word) + offset)
            at = folded.find(word, at + len(word))
    return shown


# -- data and tables -------------------------------------------------------------------------


def search_data(result: SearchResult) -> dict[str, Any]:
    return {
        "view": "search",
        "query": result.query,
        "hits": [
            {
                "battle": h.battle.key,
                "battle_name": h.battle.name,
                "field": h.field,
                "path": h.path,
                "text": h.text,
            }
            for h in result.hits
        ],
        "limited": result.limited,
    }


def search_table(result: SearchResult) -> Tabular:
    return Tabular(
        ["battle", "battle_name", "field", "path", "text"],
        ([h.battle.key, h.battle.name, h.field, h.path, h.text] for h in result.hits),
    )
