"""The tool's own errors, and the exit codes the command line maps them to.

Every error names what is wrong, where it is (file:line:column and the field path when it
comes from a record) and, where there is one, how to fix it. The command line turns these
into one message on stderr; nothing here knows about Typer or Rich.
"""

from __future__ import annotations

import signal
from types import FrameType
from typing import NamedTuple

EXIT_OK = 0
EXIT_ERROR = 1  # not found, bad data
EXIT_USAGE = 2


class BattlesError(Exception):
    """Base class of every error the tool reports to a user."""

    exit_code = EXIT_ERROR


class UsageError(BattlesError):
    """The command line was well formed but asked for something impossible."""

    exit_code = EXIT_USAGE


class NotFoundError(BattlesError):
    """A name matched no record, or several."""


class Location(NamedTuple):
    """Where a problem is: a file, and within it a line, a column and a field path."""

    file: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


def short_field(field: str, limit: int = 80) -> str:
    """A field path short enough to read: the middle of a very long one becomes ``…``."""
    if len(field) <= limit:
        return field
    return field[: limit // 2 - 1] + "…" + field[-(limit // 2) :]


class FigureError(ValueError):
    """A figure's text could not be read; the message says which forms are accepted."""


class DateError(ValueError):
    """A date's text could not be read, or names a day that does not exist."""


class DataError(BattlesError):
    """A record (or a data directory) is broken."""

    def __init__(self, message: str, location: Location, hint: str | None = None) -> None:
        self.message = message
        self.location = location
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        text = f"{self.location}: "
        if self.location.field:
            text += f"{short_field(self.location.field)}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class Interrupted(BaseException):
    """A signal (SIGTERM, SIGHUP, SIGQUIT) asked the process to end: raised so that every
    ``finally`` and ``except BaseException`` cleans up; the entry point then ends by the
    signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


def catch_signals() -> None:
    """Turn SIGTERM, SIGHUP and SIGQUIT into :class:`Interrupted` (where they would end the
    process at once), so that temporary files are removed before the process ends (SIGINT is
    Python's KeyboardInterrupt already; SIGKILL cannot be caught)."""
    for name in ("SIGTERM", "SIGHUP", "SIGQUIT"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, _raise)
