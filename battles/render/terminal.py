"""Rich renderers for the terminal. Every piece of record text goes through :func:`T`, which
makes a :class:`rich.text.Text` (never parsed as markup) from cleaned text (no control
characters)."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from battles import model
from battles.dates import PartialDate, format_span
from battles.figures import Figure, format_figure
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


# -- shared pieces ---------------------------------------------------------------------------

NOT_STATED = "—"
LEGEND = "— not stated · ? unknown · ~ approximate · ≥ at least · a / b disputed · * sum of kinds"


def markers(source: Sequence[str], index: dict[str, int]) -> Text:
    """Citation markers such as `` [1,3]`` for the record's numbered sources."""
    numbers = sorted({index[s] for s in source if s in index})
    if not numbers:
        return Text()
    return Text(" [" + ",".join(str(n) for n in numbers) + "]", style="cyan")


def figure_cell(fig: Figure | None, index: dict[str, int] | None = None) -> Text:
    """A figure in one cell: its short form, ``?`` when unknown, ``*`` when computed."""
    if fig is None:
        return Text(NOT_STATED, style="dim")
    text = format_figure(fig)
    if text == "unknown":
        text = "?"
    cell = Text(text)
    if not fig.stated:
        cell.append("*", style="dim")
    if index is not None:
        cell.append_text(markers(fig.source, index))
    return cell


Line = tuple[int, Text]  # an indent and a line of text; wrapped lines keep the indent


def stack(lines: Sequence[Line]) -> RenderableType:
    """Lines as one renderable, each wrapped within its own indent."""
    if not lines:
        return Text(NOT_STATED, style="dim")
    return Group(*(Padding(text, (0, 0, 0, indent)) if indent else text for indent, text in lines))


def figure_lines(fig: Figure, index: dict[str, int], indent: int = 0) -> list[Line]:
    """A figure with everything the record holds about it: parts, estimates, wording, note."""
    lines: list[Line] = []
    if fig.is_disputed:
        lines.append((indent, Text("disputed:", style="yellow")))
    else:
        lines.append((indent, figure_cell(fig, index)))
    if fig.text:
        lines.append((indent + 2, T(f"“{fig.text}”", style="dim")))
    if fig.note:
        lines.append((indent + 2, T(fig.note, style="dim")))
    for part in fig.parts:
        line = Text("+ ") + figure_cell(part.figure, index) + T(f" {part.label}")
        lines.append((indent + 2, line))
        if part.figure.note:
            lines.append((indent + 4, T(part.figure.note, style="dim")))
    for estimate in fig.estimates:
        sub = figure_lines(estimate, index, indent + 2)
        if not fig.is_disputed:
            sub[0] = (sub[0][0], Text("also ", style="yellow") + sub[0][1])
        lines.extend(sub)
    return lines


PALETTE = ("cyan", "magenta", "green", "yellow", "blue", "red", "bright_cyan", "bright_magenta")


# -- show ----------------------------------------------------------------------------------------


def _commander_lines(
    commander: model.Commander, index: dict[str, int], depth: int = 0
) -> list[Line]:
    line = T(("└ " if depth else "") + commander.name, style="" if depth else "bold")
    if commander.fate:
        fate = " † killed in action" if commander.fate == "killed in action" else (
            f" ({commander.fate})")
        line.append(fate, style="red")
    line.append_text(markers(commander.source, index))
    indent = 2 * depth
    lines: list[Line] = [(indent, line)]
    if commander.role:
        lines.append((indent + 2, T(commander.role, style="dim")))
    if commander.note:
        lines.append((indent + 2, T(commander.note, style="dim italic")))
    for sub in commander.subordinates:
        lines.extend(_commander_lines(sub, index, depth + 1))
    return lines


def _unit_tree(units: Sequence[model.Unit], index: dict[str, int]) -> RenderableType:
    if not units:
        return Text(NOT_STATED, style="dim")
    tree = Tree(Text(), hide_root=True, guide_style="dim")

    def grow(branch: Tree, unit: model.Unit) -> None:
        label = T(unit.name) + markers(unit.source, index)
        if unit.strength is not None:
            label.append(" · ")
            label.append_text(figure_cell(unit.strength, index))
        details = [label]
        if unit.strength is not None and (unit.strength.note or unit.strength.text):
            details.append(T(unit.strength.note or unit.strength.text, style="dim"))
        if unit.note:
            details.append(T(unit.note, style="dim italic"))
        node = branch.add(Group(*details))
        for sub in unit.units:
            grow(node, sub)

    for unit in units:
        grow(tree, unit)
    return tree


def _casualty_lines(cas: model.Casualties, index: dict[str, int]) -> list[Line]:
    lines: list[Line] = []

    def labelled(label: Text, fig: Figure) -> None:
        sub = figure_lines(fig, index)
        lines.append((0, label + sub[0][1]))
        lines.extend(sub[1:])

    for name, fig in cas.kinds():
        labelled(Text(f"{name}: "), fig)
    for loss in cas.other:
        labelled(T(f"{loss.label}: "), loss.value.with_source(tuple(loss.source or cas.source)))
        if loss.note:
            lines.append((2, T(loss.note, style="dim")))
    total = cas.computed_total()
    if total is not None and (cas.total is not None or len(cas.kinds()) > 1 or cas.other):
        labelled(Text("total: ", style="bold"), total)
    if cas.note:
        lines.append((0, T(cas.note, style="dim italic")))
    return lines


def _field(table: Table, label: str, cells: Sequence[RenderableType], present: bool) -> None:
    if present:
        table.add_row(Text(label, style="bold"), *cells)


def render_show(record: model.Record, console: Console) -> None:
    index = record.source_index()
    console.print(T(record.name, style="bold underline"))
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold", no_wrap=True)
    head.add_column()
    head.add_row("Kind", T(record.kind))
    when = T(span(record))
    if record.date_text:
        when.append(f"  “{clean(record.date_text)}”", style="dim")
    when.append_text(markers(record.date_source, index))
    head.add_row("Dates", when)
    for estimate in record.date_estimates:
        other = T(format_span(estimate.start, estimate.end), style="yellow")
        if estimate.text:
            other.append_text(T(f"  “{estimate.text}”", style="dim"))
        other.append_text(markers(estimate.source, index))
        if estimate.note:
            other.append_text(T(f"\n{estimate.note}", style="dim italic"))
        head.add_row("Other dating", other)
    place = record.place
    where = T(place.name)
    details = [t for t in (place.region, place.territory) if t]
    if details:
        where.append_text(T(", " + ", ".join(details)))
    if place.country:
        where.append_text(T(f" (today {place.country})"))
    if place.coordinates:
        where.append(f"  {place.coordinates.lat:.4f}, {place.coordinates.lon:.4f}", style="dim")
    where.append_text(markers(place.source, index))
    head.add_row("Place", where)
    if record.part_of:
        head.add_row("Part of", T(", ".join(record.part_of)))
    if record.aliases:
        head.add_row("Also", T(", ".join(record.aliases)))
    if record.result:
        result = T(record.result.text)
        result.append_text(markers(record.result.source, index))
        if record.result.note:
            result.append_text(T("\n" + record.result.note, style="dim italic"))
        head.add_row("Result", result)
    console.print(head)
    if record.summary:
        console.print()
        console.print(T(record.summary))

    console.print()
    console.rule(Text("Sides", style="bold"), align="left", style="dim")
    sides = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=True)
    sides.add_column("", no_wrap=True, style="bold")
    for side in record.sides:
        header = T(side.name)
        header.append_text(markers(side.source, index))
        sides.add_column(header, ratio=1)
    all_sides = record.sides
    _field(sides, "Fighting", [T(", ".join(s.belligerents)) for s in all_sides],
           any(s.belligerents for s in all_sides))
    _field(sides, "Outcome", [T(s.outcome) for s in all_sides], any(s.outcome for s in all_sides))
    _field(sides, "Leaders", [
        stack([ln for c in s.commanders for ln in _commander_lines(c, index)]) for s in all_sides
    ], any(s.commanders for s in all_sides))
    _field(sides, "Units", [_unit_tree(s.units, index) for s in all_sides],
           any(s.units for s in all_sides))
    _field(sides, "Strength", [
        stack(figure_lines(s.strength.with_source(tuple(s.source)), index))
        if s.strength is not None else Text(NOT_STATED, style="dim")
        for s in all_sides
    ], True)
    _field(sides, "Losses", [
        stack(_casualty_lines(s.casualties, index)) if s.casualties
        else Text(NOT_STATED, style="dim") for s in all_sides
    ], True)
    _field(sides, "Note", [T(s.note, style="italic") for s in all_sides],
           any(s.note for s in all_sides))
    console.print(sides)

    for title, cas in (("Civilians", record.civilians), ("All sides together", record.losses)):
        if cas is not None:
            console.rule(Text(title, style="bold"), align="left", style="dim")
            console.print(stack(_casualty_lines(cas, index)))
            console.print()

    if record.phases:
        console.rule(Text("Phases", style="bold"), align="left", style="dim")
        for n, phase in enumerate(record.phases, start=1):
            title = T(f"{n}. {phase.name}", style="bold")
            title.append_text(T(f" · {span(phase)}"))
            if phase.place:
                title.append_text(T(f" · {phase.place}"))
            title.append_text(markers(phase.source, index))
            console.print(title)
            if phase.result:
                console.print(T(f"   Result: {phase.result}"))
            if phase.summary:
                console.print(T(phase.summary), style="dim")
            if phase.sides:
                table = Table(box=box.SIMPLE, pad_edge=False, show_edge=False)
                table.add_column("Side")
                table.add_column("Strength")
                table.add_column("Losses")
                for ps in phase.sides:
                    table.add_row(
                        T(_side_label(record, ps.side)),
                        stack(figure_lines(ps.strength, index)) if ps.strength
                        else Text(NOT_STATED, style="dim"),
                        stack(_casualty_lines(ps.casualties, index)) if ps.casualties
                        else Text(NOT_STATED, style="dim"),
                    )
                console.print(table)
            if phase.civilians:
                console.print(Text("   Civilians:", style="bold"))
                console.print(Padding(stack(_casualty_lines(phase.civilians, index)), (0, 0, 0, 3)))
            if phase.note:
                console.print(T(phase.note, style="italic"))
            console.print()

    if record.events:
        console.rule(Text("Events", style="bold"), align="left", style="dim")
        events = Table(box=None, pad_edge=False, show_header=False, padding=(0, 1))
        events.add_column(style="bold", max_width=22)
        events.add_column(ratio=1)
        for event in sorted(record.events, key=_event_key):
            text = T(event.text)
            if event.side:
                text = T(f"{_side_label(record, event.side)}: ", style="italic") + text
            text.append_text(markers(event.source, index))
            date = event_date(event)
            if event.context:
                text.append(" (context)", style="dim")
            events.add_row(T(date), text)
        console.print(events)
        console.print()

    if record.disagreements:
        console.rule(Text("Where sources disagree", style="bold"), align="left", style="dim")
        for item in record.disagreements:
            line = T(f"• {item.topic}: ", style="bold") + T(item.text)
            line.append_text(markers(item.source, index))
            console.print(line)
        console.print()

    if record.notes:
        console.rule(Text("Notes", style="bold"), align="left", style="dim")
        for note in record.notes:
            console.print(T(f"• {note}"))
        console.print()

    console.rule(Text("Sources", style="bold"), align="left", style="dim")
    for n, source in enumerate(record.sources, start=1):
        line = Text(f"[{n}] ", style="cyan") + T(source.title)
        where = source.url or (f"seed file {source.file}" if source.file else None)
        if where:
            line.append_text(T(f" — {where}", style="dim"))
        console.print(line)
        if source.note:
            console.print(T(f"    {source.note}", style="dim italic"))


def _side_label(record: model.Record, side_id: str) -> str:
    side = record.side(side_id)
    return side.name if side else side_id


def _event_key(event: model.Event) -> tuple[bool, PartialDate]:
    return (event.date is None, event.date or PartialDate(1))


def event_date(event: model.Event) -> str:
    """An event's date as shown: ``23 Sep 1941``, a span, or the sources' wording."""
    if event.date is None:
        return event.when or "date not given"
    shown = format_span(event.date, event.end)
    if event.when and event.when.lower() not in shown.lower():
        shown += f" ({event.when})"
    return shown
