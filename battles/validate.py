"""Checks on loaded data: the errors that kept files from loading, and warnings about
records that load but look wrong (figures that do not add up, dates out of range...)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from battles import model, tally
from battles.answer import Answer, Forms
from battles.dates import PartialDate
from battles.errors import Location, Problem, short_field
from battles.figures import Figure, format_value
from battles.loading import Dataset, Loaded, RecordErrors, walk
from battles.positions import FieldPath

_Warn = Callable[..., "Problem"]


class Report(Answer, frozen=True):
    """What ``battles validate`` found: every problem, how many files were checked, and the
    files skipped as not YAML; ``show_reviewed`` lists the reviewed warnings too."""

    forms = Forms.kept_in("problems", "report")

    problems: tuple[Problem, ...]
    files: int
    skipped: tuple[str, ...] = ()
    show_reviewed: bool = False

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def reviewed(self) -> int:
        return sum(p.reviewed is not None for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors - self.reviewed


def report(dataset: Dataset, *, show_reviewed: bool = False) -> Report:
    """The problems of ``dataset`` (see :func:`check`) as ``validate`` reports them."""
    return Report(
        tuple(check(dataset)),
        len(dataset.records) + len(dataset.problems),
        tuple(str(p) for p in dataset.skipped),
        show_reviewed,
    )


def check(dataset: Dataset) -> list[Problem]:
    """Every problem in the dataset, in file order: load errors and warnings; a warning a
    record has reviewed (``reviewed:``) carries the review's note (see apply_reviews)."""
    problems = [
        err.problem
        for exc in dataset.problems
        for err in (exc.errors if isinstance(exc, RecordErrors) else [exc])
    ]
    from battles.belligerents import read_table

    problems.extend(exc.problem for exc in read_table(dataset.directories)[1])
    ids = {entry.record.key for entry in dataset.records}
    for entry in dataset.records:
        found = [*record_warnings(entry, ids), *draft_warnings(entry)]
        if entry.record.reviewed:
            found = apply_reviews(entry, found)
        problems.extend(found)
    problems.sort(key=lambda p: (p.location.file, p.location.line or 0, p.location.column or 0))
    return problems


def apply_reviews(entry: Loaded, found: list[Problem]) -> list[Problem]:
    """The warnings of a record with those its ``reviewed:`` entries cover marked with the
    entry's note; an entry that covers no warning is a warning of its own (the data or the
    check changed: the review is no longer needed, or names the wrong field)."""

    reviews = entry.record.reviewed
    used = [False] * len(reviews)
    marked: list[Problem] = []
    for problem in found:
        field = short_field(problem.location.field) if problem.location.field else None
        for n, review in enumerate(reviews):
            if review.warning == problem.code and review.field in (None, field):
                used[n] = True
                problem = problem._replace(reviewed=review.note)
                break
        marked.append(problem)
    for n, review in enumerate(reviews):
        if not used[n]:
            where = f" at {review.field}" if review.field else ""
            marked.append(
                Problem(
                    "warning",
                    entry.location(("reviewed", n)),
                    f"reviewed warning {review.warning}{where} is no longer raised",
                    "delete the entry, or correct its field as validate prints it",
                    "review-not-needed",
                )
            )
    return marked


def draft_warnings(entry: Loaded) -> Iterator[Problem]:
    """A ``# CHECK:`` comment left by ``battles draft`` marks a value a curator must read
    (found when the file was read: no file is read twice)."""
    for line, column, reason in entry.checks:
        yield Problem(
            "warning",
            Location(entry.shown, line, column),
            f"drafted value to check: {reason}",
            "read it against the source, then delete the comment",
            "drafted-value",
        )


def record_warnings(entry: Loaded, ids: set[str]) -> Iterator[Problem]:
    record = entry.record

    def warn(where: FieldPath, code: str, message: str, hint: str | None = None) -> Problem:
        return Problem("warning", entry.location(where), message, hint, code)

    for i, ref in enumerate(record.part_of):
        if model.is_record_id(ref) and ref not in ids:
            yield warn(
                ("part_of", i),
                "unknown-part-of",
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
                    "total-not-sum",
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
                "event-outside-dates",
                f"the event ({value.date}) falls outside the "
                f"record's dates ({record.start} to {record.last})",
                "mark background events with 'context: true'",
            )
    yield from _winner_warnings(record, warn)
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
                "casualties-above-strength",
                f"casualties ({format_value(total)}) exceed "
                f"the side's strength ({format_value(side.strength)})",
            )


_LOST = ("defeat", "surrendered", "destroyed")  # results no winner has


def _winner_warnings(record: model.Record, warn: _Warn) -> Iterator[Problem]:
    """A winner whose own result says it lost, another side that says it won, or no winner
    beside a side's victory or defeat."""
    winner = record.result.winner if record.result is not None else None
    if winner is None:
        return
    for i, side in enumerate(record.sides):
        if side.result is None:
            continue
        if winner == model.NO_SIDE:
            wrong = side.result in ("victory", *_LOST)
            why = f"no side won, but {side.id!r} has the result {side.result}"
        elif side.id == winner:
            wrong = side.result in _LOST
            why = f"{side.id!r} is the winner, but its result is {side.result}"
        else:
            wrong = side.result == "victory"
            why = f"{side.id!r} has the result victory, but the winner is {winner!r}"
        if wrong:
            yield warn(
                ("sides", i, "result"),
                "winner-disagrees",
                why,
                "check result.winner against each side's result",
            )


def _figure_warnings(where: FieldPath, fig: Figure, warn: _Warn) -> Iterator[Problem]:
    if fig.parts and fig.has_value:
        summed = tally.parts_sum(fig.parts)
        if summed is not None and _disagree(fig, summed):
            yield warn(
                where,
                "parts-not-sum",
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
