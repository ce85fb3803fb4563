"""Rich renderers for the terminal. Every piece of record text goes through
:func:`safe_text`, which makes a :class:`rich.text.Text` (never parsed as markup) from
cleaned text (no control characters)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from battles import model, tally
from battles.dates import (
    events_in_order,
    format_span,
)
from battles.figures import Figure, format_figure
from battles.loading.digest import Brief
from battles.text import clean

if TYPE_CHECKING:  # only for annotations: a view imports just what it draws
    from battles.questions.show import ShowResult


def safe_text(text: str | None, style: str = "") -> Text:
    """Untrusted text as a Rich ``Text``: literal brackets, no control characters."""
    return Text(clean(text or ""), style=style)


def span(record: model.Record | model.Phase | Brief) -> str:
    if not isinstance(record, model.Phase) and record.end_unknown:
        return f"from {record.start.human()}, end not stated"
    return format_span(record.start, record.end)


def _more(count: int, matched: int, what: str) -> str | None:
    """The footer of a view cut to what fits: how many are shown, and how to see the rest."""
    if matched <= count:
        return None
    return f"showing {count:,} of {matched:,} {what}; --all shows every one, --limit N the first N"


NOT_STATED = "—"
LEGEND = "— not stated · ? unknown · ~ about · ≥ at least · a / b disputed · * computed"


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
    cell = Text(format_figure(fig))
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
    else:  # its own value; the other estimates follow, each on its line ("also ...")
        cell = figure_cell(fig.replace(estimates=()), index)
        if fig.counts:
            cell.append(f" ({fig.counts})", style="dim")
        lines.append((indent, cell))
    if fig.text:
        lines.append((indent + 2, safe_text(f"“{fig.text}”", style="dim")))
    if fig.scope:
        lines.append((indent + 2, safe_text(f"only {fig.scope}", style="yellow")))
    if fig.note:
        lines.append((indent + 2, safe_text(fig.note, style="dim")))
    for part in fig.parts:
        line = Text("+ ") + figure_cell(part.figure, index) + safe_text(f" {part.label}")
        lines.append((indent + 2, line))
        if part.figure.note:
            lines.append((indent + 4, safe_text(part.figure.note, style="dim")))
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
    line = Text()
    if side.result:
        line.append(side.result, style="bold")
    if side.outcome:
        if side.result:
            line.append(" · ")
        line.append_text(safe_text(f"“{side.outcome}”" if side.result else side.outcome))
    return line


def _field(table: Table, label: str, cells: Sequence[RenderableType], present: bool) -> None:
    if present:
        table.add_row(Text(label, style="bold"), *cells)


# Like SIMPLE_HEAD, with a rule under a row that ends a section (the sides' names).
SIDES_BOX = box.Box("    \n    \n ── \n    \n ── \n    \n    \n    \n")


def hanging(text: Text, indent: int, *, whole: bool = False) -> RenderableType:
    """``text`` whose wrapped lines start ``indent`` columns in, under the text after its
    first ``indent`` characters (a bullet, a number); with ``whole``, all of it indented."""
    if whole:
        return Padding(text, (0, 0, 0, indent))
    grid = Table.grid(padding=0)
    grid.add_column(width=indent, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(text[:indent], text[indent:])
    return grid


def bullet(text: Text) -> RenderableType:
    """A bullet whose wrapped lines line up under its text, not under the bullet."""
    return hanging(Text("• ") + text, 2)


def address_line(url: str, console: Console, indent: str) -> Text:
    """A web address on a line of its own, never broken (a terminal wraps it, and it still
    copies whole) and, in a terminal, a hyperlink (OSC 8) to it."""
    shown = clean(url)
    link = shown if console.is_terminal and "://" in shown else None
    line = Text(indent, no_wrap=True, overflow="ignore")
    line.append(shown, style=Style(dim=True, link=link) if link else "dim")
    return line


def _duration(duration: model.Duration, index: dict[str, int]) -> Text:
    """How long the fighting lasted: ``2–3 days  “its wording” [1]``."""
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


def _show_sides(record: model.Record, index: dict[str, int], console: Console) -> None:
    console.rule(Text("Sides", style="bold"), align="left", style="dim")
    # The side names are a first row, not Rich's header (which aligns a header that wraps
    # to the bottom): names of three sides or more then start on one line.
    sides = Table(box=SIDES_BOX, pad_edge=False, show_edge=False, expand=True, show_header=False)
    sides.add_column("", no_wrap=True, style="bold")
    headers: list[RenderableType] = [Text("")]
    for side in record.sides:
        header = safe_text(side.name, style="bold")
        header.append_text(markers(side.source, index))
        sides.add_column(ratio=1)
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
    console.rule(Text("Events", style="bold"), align="left", style="dim")
    events = Table(box=None, pad_edge=False, show_header=False, padding=(0, 1))
    events.add_column(style="bold", max_width=22)
    events.add_column(ratio=1)
    for event in events_in_order(record.events):
        text = safe_text(event.text)
        if event.side:
            text = safe_text(f"{_side_label(record, event.side)}: ", style="italic") + text
        text.append_text(markers(event.source, index))
        date = event_date(event)
        if event.context:
            text.append(" (context)", style="dim")
        events.add_row(safe_text(date), text)
    console.print(events)
    console.print()


def _show_remarks(record: model.Record, index: dict[str, int], console: Console) -> None:
    """Where the sources disagree, and the curator's notes."""
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
    from battles.conditions import items

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


def event_date(event: model.Event) -> str:
    """An event's date as shown: ``23 Sep 1941``, a span, or the sources' wording."""
    if event.date is None:
        return event.when or "date not given"
    shown = format_span(event.date, event.end)
    if event.when and event.when.lower() not in shown.lower():
        shown += f" ({event.when})"
    return shown


# -- bars (compare, ratios, the site) -----------------------------------------------------

BAR_WIDTH = 8


class Scale(NamedTuple):
    """How long a bar is: the largest value takes the whole width; on a log scale a value
    takes its share of the orders of magnitude."""

    top: float
    log: bool

    def cols(self, value: int, width: int) -> int:
        if self.top <= 0 or value <= 0:
            return 0
        if self.log:
            return round(math.log10(1 + value) / math.log10(1 + self.top) * width)
        return round(value / self.top * width)


def choose_scale(figures: Sequence[Figure | None], scale: str = "auto") -> Scale:
    """Linear, or log where the values span more than two orders of magnitude (``auto``)."""
    values = [v for fig in figures if fig is not None for v in tally.bounds(fig) if v]
    top = float(max(values)) if values else 0.0
    auto = bool(values) and top / min(values) > 100
    log = auto if scale == "auto" else scale == "log"
    return Scale(top, log)


def bar(fig: Figure | None, scale: Scale, width: int = BAR_WIDTH) -> Text:
    """Solid to the low figure, lighter to the high one; an open-ended figure ends in ``▸``."""
    if fig is None:
        return Text()
    low, high = tally.bounds(fig)
    if low is None:
        return Text("?", style="dim")
    solid = scale.cols(low, width)
    out = Text("█" * solid, style="bold")
    if high is None:
        out.append("▸", style="dim")
    elif high > low:
        light = max(scale.cols(high, width) - solid, 1)
        out.append("░" * light, style="dim")
    if not out.plain:
        out.append("▏")
    return out
