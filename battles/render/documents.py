"""Views as documents rather than terminal dumps: ``show --format markdown`` (headings, the
sides as a table, figures in their notation, footnoted sources with links), ``--html`` (a
page of its own: title, readable type, links, light and dark, nothing fetched) and
``--svg`` (the terminal view as a picture, with no font fetched either)."""

from __future__ import annotations

import re
from typing import Any

from battles.render.data import LEGEND as LEGEND

# -- Markdown ----------------------------------------------------------------------------------


# -- HTML --------------------------------------------------------------------------------------

# Nothing leaves the page: its style is inline, it has no script, and no font is fetched.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"


def _title(result: Any) -> str:
    from battles.questions.compare import Comparison
    from battles.questions.listing import ListResult
    from battles.questions.search import SearchResult
    from battles.questions.show import ShowResult
    from battles.questions.timeline import Timeline

    if isinstance(result, ShowResult):
        return str(result.record.name)
    if isinstance(result, SearchResult):
        return f"Search: {result.query}"
    names: dict[type, str] = {
        ListResult: "Battles",
        Comparison: "Comparison",
        Timeline: "Timeline",
    }
    found = names.get(type(result))
    if found:
        return found
    return type(result).__name__.replace("Result", "").replace("Rows", "") or "battles"


def html_document(title: str, body: str) -> str:
    """A whole HTML5 page, its style inline (the site's: light and dark, system fonts)."""
    from battles.site.assets import CSS
    from battles.site.pages import esc

    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{esc(title)} · battles</title>\n"
        f"<style>\n{CSS}</style>\n"
        f'</head>\n<body>\n<main id="main">\n{body}\n</main>\n'
        "<footer><p>Written by <code>battles</code>.</p></footer>\n"
        "</body>\n</html>\n"
    )


_LOCAL_LINK = r'<a href="[a-z0-9-]+\.html">(.*?)</a>'  # compiled when used


def html_page(console: Any, result: Any) -> str:
    """``result`` as a page of its own: a record as the site's page of it (its links to
    other records' pages left out, as there are none beside it); any other view as a
    table of its rows."""
    from battles.questions.show import ShowResult
    from battles.site.pages import battle_page, esc

    title = _title(result)
    if isinstance(result, ShowResult):
        body = battle_page(result.record, result.part_of, result.parts)
        return html_document(title, re.sub(_LOCAL_LINK, r"\1", body))
    from battles.render import registry
    from battles.render.data import cell_text

    table = registry.table(result)
    head = "".join(f"<th>{esc(c)}</th>" for c in table.columns)
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{esc(cell_text(c))}</td>" for c in row) + "</tr>"
        for row in table.rows
    )
    body = (
        f"<h1>{esc(title)}</h1>\n"
        f'<div class="wide"><table>\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody></table></div>\n"
        f'<p class="legend">{LEGEND}</p>'
    )
    return html_document(title, body)


# -- SVG ---------------------------------------------------------------------------------------

_FONT_FACE = r"@font-face\s*\{[^}]*\}\s*"  # compiled when used


def svg(console: Any, result: Any) -> str:
    """The terminal view as an SVG picture, titled by the view; the fonts it names are the
    reader's own (Rich's picture would fetch Fira Code from a font server)."""
    picture: str = console.export_svg(title=f"battles · {_title(result)}", clear=False)
    return re.sub(_FONT_FACE, "", picture)
