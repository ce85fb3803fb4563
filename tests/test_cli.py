from __future__ import annotations

import re

import pytest
from conftest import FIXTURES, assert_expected

from battles.cli import app

GOOD = str(FIXTURES / "good")
BAD = str(FIXTURES / "bad")


def test_version(run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert re.fullmatch(r"battles \d+\.\d+\.\d+\n", result.stdout)
    assert result.stderr == ""


def _commands() -> list[str]:
    """Every command the app has, from the app itself (never a hand-kept list)."""
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_help_lists_every_command(run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    commands = _commands()
    assert {"list", "show", "compare", "timeline", "validate"} <= set(commands)
    for name in commands:
        assert f" {name} " in result.stdout, name


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example(run, command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert re.search(r"Examples?: battles ", result.stdout), command


def test_list_fixture_data(run) -> None:
    result = run("--data-dir", GOOD, "list")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert_expected("list-fixtures.txt", result.stdout)


def test_list_filters_and_sorts(run) -> None:
    assert "Second Skirmish" not in run("--data-dir", GOOD, "list", "--kind", "battle").stdout
    assert "Second Skirmish" in run("--data-dir", GOOD, "list", "--from", "1941-11").stdout
    assert "Skirmish at" not in run("--data-dir", GOOD, "list", "--from", "1941-11").stdout
    result = run("--data-dir", GOOD, "list", "--sort", "name")
    assert result.stdout.index("Second") < result.stdout.index("Skirmish at")


def test_list_bad_sort_is_a_usage_error(run) -> None:
    result = run("--data-dir", GOOD, "list", "--sort", "colour")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "colour" in result.stderr


def test_list_bad_date_is_a_usage_error(run) -> None:
    result = run("--data-dir", GOOD, "list", "--from", "1941-13")
    assert result.exit_code == 2
    assert "battles: error: '1941-13' has month 13" in result.stderr


def test_list_with_a_bad_record_warns_and_shows_the_rest(run, tmp_path) -> None:
    (tmp_path / "ok.yaml").write_text(
        (FIXTURES / "good" / "skirmish-at-example-ford.yaml").read_text("utf-8"), "utf-8"
    )
    (tmp_path / "broken.yaml").write_text("name: [\n", "utf-8")
    result = run("--data-dir", str(tmp_path), "list")
    assert result.exit_code == 0
    assert "Skirmish at Example" in result.stdout
    assert result.stderr.startswith("battles: warning: 1 record skipped: ")
    assert "broken.yaml:2:1" in result.stderr
    assert "run `battles validate`" in result.stderr


def test_missing_data_dir_is_one_line_on_stderr(run, tmp_path) -> None:
    result = run("--data-dir", str(tmp_path / "nope"), "list")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.stderr
        == f"battles: error: {tmp_path / 'nope'}: the data directory does not exist (check --data-dir or BATTLES_DATA)\n"
    )


def test_battles_data_variable(run) -> None:
    result = run("list", env={"BATTLES_DATA": GOOD})
    assert "Second Skirmish" in result.stdout
    assert "Kruševac" not in result.stdout


def test_validate_good(run) -> None:
    result = run("validate", GOOD)
    assert result.exit_code == 0
    assert result.stdout == "2 files checked: 0 errors, 0 warnings\n"


def test_validate_reports_every_problem_in_every_file(run) -> None:
    result = run("validate", BAD, str(FIXTURES / "warnings"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    bad = len(list((FIXTURES / "bad").glob("*.yaml")))
    assert lines[-1] == f"{bad + 1} files checked: {bad} errors, 5 warnings"
    assert sum(": error: " in line for line in lines) == bad
    assert sum(": warning: " in line for line in lines) == 5


def test_validate_warnings_only_exits_zero(run) -> None:
    result = run("validate", str(FIXTURES / "warnings"))
    assert result.exit_code == 0
    out = result.stdout
    assert "part_of names 'no-such-record', but no record has that id" in out
    assert "casualties (40) exceed the side's strength (10)" in out
    assert "the total 40 is not the sum of killed, wounded, captured and missing (25)" in out
    assert "the parts add up to 50, not 100" in out
    assert "the event (1941-12-01) falls outside the record's dates" in out


def test_debug_shows_the_traceback(run, tmp_path) -> None:
    from battles.errors import DataError

    with pytest.raises(DataError):
        run("--debug", "--data-dir", str(tmp_path / "nope"), "list")


@pytest.mark.parametrize(
    ("argv", "built"),
    [
        (["show", "krusevac"], ["show"]),
        (["--data-dir", "show", "list"], ["list"]),  # "show" is --data-dir's value here
        (["--debug", "compare", "--casualties"], ["compare"]),
        (["--", "show"], None),  # after --, not a command
        (["--help"], None),
        (["shwo", "krusevac"], None),  # unknown: every command, for Click's suggestions
        ([], None),
    ],
)
def test_a_run_builds_only_the_command_it_names(argv: list[str], built: list[str] | None) -> None:
    """Start-up (issue 20): Typer builds the options of every command it holds on each run,
    so a run that names a command is given that one alone; the rest get all of them."""
    import typer.main

    from battles.cli import app_for

    group = typer.main.get_command(app_for(argv))
    assert sorted(group.commands) == (built or _commands())  # type: ignore[attr-defined]


def test_a_narrowed_run_still_reads_global_options_after_the_command(run) -> None:
    result = run("show", "krusevac", "--data-dir", GOOD)
    assert result.exit_code == 1
    assert "no battle matches 'krusevac'" in result.stderr
    typo = run("shwo", "krusevac")
    assert typo.exit_code == 2
    assert "No such command 'shwo'" in typo.stderr
