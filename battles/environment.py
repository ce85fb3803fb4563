"""What the tool reads of the world it runs in, in one object that tests can replace.

:class:`Environment` holds the streams (stdin, stdout, stderr), whether they are terminals,
the terminal's size, the environment variables, and the run's choices that every part of
the output follows (a pager or not, a traceback or not, whether the process may end as soon
as its output is written). ``battles.cli.main(argv, env)`` runs the tool in one; a test
passes its own (``Environment(stdout_isatty=True, columns=60)``) rather than patching the
functions that ask. Nothing here imports Typer or Rich.

A stream left as None is the process's at the moment it is asked for (``sys.stdout``), so
that a test runner that swaps the streams (Click's ``CliRunner``) is followed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator, Mapping
from typing import IO, Any


class Environment:
    """The streams, terminal and variables of one run (see the module's docstring)."""

    def __init__(
        self,
        *,
        stdin: IO[Any] | None = None,
        stdout: IO[Any] | None = None,
        stderr: IO[Any] | None = None,
        stdout_isatty: bool | None = None,
        stderr_isatty: bool | None = None,
        columns: int | None = None,
        lines: int | None = None,
        environ: Mapping[str, str] | None = None,
        pager: bool = True,
        debug: bool = False,
        exit_when_done: bool = False,
    ) -> None:
        self._stdin = stdin
        self._stdout = stdout
        self._stderr = stderr
        self._stdout_isatty = stdout_isatty
        self._stderr_isatty = stderr_isatty
        self._columns = columns
        self._lines = lines
        self._environ = environ
        self.pager = pager  # --no-pager sets it False
        self.debug = debug  # --debug (or BATTLES_DEBUG=1): tracebacks instead of one line
        # The ``battles`` process itself: once the output is written, end at once rather
        # than free a large dataset object by object (tests leave it off).
        self.exit_when_done = exit_when_done

    @property
    def stdin(self) -> IO[Any]:
        return self._stdin if self._stdin is not None else sys.stdin

    @property
    def stdout(self) -> IO[Any]:
        return self._stdout if self._stdout is not None else sys.stdout

    @property
    def stderr(self) -> IO[Any]:
        return self._stderr if self._stderr is not None else sys.stderr

    @property
    def environ(self) -> Mapping[str, str]:
        return self._environ if self._environ is not None else os.environ

    def stdout_is_terminal(self) -> bool:
        if self._stdout_isatty is not None:
            return self._stdout_isatty
        return _isatty(self.stdout)

    def stderr_is_terminal(self) -> bool:
        if self._stderr_isatty is not None:
            return self._stderr_isatty
        return _isatty(self.stderr)

    def terminal_size(self) -> os.terminal_size:
        """The terminal's columns and lines (``COLUMNS`` and ``LINES`` win, as Python's
        :func:`shutil.get_terminal_size` reads them), or what was given."""
        if self._columns is not None and self._lines is not None:
            return os.terminal_size((self._columns, self._lines))
        size = shutil.get_terminal_size()
        return os.terminal_size((self._columns or size.columns, self._lines or size.lines))

    @property
    def columns(self) -> int | None:
        """The width given to this environment, if one was (else Rich measures)."""
        return self._columns

    def wants_debug(self) -> bool:
        return self.debug or self.environ.get("BATTLES_DEBUG") == "1"


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # no such method, or closed
        return False


_CURRENT: list[Environment] = [Environment()]


def current() -> Environment:
    """The environment of the run in progress (the process's own outside ``main``)."""
    return _CURRENT[-1]


@contextlib.contextmanager
def using(env: Environment) -> Iterator[Environment]:
    """Run what is inside the ``with`` in ``env``."""
    _CURRENT.append(env)
    try:
        yield env
    finally:
        _CURRENT.pop()
