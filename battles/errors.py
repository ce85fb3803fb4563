"""The tool's own errors, and the exit codes the command line maps them to.

Every error names what is wrong, where it is (file:line:column and the field path when it
comes from a record) and, where there is one, how to fix it. The command line turns these
into one message on stderr; nothing here knows about Typer or Rich.
"""

from __future__ import annotations

import signal
from enum import IntEnum
from types import FrameType
from typing import Literal, NamedTuple


class ExitCode(IntEnum):
    """How a run of ``battles`` ends."""

    OK = 0
    ERROR = 1  # not found, bad data, output that could not be written
    USAGE = 2  # the command line asked for something impossible
    BROKEN_PIPE = 141  # the reader went away (``| head``): 128 + SIGPIPE, as a shell says


class BattlesError(Exception):
    """Base class of every error the tool reports to a user."""

    exit_code = ExitCode.ERROR


class UsageError(BattlesError):
    """The command line was well formed but asked for something impossible."""

    exit_code = ExitCode.USAGE


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


Severity = Literal["error", "warning"]


class Problem(NamedTuple):
    """The one shape of every problem the tool finds in data: an error that keeps a file
    from loading (a :class:`DataError` carries one; the cache keeps them for the files that
    did not load, with the file's name left out) or a warning of ``battles validate``; with
    where it is, what is wrong, how to fix it, and for a warning its stable code and the
    note of a review."""

    severity: Severity
    location: Location
    message: str
    hint: str | None = None
    code: str | None = None  # a warning's stable code (see model.WARNING_CODES)
    reviewed: str | None = None  # the note of the record's ``reviewed:`` entry that covers it

    def render(self, *, severity: bool = True) -> str:
        text = f"{self.location}: "
        if severity:
            text += f"{self.severity}: "
        if self.location.field:
            text += f"{short_field(self.location.field)}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        if self.code:
            text += f" [{self.code}]"
        if self.reviewed:
            text += f" reviewed: {self.reviewed}"
        return text


class DataError(BattlesError):
    """A record (or a data directory) is broken: raised with its :class:`Problem`."""

    def __init__(self, message: str, location: Location, hint: str | None = None) -> None:
        self.problem = Problem("error", location, message, hint)
        super().__init__(self.render())

    @property
    def message(self) -> str:
        return self.problem.message

    @property
    def location(self) -> Location:
        return self.problem.location

    @property
    def hint(self) -> str | None:
        return self.problem.hint

    def render(self) -> str:
        return self.problem.render(severity=False)


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
