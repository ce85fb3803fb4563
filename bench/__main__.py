"""The benchmark: ``uv run python -m bench`` (``--help`` for the options).

It generates synthetic datasets (100, 1,000 and 10,000 records by default) into a temporary
directory, times whole ``battles`` processes (median of several runs after a warm-up) with
their peak memory and the processor time they used, prints a table that says which lines of
the budget hold, and writes the same figures to a JSON file. ``--only WORDS`` runs the
measures whose name holds one of the words (and what their budget lines need).

Peak memory is the child's own high-water mark (``VmHWM`` in ``/proc/PID/status``, read
while it runs), not ``ru_maxrss``, which Linux carries over ``exec`` from the forking
parent. The start-up ratios are also given at the quietest moment of the run: the lowest of
several rounds of paired medians.
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
import threading
import time
from dataclasses import asdict, dataclass, field
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
    cpu_ms: float = 0.0  # median processor time (user and system, its children's too)
    note: str = ""
    rounds: list[float] = field(default_factory=list)  # paired medians, round by round


def battles_command() -> list[str]:
    script = Path(sys.executable).parent / "battles"
    return [str(script)] if script.exists() else [sys.executable, "-m", "battles"]


def _high_water(pid: int) -> float:
    """The process's peak resident memory so far (MB), or 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def run_once(
    command: list[str], env: dict[str, str], stdout: int | None = subprocess.DEVNULL
) -> tuple[float, float, float]:
    """Wall time (ms), peak resident memory (MB) and processor time (ms) of one process.

    The peak is read from the child's own VmHWM every few milliseconds while it runs (the
    mark only grows, so the last reading is its peak unless it grew in its last moments);
    where /proc is missing, ru_maxrss stands in."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=stdout, stderr=subprocess.PIPE)
    peak = [0.0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _high_water(process.pid))
            done.wait(0.002)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    stderr = ""
    if process.stderr is not None:
        with process.stderr:
            stderr = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    done.set()
    watcher.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stderr}")
    cpu = (usage.ru_utime + usage.ru_stime) * 1000
    return elapsed, peak[0] or usage.ru_maxrss / 1024, cpu


def _cdb90() -> tuple[Path, str]:
    """The CDB90 dataset to time ``battles import`` on: the whole of it where the shared
    datasets lie beside the project, else the tests' excerpt of it."""
    project = Path(__file__).resolve().parent.parent
    whole = project.parent / "shared" / "datasets" / "cdb90"
    if (whole / "datapackage.json").is_file():
        return whole, "the whole dataset, 660 battles"
    return project / "tests" / "fixtures" / "datasets" / "cdb90", "the tests' excerpt"


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
    times, peaks, cpus = [], [], []
    for _ in range(runs):
        if callable(before):
            before()
        elapsed, peak, cpu = run_once(command, env)
        times.append(elapsed)
        peaks.append(peak)
        cpus.append(cpu)
    print(f"  {name} ({size or 'bundled'}): {statistics.median(times):,.0f} ms", file=sys.stderr)
    return Measure(
        name,
        size,
        round(statistics.median(times), 1),
        round(max(peaks), 1),
        runs,
        round(statistics.median(cpus), 1),
    )


def measure_together(
    commands: list[tuple[str, list[str]]], env: dict[str, str], runs: int, rounds: int = 1
) -> list[Measure]:
    """Like :func:`measure`, but the commands take turns run by run, so that a change in the
    machine's load while the benchmark runs weighs on all of them alike (their ratios are
    what the budget asks about). With several ``rounds``, each round's medians are kept
    too: the lowest ratio of a round is the quietest moment's."""
    for _, command in commands:
        run_once(command, env)
    times: dict[str, list[float]] = {name: [] for name, _ in commands}
    peaks: dict[str, list[float]] = {name: [] for name, _ in commands}
    cpus: dict[str, list[float]] = {name: [] for name, _ in commands}
    medians: dict[str, list[float]] = {name: [] for name, _ in commands}
    for _ in range(rounds):
        this: dict[str, list[float]] = {name: [] for name, _ in commands}
        for _ in range(runs):
            for name, command in commands:
                elapsed, peak, cpu = run_once(command, env)
                times[name].append(elapsed)
                this[name].append(elapsed)
                peaks[name].append(peak)
                cpus[name].append(cpu)
        for name in this:
            medians[name].append(round(statistics.median(this[name]), 1))
    return [
        Measure(
            name,
            None,
            round(statistics.median(times[name]), 1),
            round(max(peaks[name]), 1),
            runs * rounds,
            round(statistics.median(cpus[name]), 1),
            rounds=medians[name] if rounds > 1 else [],
        )
        for name, _ in commands
    ]


STARTUP = "import typer, rich, yaml (baseline)"
FIRST = "first run: list --format json"
LIBYAML_NAME = "libyaml parses the files"
# The 10,000-record budget of issue 20: (measure, seconds).
WARM: list[tuple[str, float]] = [
    ("list --format json", 0.25),
    ("compare --casualties --format csv", 0.5),
    ("timeline 1941 --format csv", 0.5),
    ("search NAME", 0.4),
    ("search battle (a word in every record)", 2.0),
    ("list, a table of every record, piped", 2.0),
    *((label, 1.0) for label, _ in ANALYSIS),
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
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the start-up pairs")
    parser.add_argument("--seed", type=int, default=1941)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results.json")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="WORD",
        help="only the measures whose name holds one of these words (the start-up pairs "
        "run with 'start-up')",
    )
    args = parser.parse_args()

    def wanted(name: str) -> bool:
        return not args.only or any(word in name for word in args.only)

    _compile()
    work = Path(tempfile.mkdtemp(prefix="battles-bench-"))
    cache = work / "cache"
    env = {**os.environ, "BATTLES_CACHE_DIR": str(cache), "COLUMNS": "80"}
    for name in ("BATTLES_DATA", "BATTLES_NO_CACHE", "BATTLES_WORKERS"):
        env.pop(name, None)
    battles = battles_command()
    results: list[Measure] = []
    notes: list[str] = []

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    try:
        runs = args.runs
        if not args.only or "start-up" in args.only:
            results += measure_together(
                [
                    (STARTUP, BASELINE),
                    ("battles show krusevac", [*battles, "show", "krusevac"]),
                    ("battles --help", [*battles, "--help"]),
                    ("battles --version", [*battles, "--version"]),
                ],
                env,
                max(runs, 5),
                rounds=args.rounds,
            )
        has_import = _has_command(battles, env, "import")
        if not has_import:
            notes.append("`battles import` is not in this build: not timed")
        elif wanted("import"):
            source, what = _cdb90()
            into = work / "imported"
            results.append(
                measure(
                    f"import cdb90 ({what})",
                    [*battles, "import", "cdb90", str(source), "--into", str(into)],
                    env,
                    runs,
                    before=lambda: shutil.rmtree(into, ignore_errors=True),
                )
            )
        for size in args.sizes:
            data = work / f"data-{size}"
            paths = generate(data, size, args.seed)
            name = _first_name(paths[len(paths) // 2])
            n = args.big_runs if size >= 10000 else runs
            base = [*battles, "--data-dir", str(data)]
            if wanted(LIBYAML_NAME):
                results.append(
                    measure(
                        LIBYAML_NAME, [sys.executable, "-c", LIBYAML, str(data)], env, n, size=size
                    )
                )
            if wanted(FIRST):
                results.append(
                    measure(
                        FIRST,
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
                # CSV: the search itself (a table of many hits is the piped-table line)
                ("search NAME", ["search", name, "--format", "csv"]),
                (
                    "search battle (a word in every record)",
                    ["search", "battle", "--format", "csv"],
                ),
                ("list, a table of every record, piped", ["list", "--all"]),
                *ANALYSIS,
            ]:
                if wanted(label):
                    results.append(measure(label, [*base, *extra], env, n, size=size))
            if size in args.site and wanted("site"):
                site = work / f"site-{size}"

                def cold_site(site: Path = site) -> None:
                    clear_cache()
                    shutil.rmtree(site, ignore_errors=True)

                command = [*base, "export", str(site), "--format", "site"]
                results.append(
                    measure(SITE, command, env, 1, size=size, warmup=0, before=cold_site)
                )
            # show NAME takes turns with show on the bundled data: the budget is their ratio.
            if wanted("show NAME"):
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
            if size == max(args.sizes) and wanted("peers"):
                results += _peers(base, work, env, n, size)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    verdicts = budget(results, max(args.sizes), sorted(args.sizes))
    report = {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d"),
        "results": [asdict(m) for m in results],
        "budget": verdicts,
        "notes": notes,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(table(results, verdicts, str(report["machine"]), tuple(notes)))


def _has_command(battles: list[str], env: dict[str, str], name: str) -> bool:
    found = subprocess.run(
        [*battles, name, "--help"], env=env, capture_output=True, check=False, timeout=60
    )
    return found.returncode == 0


# The same listing (id, name, kind, start and end of every record, in date order) by the
# peers the issue names, on the dataset's own exports.
SQLITE_LISTING = 'SELECT id, name, kind, start, "end" FROM battles ORDER BY start, name'
JQ_LISTING = '[.records[] | {id, name, kind, start, "end": ."end"}] | sort_by(.start, .name)'


def _peers(base: list[str], work: Path, env: dict[str, str], runs: int, size: int) -> list[Measure]:
    """The export itself (timed: a long export is what a progress bar is for), then the
    listing by sqlite3 on the SQLite export and by jq on the JSON export, where they are
    installed."""
    found: list[Measure] = []
    database, document = work / "peers.db", work / "peers.json"

    def fresh(path: Path) -> None:
        path.unlink(missing_ok=True)

    for fmt, path in (("sqlite", database), ("json", document)):
        m = measure(
            f"export --format {fmt}",
            [*base, "export", str(path), "--format", fmt],
            env,
            1,
            size=size,
            before=lambda path=path: fresh(path),
        )
        found.append(m)
    found.append(
        measure(
            "battles list --format json (beside the peers)",
            [*base, "list", "--format", "json"],
            env,
            runs,
            size=size,
        )
    )
    if shutil.which("sqlite3"):
        command = ["sqlite3", "-json", str(database), SQLITE_LISTING]
        found.append(measure("sqlite3 on the SQLite export", command, env, runs, size=size))
    if shutil.which("jq"):
        command = ["jq", "-c", JQ_LISTING, str(document)]
        found.append(measure("jq on the JSON export", command, env, runs, size=size))
    return found


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


def budget(
    results: list[Measure], big: int, sizes: list[int] | None = None
) -> list[dict[str, object]]:
    """Each line of the budget (issue 20): what it asks, what was measured, and whether it
    holds."""
    lines: list[dict[str, object]] = []
    base = _find(results, STARTUP)

    def line(text: str, measured: str, holds: bool) -> None:
        lines.append({"line": text, "measured": measured, "holds": holds})

    if base is not None:
        for name, limit in (
            ("battles show krusevac", 1.2),
            ("battles --help", 1.0),
            ("battles --version", 1.0),
        ):
            m = _find(results, name)
            if m is None:
                continue
            value = m.median_ms / base.median_ms
            line(f"{name} ≤ {limit} × baseline", f"{value:.2f} ×", value <= limit)
            pairs = list(zip(m.rounds, base.rounds, strict=False))
            if len(pairs) > 1:  # the quietest round: the lowest of the paired medians
                quiet = min(mine / theirs for mine, theirs in pairs)
                line(
                    f"{name} ≤ {limit} × baseline, at the quietest of {len(pairs)} rounds",
                    f"{quiet:.2f} ×",
                    quiet <= limit,
                )
    at = 10000 if 10000 in (sizes or [big]) else big
    for name, seconds in WARM:
        m = _find(results, name, at)
        if m is not None:
            line(
                f"{at:,} records: {name} ≤ {seconds:g} s",
                f"{m.median_ms / 1000:.2f} s (processor {m.cpu_ms / 1000:.2f} s)",
                m.median_ms <= seconds * 1000,
            )
    site = _find(results, SITE, at)
    if site is not None:
        line(
            f"{at:,} records: {SITE} < 60 s",
            f"{site.median_ms / 1000:.1f} s",
            site.median_ms < 60_000,
        )
    show = _find(results, "show NAME", at)
    bundled_show = _find(results, ALONGSIDE, at)
    if show is not None and bundled_show is not None:
        value = show.median_ms / bundled_show.median_ms
        line(
            f"{at:,} records: show NAME < 2 × show on the bundled data", f"{value:.2f} ×", value < 2
        )
    peaks = [
        m.peak_mb
        for m in results
        if m.size == at
        and m.name.split()[0]
        in (
            "first",
            "list",
            "compare",
            "timeline",
            "search",
            "show",
            "stats",
            "disputes",
            "sources",
            "people",
            "units",
        )
    ]
    if peaks:
        line(f"{at:,} records: peak memory < 250 MB", f"{max(peaks):.0f} MB", max(peaks) < 250)
    first = _find(results, FIRST, at)
    parse = _find(results, LIBYAML_NAME, at)
    if first is not None and parse is not None:
        value = first.median_ms / parse.median_ms
        line(
            f"{at:,} records, first run ≤ 0.6 × libyaml parsing (one process)",
            f"{value:.2f} ×",
            value <= 0.6,
        )
    if big >= 100000:
        m = _find(results, "list --format json", big)
        if m is not None:
            line(
                f"{big:,} records: list --format json < 2.5 s",
                f"{m.median_ms / 1000:.2f} s",
                m.median_ms < 2500,
            )
        peaks = [
            x.peak_mb for x in results if x.size == big and x.name.split()[0] in ("first", "list")
        ]
        if peaks:
            line(f"{big:,} records: peak memory < 500 MB", f"{max(peaks):.0f} MB", max(peaks) < 500)
        small = _find(results, FIRST, 10000)
        large = _find(results, FIRST, big)
        if small is not None and large is not None:
            want = big / 10000
            value = large.median_ms / small.median_ms
            line(
                f"first run linear: 10,000 → {big:,} within 10 % of {want:g} ×",
                f"{value:.1f} ×",
                abs(value - want) <= 0.1 * want,
            )
    return lines


def table(
    results: list[Measure],
    verdicts: list[dict[str, object]],
    where: str,
    notes: tuple[str, ...] = (),
) -> str:
    """The measures (median wall time, peak memory, median processor time) by size, then
    the budget."""
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
            cells.append(
                f"{m.median_ms:,.0f} ms ({m.cpu_ms:,.0f} ms CPU), {m.peak_mb:.0f} MB" if m else ""
            )
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out += ["", f"Machine: {where}.", "", "| budget line | measured | holds |", "|---|---|---|"]
    for v in verdicts:
        out.append(f"| {v['line']} | {v['measured']} | {'yes' if v['holds'] else 'no'} |")
    out += [f"\nNote: {note}." for note in notes]
    return "\n".join(out)


if __name__ == "__main__":
    main()
