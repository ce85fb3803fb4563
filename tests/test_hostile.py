"""Broken and hostile input: one clear message, no crash, nothing leaks to the terminal,
nothing is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from battles import loader
from battles.errors import DataError
from battles.writer import to_yaml

BAD = FIXTURES / "bad"
GOOD = FIXTURES / "good" / "skirmish-at-example-ford.yaml"


def test_escape_sequences_never_reach_the_terminal(run) -> None:
    result = run("validate", str(BAD / "escape-key.yaml"))
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout
    assert "\\x1b[31mred" in result.stdout


def test_markup_in_error_messages_is_literal(run) -> None:
    result = run("validate", str(BAD / "markup-key.yaml"))
    assert "sides[0].[bold]x: unknown key '[bold]x'" in result.stdout


def test_warning_about_a_bad_file_is_clean(run, tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text(GOOD.read_text("utf-8"), "utf-8")
    (tmp_path / "bad.yaml").write_bytes((BAD / "escape-key.yaml").read_bytes())
    result = run("--data-dir", str(tmp_path), "list")
    assert result.exit_code == 0
    assert "\x1b" not in result.stderr
    assert result.stderr.startswith("battles: warning: 1 record skipped: ")


@pytest.mark.parametrize(
    "command",
    [["list"], ["show", "example"], ["compare"], ["timeline"], ["search", "ford"]],
)
def test_one_bad_file_does_not_hide_the_good_ones(run, tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "ok.yaml").write_text(GOOD.read_text("utf-8"), "utf-8")
    (tmp_path / "x.yaml").write_text("name: [\n", "utf-8")
    result = run("--data-dir", str(tmp_path), *command)
    assert result.exit_code == 0, result.stderr
    assert "Example Ford" in result.stdout or "Skirmish" in result.stdout
    assert result.stderr.count("\n") == 1
    assert "1 record skipped: " in result.stderr and "x.yaml:2:1" in result.stderr
    assert result.stderr.rstrip().endswith("run `battles validate`")


def test_a_huge_file_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"schema_version: 1\nnotes:\n" + b"  - padding padding padding\n" * 80_000)
    start = time.perf_counter()
    with pytest.raises(DataError, match="a record may be at most 2,000,000"):
        loader.load_file(path)
    assert time.perf_counter() - start < 2


def test_a_million_character_string_is_refused(tmp_path: Path) -> None:
    text = GOOD.read_text("utf-8").replace(
        "name: Skirmish at Example Ford", "name: " + "x" * 1_000_000
    )
    path = tmp_path / "long.yaml"
    path.write_text(text, "utf-8")
    start = time.perf_counter()
    with pytest.raises(DataError, match="text longer than 20000 characters"):
        loader.load_file(path)
    assert time.perf_counter() - start < 5


def test_a_million_brackets_do_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(
        "schema_version: 1\nnotes: " + "[" * 1_000_000 + "]" * 1_000_000 + "\n"[:0] + "\n", "utf-8"
    )
    # beyond the size limit: refused before parsing
    with pytest.raises(DataError):
        loader.load_file(path)
    path.write_text("schema_version: 1\nnotes: " + "[" * 500_000 + "]" * 500_000 + "\n", "utf-8")
    with pytest.raises(DataError, match="nested more than 40 levels deep"):
        loader.load_file(path)


@pytest.mark.parametrize("libyaml_refuses", [False, True])
def test_deep_nesting_is_reported_where_it_passes_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, libyaml_refuses: bool
) -> None:
    """The same message and place whether the events show the depth or libyaml refuses the
    nesting itself while it scans ahead (PyYAML 6.0.4 on)."""
    import yaml

    from battles import yamlsrc

    if libyaml_refuses:

        def refuse(*args: object, **kwargs: object) -> object:
            raise yaml.YAMLError("exceeded maximum nesting depth while increasing flow level")

        monkeypatch.setattr(yamlsrc.yaml, "parse", refuse)
    path = tmp_path / "deep.yaml"
    path.write_text("schema_version: 1\nnotes: " + "[" * 2000 + "]" * 2000 + "\n", "utf-8")
    with pytest.raises(DataError) as raised:
        loader.load_file(path)
    assert str(raised.value).endswith(
        "deep.yaml:2:47: nested more than 40 levels deep "
        "(records are never that deep: is a bracket missing its pair?)"
    )


def test_brackets_inside_text_are_not_nesting(tmp_path: Path) -> None:
    text = GOOD.read_text("utf-8").replace(
        'title: "Clodfelter [p. 12]"', 'title: "' + "[" * 100 + '"'
    )
    path = tmp_path / "brackets.yaml"
    path.write_text(text, "utf-8")
    assert loader.load_file(path).record.sources[0].title == "[" * 100


def test_python_tags_run_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "evil.yaml"
    path.write_text(
        f'schema_version: 1\nname: !!python/object/apply:os.system ["touch {marker}"]\n', "utf-8"
    )
    with pytest.raises(DataError, match=r"the tag !!python/object/apply:os\.system is not allowed"):
        loader.load_file(path)
    assert not marker.exists()


def test_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    lines = ["schema_version: 1", 'a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    start = time.perf_counter()
    with pytest.raises(DataError, match="aliases"):
        loader.load_file(path)
    assert time.perf_counter() - start < 2


def test_symlink_loop_and_missing_or_wrong_data_dirs(run, tmp_path: Path) -> None:
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert (
        "loop.yaml: error: cannot read the file: Too many levels of symbolic links" in result.stdout
    )
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", "utf-8")
    result = run("--data-dir", str(a_file), "list")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"battles: error: {a_file}: not a directory or a .yaml file\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every directory")
def test_unreadable_directory(run, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = run("--data-dir", str(locked), "list")
        assert result.exit_code == 1
        assert "cannot read the directory" in result.stderr
    finally:
        locked.chmod(0o755)


def test_non_yaml_files_are_skipped_with_a_note(run, tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text(GOOD.read_text("utf-8"), "utf-8")
    (tmp_path / "README.md").write_text("notes", "utf-8")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 0
    assert (
        "note: skipped 1 file that is not YAML: " in result.stdout and "README.md" in result.stdout
    )


def _python(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "battles", *args],
        capture_output=True,
        text=True,
        env=full,
        cwd=ROOT,
        check=False,
    )


def test_no_traceback_unless_asked(tmp_path: Path) -> None:
    result = _python("--data-dir", str(tmp_path / "nope"), "list")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    debug = _python("--data-dir", str(tmp_path / "nope"), "list", env={"BATTLES_DEBUG": "1"})
    assert "Traceback" in debug.stderr and "DataError" in debug.stderr
    flag = _python("--debug", "--data-dir", str(tmp_path / "nope"), "list")
    assert "Traceback" in flag.stderr


def test_usage_error_exit_code() -> None:
    result = _python("list", "--no-such-option")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


# -- property-based and fuzz tests ---------------------------------------------------------------


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_fuzz_loader_with_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, "utf-8")  # every example overwrites the file it loads
    try:
        loader.load_file(path)
    except DataError:
        pass


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_fuzz_loader_with_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    try:
        loader.load_file(path)
    except DataError:
        pass


FRAGMENTS = [
    "schema_version: 1\n",
    "name: X\n",
    "kind: battle\n",
    "start: 1941-10\n",
    "end: 1941-09\n",
    "place: {name: P}\n",
    "sides: [{id: a, name: A}, {id: b, name: B}]\n",
    "sources: [{id: s, title: T}]\n",
    "sides: [{id: a, name: A, strength: {parts: [{label: x, value: ~5}]}}, {id: b, name: B}]\n",
    "events: [{text: t, date: 1941-02-30}]\n",
    "notes: &x [a]\n",
    "aliases: *x\n",
    "  bad: indent\n",
    "casualties: {killed: many}\n",
    "[\n",
    "'\n",
    "!!binary aGVsbG8=\n",
    "a: !!float .nan\n",
]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=10))
def test_fuzz_loader_with_record_fragments(tmp_path: Path, parts: list[str]) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text("".join(parts), "utf-8")
    try:
        loader.load_file(path)
    except DataError:
        pass


def _round_trip(path: Path, tmp_path: Path) -> None:
    first = loader.load_file(path).record
    again = tmp_path / path.name
    again.write_text(to_yaml(first), "utf-8")
    assert loader.load_file(again).record == first


@pytest.mark.parametrize(
    "path",
    sorted(DATA.glob("*.yaml"))
    + sorted((FIXTURES / "views").glob("*.yaml"))
    + sorted((FIXTURES / "good").glob("*.yaml")),
    ids=lambda p: p.name,
)
def test_a_record_written_back_loads_the_same(path: Path, tmp_path: Path) -> None:
    _round_trip(path, tmp_path)


def test_generated_records_round_trip(tmp_path: Path) -> None:
    from bench.generate import generate

    for path in generate(tmp_path / "gen", 25, seed=11):
        _round_trip(path, tmp_path)


def test_export_csv_blocks_formulas(run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    text = GOOD.read_text("utf-8").replace("name: Skirmish at Example Ford", 'name: "=cmd|calc"')
    (data / "x.yaml").write_text(
        text.replace("aliases: [Example Ford]", "aliases: ['@SUM(1)']"), "utf-8"
    )
    assert run("--data-dir", str(data), "export", str(tmp_path / "out"), "-f", "csv").exit_code == 0
    battles = (tmp_path / "out" / "battles.csv").read_text("utf-8")
    aliases = (tmp_path / "out" / "aliases.csv").read_text("utf-8")
    assert ",'=cmd|calc," in battles
    assert ",'@SUM(1)" in aliases
