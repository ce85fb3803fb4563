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

import mmap
import os
import struct
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


Span = tuple[int, int]  # offset and length in the blob region; length 0 for none


class Entry(msgspec.Struct, array_like=True):
    """One file: its stat, its names, and where its blobs are (or its problems)."""

    name: str
    stat: tuple[int, int, int, int]
    key: str | None = None
    names: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()  # id, name and aliases, normalised for lookups
    record: Span = (0, 0)  # the whole record
    summary: Span = (0, 0)  # the record as slim() leaves it
    events: Span = (0, 0)  # its events
    problems: list[Problem] | None = None


class Directory(msgspec.Struct, array_like=True):
    path: str
    entries: list[Entry]


class Index(msgspec.Struct, array_like=True):
    fingerprint: str
    directories: list[Directory]


Blob = bytes | memoryview


class Item:
    """A cache entry with its blobs at hand: slices of the mapped cache file (cut only when
    asked for), or new bytes."""

    __slots__ = ("_blobs", "_events", "_record", "_summary", "entry")

    def __init__(
        self,
        entry: Entry,
        record: Blob = b"",
        summary: Blob = b"",
        events: Blob = b"",
        blobs: memoryview | None = None,
    ) -> None:
        self.entry = entry
        self._blobs = blobs
        self._record, self._summary, self._events = record, summary, events

    def _cut(self, span: Span) -> Blob:
        assert self._blobs is not None
        offset, count = span
        if offset < 0 or count < 0 or offset + count > len(self._blobs):
            raise ValueError("a blob lies outside the cache file")
        return self._blobs[offset : offset + count]

    @property
    def record(self) -> Blob:
        return self._cut(self.entry.record) if self._blobs is not None else self._record

    @property
    def summary(self) -> Blob:
        return self._cut(self.entry.summary) if self._blobs is not None else self._summary

    @property
    def events(self) -> Blob:
        return self._cut(self.entry.events) if self._blobs is not None else self._events


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
    """Changes whenever the record classes might: the version, and the size and time of the
    source files that define them (a stat, not a hash: start-up matters here)."""
    here = Path(__file__).resolve().parent
    parts = [str(CACHE_FORMAT), __version__]
    for name in ("model.py", "figures.py", "dates.py", "cache.py"):
        try:
            stat = (here / name).stat()
            parts.append(f"{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(name)
    return ";".join(parts)


def cache_path(directories: list[Path], environ: dict[str, str] | None = None) -> Path:
    import zlib

    key = "\0".join(str(d.resolve()) for d in directories).encode()
    name = f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}"
    return cache_dir(environ) / f"records-{name}.bin"


def stat_key(stat: os.stat_result) -> tuple[int, int, int, int]:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


_INDEX = msgspec.msgpack.Decoder(Index)
_RECORD = msgspec.msgpack.Decoder(model.Record)
_EVENTS = msgspec.msgpack.Decoder(tuple[model.Event, ...])
_ENCODER = msgspec.msgpack.Encoder()
_HEADER = struct.Struct("<Q")


def decode_record(blob: Blob) -> model.Record:
    return _RECORD.decode(blob)


def decode_events(blob: Blob) -> tuple[model.Event, ...]:
    return _EVENTS.decode(blob)


def encode(value: object) -> bytes:
    return _ENCODER.encode(value)


def read(path: Path) -> dict[str, dict[str, Item]] | None:
    """The cached items by directory and file name, or None when the cache is missing,
    unreadable, corrupt, foreign or stale. The file is mapped, not read: a blob is paged in
    only when something decodes it."""
    try:
        with path.open("rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    view = memoryview(mapped)
    start = len(MAGIC) + _HEADER.size
    try:
        if bytes(view[: len(MAGIC)]) != MAGIC:
            return None
        (length,) = _HEADER.unpack(view[len(MAGIC) : start])
        index = _INDEX.decode(view[start : start + length])
        if index.fingerprint != _fingerprint():
            return None
        blobs = view[start + length :]
        size = len(blobs)
        for directory in index.directories:
            for e in directory.entries:
                for offset, count in (e.record, e.summary, e.events):
                    if offset < 0 or count < 0 or offset + count > size:
                        return None
        return {
            d.path: {e.name: Item(e, blobs=blobs) for e in d.entries} for d in index.directories
        }
    except (msgspec.DecodeError, ValueError, TypeError, struct.error):
        return None


def write(path: Path, directories: list[tuple[str, list[Item]]]) -> None:
    """Write the cache atomically; a cache that cannot be written is simply not written."""
    region = bytearray()

    def place(blob: Blob) -> Span:
        offset = len(region)
        region.extend(blob)
        return (offset, len(blob))

    listed = []
    for directory, items in directories:
        entries = []
        for item in items:
            entries.append(
                msgspec.structs.replace(
                    item.entry,
                    record=place(item.record),
                    summary=place(item.summary),
                    events=place(item.events),
                )
            )
        listed.append(Directory(directory, entries))
    index = _ENCODER.encode(Index(_fingerprint(), listed))
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".records-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(MAGIC)
                handle.write(_HEADER.pack(len(index)))
                handle.write(index)
                handle.write(region)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return


def _slim_commander(commander: model.Commander) -> model.Commander:
    return model.Commander(
        name=commander.name,
        subordinates=tuple(_slim_commander(c) for c in commander.subordinates),
    )


def slim(record: model.Record) -> model.Record:
    """What ``list`` and ``compare`` read of a record: its dates, place, sides with their
    names, leaders' names and figures, and phases with their figures. Events are kept apart
    (for ``timeline``); the prose (summaries, notes, disagreements), the unit trees, the
    leaders' roles and all but the first source stay in the full record, for ``show``,
    ``search`` and ``export``. Nothing any of those three commands prints is left out."""
    return msgspec.structs.replace(
        record,
        summary=None,
        events=(),
        notes=(),
        disagreements=(),
        date_estimates=(),
        sources=record.sources[:1],
        sides=tuple(
            msgspec.structs.replace(
                side,
                commanders=tuple(_slim_commander(c) for c in side.commanders),
                units=(),
                note=None,
            )
            for side in record.sides
        ),
        phases=tuple(
            msgspec.structs.replace(
                phase,
                summary=None,
                note=None,
            )
            for phase in record.phases
        ),
    )
