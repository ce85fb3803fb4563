from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from battles.errors import FigureError
from battles.figures import Figure, Part, format_figure, format_value, parse_figure
from battles.tally import add, midpoint, parts_sum

CASES = [
    (550, Figure(550, 550)),
    ("550", Figure(550, 550)),
    ("2,000", Figure(2000, 2000)),
    ("16-20", Figure(16, 20)),
    ("16 to 20", Figure(16, 20)),
    ("2,000–3,000", Figure(2000, 3000)),
    ("2,000—3,000", Figure(2000, 3000)),
    ("~200", Figure(200, 200, approx=True)),
    ("about 200", Figure(200, 200, approx=True)),
    ("around 3,150", Figure(3150, 3150, approx=True)),
    ("c. 3,800", Figure(3800, 3800, approx=True)),
    ("~2,000-3,000", Figure(2000, 3000, approx=True)),
    (">23", Figure(23, None, strict=True)),
    ("more than 23", Figure(23, None, strict=True)),
    (">=23", Figure(23, None)),
    ("at least 23", Figure(23, None)),
    ("23+", Figure(23, None)),
    ("unknown", Figure()),
    ("Unknown", Figure()),
    ("?", Figure()),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_short_forms(text: object, expected: Figure) -> None:
    assert parse_figure(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("many", "cannot read 'many' as a figure"),
        ("20-16", "runs backwards; write 16-20"),
        (-5, "cannot be negative"),
        (True, "got bool"),
        (1.5, "got float"),
        ("10 to >20", "cannot read"),
        ("1-2+", "mixes a range"),
        (10**12, "larger than the limit"),
        ("", "cannot read"),
    ],
)
def test_bad_figures(text: object, message: str) -> None:
    with pytest.raises(FigureError, match=message):
        parse_figure(text)


@pytest.mark.parametrize(
    ("figure", "text"),
    [
        (Figure(28, 28), "28"),
        (Figure(16, 20), "16–20"),
        (Figure(200, 200, approx=True), "~200"),
        (Figure(2000, 3000, approx=True), "~2,000–3,000"),
        (Figure(45, None), "≥ 45"),
        (Figure(23, None, strict=True), "> 23"),
        (Figure(), "unknown"),
    ],
)
def test_format(figure: Figure, text: str) -> None:
    assert format_value(figure) == text


def test_disputed_figure_lists_every_estimate() -> None:
    fig = Figure(estimates=(Figure(8, 8, source=("a",)), Figure(18, 18, source=("b",))))
    assert fig.is_disputed and fig.form == "disputed"
    assert format_figure(fig) == "8 / 18"
    assert fig.bounds() == (8, 18)
    assert midpoint(fig) == 13


def test_sum_with_unknown_part_is_at_least() -> None:
    parts = (
        Part("garrison", Figure(550, 550)),
        Part("relief", Figure()),
        Part("chetniks", Figure(500, 500)),
    )
    total = parts_sum(parts)
    assert total is not None
    assert (total.low, total.high) == (1050, None)
    assert format_value(total) == "≥ 1,050"
    assert not total.stated


def test_sum_of_ranges_and_approximations() -> None:
    total = add([Figure(28, 28), Figure(16, 20)])
    assert total is not None
    assert (total.low, total.high, total.approx) == (44, 48, False)
    assert format_figure(add([Figure(28, 28), Figure(200, 200, approx=True)])) == "~228"
    assert add([]) is None  # nothing stated
    assert format_figure(add([Figure(), Figure()])) == "?"  # stated, all unknown


def test_strict_bound_counts_from_the_next_number() -> None:
    assert Figure(23, None, strict=True).bounds() == (24, None)
    assert add([Figure(23, None, strict=True), Figure(1, 1)]).bounds() == (25, None)
    assert format_figure(add([Figure(23, None, strict=True), Figure(1, 1)])) == "> 24"


def test_midpoint_orders_ranges() -> None:
    assert midpoint(Figure(16, 20)) == 18
    assert midpoint(Figure(45, None)) == 45
    assert midpoint(Figure()) is None
    assert midpoint(None) is None


def test_figures_are_immutable() -> None:
    with pytest.raises(AttributeError):
        Figure(1, 1).low = 2  # type: ignore[misc]


numbers = st.integers(min_value=0, max_value=100_000_000)


@st.composite
def figures(draw: st.DrawFn) -> Figure:
    kind = draw(st.sampled_from(["exact", "range", "open", "unknown"]))
    approx = draw(st.booleans())
    if kind == "unknown":
        return Figure()
    low = draw(numbers)
    if kind == "exact":
        return Figure(low, low, approx=approx)
    if kind == "open":
        return Figure(low, None, approx=approx, strict=draw(st.booleans()))
    high = draw(
        st.integers(min_value=low + 1, max_value=100_000_001).filter(lambda h: h <= 100_000_000)
    )
    return Figure(low, high, approx=approx)


@given(figures())
def test_format_then_parse_gives_the_same_figure(fig: Figure) -> None:
    assert parse_figure(format_value(fig)) == fig


@given(st.text(max_size=40))
def test_arbitrary_text_raises_only_figure_error(text: str) -> None:
    try:
        fig = parse_figure(text)
    except FigureError:
        return
    assert fig.low is None or fig.low >= 0


@given(st.lists(figures(), max_size=6))
def test_sum_bounds_are_the_sums_of_bounds(figs: list[Figure]) -> None:
    total = add(figs)
    if not figs:
        assert total is None
        return
    assert total is not None
    known = [f for f in figs if f.low is not None]
    if not known:
        assert total.is_unknown
        return
    assert total.bounds()[0] == sum(f.bounds()[0] or 0 for f in known)
    if all(f.high is not None for f in figs):
        assert total.high == sum(f.high or 0 for f in figs)
    else:
        assert total.high is None


# -- the parser and the JSON Schema read the same texts -------------------------------------

_PIECES = st.sampled_from(
    [
        " ",
        "\t",
        "\n",
        "\u00a0",
        "~",
        "c.",
        "ca.",
        "circa",
        "About",
        "AROUND",
        "some",
        "approx.",
        "more than",
        "over",
        ">",
        ">=",
        "≥",
        "at least",
        "-",
        "–",
        "—",
        "to",
        "+",
        ",",
        "0",
        "7",
        "12",
        "550",
        "2,000",
        "1,000,000",
        "١٢",
        "unknown",
        "UNK",
        "Not stated",
        "?",
        "x",
        "K",
        "\u212a",
        "unK",
        "nown",
    ]
)


@given(st.lists(_PIECES, max_size=6).map("".join))
def test_the_schema_accepts_what_the_parser_reads(text: str) -> None:
    import re

    from battles.figures import schema_pattern

    try:
        parse_figure(text)
        grammar = True
    except FigureError as exc:
        # The parser's checks beyond the grammar (a limit, a backwards range, a range with a
        # bound) are not the schema's to make; only "cannot read" is a grammar error.
        grammar = "cannot read" not in str(exc)
    # JSON Schema's pattern is ECMA-262, searched (not anchored) as jsonschema does.
    assert (re.search(schema_pattern(), text) is not None) == grammar, repr(text)
