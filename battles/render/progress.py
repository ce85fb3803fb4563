"""A progress bar on stderr for work that takes long: Rich's, drawn only when stderr is a
terminal, and only once the work has run for half a second (a short load shows nothing)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from battles.environment import current

DELAY = 0.5  # seconds of work before a bar appears


def wanted(stream: TextIO | None = None, *, quiet: bool = False) -> bool:
    """Whether a bar may be drawn: not with ``--quiet``, and only on a terminal."""
    if quiet:
        return False
    if stream is None:
        return current().stderr_is_terminal()
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream
        return False


def bar(
    description: str, *, stream: TextIO | None = None, delay: float | None = None
) -> Callable[[int], contextlib.AbstractContextManager[Callable[[int], None]]]:
    """What :func:`battles.loading.load` takes as ``progress``: given how many steps, a
    context whose function advances the bar by that many. The bar (and Rich) is loaded only
    when the work outlasts ``delay`` (default DELAY); it is removed when the work is done."""
    wait = DELAY if delay is None else delay

    @contextlib.contextmanager
    def progress(total: int) -> Iterator[Callable[[int], None]]:
        started = time.monotonic()
        done = 0
        shown: list[Any] = []  # the Rich Progress and its task, once drawn
        with contextlib.ExitStack() as stack:

            def step(count: int) -> None:
                nonlocal done
                done += count
                if shown:
                    shown[0].update(shown[1], completed=done)
                elif time.monotonic() - started >= wait and total > 0:
                    from rich.console import Console
                    from rich.progress import (
                        BarColumn,
                        MofNCompleteColumn,
                        Progress,
                        TimeElapsedColumn,
                        TimeRemainingColumn,
                    )

                    env = current()
                    console = Console(
                        file=stream or env.stderr,
                        force_terminal=True
                        if stream is None and env.stderr_is_terminal()
                        else None,
                    )
                    drawn = Progress(
                        "[progress.description]{task.description}",
                        BarColumn(),
                        MofNCompleteColumn(),
                        TimeElapsedColumn(),
                        TimeRemainingColumn(),
                        console=console,
                        transient=True,
                    )
                    stack.enter_context(drawn)
                    shown[:] = [drawn, drawn.add_task(description, total=total, completed=done)]

            yield step

    return progress
