"""The benchmark runs end to end at its smallest size (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_bench_smoke(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--sizes",
            "5",
            "--runs",
            "1",
            "--big-runs",
            "1",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "| budget line | measured | holds |" in result.stdout
    report = json.loads(out.read_text("utf-8"))
    names = {m["name"] for m in report["results"]}
    assert {"battles show krusevac", "list --format json", "show NAME"} <= names
    empty = [m for m in report["results"] if not (m["median_ms"] > 0 and m["peak_mb"] > 0)]
    assert empty == []


def test_generator_is_reproducible(tmp_path: Path) -> None:
    from bench.generate import generate

    first = [p.read_text("utf-8") for p in generate(tmp_path / "a", 3, seed=7)]
    second = [p.read_text("utf-8") for p in generate(tmp_path / "b", 3, seed=7)]
    assert first == second
    from battles import loading

    dataset = loading.load([tmp_path / "a"])
    assert dataset.problems == [] and len(dataset.records) == 3


def test_peak_memory_is_the_childs_own() -> None:
    """ru_maxrss carries the forking parent's peak over exec: the benchmark reads the
    child's own VmHWM instead, so a large parent does not show in a small child."""
    import os

    from bench.__main__ import run_once

    ballast = b"x" * (300 << 20)  # this process: over 300 MB resident
    child = "import time; b = b'x' * (60 << 20); time.sleep(0.3)"
    _, peak, cpu = run_once([sys.executable, "-c", child], dict(os.environ))
    assert len(ballast) and 60 <= peak < 150
    assert cpu > 0
