"""A cache of loaded records, so that a large dataset is not parsed again on every run.

- It lives in the user's cache directory (``$BATTLES_CACHE_DIR``, else
  ``$XDG_CACHE_HOME/battles``, else ``~/.cache/battles``), one file per set of data
  directories, never next to the data.
- A file is reused only while its size, modification time, change time and inode are the
  ones recorded; a file added or removed is seen because each directory is listed anew.
- It is written to a temporary file and renamed into place, so a second process never reads
  half of it; a corrupt, truncated or foreign cache file is ignored and rebuilt.
- Records are kept as msgpack bytes and decoded only when a command looks at them, so a
  command that shows one record does not decode ten thousand.
- ``--no-cache`` or ``BATTLES_NO_CACHE=1`` turn it off.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import msgspec

from battles import __version__, model

CACHE_FORMAT = 1
MAGIC = b"battles-cache\n"
ENV_DIR = "BATTLES_CACHE_DIR"
ENV_OFF = "BATTLES_NO_CACHE"


class Problem(msgspec.Struct, array_like=True):
    message: str
    line: int | None
    column: int | None
    field: str | None
    hint: str | None


class Entry(msgspec.Struct, array_like=True):
    """One file: its stat, and either its record (as msgpack) or its problems."""

    name: str
    stat: tuple[int, int, int, int]
    key: str | None = None
    names: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    record: msgspec.Raw = msgspec.Raw(b"\xc0")  # msgpack nil when the file has problems
    problems: list[Problem] | None = None


class Directory(msgspec.Struct, array_like=True):
    path: str
    entries: list[Entry]


class CacheFile(msgspec.Struct, array_like=True):
    fingerprint: str
    directories: list[Directory]


def enabled(no_cache: bool, environ: dict[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return not no_cache and env.get(ENV_OFF, "") not in ("1", "true", "yes")


def cache_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get(ENV_DIR):
        return Path(env[ENV_DIR])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "battles"


def _fingerprint() -> str:
    """Changes whenever the record classes might: the version and the model's source."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}:{__version__}".encode())
    here = Path(__file__).resolve().parent
    for name in ("model.py", "figures.py", "dates.py"):
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()[:24]


def cache_path(directories: list[Path], environ: dict[str, str] | None = None) -> Path:
    key = "\0".join(str(d.resolve()) for d in directories)
    name = hashlib.sha256(key.encode()).hexdigest()[:16]
    return cache_dir(environ) / f"records-{name}.msgpack"


def stat_key(stat: os.stat_result) -> tuple[int, int, int, int]:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


_DECODER = msgspec.msgpack.Decoder(CacheFile)
_RECORD = msgspec.msgpack.Decoder(model.Record)
_ENCODER = msgspec.msgpack.Encoder()


def decode_record(raw: msgspec.Raw | bytes) -> model.Record:
    return _RECORD.decode(raw)


def encode_record(record: model.Record) -> msgspec.Raw:
    return msgspec.Raw(_ENCODER.encode(record))


def read(path: Path) -> CacheFile | None:
    """The cache, or None when it is missing, unreadable, corrupt, foreign or stale."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(MAGIC):
        return None
    try:
        cache = _DECODER.decode(memoryview(data)[len(MAGIC) :])
    except (msgspec.DecodeError, ValueError, TypeError):
        return None
    return cache if cache.fingerprint == _fingerprint() else None


def write(path: Path, directories: list[Directory]) -> None:
    """Write the cache atomically; a cache that cannot be written is simply not written."""
    body = _ENCODER.encode(CacheFile(_fingerprint(), directories))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".records-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(MAGIC)
                handle.write(body)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return
