"""Writing files so that nothing is lost.

- A file is written to a temporary file beside its target (``.NAME.PID.XXXX.tmp``), flushed
  to the disk (fsync), then renamed into place: an error, Ctrl-C or a signal the tool can
  catch (SIGTERM, SIGHUP, SIGQUIT: see :func:`battles.errors.catch_signals`) leaves the old
  file as it was and no temporary file; one that a killed run left behind is removed by the
  next write beside it.
- An existing target (a symbolic link too, even a dangling one) is replaced only with
  ``force``, and then only when the caller recognises it as something the tool wrote (see
  ``ours``); a replaced file keeps its mode, a new one gets the umask's.
- A FIFO, a terminal or another device at the target is written into, never replaced.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from battles.errors import BattlesError


class WriteError(BattlesError):
    """A file could not be written (it exists, or the disk said no)."""


Ours = Callable[[Path], "str | None"]


def umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _special(path: Path) -> bool:
    """Whether ``path`` (followed) is a FIFO, a device or a socket: written into."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def refuse_existing(path: Path, force: bool, ours: Ours | None = None) -> os.stat_result | None:
    """The target's own status (not followed), or None when there is none or it is a FIFO
    or a device (written into); a :class:`WriteError` when it may not be replaced."""
    if _special(path):
        return None
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}") from None
    if not force:
        raise WriteError(f"{path} already exists; add --force to replace it")
    if ours is not None and not stat.S_ISLNK(info.st_mode):
        reason = ours(path)
        if reason is not None:
            raise WriteError(f"{path} {reason}; not replaced, even with --force")
    return info


def remove_stale(parent: Path, name: str) -> None:
    """Remove what killed runs left beside ``name``: their temporary files and directories
    (their process is gone, or they are a day old)."""
    prefix = f".{name}."
    try:
        found = [n for n in os.listdir(parent) if n.startswith(prefix)]
    except OSError:
        return
    for item in found:
        rest = item[len(prefix) :].split(".")  # PID.XXXX.tmp or PID.old
        if rest[-1:] not in (["tmp"], ["old"]) or len(rest) != (3 if rest[-1] == "tmp" else 2):
            continue
        if not rest[0].isdecimal():
            continue
        path = parent / item
        with contextlib.suppress(OSError):
            pid = int(rest[0])
            if pid == os.getpid():
                continue
            if time.time() - os.lstat(path).st_mtime < 86_400 and _alive(pid):
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _fsync(path: Path, *, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0))
    try:
        os.fsync(fd)
    except OSError:
        if not directory:  # some file systems cannot sync a directory: no loss
            raise
    finally:
        os.close(fd)


@contextlib.contextmanager
def _replacing(
    path: Path, force: bool, *, directory: bool, ours: Ours | None = None
) -> Iterator[Path]:
    old = refuse_existing(path, force, ours)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise WriteError(f"{parent} is not a directory")
    if old is not None and stat.S_ISDIR(old.st_mode) and not directory:
        raise WriteError(f"{path} is a directory")
    if old is not None and directory and not stat.S_ISDIR(old.st_mode):
        raise WriteError(f"{path} exists and is not a directory; not replaced")
    import tempfile  # only when a file is written (start-up matters)

    remove_stale(parent, path.name)
    mask = umask()
    prefix = f".{path.name}.{os.getpid()}."
    if directory:
        tmp = Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=parent))
    else:
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=parent)
        os.close(fd)
        tmp = Path(name)
    try:
        yield tmp
        if old is not None and not stat.S_ISLNK(old.st_mode):
            os.chmod(tmp, stat.S_IMODE(old.st_mode))  # a replaced file keeps its mode
        else:
            os.chmod(tmp, (0o777 if directory else 0o666) & ~mask)
        if directory:
            for item in tmp.iterdir():
                os.chmod(item, 0o666 & ~mask)
                _fsync(item)
            _fsync(tmp, directory=True)
        else:
            _fsync(tmp)
        if directory and old is not None and not stat.S_ISLNK(old.st_mode):
            aside = parent / f".{path.name}.{os.getpid()}.old"
            path.rename(aside)
            try:
                tmp.rename(path)
            except BaseException:
                aside.rename(path)
                raise
            shutil.rmtree(aside, ignore_errors=True)
        else:
            if directory and old is not None:
                path.unlink()  # a link: replaced, not followed
            os.replace(tmp, path)
        _fsync(parent, directory=True)
    except BaseException:  # Ctrl-C and signals included: the old file stays, no temp file
        if tmp.is_dir() and not tmp.is_symlink():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
        for extra in ("-journal", "-wal", "-shm"):  # what SQLite may leave beside it
            Path(f"{tmp}{extra}").unlink(missing_ok=True)
        raise


def _into_special(path: Path, write: Callable[[Path], None]) -> None:
    """Fill a temporary file, then copy it into the FIFO or device at ``path``, opened as a
    shell's ``>`` would open it (a FIFO waits for its reader)."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix="battles-", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        with tmp.open("rb") as source, open(path, "wb") as target:
            shutil.copyfileobj(source, target)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write(
    path: Path,
    write: Callable[[Path], None],
    *,
    force: bool,
    directory: bool = False,
    ours: Ours | None = None,
) -> None:
    """Call ``write(tmp)`` to fill a temporary file (or directory), then move it to
    ``path``. ``ours(path)`` says why an existing target is not something the tool would
    write (None: it is, and ``force`` may replace it)."""
    try:
        if not directory and _special(path):
            _into_special(path, write)
            return
        with _replacing(path, force, directory=directory, ours=ours) as tmp:
            write(tmp)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None


def atomic_write_dir(
    path: Path, write: Callable[[Path], None], *, force: bool, ours: Ours | None = None
) -> None:
    atomic_write(path, write, force=force, directory=True, ours=ours)


def atomic_write_text(path: Path, text: str, *, force: bool, ours: Ours | None = None) -> None:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    atomic_write(path, write, force=force, ours=ours)
