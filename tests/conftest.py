from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from battles.environment import Environment

if TYPE_CHECKING:
    from battles.loading import Dataset, cache

# The suite runs on shared machines, where an example's first run can take a second while
# other work runs: no per-example deadline (a slow example is no failure of the property).
settings.register_profile("battles", deadline=None)
settings.load_profile("battles")

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
DATA = ROOT / "data"
WIDTH = "100"


def record_files(directory: Path) -> list[Path]:
    """A directory's record files, sorted: its YAML files less the dataset's tables."""
    from battles.loading import TABLES

    return sorted(p for p in directory.glob("*.yaml") if p.name not in TABLES)


def cache_store(dataset: Dataset) -> cache.Store | None:
    """The cache file's store a dataset reads its records from (None: held in memory)."""
    from battles.loading.cached import CachedRecords

    records = dataset._store
    return records.store if isinstance(records, CachedRecords) else None


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the user's cache, nor the user's own records."""
    monkeypatch.setenv("BATTLES_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
    monkeypatch.setenv("BATTLES_PAGER", "")  # no pager, where a test takes stdout for a terminal
    monkeypatch.delenv("BATTLES_NO_CACHE", raising=False)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    """Run the CLI in-process with a fixed width and no colour; stdout and stderr apart."""
    monkeypatch.delenv("BATTLES_DATA", raising=False)
    monkeypatch.delenv("BATTLES_DEBUG", raising=False)
    return Runner()


class Runner:
    """``battles.cli.main`` with the given arguments, its error boundary included, in Click's
    test runner's streams. Each run gets a new :class:`Environment` from ``environment``
    (a test that wants a terminal sets ``run.environment = lambda: Environment(...)``), or
    the one a call gives."""

    def __init__(self) -> None:
        self.runner = CliRunner()
        self.environment: Callable[[], Environment] = Environment

    def __call__(
        self, *args: str, env: dict[str, str] | None = None, environment: Environment | None = None
    ) -> Result:
        from battles.cli import main

        full_env = {"COLUMNS": WIDTH, "NO_COLOR": "1", "TERM": "dumb"}
        full_env.update(env or {})
        with self.runner.isolation(env=full_env) as streams:
            try:
                code = main(list(args), environment or self.environment())
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
            out, err = streams[0].getvalue(), streams[1].getvalue()
        return Result(code, out.decode("utf-8"), err.decode("utf-8"))


EXPECTED = Path(__file__).parent / "expected"


def assert_expected(name: str, text: str) -> None:
    """Compare output with ``tests/expected/<name>``; BATTLES_UPDATE_EXPECTED=1 rewrites it
    (then read the diff before committing)."""
    import os

    path = EXPECTED / name
    if os.environ.get("BATTLES_UPDATE_EXPECTED") == "1":
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run with BATTLES_UPDATE_EXPECTED=1 and review it"
    assert text == path.read_bytes().decode("utf-8")
