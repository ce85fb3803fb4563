"""``battles compare``: battles and sides side by side, one row per battle and side (or
per battle, or per phase and side), every figure the tally's."""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from battles import tally
from battles.answer import Answer, Forms
from battles.errors import UsageError
from battles.figures import Figure, Part
from battles.loading.csvtext import ALL_SIDES, CIVILIANS, TOGETHER
from battles.loading.digest import COMPARED, FORCES, Brief, Compared, Forces, SideFigures
from battles.tally import LOSS_COLUMNS, Breakdown
from battles.text import normalise

if TYPE_CHECKING:
    from battles.loading import Dataset

Measure = Literal["casualties", "strength"]
RowKind = Literal["side", "battle", "civilians", "together"]
STRENGTH_COLUMNS: tuple[str, ...] = ("strength",)


class CompareRow(msgspec.Struct, frozen=True):
    battle: Brief
    label: str  # the side's name, "all sides", "civilians"...
    figures: dict[str, Figure | None]  # by column; None: not stated
    strength: Figure | None = None  # for the share of losses in strength
    phase: str | None = None
    other: tuple[Part, ...] = ()  # the losses under "other", with their labels
    kind: RowKind = "side"
    role: str | None = None  # a side's role and result (schema version 2)
    result: str | None = None
    equipment: tuple[Part, ...] = ()  # what the side had (strength) or lost (losses)
    # The row's CSV line where the record's digest keeps it (a row as the record gives it,
    # not a sum or a phase): see loading.csvtext.
    line: str = ""

    @property
    def tag(self) -> str | None:
        """A side's role and result in a few letters: ``attacker, victory``."""
        found = [t for t in (self.role, self.result) if t]
        return ", ".join(found) or None

    def share(self) -> tuple[float, float | None] | None:
        """Losses as a share of strength (see tally.share)."""
        return tally.share(self.figures.get("total"), self.strength)


class Comparison(Answer, frozen=True):
    forms = Forms.kept_in("compare", "compare")

    measure: Measure
    columns: tuple[str, ...]
    rows: list[CompareRow] = msgspec.field(default_factory=list)
    total: int = -1  # how many rows there were before a limit; -1: all of them are here
    # For a comparison written as CSV only (see compare_lines_in): each row's CSV line, as
    # the cache keeps it, instead of the rows (``rows`` is then empty).
    lines: list[bytes] = msgspec.field(default_factory=list)

    @property
    def matched(self) -> int:
        if self.total >= 0:
            return self.total
        return len(self.rows) if self.rows else len(self.lines)


def first_rows(comparison: Comparison, count: int | None) -> Comparison:
    """The comparison's first ``count`` rows (all of them for None), saying how many there
    were."""
    if count is None:
        return comparison
    return msgspec.structs.replace(
        comparison,
        rows=comparison.rows[:count],
        lines=comparison.lines[:count],
        total=comparison.matched,
    )


_LOSS_FIGURES = attrgetter(*("other_sum" if c == "other" else c for c in LOSS_COLUMNS))


def _loss_row(
    battle: Brief,
    label: str,
    losses: Breakdown | None,
    strength: Figure | None,
    phase: str | None,
    kind: RowKind,
    side: SideFigures | None = None,
    line: str = "",
) -> CompareRow:
    # Each column's figure, read in one step (see Breakdown.column; a large compare has
    # tens of thousands of rows).
    figures: dict[str, Figure | None] = (
        dict(zip(LOSS_COLUMNS, _LOSS_FIGURES(losses), strict=True))
        if losses
        else dict.fromkeys(LOSS_COLUMNS)
    )
    other = losses.other if losses else ()
    role, result = (side.role, side.result) if side is not None else (None, None)
    lost = side.lost if side is not None else ()
    return CompareRow(
        battle, label, figures, strength, phase, other, kind, role, result, lost, line
    )


def _rows(
    battle: Brief,
    sides: Sequence[SideFigures],
    civilians: Breakdown | None,
    together: Breakdown | None,
    measure: Measure,
    by: Literal["side", "battle"],
    phase: str | None,
    show_civilians: Literal["with", "only"],
    lines: tuple[str, str] = ("", ""),
) -> list[CompareRow]:
    if measure == "strength":
        if by == "battle":
            total = tally.across([s.strength for s in sides])
            return [CompareRow(battle, ALL_SIDES, {"strength": total}, total, phase, kind="battle")]
        return [
            CompareRow(
                battle,
                s.name,
                {"strength": s.strength},
                s.strength,
                phase,
                role=s.role,
                result=s.result,
                equipment=s.equipment,
                line=s.strength_line if phase is None else "",
            )
            for s in sides
        ]
    rows: list[CompareRow] = []
    if show_civilians != "only":
        if by == "battle":
            summed = tally.all_sides([s.losses for s in sides], together)
            if summed is not None or sides:
                strength = tally.across([s.strength for s in sides])
                rows.append(_loss_row(battle, ALL_SIDES, summed, strength, phase, "battle"))
        else:
            rows += [
                _loss_row(
                    battle,
                    s.name,
                    s.losses,
                    s.strength,
                    phase,
                    "side",
                    s,
                    s.losses_line if phase is None else "",
                )
                for s in sides
            ]
        if together is not None and (by == "side" or any(s.losses for s in sides)):
            rows.append(
                _loss_row(battle, TOGETHER, together, None, phase, "together", None, lines[1])
            )
    if civilians is not None:
        rows.append(
            _loss_row(battle, CIVILIANS, civilians, None, phase, "civilians", None, lines[0])
        )
    return rows


def compare(
    battles: Sequence[tuple[Brief, Forces]],
    measure: Measure,
    *,
    by: Literal["side", "battle"] = "side",
    phases: bool = False,
    civilians: Literal["with", "only"] = "with",
    sort: str | None = None,
    reverse: bool = False,
) -> Comparison:
    """One row per battle and side (or per battle, or per phase and side), with the
    civilians' losses and the losses a source gives for all sides together in rows of their
    own. Every figure is the tally's."""
    columns = LOSS_COLUMNS if measure == "casualties" else STRENGTH_COLUMNS
    rows: list[CompareRow] = []
    for battle, forces in battles:
        if phases:
            for phase in forces.phases:
                rows += _rows(
                    battle, phase.sides, phase.civilians, None, measure, by, phase.name, civilians
                )
        else:
            rows += _rows(
                battle,
                forces.sides,
                forces.civilians,
                forces.together,
                measure,
                by,
                None,
                civilians,
                (forces.civilians_line, forces.together_line),
            )
    if sort is not None:
        rows = sort_rows(rows, sort, columns, reverse)
    elif reverse:
        rows.reverse()
    return Comparison(measure, columns, rows)


SORTABLE = ("battle", "side", "date", "share")


def sort_rows(
    rows: list[CompareRow], column: str, columns: Sequence[str], reverse: bool = False
) -> list[CompareRow]:
    """Sort by a figure column (ranges by their midpoint; not stated last), or by battle,
    side, date or share."""
    if column not in (*columns, *SORTABLE):
        raise UsageError(
            f"cannot sort by {column!r}; choose one of {', '.join((*columns, *SORTABLE))}"
        )
    if column in columns:

        def key(row: CompareRow) -> tuple[bool, float]:
            mid = tally.midpoint(row.figures.get(column))
            return (mid is None, -(mid or 0.0) if not reverse else (mid or 0.0))

        return sorted(rows, key=key)
    if column == "share":

        def share_key(row: CompareRow) -> tuple[bool, float]:
            share = row.share()
            mid = None
            if share is not None:
                mid = share[0] if share[1] is None else (share[0] + share[1]) / 2
            return (mid is None, -(mid or 0.0) if not reverse else (mid or 0.0))

        return sorted(rows, key=share_key)
    keys = {
        "battle": lambda r: r.battle.sort_name,
        "side": lambda r: normalise(r.label),
        "date": lambda r: r.battle.start,
    }
    return sorted(rows, key=keys[column], reverse=reverse)


def made_of_kept_lines(
    *,
    by: Literal["side", "battle"] = "side",
    phases: bool = False,
    sort: str | None = None,
    reverse: bool = False,
    **options: Any,
) -> bool:
    """Whether a comparison asked with these options is made of the lines the records'
    digests keep (see :func:`compare_lines_in`): by side, without phases, in date order."""
    return by == "side" and not phases and sort is None and not reverse


def compare_lines_in(
    dataset: Dataset,
    names: Sequence[str],
    kinds: Sequence[str],
    measure: Measure,
    *,
    civilians: Literal["with", "only"] = "with",
) -> Comparison:
    """:func:`compare_in` by side, without phases and unsorted (see
    :func:`made_of_kept_lines`), for a comparison written as CSV only: its rows' lines
    (``Comparison.lines``), as each record's digest keeps them (``digest.Compared``), with
    no row made and no figure decoded."""
    from battles.questions import filters
    from battles.questions.listing import date_order

    found = filters.chosen(dataset, names, kinds) if names or kinds else date_order(dataset)
    kept: list[Compared] = dataset.digests(COMPARED, found)
    lines: list[bytes] = []
    if measure == "strength":
        for record in kept:
            lines += record.strength
    elif civilians == "only":
        lines = [record.civilians for record in kept if record.civilians]
    else:
        for record in kept:
            lines += record.casualties
    columns = LOSS_COLUMNS if measure == "casualties" else STRENGTH_COLUMNS
    return Comparison(measure, columns, lines=lines)


def compare_in(
    dataset: Dataset, names: Sequence[str], kinds: Sequence[str], measure: Measure, **options: Any
) -> Comparison:
    """:func:`compare` of the records named, or of all of the given kinds, in ``dataset``:
    the figures by side and phase each record's digest keeps (no record is decoded)."""
    from battles.questions import filters

    return compare(filters.digests_of(dataset, names, kinds, FORCES), measure, **options)
