"""The analysis commands (issue 17): ratios, disputes, sources, people, units, stats and
cite; each against expected output on the fixtures, checked by hand where it computes, and
through its error paths."""

from __future__ import annotations

import json

import pytest
from conftest import DATA, FIXTURES, assert_expected, cache_store
from hypothesis import given
from hypothesis import strategies as st

from battles.dates import PartialDate
from battles.questions import disputes as disputes_q
from battles.questions import people as people_q
from battles.questions import ratios as ratios_q
from battles.questions import records as records_q
from battles.questions import sources as sources_q
from battles.questions import spans as spans_q
from battles.questions import units as units_q

VIEWS = str(FIXTURES / "views")
EXT = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md"}

COMMANDS: dict[str, list[str]] = {
    "ratios": ["compare", "--ratios"],
    "disputes": ["disputes"],
    "sources": ["sources"],
    "sources-testville": ["sources", "testville"],
    "people": ["people"],
    "units": ["units"],
    "stats": ["stats"],
    "stats-side": ["stats", "--by", "side", "--sort", "losses"],
}

QUESTION = {"disputes": disputes_q, "sources": sources_q, "people": people_q, "units": units_q}


@pytest.mark.parametrize("fmt", sorted(EXT))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_format(run, command: str, fmt: str) -> None:
    result = run("--data-dir", VIEWS, *COMMANDS[command], "--format", fmt, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert_expected(f"{command}.{EXT[fmt]}", result.stdout)
    if fmt == "table":
        assert max(len(line) for line in result.stdout.splitlines()) <= 80
        assert "\x1b" not in result.stdout


# -- ratios ------------------------------------------------------------------------------------


def _rows(run, *args: str) -> dict[str, dict]:
    result = run("--data-dir", VIEWS, "compare", "--ratios", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {row["battle"]: row for row in json.loads(result.stdout)["rows"]}


def test_ratios_by_hand(run) -> None:
    rows = _rows(run)
    # Exampleburg: garrison 500 vs besiegers ~4,000; losses 40 vs > 100 killed (wounded
    # unknown: at least 101); 23 Sep – 2 Oct 1941 is 10 days.
    ex = rows["siege-of-exampleburg"]
    assert (ex["force_ratio"]["low"], ex["force_ratio"]["high"]) == (0.125, 0.125)
    assert ex["loss_exchange"]["low"] == 0 and ex["loss_exchange"]["high"] == pytest.approx(
        40 / 101
    )
    assert ex["first_loss_share"]["low"] == ex["first_loss_share"]["high"] == 0.08
    assert ex["second_loss_share"]["low"] == pytest.approx(101 / 4000)
    assert ex["second_loss_share"]["high"] is None  # the losses have no ceiling
    assert (ex["days"]["low"], ex["days"]["high"]) == (10, 10)
    assert (
        ex["losses_per_day"]["low"] == pytest.approx(14.1) and ex["losses_per_day"]["high"] is None
    )
    # Testville: defenders >= 550 (a part unknown) vs attackers 2,000–3,000 or 1,000–10,000
    # (disputed: the span of the estimates); losses > 49 vs 8 / 18 killed + 74 wounded.
    tv = rows["battle-of-testville"]
    assert tv["force_ratio"]["low"] == pytest.approx(550 / 10_000)
    assert tv["force_ratio"]["high"] is None
    assert tv["loss_exchange"]["low"] == pytest.approx(50 / 92)
    assert tv["second_loss_share"]["low"] == pytest.approx(82 / 10_000)
    assert tv["second_loss_share"]["high"] == pytest.approx(92 / 1_000)
    # November – December 1941: 2 to 61 days.
    assert (tv["days"]["low"], tv["days"]["high"]) == (2, 61)


def test_ratios_sort_and_limit(run) -> None:
    assert list(_rows(run, "--sort", "force")) == ["siege-of-exampleburg", "battle-of-testville"]
    assert list(_rows(run, "--sort", "days")) == ["battle-of-testville", "siege-of-exampleburg"]
    assert list(_rows(run, "--sort", "days", "--reverse")) == [
        "siege-of-exampleburg",
        "battle-of-testville",
    ]
    result = run("--data-dir", VIEWS, "compare", "--ratios", "--limit", "1", "--format", "json")
    data = json.loads(result.stdout)
    assert data["total"] == 2 and len(data["rows"]) == 1


def test_ratios_unknown_stays_unknown(run) -> None:
    result = run("compare", "--ratios", "valjevo", "--format", "json")
    row = json.loads(result.stdout)["rows"][0]
    # The siege's end is not stated and no figure is: nothing to divide.
    assert row["days"] is None and row["losses_per_day"] is None and row["force_ratio"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sort", "bogus"], "'bogus' is not one of 'killed'"),  # the choices, named
        (["--sort", "killed"], "cannot sort ratios by 'killed'"),
        (["--strength"], "--ratios has its own columns"),
        (["--by", "battle"], "--ratios has its own columns"),
    ],
)
def test_ratios_usage_errors(run, args: list[str], message: str) -> None:
    result = run("--data-dir", VIEWS, "compare", "--ratios", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_ratios_unknown_battle(run) -> None:
    result = run("--data-dir", VIEWS, "compare", "--ratios", "atlantis")
    assert result.exit_code == 1 and "no battle matches 'atlantis'" in result.stderr


@pytest.mark.parametrize(
    ("start", "end", "unknown", "expected"),
    [
        (PartialDate(1941, 9, 23), PartialDate(1941, 10, 2), False, (10.0, 10.0)),
        (PartialDate(1941, 9, 23), None, False, (1.0, 1.0)),
        (PartialDate(1941, 11), None, False, (1.0, 30.0)),
        (PartialDate(1941, 11), PartialDate(1941, 12), False, (2.0, 61.0)),
        (PartialDate(1941, 9, 10), None, True, None),
    ],
)
def test_durations(start, end, unknown, expected) -> None:
    assert ratios_q.duration(start, end, unknown) == expected


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ((0.125, 0.125), "0.12"),
        ((1.66, 2.41), "1.6–2.5"),
        ((0.5, None), "≥ 0.50"),
        ((12.0, 40.5), "12–41"),
        (None, None),
    ],
)
def test_ratio_text_rounds_outward(value, shown) -> None:
    assert spans_q.format_ratio(value) == shown


def test_ratios_on_the_bundled_data(run) -> None:
    result = run("compare", "--ratios", "krusevac", "--format", "json")
    row = json.loads(result.stdout)["rows"][0]
    # Axis >= 1,050 against the rebels' 2,000–3,000 (or 1,000–10,000 in one source).
    assert row["force_ratio"]["low"] == pytest.approx(1050 / 10_000)
    assert row["force_ratio"]["high"] is None
    # Losses 44–48 against 91, over the 5 days of 23–27 September.
    assert row["loss_exchange"]["low"] == pytest.approx(44 / 91)
    assert row["loss_exchange"]["high"] == pytest.approx(48 / 91)
    assert (row["days"]["low"], row["days"]["high"]) == (5, 5)


# -- disputes, sources, people, units -----------------------------------------------------------


def _json(run, *args: str) -> dict:
    result = run("--data-dir", VIEWS, *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict = json.loads(result.stdout)
    return data


def test_disputes_keep_every_version_with_its_source(run) -> None:
    rows = _json(run, "disputes", "testville")["rows"]
    kinds = [(r["kind"], r["field"]) for r in rows]
    assert kinds == [
        ("dating", "dates"),
        ("figure", "Attackers · strength"),
        ("figure", "Attackers · casualties.killed"),
        ("disagreement", "Killed"),
    ]
    killed = rows[2]["claims"]
    assert [(c["shown"], c["source"]) for c in killed] == [("8", ["s1"]), ("18", ["s2"])]
    strength = rows[1]["claims"]
    # The figure's own value and the other source's estimate, each with its own source.
    assert [(c["shown"], c["source"]) for c in strength] == [
        ("2,000–3,000", ["s1"]),
        ("1,000–10,000", ["s2"]),
    ]
    assert rows[3]["source"] == ["s1", "s2"] and rows[3]["text"] == "8 or 18 [sic]"


def test_disputes_csv_has_a_line_per_version(run) -> None:
    import csv
    import io

    result = run("--data-dir", VIEWS, "disputes", "--format", "csv")
    lines = list(csv.DictReader(io.StringIO(result.stdout)))
    killed = [r for r in lines if r["field"] == "Attackers · casualties.killed"]
    assert [(r["version"], r["source"]) for r in killed] == [("8", "s1"), ("18", "s2")]


def test_disputes_of_a_record_without_any(run) -> None:
    data = _json(run, "disputes", "exampleburg")
    assert data["rows"] == [] and data["records"] == 1


def test_sources_count_what_they_support(run) -> None:
    data = _json(run, "sources")
    by_title = {s["title"]: s for s in data["sources"]}
    mirror = by_title["[link=http://evil]A mirror[/link]"]
    assert mirror["records"] == ["battle-of-testville"]
    assert mirror["figures"] == 1  # the civilians killed; its other claims are estimates
    assert mirror["citations"] == 5 and mirror["supports"] is None  # counts only
    # Exampleburg's figures cite nothing, not even through their block: none is counted.
    assert by_title["A book"]["figures"] == 0
    one = {s["title"]: s for s in _json(run, "sources", "testville")["sources"]}
    fields = [s["field"] for s in one["[link=http://evil]A mirror[/link]"]["supports"]]
    assert len(fields) == 5
    assert {"civilians.killed", "date_estimates[0]", "disagreements[0]"} <= set(fields)


def test_sources_group_one_source_across_records(run) -> None:
    result = run("sources", "--format", "json")
    rows = json.loads(result.stdout)["sources"]
    assert rows == sorted(rows, key=lambda r: -len(r["records"]))
    assert len(rows[0]["records"]) > 1  # one address cited by several records is one row
    urls = [r["url"] for r in rows if r["url"]]
    assert len(urls) == len(set(urls))


def test_people_career_in_date_order(run) -> None:
    rows = _json(run, "people", "ALPHA")["rows"]
    assert [(r["name"], r["fate"], r["side"]) for r in rows] == [
        ("General Alpha", "killed in action", "Defenders")
    ]
    beta = _json(run, "people", "colonel-beta")["rows"][0]
    assert beta["under"] == "General Alpha" and beta["fate"] == "captured"


def test_people_lookup_forgiving_and_dated(run) -> None:
    result = run("people", "pecanac", "--format", "json")
    rows = json.loads(result.stdout)["rows"]
    assert {r["name"] for r in rows} == {"Kosta Pećanac"}
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)


def test_units_where_they_fought(run) -> None:
    rows = _json(run, "units", "3rd")["rows"]
    assert rows[0]["within"] == ["1st Division", "2nd Regiment"]
    assert rows[0]["strength"]["low"] == 350 and rows[0]["strength"]["approx"] is True


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["people", "zzyzx"], 1, "no person matches 'zzyzx'"),
        (["people", "Genral Alpha"], 1, "did you mean 'General Alpha'?"),
        (["units", "nothing-like-it"], 1, "no unit matches 'nothing-like-it'"),
        (["disputes", "atlantis"], 1, "no battle matches 'atlantis'"),
        (["sources", "atlantis"], 1, "no battle matches 'atlantis'"),
        (["disputes", "testville", "--kind", "siege"], 2, "do not go together"),
        (["disputes", "--from", "1941-13"], 2, "1941-13"),
        (["people", "--svg", "x.svg", "--format", "json"], 2, "--svg and --html"),
    ],
)
def test_lookup_and_usage_errors(run, args: list[str], code: int, message: str) -> None:
    result = run("--data-dir", VIEWS, *args)
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.startswith("battles: error: ") and "Traceback" not in result.stderr


def test_filters_narrow_the_records(run) -> None:
    assert _json(run, "disputes", "--kind", "siege")["rows"] == []
    assert _json(run, "people", "--year", "1940")["rows"] == []
    assert len(_json(run, "units", "--place", "testville")["rows"]) == 3


def test_limit_says_how_many_there_were(run) -> None:
    data = _json(run, "units", "--limit", "1")
    assert len(data["rows"]) == 1 and data["total"] == 3
    result = run("--data-dir", VIEWS, "units", "--limit", "1", env={"COLUMNS": "80"})
    assert "showing 1 of 3 appearances" in result.stdout


# -- stats -------------------------------------------------------------------------------------


def test_stats_by_hand(run) -> None:
    group = _json(run, "stats")["groups"][0]
    assert group["group"] == "1941" and group["records"] == 2
    # Strength: 500 + ~4,000 (Exampleburg) and >= 550 + 1,000–10,000 (Testville, disputed).
    assert (group["strength"]["sum"]["low"], group["strength"]["sum"]["high"]) == (6050, None)
    # Losses: > 140 and > 131 are at least 141 and 132; their median at least 136.5.
    assert (group["losses"]["sum"]["low"], group["losses"]["sum"]["high"]) == (273, None)
    assert group["losses"]["median"] == {"low": 136.5, "high": None, "shown": "≥ 136"}
    # Civilians: 60–80 at Testville; Exampleburg states none.
    civilians = group["civilians"]
    assert (civilians["sum"]["low"], civilians["sum"]["high"]) == (60, 80)
    assert civilians["records_without"] == 1


@pytest.mark.parametrize(
    ("by", "labels"),
    [
        ("month", ["Sep 1941", "Nov 1941"]),
        ("decade", ["1940s"]),
        ("century", ["20th century"]),
        ("kind", ["battle", "siege"]),
        ("part_of", ["(none)", "A Larger War", "siege-of-exampleburg"]),
        ("belligerent", ["(none)", "Kingdom of Test", "Test Rebels"]),
    ],
)
def test_stats_groups(run, by: str, labels: list[str]) -> None:
    groups = _json(run, "stats", "--by", by)["groups"]
    assert [g["group"] for g in groups] == labels
    if by in ("month", "kind"):
        assert sum(g["records"] for g in groups) == 2


def test_stats_by_side_takes_each_sides_own_figures(run) -> None:
    groups = {g["group"]: g for g in _json(run, "stats", "--by", "side")["groups"]}
    garrison = groups["Garrison"]
    assert (garrison["strength"]["sum"]["low"], garrison["strength"]["sum"]["high"]) == (500, 500)
    assert (garrison["losses"]["sum"]["low"], garrison["losses"]["sum"]["high"]) == (40, 40)
    attackers = groups["Attackers"]["losses"]["sum"]
    assert (attackers["low"], attackers["high"]) == (82, 92)  # 8 / 18 killed + 74 wounded
    assert groups["Garrison"]["civilians"]["sum"] is None  # civilians are no side's


def test_stats_on_the_bundled_data_counts_every_record(run) -> None:
    data = json.loads(run("stats", "--by", "kind", "--format", "json").stdout)
    assert sum(g["records"] for g in data["groups"]) == data["records"] == 17
    sieges = json.loads(run("stats", "--kind", "siege", "--format", "json").stdout)
    assert sieges["records"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "colour"], "'colour' is not one of 'year', 'month'"),  # the choices, named
        (["--sort", "colour"], "'colour' is not one of 'group', 'count'"),
        (["--to", "soon"], "soon"),
    ],
)
def test_stats_usage_errors(run, args: list[str], message: str) -> None:
    result = run("--data-dir", VIEWS, "stats", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr


# -- cite --------------------------------------------------------------------------------------

CITE_EXT = {"text": "txt", "bibtex": "bib", "csl-json": "json", "ris": "ris"}


@pytest.mark.parametrize("fmt", sorted(CITE_EXT))
def test_cite_formats(run, fmt: str) -> None:
    result = run("--data-dir", VIEWS, "cite", "testville", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert_expected(f"cite-testville.{CITE_EXT[fmt]}", result.stdout)


def _bibtex_entries(text: str) -> dict[str, dict[str, str]]:
    import bibtexparser

    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return {e.key: {f.key: f.value for f in e.fields} for e in library.entries}


@pytest.mark.parametrize("name", ["krusevac", "kadinjaca", "uprising-in-serbia"])
def test_bibtex_imports_into_a_parser(run, name: str) -> None:
    from battles import loading

    record = next(r.record for r in loading.load([DATA]).records if name in r.record.key)
    entries = _bibtex_entries(run("cite", name, "--format", "bibtex").stdout)
    assert entries[f"battles-{record.key}"]["version"] == "0.1.0"
    assert len(entries) == 1 + len(record.sources)
    for source in record.sources:
        fields = entries[f"{record.key}-{source.id}"]
        if source.url:
            assert fields["url"].replace("%7B", "{").replace("%7D", "}") == source.url


@given(st.text(max_size=80))
def test_bibtex_escaping_keeps_any_title_whole(title: str) -> None:
    from battles.render.cite import bibtex_text

    entries = _bibtex_entries(f"@misc{{k,\n  title = {{{bibtex_text(title)}}}\n}}\n")
    assert "k" in entries  # braces balanced: the entry parses


def test_ris_and_csl_json_read_back(run) -> None:
    import rispy

    ris = rispy.loads(run("--data-dir", VIEWS, "cite", "testville", "--format", "ris").stdout)
    assert [r["type_of_reference"] for r in ris] == ["DATA", "ELEC", "GEN"]
    assert ris[1]["urls"] == ["https://example.org/test"]
    items = json.loads(run("--data-dir", VIEWS, "cite", "testville", "-f", "csl-json").stdout)
    assert [i["type"] for i in items] == ["dataset", "webpage", "document"]
    assert items[0]["version"] == "0.1.0"


V2 = str(FIXTURES / "v2")


@pytest.mark.parametrize("fmt", sorted(CITE_EXT))
@pytest.mark.parametrize("name", ["bandburg", "drawford"])
def test_cite_format_2_sources(run, name: str, fmt: str) -> None:
    result = run("--data-dir", V2, "cite", name, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert_expected(f"cite-{name}.{CITE_EXT[fmt]}", result.stdout)


def test_cite_a_book_of_format_2_in_every_format(run) -> None:
    """Drawford's source: a book by B. Writer and C. Writer, House, 2001, pages 12-14; each
    output holds each field where a reference manager reads it."""
    import rispy

    def cite(fmt: str) -> str:
        result = run("--data-dir", V2, "cite", "drawford", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    book = _bibtex_entries(cite("bibtex"))["siege-of-drawford-s"]
    assert book == {
        "title": "{A book}",
        "author": "{B. Writer} and {C. Writer}",
        "publisher": "House",
        "year": "2001",
        "pages": "12--14",
    }
    import bibtexparser

    (entry,) = [
        e
        for e in bibtexparser.parse_string(cite("bibtex")).entries
        if e.key == "siege-of-drawford-s"
    ]
    assert entry.entry_type == "book"
    items = {i["id"]: i for i in json.loads(cite("csl-json"))}
    assert items["siege-of-drawford-s"] == {
        "id": "siege-of-drawford-s",
        "type": "book",
        "title": "A book",
        "author": [{"literal": "B. Writer"}, {"literal": "C. Writer"}],
        "issued": {"date-parts": [[2001]]},
        "publisher": "House",
        "page": "12-14",
    }
    ris = {r["id"]: r for r in rispy.loads(cite("ris"))}
    got = ris["siege-of-drawford-s"]
    assert got["type_of_reference"] == "BOOK"
    assert got["authors"] == ["B. Writer", "C. Writer"]
    assert (got["publisher"], got["year"]) == ("House", "2001")
    assert (got["start_page"], got["end_page"]) == ("12", "14")


def test_cite_a_dataset_of_format_2_in_every_format(run) -> None:
    """Bandburg's source: the CDB90 dataset by Jeffrey Arnold, Example Press 1990, version
    e0b35ec, table data/battles.csv, row isqno 7, read on 2026-11-30."""
    import rispy

    def cite(fmt: str) -> str:
        result = run("--data-dir", V2, "cite", "bandburg", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    data = _bibtex_entries(cite("bibtex"))["battle-of-bandburg-cdb"]
    assert data["author"] == "{Jeffrey Arnold}"
    assert (data["version"], data["urldate"], data["year"]) == ("e0b35ec", "2026-11-30", "1990")
    assert data["note"] == "table data/battles.csv, row isqno 7"
    items = {i["id"]: i for i in json.loads(cite("csl-json"))}
    cdb = items["battle-of-bandburg-cdb"]
    assert cdb["type"] == "dataset"
    assert cdb["author"] == [{"literal": "Jeffrey Arnold"}]
    assert cdb["issued"] == {"date-parts": [[1990]]}
    assert cdb["accessed"] == {"date-parts": [[2026, 11, 30]]}
    assert (cdb["publisher"], cdb["version"]) == ("Example Press", "e0b35ec")
    assert cdb["note"] == "table data/battles.csv, row isqno 7"
    assert items["battles-battle-of-bandburg"]["type"] == "dataset"
    ris = {r["id"]: r for r in rispy.loads(cite("ris"))}
    got = ris["battle-of-bandburg-cdb"]
    assert got["type_of_reference"] == "DATA"
    assert got["authors"] == ["Jeffrey Arnold"]
    assert (got["publisher"], got["year"], got["edition"]) == ("Example Press", "1990", "e0b35ec")
    assert got["access_date"] == "2026-11-30"
    assert got["notes"] == ["table data/battles.csv, row isqno 7"]


@pytest.mark.parametrize(
    ("page", "first", "last"),
    [
        ("12-14", "12", "14"),
        ("12–14", "12", "14"),
        (" 12 -- 14 ", "12", "14"),
        ("xi-xv", "xi", "xv"),
        ("7", "7", None),
        ("A-3", "A-3", None),
        ("12, 15", "12, 15", None),
        ("1-2-3", "1-2-3", None),
    ],
)
def test_page_ranges(page: str, first: str, last: str | None) -> None:
    from battles.render.cite import page_range

    assert page_range(page) == (first, last)


def test_cite_to_a_file(run, tmp_path) -> None:
    target = tmp_path / "testville.bib"
    result = run("--data-dir", VIEWS, "cite", "testville", "-f", "bibtex", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text("utf-8").startswith("@misc{battles-battle-of-testville,")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["cite", "atlantis"], 1, "no battle matches 'atlantis'"),
        (["cite", "testville", "--format", "endnote"], 2, "endnote"),
        (["cite"], 2, "Missing argument"),
    ],
)
def test_cite_errors(run, args: list[str], code: int, message: str) -> None:
    result = run("--data-dir", VIEWS, *args)
    assert result.exit_code == code and result.stdout == ""
    assert message in result.stderr


@pytest.mark.parametrize(
    ("command", "example"),
    [
        ("compare", "battles compare --ratios --sort force"),
        ("stats", "battles stats --by month --kind battle"),
        ("disputes", "battles disputes krusevac"),
        ("sources", "battles sources krusevac"),
        ("people", "battles people novakovic"),
        ("units", "battles units 749th"),
        ("cite", "battles cite krusevac --format bibtex"),
    ],
)
def test_help_gives_an_example_that_runs(run, command: str, example: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0 and example in result.stdout
    ran = run(*example.split()[1:])
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout.strip()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("battles people kosta", '"kosta-pecanac"'),
        ("battles units 749", '"749th-infantry-regiment"'),
        ("battles disputes kruse", '"krusevac"'),
    ],
)
def test_shell_completion_of_people_units_and_battles(line: str, expected: str) -> None:
    import os
    import subprocess
    import sys

    env = {"_BATTLES_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
    code = "import sys; sys.argv[0] = 'battles'; from battles.cli import entry; entry()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert expected in result.stdout, result.stdout


# -- from the cache's digests ------------------------------------------------------------------


@pytest.mark.parametrize("where", ["views", "bundled", "generated"])
def test_the_cached_digests_answer_as_the_records_do(where: str, tmp_path, monkeypatch) -> None:
    """disputes, sources, people and units read each record's digest from the cache (a
    region of their own): the same rows as a pass over the decoded records."""
    from battles import loading
    from battles.loading import digest
    from bench.generate import generate

    monkeypatch.setenv("BATTLES_CACHE_DIR", str(tmp_path / "cache"))
    if where == "generated":
        generate(tmp_path / "data", 60, seed=3)
    folder = {"views": FIXTURES / "views", "bundled": DATA, "generated": tmp_path / "data"}[where]
    loading.load([folder], use_cache=True)
    warm = loading.load([folder], use_cache=True)
    assert (store := cache_store(warm)) is not None and store.path is not None  # read from the file
    from battles.questions.filters import ListFilter

    briefs = warm.digests(digest.BRIEF)
    for flt in (None, ListFilter(year=briefs[len(briefs) // 3].start.year)):
        for name, of, region in (
            ("disputes", disputes_q.disputes_of, digest.DISPUTES),
            ("sources", sources_q.sources_of, digest.SOURCES),
            ("people", people_q.people_of, digest.PEOPLE),
            ("units", units_q.units_of, digest.UNITS),
        ):
            expected = getattr(QUESTION[name], name)(records_q.records(warm, None, flt))
            assert of(records_q.digested(warm, region, None, flt)) == expected, name
            if flt is None and name in ("sources", "people"):
                assert expected.rows, name
    some = briefs[len(briefs) // 2].key
    for name, of, region in (
        ("disputes", disputes_q.disputes_of, digest.DISPUTES),
        ("people", people_q.people_of, digest.PEOPLE),
    ):
        expected = getattr(QUESTION[name], name)(records_q.records(warm, some))
        assert of(records_q.digested(warm, region, some)) == expected, name
