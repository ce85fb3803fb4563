"""Speed (issue 20): a first run parses on every core, and works alike on one; a long load
shows a progress bar on stderr, only on a terminal and not with --quiet."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, cache_store

from battles import loading
from battles.loading import cache, digest, pipeline
from battles.render import progress
from bench.generate import generate


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated records, with a file that does not load and one whose id clashes."""
    folder = tmp_path_factory.mktemp("speed") / "data"
    paths = generate(folder, 40, seed=20)
    (folder / "zz-broken.yaml").write_text("name: [unclosed\n", "utf-8")
    text = paths[3].read_text("utf-8")
    (folder / "zz-twin.yaml").write_text(f"id: {paths[3].stem}\n" + text, "utf-8")
    # A minute old: no file is "racy" (see cache.RACY_NS), which a busy machine could
    # otherwise make a later load read again.
    old = time.time_ns() - 60 * 10**9
    for path in folder.iterdir():
        os.utime(path, ns=(old, old))
    return folder


def _snapshot(dataset: loading.Dataset) -> tuple[object, ...]:
    return (
        [str(e) for e in dataset.problems],
        [e.record for e in dataset.records],
        [dataset.digests(region) for region in range(len(digest.REGIONS))],
        dataset.ids(),
        dataset.lookup_keys(),
    )


def test_parallel_and_one_worker_build_the_same_cache(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    expected = _snapshot(loading.load([records]))  # no cache at all
    assert len(expected[0]) == 2  # type: ignore[arg-type]
    for workers in ("1", "2", "3"):
        monkeypatch.setenv(loading.ENV_WORKERS, workers)
        monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / f"cache-{workers}"))
        first = loading.load([records], use_cache=True)
        assert (store := cache_store(first)) is not None and store.path is not None
        assert _snapshot(first) == expected, workers
        warm = loading.load([records], use_cache=True)
        assert _snapshot(warm) == expected, workers


def test_one_worker_parses_in_this_process(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With one worker (a one-core machine) no pool is started at all."""
    import concurrent.futures

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    monkeypatch.setenv(loading.ENV_WORKERS, "1")
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "cache"))
    assert len(loading.load([records], use_cache=True)) == 40


def test_a_pool_is_used_for_many_files(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    started: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    def counted(*args: object, **kwargs: object) -> object:
        started.append(int(kwargs["max_workers"]))  # type: ignore[call-overload]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 10)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counted)
    monkeypatch.setenv(loading.ENV_WORKERS, "2")
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "cache"))
    loading.load([records], use_cache=True)
    assert started == [2]
    (records / "zz-broken.yaml").touch()  # one file to read again: no pool for it
    os.utime(records / "zz-broken.yaml", ns=(1, 1))
    loading.load([records], use_cache=True)
    assert started == [2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), ("3", 3), ("0", None), ("-2", None), ("many", None), ("", None), ("900", 64)],
)
def test_workers_from_the_environment(value: str, expected: int | None) -> None:
    cores = loading.workers({})
    assert cores >= 1
    assert loading.workers({loading.ENV_WORKERS: value}) == (expected or cores)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_shows_once_the_work_is_long(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = _Terminal()
    shown = progress.bar("Reading records", stream=screen, delay=0.0)
    dataset = loading.load([records], use_cache=False, progress=shown)  # no build, no bar
    assert len(dataset) == 40 and screen.getvalue() == ""
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "cache"))
    loading.load([records], use_cache=True, progress=shown)
    assert "Reading records" in screen.getvalue()
    quick = _Terminal()  # a load shorter than the delay draws nothing
    (records / "zz-broken.yaml").touch()
    loading.load([records], use_cache=True, progress=progress.bar("x", stream=quick, delay=60))
    assert quick.getvalue() == ""


def test_a_bar_only_on_a_terminal_and_not_when_quiet() -> None:
    assert progress.wanted(_Terminal())
    assert not progress.wanted(_Terminal(), quiet=True)
    assert not progress.wanted(io.StringIO())


_CLI = (
    "import sys; from battles.render import progress; progress.DELAY = 0.0; "
    "from battles.cli import entry; sys.argv[0] = 'battles'; entry()"
)


def _run_on_a_terminal(records: Path, cache_dir: Path, *args: str) -> tuple[str, str]:
    """The CLI with stderr on a pseudo-terminal (stdout piped): what each received."""
    leader, follower = pty.openpty()
    env = {**os.environ, cache.ENV_DIR: str(cache_dir), "COLUMNS": "80", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-c", _CLI, "--data-dir", str(records), *args, "list", "--format", "csv"],
        stdout=subprocess.PIPE,
        stderr=follower,
        cwd=ROOT,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    stdout = process.communicate(timeout=120)[0].decode()
    os.close(leader)
    return stdout, b"".join(chunks).decode(errors="replace")


def test_the_cli_draws_a_bar_on_a_terminal_only(records: Path, tmp_path: Path) -> None:
    stdout, stderr = _run_on_a_terminal(records, tmp_path / "a")
    assert "Reading records" in stderr
    assert "Reading" not in stdout and stdout.count("\n") == 41  # a header and 40 records
    stdout, stderr = _run_on_a_terminal(records, tmp_path / "b", "--quiet")
    assert "Reading records" not in stderr
    assert stdout.count("\n") == 41
    piped = subprocess.run(
        [sys.executable, "-c", _CLI, "--data-dir", str(records), "list", "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, cache.ENV_DIR: str(tmp_path / "c")},
        check=False,
    )
    assert "Reading" not in piped.stderr
