"""The fast paths of the analysis commands (issue 17, 1 s at 10,000 records) give what the
plain ones give: people and units made column by column from the digests' rows, the CSV
writer's whole-column checks, stats' table measured once."""

from __future__ import annotations

import dataclasses
import json

import msgspec
import pytest
from conftest import DATA, FIXTURES
from hypothesis import given
from hypothesis import strategies as st

from battles import loading
from battles.figures import parse_figure
from battles.loading import digest
from battles.questions import disputes as disputes_q
from battles.questions import joined as joined_q
from battles.questions import people as people_q
from battles.questions import ratios as ratios_q
from battles.questions import records as records_q
from battles.questions import sources as sources_q
from battles.questions import stats as stats_q
from battles.questions import units as units_q
from battles.render import ratios as ratios_forms
from battles.render import registry
from battles.render import stats as stats_forms
from battles.render.formats import csv_field, tabular_csv, text_fields, to_csv, to_markdown
from battles.text import normalise

QUESTION = {"disputes": disputes_q, "sources": sources_q, "people": people_q, "units": units_q}


def _dataset(where: str, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from bench.generate import generate

    monkeypatch.setenv("BATTLES_CACHE_DIR", str(tmp_path / "cache"))
    if where == "generated":
        generate(tmp_path / "data", 80, seed=11)
    folder = {"views": FIXTURES / "views", "bundled": DATA, "generated": tmp_path / "data"}[where]
    loading.load([folder], use_cache=True)
    return loading.load([folder], use_cache=True)  # warm: the digests from the cache


def _plain_rows(result):  # type: ignore[no-untyped-def]
    """The same result with its rows as a list of row objects (the plain path)."""
    return msgspec.structs.replace(result, rows=list(result.rows))


@pytest.mark.parametrize("where", ["views", "bundled", "generated"])
@pytest.mark.parametrize("what", ["people", "units"])
def test_people_and_units_made_by_columns_write_what_rows_write(
    where: str, what: str, tmp_path, monkeypatch
) -> None:
    dataset = _dataset(where, tmp_path, monkeypatch)
    region = digest.PEOPLE if what == "people" else digest.UNITS
    fast = getattr(QUESTION[what], f"{what}_of")(records_q.digested(dataset, region))
    assert isinstance(fast.rows, joined_q.Joined) and fast.rows
    plain = _plain_rows(fast)
    assert isinstance(plain.rows, list)
    assert "".join(to_csv(fast)) == "".join(to_csv(plain))
    assert "".join(to_markdown(fast)) == "".join(to_markdown(plain))
    from battles.render.formats import json_text

    assert json_text(registry.data(fast)) == json_text(registry.data(plain))
    # Cut as --limit cuts, in pieces as the writer reads them: the same again.
    cut = records_q.first_rows(fast, 7)
    assert list(cut.rows) == plain.rows[:7] and cut.total == len(plain.rows)
    table = registry.table(fast)
    assert "".join(tabular_csv(table, block_rows=3)) == "".join(to_csv(plain))


@pytest.mark.parametrize("what", ["people", "units"])
def test_people_and_units_rows_are_every_one_by_name_then_date(
    what: str, tmp_path, monkeypatch
) -> None:
    """Against a plain build of every row from the records, sorted by the name as lookups
    compare it, then the battle's start and name."""
    dataset = _dataset("generated", tmp_path, monkeypatch)
    pairs = list(records_q.records(dataset))
    expected = []
    for brief, record in pairs:
        if what == "people":
            for c in people_q.record_people(record):
                row = people_q.Appearance(c.name, brief, c.side, c.role, c.fate, c.under, c.source)
                expected.append((c.key, row))
        else:
            for u in units_q.record_units(record):
                row = units_q.UnitAppearance(  # type: ignore[assignment]
                    u.name, brief, u.side, u.within, u.strength, u.note, u.source
                )
                expected.append((u.key, row))
    expected.sort(key=lambda kr: (kr[0], kr[1].battle.start.number, kr[1].battle.sort_name))
    found = getattr(QUESTION[what], what)(iter(pairs))
    assert list(found.rows) == [row for _, row in expected]
    assert found.rows == [row for _, row in expected]  # a Joined equals its list
    # One name asked for: the rows of the names it picks, in the same order.
    name = expected[len(expected) // 2][1].name
    one = getattr(QUESTION[what], what)(iter(pairs), name)
    keys = {normalise(r.name) for r in one.rows}
    assert normalise(name) in keys
    assert list(one.rows) == [row for key, row in expected if key in keys]


TEXT = st.text(alphabet=st.sampled_from('ab ,"\n\r\t=+-@\x00é'), max_size=6)
CELL = st.one_of(
    TEXT,
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-3, max_value=3),
)


@given(st.lists(TEXT | st.none(), max_size=12))
def test_a_column_of_text_is_written_as_cell_by_cell(column: list[str | None]) -> None:
    assert list(text_fields(column)) == [csv_field(c) for c in column]


@given(st.lists(CELL, max_size=12))
def test_any_column_is_written_as_cell_by_cell(column: list[object]) -> None:
    assert list(text_fields(column)) == [csv_field(c) for c in column]  # type: ignore[arg-type]


@given(st.lists(st.sampled_from(["x", "a,b", '"q"', "=1", None, "", "y"]), max_size=40))
def test_a_column_that_repeats_is_written_as_cell_by_cell(column: list[str | None]) -> None:
    assert list(text_fields(column)) == [csv_field(c) for c in column]


def test_stats_table_reads_every_group_once_for_who_won() -> None:
    """The attacker's column is decided once for the table, not once per group (a table of
    twenty thousand belligerents took minutes): counted here."""
    import io

    from rich.console import Console

    from battles.render.stats import render_stats

    calls = []

    class Counting(stats_q.Stats):  # type: ignore[misc]
        @property
        def decided(self) -> bool:
            calls.append(1)
            return True

    empty = stats_q.Measure(None, 1, None)
    groups = [stats_q.Group(f"g{n}", (n,), 1, empty, empty, empty, 1, 1) for n in range(50)]
    result = Counting("kind", groups, 50)
    render_stats(result, Console(file=io.StringIO(), width=120))
    assert len(calls) == 1
    assert json.loads(json.dumps(stats_forms.stats_data(result)))["groups"][0]["group"] == "g0"


@pytest.mark.parametrize("where", ["views", "bundled", "generated"])
def test_ratios_made_by_columns_write_what_rows_write(where: str, tmp_path, monkeypatch) -> None:
    from battles.render.formats import _md, cell_text

    dataset = _dataset(where, tmp_path, monkeypatch)
    found = ratios_q.ratios(list(records_q.digested(dataset, digest.FORCES)))
    assert found.rows
    fast, slow = ratios_forms.ratios_table(found), ratios_forms.ratios_rows_table(found)
    assert fast.columns == slow.columns
    expected = "".join(tabular_csv(slow))
    assert "".join(tabular_csv(fast)) == expected
    assert "".join(tabular_csv(fast, block_rows=4)) == expected
    slow = ratios_forms.ratios_rows_table(found)  # its rows are read once
    assert [[_md(cell_text(c)) for c in row] for row in fast.rows] == [
        [_md(cell_text(c)) for c in row] for row in slow.rows
    ]


# -- stats on narrow terminals -----------------------------------------------------------------

NARROW = [40, 50, 60, 64]


def _check_narrow(text: str, width: int, labels: list[str], figures: list[str]) -> None:
    """Nothing wider than the terminal, every label's words and every figure whole."""
    assert max(len(line) for line in text.splitlines()) <= width
    table = text.split(" groups ·")[0]
    words = table.split()
    for label in labels:
        for word in label.split():
            assert word in words, (word, table)
    for figure in figures:  # a range may be broken after its dash, never elsewhere
        low, dash, high = figure.partition("–")
        assert (figure in table) or (dash and low + dash in words and high in table), figure


@pytest.mark.parametrize("width", NARROW)
@pytest.mark.parametrize(
    ("name", "args"),
    [("kind", ["stats", "--by", "kind"]), ("side", ["stats", "--by", "side"])],
)
def test_stats_on_a_narrow_terminal(run, width: int, name: str, args: list[str]) -> None:
    from conftest import assert_expected

    result = run("--data-dir", str(FIXTURES / "views"), *args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    data = json.loads(run("--data-dir", str(FIXTURES / "views"), *args, "--format", "json").stdout)
    labels = [g["group"] for g in data["groups"]]
    figures = [g["losses"]["sum"]["shown"] for g in data["groups"] if g["losses"]["sum"]]
    _check_narrow(result.stdout, width, labels, figures)
    said = " ".join(result.stdout.split())
    if width < 64:
        assert "bars left out" in said
    if width == 40:  # too narrow for the median too: the footer says so
        assert "median losses left out too (--format csv has them)" in said
    assert_expected(f"stats-{name}-{width}.txt", result.stdout)


@pytest.mark.parametrize("width", NARROW)
def test_stats_with_ranges_and_winners_on_a_narrow_terminal(run, tmp_path, width: int) -> None:
    """The CDB90 excerpt by force ratio: ranges of six figures and who won. Each range is
    broken after its dash; the median, who won and the strength go, in that order, where
    the columns left would not fit."""
    from conftest import assert_expected

    from battles.importers.run import quiet
    from battles.importers.run import run as import_run

    data = tmp_path / "data"
    import_run("cdb90", FIXTURES / "datasets" / "cdb90", data, force=False, progress=quiet)
    args = ["--data-dir", str(data), "stats", "--by", "force_ratio"]
    result = run(*args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    groups = json.loads(run(*args, "--format", "json").stdout)["groups"]
    figures = [g["losses"]["sum"]["shown"] for g in groups]
    _check_narrow(result.stdout, width, [g["group"] for g in groups], figures)
    said = " ".join(result.stdout.split())
    left_out = {
        40: "median losses, attacker won, strength",
        50: "median losses, attacker won",
        60: "median losses",
        64: "median losses",
    }
    assert f"· {left_out[width]} left out too" in said
    assert_expected(f"stats-force-ratio-{width}.txt", result.stdout)


FIGURE = st.one_of(
    st.none(),
    st.sampled_from(["200", "~1,000", ">=50", "?", "12,000 ±10%", "100-200", "unknown"]).map(
        lambda text: parse_figure(text)
    ),
)


def _brief(n: int, name: str, year: int) -> digest.Brief:
    from battles.dates import PartialDate

    return digest.Brief(
        f"b{n}", name, normalise(name), "battle", PartialDate(year), None, False, "", (), None,
        (), (), (), (), None, None, None,
    )  # fmt: skip


@given(
    st.lists(st.tuples(TEXT, st.integers(-50, 1950)), min_size=1, max_size=5),
    st.lists(
        st.tuples(st.integers(0, 4), TEXT, TEXT, st.lists(TEXT, max_size=3).map(tuple), FIGURE),
        max_size=25,
    ),
)
def test_every_unit_written_line_by_line_is_what_the_columns_write(
    battles: list[tuple[str, int]], units: list[tuple[int, str, str, tuple[str, ...], object]]
) -> None:
    """The units' own CSV lines (every unit, in the records' order, then put in order)
    against the column by column writer and the plain rows: names, sides and units that
    need quoting or a formula guard, repeated or not, any figure."""
    briefs = [_brief(n, name, year) for n, (name, year) in enumerate(battles)]
    found: list[list[digest.Posted]] = [[] for _ in briefs]
    for place, name, side, within, strength in units:
        posted = digest.Posted(name, normalise(name), side, within, strength, None, ())  # type: ignore[arg-type]
        found[place % len(briefs)].append(posted)
    fast = units_q.units_of(zip(briefs, map(tuple, found), strict=True))
    table = registry.table(fast)
    assert getattr(table, "csv_lines", None) is not None
    columns = dataclasses.replace(table, csv_lines=None)  # type: ignore[type-var]
    plain = "".join(to_csv(_plain_rows(fast)))
    assert "".join(tabular_csv(table, block_rows=4)) == plain
    assert "".join(tabular_csv(columns, block_rows=4)) == plain
    # A cut (or a name asked for) leaves some rows out: the columns are written.
    cut = records_q.first_rows(fast, 3)
    assert getattr(registry.table(cut), "csv_lines", None) is None or len(fast.rows) <= 3
    assert "".join(to_csv(cut)) == "".join(to_csv(_plain_rows(cut)))
