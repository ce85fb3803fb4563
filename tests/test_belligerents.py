"""The belligerents' table: one name for the same belligerent spelt differently, used by
--belligerent and stats --by belligerent, and checked by validate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DATA, FIXTURES
from hypothesis import given
from hypothesis import strategies as st

from battles.belligerents import TABLE_NAME, Belligerents, Group, read_table
from battles.loading import load

TABLE = Belligerents(
    [
        Group(name="Germany", aliases=("German Army", "Germans", "Wehrmacht")),
        Group(name="Yugoslav Partisans", aliases=("Partisans",)),
    ]
)


@pytest.mark.parametrize(
    ("spelling", "group"),
    [
        ("German Army", "Germany"),
        ("GERMANS", "Germany"),
        ("wehrmacht", "Germany"),
        ("Germany", "Germany"),
        ("Partisans (from 20 September)", "Yugoslav Partisans"),  # a qualifier set aside
        ("Partisans ", "Yugoslav Partisans"),
        ("Chetniks", "Chetniks"),  # in no group: itself
        ("Germany (Wehrmacht)", "Germany"),
        ("Serbia (Nedić)", "Serbia (Nedić)"),  # in no group, with or without its qualifier
    ],
)
def test_canonical(spelling: str, group: str) -> None:
    assert TABLE.canonical(spelling) == group


@pytest.mark.parametrize(
    ("wanted", "names", "found"),
    [
        ("Wehrmacht", ["German Army"], True),  # the same group
        ("Germany", ["Germans", "Chetniks"], True),
        ("German", ["Germans"], False),  # not a substring
        ("German", ["German Wehrmacht garrison in Krupanj"], True),  # a whole word
        ("Mihailovic", ["Draža Mihailović"], True),  # a person, by a word of the name
        ("Mihailovic Draza", ["Draža Mihailović"], True),  # words in any order
        ("Draza Pecanac", ["Draža Mihailović"], False),
        ("Chetniks", ["Pećanac Chetniks"], True),
        ("Italy", ["Germans"], False),
    ],
)
def test_matches(wanted: str, names: list[str], found: bool) -> None:
    assert TABLE.matches(wanted, names) is found


@given(st.text(max_size=40))
def test_canonical_is_stable(text: str) -> None:
    once = TABLE.canonical(text)
    assert TABLE.canonical(once) == once


def _dataset(tmp_path: Path, table: object | None) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "views", data)
    if table is not None:
        text = table if isinstance(table, str) else yaml.safe_dump(table, allow_unicode=True)
        (data / TABLE_NAME).write_text(text, encoding="utf-8")
    return data


def _groups(run, data: Path) -> dict[str, dict]:
    out = run("--data-dir", str(data), "stats", "--by", "belligerent", "--format", "json")
    assert out.exit_code == 0, out.stderr
    return {g["group"]: g for g in json.loads(out.stdout)["groups"]}


def test_stats_by_belligerent_follows_the_table(run, tmp_path: Path) -> None:
    plain = _groups(run, _dataset(tmp_path / "a", None))
    assert set(plain) == {"(none)", "Kingdom of Test", "Test Rebels"}
    table = {
        "schema_version": 1,
        "belligerents": [{"name": "Testers", "aliases": ["Kingdom of Test", "Test Rebels"]}],
    }
    grouped = _groups(run, _dataset(tmp_path / "b", table))
    assert set(grouped) == {"(none)", "Testers"}
    # The one record where both fight counts once, with both sides' strength in the group.
    assert plain["Kingdom of Test"]["records"] == plain["Test Rebels"]["records"] == 1
    assert grouped["Testers"]["records"] == 1
    low = [plain[g]["strength"]["sum"]["low"] for g in ("Kingdom of Test", "Test Rebels")]
    assert grouped["Testers"]["strength"]["sum"]["low"] == sum(low)


def test_belligerent_filter_uses_the_table(run, tmp_path: Path) -> None:
    table = {
        "schema_version": 1,
        "belligerents": [{"name": "Testland", "aliases": ["Kingdom of Test"]}],
    }
    data = _dataset(tmp_path, table)
    out = run("--data-dir", str(data), "list", "--belligerent", "testland", "--format", "json")
    assert out.exit_code == 0, out.stderr
    assert [r["id"] for r in json.loads(out.stdout)["records"]] == ["battle-of-testville"]
    # Without the table the spelling is only its own words.
    bare = _dataset(tmp_path / "bare", None)
    out = run("--data-dir", str(bare), "list", "--belligerent", "testland", "--format", "json")
    assert json.loads(out.stdout)["records"] == []
    out = run("--data-dir", str(bare), "list", "--belligerent", "King", "--format", "json")
    assert json.loads(out.stdout)["records"] == []  # no longer a substring match


def test_the_table_is_not_a_record(tmp_path: Path) -> None:
    data = _dataset(tmp_path, {"schema_version": 1, "belligerents": [{"name": "X"}]})
    dataset = load([data])
    assert not dataset.problems
    assert len(dataset.records) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "schema_version: 1\nbelligerents:\n  - name: A\n    alias: [B]\n",
            "unknown key 'alias' (did you mean aliases?)",
        ),
        ("schema_version: 1\nbelligerents:\n  - aliases: [B]\n", "missing required key 'name'"),
        ("schema_version: 3\n", "schema_version"),
        (
            "schema_version: 1\nbelligerents:\n  - {name: A, aliases: [B]}\n  - {name: C, aliases: [b]}\n",
            "'b' is already in the group 'A'",
        ),
    ],
)
def test_validate_reports_a_bad_table(run, tmp_path: Path, text: str, message: str) -> None:
    data = _dataset(tmp_path, text)
    out = run("--data-dir", str(data), "validate")
    assert out.exit_code == 1
    assert message in out.stdout
    assert f"{TABLE_NAME}:" in out.stdout
    # The commands that read the table stop on it: a grouping half read would mislead.
    out = run("--data-dir", str(data), "list", "--belligerent", "A")
    assert (out.exit_code, out.stdout) == (1, "")
    assert out.stderr.count("\n") == 1 and message in out.stderr
    assert run("--data-dir", str(data), "list").exit_code == 0  # the others do not read it


def test_a_clash_names_its_line(tmp_path: Path) -> None:
    text = "schema_version: 1\nbelligerents:\n  - {name: A}\n  - {name: B, aliases: [A]}\n"
    (tmp_path / TABLE_NAME).write_text(text, encoding="utf-8")
    _, problems = read_table([tmp_path])
    [problem] = problems
    assert (problem.location.line, problem.location.column) == (4, 5)
    assert problem.location.field == "belligerents[1]"


def test_the_bundled_table_names_spellings_the_records_use() -> None:
    """Every spelling in data/'s table is one a record writes: a table that drifts from
    the records fails here."""
    table, problems = read_table([DATA])
    assert not problems and len(table) >= 3
    used = {
        b
        for entry in load([DATA]).records
        for side in entry.record.sides
        for b in side.belligerents
    }
    raw = yaml.safe_load((DATA / TABLE_NAME).read_text(encoding="utf-8"))
    for group in raw["belligerents"]:
        for spelling in group.get("aliases", []):
            assert spelling in used, spelling
