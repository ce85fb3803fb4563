"""The arithmetic of figures: whatever the record states, the true value is always inside
the figure every view shows; and what the views show comes from the tally alone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from battles import model, tally
from battles.figures import Figure, format_figure

KINDS = ("killed", "wounded", "captured", "missing")


def inside(value: int, fig: Figure | None) -> bool:
    assert fig is not None
    low, high = tally.bounds(fig)
    if low is None:
        return True  # unknown claims nothing
    return low <= value and (high is None or value <= high)


@st.composite
def statement(draw: st.DrawFn, true: int) -> Figure:
    """A true statement about a count: exact, a range around it, a floor, unknown, or
    estimates of which one is right (the others anything)."""
    form = draw(st.sampled_from(["exact", "range", "floor", "more", "unknown", "disputed"]))
    if form == "exact":
        return Figure(true, true, approx=draw(st.booleans()))
    if form == "range":
        low = draw(st.integers(0, true))
        return Figure(low, draw(st.integers(true, true + 50)))
    if form == "floor":
        return Figure(draw(st.integers(0, true)), None)
    if form == "more":
        return Figure(true - 1, None, strict=True) if true else Figure(0, None)
    if form == "unknown":
        return Figure()
    # The sources disagree and none is preferred: the truth lies within their span, and an
    # estimate of "unknown" never means fewer than the lowest figure any source gives.
    right = draw(statement(true))
    ceiling = true if tally.term(right).low is None else 10_000
    others = draw(st.lists(st.integers(0, ceiling).map(lambda n: Figure(n, n)), max_size=3))
    return Figure(estimates=(*others, right))


@st.composite
def world(draw: st.DrawFn) -> tuple[dict[str, int], model.Casualties, bool]:
    """True counts by kind, and a record of them: kinds, combined kinds, groups among the
    dead, losses of a kind not stated, figures of one phase only. Returns the counts, the
    record, and whether killed and wounded are both known to the record (else the total
    may be a floor only)."""
    true = {kind: draw(st.integers(0, 5_000)) for kind in KINDS}
    fields: dict[str, Figure] = {}
    other: list[model.Loss] = []
    for kind in KINDS:
        if draw(st.booleans()):
            fig = draw(statement(true[kind]))
            if draw(st.integers(0, 5)) == 0:  # a phase's figure: a part of the count
                part = draw(st.integers(0, true[kind]))
                fig = Figure(part, part, scope="first assault")
            fields[kind] = fig
    for _ in range(draw(st.integers(0, 3))):
        shape = draw(st.sampled_from(["combined", "among", "unstated", "group"]))
        if shape == "combined":
            pair = draw(st.lists(st.sampled_from(KINDS), min_size=2, max_size=3, unique=True))
            label = " or ".join(pair)
            value = draw(statement(sum(true[k] for k in pair)))
        elif shape == "among":
            kind = draw(st.sampled_from(KINDS))
            label = f"students among the {'dead' if kind == 'killed' else kind}"
            value = draw(statement(draw(st.integers(0, true[kind]))))
        elif shape == "unstated":
            chosen = draw(st.lists(st.sampled_from(KINDS), min_size=1, unique=True))
            label = "losses (kind not stated)"
            value = draw(statement(sum(true[k] for k in chosen)))
        else:
            kind = draw(st.sampled_from(KINDS))
            label = f"{kind} in the villages"
            value = draw(statement(draw(st.integers(0, true[kind]))))
        other.append(model.Loss(label=label, value=value))
    cas = model.Casualties(**fields, other=tuple(other))  # type: ignore[arg-type]
    # Captured and missing count only where some figure names them; else none were lost.
    named = set(fields) | {
        k for loss in other for k in tally.kind_names(tally.loss_kinds(loss.label).kinds)
    }
    if any(tally.loss_kinds(loss.label).kinds == 0 for loss in other):
        named |= set(KINDS)
    for kind in ("captured", "missing"):
        if kind not in named:
            true[kind] = 0
    return true, cas, True


@given(world())
def test_the_true_total_is_inside_the_total_shown(
    case: tuple[dict[str, int], model.Casualties, bool],
) -> None:
    true, cas, _ = case
    found = tally.breakdown(cas)
    assert found is not None
    if found.total is None:  # nothing stated
        assert not cas.kinds() and not cas.other
        return
    assert inside(sum(true.values()), found.total), (true, format_figure(found.total))  # type: ignore[arg-type]
    for kind in KINDS:
        fig = found.column(kind)
        if fig is not None:
            assert inside(true[kind], fig)


@given(st.lists(world(), min_size=2, max_size=4))
def test_the_true_battle_total_is_inside_the_sum_of_sides(cases: list) -> None:
    sides = [tally.breakdown(cas) for _, cas, _ in cases]
    summed = tally.all_sides(sides, None)
    if summed is None:
        assert all(side is None for side in sides)
        return
    if summed.total is not None:
        assert inside(sum(sum(true.values()) for true, _, _ in cases), summed.total)


def test_combined_kinds_count_in_the_total() -> None:
    # Battle of Pljevlja, Italy: 73 killed, 171 wounded, 8 missing or captured.
    cas = model.Casualties(
        killed=Figure(73, 73),
        wounded=Figure(171, 171),
        other=(model.Loss(label="missing or captured", value=Figure(8, 8)),),
    )
    assert format_figure(tally.total_losses(cas)) == "252"  # type: ignore[arg-type]


def test_overlapping_combined_kinds_are_never_added() -> None:
    # Uprising in Montenegro: 1,079 killed or wounded; more than 2,000 killed or captured.
    cas = model.Casualties(
        other=(
            model.Loss(label="killed or wounded", value=Figure(1079, 1079)),
            model.Loss(label="killed or captured", value=Figure(2000, None, strict=True)),
        )
    )
    assert format_figure(tally.total_losses(cas)) == "> 2,000"  # type: ignore[arg-type]


def test_a_stated_unknown_stays_unknown_and_a_gap_makes_a_floor() -> None:
    unknown = model.Casualties(
        other=(model.Loss(label="casualties (kind not stated)", value=Figure()),)
    )
    assert format_figure(tally.total_losses(unknown)) == "?"  # type: ignore[arg-type]
    floor = model.Casualties(killed=Figure(5, 5), wounded=Figure())
    assert format_figure(tally.total_losses(floor)) == "≥ 5"  # type: ignore[arg-type]
    no_wounded = model.Casualties(killed=Figure(5, 5))
    assert format_figure(tally.total_losses(no_wounded)) == "≥ 5"  # type: ignore[arg-type]
    assert tally.total_losses(None) is None


def test_a_disputed_kind_adds_its_lowest_and_highest_estimates() -> None:
    disputed = Figure(
        estimates=(Figure(160, 160), Figure(108, 108), Figure(240, None, strict=True))
    )
    cas = model.Casualties(killed=disputed, wounded=Figure(3, 3))
    total = tally.total_losses(cas)
    assert total is not None and tally.bounds(total) == (111, None)


def test_a_phase_figure_is_a_floor_for_the_battle() -> None:
    wounded = Figure(48, 48, scope="the 4 November assault")
    assert format_figure(tally.as_whole(wounded)) == "≥ 48"  # type: ignore[arg-type]
    cas = model.Casualties(killed=Figure(83, 83), wounded=wounded)
    assert format_figure(tally.total_losses(cas)) == "≥ 131"  # type: ignore[arg-type]


def test_groups_among_the_dead_do_not_open_the_total() -> None:
    cas = model.Casualties(
        killed=Figure(2300, 2300),
        other=(model.Loss(label="high school students among the dead", value=Figure(144, 144)),),
    )
    found = tally.total_losses(cas, civilians=True)
    assert found is not None and tally.bounds(found) == (2300, 2300)


def test_share_of_strength_keeps_its_bounds() -> None:
    assert tally.share(Figure(100, 200), Figure(1000, 2000)) == (0.05, 0.2)
    assert tally.share(Figure(100, None), Figure(1000, 1000)) == (0.1, None)
    assert tally.share(Figure(), Figure(1000, 1000)) is None
    assert tally.share(Figure(10, 10), None) is None


def test_loss_labels() -> None:
    assert tally.loss_kinds("missing or captured") == tally.LossKinds(0b1100, True, False)
    assert tally.loss_kinds("killed and wounded").whole
    assert tally.loss_kinds("losses (kind not stated)") == tally.LossKinds(0, True, False)
    assert tally.loss_kinds("high school students among the dead").within
    assert not tally.loss_kinds("males shot in the villages").whole


# -- quotients and medians ---------------------------------------------------------------------


def in_span(value: float, found: tally.Span | None) -> bool:
    if found is None:
        return True  # unknown claims nothing
    low, high = found
    eps = 1e-9 * max(1.0, abs(value))
    return low - eps <= value and (high is None or value <= high + eps)


@st.composite
def two_counts(draw: st.DrawFn) -> tuple[int, int, Figure, Figure]:
    top, bottom = draw(st.integers(0, 20_000)), draw(st.integers(1, 20_000))
    return top, bottom, draw(statement(top)), draw(statement(bottom))


@given(two_counts())
def test_the_true_ratio_is_inside_the_quotient(case: tuple[int, int, Figure, Figure]) -> None:
    top, bottom, top_fig, bottom_fig = case
    found = tally.divide(top_fig, bottom_fig)
    assert in_span(top / bottom, found), (top, bottom, top_fig, bottom_fig, found)
    if found is not None and found[1] is not None:
        assert found[0] <= found[1]


@given(
    st.lists(st.tuples(st.integers(0, 5_000), st.integers(1, 60)), min_size=1, max_size=5),
    st.data(),
)
def test_quotients_of_quotients_keep_the_truth(pairs: list[tuple[int, int]], data) -> None:
    """A count over a span of days (a range of durations), as losses per day are made."""
    for count, days in pairs:
        fig = data.draw(statement(count))
        shorter = data.draw(st.integers(1, days))
        longer = data.draw(st.integers(days, days + 30))
        found = tally.quotient(tally.span(fig), (float(shorter), float(longer)))
        assert in_span(count / days, found)


def test_quotient_edges() -> None:
    assert tally.divide(Figure(10, 10), Figure(0, 0)) is None  # can only be 0: no ratio
    assert tally.divide(Figure(10, 10), Figure(0, 5)) == (2.0, None)  # may be 0: no ceiling
    assert tally.divide(Figure(10, 10), Figure(5, None)) == (0.0, 2.0)  # at least 5
    assert tally.divide(Figure(), Figure(5, 5)) is None  # unknown in, unknown out
    assert tally.divide(Figure(4, 4), None) is None  # not stated
    assert tally.divide(Figure(5, None, strict=True), Figure(2, 2)) == (3.0, None)  # > 5: 6+
    disputed = Figure(estimates=(Figure(8, 8), Figure(18, 18)))
    assert tally.divide(disputed, Figure(2, 2)) == (4.0, 9.0)


@given(st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 50), st.booleans()), min_size=1))
def test_the_true_median_is_inside_the_median_span(values: list[tuple[int, int, bool]]) -> None:
    import statistics

    spans = [(float(v - min(v, d)), None if open_ else float(v + d)) for v, d, open_ in values]
    found = tally.median_span(spans)
    assert in_span(statistics.median(v for v, _, _ in values), found)


@given(world())
def test_the_quick_sum_of_separate_kinds_is_the_general_one(case) -> None:
    _, cas, _ = case
    losses = tally._losses(cas)
    if not losses or not tally._apart(losses):
        return
    required = tally._ALWAYS
    for loss in losses:
        required |= loss.kinds
    quick = tally._sum_apart(losses, required)
    floor = tally._floor(losses)
    if floor is None:
        assert quick == Figure(stated=False)
        return
    low, strict, approx = floor
    high = tally._ceiling(losses, required)
    if high is not None and high < low:
        high = None
    assert quick == tally._inclusive(low, high, strict, approx)
