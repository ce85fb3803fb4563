"""``battles stats``: records counted by group (a date, a kind, a conflict, a side, a
belligerent, a role, a result, a force-ratio band or a condition), with their figures
summed and their medians, as ranges, and how often the attacker won."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from battles import tally
from battles.answer import Answer, Forms
from battles.belligerents import Belligerents, groups_of
from battles.dates import (
    PartialDate,
    century_label,
    century_start,
    decade_start,
    decade_text,
    year_label,
)
from battles.errors import UsageError
from battles.figures import Figure
from battles.loading.digest import (
    BRIEF,
    FORCES,
    Brief,
    Forces,
)
from battles.questions.names import normalised
from battles.questions.roles import by_role, force_ratio, side_losses
from battles.tally import Span
from battles.text import normalise

if TYPE_CHECKING:
    from battles.loading import Dataset
    from battles.questions.filters import ListFilter


GROUPINGS: tuple[str, ...] = (
    "year",
    "month",
    "decade",
    "century",
    "kind",
    "part_of",
    "side",
    "belligerent",
    "role",
    "outcome",
    "winner",
    "force_ratio",
    "terrain",
    "weather",
    "season",
    "surprise",
    "air_superiority",
    "posture",
)


# A record may fall in several groups of these.
MANY = ("part_of", "side", "belligerent", "role", "outcome", "terrain", "weather", "posture")


BY_SIDE = ("side", "belligerent", "role", "outcome")  # groups of sides: each side's figures


CONDITIONS = ("terrain", "weather", "season", "surprise", "air_superiority", "posture")


# The attacker's strength over the defender's, in bands as CDB90's users count them: a
# record is in a band only when its whole ratio (a span, from ranges) lies in it.
RATIO_BANDS: tuple[tuple[float, float | None, str], ...] = (
    (0.0, 1.0, "below 1:1"),
    (1.0, 1.5, "1:1 to 1.5:1"),
    (1.5, 2.0, "1.5:1 to 2:1"),
    (2.0, 3.0, "2:1 to 3:1"),
    (3.0, None, "3:1 or more"),
)


SPANS_BANDS = "(ratio spans bands)"


NO_RATIO = "(ratio not known)"


NO_ROLES = "(no attacker and defender)"


STATS_SORTS = ("group", "count", "strength", "losses", "civilians")


NONE_GROUP = "(none)"


Figures = tuple["Figure | None", "Figure | None", "Figure | None"]  # strength, losses, civilians


def ratio_band(forces: Forces) -> tuple[int, str]:
    """The band of the force ratio (see RATIO_BANDS) as (order, label)."""
    if by_role(forces) is None:
        return (len(RATIO_BANDS) + 2, NO_ROLES)
    ratio = force_ratio(forces)
    if ratio is None:
        return (len(RATIO_BANDS) + 1, NO_RATIO)
    low, high = ratio
    for n, (start, stop, label) in enumerate(RATIO_BANDS):
        above = stop is None or (high is not None and high < stop)
        if low >= start and above:
            return (n, label)
    return (len(RATIO_BANDS), SPANS_BANDS)


def attacker_won(brief: Brief) -> bool | None:
    """Whether the attacker won: None where the record names no winner (or no side won
    is not said) or no single attacker; a draw ("none") is not a win."""
    attackers = [t.id for t in brief.tags if t.role == "attacker"]
    if brief.winner is None or len(attackers) != 1:
        return None
    return brief.winner == attackers[0]


def _condition_groups(by: str, brief: Brief) -> list[tuple[tuple[Any, ...], str]]:
    """The values of one condition a record states (``--where``'s words), as groups;
    surprise and air superiority by the role of the side that had it."""
    values = [w.partition("=")[2] for w in brief.where if w.partition("=")[0] == by]
    if by in ("surprise", "air_superiority", "winner"):
        roles = [v for v in values if v in ("attacker", "defender", "none")]
        if values and not roles:
            roles = ["a side without a role"]
        values = roles
    if not values:
        return [((1, ""), "(not stated)")]
    return [((0, value), value) for value in dict.fromkeys(values)]


_NO_TABLE = Belligerents()


_GROUPS: dict[tuple[str, ...], list[str]] = {}  # the groups of a side's belligerents


_GROUPS_OF: list[Belligerents | None] = [None]  # by this table


def _groups(table: Belligerents, names: tuple[str, ...]) -> list[str]:
    """:func:`groups_of`, kept for the same belligerents met again (for one table)."""
    if _GROUPS_OF[0] is not table:
        _GROUPS.clear()
        _GROUPS_OF[0] = table
    found = _GROUPS.get(names)
    if found is None:
        found = _GROUPS[names] = groups_of(table, names)
    return found


def group_keys(
    by: str,
    brief: Brief,
    table: Belligerents | None = None,
    forces: Forces | None = None,
) -> list[tuple[tuple[Any, ...], str, Figures]]:
    """The groups a record falls in, each as (sort key, label, its figures there): the
    battle's figures, grouped by the date the record starts, its kind or its conflicts; a
    side's own strength and losses, grouped by the side's name or its belligerents (the
    civilians are no side's). Belligerents are grouped by ``table``: the same belligerent
    spelt differently is one group, and a side counts once in it."""
    whole: Figures = (brief.strength, brief.casualties, brief.civilians)
    start = brief.start
    coarse = {"decade": 1, "century": 2}.get(start.precision, 0)  # coarser than a year
    if by in ("year", "month") and coarse:
        return [((start.year, -1), f"{start.human()} ({by} not stated)", whole)]
    if by == "year":
        return [((start.year,), year_label(start.year), whole)]
    if by == "month":
        if not start.month:
            return [((start.year, 0), f"{year_label(start.year)} (month not stated)", whole)]
        return [((start.year, start.month), PartialDate(start.year, start.month).human(), whole)]
    if by == "decade" and coarse < 2:
        decade = decade_start(start.year)
        return [((decade,), decade_text(decade), whole)]
    if by in ("decade", "century"):
        first = century_start(start.year)
        label = century_label(start.year)
        return [((first,), label if by == "century" else f"{label} (decade not stated)", whole)]
    if by == "kind":
        return [((brief.kind,), brief.kind, whole)]
    if by == "part_of":
        conflicts = dict.fromkeys(brief.part_of or (NONE_GROUP,))
        return [((normalise(name),), name, whole) for name in conflicts]
    if by in CONDITIONS or by == "winner":
        return [(order, label, whole) for order, label in _condition_groups(by, brief)]
    if by == "force_ratio":
        assert forces is not None
        band, label = ratio_band(forces)
        return [((band,), label, whole)]
    if by in ("role", "outcome"):
        assert forces is not None
        found_sides: dict[str, tuple[tuple[Any, ...], str, Figures]] = {}
        for one in forces.sides:
            word = one.role if by == "role" else one.result
            label = word or NONE_GROUP
            mine: Figures = (tally.as_whole(one.strength), side_losses(one), None)
            if label in found_sides:  # two sides of one record in one group: both
                before = found_sides[label][2]
                mine = (
                    tally.across([before[0], mine[0]]),
                    tally.across([before[1], mine[1]]),
                    None,
                )
            found_sides[label] = ((word is None, label), label, mine)
        return list(found_sides.values())
    if by not in ("side", "belligerent"):
        raise UsageError(f"--by {by!r}: choose one of {', '.join(GROUPINGS)}")
    assert forces is not None
    found: dict[str, tuple[tuple[Any, ...], str, Figures]] = {}
    for side in forces.sides:
        figures: Figures = (tally.as_whole(side.strength), tally.as_whole(side_losses(side)), None)
        if by == "side":
            names: Sequence[str] = (side.name,)
        else:
            names = _groups(table or _NO_TABLE, side.belligerents) or (NONE_GROUP,)
        for name in names:
            key = normalised(name)
            if key not in found:
                found[key] = ((key,), name, figures)
                continue
            # Two sides of one record in one group: the group's figures are both sides'.
            order, label, before = found[key]
            both = (tally.across([before[0], figures[0]]), tally.across([before[1], figures[1]]))
            found[key] = (order, label, (*both, None))
    return list(found.values())


class Measure(msgspec.Struct, frozen=True):
    """A figure over a group: the sum of the records that state it (a floor where one of
    them is unknown), how many records state none, and the median of those known."""

    total: Figure | None
    missing: int  # records that state no figure, or only an unknown one
    median: Span | None

    @classmethod
    def of(cls, figures: Sequence[Figure | None]) -> Measure:
        stated = [f for f in figures if f is not None]
        spans = [s for f in stated if (s := tally.span(f)) is not None]
        return cls(tally.add(stated), len(figures) - len(spans), tally.median_span(spans))


class Group(msgspec.Struct, frozen=True):
    label: str
    order: tuple[Any, ...]
    count: int
    strength: Measure
    losses: Measure  # all sides' losses (soldiers)
    civilians: Measure
    # Of the group's records that name a winner and one attacker: how many, and in how
    # many the attacker won (a draw is not a win).
    decided: int = 0
    attacker_won: int = 0


class Stats(Answer, frozen=True):
    forms = Forms.kept_in("stats", "stats")

    by: str
    rows: list[Group]
    records: int
    total: int = -1

    @property
    def matched(self) -> int:
        return len(self.rows) if self.total < 0 else self.total

    @property
    def several(self) -> bool:
        """Whether a record may be counted in several groups."""
        return self.by in MANY

    @property
    def by_side(self) -> bool:
        """Whether the figures are each side's own (grouped by side, belligerent, role or
        outcome)."""
        return self.by in BY_SIDE

    @property
    def decided(self) -> bool:
        """Whether any group has records that say whether the attacker won."""
        return any(g.decided for g in self.rows)


def stats(
    dataset: Dataset,
    by: str,
    flt: ListFilter | None = None,
    *,
    sort: str = "group",
    reverse: bool = False,
) -> Stats:
    """Records grouped ``by`` a date, kind, conflict, side or belligerent: how many, and
    their strength, losses and civilians' losses summed and their medians, as ranges."""
    from battles.questions import filters

    if by not in GROUPINGS:
        raise UsageError(f"--by {by!r}: choose one of {', '.join(GROUPINGS)}")
    if sort not in STATS_SORTS:
        raise UsageError(f"cannot sort by {sort!r}; choose one of {', '.join(STATS_SORTS)}")
    # Each group: its label, the figures of its members, and who won in its records.
    members: dict[tuple[Any, ...], tuple[str, list[Figures], dict[int, bool | None]]] = {}
    chosen = filters.select(dataset, flt)
    table = dataset.belligerents() if by == "belligerent" else None
    briefs: list[Brief] = dataset.digests(BRIEF, chosen)
    forces: list[Forces | None] = (
        dataset.digests(FORCES, chosen)
        if by in ("side", "belligerent", "role", "outcome", "force_ratio")
        else [None] * len(chosen)
    )
    for n, brief, held in zip(chosen, briefs, forces, strict=True):
        won = attacker_won(brief)
        for order, label, figures in group_keys(by, brief, table, held):
            group = members.setdefault(order, (label, [], {}))
            group[1].append(figures)
            group[2][n] = won
    sides = by in BY_SIDE
    rows = [
        Group(
            label,
            order,
            len(found),
            Measure.of([f[0] for f in found]),
            Measure.of([f[1] for f in found]),
            Measure.of([] if sides else [f[2] for f in found]),
            decided=sum(w is not None for w in wins.values()),
            attacker_won=sum(w is True for w in wins.values()),
        )
        for order, (label, found, wins) in members.items()
    ]
    rows.sort(key=lambda g: (g.order, g.label))
    if sort == "count":
        rows.sort(key=lambda g: -g.count)
    elif sort != "group":
        rows.sort(key=lambda g: _measure_key(getattr(g, sort)))
    if reverse:
        rows.reverse()
    return Stats(by, rows, len(chosen))


def _measure_key(measure: Measure) -> tuple[bool, float]:
    mid = tally.midpoint(measure.total)
    return (mid is None, -(mid or 0.0))
