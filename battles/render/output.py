"""The one place that decides how a result is written: a Rich table for the terminal (and its
SVG or HTML recording), or JSON, CSV or Markdown text; to stdout or to a file."""

from __future__ import annotations

import contextlib
import errno
import io
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal, NamedTuple, NoReturn, TypeVar

from battles.environment import current
from battles.errors import BattlesError, ExitCode
from battles.text import clean

Format = Literal["table", "json", "csv", "markdown"]
R = TypeVar("R")


class OutputOptions(NamedTuple):
    format: Format = "table"
    output: Path | None = None
    svg: Path | None = None
    html: Path | None = None
    force: bool = False  # replace an existing --output, --svg or --html file
    width: int | None = None  # --width: the columns a view is drawn in


class OutputError(BattlesError):
    """Standard output could not be written: a full disk, a file-size limit, a closed
    stream. A closed pipe (``| head``) is ``broken_pipe``: the tool then ends quietly."""

    def __init__(self, exc: OSError) -> None:
        self.broken_pipe = exc.errno == errno.EPIPE
        super().__init__(f"cannot write the output: {exc.strerror or exc}")


@contextlib.contextmanager
def writing() -> Iterator[None]:
    """Turn a failed write to stdout into :class:`OutputError`."""
    try:
        yield
    except OSError as exc:
        raise OutputError(exc) from None


def _broken_pipe() -> None:
    raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def stdout_console(**options: Any) -> Any:
    """A Rich console on stdout whose failed writes reach :func:`writing` (Rich would end
    the run itself on a closed pipe, with another exit code)."""
    from rich.console import Console

    console = Console(**options)
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
    return console


class _Closed(io.RawIOBase):
    """Standard output when the process started without one: every write fails."""

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raise OSError(errno.EBADF, "Bad file descriptor")


def steady_stdout() -> None:
    """Make every failed write to stdout an error the tool can report: with
    ``PYTHONUNBUFFERED`` stdout writes straight to the file, which may take part of the data
    and say so in a return value nobody reads (a file-size limit); and a process started
    with its stdout closed has none (``sys.stdout`` is None)."""
    stdout = sys.stdout
    if stdout is None:
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_Closed()), encoding="utf-8")
        return
    raw = getattr(stdout, "buffer", None)
    if isinstance(raw, io.RawIOBase):
        sys.stdout = io.TextIOWrapper(
            io.BufferedWriter(raw),
            encoding=stdout.encoding,
            errors=stdout.errors,
            line_buffering=stdout.isatty(),
        )


def flush_stdout() -> None:
    """Flush stdout, raising :class:`OutputError` when the data cannot be written (most
    failures show only here: the last of the output waits in the buffer)."""
    with writing():
        sys.stdout.flush()


def _terminal_renderer(result: object) -> Callable[..., None]:
    from battles.render import registry

    return registry.terminal(result)


def terminal_lines(options: OutputOptions) -> int | None:
    """How many lines a view may take, when a table goes to a terminal: the screen's height
    less two, so that the command and the next prompt stay on the screen. Else None (piped,
    to a file, or another format: then everything is written)."""
    env = current()
    if options.format != "table" or options.output is not None or not env.stdout_is_terminal():
        return None
    return max(env.terminal_size().lines - 2, 3)


def fit_to_screen(
    result: R,
    options: OutputOptions,
    cut: Callable[[R, int], R],
    size: int,
    *,
    fewest: int = 1,
    **render_options: Any,
) -> R:
    """``result`` cut (by ``cut``, to its first N of ``size`` rows) to the most rows whose
    view, as drawn at the terminal's width with everything around the rows, takes no more
    screen lines than there are (rows that wrap take several); at least ``fewest`` rows.
    Unchanged when the view does not go to a terminal."""
    lines = terminal_lines(options)
    if lines is None or size <= fewest:
        return result
    import io

    from rich.console import Console

    render = _terminal_renderer(result)
    width = current().columns or Console(highlight=False).width  # as _emit draws the view

    def height(count: int) -> int:
        buffer = io.StringIO()
        console = Console(file=buffer, width=width, color_system=None, highlight=False)
        render(cut(result, count), console, **render_options)
        return buffer.getvalue().count("\n")

    measured = {fewest: height(fewest)}
    if measured[fewest] > lines:  # what is around the rows fills the screen already
        return cut(result, fewest)
    # Every row takes a line at least: no more rows fit than there are lines left.
    most = min(size, fewest + lines - measured[fewest])
    if most == size:
        measured[size] = height(size)
        if measured[size] <= lines:  # the whole view fits
            return result
    low, high = fewest, most if most == size else most + 1  # low rows fit; high rows do not
    while high - low > 1:
        # Where the lines per row between two measures say the edge is, and then its
        # neighbour (rows take about as many lines each); else halfway.
        other = high if high in measured else max((n for n in measured if n < low), default=low)
        if other != low and measured[other] != measured[low]:
            slope = (measured[other] - measured[low]) / (other - low)
            guess = min(max(low + int((lines - measured[low]) / slope), low + 1), high - 1)
            guesses = [guess, guess + 1]
        else:
            guesses = [(low + high) // 2]
        for guess in guesses:  # the first one is always between low and high
            if not low < guess < high:
                continue
            measured[guess] = height(guess)
            if measured[guess] <= lines:
                low = guess
            else:
                high = guess
    return cut(result, low)


def write_text(
    text: str | Iterable[str | bytes],
    output: Path | None,
    *,
    force: bool = False,
    terminal_text: bool = False,
) -> None:
    """UTF-8 text (or its pieces, written as they come) to ``output`` (atomically; an
    existing file only with ``force``) or to stdout, whatever the locale. Text for a
    terminal (``terminal_text``) is what Rich drew, escape sequences and all; other text
    loses its control characters on the way to a terminal. A piece may be UTF-8 bytes
    already (a listing's JSON, as the cache keeps it): it goes to a pipe or a file as it is."""
    pieces = [text] if isinstance(text, str) else text
    if output is not None:
        from battles.fsutil import atomic_write_text

        atomic_write_text(output, joined(pieces), force=force)
        return
    env = current()
    terminal = env.stdout_is_terminal()
    stdout = env.stdout
    buffer = getattr(stdout, "buffer", None)
    with writing():
        if buffer is not None:
            stdout.flush()
        for each in pieces:
            if isinstance(each, bytes):
                if buffer is not None and not terminal:
                    buffer.write(each)
                    continue
                each = each.decode("utf-8")
            piece: str = each
            if terminal and not terminal_text:
                piece = clean(piece, newlines=True)
            if buffer is not None:
                buffer.write(piece.encode("utf-8"))
            else:
                stdout.write(piece)
        if buffer is not None:
            buffer.flush()


def joined(pieces: Iterable[str | bytes]) -> str:
    """Text written in pieces (see write_text), as one string."""
    return "".join(p.decode("utf-8") if isinstance(p, bytes) else p for p in pieces)


def emit(
    result: object, options: OutputOptions, *, exit_code: int = 0, **render_options: Any
) -> None:
    """Write ``result`` as ``options`` say. In the ``battles`` process itself the run ends
    here, with ``exit_code``; elsewhere (tests) the caller goes on and ends with it."""
    _emit(result, options, **render_options)
    if current().exit_when_done:
        finish(exit_code)


def finish(code: int) -> NoReturn:
    """Flush the output and end the process now (see ``Environment.exit_when_done``). Output
    that cannot be
    written is said in one line on stderr, and the exit code is not 0; a closed pipe ends
    the run quietly, with the code of a process that SIGPIPE ended."""
    import os

    try:
        flush_stdout()
    except OutputError as exc:
        code = failed_output(exc) or code
    except ValueError:  # stdout closed by the caller
        code = code or 1
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


def failed_output(exc: OutputError) -> int:
    """Report a failed write to stdout; the exit code (a closed pipe: 141, as a shell gives
    a process that SIGPIPE ended; else 1). Later writes to stdout go nowhere."""
    import os

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # what is still buffered cannot fail again
        os.close(devnull)
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if exc.broken_pipe:
        return ExitCode.BROKEN_PIPE
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"battles: error: {exc}\n")
        sys.stderr.flush()
    return 1


def _emit(result: object, options: OutputOptions, **render_options: Any) -> None:
    if options.format != "table":
        from battles.render.formats import WRITERS

        pieces = WRITERS[options.format](result)
        env = current()
        if options.output is None and env.stdout_is_terminal() and env.pager:
            # JSON, CSV or Markdown read in a terminal: through the pager too when long
            page(clean(joined(pieces), newlines=True), env.terminal_size().lines)
            return
        write_text(pieces, options.output, force=options.force)
        return
    render = _terminal_renderer(result)
    recording = options.svg is not None or options.html is not None
    if recording:
        from battles.fsutil import refuse_existing

        for path in (options.svg, options.html):  # neither is written when one is refused
            if path is not None:
                refuse_existing(path, options.force)
    with rendering(
        options.output, record=recording, width=options.width, force=options.force
    ) as console:
        render(result, console, **render_options)
    if recording:
        from battles.fsutil import atomic_write_text
        from battles.render import documents

        if options.svg is not None:
            svg = documents.svg(console, result)
            atomic_write_text(options.svg, svg, force=options.force)
        if options.html is not None:
            document = documents.html_page(console, result)
            atomic_write_text(options.html, document, force=options.force)


@contextlib.contextmanager
def rendering(
    output: Path | None = None,
    *,
    record: bool = False,
    width: int | None = None,
    force: bool = False,
) -> Iterator[Any]:
    """A Rich console to draw a view on, and what is drawn written where it goes: to the
    ``output`` file (100 columns, no colour), to a pipe (no colour, no trailing spaces),
    or to the terminal (through a pager when it is longer than the screen: see
    :func:`page`)."""
    from rich.console import Console

    buffer = io.StringIO()
    env = current()
    terminal = output is None and env.stdout_is_terminal()
    width = width or env.columns
    # Rich reads the variables (FORCE_COLOR, NO_COLOR, TERM...) of the run's environment, as
    # a dict (it asks for them hundreds of times a view); emoji codes such as ":x:" are text.
    common: dict[str, Any] = {
        "file": buffer,
        "highlight": False,
        "emoji": False,
        "record": record,
        "_environ": dict(env.environ),
    }
    if output is not None:
        console = Console(width=width or 100, color_system=None, **common)
    elif terminal:
        _utf8_stdout()
        screen = Console(highlight=False, force_terminal=True, _environ=common["_environ"])
        console = Console(
            width=width or screen.width,
            height=env.terminal_size().lines,  # as terminal_lines() counts
            force_terminal=True,
            color_system=screen.color_system,  # type: ignore[arg-type]
            no_color=screen.no_color,
            **common,
        )
    else:  # piped: no colour, unless FORCE_COLOR asks for it (Rich reads it)
        _utf8_stdout()
        console = Console(width=width, **common)
    yield console
    text = buffer.getvalue()
    if not terminal:
        text = strip_trailing_spaces(text)
    if output is not None:
        write_text(text, output, force=force)
    elif terminal:
        page(text, console.height)
    else:
        write_text(text, None)


def strip_trailing_spaces(text: str) -> str:
    """Every line without the spaces at its end (a table's padding)."""
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def pager_command() -> str | None:
    """The pager, as git chooses one: BATTLES_PAGER, else PAGER, else ``less -FRX``; None
    when it is empty or ``cat`` (no pager)."""

    environ = current().environ
    for name in ("BATTLES_PAGER", "PAGER"):
        value = environ.get(name)
        if value is not None:
            value = value.strip()
            return None if value in ("", "cat") else value
    return "less -FRX"


def page(text: str, height: int) -> None:
    """Write ``text`` to the terminal, through the pager when it has more lines than the
    screen (and --no-pager was not given). A pager that cannot start, or that the reader
    quits early, is no error."""
    command = pager_command() if current().pager else None
    if command is None or text.count("\n") < height:
        write_text(text, None, terminal_text=True)
        return
    import subprocess

    env = dict(current().environ)
    env.setdefault("LESS", "FRX")  # as git does: quit when it fits, keep colours
    env.setdefault("LV", "-c")
    flush_stdout()
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        write_text(text, None, terminal_text=True)
        return
    assert pager.stdin is not None
    try:
        with contextlib.suppress(BrokenPipeError):
            pager.stdin.write(text.encode("utf-8"))
        with contextlib.suppress(BrokenPipeError):
            pager.stdin.close()
        pager.wait()
    except KeyboardInterrupt:  # Ctrl-C goes to the pager as well: let it end
        pager.wait()
    if pager.returncode == 127:  # the shell found no such pager
        write_text(text, None, terminal_text=True)


def _utf8_stdout() -> None:
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    encoding = (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "")
    if reconfigure is not None and encoding != "utf8":
        reconfigure(encoding="utf-8")
