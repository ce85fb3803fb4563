"""Checks on loaded data: the errors that kept files from loading, and warnings about
records that load but look wrong (figures that do not add up, dates out of range...)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Literal

import msgspec

from battles import model, tally
from battles.dates import PartialDate
from battles.errors import DataError, Location, short_field
from battles.figures import Figure, format_value
from battles.loader import Dataset, Loaded, RecordErrors, walk
from battles.positions import Path as FieldPath

Severity = Literal["error", "warning"]
_Warn = Callable[..., "Problem"]


class Problem(msgspec.Struct, frozen=True):
    severity: Severity
    location: Location
    message: str
    hint: str | None = None

    @classmethod
    def from_error(cls, exc: DataError) -> Problem:
        return cls("error", exc.location, exc.message, exc.hint)

    def render(self) -> str:
        text = f"{self.location}: {self.severity}: "
        if self.location.field:
            text += f"{short_field(self.location.field)}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


def check(dataset: Dataset) -> list[Problem]:
    """Every problem in the dataset: load errors first, then warnings, in file order."""
    problems = [
        Problem.from_error(err)
        for exc in dataset.problems
        for err in (exc.errors if isinstance(exc, RecordErrors) else [exc])
    ]
    from battles.belligerents import read_table

    problems.extend(Problem.from_error(exc) for exc in read_table(dataset.directories)[1])
    ids = {entry.record.key for entry in dataset.records}
    for entry in dataset.records:
        problems.extend(record_warnings(entry, ids))
        problems.extend(draft_warnings(entry))
    problems.sort(key=lambda p: (p.location.file, p.location.line or 0, p.location.column or 0))
    return problems


def draft_warnings(entry: Loaded) -> Iterator[Problem]:
    """A ``# CHECK:`` comment left by ``battles draft`` marks a value a curator must read
    (found when the file was read: no file is read twice)."""
    for line, column, reason in entry.checks:
        yield Problem(
            "warning",
            Location(entry.shown, line, column),
            f"drafted value to check: {reason}",
            "read it against the source, then delete the comment",
        )


def record_warnings(entry: Loaded, ids: set[str]) -> Iterator[Problem]:
    record = entry.record

    def warn(where: FieldPath, message: str, hint: str | None = None) -> Problem:
        return Problem("warning", entry.location(where), message, hint)

    for i, ref in enumerate(record.part_of):
        if model.is_record_id(ref) and ref not in ids:
            yield warn(
                ("part_of", i),
                f"part_of names {ref!r}, but no record has that id",
                "write the id of a record, or the conflict's name as text",
            )
    for where, value in walk(record):
        if isinstance(value, Figure):
            yield from _figure_warnings(where, value, warn)
        elif isinstance(value, model.Casualties):
            stated, summed = value.total, value.sum_of_kinds()
            if stated is not None and summed is not None and _disagree(stated, summed):
                yield warn(
                    (*where, "total"),
                    f"the total {format_value(stated)} is not the sum "
                    f"of killed, wounded, captured and missing ({format_value(summed)})",
                    "check both figures, or explain in the figure's note",
                )
        elif (
            isinstance(value, model.Event)
            and value.date is not None
            and not value.context
            and not _within(
                value.date,
                value.end or value.date,
                record.start,
                PartialDate(9999) if record.end_unknown else record.last,
            )
        ):
            yield warn(
                (*where, "date"),
                f"the event ({value.date}) falls outside the "
                f"record's dates ({record.start} to {record.last})",
                "mark background events with 'context: true'",
            )
    for i, side in enumerate(record.sides):
        if side.strength is None or side.casualties is None:
            continue
        total = tally.total_losses(side.casualties)
        strength_high = side.strength.bounds()[1]
        if (
            total is not None
            and total.low is not None
            and strength_high is not None
            and total.low > strength_high
        ):
            yield warn(
                ("sides", i, "casualties"),
                f"casualties ({format_value(total)}) exceed "
                f"the side's strength ({format_value(side.strength)})",
            )


def _figure_warnings(where: FieldPath, fig: Figure, warn: _Warn) -> Iterator[Problem]:
    if fig.parts and fig.has_value:
        summed = tally.parts_sum(fig.parts)
        if summed is not None and _disagree(fig, summed):
            yield warn(
                where,
                f"the parts add up to {format_value(summed)}, not {format_value(fig)}",
                "check the figures, or explain in a note",
            )


def _disagree(a: Figure, b: Figure) -> bool:
    """Whether two figures cannot both be right (their ranges do not overlap)."""
    alow, ahigh = a.bounds()
    blow, bhigh = b.bounds()
    if alow is None or blow is None:
        return False
    if ahigh is not None and blow > ahigh:
        return True
    return bhigh is not None and alow > bhigh


def _within(
    start: PartialDate,
    end: PartialDate,
    first: PartialDate,
    last: PartialDate,
) -> bool:
    return first.first_day() <= end.last_day() and start.first_day() <= last.last_day()
