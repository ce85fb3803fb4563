"""The CSV lines the digests keep (issue 20: ``compare`` and ``timeline`` at 10,000 records
in 0.5 s) are the lines the writer of tables writes from the cells: a comparison or a
timeline written from its kept lines is byte for byte the one written cell by cell, for
every way of asking (sums, phases, sorts, periods, context), on hand-made, bundled and
generated records."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from conftest import DATA, FIXTURES
from hypothesis import given
from hypothesis import strategies as st

from battles import loading
from battles.figures import Part, parse_figure
from battles.loading import csvtext
from battles.questions import compare as compared
from battles.questions import filters
from battles.questions import timeline as timelines
from battles.render import registry
from battles.render.formats import tabular_csv, to_csv
from battles.tally import LOSS_COLUMNS


def _dataset(where: str, tmp_path, monkeypatch) -> loading.Dataset:  # type: ignore[no-untyped-def]
    from bench.generate import generate

    monkeypatch.setenv("BATTLES_CACHE_DIR", str(tmp_path / "cache"))
    if where == "generated":
        generate(tmp_path / "data", 60, seed=7)
    folder = {"views": FIXTURES / "views", "bundled": DATA, "generated": tmp_path / "data"}[where]
    loading.load([folder], use_cache=True)
    return loading.load([folder], use_cache=True)  # warm: the digests from the cache


def _cell_by_cell(result: object) -> str:
    """The result's CSV written from its cells, the kept lines left aside."""
    table = registry.table(result)
    return "".join(tabular_csv(dataclasses.replace(table, csv_lines=None), block_rows=5))


COMPARE_OPTIONS: list[dict[str, Any]] = [
    {},
    {"measure": "strength"},
    {"by": "battle"},
    {"measure": "strength", "by": "battle"},
    {"phases": True},
    {"civilians": "only"},
    {"sort": "total"},
    {"sort": "share", "reverse": True},
    {"measure": "strength", "sort": "battle", "reverse": True},
]


@pytest.mark.parametrize("where", ["views", "bundled", "generated"])
def test_compare_from_kept_lines_is_compare_cell_by_cell(where: str, tmp_path, monkeypatch) -> None:
    dataset = _dataset(where, tmp_path, monkeypatch)
    for options in COMPARE_OPTIONS:
        options = {"measure": "casualties", **options}
        found = compared.compare_in(dataset, (), (), **options)
        assert found.rows
        kept = all(row.line for row in found.rows)
        # The rows a record gives as they are have their line; sums and phases have none.
        assert kept == (not options.get("phases") and options.get("by") != "battle"), options
        assert registry.table(found).csv_lines is not None or not kept
        assert "".join(to_csv(found)) == _cell_by_cell(found), options
        cut = compared.first_rows(found, 3)
        assert "".join(to_csv(cut)) == _cell_by_cell(cut)


@pytest.mark.parametrize("where", ["views", "bundled", "generated"])
@pytest.mark.parametrize("period", [None, "1941", "1941-09..1941-12", "..1941-08", "1800.."])
@pytest.mark.parametrize("context", [False, True])
def test_timeline_from_kept_lines_is_timeline_cell_by_cell(
    where: str, period: str | None, context: bool, tmp_path, monkeypatch
) -> None:
    dataset = _dataset(where, tmp_path, monkeypatch)
    asked = timelines.parse_period(period) if period else None
    found = timelines.timeline_in(dataset, (), (), asked, context=context)
    events = [e for e in found.entries if e.kind == "event"]
    assert all(e.line for e in events)  # every event's line is kept
    assert "".join(to_csv(found)) == _cell_by_cell(found)
    cut = timelines.first_entries(found, 4)
    assert "".join(to_csv(cut)) == _cell_by_cell(cut)


def test_a_digest_made_without_lines_is_written_all_the_same(tmp_path, monkeypatch) -> None:
    """Rows and entries with no kept line (a digest from elsewhere) are written cell by
    cell: the same text."""
    dataset = _dataset("views", tmp_path, monkeypatch)
    import msgspec

    pairs = filters.digests_of(dataset, (), (), loading.digest.HAPPENINGS)
    bare = [(b, tuple(msgspec.structs.replace(h, line="") for h in hs)) for b, hs in pairs]
    assert "".join(to_csv(timelines.timeline(bare))) == "".join(to_csv(timelines.timeline(pairs)))
    found = compared.compare_in(dataset, (), (), "casualties")
    bare_rows = msgspec.structs.replace(
        found, rows=[msgspec.structs.replace(r, line="") for r in found.rows]
    )
    assert registry.table(bare_rows).csv_lines is None
    assert "".join(to_csv(bare_rows)) == "".join(to_csv(found))


# -- one line against the writer, for any text and figure ---------------------------------------

TEXT = st.text(alphabet=st.sampled_from('ab ,"\n\r\t=+-@é'), max_size=6)
FIGURE = st.sampled_from(
    [None, "200", "~300", "100-200", "unknown", ">5", "12,000 ±10%", ">=40", "23+"]
).map(lambda text: None if text is None else parse_figure(text))


@given(
    name=TEXT,
    label=TEXT,
    role=st.none() | TEXT,
    result=st.none() | TEXT,
    figures=st.lists(FIGURE, min_size=len(LOSS_COLUMNS), max_size=len(LOSS_COLUMNS)),
    other=st.lists(st.tuples(TEXT, FIGURE.filter(lambda f: f is not None)), max_size=2),
    strength=FIGURE,
)
def test_a_compare_line_is_what_the_writer_writes(
    name: str,
    label: str,
    role: str | None,
    result: str | None,
    figures: list[Any],
    other: list[tuple[str, Any]],
    strength: Any,
) -> None:
    parts = tuple(Part(text, fig) for text, fig in other)
    cells = csvtext.compare_cells(
        ("id", name), None, label, "side", figures, figures[-1], parts, strength, role, result
    )
    columns = ["battle", "battle_name", "phase", "side", "row", *LOSS_COLUMNS, "other_labels"]
    columns += ["share_low", "share_high", "role", "result"]
    from battles.render.data import Tabular

    table = Tabular(columns, [cells], figures=set(LOSS_COLUMNS))
    written = "".join(tabular_csv(table)).split("\n", 1)[1]
    assert written == csvtext.compare_line(cells, len(LOSS_COLUMNS)) + "\n"
