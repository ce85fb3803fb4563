"""Broken and hostile input: one clear message, no crash, nothing leaks to the terminal,
nothing is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES, ROOT, record_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from battles import loading
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
        loading.load_file(path)
    assert time.perf_counter() - start < 2


def test_a_million_character_string_is_refused(tmp_path: Path) -> None:
    text = GOOD.read_text("utf-8").replace(
        "name: Skirmish at Example Ford", "name: " + "x" * 1_000_000
    )
    path = tmp_path / "long.yaml"
    path.write_text(text, "utf-8")
    start = time.perf_counter()
    with pytest.raises(DataError, match="text longer than 20000 characters"):
        loading.load_file(path)
    assert time.perf_counter() - start < 5


def test_a_million_brackets_do_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(
        "schema_version: 1\nnotes: " + "[" * 1_000_000 + "]" * 1_000_000 + "\n"[:0] + "\n", "utf-8"
    )
    # beyond the size limit: refused before parsing
    with pytest.raises(DataError):
        loading.load_file(path)
    path.write_text("schema_version: 1\nnotes: " + "[" * 500_000 + "]" * 500_000 + "\n", "utf-8")
    with pytest.raises(DataError, match="nested more than 40 levels deep"):
        loading.load_file(path)


@pytest.mark.parametrize("libyaml_refuses", [False, True])
def test_deep_nesting_is_reported_where_it_passes_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, libyaml_refuses: bool
) -> None:
    """The same message and place whether the events show the depth or libyaml refuses the
    nesting itself while it scans ahead (PyYAML 6.0.4 on)."""
    import yaml

    from battles.loading import yamlsrc

    if libyaml_refuses:

        def refuse(*args: object, **kwargs: object) -> object:
            raise yaml.YAMLError("exceeded maximum nesting depth while increasing flow level")

        monkeypatch.setattr(yamlsrc.yaml, "parse", refuse)
    path = tmp_path / "deep.yaml"
    path.write_text("schema_version: 1\nnotes: " + "[" * 2000 + "]" * 2000 + "\n", "utf-8")
    with pytest.raises(DataError) as raised:
        loading.load_file(path)
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
    assert loading.load_file(path).record.sources[0].title == "[" * 100


def test_python_tags_run_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "evil.yaml"
    path.write_text(
        f'schema_version: 1\nname: !!python/object/apply:os.system ["touch {marker}"]\n', "utf-8"
    )
    with pytest.raises(DataError, match=r"the tag !!python/object/apply:os\.system is not allowed"):
        loading.load_file(path)
    assert not marker.exists()


def test_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    lines = ["schema_version: 1", 'a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    start = time.perf_counter()
    with pytest.raises(DataError, match="aliases"):
        loading.load_file(path)
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
        loading.load_file(path)
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
        loading.load_file(path)
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
        loading.load_file(path)
    except DataError:
        pass


def _round_trip(path: Path, tmp_path: Path) -> None:
    first = loading.load_file(path).record
    again = tmp_path / path.name
    again.write_text(to_yaml(first), "utf-8")
    assert loading.load_file(again).record == first


@pytest.mark.parametrize(
    "path",
    record_files(DATA)
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


# -- issue 13: one bad file never hides the good ones ----------------------------------------------

GOOD_TEXT = GOOD.read_text("utf-8")


def _with_good(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "ok.yaml").write_text(GOOD_TEXT, "utf-8")
    return data


def _good_with(old: str, new: str) -> str:
    assert old in GOOD_TEXT
    return GOOD_TEXT.replace(old, new, 1)


NUMBERS = {
    "a 5,000-digit integer": (
        _good_with('strength: ">200"', "strength: " + "9" * 5000),
        "9:37: sides[1].strength: a number of 5,000 characters is too long for a record",
    ),
    "a 5,000-digit figure in text": (
        _good_with('strength: ">200"', 'strength: "~' + "9" * 5000 + '"'),
        "9:37: sides[1].strength: a 5,000-digit number is larger than the limit of 100,000,000",
    ),
    "!!int on text": (
        _good_with('strength: ">200"', 'strength: !!int "abc"'),
        "9:37: sides[1].strength: 'abc' is not a whole number",
    ),
    "!!float on text": (
        _good_with('strength: ">200"', 'strength: !!float "x"'),
        "9:37: sides[1].strength: 'x' is not a number",
    ),
    "!!int on hexadecimal": (
        _good_with('strength: ">200"', "strength: !!int 0x1F"),
        "9:37: sides[1].strength: '0x1F' is not a whole number",
    ),
    "!!int with underscores": (
        _good_with('strength: ">200"', "strength: !!int 1_000"),
        "9:37: sides[1].strength: '1_000' is not a whole number",
    ),
    "a long float": (
        _good_with('strength: ">200"', "strength: 1." + "0" * 5000),
        "9:37: sides[1].strength: a number of 5,002 characters is too long for a record",
    ),
    "a superscript digit in a figure": (
        _good_with('strength: ">200"', 'strength: "2²"'),
        "9:37: sides[1].strength: cannot read '2²' as a figure",
    ),
}


@pytest.mark.parametrize("case", sorted(NUMBERS))
def test_numbers_that_cannot_be_read_are_refused_with_their_place(
    run, tmp_path: Path, case: str
) -> None:
    text, expected = NUMBERS[case]
    data = _with_good(tmp_path)
    (data / "x.yaml").write_text(text, "utf-8")
    result = run("validate", str(data / "x.yaml"))
    assert result.exit_code == 1
    where, message = expected.split(": ", 1)
    line = result.stdout.splitlines()[0]
    # the column is where the value (or its tag) starts
    assert line.startswith(f"{data / 'x.yaml'}:{where[:-2]}"), line
    assert f": error: {message}" in line, line
    for command in (["list"], ["show", "example ford"], ["timeline"], ["compare"]):
        shown = run("--data-dir", str(data), *command)
        assert shown.exit_code == 0, shown.stderr
        assert "Example Ford" in shown.stdout
        assert shown.stderr.startswith("battles: warning: 1 record skipped: ")


def test_draft_reads_numbers_it_cannot_convert_as_text(run, tmp_path: Path) -> None:
    big = "9" * 5000
    article = tmp_path / "article.txt"
    article.write_text(
        "{{Infobox military conflict\n| conflict = Attack on X\n| date = 23 September 1941\n"
        f"| combatant1 = A\n| combatant2 = B\n| strength1 = {big}\n| strength2 = 12²\n"
        f"| casualties1 = {big} killed\n| casualties2 = ²³ killed, {big} wounded\n}}}}\n",
        "utf-8",
    )
    result = run("draft", str(article), "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert big in result.stdout and "Traceback" not in result.stderr


def _battles(
    *args: str, timeout: float = 30, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    if "stdout" not in kwargs:
        kwargs["stdout"] = subprocess.PIPE
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "battles", *args],
        text=True,
        env={**os.environ, "COLUMNS": "100", **(env or {})},
        cwd=ROOT,
        check=False,
        timeout=timeout,
        **kwargs,  # type: ignore[call-overload]
    )


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "dev-stdin", "directory", "socket"])
def test_only_regular_files_are_read(tmp_path: Path, kind: str) -> None:
    """A FIFO with no writer, a device and a link to stdin neither hang nor fill the memory:
    each is refused with its kind (links to devices are followed only when asked)."""
    import socket

    data = _with_good(tmp_path)
    target = data / "x.yaml"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "dev-zero":
        target.symlink_to("/dev/zero")
    elif kind == "dev-stdin":
        target.symlink_to("/dev/stdin")
    elif kind == "directory":
        target.mkdir()
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
        server.close()  # the socket file stays
    expected = {
        "fifo": "a FIFO (named pipe), not a regular file: not read",
        "dev-zero": "a character device, not a regular file: not read",
        "dev-stdin": "not a regular file: not read",
        "directory": "a directory, not a regular file: not read",
        "socket": "not read",
    }[kind]
    follow = ["--follow-links"] if kind.startswith("dev-") else []
    for command in (["list"], ["validate"]):
        # stdin is a terminal-like pipe that never ends: the link must not be read
        result = _battles(*follow, "--data-dir", str(data), *command, stdin=subprocess.PIPE)
        assert "Traceback" not in result.stderr
        out = result.stdout + result.stderr
        assert expected in out, out
        if command == ["list"]:
            assert result.returncode == 0 and "Example Ford" in result.stdout


def test_the_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    data = _with_good(tmp_path)
    with (data / "sparse.yaml").open("wb") as handle:
        handle.truncate(1 << 30)  # a sparse gigabyte: nothing to read, much to fill memory
    start = time.perf_counter()
    with pytest.raises(DataError, match="the file is 1,073,741,824 bytes; a record may be"):
        loading.load_file(data / "sparse.yaml")
    assert time.perf_counter() - start < 1
    result = _battles("--data-dir", str(data), "list")
    assert result.returncode == 0 and "Example Ford" in result.stdout


def test_names_that_are_not_utf8_are_shown_escaped(run, tmp_path: Path) -> None:
    root = os.fsencode(tmp_path)
    data = root + b"/d\xffata"
    os.mkdir(data)
    with open(data + b"/ok.yaml", "w", encoding="utf-8") as handle:
        handle.write(GOOD_TEXT)
    with open(data + b"/caf\xe9.yaml", "w", encoding="utf-8") as handle:
        handle.write("name: [\n")
    with open(data + b"/n\xf6tes.txt", "w", encoding="utf-8") as handle:
        handle.write("x")
    shown = os.fsdecode(data)
    for options in ([], ["--no-cache"]):
        for command in (["list"], ["list", "-f", "json"], ["show", "example ford"]):
            result = run("--data-dir", shown, *options, *command)
            assert result.exit_code == 0, result.stderr
            assert "d\\xffata/caf\\xe9.yaml:2:1" in result.stderr
    result = run("validate", shown)
    assert result.exit_code == 1
    assert "caf\\xe9.yaml:2:1: error: YAML syntax" in result.stdout
    assert "n\\xf6tes.txt" in result.stdout
    for fmt in ("sqlite", "csv", "json", "geojson"):
        out = tmp_path / f"out-{fmt}"
        result = run("--data-dir", shown, "export", str(out), "-f", fmt)
        assert result.exit_code == 0, result.stderr
    # a data directory that does not exist, named in bytes that are not UTF-8
    result = run("--data-dir", os.fsdecode(root + b"/n\xffpe"), "list")
    assert result.exit_code == 1 and "n\\xffpe: the data directory does not exist" in result.stderr


def test_links_out_of_the_data_directory_are_not_followed(run, tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$SECRETHASH$abc:19000:0:99999:7:::\n", "utf-8")
    elsewhere = tmp_path / "other.yaml"
    elsewhere.write_text(_good_with("Example Ford]", "Elsewhere]"), "utf-8")
    data = _with_good(tmp_path)
    (data / "shadow.yaml").symlink_to(secret)
    (data / "other.yaml").symlink_to(elsewhere)
    (data / "sub").mkdir()
    (data / "sub" / "inside.yaml").write_text(
        _good_with("Example Ford]", "Inside]").replace("Skirmish at", "Fight at"), "utf-8"
    )
    (data / "inside.yaml").symlink_to(data / "sub" / "inside.yaml")
    for command in (["list"], ["validate"]):
        result = run("--data-dir", str(data), *command)
        out = result.stdout + result.stderr
        assert "SECRETHASH" not in out and "19000" not in out
        if command == ["validate"]:
            assert "shadow.yaml: error: a symbolic link to a file outside the data " in out
        else:
            assert "2 records skipped: " in result.stderr and "Example Ford" in result.stdout
    listed = run("--data-dir", str(data), "list", "-f", "csv").stdout
    assert "Fight at Example Ford" in listed  # a link inside the directory is followed
    assert "other" not in listed
    # asked to follow links: a file that is not a record is reported without its content
    result = run("--follow-links", "--data-dir", str(data), "validate")
    assert "SECRETHASH" not in result.stdout and "19000" not in result.stdout
    assert "shadow.yaml:1:1: error: this is not a record" in result.stdout
    followed = run("--follow-links", "--data-dir", str(data), "list", "-f", "csv")
    assert "Elsewhere" in followed.stdout or "other" in followed.stdout
    # a file named on its own is read wherever it is
    assert run("--data-dir", str(data / "other.yaml"), "list").exit_code == 0


@pytest.mark.parametrize("value", ['"alpha\\n"', '"alpha\\n\\n"', '"al pha"', '"\\nalpha"'])
def test_ids_end_where_the_text_ends(run, tmp_path: Path, value: str) -> None:
    data = _with_good(tmp_path)
    (data / "x.yaml").write_text(
        _good_with("name: Skirmish at Example Ford", f"id: {value}\nname: Other").replace(
            "Example Ford]", "Elsewhere]"
        ),
        "utf-8",
    )
    result = run("validate", str(data / "x.yaml"))
    assert result.exit_code == 1
    assert "x.yaml:2:5: error: id: expected a lowercase id" in result.stdout
    csv = run("--data-dir", str(data), "export", str(tmp_path / "out"), "-f", "csv")
    assert csv.exit_code == 0
    assert (tmp_path / "out" / "battles.csv").read_text("utf-8").count("\n") == 2


def test_part_of_with_a_final_newline_is_no_record_id() -> None:
    from battles import model

    assert model.is_record_id("alpha") and not model.is_record_id("alpha\n")


def test_ids_from_file_names_without_ascii_letters(tmp_path: Path) -> None:
    text = GOOD_TEXT
    (tmp_path / "Крушевац.yaml").write_text(text, "utf-8")
    assert loading.load_file(tmp_path / "Крушевац.yaml").record.key == "krusevac"
    (tmp_path / "Љубовија и Ђурђево.yaml").write_text(text, "utf-8")
    key = loading.load_file(tmp_path / "Љубовија и Ђурђево.yaml").record.key
    assert key == "ljubovija-i-djurdjevo"
    (tmp_path / "日本.yaml").write_text(text, "utf-8")
    with pytest.raises(DataError, match=r"日本.yaml:1:1: the record has no id, and its file name"):
        loading.load_file(tmp_path / "日本.yaml")


def test_new_makes_an_id_from_a_cyrillic_name(run, tmp_path: Path) -> None:
    result = run("--data-dir", str(tmp_path), "new", "Битка код Чачка")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "bitka-kod-cacka.yaml").exists()


INVISIBLE_CASES = ["\u202e", "\u202d", "\u2066", "\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad"]


@pytest.mark.parametrize("char", INVISIBLE_CASES, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_and_reordering_characters_are_shown_escaped(
    run, tmp_path: Path, char: str
) -> None:
    data = _with_good(tmp_path)
    (data / "ok.yaml").write_text(
        _good_with("name: Skirmish at Example Ford", f'name: "Skirmish at Exam{char}ple Ford"'),
        "utf-8",
    )
    escaped = f"\\u{ord(char):04x}" if ord(char) > 0xFF else f"\\x{ord(char):02x}"
    for command in (["list"], ["show", "example ford"], ["search", "skirmish"], ["timeline"]):
        result = run("--data-dir", str(data), *command)
        assert result.exit_code == 0, result.stderr
        assert char not in result.stdout and escaped in result.stdout, command
    # JSON keeps the text exactly
    assert char in run("--data-dir", str(data), "list", "-f", "json").stdout
    # a lookup leaves them out, whether in the record or in what is typed
    found = run("--data-dir", str(data), "show", "skirmish at example ford", "-f", "json")
    assert found.exit_code == 0
    typed = run("--data-dir", str(data), "show", f"Ex{char}ample Ford", "-f", "json")
    assert typed.exit_code == 0


def test_a_look_alike_alias_clashes_with_the_name_it_imitates(run, tmp_path: Path) -> None:
    data = _with_good(tmp_path)
    (data / "twin.yaml").write_text(
        _good_with("name: Skirmish at Example Ford", "id: twin\nname: Twin").replace(
            "aliases: [Example Ford]", 'aliases: ["Example\\u200b Ford"]'
        ),
        "utf-8",
    )
    result = run("--data-dir", str(data), "list")
    assert "twin.yaml" in result.stderr and "is already the id or an alias of" in result.stderr
    assert "\u200b" not in result.stderr and "\\u200b" in result.stderr


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x08", "\x7f", "\x9b", "\ufffe"])
def test_a_raw_control_character_is_reported_with_its_line_and_column(
    tmp_path: Path, char: str
) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(_good_with("name: Skirmish", f"name: Ski{char}rmish"), "utf-8")
    with pytest.raises(DataError) as raised:
        loading.load_file(path)
    message = str(raised.value)
    assert ":2:10: the file contains the control character \\" in message
    assert char not in message


def _timed_validate(path: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = _battles("validate", str(path), timeout=120)
    assert "Traceback" not in result.stderr
    return time.perf_counter() - start, result.stdout


HEAD = "schema_version: 1\nname: X\nkind: battle\nstart: 1941\nplace: {name: P}\n"


def _cites(n: int) -> str:
    parts = ", ".join(f"{{label: l, value: 1, source: missing-{i}}}" for i in range(n))
    sources = "".join(f"  - {{id: source-{i}, title: T}}\n" for i in range(n))
    return (
        HEAD
        + f"sides:\n  - {{id: a, name: A, strength: {{parts: [{parts}]}}}}\n  - {{id: b, name: B}}\n"
        + "sources:\n"
        + sources
    )


def _same_sides(n: int) -> str:
    return HEAD + "sides:\n" + "  - {id: a, name: A}\n" * n + "sources: [{id: s, title: T}]\n"


def _schema_problems(n: int) -> str:
    sides = "".join(f"  - {{id: a{i}, name: A, bogus{i}: 1, note: 5}}\n" for i in range(n))
    return HEAD + "sides:\n" + sides + "sources: [{id: s, title: T}]\n"


@pytest.mark.parametrize("make", [_cites, _same_sides, _schema_problems])
def test_checks_grow_linearly(tmp_path: Path, make: Callable[[int], str]) -> None:
    """A file four times larger takes about four times as long, not sixteen (a quadratic
    check on 440 KB ran for minutes); each is done within seconds."""
    small, large = tmp_path / "small.yaml", tmp_path / "large.yaml"
    small.write_text(make(1500), "utf-8")
    large.write_text(make(6000), "utf-8")
    assert len(large.read_bytes()) > 100_000
    _timed_validate(small)  # warm the caches
    short, _ = _timed_validate(small)
    long, out = _timed_validate(large)
    assert "error" in out
    assert long < 30
    assert long < 8 * short + 1, (short, long)


def test_at_most_200_schema_problems_a_file(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(_schema_problems(3000), "utf-8")
    with pytest.raises(DataError) as raised:
        loading.load_file(path)
    assert "and more than 199 more problems in this file" in str(raised.value)


@pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="reads its peak memory from /proc (Linux)"
)
def test_a_million_tiny_values_are_refused_before_they_fill_the_memory(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text("schema_version: 1\nnotes: [" + ",".join(["1"] * 990_000) + "]\n", "utf-8")
    script = (
        "from pathlib import Path\n"
        "from battles import loading\n"
        "from battles.errors import DataError\n"
        "try:\n"
        f"    loading.load_file(Path({str(path)!r}))\n"
        "except DataError as exc:\n"
        "    print(exc)\n"
        # The peak of this process's own memory: VmHWM, not ru_maxrss, which Linux carries
        # over from the parent at exec (a test suite that has grown to 300 MB).
        "status = Path('/proc/self/status').read_text()\n"
        "print(next(line.split()[1] for line in status.splitlines() if line.startswith('VmHWM')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    message, peak = result.stdout.splitlines()
    assert "more than 200,000 values and keys in one record" in message
    assert int(peak) < 200_000, peak  # kB: the nodes of the whole file took 470 MB


# -- issue 13: writes lose nothing -----------------------------------------------------------------


def test_export_force_replaces_only_an_earlier_export(run, tmp_path: Path) -> None:
    data = _with_good(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep", "utf-8")
    for force in ([], ["--force"]):
        result = run("--data-dir", str(data), "export", str(out), "-f", "csv", *force)
        assert result.exit_code == 1
    assert "holds files an export does not write (mine.txt); not replaced" in result.stderr
    assert (out / "mine.txt").read_text("utf-8") == "keep"
    # the data directory itself, with --force
    result = run("--data-dir", str(data), "export", str(data), "-f", "csv", "--force")
    assert result.exit_code == 1 and (data / "ok.yaml").exists()
    # an earlier export is replaced, whole, with no file left beside it
    fresh = tmp_path / "fresh"
    assert run("--data-dir", str(data), "export", str(fresh), "-f", "csv").exit_code == 0
    assert run("--data-dir", str(data), "export", str(fresh), "-f", "csv", "--force").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "fresh", "out"]
    # a file where a CSV directory should go, and a record where JSON should go
    result = run("--data-dir", str(data), "export", str(data / "ok.yaml"), "-f", "json", "--force")
    assert result.exit_code == 1 and "is not an earlier json export" in result.stderr
    assert (data / "ok.yaml").read_text("utf-8") == GOOD_TEXT
    for fmt in ("json", "geojson", "sqlite"):
        target = tmp_path / f"x.{fmt}"
        assert run("--data-dir", str(data), "export", str(target), "-f", fmt).exit_code == 0
        again = run("--data-dir", str(data), "export", str(target), "-f", fmt, "--force")
        assert again.exit_code == 0, again.stderr
    other = tmp_path / "x.json"
    result = run("--data-dir", str(data), "export", str(other), "-f", "sqlite", "--force")
    assert result.exit_code == 1 and "is not an earlier sqlite export" in result.stderr


def test_an_unrelated_sqlite_database_is_not_replaced(run, tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "mine.db"
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE notes (x TEXT)")
    connection.commit()
    connection.close()
    result = run("export", str(db), "-f", "sqlite", "--force")
    assert result.exit_code == 1 and "with other tables than an export's" in result.stderr


@pytest.mark.parametrize("option", ["--output", "--svg", "--html"])
def test_output_files_are_not_replaced_without_force(run, tmp_path: Path, option: str) -> None:
    data = _with_good(tmp_path)
    record = data / "ok.yaml"
    record.chmod(0o640)
    result = run("--data-dir", str(data), "show", "example ford", option, str(record))
    assert result.exit_code == 1
    assert result.stderr == f"battles: error: {record} already exists; add --force to replace it\n"
    assert record.read_text("utf-8") == GOOD_TEXT
    result = run("--data-dir", str(data), "show", "example ford", option, str(record), "--force")
    assert result.exit_code == 0, result.stderr
    assert record.read_text("utf-8") != GOOD_TEXT
    assert record.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its mode
    assert sorted(p.name for p in data.iterdir()) == ["ok.yaml"]  # nothing left beside it


def test_a_dangling_link_at_the_target_is_not_replaced_without_force(run, tmp_path: Path) -> None:
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "nowhere")
    for command in (["list", "-f", "json", "-o", str(link)], ["export", str(link)]):
        result = run(*command)
        assert result.exit_code == 1 and "already exists; add --force" in result.stderr
        assert link.is_symlink()


@pytest.mark.parametrize(
    "command",
    [
        ["list", "-f", "csv", "-o", "{}"],
        ["list", "--svg", "{}"],
        ["show", "krusevac", "--html", "{}"],
        ["export", "{}", "-f", "sqlite"],
        ["export", "{}", "-f", "json"],
    ],
)
def test_fifos_and_devices_are_written_into_not_replaced(
    run, tmp_path: Path, command: list[str]
) -> None:
    import stat
    import threading

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run(*[part.replace("{}", str(fifo)) for part in command])
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and len(received[0]) > 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]
    null = run(*[part.replace("{}", os.devnull) for part in command])
    assert null.exit_code == 0, null.stderr
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)


def test_new_files_follow_the_umask(run, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        assert run("list", "-f", "csv", "-o", str(tmp_path / "list.csv")).exit_code == 0
        assert run("export", str(tmp_path / "csv"), "-f", "csv").exit_code == 0
        assert run("export", str(tmp_path / "x.db"), "-f", "sqlite").exit_code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "list.csv").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "x.db").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "csv").stat().st_mode & 0o777 == 0o750
    assert {p.stat().st_mode & 0o777 for p in (tmp_path / "csv").iterdir()} == {0o640}


def test_a_replaced_export_keeps_its_mode(run, tmp_path: Path) -> None:
    target = tmp_path / "csv"
    assert run("export", str(target), "-f", "csv").exit_code == 0
    target.chmod(0o711)
    assert run("export", str(target), "-f", "csv", "--force").exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o711
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv"]


def test_writes_are_synced_before_the_rename(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    renamed: dict[str, int] = {}
    replace = os.replace
    monkeypatch.setattr(
        os, "replace", lambda a, b: (renamed.setdefault(str(b), len(synced)), replace(a, b))
    )
    assert run("export", str(tmp_path / "x.json")).exit_code == 0
    assert renamed[str(tmp_path / "x.json")] >= 1  # the file was synced before the rename


SLOW_EXPORT = """
import sys, time
from pathlib import Path
from battles import cli, export

READY = Path(sys.argv[1])

def slow(tmp, pieces):
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write("x" * 100_000)
        handle.flush()
        READY.write_text("ready")
        time.sleep(60)

export._write_pieces = slow
sys.argv = ["battles", "export", sys.argv[2], "-f", "json"] + sys.argv[3:]
cli.main()
"""


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGQUIT", "SIGINT"])
def test_a_signal_mid_write_leaves_no_temporary_file(tmp_path: Path, signame: str) -> None:
    import signal

    out = tmp_path / "out"
    out.mkdir()
    ready = tmp_path / "ready"
    target = out / "battles.json"
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_EXPORT, str(ready), str(target)],
        cwd=ROOT,
        env={**os.environ},
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ready.exists(), "the process never got to the write"
    assert any(p.name.endswith(".tmp") for p in out.iterdir())  # it is writing
    process.send_signal(getattr(signal, signame))
    _, stderr = process.communicate(timeout=30)
    assert list(out.iterdir()) == []
    assert "Traceback" not in stderr
    if signame != "SIGINT":
        assert process.returncode == -getattr(signal, signame)  # ended by the signal
    else:
        assert process.returncode == 130


def test_a_later_write_removes_what_a_killed_run_left(run, tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)
    (tmp_path / f".x.json.{pid}.abc123.tmp").write_text("half", "utf-8")
    (tmp_path / f".x.json.{pid}.old").mkdir()
    (tmp_path / f".x.json.{os.getppid()}.def456.tmp").write_text("alive", "utf-8")
    (tmp_path / ".x.json.notes.tmp").write_text("not ours", "utf-8")
    assert run("export", str(target)).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f".x.json.{os.getppid()}.def456.tmp",  # its process is running
        ".x.json.notes.tmp",
        "x.json",
    ]


def _limited(*args: str, limit: int, **kwargs: object) -> subprocess.CompletedProcess[str]:
    import resource

    def limit_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return _battles(*args, preexec_fn=limit_size, **kwargs)


@pytest.mark.parametrize("fmt", ["sqlite", "json", "csv", "geojson"])
def test_a_full_disk_during_an_export_is_one_message_and_leaves_nothing(
    tmp_path: Path, fmt: str
) -> None:
    from bench.generate import generate

    data = tmp_path / "data"
    generate(data, 40, seed=3)
    out = tmp_path / "out"
    out.mkdir()
    result = _limited("--data-dir", str(data), "export", str(out / "x"), "-f", fmt, limit=20_000)
    assert result.returncode == 1
    assert result.stderr.startswith(f"battles: error: cannot write {out / 'x'}: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert list(out.iterdir()) == []


def test_a_full_device_as_output_is_an_error(run) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    result = run("list", "-f", "json", "-o", "/dev/full")
    assert result.exit_code == 1
    assert result.stderr == "battles: error: cannot write /dev/full: No space left on device\n"


# -- issue 13: output that fails says so -----------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["list", "-f", "json"], ["schema"], ["list"], ["show", "krusevac", "-f", "csv"], ["validate"]],
)
def test_a_full_disk_on_stdout_is_an_error(command: list[str]) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        result = _battles(*command, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert result.stderr == "battles: error: cannot write the output: No space left on device\n"


def test_a_file_size_limit_on_stdout_is_an_error(tmp_path: Path) -> None:
    with (tmp_path / "out").open("w") as out:
        result = _limited("schema", limit=1000, stdout=out, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert result.stderr == "battles: error: cannot write the output: File too large\n"


def test_a_closed_stdout_is_an_error() -> None:
    result = _battles(
        "list",
        "-f",
        "json",
        stdout=None,
        capture_output=False,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("battles: error: cannot write the output: ")


@pytest.mark.parametrize("command", [["list", "-f", "csv"], ["schema"], ["list"], ["validate"]])
def test_a_closed_pipe_ends_quietly(command: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # like `| head` that has already stopped reading
    try:
        result = _battles(*command, stdout=write, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    assert result.stderr == ""
    assert result.returncode == 141


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_the_quick_look_at_bytes_misses_no_character_yaml_refuses(text: str) -> None:
    from battles.loading import yamlsrc

    if yamlsrc._NOT_YAML.search(text):
        assert yamlsrc._might_hold_controls(text.encode("utf-8"))
