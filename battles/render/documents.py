"""Views as documents rather than terminal dumps: ``show --format markdown`` (headings, the
sides as a table, figures in their notation, footnoted sources with links), ``--html`` (a
page of its own: title, readable type, links, light and dark, nothing fetched) and
``--svg`` (the terminal view as a picture, with no font fetched either)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from battles import model, tally
from battles.figures import Figure, format_figure
from battles.text import clean

LEGEND = "— not stated · ? unknown · ~ about · ≥ at least · a / b disputed · * computed"

# -- Markdown ----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: str | None) -> str:
    """Record text as Markdown text: on one line, its markup characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(clean(text or "").split()))


def md_url(url: str) -> str:
    """An address as an autolink when it is a web address; else as text."""
    shown = clean(url)
    if re.fullmatch(r"https?://[^\s<>]+", shown):
        return f"<{shown}>"
    return md(shown)


class _Notes:
    """Footnote markers for a record's sources: ``[^2]`` after what source 2 supports."""

    def __init__(self, record: model.Record) -> None:
        self.index = record.source_index()

    def __call__(self, source: Sequence[str]) -> str:
        numbers = sorted({self.index[s] for s in source if s in self.index})
        return "".join(f"[^{n}]" for n in numbers)


def _figure(fig: Figure | None, notes: _Notes, inherited: Sequence[str] = ()) -> str:
    if fig is None:
        return "—"
    text = md(format_figure(fig)) + ("\\*" if not fig.stated else "")
    text += notes(fig.source or inherited)
    extra = []
    if fig.text:
        extra.append(f"“{md(fig.text)}”")
    if fig.scope:
        extra.append(f"scope: {md(fig.scope)}")
    parts = [f"{md(p.label)} {md(format_figure(p.figure))}" for p in fig.parts]
    if parts:
        extra.append("of which " + ", ".join(parts))
    if fig.note:
        extra.append(f"*{md(fig.note)}*")
    return text + (" (" + "; ".join(extra) + ")" if extra else "")


def _losses(
    cas: model.Casualties | None, notes: _Notes, *, civilians: bool = False, sep: str = "<br>"
) -> str:
    """Losses by kind, other losses, the total and the note: in a table cell, one a line
    (``<br>``); elsewhere, joined by ``sep``."""
    if cas is None:
        return "—"
    items = [f"{name} {_figure(fig, notes, cas.source)}" for name, fig in cas.kinds()]
    items += [
        f"{md(loss.label)} {_figure(loss.value, notes, loss.source or cas.source)}"
        for loss in cas.other
    ]
    total = tally.total_to_show(cas, None, civilians=civilians)
    if total is not None:
        items.append(f"**total** {_figure(total, notes, cas.source)}")
    if cas.note:
        items.append(f"*{md(cas.note)}*")
    return sep.join(items) or "—"


def _depth(depth: int) -> str:
    """What shows a subordinate's place in a tree: an em space a level, and an arrow."""
    return "\u2003" * (depth - 1) + "↳ " if depth else ""


def _outcome(side: model.Side) -> str:
    """A side's result (the format's word) and the source's words for it."""
    if side.result and side.outcome:
        return f"**{md(side.result)}** · “{md(side.outcome)}”"
    return md(side.result or side.outcome) or "—"


def _commanders(items: Sequence[model.Commander], notes: _Notes, depth: int = 0) -> list[str]:
    out = []
    for c in items:
        text = _depth(depth) + md(c.name)
        if c.role:
            text += f", {md(c.role)}"
        if c.fate:
            text += f" ({md(c.fate)})"
        out.append(text + notes(c.source))
        out += _commanders(c.subordinates, notes, depth + 1)
    return out


def _units(items: Sequence[model.Unit], notes: _Notes, depth: int = 0) -> list[str]:
    out = []
    for u in items:
        text = _depth(depth) + md(u.name) + notes(u.source)
        if u.strength is not None:
            text += f": {_figure(u.strength, notes)}"
        out.append(text)
        out += _units(u.units, notes, depth + 1)
    return out


def show_markdown(result: Any) -> Iterator[str]:
    """A record as a Markdown document a historian can paste into notes."""
    from battles.dates import events_in_order, format_span
    from battles.render.terminal import event_date, span

    record: model.Record = result.record
    notes = _Notes(record)
    yield f"# {md(record.name)}\n\n"
    head = [f"- **Kind:** {md(record.kind)} · id `{record.key}`"]
    when = md(span(record))
    if record.date_text:
        when += f" (“{md(record.date_text)}”)"
    head.append(f"- **Dates:** {when}{notes(record.date_source)}")
    if record.duration is not None:
        lasted = md(record.duration.shown()) + notes(record.duration.source)
        if record.duration.note:
            lasted += f" — *{md(record.duration.note)}*"
        head.append(f"- **Fighting:** {lasted}")
    for estimate in record.date_estimates:
        other = md(format_span(estimate.start, estimate.end)) + notes(estimate.source)
        if estimate.note:
            other += f" — *{md(estimate.note)}*"
        head.append(f"- **Other dating:** {other}")
    place = record.place
    where = md(", ".join(t for t in (place.name, place.region, place.territory) if t))
    if place.country:
        where += f" (today {md(place.country)})"
    if place.coordinates:
        where += f", {place.coordinates.lat:.4f}, {place.coordinates.lon:.4f}"
    head.append(f"- **Place:** {where}{notes(place.source)}")
    if result.part_of:
        head.append("- **Part of:** " + ", ".join(md(text) for text, _ in result.part_of))
    if result.parts:
        head.append("- **Parts:** " + "; ".join(f"{md(p.name)} ({p.key})" for p in result.parts))
    if record.aliases:
        head.append("- **Also known as:** " + ", ".join(md(a) for a in record.aliases))
    if record.result:
        outcome = md(record.result.text) + notes(record.result.source)
        winner = record.result.winner
        if winner is not None:
            side = record.side(winner)
            won = (
                "no side won"
                if winner == model.NO_SIDE
                else f"won by {side.name if side else winner}"
            )
            outcome += f" · **{md(won)}**"
        if record.result.note:
            outcome += f" — *{md(record.result.note)}*"
        head.append(f"- **Result:** {outcome}")
    yield "\n".join(head) + "\n\n"
    if record.summary:
        yield f"{md(record.summary)}\n\n"

    yield "## Sides\n\n"
    sides = record.sides
    yield "| | " + " | ".join(md(s.name) + notes(s.source) for s in sides) + " |\n"
    yield "|---|" + "---|" * len(sides) + "\n"
    rows: list[tuple[str, list[str]]] = [
        ("Fighting", [", ".join(md(b) for b in s.belligerents) or "—" for s in sides]),
        ("Role", [md(s.role) or "—" for s in sides]),
        ("Outcome", [_outcome(s) for s in sides]),
        ("Leaders", ["<br>".join(_commanders(s.commanders, notes)) or "—" for s in sides]),
        ("Units", ["<br>".join(_units(s.units, notes)) or "—" for s in sides]),
        ("Strength", [_figure(s.strength, notes, s.source) for s in sides]),
        ("Losses", [_losses(s.casualties, notes) for s in sides]),
        ("Note", [f"*{md(s.note)}*" if s.note else "" for s in sides]),
    ]
    for label, cells in rows:
        if any(c not in ("—", "") for c in cells) or label in ("Strength", "Losses"):
            yield f"| **{label}** | " + " | ".join(cells) + " |\n"
    yield "\n"
    if record.conditions is not None:
        from battles.conditions import items

        yield "## Conditions\n\n"
        for entry in items(record):
            line = f"- **{md(entry.label.capitalize())}:** {md(entry.shown)}"
            line += notes(entry.source or record.conditions.source)
            if entry.note:
                line += f" — *{md(entry.note)}*"
            yield line + "\n"
        if record.conditions.note:
            yield f"- **Note:** {md(record.conditions.note)}{notes(record.conditions.source)}\n"
        yield "\n"
    for title, cas in (("Civilians", record.civilians), ("All sides together", record.losses)):
        if cas is not None:
            listed = _losses(cas, notes, civilians=title == "Civilians", sep="\n- ")
            yield f"## {title}\n\n- {listed}\n\n"
    if record.phases:
        yield "## Phases\n\n"
        for n, phase in enumerate(record.phases, start=1):
            where = f" · {md(phase.place)}" if phase.place else ""
            yield f"### {n}. {md(phase.name)}\n\n{md(span(phase))}{where}{notes(phase.source)}\n\n"
            if phase.result:
                yield f"Result: {md(phase.result)}\n\n"
            if phase.summary:
                yield f"{md(phase.summary)}\n\n"
            for ps in phase.sides:
                name = next((s.name for s in sides if s.id == ps.side), ps.side)
                yield (
                    f"- **{md(name)}:** strength {_figure(ps.strength, notes)}; "
                    f"losses {_losses(ps.casualties, notes, sep='; ')}\n"
                )
            if phase.civilians:
                civilians = _losses(phase.civilians, notes, civilians=True, sep="; ")
                yield f"- **Civilians:** {civilians}\n"
            if phase.note:
                yield f"\n*{md(phase.note)}*\n"
            yield "\n"
    if record.events:
        yield "## Events\n\n"
        for event in events_in_order(record.events):
            context = " (context)" if event.context else ""
            yield (
                f"- **{md(event_date(event))}:** {md(event.text)}{notes(event.source)}{context}\n"
            )
        yield "\n"
    if record.disagreements:
        yield "## Where sources disagree\n\n"
        for item in record.disagreements:
            yield f"- **{md(item.topic)}:** {md(item.text)}{notes(item.source)}\n"
        yield "\n"
    if record.notes:
        yield "## Notes\n\n"
        yield "".join(f"- {md(note)}\n" for note in record.notes) + "\n"
    yield "## Sources\n\n"
    for n, source in enumerate(record.sources, start=1):
        line = f"[^{n}]: {md(model.reference(source))}"
        if source.url:
            line += f" — {md_url(source.url)}"
        elif source.file:
            line += f" — seed file {md(source.file)}"
        if source.note:
            line += f". *{md(source.note)}*"
        yield line + "\n"
    yield f"\n{LEGEND}\n"


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


_LOCAL_LINK = re.compile(r'<a href="[a-z0-9-]+\.html">(.*?)</a>')


def html_page(console: Any, result: Any) -> str:
    """``result`` as a page of its own: a record as the site's page of it (its links to
    other records' pages left out, as there are none beside it); any other view as a
    table of its rows."""
    from battles.questions.show import ShowResult
    from battles.site.pages import battle_page, esc

    title = _title(result)
    if isinstance(result, ShowResult):
        body = battle_page(result.record, result.part_of, result.parts)
        return html_document(title, _LOCAL_LINK.sub(r"\1", body))
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

_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}\s*")


def svg(console: Any, result: Any) -> str:
    """The terminal view as an SVG picture, titled by the view; the fonts it names are the
    reader's own (Rich's picture would fetch Fira Code from a font server)."""
    picture: str = console.export_svg(title=f"battles · {_title(result)}", clear=False)
    return _FONT_FACE.sub("", picture)
