"""Every form of ``battles show``: the terminal view (Rich, imported by the terminal
functions only, so that a JSON or CSV run never loads it), the data (JSON) and table (CSV)
forms, and the Markdown document. Every piece of record text goes through
:func:`~battles.render.terminal.safe_text` (never read as markup, no control characters)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from battles import model, tally
from battles.dates import PartialDate, events_in_order, format_span
from battles.figures import Figure, format_band, format_figure
from battles.positions import FieldPath
from battles.render.data import LEGEND, Cell, Tabular, record_data
from battles.text import clean

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table
    from rich.text import Text

    from battles.questions.show import ShowResult
    from battles.render.terminal import Line


# -- the terminal view ----------------------------------------------------------------------


def _commander_lines(
    commander: model.Commander, index: dict[str, int], depth: int = 0
) -> list[Line]:
    from battles.render.terminal import markers, safe_text

    line = safe_text(("└ " if depth else "") + commander.name, style="" if depth else "bold")
    if commander.fate:
        fate = (
            " † killed in action"
            if commander.fate == "killed in action"
            else (f" ({commander.fate})")
        )
        line.append(fate, style="red")
    line.append_text(markers(commander.source, index))
    indent = 2 * depth
    lines: list[Line] = [(indent, line)]
    if commander.role:
        lines.append((indent + 2, safe_text(commander.role, style="dim")))
    if commander.note:
        lines.append((indent + 2, safe_text(commander.note, style="dim italic")))
    for sub in commander.subordinates:
        lines.extend(_commander_lines(sub, index, depth + 1))
    return lines


def _unit_tree(units: Sequence[model.Unit], index: dict[str, int]) -> RenderableType:
    from rich.console import Group
    from rich.text import Text
    from rich.tree import Tree

    from battles.render.terminal import NOT_STATED, figure_cell, markers, safe_text

    if not units:
        return Text(NOT_STATED, style="dim")
    tree = Tree(Text(), hide_root=True, guide_style="dim")

    def grow(branch: Tree, unit: model.Unit) -> None:
        label = safe_text(unit.name) + markers(unit.source, index)
        if unit.strength is not None:
            label.append(" · ")
            label.append_text(figure_cell(unit.strength, index))
        details = [label]
        if unit.strength is not None:
            if unit.strength.text:
                details.append(safe_text(f"“{unit.strength.text}”", style="dim"))
            if unit.strength.note:
                details.append(safe_text(unit.strength.note, style="dim"))
        if unit.note:
            details.append(safe_text(unit.note, style="dim italic"))
        node = branch.add(Group(*details))
        for sub in unit.units:
            grow(node, sub)

    for unit in units:
        grow(tree, unit)
    return tree


def _casualty_lines(
    cas: model.Casualties, index: dict[str, int], *, civilians: bool = False
) -> list[Line]:
    from rich.text import Text

    from battles.render.terminal import figure_lines, safe_text

    lines: list[Line] = []

    def labelled(label: Text, fig: Figure) -> None:
        sub = figure_lines(fig, index)
        lines.append((0, label + sub[0][1]))
        lines.extend(sub[1:])

    for name, fig in cas.kinds():
        labelled(Text(f"{name}: "), fig)
    for loss in cas.other:
        labelled(
            safe_text(f"{loss.label}: "), loss.value.with_source(tuple(loss.source or cas.source))
        )
        if loss.note:
            lines.append((2, safe_text(loss.note, style="dim")))
    total = tally.total_to_show(cas, civilians=civilians)
    if total is not None:
        labelled(Text("total: ", style="bold"), total)
    for item in cas.equipment:  # never added to the men
        labelled(safe_text(f"{item.name} {item.fate}: "), model.equipment_figure(item, cas.source))
        if item.note:
            lines.append((2, safe_text(item.note, style="dim")))
    if cas.note:
        lines.append((0, safe_text(cas.note, style="dim italic")))
    return lines


def _equipment_lines(
    items: Sequence[model.Equipment], index: dict[str, int], inherited: tuple[str, ...]
) -> list[Line]:
    from battles.render.terminal import figure_lines, safe_text

    lines: list[Line] = []
    for item in items:
        sub = figure_lines(model.equipment_figure(item, inherited), index)
        lines.append((0, safe_text(f"{item.name}: ") + sub[0][1]))
        lines.extend(sub[1:])
        if item.note:
            lines.append((2, safe_text(item.note, style="dim")))
    return lines


def _strength_lines(
    strength: Figure | None,
    strengths: Sequence[Figure],
    index: dict[str, int],
    inherited: tuple[str, ...],
) -> RenderableType:
    """A side's strength, then its further strengths (each saying what it counts)."""
    from battles.render.terminal import figure_lines, safe_text, stack

    lines: list[Line] = []
    if strength is not None:
        lines.extend(figure_lines(strength.with_source(inherited), index))
    for fig in strengths:
        sub = figure_lines(fig.with_source(inherited).replace(counts=None), index)
        lines.append((0, safe_text(f"{fig.counts}: ") + sub[0][1]))
        lines.extend(sub[1:])
    return stack(lines)


def _side_outcome(side: model.Side) -> Text:
    """The vocabulary's word for a side's result, with the source's own words beside it."""
    from rich.text import Text

    from battles.render.terminal import safe_text

    line = Text()
    if side.result:
        line.append(side.result, style="bold")
    if side.outcome:
        if side.result:
            line.append(" · ")
        line.append_text(safe_text(f"“{side.outcome}”" if side.result else side.outcome))
    return line


def _field(table: Table, label: str, cells: Sequence[RenderableType], present: bool) -> None:
    from rich.text import Text

    if present:
        table.add_row(Text(label, style="bold"), *cells)


# Like SIMPLE_HEAD, with a rule under a row that ends a section (the sides' names).
SIDES_BOX = "    \n    \n ── \n    \n ── \n    \n    \n    \n"  # made a rich.box.Box when drawn


def address_line(url: str, console: Console, indent: str) -> Text:
    """A web address on a line of its own, never broken (a terminal wraps it, and it still
    copies whole) and, in a terminal, a hyperlink (OSC 8) to it."""
    from rich.style import Style
    from rich.text import Text

    shown = clean(url)
    link = shown if console.is_terminal and "://" in shown else None
    line = Text(indent, no_wrap=True, overflow="ignore")
    line.append(shown, style=Style(dim=True, link=link) if link else "dim")
    return line


def _duration(duration: model.Duration, index: dict[str, int]) -> Text:
    """How long the fighting lasted: ``2–3 days  “its wording” [1]``."""
    from battles.render.terminal import markers, safe_text

    shown = safe_text(duration.shown())
    if duration.text:
        shown.append_text(safe_text(f"  “{duration.text}”", style="dim"))
    shown.append_text(markers(duration.source, index))
    if duration.note:
        shown.append_text(safe_text(f"\n{duration.note}", style="dim italic"))
    return shown


def render_show(result: ShowResult, console: Console) -> None:
    """Everything a record holds: its header, the sides side by side, conditions, losses
    apart from the sides, phases, events, disagreements, notes and the numbered sources."""
    from rich.text import Text

    from battles.render.terminal import safe_text, stack

    record = result.record
    index = record.source_index()
    console.print(safe_text(record.name, style="bold underline"))
    console.print(_show_header(result, index))
    if record.summary:
        console.print()
        console.print(safe_text(record.summary))
    console.print()
    _show_sides(record, index, console)
    if record.conditions is not None:
        _render_conditions(record, index, console)
    for title, cas in (("Civilians", record.civilians), ("All sides together", record.losses)):
        if cas is not None:
            console.rule(Text(title, style="bold"), align="left", style="dim")
            console.print(stack(_casualty_lines(cas, index, civilians=title == "Civilians")))
            console.print()
    if record.phases:
        _show_phases(record, index, console)
    if record.events:
        _show_events(record, index, console)
    _show_remarks(record, index, console)
    _show_sources(record, console)


def _show_header(result: ShowResult, index: dict[str, int]) -> Table:
    """Kind, dates, other datings, fighting, place, part of, parts, aliases, result."""
    from rich.table import Table
    from rich.text import Text

    from battles.render.data import span
    from battles.render.terminal import markers, safe_text

    record = result.record
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold", no_wrap=True)
    head.add_column()
    head.add_row("Kind", safe_text(f"{record.kind} · id {record.key}"))
    when = safe_text(span(record))
    if record.date_text:
        when.append(f"  “{clean(record.date_text)}”", style="dim")
    when.append_text(markers(record.date_source, index))
    head.add_row("Dates", when)
    for estimate in record.date_estimates:
        other = safe_text(format_span(estimate.start, estimate.end), style="yellow")
        if estimate.text:
            other.append_text(safe_text(f"  “{estimate.text}”", style="dim"))
        other.append_text(markers(estimate.source, index))
        if estimate.note:
            other.append_text(safe_text(f"\n{estimate.note}", style="dim italic"))
        head.add_row("Other dating", other)
    if record.duration is not None:
        head.add_row("Fighting", _duration(record.duration, index))
    place = record.place
    where = safe_text(place.name)
    details = [t for t in (place.region, place.territory) if t]
    if details:
        where.append_text(safe_text(", " + ", ".join(details)))
    if place.country:
        where.append_text(safe_text(f" (today {place.country})"))
    if place.coordinates:
        where.append(f"  {place.coordinates.lat:.4f}, {place.coordinates.lon:.4f}", style="dim")
    where.append_text(markers(place.source, index))
    if place.other_names:
        names = Text("also called ", style="dim")
        for n, known in enumerate(place.other_names):
            if n:
                names.append(", ", style="dim")
            names.append_text(safe_text(known.name))
            if known.when:
                names.append_text(safe_text(f" ({known.when})", style="dim"))
            names.append_text(markers(known.source, index))
        where.append("\n")
        where.append_text(names)
    head.add_row("Place", where)
    if result.part_of:
        head.add_row(
            "Part of",
            safe_text(
                ", ".join(f"{text} ({ref})" if ref else text for text, ref in result.part_of)
            ),
        )
    if result.parts:
        parts = [safe_text(f"{r.name} ({r.key}) · {span(r)}") for r in result.parts]
        head.add_row("Parts", Text("\n").join(parts))
    if record.aliases:
        head.add_row("Also", safe_text(", ".join(record.aliases)))
    if record.result:
        outcome = safe_text(record.result.text)
        outcome.append_text(markers(record.result.source, index))
        winner = record.result.winner
        if winner is not None:
            won = (
                "no side won"
                if winner == model.NO_SIDE
                else f"won by {_side_label(record, winner)}"
            )
            outcome.append_text(safe_text(f" · {won}", style="bold"))
        if record.result.note:
            outcome.append_text(safe_text("\n" + record.result.note, style="dim italic"))
        head.add_row("Result", outcome)
    return head


def side_width(screen: int, sides: int) -> int | None:
    """The width a side's column is given: it takes its share of the screen whatever its
    cells hold, and a width of 1 (its least, as without one) spares Rich measuring every
    cell to no end. None on a screen so narrow that Rich squeezes the columns, where it
    measures them to do so."""
    return None if screen < 24 + 4 * sides else 1


def _show_sides(record: model.Record, index: dict[str, int], console: Console) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from battles.render.terminal import NOT_STATED, markers, safe_text, stack

    console.rule(Text("Sides", style="bold"), align="left", style="dim")
    # The side names are a first row, not Rich's header (which aligns a header that wraps
    # to the bottom): names of three sides or more then start on one line.
    sides = Table(
        box=box.Box(SIDES_BOX), pad_edge=False, show_edge=False, expand=True, show_header=False
    )
    sides.add_column("", no_wrap=True, style="bold")
    headers: list[RenderableType] = [Text("")]
    width = side_width(console.width, len(record.sides))
    for side in record.sides:
        header = safe_text(side.name, style="bold")
        header.append_text(markers(side.source, index))
        sides.add_column(ratio=1, width=width)
        headers.append(header)
    sides.add_row(*headers, end_section=True)
    all_sides = record.sides
    _field(
        sides,
        "Fighting",
        [safe_text(", ".join(s.belligerents)) for s in all_sides],
        any(s.belligerents for s in all_sides),
    )
    _field(
        sides,
        "Role",
        [safe_text(s.role or NOT_STATED, style="" if s.role else "dim") for s in all_sides],
        any(s.role for s in all_sides),
    )
    _field(
        sides,
        "Outcome",
        [_side_outcome(s) for s in all_sides],
        any(s.outcome or s.result for s in all_sides),
    )
    _field(
        sides,
        "Leaders",
        [stack([ln for c in s.commanders for ln in _commander_lines(c, index)]) for s in all_sides],
        any(s.commanders for s in all_sides),
    )
    _field(
        sides,
        "Units",
        [_unit_tree(s.units, index) for s in all_sides],
        any(s.units for s in all_sides),
    )
    _field(
        sides,
        "Strength",
        [_strength_lines(s.strength, s.strengths, index, tuple(s.source)) for s in all_sides],
        True,
    )
    _field(
        sides,
        "Equipment",
        [stack(_equipment_lines(s.equipment, index, tuple(s.source))) for s in all_sides],
        any(s.equipment for s in all_sides),
    )
    _field(
        sides,
        "Losses",
        [
            stack(_casualty_lines(s.casualties, index))
            if s.casualties
            else Text(NOT_STATED, style="dim")
            for s in all_sides
        ],
        True,
    )
    _field(
        sides,
        "Note",
        [safe_text(s.note, style="italic") for s in all_sides],
        any(s.note for s in all_sides),
    )
    console.print(sides)


def _show_phases(record: model.Record, index: dict[str, int], console: Console) -> None:
    from rich import box
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from battles.render.data import span
    from battles.render.terminal import NOT_STATED, figure_lines, markers, safe_text, stack

    console.rule(Text("Phases", style="bold"), align="left", style="dim")
    for n, phase in enumerate(record.phases, start=1):
        heading = safe_text(f"{n}. {phase.name}", style="bold")
        heading.append_text(safe_text(f" · {span(phase)}"))
        if phase.place:
            heading.append_text(safe_text(f" · {phase.place}"))
        heading.append_text(markers(phase.source, index))
        console.print(heading)
        if phase.result:
            console.print(safe_text(f"   Result: {phase.result}"))
        if phase.summary:
            console.print(safe_text(phase.summary), style="dim")
        if phase.sides:
            table = Table(box=box.SIMPLE, pad_edge=False, show_edge=False)
            table.add_column("Side")
            table.add_column("Strength")
            table.add_column("Losses")
            for ps in phase.sides:
                table.add_row(
                    safe_text(_side_label(record, ps.side)),
                    stack(
                        (figure_lines(ps.strength, index) if ps.strength else [])
                        + _equipment_lines(ps.equipment, index, tuple(ps.source))
                    ),
                    stack(_casualty_lines(ps.casualties, index))
                    if ps.casualties
                    else Text(NOT_STATED, style="dim"),
                )
            console.print(table)
        if phase.civilians:
            console.print(Text("   Civilians:", style="bold"))
            lines = _casualty_lines(phase.civilians, index, civilians=True)
            console.print(Padding(stack(lines), (0, 0, 0, 3)))
        if phase.note:
            console.print(safe_text(phase.note, style="italic"))
        console.print()


def _show_events(record: model.Record, index: dict[str, int], console: Console) -> None:
    from rich.text import Text

    from battles.render.data import event_date
    from battles.render.terminal import Labelled, markers, safe_text

    console.rule(Text("Events", style="bold"), align="left", style="dim")
    rows: list[tuple[Text, Text]] = []
    for event in events_in_order(record.events):
        text = safe_text(event.text)
        if event.side:
            text = safe_text(f"{_side_label(record, event.side)}: ", style="italic") + text
        text.append_text(markers(event.source, index))
        date = event_date(event)
        if event.context:
            text.append(" (context)", style="dim")
        rows.append((safe_text(date), text))
    console.print(Labelled(rows))
    console.print()


def _show_remarks(record: model.Record, index: dict[str, int], console: Console) -> None:
    """Where the sources disagree, and the curator's notes."""
    from rich.text import Text

    from battles.render.terminal import bullet, markers, safe_text

    if record.disagreements:
        console.rule(Text("Where sources disagree", style="bold"), align="left", style="dim")
        for item in record.disagreements:
            line = safe_text(f"{item.topic}: ", style="bold") + safe_text(item.text)
            line.append_text(markers(item.source, index))
            console.print(bullet(line))
        console.print()

    if record.notes:
        console.rule(Text("Notes", style="bold"), align="left", style="dim")
        for note in record.notes:
            console.print(bullet(safe_text(note)))
        console.print()


def _show_sources(record: model.Record, console: Console) -> None:
    from rich.text import Text

    from battles.render.terminal import hanging, safe_text

    console.rule(Text("Sources", style="bold"), align="left", style="dim")
    for n, source in enumerate(record.sources, start=1):
        mark = f"[{n}] "
        line = Text(mark, style="cyan") + safe_text(model.reference(source))
        if not source.url and source.file:
            line.append_text(safe_text(f" — seed file {source.file}", style="dim"))
        console.print(hanging(line, len(mark)))
        if source.url:
            console.print(address_line(source.url, console, " " * len(mark)), soft_wrap=True)
        if source.note:
            console.print(
                hanging(safe_text(source.note, style="dim italic"), len(mark), whole=True)
            )


def _render_conditions(record: model.Record, index: dict[str, int], console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    from battles.conditions import items
    from battles.render.terminal import markers, safe_text

    found = record.conditions
    assert found is not None
    console.rule(Text("Conditions", style="bold"), align="left", style="dim")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for item in items(record):
        line = safe_text(item.shown)
        if item.text:
            line.append_text(safe_text(f"  “{item.text}”", style="dim"))
        line.append_text(markers(item.source or found.source, index))  # else the block's
        if item.note:
            line.append_text(safe_text("\n" + item.note, style="dim italic"))
        grid.add_row(safe_text(item.label.capitalize()), line)
    if found.note:
        note = safe_text(found.note)
        note.append_text(markers(found.source, index))
        grid.add_row("Note", note)
    console.print(grid)
    console.print()


def _side_label(record: model.Record, side_id: str) -> str:
    side = record.side(side_id)
    return side.name if side else side_id


# -- data and table forms --------------------------------------------------------------------


def show_data(result: ShowResult) -> dict[str, Any]:
    return {
        "view": "show",
        "record": record_data(result.record),
        "part_of": [{"text": t, "id": ref} for t, ref in result.part_of],
        "parts": [r.key for r in result.parts],
    }


def show_table(result: ShowResult) -> Tabular:
    return _facts(result.record)


def _facts(record: model.Record) -> Tabular:
    """A record flattened to one row per value: its field path and the value; a figure is
    one row with its form and bounds, and rows of its own for its wording, note, scope,
    parts and estimates."""
    from battles.loading import walk
    from battles.positions import format_path

    table = Tabular(["battle", "field", "value", "form", "low", "high"])
    rows: list[Sequence[Cell]] = []
    table.rows = rows
    for path, value in walk(record):
        where = format_path(path)
        if path and path[-1] in model.CITE_FIELDS:
            if value:
                rows.append([record.key, where, " ".join(value), None, None, None])
        elif isinstance(value, Figure):
            _figure_facts(rows, record.key, path, value)
        elif isinstance(value, PartialDate):
            rows.append([record.key, where, value.iso(), None, None, None])
        elif isinstance(value, (str, int, float, bool)):
            rows.append([record.key, where, value, None, None, None])
    return table


def _figure_facts(rows: list[Sequence[Cell]], key: str, path: FieldPath, fig: Figure) -> None:
    from battles.positions import format_path

    low, high = tally.bounds(fig)
    rows.append([key, format_path(path), format_figure(fig), fig.form, low, high])
    for name in ("text", "note", "scope", "counts"):
        if (text := getattr(fig, name)) is not None:
            rows.append([key, format_path((*path, name)), text, None, None, None])
    if fig.band is not None:
        rows.append([key, format_path((*path, "error")), format_band(fig.band), None, None, None])
    if fig.source:
        rows.append([key, format_path((*path, "source")), " ".join(fig.source), None, None, None])
    for i, part in enumerate(fig.parts):
        rows.append([key, format_path((*path, "parts", i, "label")), part.label, None, None, None])
        _figure_facts(rows, key, (*path, "parts", i, "value"), part.figure)
    for i, estimate in enumerate(fig.estimates):
        _figure_facts(rows, key, (*path, "estimates", i), estimate)


# -- Markdown --------------------------------------------------------------------------------


_MD_SPECIAL = r"([\\`*_\[\]<>|#])"  # compiled when first used (re caches it)


def md(text: str | None) -> str:
    """Record text as Markdown text: on one line, its markup characters escaped."""
    return re.sub(_MD_SPECIAL, r"\\\1", " ".join(clean(text or "").split()))


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
    from battles.render.data import event_date, span

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
