"""Import both whole datasets and check the result: ``python -m battles.importers.check
[SHARED] [--keep DIR]``.

SHARED is the folder holding ``cdb90/`` and ``acw/`` (default: ``../shared/datasets`` beside
the repository). Each dataset is imported into its own directory (a temporary one unless
``--keep DIR`` is given), loaded and validated; one line per dataset gives the records, the
errors, the warnings (with their most common messages) and the time taken. Exits 1 when a
record does not load or does not validate.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from battles.importers.run import quiet, run

DEFAULT = Path(__file__).resolve().parents[2].parent / "shared" / "datasets"


def check(shared: Path, into: Path) -> tuple[list[str], int]:
    """One report line per dataset, and the number of errors in all."""
    from battles import loading
    from battles import validate as checks

    lines, errors = [], 0
    for name in ("cdb90", "acw"):
        target = into / name
        began = time.perf_counter()
        summary = run(name, shared / name, target, force=True, progress=quiet)
        imported = time.perf_counter() - began
        began = time.perf_counter()
        dataset = loading.load([target], use_cache=False, positions=True)
        problems = checks.check(dataset)
        checked = time.perf_counter() - began
        bad = [p for p in problems if p.severity == "error"]
        warned = [p for p in problems if p.severity == "warning" and not _reviewed(p)]
        reviewed = [p for p in problems if p.severity == "warning" and _reviewed(p)]
        errors += len(bad)
        common = Counter(_kind(p.message) for p in bad + warned).most_common(5)
        common += [
            (f"reviewed: {message}", count)
            for message, count in Counter(_kind(p.message) for p in reviewed).most_common(3)
        ]
        lines.append(
            f"{name} {summary.version}: {summary.records} records written in {imported:.1f} s, "
            f"{len(dataset.records)} loaded; {len(bad)} errors, {len(warned)} warnings "
            f"({len(reviewed)} more reviewed); "
            f"load and validate {checked:.1f} s"
        )
        lines += [f"  {count} x {message}" for message, count in common]
        lines += [f"  first error: {p.render()}" for p in bad[:3]]
    return lines, errors


def _reviewed(problem: object) -> bool:
    """Whether a record's ``reviewed:`` entry acknowledges the warning."""
    return bool(getattr(problem, "reviewed", None))


def _kind(message: str) -> str:
    """A message without its numbers, to count alike problems together."""
    import re

    return re.sub(r"\d[\d,.]*", "N", message)[:120]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m battles.importers.check")
    parser.add_argument("shared", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--keep", type=Path, help="Import into this directory and keep it.")
    args = parser.parse_args(argv)
    if not (args.shared / "cdb90").is_dir() or not (args.shared / "acw").is_dir():
        sys.stderr.write(f"no cdb90/ and acw/ in {args.shared}\n")
        return 2
    if args.keep:
        lines, errors = check(args.shared, args.keep)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            lines, errors = check(args.shared, Path(tmp))
    sys.stdout.write("\n".join(lines) + "\n")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
