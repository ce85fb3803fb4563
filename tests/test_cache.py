"""The cache: every change to the data is seen, a bad cache file is ignored, and no result
ever differs with or without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from battles import loading
from battles.loading import cache, parse, pipeline


@pytest.fixture
def data(tmp_path: Path) -> Path:
    from bench.generate import generate

    directory = tmp_path / "data"
    generate(directory, 12, seed=5)
    # Files a minute old: none is "racy" (modified within two seconds of a build, when a
    # later rebuild reads it again), so a test's loads see the same cache however slowly a
    # busy machine runs them. The tests of racy files make their own recent edits.
    old = time.time_ns() - 60 * 10**9
    for path in directory.iterdir():
        os.utime(path, ns=(old, old))
    return directory


def cache_files() -> list[Path]:
    return sorted(cache.cache_dir().glob("records-*"))


def names(dataset: loading.Dataset) -> list[str]:
    return [entry.names[0] for entry in dataset.records]


def test_cache_is_written_in_the_cache_directory_not_beside_the_data(data: Path) -> None:
    before = sorted(p.name for p in data.iterdir())
    loading.load([data], use_cache=True)
    assert len(cache_files()) == 1
    assert sorted(p.name for p in data.iterdir()) == before
    assert not any(p.name.endswith(".tmp") for p in cache.cache_dir().iterdir())


def test_second_run_reads_the_cache(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = loading.load([data], use_cache=True)

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file was parsed although the cache had it")

    monkeypatch.setattr(parse, "load_file", no_parsing)  # read when files are parsed
    monkeypatch.setattr(parse, "load_file", no_parsing)
    second = loading.load([data], use_cache=True)
    assert names(second) == names(first)
    assert [e.record for e in second.records] == [e.record for e in first.records]


def _rewrite(path: Path, old: str, new: str, *, keep_times: bool = False) -> None:
    stat = path.stat()
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    if keep_times:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.mark.parametrize("keep_times", [False, True])
def test_a_changed_file_is_read_again(data: Path, keep_times: bool) -> None:
    loading.load([data], use_cache=True)
    target = sorted(data.glob("*.yaml"))[3]
    old_name = target.read_text("utf-8").split("name: ", 1)[1].split("\n", 1)[0]
    _rewrite(target, f"name: {old_name}", "name: Renamed Battle", keep_times=keep_times)
    assert "Renamed Battle" in names(loading.load([data], use_cache=True))


def test_same_size_same_time_content_change_is_seen(data: Path) -> None:
    loading.load([data], use_cache=True)
    target = sorted(data.glob("*.yaml"))[0]
    text = target.read_text("utf-8")
    old = text.split("name: ", 1)[1].split("\n", 1)[0]
    new = "X" * len(old)
    _rewrite(target, f"name: {old}", f"name: {new}", keep_times=True)
    assert target.stat().st_size == len(text.encode("utf-8")) - len(old.encode()) + len(new)
    assert new in names(loading.load([data], use_cache=True))


def test_added_and_removed_files_are_seen(data: Path) -> None:
    loading.load([data], use_cache=True)
    files = sorted(data.glob("*.yaml"))
    files[0].unlink()
    (data / "zz-new.yaml").write_text(
        (FIXTURES / "good" / "skirmish-at-example-ford.yaml").read_text("utf-8"), "utf-8"
    )
    dataset = loading.load([data], use_cache=True)
    assert "Skirmish at Example Ford" in names(dataset)
    assert len(dataset.records) == 12


def test_a_file_that_breaks_is_reported_and_mended(data: Path) -> None:
    loading.load([data], use_cache=True)
    target = sorted(data.glob("*.yaml"))[1]
    good = target.read_text("utf-8")
    target.write_text(good.replace("kind: ", "knd: ", 1), "utf-8")
    broken = loading.load([data], use_cache=True)
    assert len(broken.problems) == 1 and "missing required key 'kind'" in str(broken.problems[0])
    again = loading.load([data], use_cache=True)  # the problem comes from the cache too
    assert str(again.problems[0]) == str(broken.problems[0])
    target.write_text(good, "utf-8")
    assert loading.load([data], use_cache=True).problems == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        lambda p: p.write_bytes(b"not a cache at all"),
        lambda p: p.write_bytes(cache.MAGIC + b"\xff" * 64),
        lambda p: p.write_bytes(p.read_bytes()[:40] + b"\x00" * 200 + p.read_bytes()[240:]),
    ],
    ids=["empty", "truncated", "foreign", "garbage", "corrupt"],
)
def test_a_bad_cache_file_is_ignored_and_rebuilt(data: Path, damage) -> None:  # type: ignore[no-untyped-def]
    first = loading.load([data], use_cache=True)
    # Read before the damage (the tool itself only ever replaces a cache file, it never
    # writes into one another process may be reading).
    records = [e.record for e in first.records]
    (store,) = cache_files()
    damage(store)
    again = loading.load([data], use_cache=True)
    assert names(again) == names(first)
    assert [e.record for e in again.records] == records
    # A damaged index is found on opening, a damaged record when it is read (and that
    # record is read from its file): either way the run after writes a whole cache again.
    third = loading.load([data], use_cache=True)
    assert cache.read(store) is not None
    assert [e.record for e in third.records] == records


def test_no_cache_option_and_variable(run, data: Path) -> None:
    assert run("--data-dir", str(data), "--no-cache", "list").exit_code == 0
    assert cache_files() == []
    assert run("--data-dir", str(data), "list", env={"BATTLES_NO_CACHE": "1"}).exit_code == 0
    assert cache_files() == []
    assert run("--data-dir", str(data), "list").exit_code == 0
    assert len(cache_files()) == 1


COMMANDS = [
    ["list"],
    ["list", "-f", "json"],
    ["list", "-f", "csv"],
    ["list", "--sort", "casualties"],
    ["list", "--belligerent", "a"],
    ["compare"],
    ["compare", "--strength", "-f", "json"],
    ["compare", "--phases", "-f", "csv"],
    ["compare", "--by", "battle", "--share"],
    ["timeline"],
    ["timeline", "1941", "-f", "csv"],
    ["timeline", "-f", "json"],
    ["search", "garrison", "-f", "csv"],
    ["show", "{name}"],
    ["show", "{name}", "-f", "json"],
    ["list", "--year", "1941", "--sort", "name", "-f", "markdown"],
    ["list", "--place", "a", "--kind", "battle", "--reverse"],
    ["compare", "{name}", "--phases", "-f", "json"],
    ["timeline", "1941-09..1941-10", "--battle", "{name}", "-f", "csv"],
]


def test_every_command_gives_the_same_output_with_and_without_cache(run, data: Path) -> None:
    name = sorted(data.glob("*.yaml"))[4].read_text("utf-8").split("name: ", 1)[1].split("\n")[0]
    for command in COMMANDS:
        args = [a.replace("{name}", name) for a in command]
        plain = run("--data-dir", str(data), "--no-cache", *args)
        cold = run("--data-dir", str(data), *args)  # writes the cache
        warm = run("--data-dir", str(data), *args)  # reads it
        assert plain.exit_code == cold.exit_code == warm.exit_code == 0, args
        assert plain.stdout == cold.stdout == warm.stdout, args
        assert plain.stderr == cold.stderr == warm.stderr, args


@pytest.mark.parametrize("fmt", ["json", "geojson", "csv"])
def test_export_is_the_same_with_and_without_cache(
    run, data: Path, tmp_path: Path, fmt: str
) -> None:
    written = []
    for n, options in enumerate([["--no-cache"], [], []]):
        target = tmp_path / f"out-{n}"
        result = run("--data-dir", str(data), *options, "export", str(target), "-f", fmt)
        assert result.exit_code == 0, result.stderr
        files = sorted(target.rglob("*")) if target.is_dir() else [target]
        written.append([(f.name, f.read_bytes()) for f in files if f.is_file() and f != target])
        written[-1].append(("", target.read_bytes() if target.is_file() else b""))
    assert written[0] == written[1] == written[2]


def test_two_processes_at_once_see_a_whole_cache(data: Path, tmp_path: Path) -> None:
    env = {**os.environ, "BATTLES_CACHE_DIR": os.environ["BATTLES_CACHE_DIR"], "COLUMNS": "80"}
    command = [sys.executable, "-m", "battles", "--data-dir", str(data), "list", "-f", "csv"]
    expected = subprocess.run(
        command, env=env, capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    for store in cache_files():
        store.unlink()
    for _ in range(3):
        running = [
            subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT)
            for _ in range(2)
        ]
        outputs = [p.communicate()[0] for p in running]
        assert outputs == [expected, expected]
        time.sleep(0.01)
    assert not [p for p in cache.cache_dir().iterdir() if p.name.endswith(".tmp")]


def test_list_limit_and_all(run, data: Path) -> None:
    out = run("--data-dir", str(data), "list", "--limit", "3").stdout
    assert (
        out.splitlines()[-1]
        == "showing 3 of 12 records; --all shows every one, --limit N the first N"
    )
    assert run("--data-dir", str(data), "list", "--all").stdout.splitlines()[-1] == "12 records"
    piped = run("--data-dir", str(data), "list").stdout  # not a terminal: everything
    assert piped.splitlines()[-1] == "12 records"


def test_digests_from_the_cache_are_the_ones_derived_from_the_records(data: Path) -> None:
    from battles.loading import digest

    loading.load([data], use_cache=True)
    warm = loading.load([data], use_cache=True)
    for region, (_, derive) in enumerate(digest.REGIONS):
        assert warm.digests(region) == [derive(e.record) for e in warm.records]
        assert warm.digests(region, [3, 1]) == [derive(warm.entry(n).record) for n in (3, 1)]


def test_a_name_clash_is_reported_alike_from_the_cache(run, data: Path) -> None:
    files = sorted(data.glob("*.yaml"))
    twin = data / "zz-twin.yaml"  # claims the id of another file
    text = files[2].read_text("utf-8")
    first_name = text.split("name: ", 1)[1].split("\n", 1)[0]
    text = text.replace(f"name: {first_name}", f"id: {files[2].stem}\nname: Twin", 1)
    twin.write_text(text, "utf-8")
    plain = run("--data-dir", str(data), "--no-cache", "list", "-f", "csv")
    cold = run("--data-dir", str(data), "list", "-f", "csv")
    warm = run("--data-dir", str(data), "list", "-f", "csv")
    assert "is already the id or an alias of" in plain.stderr
    assert plain.stderr == cold.stderr == warm.stderr
    assert plain.stdout == cold.stdout == warm.stdout
    assert "Twin" not in warm.stdout
    files[2].unlink()  # the name is free again: the twin loads
    assert "Twin" in run("--data-dir", str(data), "list", "-f", "csv").stdout


def test_a_cache_directory_that_cannot_be_written_is_no_obstacle(
    run, data: Path, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory", "utf-8")
    env = {"BATTLES_CACHE_DIR": str(blocked / "cache")}
    plain = run("--data-dir", str(data), "--no-cache", "timeline", "-f", "csv")
    result = run("--data-dir", str(data), "timeline", "-f", "csv", env=env)
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == (plain.stdout, plain.stderr)


def test_a_cache_that_fails_while_written_is_built_in_memory(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = loading.load([data])
    put = cache.Writer.put

    def full_disk(self: cache.Writer, blob: bytes) -> tuple[int, int]:
        if self.path is not None:
            raise OSError(28, "No space left on device")
        return put(self, blob)

    monkeypatch.setattr(cache.Writer, "put", full_disk)
    dataset = loading.load([data], use_cache=True)
    assert [e.record for e in dataset.records] == [e.record for e in plain.records]
    assert cache_files() == []
    assert not list(cache.cache_dir().glob(".records-*"))


def test_several_directories_and_a_single_file_alike_with_and_without_cache(
    run, data: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    moved = sorted(data.glob("*.yaml"))[5]
    single = other / moved.name
    moved.rename(single)
    (other / "notes.txt").write_text("not a record", "utf-8")
    sources = ["--data-dir", str(data), "--data-dir", str(other), "--data-dir", str(single)]
    name = single.read_text("utf-8").split("name: ", 1)[1].split("\n")[0]
    for command in (["list", "-f", "csv"], ["show", name, "-f", "json"], ["timeline"]):
        plain = run(*sources, "--no-cache", *command)
        cold = run(*sources, *command)
        warm = run(*sources, *command)
        assert (
            (plain.stdout, plain.stderr) == (cold.stdout, cold.stderr) == (warm.stdout, warm.stderr)
        )
    # The file is in two of the sources: it is read once.
    assert plain.stderr == ""
    listed = run(*sources, "list", "-f", "csv").stdout
    assert listed.count(f",{name},") == 1


def test_stats_without_a_directory_descriptor(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = sorted(p.name for p in data.glob("*.yaml"))
    with_fd = pipeline._stats(str(data), names)
    monkeypatch.setattr(os, "supports_dir_fd", set())
    assert pipeline._stats(str(data), names) == with_fd
    assert len(with_fd) == 32 * len(names) and with_fd.count(0) < len(with_fd)
    # A file that cannot be stat'ed: zeros, which the listing reads as no stat at all.
    assert pipeline._stats(str(data), ["missing.yaml"]) == bytes(32)
    listing = pipeline._Listing(
        "r", str(data), ["missing.yaml", names[0]], bytes(32) + with_fd[:32], None, None
    )
    assert listing.stats[0] is None
    assert listing.stats[1] is not None and listing.stats[1][0] == (data / names[0]).stat().st_size


def test_compare_and_timeline_limit_and_all(run, data: Path) -> None:
    rows = run("--data-dir", str(data), "compare", "-f", "csv").stdout.count("\n") - 1
    out = run("--data-dir", str(data), "compare", "--limit", "3").stdout
    assert f"showing 3 of {rows} rows; --all shows every one, --limit N the first N" in out
    cut = json.loads(run("--data-dir", str(data), "compare", "--limit", "3", "-f", "json").stdout)
    assert (len(cut["rows"]), cut["total"]) == (3, rows)
    whole = json.loads(run("--data-dir", str(data), "timeline", "-f", "json").stdout)
    cut = json.loads(run("--data-dir", str(data), "timeline", "--limit", "5", "-f", "json").stdout)
    assert cut["entries"] == whole["entries"][:5]
    assert cut["total"] == whole["total"] == len(whole["entries"])
    assert cut["battles"] == whole["battles"]  # the chart keeps every battle of the period
    out = run("--data-dir", str(data), "timeline", "--limit", "5").stdout
    assert f"showing 5 of {whole['total']} entries" in out
    assert run("--data-dir", str(data), "timeline", "--all").stdout.count("showing") == 0


@pytest.mark.parametrize(
    ("command", "what", "lines"),
    [(["list"], "records", 12), (["compare"], "rows", 12), (["timeline"], "entries", 30)],
)
def test_in_a_terminal_a_view_stops_at_what_fits(
    run, data: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], what: str, lines: int
) -> None:
    from battles.environment import Environment

    run.environment = lambda: Environment(stdout_isatty=True, lines=lines)
    out = run("--data-dir", str(data), *command).stdout
    assert f" {what}; --all shows every one" in out
    # The command and the next prompt stay on the screen.
    assert len(out.splitlines()) <= lines - 2
    assert "showing" not in run("--data-dir", str(data), *command, "--all").stdout


def test_reading_searching_and_exporting_leave_no_reference_cycles(data: Path) -> None:
    """The entry point runs with the garbage collector off: what a command does for every
    record must be freed by reference counting alone."""
    import gc

    from battles.loading import digest
    from battles.questions import search
    from battles.render import export

    loading.load([data], use_cache=True)
    dataset = loading.load([data], use_cache=True)
    for entry in dataset.records:  # the first decode of each type may build its decoder
        entry.read()
        for region in range(len(digest.REGIONS)):
            entry.digest(region)
    gc.collect()
    gc.disable()
    try:
        again = loading.load([data], use_cache=True)
        for entry in again.records:
            entry.read()
            for region in range(len(digest.REGIONS)):
                entry.digest(region)
        list(export.table_batches(again))
        search.search(again, "the")
        "".join(export.dataset_json(again))
        assert gc.collect() == 0
    finally:
        gc.enable()


# -- issue 13: the cache is a cache, never a source ------------------------------------------------


def _plain_outputs(run, data: Path) -> dict[tuple[str, ...], tuple[int, str]]:  # type: ignore[no-untyped-def]
    name = names(loading.load([data]))[2]
    found = {}
    for command in (["list", "-f", "csv"], ["show", name, "-f", "json"], ["timeline", "-f", "csv"]):
        result = run("--data-dir", str(data), "--no-cache", *command)
        found[tuple(command)] = (result.exit_code, result.stdout)
    return found


def test_damage_anywhere_in_the_cache_means_a_rebuild(run, data: Path) -> None:  # type: ignore[no-untyped-def]
    """A byte changed anywhere (a same-length edit in a record, a month 13 in a digest)
    never shows and never crashes: every blob is checked before use."""
    expected = _plain_outputs(run, data)
    loading.load([data], use_cache=True)
    (store,) = cache_files()
    size = store.stat().st_size
    for offset in range(len(cache.MAGIC), size, max(size // 16, 1)):
        loading.load([data], use_cache=True)  # a whole cache file again
        raw = bytearray(store.read_bytes())
        # A rebuilt cache may be a few bytes shorter than the first one (36 bytes here):
        # the offsets stay within it.
        raw[min(offset, len(raw) - 1)] ^= 0x01
        store.write_bytes(bytes(raw))
        for command, (code, stdout) in expected.items():
            result = run("--data-dir", str(data), *command)
            assert (result.exit_code, result.stdout) == (code, stdout), (offset, command)
            assert "Traceback" not in result.stderr


def test_a_same_length_edit_inside_a_record_blob_never_shows(run, data: Path) -> None:
    first = loading.load([data], use_cache=True)
    name = names(first)[0]
    (store,) = cache_files()
    raw = store.read_bytes()
    forged = name[:-1] + ("X" if name[-1] != "X" else "Y")
    assert raw.count(name.encode()) >= 1
    store.write_bytes(raw.replace(name.encode(), forged.encode()))
    shown = run("--data-dir", str(data), "show", name, "-f", "json")
    assert shown.exit_code == 0 and forged not in shown.stdout
    assert forged not in run("--data-dir", str(data), "list", "-f", "csv").stdout


def _only_parsed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    parsed: list[Path] = []
    real = loading.load_bytes

    def counting(raw: bytes, path: Path, *args: object, **kwargs: object) -> object:
        parsed.append(path)
        return real(raw, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse, "load_bytes", counting)
    return parsed


@pytest.mark.parametrize("change", ["writable by others", "another user's", "group-writable"])
def test_a_cache_file_that_is_not_the_users_own_is_not_trusted(
    data: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    loading.load([data], use_cache=True)
    (store,) = cache_files()
    if change == "writable by others":
        store.chmod(0o606)
    elif change == "group-writable":
        store.chmod(0o660)
    else:
        if os.geteuid() != 0:
            pytest.skip("only root can give a file to another user")
        os.chown(store, 12345, 12345)
    parsed = _only_parsed(monkeypatch)
    dataset = loading.load([data], use_cache=True)
    assert len(parsed) == 12 and len(dataset.records) == 12  # every file read anew
    parsed.clear()
    loading.load([data], use_cache=True)  # the new file (the user's own) is trusted
    assert parsed == []


@pytest.mark.parametrize("change", ["writable by others", "another user's"])
def test_a_cache_directory_that_is_not_the_users_own_is_not_used(
    data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, change: str
) -> None:
    directory = tmp_path / "shared"
    directory.mkdir()
    monkeypatch.setenv("BATTLES_CACHE_DIR", str(directory))
    if change == "writable by others":
        directory.chmod(0o777)
    else:
        if os.geteuid() != 0:
            pytest.skip("only root can give a directory to another user")
        os.chown(directory, 12345, 12345)
    loading.load([data], use_cache=True)
    assert list(directory.iterdir()) == []  # nothing written there
    parsed = _only_parsed(monkeypatch)
    loading.load([data], use_cache=True)
    assert len(parsed) == 12


def test_a_fifo_at_the_cache_path_does_not_hang(data: Path) -> None:
    where = cache.cache_path([data])
    where.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(where)
    env = {**os.environ, "COLUMNS": "80"}
    result = subprocess.run(
        [sys.executable, "-m", "battles", "--data-dir", str(data), "list", "-f", "csv"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.count("\n") == 13


def test_cache_directory_rules() -> None:
    home = os.path.expanduser("~")
    assert cache.cache_dir({"XDG_CACHE_HOME": "relative/cache"}) == Path(home, ".cache", "battles")
    assert cache.cache_dir({"XDG_CACHE_HOME": "/abs/cache"}) == Path("/abs/cache/battles")
    assert cache.cache_dir({"BATTLES_CACHE_DIR": "rel"}) == Path(home, ".cache", "battles")
    assert cache.cache_dir({"BATTLES_CACHE_DIR": "/x/y"}) == Path("/x/y")


def test_a_missing_home_is_not_created(run, data: Path, tmp_path: Path) -> None:
    home = tmp_path / "no" / "such" / "home"
    env = {"HOME": str(home), "BATTLES_CACHE_DIR": "", "XDG_CACHE_HOME": ""}
    result = run("--data-dir", str(data), "list", "-f", "csv", env=env)
    assert result.exit_code == 0
    assert not (tmp_path / "no").exists()
    # a home that exists gets its .cache (mode 0700) and the cache in it
    home.mkdir(parents=True)
    assert run("--data-dir", str(data), "list", env=env).exit_code == 0
    assert (home / ".cache").stat().st_mode & 0o777 == 0o700
    assert len(list((home / ".cache" / "battles").glob("records-*"))) == 1


def test_a_racy_edit_is_seen(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file system with one-second timestamps, an edit of the same size in the same
    second as the build leaves every stat as it was: the file is checked by its content."""

    def coarse(stat: os.stat_result) -> tuple[int, int, int, int]:
        second = stat.st_mtime_ns // 1_000_000_000 * 1_000_000_000
        return (stat.st_size, second, second, stat.st_ino)

    monkeypatch.setattr(cache, "stat_key", coarse)
    for path in data.iterdir():  # written just now, as an editor would
        os.utime(path)
    target = sorted(data.glob("*.yaml"))[0]
    first = loading.load([data], use_cache=True)
    old = names(first)[0]
    new = "Z" * len(old)
    _rewrite(target, f"name: {old}", f"name: {new}", keep_times=True)
    assert new in names(loading.load([data], use_cache=True))
    # the racy files are checked until a build later than them
    (store,) = cache_files()
    index = cache.read(store)
    assert index is not None and index.index.racy
    later = time.time_ns() + 10 * cache.RACY_NS
    monkeypatch.setattr(pipeline.time, "time_ns", lambda: later)
    loading.load([data], use_cache=True)
    index = cache.read(store)
    assert index is not None and index.index.racy == []


def test_a_cache_truncated_under_a_reader_does_not_kill_it(data: Path) -> None:
    """The file is read with pread, never mapped: another process's truncation cannot end
    this one with SIGBUS; what cannot be read is read from the YAML files."""
    plain = [e.record for e in loading.load([data]).records]
    loading.load([data], use_cache=True)
    dataset = loading.load([data], use_cache=True)  # from the cache, nothing decoded yet
    (store,) = cache_files()
    with store.open("r+b") as handle:
        handle.truncate(100)
    assert [e.record for e in dataset.records] == plain
    from battles.loading import digest

    assert len(dataset.digests(digest.BRIEF)) == 12


KILLED_BUILD = """
import sys, time
from pathlib import Path
from battles import cli
from battles.loading import parse

real = parse.load_bytes
count = [0]
READY = Path(sys.argv[1])

def slow(*args, **kwargs):
    count[0] += 1
    if count[0] == 5:
        READY.write_text("ready")
        time.sleep(60)
    return real(*args, **kwargs)

parse.load_bytes = slow  # where the run reads each file
sys.argv = ["battles", "--data-dir", sys.argv[2], "list"]
cli.entry()
"""


def test_a_build_killed_mid_way_leaves_no_temporary_file(data: Path, tmp_path: Path) -> None:
    import signal

    ready = tmp_path / "ready"
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(ready), str(data)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ready.exists(), "the process never got to the write"
    assert list(cache.cache_dir().glob(".records-*.tmp"))
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGTERM and "Traceback" not in stderr
    assert list(cache.cache_dir().iterdir()) == []


def test_a_later_build_removes_what_a_killed_one_left(data: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    directory = cache.cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stale = directory / f".records-{int(dead.stdout)}-abcd.tmp"
    stale.write_bytes(b"\0" * 1000)
    running = directory / f".records-{os.getppid()}-efgh.tmp"
    running.write_bytes(b"\0")
    loading.load([data], use_cache=True)
    assert not stale.exists() and running.exists()


def test_the_fingerprint_sees_an_edit_to_any_module(tmp_path) -> None:
    import os

    from battles.loading import cache

    (tmp_path / "loading").mkdir()
    for name in ("model.py", "loading/parse.py", "text.py", "tally.py"):
        (tmp_path / name).write_text("x = 1\n", "utf-8")
    before = cache._fingerprint(tmp_path)
    assert before == cache._fingerprint(tmp_path)
    for name in ("loading/parse.py", "text.py"):
        path = tmp_path / name
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
        after = cache._fingerprint(tmp_path)
        assert after != before, name
        before = after
    for new in ("new_module.py", "loading/new_module.py"):
        (tmp_path / new).write_text("", "utf-8")
        assert cache._fingerprint(tmp_path) != before, new
        before = cache._fingerprint(tmp_path)
    # The package's own fingerprint covers every module that shapes records, digests and
    # lookup keys: every module of the package that building a cache imports.
    own = cache._fingerprint()
    shaping = _modules_a_cache_build_imports(tmp_path)
    assert "loading/digest.py" in shaping and "questions/units.py" in shaping
    for name in shaping:
        assert f";{name}:" in own, f"the cache's fingerprint leaves out {name}"


def _modules_a_cache_build_imports(tmp_path) -> list[str]:
    """The package's modules (as paths under ``battles/``) that a process imports to read
    the bundled records and make every digest the cache keeps."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from battles import loading\n"
        "from battles.loading import digest\n"
        "dataset = loading.load(loading.data_dirs([Path('data')]), use_cache=True)\n"
        "for entry in dataset.records:\n"
        "    digest.derive_all(entry.record)\n"
        "for name, module in sorted(sys.modules.items()):\n"
        "    if name.startswith('battles.') and getattr(module, '__file__', None):\n"
        "        print(Path(module.__file__).relative_to(Path(loading.__file__).parent.parent))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return [line.replace("\\", "/") for line in done.stdout.split()]


def test_each_region_number_names_its_digest() -> None:
    """The numbers the questions read a region by are its place in both lists of regions
    (two branches that each added regions would otherwise read each other's)."""
    from battles.loading import cache, digest

    assert len(cache.REGIONS) == len(digest.REGIONS)
    numbers = {
        "brief": digest.BRIEF,
        "forces": digest.FORCES,
        "happenings": digest.HAPPENINGS,
        "disputes": digest.DISPUTES,
        "sources": digest.SOURCES,
        "people": digest.PEOPLE,
        "units": digest.UNITS,
        "words": digest.WORDS,
        "listed": digest.LISTED,
        "people_lines": digest.PEOPLE_LINES,
        "unit_lines": digest.UNIT_LINES,
        "timed": digest.TIMED,
        "compared": digest.COMPARED,
    }
    for name, number in numbers.items():
        assert digest.REGIONS[number][1].__name__ == name
        assert cache.REGIONS[number] == name
    assert len(set(numbers.values())) == len(numbers)
