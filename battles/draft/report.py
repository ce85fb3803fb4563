"""What ``battles draft`` shows for many inputs: a progress bar on stderr while it works
(only on a terminal), then a summary on stdout in plain text."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

from battles.draft.batch import Outcome


@contextlib.contextmanager
def progress(total: int) -> Iterator[Callable[[Outcome], None]]:
    """A step function to call after each input; a bar on stderr when it is a terminal."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda outcome: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("drafting", total=total)

        def step(outcome: Outcome) -> None:
            bar.advance(task)

        yield step


def summary(outcomes: list[Outcome]) -> str:
    """One line per input, then the counts."""
    lines = []
    for o in outcomes:
        if o.status == "drafted":
            checks = f"{o.checks} CHECK" + ("" if o.checks == 1 else "s")
            lines.append(f"drafted  {o.path}  ({checks})")
        elif o.status == "skipped":
            lines.append(f"skipped  {o.path}  ({o.message}; input {o.input})")
        else:
            lines.append(f"failed   {o.input}: {o.message}")
    count = {s: sum(1 for o in outcomes if o.status == s) for s in ("drafted", "skipped", "failed")}
    total = sum(o.checks for o in outcomes if o.status == "drafted")
    checks = f"{total} CHECK" + ("" if total == 1 else "s")
    lines.append(
        f"{count['drafted']} drafted ({checks} to read), {count['skipped']} skipped, "
        f"{count['failed']} failed"
    )
    return "\n".join(lines) + "\n"
