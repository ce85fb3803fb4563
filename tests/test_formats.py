"""Every format of every read command against expected files; the JSON shape; exports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest
from conftest import DATA, FIXTURES, assert_expected, record_files
from hypothesis import given, settings
from hypothesis import strategies as st

from battles.render.data import JSON_SCHEMA_VERSION

VIEWS = str(FIXTURES / "views")
COMMANDS = {
    "list": ["list"],
    "show": ["show", "testville"],
    "compare": ["compare", "--casualties"],
    "timeline": ["timeline", "1941"],
    "search": ["search", "testville"],
}
EXT = {"json": "json", "csv": "csv", "markdown": "md"}


@pytest.mark.parametrize("fmt", sorted(EXT))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_format_of_every_command(run, command: str, fmt: str) -> None:
    result = run("--data-dir", VIEWS, *COMMANDS[command], "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert_expected(f"{command}.{EXT[fmt]}", result.stdout)


def _figures(value: object):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        if "form" in value and "low" in value:
            yield value
        for item in value.values():
            yield from _figures(item)
    elif isinstance(value, list):
        for item in value:
            yield from _figures(item)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_json_shape(run, command: str) -> None:
    document = json.loads(run("--data-dir", VIEWS, *COMMANDS[command], "-f", "json").stdout)
    assert document["schema_version"] == JSON_SCHEMA_VERSION == 3
    assert document["view"] == command
    for figure in _figures(document):
        assert {"low", "high", "approx", "text", "shown", "source", "form"} <= set(figure)


def test_json_keeps_ranges_and_sources(run) -> None:
    document = json.loads(run("--data-dir", VIEWS, "show", "testville", "-f", "json").stdout)
    wounded = document["record"]["sides"][0]["casualties"]["wounded"]
    assert (wounded["low"], wounded["high"], wounded["form"]) == (16, 20, "range")
    killed = document["record"]["sides"][1]["casualties"]["killed"]
    assert killed["form"] == "disputed"
    assert [(e["low"], e["source"]) for e in killed["estimates"]] == [(8, ["s1"]), (18, ["s2"])]


def test_json_keeps_control_characters_exact(run) -> None:
    document = json.loads(run("--data-dir", VIEWS, "show", "testville", "-f", "json").stdout)
    assert "\x1b[31mred\x1b[0m" in document["record"]["summary"]


def test_csv_splits_figures_and_blocks_formulas(run) -> None:
    rows = list(csv.reader(io.StringIO(run("--data-dir", VIEWS, "compare", "-f", "csv").stdout)))
    header = rows[0]
    assert header[5:13] == [
        "killed_form",
        "killed_low",
        "killed_high",
        "killed_text",
        "wounded_form",
        "wounded_low",
        "wounded_high",
        "wounded_text",
    ]
    assert all(len(row) == len(header) for row in rows)
    # Testville's Attackers: killed disputed 8 / 18 stays disputed, never a range 8,18.
    defenders = next(row for row in rows if row[3] == "Attackers")
    assert defenders[5:9] == ["disputed", "8", "18", "8 / 18"]
    not_stated = next(row for row in rows if row[3] == "Garrison")
    assert not_stated[5:9] == ["not_stated", "", "", ""]


def test_csv_formula_injection(run, tmp_path: Path) -> None:
    text = (FIXTURES / "good" / "skirmish-at-example-ford.yaml").read_text("utf-8")
    (tmp_path / "x.yaml").write_text(
        text.replace("name: Skirmish at Example Ford", 'name: "=HYPERLINK(1)"'), "utf-8"
    )
    out = run("--data-dir", str(tmp_path), "list", "-f", "csv").stdout
    assert "'=HYPERLINK(1)" in out
    assert "\n=HYPERLINK" not in out and ",=HYPERLINK" not in out


def test_output_file(run, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = run("--data-dir", VIEWS, "list", "-f", "json", "--output", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(target.read_text("utf-8"))["view"] == "list"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_svg_and_html(run, tmp_path: Path) -> None:
    svg, html = tmp_path / "c.svg", tmp_path / "c.html"
    result = run("--data-dir", VIEWS, "compare", "--svg", str(svg), "--html", str(html))
    assert result.exit_code == 0
    assert "Battle / side" in result.stdout
    assert svg.read_text("utf-8").startswith("<svg")
    assert "Besiegers" in html.read_text("utf-8")


def test_svg_with_format_is_a_usage_error(run, tmp_path: Path) -> None:
    result = run("list", "-f", "json", "--svg", str(tmp_path / "x.svg"))
    assert result.exit_code == 2


def test_search_ignores_case_and_accents(run) -> None:
    result = run("search", "lukacevic", "-f", "json")
    hits = json.loads(result.stdout)["hits"]
    assert {
        "battle": "battle-of-novi-pazar",
        "battle_name": "Battle of Novi Pazar",
        "field": "Chetniks and Partisans › commander",
        "path": "sides[1].commanders[1].name",
        "text": "Vojislav Lukačević",
    } in hits


def test_search_nothing_found(run) -> None:
    result = run("--data-dir", VIEWS, "search", "zeppelin")
    assert result.exit_code == 0
    assert "0 hits in 0 records" in result.stdout


# -- export ------------------------------------------------------------------------------------


def test_export_sqlite_is_queryable(run, tmp_path: Path) -> None:
    db = tmp_path / "battles.db"
    result = run("export", str(db), "--format", "sqlite")
    assert result.exit_code == 0, result.stderr
    connection = sqlite3.connect(db)
    rows = connection.execute(
        "SELECT b.name, s.name, f.low, f.high FROM figures f JOIN battles b ON b.id = f.battle_id "
        "JOIN sides s ON s.id = f.side_id WHERE f.measure = 'wounded' AND f.parent_id IS NULL "
        "AND f.phase_id IS NULL ORDER BY b.start, s.id"
    ).fetchall()
    assert ("Attack on Kruševac", "Axis", 16, 20) in rows
    cited = connection.execute(
        "SELECT count(*) FROM citations c JOIN sources s ON s.id = c.source_id"
    ).fetchone()[0]
    assert cited > 0
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()


def test_export_refuses_to_overwrite(run, tmp_path: Path) -> None:
    target = tmp_path / "battles.json"
    target.write_text("keep me", "utf-8")
    result = run("export", str(target))
    assert result.exit_code == 1
    assert "already exists; add --force" in result.stderr
    assert target.read_text("utf-8") == "keep me"
    # --force replaces an earlier export only: this file is not one
    result = run("export", str(target), "--force")
    assert result.exit_code == 1
    assert "is not an earlier json export; not replaced, even with --force" in result.stderr
    assert target.read_text("utf-8") == "keep me"
    target.unlink()
    assert run("export", str(target)).exit_code == 0
    assert run("export", str(target), "--force").exit_code == 0
    assert json.loads(target.read_text("utf-8"))["schema_version"] == JSON_SCHEMA_VERSION
    assert [p.name for p in tmp_path.iterdir()] == ["battles.json"]


def test_export_csv_directory_and_geojson(run, tmp_path: Path) -> None:
    assert run("export", str(tmp_path / "csv"), "-f", "csv").exit_code == 0
    names = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert "battles.csv" in names and "figures.csv" in names
    assert run("export", str(tmp_path / "csv"), "-f", "csv").exit_code == 1
    assert run("export", str(tmp_path / "csv"), "-f", "csv", "--force").exit_code == 0
    assert run("export", str(tmp_path / "map.geojson"), "-f", "geojson").exit_code == 0
    geo = json.loads((tmp_path / "map.geojson").read_text("utf-8"))
    assert geo["type"] == "FeatureCollection"
    with_coordinates = {"siege-of-kraljevo", "kragujevac-massacre", "operation-uzice"}
    assert {f["properties"]["id"] for f in geo["features"]} == with_coordinates
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "map.geojson"]


def test_interrupted_export_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from battles import loading
    from battles.render import export

    target = tmp_path / "battles.db"
    export.export(loading.load([DATA]), target, "sqlite", force=False)
    before = target.read_bytes()

    def boom(dataset: object, path: Path, *roots: object) -> None:
        path.write_text("half", "utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "write_sqlite", boom)
    with pytest.raises(KeyboardInterrupt):
        export.export(loading.load([DATA]), target, "sqlite", force=True)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["battles.db"]


# -- schema --------------------------------------------------------------------------------------


def test_schema_validates_the_bundled_records(run) -> None:
    from battles.loading.yamlsrc import parse

    schema = json.loads(run("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in record_files(DATA):
        data, _ = parse(path.read_text("utf-8"), path.name)
        assert [e.message for e in validator.iter_errors(data)] == [], path.name


def test_schema_rejects_a_misspelt_key(run) -> None:
    schema = json.loads(run("schema").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    record = {
        "schema_version": 1,
        "name": "x",
        "kind": "battle",
        "start": "1941",
        "place": {"name": "x"},
        "sides": [{"id": "a", "name": "A"}, {"id": "b", "name": "B", "casualites": {}}],
        "sources": [{"id": "s", "title": "t"}],
    }
    assert any("casualites" in e.message for e in validator.iter_errors(record))


CELLS = st.one_of(
    st.none(),
    st.integers(-(10**9), 10**9),
    st.booleans(),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30),
)


@given(
    rows=st.lists(st.lists(CELLS, min_size=3, max_size=3), max_size=20),
    chunk=st.integers(1, 5),
)
@settings(max_examples=300, deadline=None)
def test_csv_reads_back_as_written(rows: list[list[object]], chunk: int) -> None:
    """Whatever the cells hold, a CSV reader gets each back: text guarded against formulas,
    None empty, numbers and true/false as text; however the output is cut in pieces."""
    from battles.render import formats
    from battles.render.data import Tabular, cell_text

    text = "".join(formats.tabular_csv(Tabular(["a", "b", "c"], rows), chunk))
    parsed = list(csv.reader(io.StringIO(text, newline="")))

    def expected(cell: object) -> str:
        if isinstance(cell, int) and not isinstance(cell, bool):
            return str(cell)
        return formats.safe_cell(cell_text(cell)) if cell is not None else ""  # type: ignore[arg-type]

    assert parsed == [["a", "b", "c"], *([expected(c) for c in row] for row in rows)]


def test_csv_quotes_what_needs_quoting() -> None:
    from battles.render.formats import csv_field

    assert [
        csv_field(c) for c in ["plain", "a,b", 'say "x"', "a\nb", "a\rb", "=1+1", "", None]
    ] == [
        "plain",
        '"a,b"',
        '"say ""x"""',
        '"a\nb"',
        '"a\rb"',
        "'=1+1",
        "",
        "",
    ]
    assert [csv_field(c) for c in [-5, 2.5, True]] == ["-5", "2.5", "true"]


@pytest.mark.parametrize("source", ["bundled", "empty", "generated"])
def test_export_json_in_pieces_is_the_whole_document_formatted(source: str, tmp_path: Path) -> None:
    from battles import loading
    from battles.render.data import JSON_SCHEMA_VERSION, record_data
    from battles.render.export import dataset_json
    from battles.render.formats import json_text

    if source == "bundled":
        directory = DATA
    else:
        directory = tmp_path / "data"
        directory.mkdir()
        if source == "generated":
            from bench.generate import generate

            generate(directory, 4, seed=3)
    dataset = loading.load([directory])
    whole = json_text(
        {
            "schema_version": JSON_SCHEMA_VERSION,
            "records": [record_data(e.record) for e in dataset.records],
        }
    )
    assert "".join(dataset_json(dataset)) == whole


def test_export_tables_in_batches_are_the_tables_in_one() -> None:
    from battles import loading
    from battles.render.export import SCHEMA, table_batches

    dataset = loading.load([DATA])
    (whole,) = [b for b in table_batches(dataset, size=10**6) if any(b.values())]
    joined: dict[str, list[object]] = {name: [] for name in SCHEMA}
    for batch in table_batches(dataset, size=2):
        for name, rows in batch.items():
            joined[name] += rows
    assert joined == whole
    assert len(whole["battles"]) == len(dataset)
