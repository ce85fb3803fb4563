from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from battles.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
DATA = ROOT / "data"
WIDTH = "100"


def record_files(directory: Path) -> list[Path]:
    """A directory's record files, sorted: its YAML files less the dataset's tables."""
    from battles.loading import TABLES

    return sorted(p for p in directory.glob("*.yaml") if p.name not in TABLES)


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
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        full_env = {"COLUMNS": WIDTH, "NO_COLOR": "1", "TERM": "dumb"}
        full_env.update(env or {})
        result = runner.invoke(app, list(args), env=full_env, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


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
