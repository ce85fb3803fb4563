"""Living with the installed tool (issue 18): where new records go, files written, reading
in a terminal (pager, links, layout), documents, and what people type."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES, ROOT
from test_site import _chromium, _chromium_missing, _png_size, html5_problems

from battles import loading, model
from battles.environment import Environment
from battles.render import output
from battles.text import normalise

VIEWS = str(FIXTURES / "views")


# -- where records are written -------------------------------------------------------------------


def _record(name: str, key: str | None = None) -> str:
    text = (FIXTURES / "good" / "skirmish-at-example-ford.yaml").read_text("utf-8")
    return re.sub(r"(?m)^name: .*$", f"name: {name}", text, count=1)


def test_new_writes_to_the_user_folder_outside_a_dataset(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    mine = Path(os.environ["XDG_DATA_HOME"]) / "battles" / "records"
    shutil.rmtree(mine, ignore_errors=True)
    result = run("new", "Battle of Somewhere")
    assert result.exit_code == 0, result.stderr
    written = Path(result.stdout.strip())
    assert written == mine / "battle-of-somewhere.yaml" and written.is_file()
    package = Path(loading.__file__).resolve().parent.parent
    assert package not in written.resolve().parents
    # read beside the bundled records: a finished record of the user's is listed with them
    written.write_text(_record("Skirmish of Mine"), "utf-8")
    listed = run("list", "--all", "-f", "json")
    names = [r["name"] for r in json.loads(listed.stdout)["records"]]
    assert "Skirmish of Mine" in names and "Attack on Kruševac" in names
    assert listed.stderr == ""


def test_new_writes_into_the_datasets_folder_of_the_current_directory(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(FIXTURES / "good" / "second.yaml", tmp_path / "data" / "second.yaml")
    monkeypatch.chdir(tmp_path)
    result = run("new", "Битка за Ваљево")
    assert result.exit_code == 0, result.stderr
    assert Path(result.stdout.strip()) == tmp_path / "data" / "bitka-za-valjevo.yaml"
    assert loading.data_dirs() == [Path.cwd() / "data"]
    # a data/ folder that holds no records is no dataset
    other = tmp_path / "elsewhere"
    (other / "data").mkdir(parents=True)
    (other / "data" / "notes.yaml").write_text("todo: read more\n", "utf-8")
    assert loading.local_dataset(other) is None


def test_the_user_folder_is_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import platformdirs

    for value in (str(tmp_path / "xdg"), None):
        if value is None:
            monkeypatch.delenv("XDG_DATA_HOME")
        else:
            monkeypatch.setenv("XDG_DATA_HOME", value)
        expected = platformdirs.user_data_path("battles", appauthor=False) / "records"
        assert loading.user_data_dir() == expected


def test_data_dir_and_battles_data_still_choose(run, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    result = run("new", "Siege of X", "--data-dir", str(target))  # after the command
    assert Path(result.stdout.strip()) == target / "siege-of-x.yaml"
    other = tmp_path / "other"
    other.mkdir()
    result = run("new", "Siege of Y", env={"BATTLES_DATA": str(other)})
    assert Path(result.stdout.strip()) == other / "siege-of-y.yaml"


def test_nothing_is_written_into_the_installed_package(run) -> None:
    package = Path(loading.__file__).resolve().parent.parent
    result = run("--data-dir", str(package / "data"), "new", "Battle of Lost")
    assert result.exit_code == 2
    assert "inside the installed package" in result.stderr
    assert not (package / "data" / "battle-of-lost.yaml").exists()


def test_import_goes_to_the_workspace_and_never_into_the_package(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    acw = FIXTURES / "datasets" / "acw"
    monkeypatch.chdir(tmp_path)
    result = run("import", "acw", str(acw))
    assert result.exit_code == 0, result.stderr
    folder = Path(os.environ["XDG_DATA_HOME"]) / "battles" / "records" / "acw"
    assert sorted(folder.glob("*.yaml")), result.stdout
    package = Path(loading.__file__).resolve().parent.parent
    refused = run("import", "acw", str(acw), "--into", str(package / "data" / "acw"))
    assert refused.exit_code == 2 and "inside the installed package" in refused.stderr
    assert not (package / "data" / "acw").exists()


def test_the_choices_are_the_cores(run) -> None:
    from battles import cli
    from battles.questions import compare as compared
    from battles.questions import filters
    from battles.questions import ratios as ratios_q
    from battles.questions import stats as stats_q

    assert [s.value for s in cli.ListSort] == list(filters.SORT_KEYS)
    assert [s.value for s in cli.StatsBy] == list(stats_q.GROUPINGS)
    assert [s.value for s in cli.StatsSort] == list(stats_q.STATS_SORTS)
    compare = {s.value for s in cli.CompareSort}
    assert set(ratios_q.RATIO_SORT_NAMES) <= compare and set(compared.SORTABLE) <= compare


def test_the_readme_says_where_records_go() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "~/.local/share/battles/records" in readme
    assert "platformdirs" in (ROOT / "pyproject.toml").read_text("utf-8")


# -- files -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("losses.csv", lambda t: t.startswith("id,name,kind,")),
        ("losses.json", lambda t: json.loads(t)["view"] == "list"),
        ("losses.md", lambda t: t.startswith("| id | name |")),
        ("losses.txt", lambda t: t.startswith("Name ")),
    ],
)
def test_the_format_follows_the_extension(run, tmp_path: Path, name: str, check) -> None:
    target = tmp_path / name
    result = run("--data-dir", VIEWS, "list", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert check(target.read_text("utf-8"))


def test_an_explicit_format_wins_over_the_extension(run, tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    run("--data-dir", VIEWS, "list", "-o", str(target), "--format", "table")
    assert target.read_text("utf-8").startswith("Name ")


def test_output_refuses_to_overwrite_without_force(run, tmp_path: Path) -> None:
    target = tmp_path / "list.txt"
    target.write_text("mine\n", "utf-8")
    result = run("--data-dir", VIEWS, "list", "-o", str(target))
    assert result.exit_code == 1 and "--force" in result.stderr
    assert target.read_text("utf-8") == "mine\n"
    assert run("--data-dir", VIEWS, "list", "-o", str(target), "--force").exit_code == 0
    assert target.read_text("utf-8").startswith("Name ")


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077])
def test_files_follow_the_umask(run, tmp_path: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        out = tmp_path / f"m{mask:o}"
        out.mkdir()
        run("--data-dir", VIEWS, "list", "-o", str(out / "a.txt"))
        run(
            "--data-dir",
            VIEWS,
            "compare",
            "--svg",
            str(out / "a.svg"),
            "--html",
            str(out / "a.html"),
        )
        run("--data-dir", VIEWS, "export", str(out / "e.json"))
        run("--data-dir", VIEWS, "export", str(out / "csv"), "-f", "csv")
    finally:
        os.umask(old)
    for name in ("a.txt", "a.svg", "a.html", "e.json", "csv/battles.csv"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o666 & ~mask, name
    assert stat.S_IMODE((out / "csv").stat().st_mode) == 0o777 & ~mask


def test_export_to_stdout(run, tmp_path: Path) -> None:
    result = run("--data-dir", VIEWS, "export", "-")
    assert json.loads(result.stdout)["records"] and not (Path.cwd() / "-").exists()
    assert "wrote stdout (2 records)" in result.stderr
    result = run("--data-dir", VIEWS, "export", "-", "-f", "csv")
    assert result.stdout.splitlines()[0].startswith("id,name,kind,")
    assert len(result.stdout.splitlines()) == 3
    notes = run("--data-dir", VIEWS, "export", "-", "-f", "csv", "--table", "notes")
    assert notes.stdout.splitlines()[0] == "battle_id,number,text"
    geo = run("--data-dir", VIEWS, "export", "-", "-f", "geojson")
    assert json.loads(geo.stdout)["type"] == "FeatureCollection"
    bad = run("--data-dir", VIEWS, "export", "-", "-f", "sqlite")
    assert bad.exit_code == 2 and "not text" in bad.stderr
    bad = run("--data-dir", VIEWS, "export", "-", "-f", "csv", "--table", "nope")
    assert bad.exit_code == 2 and "choose one of battles, " in bad.stderr and "notes" in bad.stderr


def test_geojson_says_which_records_have_no_coordinates(run, tmp_path: Path) -> None:
    result = run("export", str(tmp_path / "g.geojson"), "-f", "geojson")
    features = json.loads((tmp_path / "g.geojson").read_text("utf-8"))["features"]
    total = len(loading.load([DATA]).records)
    missing = total - len(features)
    assert missing > 0
    assert f"({len(features)} of {total} records; {missing} without coordinates" in result.stderr


def _texts(value: object, key: str = "") -> list[object]:
    """Every text and figure bound of a record in the JSON export, less what the tool makes
    itself."""
    if isinstance(value, dict):
        return [
            t
            for k, v in value.items()
            # what the tool makes itself: a figure's form and text, a band's unit word
            if k not in ("form", "shown", "source", "totals", "id", "side", "precision", "unit")
            for t in _texts(v, k)
        ]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v, key)]
    if isinstance(value, int) and not isinstance(value, bool) and key in ("low", "high"):
        return [value]  # a figure's bounds
    return [value] if isinstance(value, str) and key not in ("start", "end", "date") else []


def _citations(value: object, path: str = "") -> set[tuple[str, str]]:
    """(field, source id) of every citation in a record of the JSON export."""
    found: set[tuple[str, str]] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "source" and isinstance(item, list):
                found |= {(path, s) for s in item}
            elif key != "totals":
                found |= _citations(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            found |= _citations(item, f"{path}[{n}]")
    return found


# Datasets that between them give every field of the record format a value (checked below).
EVERY_FIELD = [
    DATA,
    *(FIXTURES / name for name in ("v2", "ancient", "views", "good", "every-field")),
]


def _model_fields() -> set[tuple[str, str]]:
    """Every (class, field) of the record format, from model.Record down."""
    import typing

    import msgspec

    found: set[tuple[str, str]] = set()
    seen: set[type] = set()

    def visit(tp: object) -> None:
        for t in typing.get_args(tp) or (tp,):
            if isinstance(t, type) and issubclass(t, msgspec.Struct):
                if t not in seen:
                    seen.add(t)
                    for f in msgspec.structs.fields(t):
                        found.add((t.__name__, f.name))
                        visit(f.type)
            else:
                for arg in typing.get_args(t):
                    visit(arg)

    visit(model.Record)
    return found


def _set_fields(value: object, found: set[tuple[str, str]]) -> None:
    import msgspec

    if isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            item = getattr(value, name)
            if item not in (None, (), "", False):
                found.add((type(value).__name__, name))
            _set_fields(item, found)
    elif isinstance(value, tuple):
        for item in value:
            _set_fields(item, found)


def test_the_export_fixtures_give_every_model_field_a_value() -> None:
    """So that the round trip below covers every field: a field added to the model fails
    here until a fixture (tests/fixtures/every-field) gives it a value, and then below until
    the export has a column for it."""
    found: set[tuple[str, str]] = set()
    for directory in EVERY_FIELD:
        for entry in loading.load([directory]).records:
            _set_fields(entry.read(), found)
    assert sorted(_model_fields() - found) == []


@pytest.mark.parametrize("directory", EVERY_FIELD, ids=lambda d: d.name)
def test_sqlite_round_trips_to_the_json_export(run, tmp_path: Path, directory: Path) -> None:
    """Everything the JSON export holds is in the SQLite one: each record's every text
    (notes, other datings, notes of losses...), every figure's bounds, every source, and
    a citation for every field the JSON cites."""
    run("--data-dir", str(directory), "export", str(tmp_path / "all.json"))
    run("--data-dir", str(directory), "export", str(tmp_path / "all.db"), "-f", "sqlite")
    records = json.loads((tmp_path / "all.json").read_text("utf-8"))["records"]
    db = sqlite3.connect(tmp_path / "all.db")
    try:
        tables = [
            name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        by_battle: dict[str, set[object]] = {}
        for table in tables:
            columns = [c[1] for c in db.execute(f'PRAGMA table_info("{table}")')]
            for row in db.execute(f'SELECT * FROM "{table}"'):
                values = dict(zip(columns, row, strict=True))
                battle = values.get("battle_id") or (values["id"] if table == "battles" else None)
                held = by_battle.setdefault(str(battle), set())
                held.update(values.values())
                for value in values.values():  # lists joined in one column: authors
                    if isinstance(value, str) and "; " in value:
                        held.update(value.split("; "))
        everywhere = set().union(*by_battle.values())
        for record in records:
            held = by_battle[record["id"]] | everywhere  # side and unit rows name no battle
            missing = [t for t in _texts(record) if t not in held]
            assert missing == [], (record["id"], missing[:5])
            assert (
                len(record["notes"])
                == db.execute(
                    "SELECT count(*) FROM notes WHERE battle_id = ?", (record["id"],)
                ).fetchone()[0]
            )
        # every record's sources and how many citations each field has
        cited = (
            db.execute("SELECT count(*) FROM field_citations").fetchone()[0]
            + db.execute("SELECT count(*) FROM citations").fetchone()[0]
        )
        assert (
            cited
            >= sum(
                len({f for f, _ in _citations(r) if not f.startswith("totals")}) for r in records
            )
            // 2
        )
        files = [f for (f,) in db.execute("SELECT file FROM battles")]
        assert files and all(not f.startswith("/") and f.endswith(".yaml") for f in files)
    finally:
        db.close()


def test_csv_export_carries_the_notes_and_relative_files(run, tmp_path: Path) -> None:
    run("export", str(tmp_path / "csv"), "-f", "csv")
    notes = (tmp_path / "csv" / "notes.csv").read_text("utf-8")
    first = loading.load([DATA]).records[0].read()
    assert first.notes and first.notes[0].split(",")[0] in notes
    battles = (tmp_path / "csv" / "battles.csv").read_text("utf-8")
    assert str(DATA) not in battles and ",attack-on-krusevac.yaml" in battles


# -- reading in a terminal -----------------------------------------------------------------------


@pytest.fixture
def terminal(run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Standard output taken for a terminal; the pager a command that saves what it reads."""
    run.environment = lambda: Environment(stdout_isatty=True)
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("LINES", "20")
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.setenv("BATTLES_PAGER", f"cat > '{paged}'")
    return paged


def test_long_output_goes_through_the_pager_in_a_terminal(run, terminal: Path) -> None:
    result = run("show", "krusevac", env={"LINES": "20"})
    assert result.exit_code == 0
    assert "Attack on Kruševac" in terminal.read_text("utf-8")
    assert "Attack on Kruševac" not in result.stdout


def test_json_in_a_terminal_is_paged_too(run, terminal: Path) -> None:
    result = run("show", "krusevac", "-f", "json", env={"LINES": "20"})
    assert result.exit_code == 0 and result.stdout == ""
    assert '"name": "Attack on Kruševac"' in terminal.read_text("utf-8")


def test_no_pager_and_short_output_and_pipes(run, terminal: Path, monkeypatch) -> None:
    result = run("--no-pager", "show", "krusevac", env={"LINES": "20"})
    assert "Attack on Kruševac" in result.stdout and not terminal.exists()
    result = run("show", "krusevac", "--no-pager", env={"LINES": "20"})
    assert "Attack on Kruševac" in result.stdout and not terminal.exists()
    result = run("list", "--limit", "1", env={"LINES": "200"})  # it fits: no pager
    assert "1 of 17" in result.stdout and not terminal.exists()
    monkeypatch.setenv("BATTLES_PAGER", "cat")
    result = run("show", "krusevac", env={"LINES": "20"})
    assert "Attack on Kruševac" in result.stdout
    run.environment = Environment  # piped
    monkeypatch.setenv("BATTLES_PAGER", f"cat > '{terminal}'")
    result = run("show", "krusevac", env={"LINES": "20"})  # piped: never a pager
    assert "Attack on Kruševac" in result.stdout and not terminal.exists()


def test_the_pager_is_chosen_as_git_chooses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BATTLES_PAGER", raising=False)
    monkeypatch.delenv("PAGER", raising=False)
    assert output.pager_command() == "less -FRX"
    monkeypatch.setenv("PAGER", "more")
    assert output.pager_command() == "more"
    monkeypatch.setenv("BATTLES_PAGER", "most")
    assert output.pager_command() == "most"
    monkeypatch.setenv("BATTLES_PAGER", "")
    assert output.pager_command() is None


LONG_URL = "https://www.wikiwand.com/en/articles/Chetnik_attack_on_the_U%C5%BEice_Republic"


def test_addresses_are_never_broken_nor_links_when_piped(run) -> None:
    piped = run("show", "uzice", env={"COLUMNS": "60"})
    assert f"\n    {LONG_URL}\n" in piped.stdout
    assert "\x1b]8;" not in piped.stdout


def test_addresses_are_links_in_a_terminal(run, terminal: Path) -> None:
    run("show", "uzice", env={"COLUMNS": "60", "LINES": "20", "TERM": "xterm-256color"})
    shown = terminal.read_text("utf-8")
    assert re.search(r"\x1b\]8;[^;]*;" + re.escape(LONG_URL), shown)
    assert LONG_URL in re.sub(r"\x1b\[[0-9;]*m", "", shown)


def test_bullets_hang_and_three_sides_line_up(run) -> None:
    shown = run("show", "uzice", env={"COLUMNS": "70"}).stdout.splitlines()
    bullets = [n for n, line in enumerate(shown) if line.startswith("• ")]
    assert bullets
    for n in bullets:
        follow = shown[n + 1]
        if follow and not follow.startswith(("• ", "─")) and not follow.endswith("─"):
            assert follow.startswith("  ") and not follow.startswith("   "), follow
    at = next(n for n, line in enumerate(shown) if line.startswith("Sides "))
    header = shown[at + 1]
    for side in ("Germany", "Chetniks", "Yugoslav"):
        assert side in header, header


def test_compare_keeps_battle_names_whole(run) -> None:
    out = run("compare", "--all", "--by", "battle", env={"COLUMNS": "80"}).stdout
    for record in loading.load([DATA]).records:
        name = record.read().name
        assert name in out, name


def test_list_at_80_columns_cuts_no_word_and_shows_the_sort(run) -> None:
    for sort in ("date", "name", "casualties", "strength"):
        out = run("list", "--all", "--sort", sort, env={"COLUMNS": "80"}).stdout
        assert "…" not in out, sort
        assert "governorate" in out
    out = run("list", "--sort", "casualties", env={"COLUMNS": "100"}).stdout
    assert "Casualties" in out.splitlines()[0]
    out = run("list", "--sort", "strength", env={"COLUMNS": "100"}).stdout
    assert "Strength" in out.splitlines()[0]
    assert "Casualties" not in run("list").stdout.splitlines()[0]


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", "krusevac"],
        ["compare"],
        ["timeline"],
        ["search", "krusevac"],
        ["stats"],
        ["validate"],
    ],
)
def test_no_trailing_spaces_to_pipes_and_files(run, tmp_path: Path, args: list[str]) -> None:
    out = run(*args).stdout
    assert not [line for line in out.splitlines() if line.endswith(" ")], args
    if args[0] != "validate":
        run(*args, "-o", str(tmp_path / "out.txt"))
        text = (tmp_path / "out.txt").read_text("utf-8")
        assert not [line for line in text.splitlines() if line.endswith(" ")], args


def test_global_options_after_the_command(run, tmp_path: Path) -> None:
    assert run("list", "--data-dir", VIEWS).stdout.count("\n") < 10
    assert "Battle of Testville" in run("list", "--data-dir", VIEWS).stdout
    assert "Battle of Testville" in run("list", f"--data-dir={VIEWS}").stdout
    with pytest.raises(Exception):  # noqa: B017, PT011 - --debug lets the error through
        run("show", "nowhere-at-all", "--debug")
    result = run("show", "nowhere-at-all")
    assert result.exit_code == 1
    # after --, an option is text
    assert run("search", "--", "--debug").exit_code in (0, 1)
    assert "--data-dir DIR, --debug" in run("show", "--help").stdout
    assert run("list", "--quiet", "--no-cache", "--data-dir", VIEWS).exit_code == 0


def test_choices_are_shown_and_summaries_are_whole(run) -> None:
    assert "[date|name|casualties|strength]" in run("list", "--help").stdout.replace(
        "<", "["
    ).replace(">", "]")
    help_text = run("compare", "--help").stdout
    assert "side|battle" in help_text and "killed|wounded" in help_text
    assert "year|month|decade" in run("stats", "--help").stdout
    top = run("--help", env={"COLUMNS": "80"}).stdout
    commands = top.split("Commands:")[1]
    assert "..." not in commands
    assert all(line.rstrip().endswith(".") for line in commands.strip().splitlines())


# -- documents -------------------------------------------------------------------------------------


def test_show_as_markdown_is_a_document(run) -> None:
    text = run("show", "uzice", "-f", "markdown").stdout
    assert text.startswith("# Operation Uzice\n")
    for heading in ("## Sides", "## Events", "## Where sources disagree", "## Notes"):
        assert f"\n{heading}\n" in text
    assert "| | Germany and collaborators[^1][^2][^3] | Chetniks[^1][^2]" in text
    assert "\n|---|---|---|---|\n" in text
    assert "[^1]: Operation Uzice, copy of the English article — <https://" in text
    assert re.search(r"\*\*Strength\*\* \| .*[0-9]", text)
    assert "[^4]" in text  # a footnote cited in the text
    footnotes = set(re.findall(r"\[\^(\d+)\]:", text))
    assert footnotes == {str(n) for n in range(1, len(footnotes) + 1)}


def test_markdown_escapes_record_text(run, tmp_path: Path) -> None:
    from battles.render.show import md

    assert md("a | b *c* [x](y) <z>") == "a \\| b \\*c\\* \\[x\\](y) \\<z\\>"
    assert "\x1b" not in md("line\nbreak\x1b[31m") and "\n" not in md("line\nbreak")


def test_html_is_a_page_of_its_own(run, tmp_path: Path) -> None:
    page = tmp_path / "k.html"
    result = run("show", "krusevac", "--html", str(page))
    assert result.exit_code == 0, result.stderr
    text = page.read_text("utf-8")
    assert html5_problems(text) == []
    assert "<title>Attack on Kruševac · battles</title>" in text
    assert "prefers-color-scheme: dark" in text and "system-ui" in text
    assert '<a href="https://' in text
    assert not re.search(r"(src|@import|url\()\s*[=(]?\s*[\"']?https?:", text)
    assert "<pre" not in text
    listing = tmp_path / "l.html"
    run("list", "--html", str(listing))
    text = listing.read_text("utf-8")
    assert html5_problems(text) == [] and "<th>name</th>" in text and "<title>Battles" in text


def test_svg_takes_a_width_and_fetches_no_font(run, tmp_path: Path) -> None:
    def size(path: Path) -> tuple[float, float]:
        found = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', path.read_text("utf-8"))
        assert found
        return float(found.group(1)), float(found.group(2))

    run("list", "--svg", str(tmp_path / "narrow.svg"), "--width", "60")
    run("list", "--svg", str(tmp_path / "wide.svg"), "--width", "140")
    assert size(tmp_path / "narrow.svg")[0] < size(tmp_path / "wide.svg")[0]
    assert not re.search(r"url\(\s*[\"']?https?:", (tmp_path / "wide.svg").read_text("utf-8"))
    run("timeline", "--all", "--svg", str(tmp_path / "all.svg"))
    run("timeline", "--chart", "--svg", str(tmp_path / "chart.svg"))
    assert size(tmp_path / "chart.svg")[1] * 3 < size(tmp_path / "all.svg")[1]
    assert run("list", "--width", "60", "-f", "json").exit_code == 2


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reason = _chromium_missing()
    if reason:
        pytest.skip(reason)
    return tmp_path_factory.mktemp("browser")


def test_the_html_page_in_a_browser(run, browser: Path, tmp_path: Path) -> None:
    page = browser / "krusevac.html"
    run("show", "krusevac", "--html", str(page), "--force")
    dom, console, requests = _chromium(page.as_uri(), tmp_path, "--dump-dom")
    assert console == "" and requests == set()
    assert "<h1>Attack on Kruševac</h1>" in dom
    shot = tmp_path / "page.png"
    _, console, requests = _chromium(
        page.as_uri(), tmp_path, f"--screenshot={shot}", "--window-size=1000,700"
    )
    assert console == "" and requests == set()
    assert _png_size(shot) == (1000, 700)


# -- what people type ------------------------------------------------------------------------------


def test_kind_is_checked_whatever_its_case(run) -> None:
    result = run("list", "--kind", "masacre")
    assert result.exit_code == 2
    assert "battle, siege, attack, operation, uprising, massacre" in result.stderr
    assert result.stdout == ""
    upper = run("list", "--kind", "MASSACRE", "-f", "json")
    kinds = {r["kind"] for r in json.loads(upper.stdout)["records"]}
    assert kinds == {"massacre"}
    for command in (["compare"], ["timeline"], ["stats"], ["people"], ["search", "x"]):
        assert run(*command, "--kind", "nope").exit_code == 2, command
    from typing import get_args

    from battles.cli import KIND_NAMES

    # The command line keeps its own copy (start-up: --help does not import the model).
    assert get_args(model.Kind) == KIND_NAMES


def _complete(run, words: str, env: dict[str, str] | None = None) -> list[str]:
    parts = words.split(" ")
    full = {
        "_BATTLES_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
        **(env or {}),
    }
    result = run(env=full)
    return [line.split(",", 1)[-1] for line in result.stdout.splitlines()]


def test_completion_of_kinds_and_battle_names(run) -> None:
    # what was typed is kept (shells keep only completions that start with it); the
    # lookups fold case and script
    assert _complete(run, "battles list --kind MA") == ["MAssacre"]
    assert _complete(run, "battles list --kind s") == ["siege"]
    assert run("list", "--kind", "MAssacre").exit_code == 0
    names = _complete(run, "battles show KRUS")
    assert "KRUSevac" in names, names
    assert "Крушevac" in _complete(run, "battles show Круш")
    assert run("show", "Крушevac").stdout.startswith("Attack on Kruševac")
    fixture = _complete(run, f"battles show --data-dir {VIEWS} test")
    assert any("testville" in n.lower() for n in fixture), fixture
    after = _complete(run, f"battles --data-dir {VIEWS} show test")
    assert any("testville" in n.lower() for n in after), after


def test_cyrillic_names_both_ways(run, tmp_path: Path) -> None:
    assert run("show", "Крушевац").stdout.startswith("Attack on Kruševac")
    assert run("show", "КРУШЕВАЦ").stdout.startswith("Attack on Kruševac")
    # a record named in Cyrillic, found by its Latin spelling
    folder = tmp_path / "cyr"
    folder.mkdir()
    written = _record("Битка за Ваљево")
    (folder / "bitka-za-valjevo.yaml").write_text(written, "utf-8")
    found = run("--data-dir", str(folder), "show", "Bitka za Valjevo")
    assert found.exit_code == 0, found.stderr
    assert found.stdout.startswith("Битка за Ваљево")
    assert run("--data-dir", str(folder), "show", "valjevo").exit_code == 0
    assert run("--data-dir", str(folder), "search", "valjevo").stdout.count("Битка") >= 1
    made = run("--data-dir", str(folder), "new", "Битка за Ваљево", "--force")
    assert Path(made.stdout.strip()).name == "bitka-za-valjevo.yaml"
    assert normalise("Ђурђевдан Љиг") == "djurdjevdan ljig"


def test_search_all_words_any_order_limit_and_filters(run) -> None:
    hits = json.loads(run("search", "Mihailovic", "Draza", "-f", "json").stdout)["hits"]
    assert hits and all(
        "mihailovi" in normalise(h["text"]) and "draza" in normalise(h["text"]) for h in hits
    )
    again = json.loads(run("search", "draža mihailović", "-f", "json").stdout)["hits"]
    assert [h["text"] for h in again] == [h["text"] for h in hits]
    assert len(json.loads(run("search", "the", "--limit", "3", "-f", "json").stdout)["hits"]) == 3
    table = run("search", "the", "--limit", "3").stdout
    assert "--limit" in table
    filtered = json.loads(run("search", "the", "--kind", "massacre", "-f", "json").stdout)
    assert filtered["hits"] and {h["battle"] for h in filtered["hits"]} <= {
        "kragujevac-massacre",
        "kraljevo-massacre",
    }
    assert run("search", "the", "--year", "1942").stdout.startswith("Battle")
    fields = {h["field"] for h in json.loads(run("search", "company", "-f", "json").stdout)["hits"]}
    assert not any("[" in f for f in fields), fields
    assert any("›" in f for f in fields), fields


def test_the_chart_alone_says_nothing_of_entries(run) -> None:
    out = run("timeline", "1941", "--chart")
    assert out.exit_code == 0
    assert "entries" not in out.stdout and "undated" not in out.stdout
    assert out.stdout.rstrip().endswith("17 battles")
    assert "Battle of Pljevlja" in out.stdout  # the chart itself
