"""``people`` and ``units`` with no name asked for (issue 17): every row's CSV line as the
cache keeps it (``digest.KeptLines``), sorted by name and date and written with no row made
(``questions.joined.Kept``). Whatever form is asked for (CSV, JSON, Markdown, the terminal,
a cut), it is what the plain rows give: on the fixtures, the bundled and generated records,
cached or not, filtered or not; and, by hypothesis, for names and battles that tie, repeat,
need quoting or a formula guard."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

import msgspec
import pytest
from conftest import DATA, FIXTURES
from hypothesis import example, given
from hypothesis import strategies as st

from battles import loading
from battles.dates import PartialDate
from battles.figures import parse_figure
from battles.loading import digest
from battles.questions import joined as joined_q
from battles.questions import people as people_q
from battles.questions import records as records_q
from battles.questions import units as units_q
from battles.questions.filters import ListFilter
from battles.render import registry
from battles.render.formats import json_text, to_csv, to_markdown
from battles.render.output import joined as joined_text
from battles.text import normalise

QUESTIONS: dict[str, tuple[Callable[..., Any], Callable[..., Any], int]] = {
    "people": (people_q.people_in, people_q.people_of, digest.PEOPLE),
    "units": (units_q.units_in, units_q.units_of, digest.UNITS),
}


def _dataset(where: str, tmp_path, monkeypatch, cached: bool = True):  # type: ignore[no-untyped-def]
    from bench.generate import generate

    monkeypatch.setenv("BATTLES_CACHE_DIR", str(tmp_path / "cache"))
    if where == "generated":
        generate(tmp_path / "data", 60, seed=17)
    folder = {"views": FIXTURES / "views", "bundled": DATA, "generated": tmp_path / "data"}[where]
    if not cached:
        return loading.load([folder], use_cache=False)
    loading.load([folder], use_cache=True)
    return loading.load([folder], use_cache=True)  # warm: the digests from the cache


def _plain(result: Any) -> Any:
    """The result with its rows as a list of row objects (what the plain path writes)."""
    return msgspec.structs.replace(result, rows=list(result.rows))


def _terminal(result: Any) -> str:
    from rich.console import Console

    console = Console(file=io.StringIO(), width=100, color_system=None, highlight=False)
    registry.terminal(result)(result, console)
    return console.file.getvalue()  # type: ignore[attr-defined]


def _csv(result: Any) -> str:
    return joined_text(to_csv(result))


@pytest.mark.parametrize(
    ("where", "cached"),
    [
        ("views", True),
        ("views", False),
        ("bundled", True),
        ("generated", True),
        ("generated", False),
    ],
)
@pytest.mark.parametrize("what", ["people", "units"])
def test_every_row_from_the_kept_lines_is_what_the_rows_give(
    what: str, where: str, cached: bool, tmp_path, monkeypatch
) -> None:
    dataset = _dataset(where, tmp_path, monkeypatch, cached)
    asked, of, region = QUESTIONS[what]
    fast = asked(dataset, None)
    assert isinstance(fast.rows, joined_q.Kept)
    reference = of(records_q.digested(dataset, region))  # sorted from the rows themselves
    assert isinstance(reference.rows, joined_q.Joined)
    plain = _plain(reference)
    count = "people" if what == "people" else "units"
    assert getattr(fast, count) == getattr(reference, count) > 0
    assert len(fast.rows) == len(plain.rows) == fast.matched
    written = _csv(fast)
    assert written == "".join(to_csv(plain))
    assert fast.rows._joined is None  # the CSV made no row: it wrote the kept lines
    assert json_text(registry.data(fast)) == json_text(registry.data(plain))
    assert "".join(to_markdown(fast)) == "".join(to_markdown(plain))
    assert fast.rows == plain.rows
    assert fast.rows._kept is None  # let go of once the rows were made; read again for CSV:
    assert _csv(fast) == written
    cut = records_q.first_rows(asked(dataset, None), 9)
    assert list(cut.rows) == plain.rows[:9] and cut.total == len(plain.rows)
    assert _csv(cut) == "".join(to_csv(_plain(cut)))
    if where == "views":
        assert _terminal(fast) == _terminal(plain)


@pytest.mark.parametrize("what", ["people", "units"])
@pytest.mark.parametrize(
    "flt",
    [ListFilter(year=1941), ListFilter(kinds=("siege",)), ListFilter(year=1), ListFilter()],
)
def test_filtered_rows_from_the_kept_lines(what: str, flt: ListFilter, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """A filter leaves records out (some, most, all): the lines of the others, in order."""
    dataset = _dataset("generated", tmp_path, monkeypatch)
    asked, of, region = QUESTIONS[what]
    fast = asked(dataset, flt)
    reference = of(records_q.digested(dataset, region, None, flt))
    assert _csv(fast) == "".join(to_csv(_plain(reference)))
    assert list(fast.rows) == list(reference.rows)
    if flt == ListFilter(year=1):
        assert len(fast.rows) == 0 and _csv(fast).count("\n") == 1  # the header alone


@pytest.mark.parametrize("what", ["people", "units"])
def test_the_command_writes_the_kept_lines(run, what: str, tmp_path, monkeypatch) -> None:
    """Through the command line, with the cache and without it, whole and cut."""
    from bench.generate import generate

    generate(tmp_path / "data", 30, seed=5)
    data = ["--data-dir", str(tmp_path / "data")]
    monkeypatch.setenv("BATTLES_CACHE_DIR", str(tmp_path / "cache"))
    dataset = loading.load([tmp_path / "data"], use_cache=False)
    _, of, region = QUESTIONS[what]
    expected = "".join(to_csv(_plain(of(records_q.digested(dataset, region)))))
    for extra in ([], [], ["--no-cache"]):  # the first run builds the cache, the second reads it
        result = run(*extra, *data, what, "--format", "csv")
        assert result.exit_code == 0, result.stderr
        assert result.stdout == expected
    result = run(*data, what, "--format", "csv", "--limit", "5")
    assert result.stdout.splitlines() == expected.splitlines()[:6]


# -- by hypothesis ----------------------------------------------------------------------------

TEXT = st.text(alphabet=st.sampled_from('aAb ,"\n=+-@é\tš'), max_size=5)
NAME = st.sampled_from(["A", "a", "B", "b ", "=x", "é", "Zz", '"q"', "c,d"]) | TEXT
FIGURE = st.one_of(
    st.none(),
    st.sampled_from(["200", "~1,000", ">=50", "?", "12,000 ±10%", "100-200"]).map(parse_figure),
)


def _brief(n: int, name: str, year: int) -> digest.Brief:
    return digest.Brief(
        f"b{n}", name, normalise(name), "battle", PartialDate(year), None, False, "", (), None,
        (), (), (), (), None, None, None,
    )  # fmt: skip


BATTLES = st.lists(
    st.tuples(
        st.sampled_from(["Alpha", "alpha", "Beta", "=Gamma", "x,y"]) | TEXT, st.integers(1940, 1943)
    ),
    min_size=1,
    max_size=6,
)


def _kept(what: str, briefs: list[digest.Brief], found: Sequence[tuple[Any, ...]]) -> joined_q.Kept:
    keep = digest.kept_units if what == "units" else digest.kept_people
    make = units_q._unit_appearance if what == "units" else people_q._appearance
    kept = [
        keep(digest.battle_fields(b.start, b.key, b.name), rows)  # type: ignore[arg-type]
        for b, rows in zip(briefs, found, strict=True)
    ]
    return joined_q.Kept(make, briefs, lambda: kept, lambda: found)


def _check(what: str, briefs: list[digest.Brief], found: list[tuple[Any, ...]]) -> None:
    of = units_q.units_of if what == "units" else people_q.people_of
    reference = of(zip(briefs, found, strict=True))
    # Every row by its name as lookups compare it, then its battle's start and name, else
    # in the records' order and each record's own.
    every = [(b, row) for b, rows in zip(briefs, found, strict=True) for row in rows]
    every.sort(key=lambda br: (br[1].key, br[0].start.number, br[0].sort_name))
    rows = _kept(what, briefs, found)
    result = type(reference)(None, rows, rows.names)
    assert _csv(result) == "".join(to_csv(_plain(reference)))
    assert rows._joined is None
    assert [(r.name, r.battle, r.side) for r in rows] == [
        (row.name, b, row.side) for b, row in every
    ]
    assert rows == reference.rows and rows.names == len({row.key for _, row in every})
    assert json_text(registry.data(result)) == json_text(registry.data(_plain(reference)))


@given(
    BATTLES,
    st.lists(
        st.tuples(st.integers(0, 5), NAME, TEXT, st.lists(NAME, max_size=2).map(tuple), FIGURE),
        max_size=30,
    ),
)
@example(  # the same unit in two battles of one year: by the battles' names
    [("Beta", 1941), ("alpha", 1941), ("Alpha", 1941)],
    [(0, "X", "s", (), None), (1, "x", "t", (), None), (2, "X", "u", (), None)],
)
def test_units_kept_lines_are_the_rows_lines(
    battles: list[tuple[str, int]], units: list[tuple[int, str, str, tuple[str, ...], Any]]
) -> None:
    briefs = [_brief(n, name, year) for n, (name, year) in enumerate(battles)]
    found: list[list[digest.Posted]] = [[] for _ in briefs]
    for place, name, side, within, strength in units:
        posted = digest.Posted(name, normalise(name), side, within, strength, None, ())
        found[place % len(briefs)].append(posted)
    _check("units", briefs, [tuple(rows) for rows in found])


@given(
    BATTLES,
    st.lists(
        st.tuples(
            st.integers(0, 5), NAME, TEXT, TEXT | st.none(), TEXT | st.none(), NAME | st.none()
        ),
        max_size=30,
    ),
)
@example(
    [("Beta", 1941), ("alpha", 1941), ("Alpha", 1941)],
    [(0, "X", "s", None, None, None), (1, "x", "t", "r", None, None), (2, "X", "u", None, "f", "")],
)
def test_people_kept_lines_are_the_rows_lines(
    battles: list[tuple[str, int]],
    people: list[tuple[int, str, str, str | None, str | None, str | None]],
) -> None:
    briefs = [_brief(n, name, year) for n, (name, year) in enumerate(battles)]
    found: list[list[digest.Commanded]] = [[] for _ in briefs]
    for place, name, side, role, fate, under in people:
        commanded = digest.Commanded(name, normalise(name), side, role, fate, under, ())
        found[place % len(briefs)].append(commanded)
    _check("people", briefs, [tuple(rows) for rows in found])


def test_rows_that_disagree_with_the_kept_lines_are_sorted_themselves() -> None:
    """Should a record's rows and its kept lines ever differ in number, the rows are still
    every row, in order (sorted from the rows themselves)."""
    briefs = [_brief(0, "One", 1941), _brief(1, "Two", 1940)]
    posted = [
        (digest.Posted("B", "b", "s", (), None, None, ()),),
        (
            digest.Posted("A", "a", "s", (), None, None, ()),
            digest.Posted("B", "b", "t", (), None, None, ()),
        ),
    ]
    rows = _kept("units", briefs, posted)
    rows.rows = lambda: [posted[0], posted[1][:1]]  # one row fewer than the kept lines
    assert [(r.name, r.battle.name) for r in rows] == [("A", "Two"), ("B", "One")]
