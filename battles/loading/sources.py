"""Where records are read from: the data directories, their record files, and the bytes of
one file (only regular files, bounded)."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from battles.errors import DataError, Location
from battles.text import shown_name

if TYPE_CHECKING:
    pass

YAML_SUFFIXES = (".yaml", ".yml")
# The dataset's tables beside its records (see battles.belligerents): not records.
TABLES = ("_belligerents.yaml",)


ENV_DATA = "BATTLES_DATA"


def bundled_data_dir() -> Path:
    """The records that ship with the tool: inside the installed package, or the checkout's."""
    here = Path(__file__).resolve().parent.parent  # the package, above battles/loading
    installed = here / "data"
    return installed if installed.is_dir() else here.parent / "data"


def data_dirs(cli_dirs: Sequence[Path] = (), environ: dict[str, str] | None = None) -> list[Path]:
    """Where records come from: ``--data-dir`` if given, else ``BATTLES_DATA``; else the
    current directory's ``data/`` when it is a battles dataset (a checkout, a curator's
    folder); else the bundled records and, beside them, the user's own (see
    :func:`user_data_dir`) once there are any. The first two replace the bundled records
    rather than adding to them."""
    chosen = _chosen_dirs(cli_dirs, environ)
    if chosen:
        return chosen
    here = local_dataset()
    if here is not None:
        return [here]
    mine = user_data_dir(environ)
    return [bundled_data_dir(), mine] if mine.is_dir() else [bundled_data_dir()]


def _chosen_dirs(cli_dirs: Sequence[Path], environ: dict[str, str] | None) -> list[Path]:
    if cli_dirs:
        return list(cli_dirs)
    env = (os.environ if environ is None else environ).get(ENV_DATA, "")
    return [Path(p) for p in env.split(os.pathsep) if p]


def user_data_dir(environ: dict[str, str] | None = None) -> Path:
    """The user's own records, where ``new``, ``draft`` and ``import`` write when no data
    directory is chosen and the current one holds none: the platform's user data directory
    (platformdirs: ``$XDG_DATA_HOME/battles/records``, by default
    ``~/.local/share/battles/records`` on Linux)."""
    import sys

    env = os.environ if environ is None else environ
    if sys.platform.startswith("linux"):
        # platformdirs' rule on Linux, without importing it on every run (start-up time);
        # a test checks that both agree
        base = env.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
        return Path(base) / "battles" / "records"
    import platformdirs

    return platformdirs.user_data_path("battles", appauthor=False) / "records"


def local_dataset(cwd: Path | None = None) -> Path | None:
    """The current directory's ``data/``, when it is a battles dataset: a directory with a
    record in it (a YAML file whose first lines say ``schema_version:``)."""
    folder = (cwd or Path.cwd()) / "data"
    try:
        if not folder.is_dir():
            return None
        names = sorted(n for n in os.listdir(folder) if n.endswith(YAML_SUFFIXES))[:20]
    except OSError:
        return None
    for name in names:
        try:
            with (folder / name).open("rb") as handle:
                head = handle.read(4096)
        except OSError:
            continue
        if re.search(rb"(?m)^schema_version:", head):
            return folder
    return None


def workspace_dir(cli_dirs: Sequence[Path] = (), environ: dict[str, str] | None = None) -> Path:
    """Where new records go (``new``, ``draft``, ``import``): the first ``--data-dir`` or
    ``BATTLES_DATA`` directory; else the current directory's ``data/`` when it is a battles
    dataset; else :func:`user_data_dir`, made when first needed. Never the installed
    package, where an upgrade would lose them."""
    chosen = _chosen_dirs(cli_dirs, environ)
    target = chosen[0] if chosen else local_dataset() or user_data_dir(environ)
    package = Path(__file__).resolve().parent.parent
    resolved = target.resolve()
    if resolved == package or package in resolved.parents:
        from battles.errors import UsageError

        raise UsageError(
            f"{target} is inside the installed package, where an upgrade would lose new "
            "records; choose another directory with --data-dir (or BATTLES_DATA)"
        )
    if not chosen and not target.exists():
        try:
            target.mkdir(parents=True)
        except OSError as exc:
            from battles.errors import UsageError

            raise UsageError(f"cannot make {target}: {exc.strerror or exc}") from None
    return target


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it, as a user typed it
    (the bytes of a name that is not UTF-8 escaped, see :func:`battles.text.shown_name`)."""
    try:
        return shown_name(str(path.resolve().relative_to(Path.cwd())))
    except (ValueError, OSError):
        return shown_name(str(path))


_OPEN = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_bytes(path: Path, filename: str, inside: str | None = None) -> bytes:
    """The bytes of a record file, read once, and only from a regular file: the file is
    opened without blocking (a FIFO with no writer, a terminal), its type and size are
    checked on the open descriptor, and at most the size limit (and a byte) is read, so
    a device, a FIFO or a file that grows is never read without end. A symbolic link is
    followed only when ``inside`` is None or the file it leads to is in ``inside``."""
    from battles.loading.yamlsrc import MAX_BYTES, too_big

    try:
        try:
            fd = os.open(path, _OPEN | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:
            if exc.errno != errno.ELOOP or not os.path.islink(path):
                raise
            if inside is not None and not _leads_inside(path, inside):
                raise DataError(
                    "a symbolic link to a file outside the data directory: not followed",
                    Location(filename),
                    "move the file into the directory, or add --follow-links",
                ) from None
            fd = os.open(path, _OPEN)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                kind = next((k for test, k in _KINDS if test(info.st_mode)), "not a file")
                raise DataError(
                    f"{kind}, not a regular file: not read",
                    Location(filename),
                    "records are regular files",
                )
            if info.st_size > MAX_BYTES:
                too_big(info.st_size, filename)
            chunks = []
            left = MAX_BYTES + 1
            while left > 0:
                chunk = os.read(fd, min(left, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        raise DataError(f"cannot read the file: {exc.strerror}", Location(filename)) from None
    return b"".join(chunks)


def _leads_inside(path: Path, inside: str) -> bool:
    target = os.path.realpath(path)
    return os.path.commonpath([target, inside]) == inside if os.path.isabs(target) else False


def record_files(directory: Path) -> tuple[list[str], list[Path]]:
    """The names of a directory's YAML files (sorted), and the other files it skips; for a
    YAML file, its own name."""
    if not directory.exists():
        raise DataError(
            "the data directory does not exist",
            Location(str(directory)),
            "check --data-dir or BATTLES_DATA",
        )
    if not directory.is_dir():
        if directory.suffix in YAML_SUFFIXES:
            return [directory.name], []
        raise DataError("not a directory or a .yaml file", Location(str(directory)))
    try:
        names = sorted(os.listdir(directory))
    except OSError as exc:
        raise DataError(
            f"cannot read the directory: {exc.strerror}", Location(str(directory))
        ) from None
    files = [n for n in names if n.endswith(YAML_SUFFIXES) and n[:1] != "." and n not in TABLES]
    skipped = [
        directory.joinpath(n) for n in names if not n.endswith(YAML_SUFFIXES) and n[:1] != "."
    ]
    return files, skipped
