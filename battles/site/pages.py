"""HTML pieces of the site: the page frame, figures in the tool's notation, and a battle's
page with everything ``battles show`` shows.

Every piece of record text goes through :func:`esc`: control characters become visible
escapes (as in the terminal) and ``<``, ``>``, ``&`` and quotes become entities, so nothing
from a record is ever read as markup. A source's address is a link only when it is an
``http`` or ``https`` address.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence

from battles import model, tally
from battles.dates import events_in_order, format_span
from battles.figures import Figure, format_figure
from battles.loading import digest
from battles.loading.digest import Brief, Forces
from battles.render.data import LEGEND as LEGEND
from battles.render.data import event_date, span
from battles.tally import Breakdown
from battles.text import clean

NOT_STATED = "—"
# No request leaves a page: scripts and styles come only from the site's own folder.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)
NAV = (
    ("index.html", "Battles"),
    ("timeline.html", "Timeline"),
    ("compare-casualties.html", "Casualties"),
    ("compare-strength.html", "Strength"),
    ("people.html", "People"),
    ("sources.html", "Sources"),
    ("about.html", "About"),
)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_UNSAFE_URL = re.compile(r"[\x00-\x20\x7f-\x9f<>\"'`\\]|\s")
_SPECIAL = re.compile(r"[\x00-\x1f\x7f-\x9f&<>\"']")


def esc(text: str | None) -> str:
    """Untrusted text as HTML text or an attribute value: every control character shown as a
    visible escape (as the terminal shows it, :func:`battles.text.clean`), and ``&``, ``<``,
    ``>`` and quotes as entities, so nothing from a record is ever read as markup."""
    if not text or not _SPECIAL.search(text):
        return text or ""
    if _CONTROL.search(text):
        text = clean(text)
    return html.escape(text, quote=True)


def link_url(url: str | None) -> str | None:
    """A source's address as a link target, when it is a web address (never ``javascript:``,
    ``data:`` or a local file)."""
    if not url:
        return None
    text = url.strip()
    scheme, sep, rest = text.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest or rest[0] in "/?#":
        return None
    if _UNSAFE_URL.search(text):
        return None
    return text


def page(title: str, body: str, *, depth: int = 0, here: str = "", script: bool = False) -> str:
    """A whole HTML5 page: ``depth`` folders below the site's root."""
    root = "../" * depth
    links = []
    for target, label in NAV:
        current = ' aria-current="page"' if target == here else ""
        links.append(f'<a href="{root}{target}"{current}>{label}</a>')
    tail = f'<script src="{root}assets/site.js"></script>\n' if script else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{esc(title)} · battles</title>\n"
        f'<link rel="stylesheet" href="{root}assets/site.css">\n'
        "</head>\n<body>\n"
        '<a class="skip" href="#main">Skip to the content</a>\n'
        '<header class="site"><nav aria-label="Site">'
        f'<span class="brand">battles</span> {" ".join(links)}</nav></header>\n'
        f'<main id="main">\n{body}\n</main>\n'
        f"<footer><p>Built by <code>battles export --format site</code>. "
        f'<a href="{root}about.html">Where the data comes from, licence, how to cite</a>.'
        "</p></footer>\n"
        f"{tail}</body>\n</html>\n"
    )


# -- figures ---------------------------------------------------------------------------------


def cites(source: Sequence[str], index: dict[str, int]) -> str:
    """Citation markers (``[1,3]``) linking to the page's numbered sources."""
    if not source:
        return ""
    return _cites(tuple(source), tuple(index))


@functools.lru_cache(maxsize=4096)
def _cites(source: tuple[str, ...], ids: tuple[str, ...]) -> str:
    """The markers of ``source`` among the record's sources ``ids`` (numbered from 1):
    remembered, as records share their ways of citing."""
    index = {key: n for n, key in enumerate(ids, start=1)}
    numbers = sorted({index[s] for s in source if s in index})
    if not numbers:
        return ""
    inner = ",".join(f'<a href="#source-{n}">{n}</a>' for n in numbers)
    return f' <span class="cite">[{inner}]</span>'


def fig(figure: Figure | None, index: dict[str, int] | None = None) -> str:
    """A figure in one cell: its notation, ``—`` when not stated, ``*`` when computed."""
    if figure is None:
        return f'<span class="ns">{NOT_STATED}</span>'
    out = esc(notation(figure))
    if not figure.stated:
        out += '<span class="computed" title="computed by the tool">*</span>'
    if index is not None:
        out += cites(figure.source, index)
    return out


def fig_text(figure: Figure | None) -> str:
    """A figure as plain text (for the index's data): its notation, ``*`` when computed."""
    if figure is None:
        return NOT_STATED
    return notation(figure) + ("" if figure.stated else "*")


def notation(figure: Figure) -> str:
    """The figure's notation (:func:`format_figure`) with no line break inside an estimate
    ("≥ 1,050" stays whole): a disputed figure may break only after each " / "."""
    return " / ".join(p.replace(" ", "\u00a0") for p in format_figure(figure).split(" / "))


Line = tuple[int, str]  # an indent and a line of HTML


def _lines(lines: Sequence[Line]) -> str:
    if not lines:
        return f'<span class="ns">{NOT_STATED}</span>'
    return "".join(
        f'<div class="i{min(indent, 5)}">{text}</div>' if indent else f"<div>{text}</div>"
        for indent, text in lines
    )


def figure_lines(figure: Figure, index: dict[str, int], indent: int = 0) -> list[Line]:
    """A figure with everything the record holds about it: parts, estimates, wording, note,
    scope (as ``battles show`` gives them)."""
    lines: list[Line] = []
    if figure.is_disputed:
        lines.append((indent, '<span class="disputed">disputed:</span>'))
    else:
        line = fig(figure.replace(estimates=()), index)
        if figure.counts:
            line += f' <span class="muted">({esc(figure.counts)})</span>'
        lines.append((indent, line))
    if figure.text:
        lines.append((indent + 1, f'<span class="quote">“{esc(figure.text)}”</span>'))
    if figure.scope:
        lines.append((indent + 1, f'<span class="scope">only {esc(figure.scope)}</span>'))
    if figure.note:
        lines.append((indent + 1, f'<span class="note">{esc(figure.note)}</span>'))
    for part in figure.parts:
        lines.append((indent + 1, f"+ {fig(part.figure, index)} {esc(part.label)}"))
        if part.figure.note:
            lines.append((indent + 2, f'<span class="note">{esc(part.figure.note)}</span>'))
    for estimate in figure.estimates:
        sub = figure_lines(estimate, index, indent + 1)
        if not figure.is_disputed:
            sub[0] = (sub[0][0], '<span class="also">also</span> ' + sub[0][1])
        lines.extend(sub)
    return lines


def casualty_lines(
    cas: model.Casualties,
    index: dict[str, int],
    *,
    civilians: bool = False,
    added: Breakdown | None = None,
) -> list[Line]:
    """Losses by kind, the other losses, and the total as the tally adds them up (unless it
    would only repeat the one figure stated); ``added`` is the tally's breakdown of ``cas``
    when the caller has it (the record's digest keeps it)."""
    lines: list[Line] = []

    def labelled(label: str, figure: Figure) -> None:
        sub = figure_lines(figure, index)
        lines.append((0, label + sub[0][1]))
        lines.extend(sub[1:])

    for name, figure in cas.kinds():
        labelled(f"{name}: ", figure)
    for loss in cas.other:
        labelled(f"{esc(loss.label)}: ", loss.value.with_source(tuple(loss.source or cas.source)))
        if loss.note:
            lines.append((1, f'<span class="note">{esc(loss.note)}</span>'))
    total = tally.total_to_show(cas, added, civilians=civilians)
    if total is not None:
        labelled("<strong>total:</strong> ", total)
    for item in cas.equipment:  # never added to the men
        labelled(f"{esc(item.name)} {esc(item.fate)}: ", model.equipment_figure(item, cas.source))
        if item.note:
            lines.append((1, f'<span class="note">{esc(item.note)}</span>'))
    if cas.note:
        lines.append((0, f'<span class="note">{esc(cas.note)}</span>'))
    return lines


def equipment_lines(
    items: Sequence[model.Equipment], index: dict[str, int], inherited: Sequence[str]
) -> list[Line]:
    """A side's equipment, kind by kind: figures of their own, never added to the men."""
    lines: list[Line] = []
    for item in items:
        sub = figure_lines(model.equipment_figure(item, inherited), index)
        lines.append((0, f"{esc(item.name)}: {sub[0][1]}"))
        lines.extend(sub[1:])
        if item.note:
            lines.append((1, f'<span class="note">{esc(item.note)}</span>'))
    return lines


def strength_lines(side: model.Side, index: dict[str, int]) -> list[Line]:
    """A side's strength, then its further strengths (each saying what it counts)."""
    inherited = tuple(side.source)
    lines: list[Line] = []
    if side.strength is not None:
        lines.extend(figure_lines(side.strength.with_source(inherited), index))
    for figure in side.strengths:
        sub = figure_lines(figure.with_source(inherited).replace(counts=None), index)
        lines.append((0, f"{esc(figure.counts)}: {sub[0][1]}"))
        lines.extend(sub[1:])
    return lines


def side_outcome(side: model.Side) -> str:
    """The vocabulary's word for a side's result, with the source's own words beside it."""
    if side.result and side.outcome:
        words = f'<span class="quote">“{esc(side.outcome)}”</span>'
        return f"<strong>{esc(side.result)}</strong> · {words}"
    if side.result:
        return f"<strong>{esc(side.result)}</strong>"
    return esc(side.outcome) if side.outcome else _ns()


def conditions(record: model.Record, index: dict[str, int]) -> str:
    """The record's conditions (terrain, weather, season, surprise...) as ``show`` gives
    them, each with its wording, note and sources (else the block's)."""
    from battles.conditions import items

    found = record.conditions
    if found is None:
        return ""
    out = ['<h2 id="conditions">Conditions</h2>', '<dl class="head">']
    for item in items(record):
        value = esc(item.shown)
        if item.text:
            value += f' <span class="quote">“{esc(item.text)}”</span>'
        value += cites(item.source or found.source, index)
        if item.note:
            value += f'<div class="note">{esc(item.note)}</div>'
        out.append(f"<dt>{esc(item.label.capitalize())}</dt><dd>{value}</dd>")
    if found.note:
        out.append(f"<dt>Note</dt><dd>{esc(found.note)}{cites(found.source, index)}</dd>")
    out.append("</dl>")
    return "\n".join(out)


# -- a battle's page ---------------------------------------------------------------------------


FATES = {"killed in action": " † killed in action"}


def _commander(commander: model.Commander, index: dict[str, int]) -> str:
    out = [f"<li><strong>{esc(commander.name)}</strong>"]
    if commander.fate:
        fate = FATES.get(commander.fate, f" ({commander.fate})")
        out.append(f'<span class="fate">{esc(fate)}</span>')
    out.append(cites(commander.source, index))
    if commander.role:
        out.append(f'<div class="muted">{esc(commander.role)}</div>')
    if commander.note:
        out.append(f'<div class="note">{esc(commander.note)}</div>')
    if commander.subordinates:
        out.append('<ul class="plain">')
        out.extend(_commander(sub, index) for sub in commander.subordinates)
        out.append("</ul>")
    out.append("</li>")
    return "".join(out)


def _unit(unit: model.Unit, index: dict[str, int]) -> str:
    out = [f"<li>{esc(unit.name)}{cites(unit.source, index)}"]
    if unit.strength is not None:
        out.append(f" · {fig(unit.strength, index)}")
        if unit.strength.text:
            out.append(f'<div class="quote">“{esc(unit.strength.text)}”</div>')
        if unit.strength.note:
            out.append(f'<div class="note">{esc(unit.strength.note)}</div>')
    if unit.note:
        out.append(f'<div class="note">{esc(unit.note)}</div>')
    if unit.units:
        out.append("<ul>")
        out.extend(_unit(sub, index) for sub in unit.units)
        out.append("</ul>")
    out.append("</li>")
    return "".join(out)


def _row(label: str, cells: Sequence[str]) -> str:
    return f'<tr><th scope="row">{label}</th>' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _ns() -> str:
    return f'<span class="ns">{NOT_STATED}</span>'


def battle_page(
    record: model.Record,
    part_of: Sequence[tuple[str, str | None]],
    parts: Sequence[Brief],
    forces: Forces | None = None,
) -> str:
    """Everything ``battles show`` shows, as a page in ``battles/``; ``part_of`` gives each
    entry's text and the id of the record it names (None: free text, or not in the site).
    ``forces`` is the record's digest (the tally's breakdowns), derived when not given."""
    index = record.source_index()
    if forces is None:
        forces = digest.forces(record)
    out: list[str] = [f"<h1>{esc(record.name)}</h1>", '<dl class="head">']

    def head(label: str, value: str) -> None:
        out.append(f"<dt>{label}</dt><dd>{value}</dd>")

    head("Kind", f"{esc(record.kind)} · id <code>{esc(record.key)}</code>")
    when = esc(span(record))
    if record.date_text:
        when += f' <span class="quote">“{esc(record.date_text)}”</span>'
    head("Dates", when + cites(record.date_source, index))
    for estimate in record.date_estimates:
        other = f'<span class="also">{esc(format_span(estimate.start, estimate.end))}</span>'
        if estimate.text:
            other += f' <span class="quote">“{esc(estimate.text)}”</span>'
        other += cites(estimate.source, index)
        if estimate.note:
            other += f'<div class="note">{esc(estimate.note)}</div>'
        head("Other dating", other)
    if record.duration is not None:
        fighting = esc(record.duration.shown())
        if record.duration.text:
            fighting += f' <span class="quote">“{esc(record.duration.text)}”</span>'
        fighting += cites(record.duration.source, index)
        if record.duration.note:
            fighting += f'<div class="note">{esc(record.duration.note)}</div>'
        head("Fighting", fighting)
    place = record.place
    where = esc(place.name)
    details = [t for t in (place.region, place.territory) if t]
    if details:
        where += esc(", " + ", ".join(details))
    if place.country:
        where += esc(f" (today {place.country})")
    if place.coordinates:
        c = place.coordinates
        where += f' <span class="muted">{c.lat:.4f}, {c.lon:.4f}</span>'
    where += cites(place.source, index)
    if place.other_names:
        called = []
        for known in place.other_names:
            name = esc(known.name)
            if known.when:
                name += f' <span class="muted">({esc(known.when)})</span>'
            called.append(name + cites(known.source, index))
        where += f'<div class="muted">also called {", ".join(called)}</div>'
    head("Place", where)
    if part_of:
        head(
            "Part of",
            ", ".join(
                f'<a href="{esc(ref)}.html">{esc(text)}</a>' if ref else esc(text)
                for text, ref in part_of
            ),
        )
    if parts:
        items = "".join(
            f'<li><a href="{esc(p.key)}.html">{esc(p.name)}</a> · {esc(span(p))}</li>'
            for p in parts
        )
        head("Parts", f'<ul class="plain">{items}</ul>')
    if record.aliases:
        head("Also", esc(", ".join(record.aliases)))
    if record.result:
        outcome = esc(record.result.text) + cites(record.result.source, index)
        winner = record.result.winner
        if winner is not None:
            if winner == model.NO_SIDE:
                won = "no side won"
            else:
                won_by = record.side(winner)
                won = f"won by {won_by.name if won_by else winner}"
            outcome += f" · <strong>{esc(won)}</strong>"
        if record.result.note:
            outcome += f'<div class="note">{esc(record.result.note)}</div>'
        head("Result", outcome)
    out.append("</dl>")
    if record.summary:
        out.append(f'<p class="summary">{esc(record.summary)}</p>')

    out.append('<h2 id="sides">Sides</h2>')
    out.append('<div class="scroll"><table class="sides"><thead><tr><td></td>')
    out.extend(f'<th scope="col">{esc(s.name)}{cites(s.source, index)}</th>' for s in record.sides)
    out.append("</tr></thead><tbody>")
    sides = record.sides
    if any(s.belligerents for s in sides):
        out.append(_row("Fighting", [esc(", ".join(s.belligerents)) for s in sides]))
    if any(s.role for s in sides):
        out.append(_row("Role", [esc(s.role) if s.role else _ns() for s in sides]))
    if any(s.outcome or s.result for s in sides):
        out.append(_row("Outcome", [side_outcome(s) for s in sides]))
    if any(s.commanders for s in sides):
        out.append(
            _row(
                "Leaders",
                [
                    '<ul class="plain leaders">'
                    + "".join(_commander(c, index) for c in s.commanders)
                    + "</ul>"
                    if s.commanders
                    else _ns()
                    for s in sides
                ],
            )
        )
    if any(s.units for s in sides):
        out.append(
            _row(
                "Units",
                [
                    '<ul class="tree">' + "".join(_unit(u, index) for u in s.units) + "</ul>"
                    if s.units
                    else _ns()
                    for s in sides
                ],
            )
        )
    out.append(
        _row(
            "Strength",
            [_lines(strength_lines(s, index)) for s in sides],
        )
    )
    if any(s.equipment for s in sides):
        out.append(
            _row(
                "Equipment",
                [_lines(equipment_lines(s.equipment, index, s.source)) for s in sides],
            )
        )
    out.append(
        _row(
            "Losses",
            [
                _lines(casualty_lines(s.casualties, index, added=added.losses))
                if s.casualties
                else _ns()
                for s, added in zip(sides, forces.sides, strict=True)
            ],
        )
    )
    if any(s.note for s in sides):
        out.append(_row("Note", [f'<span class="note">{esc(s.note)}</span>' for s in sides]))
    out.append("</tbody></table></div>")
    if record.conditions is not None:
        out.append(conditions(record, index))

    for title, anchor, cas, found in (
        ("Civilians", "civilians", record.civilians, forces.civilians),
        ("All sides together", "together", record.losses, forces.together),
    ):
        if cas is not None:
            out.append(f'<h2 id="{anchor}">{title}</h2>')
            lines = casualty_lines(cas, index, civilians=anchor == "civilians", added=found)
            out.append(_lines(lines))

    if record.phases:
        out.append('<h2 id="phases">Phases</h2><ol class="phases">')
        names = {s.id: s.name for s in record.sides}
        for phase, phase_forces in zip(record.phases, forces.phases, strict=True):
            heading = f"<h3>{esc(phase.name)}</h3><p>{esc(span(phase))}"
            if phase.place:
                heading += f" · {esc(phase.place)}"
            out.append(f"<li>{heading}{cites(phase.source, index)}</p>")
            if phase.result:
                out.append(f"<p>Result: {esc(phase.result)}</p>")
            if phase.summary:
                out.append(f'<p class="muted">{esc(phase.summary)}</p>')
            if phase.sides:
                out.append(
                    '<div class="scroll"><table class="phase"><thead><tr>'
                    '<th scope="col">Side</th><th scope="col">Strength</th>'
                    '<th scope="col">Losses</th></tr></thead><tbody>'
                )
                for ps, ps_forces in zip(phase.sides, phase_forces.sides, strict=True):
                    strength = _lines(
                        (figure_lines(ps.strength, index) if ps.strength else [])
                        + equipment_lines(ps.equipment, index, ps.source)
                    )
                    losses = (
                        _lines(casualty_lines(ps.casualties, index, added=ps_forces.losses))
                        if ps.casualties
                        else _ns()
                    )
                    label = esc(names.get(ps.side, ps.side))
                    out.append(
                        f'<tr><th scope="row">{label}</th><td>{strength}</td><td>{losses}</td></tr>'
                    )
                out.append("</tbody></table></div>")
            if phase.civilians:
                out.append("<p><strong>Civilians:</strong></p>")
                lines = casualty_lines(
                    phase.civilians, index, civilians=True, added=phase_forces.civilians
                )
                out.append(_lines(lines))
            if phase.note:
                out.append(f'<p class="note">{esc(phase.note)}</p>')
            out.append("</li>")
        out.append("</ol>")

    if record.events:
        out.append('<h2 id="events">Events</h2><div class="scroll"><table class="events"><tbody>')
        names = {s.id: s.name for s in record.sides}
        for event in events_in_order(record.events):
            text = esc(event.text)
            if event.side:
                text = f"<em>{esc(names.get(event.side, event.side))}:</em> {text}"
            text += cites(event.source, index)
            if event.context:
                text += ' <span class="context">(context)</span>'
            out.append(f'<tr><th scope="row">{esc(event_date(event))}</th><td>{text}</td></tr>')
        out.append("</tbody></table></div>")

    if record.disagreements:
        out.append('<h2 id="disagreements">Where sources disagree</h2><ul>')
        out.extend(
            f"<li><strong>{esc(item.topic)}:</strong> {esc(item.text)}"
            f"{cites(item.source, index)}</li>"
            for item in record.disagreements
        )
        out.append("</ul>")

    if record.notes:
        out.append('<h2 id="notes">Notes</h2><ul>')
        out.extend(f"<li>{esc(note)}</li>" for note in record.notes)
        out.append("</ul>")

    out.append('<h2 id="sources">Sources</h2><ol class="sources">')
    for n, source in enumerate(record.sources, start=1):
        item = f'<li id="source-{n}">{esc(model.reference(source))}'
        url = link_url(source.url)
        if url:
            item += f' — <a href="{esc(url)}" rel="noopener noreferrer">{esc(url)}</a>'
        elif source.url:
            item += f" — {esc(source.url)}"
        elif source.file:
            item += f" — seed file {esc(source.file)}"
        if source.note:
            item += f'<div class="note">{esc(source.note)}</div>'
        out.append(item + "</li>")
    out.append("</ol>")
    out.append(f'<p class="legend">{LEGEND}</p>')
    return "\n".join(out)
