"""A cache of loaded records, so that a large dataset is not parsed again on every run.

- It lives in the user's cache directory (``$BATTLES_CACHE_DIR``, else
  ``$XDG_CACHE_HOME/battles``, else ``~/.cache/battles``), one file per set of data
  directories, never next to the data.
- A file is reused only while its size, modification time, change time and inode are the
  ones recorded; a file added or removed is seen because each directory is listed anew.
  When nothing changed, what the last run worked out about the whole dataset (which files
  loaded, which names clash) is reused too.
- It is written to a temporary file and renamed into place, so a second process never reads
  half of it; a cache file that is missing, foreign, truncated or damaged is ignored and
  rebuilt (a damaged record found later is read from its file, and the cache is dropped).
- ``--no-cache`` or ``BATTLES_NO_CACHE=1`` turn it off.

The file: a header, each record as msgpack, then three regions (each one msgpack array, one
item per record that loaded: the digests that ``list``, ``compare`` and ``timeline`` read,
see :mod:`battles.digest`), then the index. The file is mapped, not read: a command pages in
only the region it decodes, and a command that shows one record decodes one record.
"""

from __future__ import annotations

import io
import mmap
import os
import struct
import zlib
from pathlib import Path
from typing import Any, BinaryIO

import msgspec

from battles import __version__

CACHE_FORMAT = 3
MAGIC = b"battles-cache\n"
ENV_DIR = "BATTLES_CACHE_DIR"
ENV_OFF = "BATTLES_NO_CACHE"
REGIONS = ("brief", "forces", "happenings")

Span = tuple[int, int]  # offset in the file and length; length 0 for none
Stat = tuple[int, int, int, int]


class Problem(msgspec.Struct, array_like=True):
    message: str
    line: int | None
    column: int | None
    field: str | None
    hint: str | None


class FileEntry(msgspec.Struct, array_like=True):
    """One YAML file: its stat, and its problems or its record's names and blobs."""

    name: str
    stat: Stat
    problems: list[Problem] | None = None  # the file did not load
    key: str = ""
    names: tuple[str, ...] = ()  # the name, then the aliases
    part_of: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()  # id, name and aliases, normalised for lookups
    record: Span = (0, 0)
    digests: tuple[Span, ...] = ()  # in REGIONS order


class Directory(msgspec.Struct, array_like=True):
    """A directory as it was listed: its files' names and stats (packed, see pack_stats),
    and each file's entry, left as msgpack until it is needed."""

    path: str  # resolved
    names: list[str]
    stats: bytes
    files: list[msgspec.Raw]

    def entries(self) -> list[FileEntry]:
        return [_ENTRY.decode(raw) for raw in self.files]

    def entry(self, n: int) -> FileEntry:
        try:
            return _ENTRY.decode(self.files[n])
        except (msgspec.DecodeError, msgspec.ValidationError, IndexError) as exc:
            raise Damaged(str(exc)) from None


class Clash(msgspec.Struct, array_like=True):
    """A file that loaded but claims a name another file holds: left out of the dataset."""

    directory: int
    file: int
    owner: int  # the directory and file that hold the name
    owner_file: int
    name: str
    line: int | None
    column: int | None
    field: str | None


class Index(msgspec.Struct, array_like=True):
    fingerprint: str
    directories: list[Directory]
    loaded: list[tuple[int, int]]  # (directory, file) of each file that loaded, in order
    failed: list[tuple[int, int]]  # and of each file that did not
    clashes: list[Clash]
    regions: tuple[Span, ...]  # in REGIONS order
    # Of each file that loaded, in the same order: what lookups read without an entry.
    ids: list[str]
    keys: list[tuple[str, ...]]
    parts: dict[str, list[int]]  # a record id: the records whose part_of names it


class Damaged(Exception):
    """A blob of the cache file is not what the index says."""


_HEADER = struct.Struct("<QQIQ")  # index offset, index length, index CRC-32, file length
_START = len(MAGIC) + _HEADER.size
_INDEX = msgspec.msgpack.Decoder(Index)
_ENTRY = msgspec.msgpack.Decoder(FileEntry)
_DECODERS: dict[Any, msgspec.msgpack.Decoder[Any]] = {}
_ENCODER = msgspec.msgpack.Encoder()


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
    for name in ("model.py", "figures.py", "tally.py", "dates.py", "digest.py", "cache.py"):
        try:
            stat = (here / name).stat()
            parts.append(f"{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(name)
    return ";".join(parts)


def cache_path(directories: list[Path], environ: dict[str, str] | None = None) -> Path:
    key = "\0".join(str(d.resolve()) for d in directories).encode()
    name = f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}"
    return cache_dir(environ) / f"records-{name}.bin"


def stat_key(stat: os.stat_result) -> Stat:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def pack_stats(stats: list[Stat | None]) -> bytes:
    """Stats as one string of bytes (four 64-bit numbers each; zeros for a file that could
    not be read), which the next run compares in one step."""
    import array

    packed = array.array("q")
    for stat in stats:
        packed.extend(stat if stat is not None else (0, 0, 0, 0))
    return packed.tobytes()


def encode(value: object) -> bytes:
    return _ENCODER.encode(value)


class Store:
    """An open cache file: its index, and its blobs as slices of the mapped file."""

    def __init__(self, path: Path | None, view: memoryview, index: Index) -> None:
        self.path = path
        self.view = view
        self.index = index

    def blob(self, span: Span) -> memoryview:
        offset, count = span
        if offset < _START or count <= 0 or offset + count > len(self.view):
            raise Damaged(f"a blob at {offset} lies outside the cache file")
        return self.view[offset : offset + count]

    def decode(self, span: Span, kind: Any) -> Any:
        decoder = _DECODERS.get(kind)
        if decoder is None:
            # One decoder per type: msgspec.msgpack.decode(type=...) works out the type
            # anew on every call, and leaves reference cycles behind each time.
            decoder = _DECODERS[kind] = msgspec.msgpack.Decoder(kind)
        try:
            return decoder.decode(self.blob(span))
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise Damaged(str(exc)) from None

    def drop(self) -> None:
        """Forget a damaged cache file, so that the next run writes a new one."""
        if self.path is not None:
            try:
                self.path.unlink()
            except OSError:
                return


def read(path: Path) -> Store | None:
    """The cache file at ``path``, or None when it is missing, unreadable, foreign, stale or
    truncated, or its index is damaged."""
    try:
        with path.open("rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    return _open(path, memoryview(mapped))


def _open(path: Path | None, view: memoryview) -> Store | None:
    try:
        if len(view) < _START or view[: len(MAGIC)] != MAGIC:
            return None
        offset, length, crc, total = _HEADER.unpack(view[len(MAGIC) : _START])
        if total != len(view) or offset < _START or offset + length > total:
            return None
        raw = view[offset : offset + length]
        if zlib.crc32(raw) != crc:
            return None
        index = _INDEX.decode(raw)
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError, struct.error):
        return None
    if index.fingerprint != _fingerprint() or len(index.regions) != len(REGIONS):
        return None
    return Store(path, view, index)


def _array_header(count: int) -> bytes:
    """The msgpack header of an array of ``count`` items."""
    if count < 16:
        return bytes([0x90 | count])
    if count < 0x10000:
        return b"\xdc" + count.to_bytes(2, "big")
    return b"\xdd" + count.to_bytes(4, "big")


class Writer:
    """Writes a cache file as records come: each record's blob goes straight to a temporary
    file beside the cache (so a first run over ten thousand records does not hold them all),
    the digests are kept until :meth:`finish` writes them as regions, with the index, and
    renames the file into place. Without a place to write (``path`` None, or a cache
    directory that cannot be written), the same file is built in memory."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.tmp: Path | None = None
        self.handle: BinaryIO = io.BytesIO()
        if path is not None:
            import tempfile

            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=".records-", suffix=".tmp", dir=path.parent)
                self.handle = os.fdopen(fd, "w+b")
                self.tmp = Path(tmp)
            except OSError:
                self.path = None
        self.handle.write(MAGIC + b"\0" * _HEADER.size)
        self.offset = _START
        self.digests: list[list[bytes | memoryview]] = [[] for _ in REGIONS]

    def put(self, blob: bytes | memoryview) -> Span:
        span = (self.offset, len(blob))
        self.handle.write(blob)
        self.offset += len(blob)
        return span

    def add_digests(self, blobs: tuple[bytes | memoryview, ...]) -> None:
        """The digests of the next file that loaded (see Index.loaded)."""
        for region, blob in zip(self.digests, blobs, strict=True):
            region.append(blob)

    def finish(
        self,
        directories: list[tuple[str, list[str], list[Stat | None], list[FileEntry]]],
        loaded: list[tuple[int, int]],
        clashes: list[Clash],
    ) -> Store:
        """Write the regions and the index (``loaded`` files' digest spans are filled in),
        and put the file in place."""
        regions: list[Span] = []
        spans: list[list[Span]] = []
        for blobs in self.digests:
            start = self.offset
            self.put(_array_header(len(blobs)))
            spans.append([self.put(blob) for blob in blobs])
            regions.append((start, self.offset - start))
        ids: list[str] = []
        keys: list[tuple[str, ...]] = []
        parts: dict[str, list[int]] = {}
        for n, (d, f) in enumerate(loaded):
            entry = directories[d][3][f]
            entry.digests = tuple(region[n] for region in spans)
            ids.append(entry.key)
            keys.append(entry.keys)
            for ref in dict.fromkeys(entry.part_of):
                parts.setdefault(ref, []).append(n)
        failed = [
            (d, f)
            for d, (_, _, _, entries) in enumerate(directories)
            for f, entry in enumerate(entries)
            if entry.problems is not None
        ]
        listed = [
            Directory(path, names, pack_stats(stats), [msgspec.Raw(encode(e)) for e in entries])
            for path, names, stats, entries in directories
        ]
        index = Index(
            _fingerprint(), listed, loaded, failed, clashes, tuple(regions), ids, keys, parts
        )
        raw = _ENCODER.encode(index)
        offset = self.offset
        self.put(raw)
        self.handle.seek(len(MAGIC))
        self.handle.write(_HEADER.pack(offset, len(raw), zlib.crc32(raw), self.offset))
        return self._close()

    def _close(self) -> Store:
        handle = self.handle
        if isinstance(handle, io.BytesIO):
            view = memoryview(handle.getvalue())
            store = _open(None, view)
            assert store is not None
            return store
        assert self.path is not None
        assert self.tmp is not None
        handle.flush()
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        handle.close()
        path: Path | None = self.path
        try:
            os.replace(self.tmp, self.path)
        except OSError:  # the mapping stays readable; the next run tries again
            self.tmp.unlink(missing_ok=True)
            path = None
        store = _open(path, memoryview(mapped))
        assert store is not None
        return store

    def abandon(self) -> None:
        """Remove the temporary file (after an error while building)."""
        self.handle.close()
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)
