"""The views at a fixed width (80 columns) against expected text files, on fixture data that
exercises every form of figure, date and text, including hostile markup and escapes."""

from __future__ import annotations

import pytest
from conftest import DATA, FIXTURES, assert_expected

from battles import loading
from battles.errors import NotFoundError, UsageError
from battles.questions import lookup
from battles.questions import timeline as timelines

VIEWS = str(FIXTURES / "views")

COMMANDS = {
    "show-testville.txt": ["show", "testville"],
    "show-exampleburg.txt": ["show", "exampleburg"],
    "list-views.txt": ["list"],
    "compare-casualties.txt": ["compare", "--casualties", "--share"],
    "compare-strength.txt": ["compare", "--strength"],
    "compare-by-battle.txt": ["compare", "--by", "battle", "--sort", "total"],
    "compare-phases.txt": ["compare", "--phases"],
    "timeline-all.txt": ["timeline"],
    "timeline-nov.txt": ["timeline", "1941-11", "--battle", "testville"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_view_output(run, name: str) -> None:
    result = run("--data-dir", VIEWS, *COMMANDS[name], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert_expected(name, result.stdout)
    assert "\x1b" not in result.stdout and "\r" not in result.stdout and "\x07" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_hostile_text_is_shown_literally(run) -> None:
    out = run("--data-dir", VIEWS, "show", "testville").stdout
    assert "[bold red]Occupied[/] territory" in out
    assert "Clodfelter [p. 12]" in out
    assert ":smile:" in out
    assert "[link=http://evil]A mirror[/link]" in out
    assert "\\x1b[31mred\\x1b[0m" in out


def test_show_has_everything_the_record_holds(run) -> None:
    out = run("--data-dir", VIEWS, "show", "testville").stdout
    for expected in [
        "Nov – Dec 1941",
        "28 Oct – 2 Dec 1941",
        "Siege of Exampleburg (siege-of-exampleburg)",
        "General Alpha † killed in action",
        "Colonel Beta (captured)",
        "3rd Battalion · ~350",
        "≥ 550",
        "+ ? relief",
        "also 1,000–10,000 [2]",
        "disputed:",
        "> 5",
        "60–80",
        "1. First assault",
        "2. Second assault",
        "~1,000",
        "An undated skirmish.",
        "8 or 18 [sic]",
        "Nothing here is real.",
        "[1] Clodfelter [p. 12]\n    https://example.org/test\n",  # the address whole, below
        "seed file seed.txt",
    ]:
        assert expected in out, expected


@pytest.fixture(scope="module")
def bundled() -> loading.Dataset:
    return loading.load([DATA])


@pytest.mark.parametrize(
    ("query", "record"),
    [
        ("krusevac", "attack-on-krusevac"),
        ("Kruševac", "attack-on-krusevac"),
        ("KRUŠEVAC", "attack-on-krusevac"),
        ("attack-on-krusevac", "attack-on-krusevac"),
        ("Attack on Kruševac", "attack-on-krusevac"),
        ("attack_on_krusevac", "attack-on-krusevac"),
        ("novi pazar", "battle-of-novi-pazar"),
        ("novi-pazar", "battle-of-novi-pazar"),
        ("Novi_Pazar", "battle-of-novi-pazar"),
        ("novi", "battle-of-novi-pazar"),
        ("kraljevo", "siege-of-kraljevo"),
        ("siege of kr", "siege-of-kraljevo"),
        ("Battle for Novi Pazar", "battle-of-novi-pazar"),
        ("kruš", "attack-on-krusevac"),
        ("krup", "battle-of-krupanj"),
    ],
)
def test_lookup(bundled: loading.Dataset, query: str, record: str) -> None:
    assert lookup.find(bundled, query).record.key == record


def test_lookup_several_matches(bundled: loading.Dataset) -> None:
    with pytest.raises(
        NotFoundError,
        match=r"'kr' matches \d+ records: .*Attack on Kruševac \(attack-on-krusevac\)",
    ):
        lookup.find(bundled, "kr")


def test_lookup_no_match_suggests(bundled: loading.Dataset) -> None:
    with pytest.raises(
        NotFoundError, match="no battle matches 'krusvac'; did you mean 'Attack on Kruševac'"
    ):
        lookup.find(bundled, "krusvac")


def test_show_not_found_exit_code_and_stderr(run) -> None:
    result = run("show", "krusvac")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        "battles: error: no battle matches 'krusvac'; did you mean 'Attack on Kruševac'"
    )
    assert result.stderr.count("\n") == 1


def test_show_ambiguous(run) -> None:
    result = run("show", "siege")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        "matches 2 records: Siege of Kraljevo (siege-of-kraljevo); Siege of Valjevo (siege-of-valjevo)"
        in result.stderr
    )


def test_completion_of_battle_names(bundled: loading.Dataset) -> None:
    assert lookup.complete_names(bundled, "nov") == ["novi-pazar"]
    # what was typed is kept, as shells keep only what starts with it (issue 18)
    assert sorted(lookup.complete_names(bundled, "Kru")) == ["Krupanj", "Krusevac"]
    assert sorted(lookup.complete_names(bundled, "kru")) == ["krupanj", "krusevac"]
    assert "attack-on-krusevac" in lookup.complete_names(bundled, "")


def test_shell_completion_through_typer(monkeypatch) -> None:
    import subprocess
    import sys

    env = {"_BATTLES_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "battles show novi"}
    code = "import sys; sys.argv[0] = 'battles'; from battles.cli import entry; entry()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**__import__("os").environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert '"novi-pazar"' in result.stdout


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1941", "1941", "1941"),
        ("1941-10", "1941-10", "1941-10"),
        ("1941-09..1941-11-15", "1941-09", "1941-11-15"),
    ],
)
def test_periods(text: str, start: str, end: str) -> None:
    period = timelines.parse_period(text)
    assert (period.start.iso(), period.end.iso()) == (start, end)


@pytest.mark.parametrize("text", ["1941-13", "1942..1941", "soon"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(UsageError):
        timelines.parse_period(text)


def test_timeline_bad_period_exits_2(run) -> None:
    result = run("timeline", "1941-13")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("battles: error: period '1941-13'")


def test_month_events_sort_before_dated_days(run) -> None:
    out = run("--data-dir", VIEWS, "timeline", "1941-11").stdout
    assert out.index("Reinforcements arrive") < out.index("First assault fails")
    assert "Nov 1941" in out


def test_compare_sort_by_midpoint_of_ranges(run) -> None:
    out = run(
        "--data-dir", VIEWS, "compare", "--strength", "--by", "battle", "--sort", "strength"
    ).stdout
    assert out.index("Siege of Exampleburg") < out.index("Battle of Testville")


def test_compare_bad_sort_and_conflicting_flags(run) -> None:
    assert run("--data-dir", VIEWS, "compare", "--sort", "colour").exit_code == 2
    result = run("--data-dir", VIEWS, "compare", "--casualties", "--strength")
    assert result.exit_code == 2
    assert "choose one of --casualties and --strength" in result.stderr


def test_total_with_unknown_part_is_at_least(run) -> None:
    out = run("--data-dir", VIEWS, "compare", "exampleburg").stdout
    assert "> 100*" in out  # more than 100 killed, wounded unknown: a floor
    assert "  Garrison" in out and "40" in out


def test_no_colour_when_piped(run, monkeypatch) -> None:
    # A terminal that could show colour, but stdout is a pipe: no escapes...
    monkeypatch.delenv("NO_COLOR", raising=False)
    env = {"TERM": "xterm-256color", "COLORTERM": "truecolor"}
    result = run("--data-dir", VIEWS, "compare", env=env)
    assert result.exit_code == 0 and "Exampleburg" in result.stdout
    assert "\x1b[" not in result.stdout
    # ... while the same view forced to colour has them: the check above can see colour.
    forced = run("--data-dir", VIEWS, "compare", env={**env, "FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout
