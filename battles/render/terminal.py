"""Rich renderers for the terminal. Every piece of record text goes through
:func:`safe_text`, which makes a :class:`rich.text.Text` (never parsed as markup) from
cleaned text (no control characters)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
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
    MONTHS,
    PartialDate,
    century_label,
    century_start,
    day_number,
    events_in_order,
    format_span,
    month_days,
    year_label,
)
from battles.figures import Figure, format_figure
from battles.loading.digest import Brief
from battles.text import clean

if TYPE_CHECKING:  # only for annotations: a view imports just what it draws
    from battles.questions.show import ShowResult
    from battles.views import CompareRow, Comparison, Entry, Timeline


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


# -- compare -----------------------------------------------------------------------------------

BAR_WIDTH = 8
NAME_WANT = 24  # the room names get before figures wrap
NAME_MIN = 10  # below this, a terminal is too narrow for the figures: Rich squeezes


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


def _other_cell(row: CompareRow, marks: list[str]) -> Text:
    """The losses beside the four kinds: each figure with a letter for its label, which
    ``marks`` collects to be listed under the group's rows (``8 (a)``)."""
    if not row.other:
        return Text(NOT_STATED, style="dim")
    cell = Text()
    for n, part in enumerate(row.other):
        if n:
            cell.append("\n")
        letter = _letter(len(marks))
        marks.append(f"({letter}) {clean(part.label)}")
        cell.append_text(figure_cell(part.figure))
        cell.append(f" ({letter})", style="dim")
    return cell


def _other_note(row: CompareRow) -> list[str]:
    """A row's other losses written out, one a line (a figure begins its line, so it is
    never broken), for a terminal too narrow for their column."""
    return [f"{row.label}, other losses:"] + [
        f"  {format_figure(p.figure)} {p.label}" for p in row.other
    ]


def _letter(n: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[n] if n < len(letters) else f"{n + 1}"


def _cell_width(cell: Text) -> int:
    """The width a cell needs so that no figure in it is cut: its longest line, where a
    disputed figure may break after each ``/``."""
    pieces = re.split(r"(?<=/) |\n", cell.plain)
    return max((len(p) for p in pieces), default=1)


def _widths(rows: Sequence[CompareRow], column: str) -> tuple[int, int]:
    """How wide a compare column is with every cell on one line, and at the least (no
    figure cut; a label's letter may go below its figure)."""
    header = len(column)
    if column == "other":
        figures = [
            format_figure(p.figure) + ("" if p.figure.stated else "*")
            for r in rows
            for p in r.other
        ]
        full = max([header] + [len(f) + 4 for f in figures])
        return full, max([header] + [len(f) + 1 for f in figures])
    cells = [figure_cell(row.figures.get(column)) for row in rows]
    full = max([header] + [len(c.plain) for c in cells])
    return full, max([header] + [_cell_width(c) for c in cells])


def _longest_word(rows: Sequence[CompareRow]) -> int:
    return max((len(w) for row in rows for w in row.label.split()), default=0)


def render_compare(
    comparison: Comparison, console: Console, *, share: bool = False, scale: str = "auto"
) -> None:
    """One row per side under a heading line per battle (or phase); a bar for the last
    figure column. Figures are never cut: a narrow terminal wraps names (at spaces) and
    disputed figures (after a "/"), leaves out the bars, and lists the other losses under
    the battle's rows rather than in a column."""
    rows = comparison.rows
    columns = [c for c in comparison.columns if any(r.figures.get(c) is not None for r in rows)]
    silent = [c for c in comparison.columns if c not in columns]
    by_battle = all(row.kind != "side" for row in rows)
    chart = comparison.columns[-1]
    bars = choose_scale([row.figures.get(chart) for row in rows], scale)
    share_width = max([len("% str.")] + [len(_percent(r)) for row in rows if (r := row.share())])

    # Each column is followed by one space (none after the last). The names want room for
    # their longest word; the bars come last and go first.
    names_need = min(max(_longest_word(rows) + 2, NAME_MIN), NAME_WANT)
    names_want = min(
        max((len(row.label) + (len(row.tag) + 3 if row.tag else 0) + 2 for row in rows), default=0),
        NAME_WANT,
    )
    names_want = max(names_want, names_need)

    def layout(shown: list[str]) -> tuple[list[int], int, bool]:
        sizes = [_widths(rows, c) for c in shown] + ([(share_width,) * 2] if share else [])
        full = [f for f, _ in sizes]
        least = [m for _, m in sizes]
        bar_cols = BAR_WIDTH + 2
        for widths in (full, least):
            room = console.width - sum(w + 1 for w in widths)
            if room - bar_cols >= names_want or widths is least:
                break
        show_bar = room - bar_cols >= names_need
        return widths, room - (bar_cols if show_bar else 0), show_bar

    in_table = list(columns)
    widths, name_width, show_bar = layout(in_table)
    other_below = False
    if name_width < names_need and "other" in in_table:
        in_table.remove("other")
        other_below = True
        widths, name_width, show_bar = layout(in_table)
    name_width = max(name_width, NAME_MIN)
    headers = [c.capitalize() for c in in_table] + (["% str."] if share else [])

    def table(header: bool) -> Table:
        grid = Table(
            box=None, pad_edge=False, show_edge=False, show_header=header, padding=(0, 1, 0, 0)
        )
        grid.add_column(
            "Battle" if by_battle and any(r.kind == "battle" for r in rows) else "Battle / side",
            width=name_width,
        )
        for name, width in zip(headers, widths, strict=True):
            grid.add_column(name, justify="right", width=width, overflow="fold")
        if show_bar:
            grid.add_column("", width=BAR_WIDTH + 1, no_wrap=True)
        return grid

    def notes(lines: list[str]) -> None:
        if lines and not other_below:
            console.print(Padding(safe_text(" · ".join(lines), style="dim"), (0, 0, 0, 4)))
        for line in lines if other_below else ():
            indent = 4 + len(line) - len(line.lstrip(" "))
            console.print(Padding(safe_text(line.lstrip(" "), style="dim"), (0, 0, 0, indent)))

    def equipment(lines: list[str]) -> None:
        for line in lines:  # a side's equipment under its battle: never added to the men
            console.print(Padding(safe_text(line, style="dim"), (0, 0, 0, 4)))
        lines.clear()

    current = table(header=True)
    group: str | None = None
    marks: list[str] = []  # the labels of "other", lettered afresh in each group
    kit: list[str] = []  # the sides' equipment of the group, written under it
    rule = Text("─" * console.width, style="dim")
    for row in rows:
        heading = f"{row.battle.name}: {row.phase}" if row.phase else row.battle.name
        battle_row = by_battle and row.kind == "battle"
        # A battle's name stays on one line: one too long for the names' column gets a
        # line of its own above its figures.
        own_line = battle_row and len(clean(heading)) > name_width
        if heading != group:
            if not battle_row or group is None or marks or kit or own_line:
                console.print(current)
                if group is None:
                    console.print(rule)
                notes(marks)
                equipment(kit)
                if not battle_row or own_line:
                    console.print(safe_text(heading, style="bold"), overflow="fold")
                current = table(header=False)
            marks = []
            group = heading
        cells: list[RenderableType] = [
            _other_cell(row, marks) if c == "other" else figure_cell(row.figures.get(c))
            for c in in_table
        ]
        if other_below and row.other:
            marks.extend(_other_note(row))
        if row.equipment:
            what = "equipment lost" if comparison.measure == "casualties" else "equipment"
            kit.append(
                f"{row.label}, {what}: "
                + " · ".join(f"{format_figure(p.figure)} {p.label}" for p in row.equipment)
            )
        if share:
            ratio = row.share()
            cells.append(Text(_percent(ratio)) if ratio else Text(NOT_STATED, style="dim"))
        if show_bar:
            cells.append(bar(row.figures.get(chart), bars))
        label: RenderableType
        if own_line:
            label = Text("")
        elif battle_row:
            label = safe_text(heading, style="bold")
        else:  # a side's name wraps with a hanging indent, under its first line
            label = _indented_name(row.label, name_width, row.tag)
        current.add_row(label, *cells)
    console.print(current)
    notes(marks)
    equipment(kit)
    count = len(rows)
    footer = _more(count, comparison.matched, "rows") or f"{count} row{'s' if count != 1 else ''}"
    if show_bar:
        footer += f" · bars: {chart}" + (", log scale" if bars.log else "")
    else:
        footer += " · no room for bars (a wider terminal shows them)"
    if silent:
        footer += f" · not stated for any row: {', '.join(silent)}"
    console.print(safe_text(footer, style="dim"))
    console.print(safe_text(LEGEND, style="dim"))


def _indented_name(name: str, width: int, tag: str | None = None) -> Text:
    """A side's name (and its tag, dim) two columns in, its wrapped lines four columns in
    where their words fit (else two), at spaces."""
    import textwrap

    def wrap(text: str, room: int) -> list[str]:
        return textwrap.wrap(
            text, width=max(room, 1), break_on_hyphens=False, break_long_words=False
        )

    lines = wrap(clean(name), width - 2)
    indent = "  "
    if len(lines) > 1:
        rest = " ".join(lines[1:])
        if max(len(w) for w in rest.split()) <= width - 4:
            indent = "    "
        lines = [lines[0], *wrap(rest, width - len(indent))]
    text = Text("\n").join(
        Text(("  " if n == 0 else indent) + line) for n, line in enumerate(lines or [""])
    )
    if tag:
        text.append_text(safe_text(f" ({tag})", style="dim"))
    text.overflow = "fold"
    return text


def _percent(ratio: tuple[float, float | None]) -> str:
    low = round(ratio[0] * 100)
    if ratio[1] is None:
        return f"≥ {low}%"
    high = round(ratio[1] * 100)
    return f"{low}%" if low == high else f"{low}–{high}%"


# -- timeline ----------------------------------------------------------------------------------

NAME_WIDTH = 26  # the chart's column of names, at most
CHART_LEGEND = {"◂": "◂ ▸ runs on past the period's edge", "?": "? end not stated"}


def _day_number(day: tuple[int, int, int]) -> int:
    return day_number(day)  # any year, BC too


def render_timeline(line: Timeline, console: Console) -> None:
    colours = {r.key: PALETTE[i % len(PALETTE)] for i, r in enumerate(line.battles)}
    console.print(safe_text(f"Timeline {line.period.human()}", style="bold"))
    if line.battles:
        _chart(line, colours, console)
        console.print()
    if line.entries:
        _entries(line, colours, console)
    if line.chart_only:
        console.print(safe_text(f"{len(line.battles)} battles", style="dim"))
        return
    footer = _more(len(line.entries), line.matched, "entries") or f"{len(line.entries)} entries"
    if line.undated:
        footer += f" · {line.undated} undated events not shown (see `battles show`)"
    console.print(safe_text(footer, style="dim"))


def _chart(line: Timeline, colours: dict[str, str], console: Console) -> None:
    """A strip per battle of the period, drawn where it happened, under an axis whose ticks
    suit the period's length; a strip that runs past an edge of the period ends in ◂ or ▸."""
    from rich.cells import cell_len

    period_start, period_end = line.period.start, line.period.end
    if period_start is None or period_end is None:  # never so: a battle resolves both
        return
    first = _day_number(period_start.first_day())
    last = _day_number(period_end.last_day())
    days = max(last - first + 1, 1)
    # Names take at most a third of a narrow screen: the strips keep two thirds.
    longest = max(cell_len(clean(b.name)) for b in line.battles)
    names = max(min(longest, NAME_WIDTH, console.width // 3), 1)
    width = max(console.width - names - 1, 10)

    def column(day: int) -> int:
        return min(max((day - first) * width // days, 0), width - 1)

    def last_column(day: int) -> int:  # the column that holds the end of the day
        return min(max((day - first + 1) * width // days - 1, 0), width - 1)

    # Lines of text rather than a table: a chart of a thousand battles is drawn at once.
    chart = [Text(" " * (names + 1)) + _axis(period_start, period_end, width, column)]
    used: set[str] = set()
    for record in line.battles:
        own_first = _day_number(record.start.first_day())
        own_last = _day_number(record.last.last_day())
        start = column(max(own_first, first))
        end = max(last_column(min(own_last, last)), start)
        bar = ["█"] * (end - start + 1)
        if own_first < first:
            bar[0] = "◂"
        if own_last > last:
            bar[-1] = "▸"
        strip = Text("·" * start, style="dim")
        strip.append("".join(bar), style=colours[record.key])
        rest = width - end - 1
        if record.end_unknown and own_last <= last and rest > 0:
            strip.append("?", style="bold")
            rest -= 1
            used.add("?")
        strip.append("·" * rest, style="dim")
        if own_first < first or own_last > last:
            used.add("◂")
        name = safe_text(record.name, style=colours[record.key])
        name.truncate(names, overflow="ellipsis", pad=True)
        chart.append(name + Text(" ") + strip)
    console.print(Text("\n").join(chart), no_wrap=True, overflow="crop")
    if used:
        legend = " · ".join(text for mark, text in CHART_LEGEND.items() if mark in used)
        console.print(safe_text(legend, style="dim"))


def _entries(line: Timeline, colours: dict[str, str], console: Console) -> None:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Battle", ratio=1, max_width=24)
    table.add_column("What happened", ratio=3)
    month: tuple[int, int, str] | None = None
    for entry in line.entries:
        date = entry.date
        this_month = (date.year, date.month, date.unit)
        if this_month != month:
            if month is not None:
                table.add_section()
            if date.unit:  # a decade or a century: its own heading
                label = PartialDate(date.year, unit=date.unit).human()
            elif date.month:
                label = PartialDate(date.year, date.month).human()
            else:
                label = year_label(date.year)
            table.add_row(Text(label, style="bold underline"), Text(), Text())
            month = this_month
        text = safe_text(entry.text, style="bold" if entry.kind != "event" else "")
        if entry.side:
            text = safe_text(f"{entry.side}: ", style="italic") + text
        if entry.when and entry.when.lower() not in format_span(entry.date, entry.end).lower():
            text.append_text(safe_text(f" ({entry.when})", style="dim"))
        if entry.context:
            text.append(" (context)", style="dim")
        table.add_row(
            safe_text(_short_date(entry)),
            safe_text(entry.battle.name, style=colours.get(entry.battle.key, "")),
            text,
        )
    console.print(table)


def _short_date(entry: Entry) -> str:
    date = entry.date
    if date.precision != "day" or date.approx or date.time >= 0:
        return date.human()
    end = entry.end
    if end is None or end == date or end.precision != "day":
        return f"{date.day} {MONTHS[date.month]}"
    if end.month == date.month:
        return f"{date.day}–{end.day} {MONTHS[date.month]}"
    return f"{date.day} {MONTHS[date.month]} – {end.day} {MONTHS[end.month]}"


# Ticks of the axis, finest first: days of the month, months, then every N years.
DAY_TICKS: tuple[tuple[int, ...], ...] = (
    tuple(range(1, 32)),
    tuple(range(1, 30, 2)),
    (1, 5, 10, 15, 20, 25),
    (1, 8, 15, 22),
    (1, 15),
)
MONTH_STEPS = (1, 2, 3, 6)
YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000)
CENTURY_STEPS = (1, 2, 5, 10)  # ticks at the start of every Nth century, labelled by century


def _ticks(start: PartialDate, end: PartialDate) -> list[list[tuple[tuple[int, int, int], str]]]:
    """Candidate sets of ticks for the axis, finest first, each as (day, label). Whenever the
    period spans more than one year, every set names the years: a tick on 1 January says its
    year, and so does the first tick. Years BC are labelled so (``490 BC``); a period of
    centuries is marked by centuries (``5th c. BC``) before the steps of many years."""
    first, last = start.first_day(), end.last_day()
    # "AD" only where the axis also holds years BC
    label_of = year_label if first[0] < 1 else str
    several_years = first[0] != last[0]
    months = [
        (year, month)
        for year in range(first[0], last[0] + 1)
        for month in range(1, 13)
        if (first[0], first[1]) <= (year, month) <= (last[0], last[1])
    ]
    candidates: list[list[tuple[tuple[int, int, int], str]]] = []

    def named(ticks: list[tuple[tuple[int, int, int], str]]) -> None:
        if several_years and ticks:
            (year, month, day), label = ticks[0]
            if label_of(year) not in label:
                ticks[0] = ((year, month, day), f"{label} {label_of(year)}")
        candidates.append(ticks)

    if len(months) <= 4:  # days: a longer period never fits them
        for days in DAY_TICKS:
            ticks: list[tuple[tuple[int, int, int], str]] = []
            for year, month in months:
                for day in days:
                    if day > month_days(year, month):
                        continue
                    if first <= (year, month, day) <= last:
                        if day == 1:
                            label = (
                                label_of(year) if several_years and month == 1 else MONTHS[month]
                            )
                        else:
                            label = f"{day} {MONTHS[month]}" if not ticks else str(day)
                        ticks.append(((year, month, day), label))
            named(ticks)
    if len(months) <= 12 * 40:
        for step in MONTH_STEPS:
            ticks = [
                (
                    (year, month, 1),
                    label_of(year) if several_years and month == 1 else MONTHS[month],
                )
                for year, month in months
                if (month - 1) % step == 0 and (year, month, 1) >= first
            ]
            named(ticks)
    for step in YEAR_STEPS:
        if step == 100 and last[0] - first[0] >= 150:
            for every in CENTURY_STEPS:
                candidates.append(_century_ticks(first, last, every))
        ticks = [
            ((year, 1, 1), label_of(year))
            for year in range(first[0], last[0] + 1)
            # on the years as written: 500 BC and AD 500, not the astronomical -500
            if (year if year >= 1 else 1 - year) % step == 0 and (year, 1, 1) >= first
        ][:1000]
        candidates.append(ticks)
    return candidates


def _century_ticks(
    first: tuple[int, int, int], last: tuple[int, int, int], every: int
) -> list[tuple[tuple[int, int, int], str]]:
    """A tick at the first day of every ``every``-th century of the period, labelled
    ``19th c.`` or ``5th c. BC``."""
    ticks: list[tuple[tuple[int, int, int], str]] = []
    year = century_start(first[0])
    while year <= last[0] and len(ticks) < 1000:
        number = (year - 1) // 100 + 1 if year >= 1 else (-year) // 100 + 1
        if (year, 1, 1) >= first and number % every == 0:
            ticks.append(((year, 1, 1), century_label(year).replace(" century", " c.")))
        year = year + 100 if year != -99 else 1  # 1st century BC, then AD 1
    return ticks


def _axis(start: PartialDate, end: PartialDate, width: int, column: Callable[[int], int]) -> Text:
    """The finest ticks whose labels fit side by side in ``width`` columns."""
    chosen: list[tuple[int, str]] = []
    for ticks in _ticks(start, end):
        placed: list[tuple[int, str]] = []
        for day, label in ticks:
            col = column(_day_number(day))
            if placed and col <= placed[-1][0] + len(placed[-1][1]):
                break  # no room for a space between two labels: too fine
            if col + len(label) <= width:  # else it runs off the end: left out
                placed.append((col, label))
        else:
            if placed:
                chosen = placed
                break
    axis = [" "] * width
    for col, label in chosen:
        axis[col : col + len(label)] = list(label)
    return Text("".join(axis), style="dim")
