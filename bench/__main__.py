"""The benchmark: ``uv run python -m bench`` (``--help`` for the options).

It generates synthetic datasets (100, 1,000 and 10,000 records by default) into a temporary
directory, times whole ``battles`` processes (median of several runs after a warm-up) with
their peak memory, prints a table that says which lines of the budget hold, and writes the
same figures to a JSON file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.generate import generate

ALONGSIDE = "battles show krusevac, taking turns with show NAME"
SITE = "first run: export DIR --format site"
BASELINE = [sys.executable, "-c", "import typer, rich.console, rich.table, yaml"]
LIBYAML = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    with open(path, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""


# The analysis commands (issue 17), each at every size.
ANALYSIS: list[tuple[str, list[str]]] = [
    ("compare --ratios --format csv", ["compare", "--ratios", "--format", "csv"]),
    ("stats --by month --format csv", ["stats", "--by", "month", "--format", "csv"]),
    ("disputes --format csv", ["disputes", "--format", "csv"]),
    ("sources --format csv", ["sources", "--format", "csv"]),
    ("people --format csv", ["people", "--format", "csv"]),
    ("units --format csv", ["units", "--format", "csv"]),
]


@dataclass
class Measure:
    name: str
    size: int | None
    median_ms: float
    peak_mb: float
    runs: int


def battles_command() -> list[str]:
    script = Path(sys.executable).parent / "battles"
    return [str(script)] if script.exists() else [sys.executable, "-m", "battles"]


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (ms) and peak resident memory (MB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stderr}")
    return elapsed, usage.ru_maxrss / 1024


def measure(
    name: str,
    command: list[str],
    env: dict[str, str],
    runs: int,
    *,
    size: int | None = None,
    warmup: int = 1,
    before: object = None,
) -> Measure:
    for _ in range(warmup):
        if callable(before):
            before()
        run_once(command, env)
    times, peaks = [], []
    for _ in range(runs):
        if callable(before):
            before()
        elapsed, peak = run_once(command, env)
        times.append(elapsed)
        peaks.append(peak)
    return Measure(name, size, round(statistics.median(times), 1), round(max(peaks), 1), runs)


def measure_together(
    commands: list[tuple[str, list[str]]], env: dict[str, str], runs: int
) -> list[Measure]:
    """Like :func:`measure`, but the commands take turns run by run, so that a change in the
    machine's load while the benchmark runs weighs on all of them alike (their ratios are
    what the budget asks about)."""
    for _, command in commands:
        run_once(command, env)
    times: dict[str, list[float]] = {name: [] for name, _ in commands}
    peaks: dict[str, list[float]] = {name: [] for name, _ in commands}
    for _ in range(runs):
        for name, command in commands:
            elapsed, peak = run_once(command, env)
            times[name].append(elapsed)
            peaks[name].append(peak)
    return [
        Measure(
            name, None, round(statistics.median(times[name]), 1), round(max(peaks[name]), 1), runs
        )
        for name, _ in commands
    ]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per measure")
    parser.add_argument("--big-runs", type=int, default=3, help="timed runs at 10,000")
    parser.add_argument(
        "--site",
        type=int,
        nargs="*",
        default=[],
        metavar="SIZE",
        help="also time a first (cold) `export DIR --format site` at these sizes, one run each",
    )
    parser.add_argument("--seed", type=int, default=1941)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results.json")
    args = parser.parse_args()

    _compile()
    work = Path(tempfile.mkdtemp(prefix="battles-bench-"))
    cache = work / "cache"
    env = {**os.environ, "BATTLES_CACHE_DIR": str(cache), "COLUMNS": "80"}
    env.pop("BATTLES_DATA", None)
    env.pop("BATTLES_NO_CACHE", None)
    battles = battles_command()
    results: list[Measure] = []

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    try:
        runs = args.runs
        results += measure_together(
            [
                ("import typer, rich, yaml (baseline)", BASELINE),
                ("battles show krusevac", [*battles, "show", "krusevac"]),
                ("battles --help", [*battles, "--help"]),
                ("battles --version", [*battles, "--version"]),
            ],
            env,
            max(runs, 11),
        )
        for size in args.sizes:
            data = work / f"data-{size}"
            paths = generate(data, size, args.seed)
            name = _first_name(paths[len(paths) // 2])
            n = args.big_runs if size >= 10000 else runs
            base = [*battles, "--data-dir", str(data)]
            results.append(
                measure(
                    "libyaml parses the files",
                    [sys.executable, "-c", LIBYAML, str(data)],
                    env,
                    n,
                    size=size,
                )
            )
            results.append(
                measure(
                    "first run: list --format json",
                    [*base, "list", "--format", "json"],
                    env,
                    n,
                    size=size,
                    before=clear_cache,
                )
            )
            for label, extra in [
                ("list --format json", ["list", "--format", "json"]),
                (
                    "compare --casualties --format csv",
                    ["compare", "--casualties", "--format", "csv"],
                ),
                ("timeline 1941 --format csv", ["timeline", "1941", "--format", "csv"]),
                *ANALYSIS,
            ]:
                results.append(measure(label, [*base, *extra], env, n, size=size))
            if size in args.site:
                site = work / f"site-{size}"

                def cold_site(site: Path = site) -> None:
                    clear_cache()
                    shutil.rmtree(site, ignore_errors=True)

                command = [*base, "export", str(site), "--format", "site"]
                results.append(
                    measure(SITE, command, env, 1, size=size, warmup=0, before=cold_site)
                )
            # show NAME takes turns with show on the bundled data: the budget is their ratio.
            for m in measure_together(
                [
                    ("show NAME", [*base, "show", name]),
                    (ALONGSIDE, [*battles, "show", "krusevac"]),
                ],
                env,
                max(n, 7),
            ):
                m.size = size
                results.append(m)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    verdicts = budget(results, max(args.sizes))
    report = {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d"),
        "results": [asdict(m) for m in results],
        "budget": verdicts,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(table(results, verdicts, report["machine"]))


def _compile() -> None:
    """Byte-compile the environment and the package, as an installed tool would be: every
    process measured then reads bytecode, the baseline included."""
    import compileall
    import sysconfig

    import battles

    for directory in {sysconfig.get_paths()["purelib"], str(Path(battles.__file__).parent)}:
        compileall.compile_dir(directory, quiet=2, workers=0)


def _first_name(path: Path) -> str:
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("name: "):
            return line.removeprefix("name: ").strip().strip("'\"")
    raise SystemExit(f"no name in {path}")


def machine() -> str:
    cores = os.cpu_count()
    system = f"{platform.system()} {platform.machine()}"
    return f"{system}, {cores} cores, Python {platform.python_version()}"


def _find(results: list[Measure], name: str, size: int | None = None) -> Measure | None:
    return next((m for m in results if m.name == name and m.size == size), None)


def budget(results: list[Measure], big: int) -> list[dict[str, object]]:
    """Each line of the budget: what it asks, what was measured, and whether it holds."""
    lines: list[dict[str, object]] = []
    base = _find(results, "import typer, rich, yaml (baseline)")
    assert base is not None
    bundled_show = _find(results, "battles show krusevac")

    def ratio(name: str, limit: float) -> None:
        m = _find(results, name)
        if m is not None:
            value = m.median_ms / base.median_ms
            lines.append(
                {
                    "line": f"{name} ≤ {limit} × baseline",
                    "measured": f"{value:.2f} ×",
                    "holds": value <= limit,
                }
            )

    ratio("battles show krusevac", 1.35)
    ratio("battles --help", 1.2)
    ratio("battles --version", 1.2)
    for name in (
        "list --format json",
        "compare --casualties --format csv",
        "timeline 1941 --format csv",
        *(label for label, _ in ANALYSIS),
    ):
        m = _find(results, name, big)
        if m is not None:
            lines.append(
                {
                    "line": f"{big:,} records: {name} < 1 s",
                    "measured": f"{m.median_ms / 1000:.2f} s",
                    "holds": m.median_ms < 1000,
                }
            )
    site = _find(results, SITE, big)
    if site is not None:
        lines.append(
            {
                "line": f"{big:,} records: {SITE} < 60 s",
                "measured": f"{site.median_ms / 1000:.1f} s",
                "holds": site.median_ms < 60_000,
            }
        )
    show = _find(results, "show NAME", big)
    bundled_show = _find(results, ALONGSIDE, big) or bundled_show
    if show is not None and bundled_show is not None:
        value = show.median_ms / bundled_show.median_ms
        lines.append(
            {
                "line": f"{big:,} records: show NAME < 2 × show on the bundled data",
                "measured": f"{value:.2f} ×",
                "holds": value < 2,
            }
        )
    peaks = [m.peak_mb for m in results if m.size == big and not m.name.startswith("libyaml")]
    if peaks:
        lines.append(
            {
                "line": f"{big:,} records: peak memory < 250 MB",
                "measured": f"{max(peaks):.0f} MB",
                "holds": max(peaks) < 250,
            }
        )
    first = _find(results, "first run: list --format json", big)
    parse = _find(results, "libyaml parses the files", big)
    if first is not None and parse is not None:
        value = first.median_ms / parse.median_ms
        lines.append(
            {
                "line": f"{big:,} records, first run ≤ 1.3 × libyaml parsing",
                "measured": f"{value:.2f} ×",
                "holds": value <= 1.3,
            }
        )
    return lines


def table(results: list[Measure], verdicts: list[dict[str, object]], where: str) -> str:
    sizes = sorted({m.size for m in results if m.size is not None})
    names = list(dict.fromkeys(m.name for m in results))
    header = "| measure | " + " | ".join(
        f"{s:,} records" if s else "bundled" for s in [None, *sizes]
    )
    out = [header + " |", "|---|" + "---|" * (len(sizes) + 1)]
    for name in names:
        cells = []
        for size in [None, *sizes]:
            m = _find(results, name, size)
            cells.append(f"{m.median_ms:,.0f} ms, {m.peak_mb:.0f} MB" if m else "")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out += ["", f"Machine: {where}.", "", "| budget line | measured | holds |", "|---|---|---|"]
    for v in verdicts:
        out.append(f"| {v['line']} | {v['measured']} | {'yes' if v['holds'] else 'no'} |")
    return "\n".join(out)


if __name__ == "__main__":
    main()
