"""Writing files so that nothing is ever half-written: write a temporary file in the same
directory, then rename it into place. An existing file is kept unless ``force`` is given."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from battles.errors import BattlesError


class WriteError(BattlesError):
    """A file could not be written (it exists, or the disk said no)."""


def refuse_existing(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise WriteError(f"{path} already exists; add --force to replace it")


@contextlib.contextmanager
def _replacing(path: Path, force: bool, *, directory: bool) -> Iterator[Path]:
    refuse_existing(path, force)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise WriteError(f"{parent} is not a directory")
    if directory:
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent))
    else:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
        os.close(fd)
        tmp = Path(name)
    try:
        yield tmp
        if directory and path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=parent))
            old.rmdir()
            path.rename(old)
            tmp.rename(path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except BaseException:  # Ctrl-C included: leave the old file as it was, and no temp file
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
        raise


def atomic_write(
    path: Path, write: Callable[[Path], None], *, force: bool, directory: bool = False
) -> None:
    """Call ``write(tmp)`` to fill a temporary file (or directory), then move it to
    ``path``."""
    try:
        with _replacing(path, force, directory=directory) as tmp:
            write(tmp)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None


def atomic_write_dir(path: Path, write: Callable[[Path], None], *, force: bool) -> None:
    atomic_write(path, write, force=force, directory=True)


def atomic_write_text(path: Path, text: str, *, force: bool) -> None:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    atomic_write(path, write, force=force)
