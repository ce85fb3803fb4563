"""The arithmetic of figures: the one place where figures are added up.

Every total any view shows comes from here: a side's losses (from its kinds, the combined
kinds under ``other``, unknown and disputed kinds, and figures that cover only a part of
the battle), a battle's totals across its sides, civilians, strength, and losses as a share
of strength. Sums follow interval arithmetic, so the true value is always inside the
figure shown:

- a disputed figure contributes the span of its estimates (lowest to highest); one that a
  source calls unknown leaves the span open above;
- a figure stated as unknown, or one that covers only part of the battle (``scope``), or a
  kind that is not stated makes the sum a floor (``≥``); nothing known at all stays ``?``;
- losses whose kinds may overlap ("killed or wounded" beside "killed or captured") are
  never added to each other: the floor is the largest sum of figures that cannot overlap,
  and the ceiling the smallest sum of figures that between them count every kind.

A sum is never stated (``stated=False``: shown with ``*``). Killed and wounded are always
part of a side's losses: where neither a kind nor a combined kind covers them, a total is a
floor. Captured and missing count only where some figure names them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

import msgspec

from battles.figures import Band, Figure, Part, format_figure

if TYPE_CHECKING:  # the model imports this module
    from battles import model

KINDS: tuple[str, ...] = ("killed", "wounded", "captured", "missing")
_BIT = {kind: 1 << n for n, kind in enumerate(KINDS)}
_ALL = (1 << len(KINDS)) - 1
_ALWAYS = _BIT["killed"] | _BIT["wounded"]  # a side's losses always include these kinds

# The words of a loss's label that name a kind, and the words that only join them: a label
# made of these alone ("missing or captured", "killed and wounded") counts every loss of its
# kinds; any other word ("students among the dead") makes it a group among them.
_KIND_WORDS: dict[str, str] = {
    "killed": "killed",
    "dead": "killed",
    "died": "killed",
    "deaths": "killed",
    "death": "killed",
    "executed": "killed",
    "shot": "killed",
    "murdered": "killed",
    "massacred": "killed",
    "slain": "killed",
    "fallen": "killed",
    "wounded": "wounded",
    "injured": "wounded",
    "captured": "captured",
    "prisoners": "captured",
    "prisoner": "captured",
    "pow": "captured",
    "pows": "captured",
    "imprisoned": "captured",
    "missing": "missing",
}
_JOINING = {"or", "and", "in", "action", "taken", "all", "total"}
# Words of a label that say the kind is not stated: "losses (kind not stated)".
_UNSTATED = {"losses", "loss", "casualties", "kind", "kinds", "of", "not", "stated", "unknown"}
# Words that put a group inside the other figures rather than beside them.
_WITHIN = {"among", "including", "included", "whom", "them"}
_WORD = r"[a-z]+"  # compiled when first used (re caches it)


class LossKinds(NamedTuple):
    """What a loss counts: its kinds as bits (0: the kind is not stated); whether it counts
    every loss of those kinds (``whole``) or only a group; and whether that group is said
    to be inside the other figures (``within``: "students among the dead")."""

    kinds: int
    whole: bool
    within: bool = False


def loss_kinds(label: str) -> LossKinds:
    """The kinds a loss's label names: ``missing or captured`` counts every missing and
    captured man; ``losses (kind not stated)`` counts losses of kinds unknown; ``high school
    students among the dead`` only some of the killed."""
    words = re.findall(_WORD, label.lower()[:200])
    kinds = 0
    other = False
    for word in words:
        kind = _KIND_WORDS.get(word)
        if kind is not None:
            kinds |= _BIT[kind]
        elif word not in _JOINING and word not in _UNSTATED:
            other = True
    within = other and any(word in _WITHIN for word in words)
    if kinds == 0:
        return LossKinds(0, not other, within)
    return LossKinds(kinds, not other and not any(w in _UNSTATED for w in words), within)


def kind_names(bits: int) -> tuple[str, ...]:
    return tuple(kind for kind in KINDS if bits & _BIT[kind])


# -- a point value with an error band ----------------------------------------------------


def band_bounds(band: Band) -> tuple[int, int]:
    """The bounds of ``value ± band``: whole counts, rounded outward (the low down, the
    high up), the low never below 0. A percentage is in hundredths of a percent."""
    if band.percent:
        low = band.value * (10_000 - band.minus) // 10_000
        high = -(-band.value * (10_000 + band.plus) // 10_000)
    else:
        low, high = band.value - band.minus, band.value + band.plus
    return max(low, 0), high


# -- one figure as a term of a sum ------------------------------------------------------


class Term(NamedTuple):
    """A figure as a sum sees it: its bounds (``low`` None: unknown; ``high`` None: open),
    whether the low is exclusive, and whether it is approximate."""

    low: int | None
    high: int | None
    strict: bool
    approx: bool


def term(fig: Figure) -> Term:
    """A figure's bounds for a sum. A figure with estimates spans its own value (if any)
    and all its estimates: none is preferred. An estimate stated as unknown opens the span
    above (the lowest figure any source gives stays the floor). A figure that covers only
    part of the battle (``scope``) is a floor for the whole."""
    if not fig.estimates:
        if fig.low is None:
            return Term(None, None, False, False)
        return Term(fig.low, None if fig.scope else fig.high, fig.strict, fig.approx)
    terms = [term(e) for e in fig.estimates]
    if fig.low is not None:
        terms.append(Term(fig.low, fig.high, fig.strict, fig.approx))
    known = [t for t in terms if t.low is not None]
    if not known:
        return Term(None, None, False, False)
    lowest = min(known, key=lambda t: t.low + t.strict)  # type: ignore[operator]
    open_ = fig.scope or any(t.high is None for t in terms)
    high = None if open_ else max(t.high for t in terms)  # type: ignore[type-var]
    return Term(lowest.low, high, lowest.strict, any(t.approx for t in known))


def as_whole(fig: Figure | None) -> Figure | None:
    """A figure as the whole battle's: itself, or a computed floor where it covers only a
    part (``scope``) — a phase's figure is never shown as the battle's."""
    if fig is None or not fig.scope:
        return fig
    low, _, strict, approx = term(fig)
    if low is None:
        return Figure(stated=False)
    return Figure(low=low, high=None, strict=strict, approx=approx, stated=False)


def _figure(low: int | None, high: int | None, strict: bool, approx: bool) -> Figure:
    if low is None:
        return Figure(stated=False)
    return Figure(low=low, high=high, strict=strict, approx=approx, stated=False)


def add(figures: Iterable[Figure | None]) -> Figure | None:
    """The sum of figures: None when there are none (nothing stated). A ``None`` among them
    (a figure not stated), an unknown or an open figure makes the sum a floor. All unknown:
    unknown."""
    figures = list(figures)
    stated = [f for f in figures if f is not None]
    if not stated:
        return None
    floor = len(stated) < len(figures)
    low = 0  # inclusive
    high: int | None = 0
    stricts = 0
    approx = False
    known = False
    for fig in stated:
        t = term(fig)
        if t.low is None:
            floor = True
            continue
        known = True
        low += t.low + t.strict
        stricts += t.strict
        approx = approx or t.approx
        high = None if t.high is None or high is None else high + t.high
    if not known:
        return Figure(stated=False)
    return _inclusive(low, None if floor else high, stricts == 1, approx)


def _inclusive(low: int, high: int | None, strict: bool, approx: bool) -> Figure:
    """A computed figure from an inclusive low: written "> N" where one term was (so that a
    sum of "more than 2,000" and nothing else still reads so), else "≥"."""
    if strict and high is None:
        return _figure(low - 1, None, True, approx)
    return _figure(low, high, False, approx)


# -- a side's losses ------------------------------------------------------------------------


class Loss(NamedTuple):
    kinds: int  # bits; 0: not stated
    whole: bool  # counts every loss of its kinds
    within: bool  # a group inside the other figures, never beside them
    fig: Figure


class Breakdown(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """One side's (or the civilians') losses as every view shows them: each kind as the
    whole battle's (None: not stated), the combined and other losses with their labels and
    their sum, and the total."""

    killed: Figure | None
    wounded: Figure | None
    captured: Figure | None
    missing: Figure | None
    other: tuple[Part, ...]  # labelled losses beside the four kinds, each with its source
    other_sum: Figure | None
    total: Figure | None

    def column(self, name: str) -> Figure | None:
        """A compare column's figure: a kind, ``other`` or ``total``."""
        value: Figure | None = getattr(self, "other_sum" if name == "other" else name)
        return value


LOSS_COLUMNS: tuple[str, ...] = (*KINDS, "other", "total")


def _losses(cas: model.Casualties) -> list[Loss]:
    found = [
        Loss(_BIT[name], not fig.scope, False, fig)
        for name in KINDS
        if (fig := getattr(cas, name)) is not None
    ]
    for item in cas.other:
        kinds, whole, within = loss_kinds(item.label)
        fig = item.value
        found.append(Loss(kinds, whole and not fig.scope, within, fig))
    return found


def _floor(losses: Sequence[Loss]) -> tuple[int, bool, bool] | None:
    """The largest sum of lows of losses that cannot count the same man twice (their kinds
    are stated and apart): (inclusive low, one strict term, approx); None when no low is
    known."""
    best: dict[int, tuple[int, int, bool]] = {}  # kinds -> (inclusive low, stricts, approx)
    alone: tuple[int, int, bool] | None = None  # losses of kinds not stated
    for loss in losses:
        t = term(loss.fig)
        if t.low is None:
            continue
        entry = (t.low + t.strict, int(t.strict), t.approx)
        if loss.kinds == 0:
            alone = entry if alone is None or entry > alone else alone
        elif loss.kinds not in best or entry > best[loss.kinds]:
            best[loss.kinds] = entry
    if not best and alone is None:
        return None
    # Over the sets of kinds: the best sum of losses whose kinds lie apart within ``mask``.
    top: list[tuple[int, int, bool]] = [(0, 0, False)] * (_ALL + 1)
    for mask in range(1, _ALL + 1):
        lowest = mask & -mask
        choice = top[mask ^ lowest]  # the lowest kind left uncounted
        sub = mask
        while sub:
            if sub & lowest and sub in best:
                low, stricts, approx = best[sub]
                rest = top[mask ^ sub]
                candidate = (low + rest[0], stricts + rest[1], approx or rest[2])
                if candidate[0] >= choice[0]:  # a tie: the sum with the term (its ~)
                    choice = candidate
            sub = (sub - 1) & mask
        top[mask] = choice
    result = top[_ALL]
    if alone is not None and (alone[0] > result[0] or not best):
        result = alone
    return result[0], result[1] == 1, result[2]


def _ceiling(losses: Sequence[Loss], required: int) -> int | None:
    """The smallest sum of highs of losses that count every loss of their kinds and
    between them cover the ``required`` kinds; None when no such losses bound it."""
    if any(not loss.whole and not loss.within for loss in losses):
        return None  # a group that may lie beside every other figure: no ceiling
    best: dict[int, int] = {}
    for loss in losses:
        if not loss.whole or loss.kinds == 0:
            continue
        high = term(loss.fig).high
        if high is None:
            continue
        if loss.kinds not in best or high < best[loss.kinds]:
            best[loss.kinds] = high
    cover: list[int | None] = [None] * (_ALL + 1)
    cover[0] = 0
    for mask in range(1, _ALL + 1):
        found: int | None = None
        for kinds, high in best.items():
            if kinds & mask:
                rest = cover[mask & ~kinds]
                if rest is not None and (found is None or rest + high < found):
                    found = rest + high
        cover[mask] = found
    return cover[required]


def _apart(losses: Sequence[Loss]) -> bool:
    """Whether the losses are of one kind each, no two of a kind (the common case: no
    combined kinds), so that their floor and ceiling are plain sums."""
    seen = 0
    for loss in losses:
        kinds = loss.kinds
        if kinds & (kinds - 1) or not kinds or kinds & seen:
            return False
        seen |= kinds
    return True


def _sum_apart(losses: Sequence[Loss], required: int) -> Figure:
    """:func:`losses_total` of losses that lie apart (see :func:`_apart`): their plain sum,
    a floor unless each counts every loss of its kind and together they cover every kind
    required (the same result as the general search, without it)."""
    covered = 0
    for loss in losses:
        covered |= loss.kinds
    bounded = covered & required == required and all(loss.whole for loss in losses)
    figures: list[Figure | None] = [loss.fig for loss in losses]
    total = add(figures if bounded else [*figures, None])  # a None: a floor
    assert total is not None  # losses_total passes some
    return total


def losses_total(losses: Sequence[Loss], *, whole_battle: bool = True) -> Figure | None:
    """The total of a set of losses (see the module's rules); None when there are none."""
    if not losses:
        return None
    required = _ALWAYS if whole_battle else 0
    for loss in losses:
        required |= loss.kinds if loss.kinds else _ALL
    if _apart(losses):
        return _sum_apart(losses, required)
    floor = _floor(losses)
    if floor is None:
        return Figure(stated=False)
    low, strict, approx = floor
    high = _ceiling(losses, required)
    if high is not None and high < low:
        high = None  # the figures contradict each other (validate says so): only a floor
    return _inclusive(low, high, strict, approx)


def breakdown(cas: model.Casualties | None, *, civilians: bool = False) -> Breakdown | None:
    """A side's (or the civilians') losses for every view; None when none are stated.

    A stated total is the total. Civilians have no kinds they must have: their total is a
    floor only where some figure is unknown, open or partial."""
    if cas is None:
        return None
    inherited = tuple(cas.source)
    kinds = {name: as_whole(fig) for name, fig in cas.kinds()}
    other = tuple(
        Part(item.label, item.value.with_source(tuple(item.source) or inherited))
        for item in cas.other
    )
    losses = _losses(cas)
    others = losses[len(kinds) :]  # _losses lists the four kinds first
    if cas.total is not None:
        total = as_whole(cas.total.with_source(inherited))
    else:
        total = losses_total(losses, whole_battle=not civilians)
    if len(others) == 1:
        other_sum = as_whole(others[0].fig)
    else:
        other_sum = losses_total(others, whole_battle=False)
    return Breakdown(
        killed=kinds.get("killed"),
        wounded=kinds.get("wounded"),
        captured=kinds.get("captured"),
        missing=kinds.get("missing"),
        other=other,
        other_sum=other_sum,
        total=total,
    )


def total_to_show(
    cas: model.Casualties, found: Breakdown | None = None, *, civilians: bool = False
) -> Figure | None:
    """The total a view prints under a block of losses: the stated or added-up total, or
    None where it would only repeat the one figure stated (``found``: the block's
    breakdown, when the caller has it)."""
    found = found if found is not None else breakdown(cas, civilians=civilians)
    total = found.total if found is not None else None
    items = [fig for _, fig in cas.kinds()] + [loss.value for loss in cas.other]
    if total is None or cas.total is not None or len(items) > 1:
        return total
    if items and format_figure(total) == format_figure(as_whole(items[0]) or total):
        return None
    return total


def total_losses(cas: model.Casualties | None, *, civilians: bool = False) -> Figure | None:
    """A side's total losses (see :func:`breakdown`); None when none are stated."""
    found = breakdown(cas, civilians=civilians)
    return found.total if found is not None else None


# -- across sides --------------------------------------------------------------------------


def across(values: Sequence[Figure | None]) -> Figure | None:
    """The sides added up: None when no side states the figure; a side that does not state
    it makes the sum a floor; a figure that covers only part of the battle is a floor."""
    return add(as_whole(value) for value in values)


def all_sides(sides: Sequence[Breakdown | None], together: Breakdown | None) -> Breakdown | None:
    """The sides' losses added up kind by kind (a side that does not state a kind makes
    that kind's sum a floor), or what the record gives for all sides together where no side
    states its own; None when nothing is stated."""
    stated = [side for side in sides if side is not None]
    if not stated:
        return together
    columns = {
        name: across([side.column(name) if side else None for side in sides])
        for name in (*KINDS, "total")
    }
    others = [side.other_sum for side in stated if side.other_sum is not None]
    return Breakdown(
        killed=columns["killed"],
        wounded=columns["wounded"],
        captured=columns["captured"],
        missing=columns["missing"],
        other=tuple(part for side in stated for part in side.other),
        other_sum=add(others),
        total=columns["total"],
    )


def battle_losses(record: model.Record) -> Figure | None:
    """All sides' losses: the sides added up, or what the record states for all sides
    together where no side states its own."""
    found = all_sides(
        [breakdown(side.casualties) for side in record.sides], breakdown(record.losses)
    )
    return found.total if found is not None else None


def battle_strength(record: model.Record) -> Figure | None:
    return across([side.strength for side in record.sides])


def civilian_losses(record: model.Record) -> Figure | None:
    return total_losses(record.civilians, civilians=True)


def everyone(military: Figure | None, civilians: Figure | None) -> Figure | None:
    """Soldiers' and civilians' losses together (for sorting by casualties)."""
    return add(f for f in (military, civilians) if f is not None)


def parts_sum(parts: Iterable[Part]) -> Figure | None:
    """A figure made of parts: the parts added up (never stated)."""
    return add(p.figure for p in parts)


# -- shares and sort keys ---------------------------------------------------------------------


def share(losses: Figure | None, strength: Figure | None) -> tuple[float, float | None] | None:
    """Losses as a share of strength (low, high): the low is the fewest losses of the most
    men, the high the most losses of the fewest (None: no bound). None when the losses or
    the strength are unknown or not stated."""
    if losses is None or strength is None:
        return None
    lt, st = term(losses), term(strength)
    if lt.low is None or st.low is None or st.high is None or not st.high:
        return None
    low = (lt.low + lt.strict) / st.high
    high = None if lt.high is None or not st.low else lt.high / st.low
    return (low, high)


def midpoint(fig: Figure | None) -> float | None:
    """Where a figure sorts: the middle of its range, its floor when open, None when
    unknown or not stated."""
    if fig is None:
        return None
    low, high, strict, _ = term(fig)
    if low is None:
        return None
    return float(low + strict) if high is None else (low + high) / 2


def bounds(fig: Figure | None) -> tuple[int | None, int | None]:
    """A figure's effective (low, high) as the exports give them: the low inclusive."""
    if fig is None:
        return (None, None)
    low, high, strict, _ = term(fig)
    if low is None:
        return (None, None)
    return (low + strict, high)


# -- quotients and medians of ranges ------------------------------------------------------------

# A real quantity's bounds (low, high), the low inclusive; high None: no bound above.
Span = tuple[float, "float | None"]


def span(fig: Figure | None) -> Span | None:
    """A figure's bounds as a span (the low inclusive, whole counts: "> 5" is 6 or more);
    None when it is unknown or not stated. A disputed figure spans its estimates (see
    :func:`term`)."""
    low, high = bounds(fig)
    if low is None:
        return None
    return (float(low), None if high is None else float(high))


def quotient(top: Span | None, bottom: Span | None) -> Span | None:
    """``top ÷ bottom`` over every pair of values in their spans (both non-negative): the
    low is the fewest of ``top`` over the most of ``bottom`` (0 where ``bottom`` has no
    bound above), the high the most of ``top`` over the fewest of ``bottom`` (None: no bound,
    where either has none or ``bottom`` may be 0). None when either is unknown or ``bottom``
    can only be 0."""
    if top is None or bottom is None:
        return None
    (t_low, t_high), (b_low, b_high) = top, bottom
    if b_high == 0:
        return None
    low = 0.0 if b_high is None else t_low / b_high
    high = None if t_high is None or b_low <= 0 else t_high / b_low
    return (low, high)


def divide(top: Figure | None, bottom: Figure | None) -> Span | None:
    """One figure divided by another, as a span (see :func:`quotient`)."""
    return quotient(span(top), span(bottom))


def median_span(spans: Sequence[Span]) -> Span | None:
    """The median of quantities each known only within its span: the median is monotone in
    each value, so it lies between the median of the lows and the median of the highs
    (None above where that median is unbounded). None for no spans."""
    if not spans:
        return None
    lows = sorted(s[0] for s in spans)
    highs = sorted(float("inf") if s[1] is None else s[1] for s in spans)
    n = len(spans)

    def middle(values: list[float]) -> float:
        return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2

    high = middle(highs)
    return (middle(lows), None if high == float("inf") else high)


def span_midpoint(value: Span | None) -> float | None:
    """Where a span sorts: its middle, its low when open; None when unknown."""
    if value is None:
        return None
    return value[0] if value[1] is None else (value[0] + value[1]) / 2
