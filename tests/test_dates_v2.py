"""Dates of schema version 2 through the commands (issue 15): BC dates, approximate dates,
parts of periods, seasons, decades, centuries, times of day and the duration of the fighting,
in records, in every view and in every export; and version 1 records kept to their forms."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES

ANCIENT = FIXTURES / "ancient"

V1 = """\
schema_version: 1
name: Skirmish at Year Ford
kind: battle
start: {start}
place: {{name: Ford}}
sides:
  - {{id: a, name: A}}
  - {{id: b, name: B}}
sources:
  - {{id: s1, title: A source}}
"""


def write(tmp_path: Path, text: str, name: str = "skirmish-at-year-ford.yaml") -> Path:
    directory = tmp_path / "data"
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")
    return directory


def test_the_ancient_fixtures_validate(run) -> None:  # type: ignore[no-untyped-def]
    result = run("--data-dir", str(ANCIENT), "validate")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout


def test_every_bundled_record_keeps_its_dates() -> None:
    """The version 1 records load unchanged: every date still reads the ISO way."""
    from battles import loading

    dataset = loading.load([DATA, FIXTURES / "good", FIXTURES / "views"])
    assert len(dataset.records) > 10
    for entry in dataset.records:
        record = entry.record
        assert record.schema_version == 1
        assert record.start.plain and (record.end is None or record.end.plain)
        assert all(e.date is None or e.date.plain for e in record.events)


@pytest.mark.parametrize(
    "start", ["490 BC", "c. 1200", "late September 1941", "23 September 1941", "spring 1863"]
)
def test_a_version_2_date_in_a_version_1_record_is_an_error(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, start: str
) -> None:
    data = write(tmp_path, V1.format(start=start))
    result = run("--data-dir", str(data), "validate")
    assert result.exit_code == 1
    assert "start:" in result.stdout
    assert "schema_version: 2" in result.stdout
    assert "skirmish-at-year-ford.yaml:4:" in result.stdout
    # the same record says version 2: valid
    data = write(tmp_path, V1.format(start=start).replace("schema_version: 1", "schema_version: 2"))
    result = run("--data-dir", str(data), "validate")
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize("start", ["0000", "0 BC", "AD 0"])
def test_year_0_is_an_error(run, tmp_path: Path, version: int, start: str) -> None:  # type: ignore[no-untyped-def]
    text = V1.format(start=f'"{start}"').replace("schema_version: 1", f"schema_version: {version}")
    result = run("--data-dir", str(write(tmp_path, text)), "validate")
    assert result.exit_code == 1
    if version == 2 or start == "0000":
        assert "year 0, which does not exist" in result.stdout


def test_duration_needs_version_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = V1.format(start="1941-09-23") + "duration: 3 days\n"
    result = run("--data-dir", str(write(tmp_path, text)), "validate")
    assert result.exit_code == 1
    assert "duration" in result.stdout and "schema_version: 2" in result.stdout


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("three days", "cannot read 'three days' as a duration"),
        ("{value: 2 days, source: nope}", "nope"),
        ("{value: 2 days, colour: red}", "colour"),
        # The keys a file may write are named, not the ones the class holds inside (a hint
        # of "did you mean low?" for 'low' itself once misled).
        ("{value: 2 days, low: 2}", "unknown key 'low' (known keys: value, text, note, source)"),
        ("{vlaue: 2 days}", "unknown key 'vlaue' (did you mean value?)"),
        ("{text: long}", "value"),
        ("3", "expected a duration"),
    ],
)
def test_bad_durations_are_reported(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, value: str, message: str
) -> None:
    text = V1.format(start="1941-09-23").replace("schema_version: 1", "schema_version: 2")
    result = run("--data-dir", str(write(tmp_path, text + f"duration: {value}\n")), "validate")
    assert result.exit_code == 1
    assert message in result.stdout
    assert "duration" in result.stdout


def test_show_gives_bc_dates_times_and_the_fighting(run) -> None:  # type: ignore[no-untyped-def]
    result = run("--data-dir", str(ANCIENT), "show", "oldtown")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "12–14 Aug 490 BC" in out
    assert "c. 490 BC" in out
    assert "2–3 days" in out and "“two or three days of fighting” [1]" in out
    # events in order, the time of day shown, the season and the part of a month too
    order = [
        out.index(text)
        for text in ("summer 490 BC", "12 Aug 490 BC  ", "12 Aug 490 BC, 05:30", "late August")
    ]
    assert order == sorted(order)


def test_list_sorts_bc_before_ad(run) -> None:  # type: ignore[no-untyped-def]
    result = run("--data-dir", str(ANCIENT), "--data-dir", str(DATA), "list", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows[:3]] == [
        "battle-of-oldtown",
        "raid-of-midtown",
        "siege-of-newtown",
    ]
    assert (rows[0]["start"], rows[1]["start"], rows[2]["end"]) == (
        "490-08-12 BC",
        "mid 5th century BC",
        "spring 10",
    )
    assert rows[3]["start"].startswith("1941")


def test_list_and_compare_show_the_new_forms(run) -> None:  # type: ignore[no-untyped-def]
    out = run("--data-dir", str(ANCIENT), "list").stdout
    assert "12–14 Aug 490" in out and "mid 5th" in out and "AD 9 – spring" in out
    result = run("--data-dir", str(ANCIENT), "compare", "oldtown", "newtown")
    assert result.exit_code == 0, result.stderr


def test_timeline_axis_names_centuries_and_years_bc(run) -> None:  # type: ignore[no-untyped-def]
    result = run("--data-dir", str(ANCIENT), "timeline")
    assert result.exit_code == 0, result.stderr
    axis = result.stdout.splitlines()[1]
    assert "450 BC" in axis and "50 BC" in axis  # every 50 years fits in 100 columns
    assert result.stdout.index("Battle of Oldtown") < result.stdout.index("Siege of Newtown")
    both = ("--data-dir", str(ANCIENT), "--data-dir", str(DATA), "timeline")
    result = run(*both, "5th century BC..19th century")
    assert result.stdout.splitlines()[0] == "Timeline 5th century BC – 19th century"
    axis = result.stdout.splitlines()[1].split()
    assert axis[:4] == ["5th", "c.", "BC", "5th"]  # 5th c. BC, then 5th c. (AD)
    assert "10th" in axis and "15th" in axis
    result = run("--data-dir", str(ANCIENT), "timeline", "492 BC..488 BC")
    axis = result.stdout.splitlines()[1]
    assert "491 BC" in axis and "490 BC" in axis and "489 BC" in axis
    assert "Siege of Newtown" not in result.stdout
    result = run("--data-dir", str(ANCIENT), "timeline", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    dates = [(r["date"], r["precision"]) for r in rows]
    assert ("490-08-12 BC 05:30", "day") in dates
    assert dates[0] == ("summer 490 BC", "season")
    assert ("mid 5th century BC", "century") in dates


def test_json_and_sqlite_exports_hold_the_dates(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("--data-dir", str(ANCIENT), "show", "oldtown", "-f", "json")
    record = json.loads(result.stdout)["record"]
    assert record["start"] == "490-08-12 BC"
    assert record["duration"]["low"] == 2 and record["duration"]["unit"] == "days"
    assert record["events"][1]["date"] == "490-08-12 BC 05:30"
    path = tmp_path / "out.sqlite"
    result = run("--data-dir", str(ANCIENT), "export", str(path), "--format", "sqlite")
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT id, start, start_precision, duration, duration_low_hours, duration_high_hours"
            " FROM battles ORDER BY start_day"
        ).fetchall()
    assert rows == [
        ("battle-of-oldtown", "490-08-12 BC", "day", "2–3 days", 48.0, 72.0),
        ("raid-of-midtown", "mid 5th century BC", "century", None, None, None),
        ("siege-of-newtown", "0009", "year", "14 hours", 14.0, 14.0),
    ]


def test_the_period_of_a_timeline_takes_bc_dates(run) -> None:  # type: ignore[no-untyped-def]
    result = run("--data-dir", str(ANCIENT), "timeline", "0 BC..AD 10")
    assert result.exit_code == 2
    assert "year 0" in result.stderr


def test_the_json_schema_takes_every_date_form() -> None:
    from battles.jsonschema import DATE, DATE_V2, DURATION

    forms = ["490 BC", "15 March 44 BC", "44-03-15 BC 05:30", "c. 1200", "late September 1941"]
    forms += ["spring 1863", "1860s", "5th century BC", "1941-09-23T05:30", "mid-1860s", "AD 9"]
    for text in forms:
        assert not re.search(DATE, text) and re.search(DATE_V2, text), text
    for text in ["3 days", "2-3 days", "2.5 days", "14 hours", "2 to 3 weeks"]:
        assert re.search(DURATION, text), text


def test_the_documented_dates_example_reads() -> None:
    import yaml

    from battles.dates import parse_date, parse_duration

    doc = (FIXTURES.parent.parent / "docs" / "record-format.md").read_text("utf-8")
    section = doc.split("## Dates\n")[1].split("\n## ")[0]
    example = yaml.safe_load(section.split("```yaml\n")[1].split("```")[0])
    assert example["schema_version"] == 2
    assert parse_date(example["start"]) < parse_date(example["end"])
    assert parse_duration(example["duration"]["value"]) == (2, 3, "days")
    for event in example["events"]:
        assert parse_date(event["date"]).year == -489
    rows = section.split("\n| ")[2:]  # the table's example forms all read
    forms = [text for row in rows for text in re.findall(r"`([^`]+)`", row.split(" | ")[1])]
    words = {"early", "mid", "late", "beginning of", "end of", "fall", "24:00", "00:00"}
    assert "23 September 1941" in forms and "5th century BC" in forms
    for text in forms:
        if text not in words:
            parse_date(text)
