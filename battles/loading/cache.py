"""A cache of loaded records, so that a large dataset is not parsed again on every run.

- It lives in the user's cache directory (``$BATTLES_CACHE_DIR``, else
  ``$XDG_CACHE_HOME/battles``, else ``~/.cache/battles``; a relative path is ignored, as the
  XDG rules say), one file per set of data directories, never next to the data. Only the
  last directory (and ``~/.cache`` when ``$HOME`` exists) is created, with mode 0700.
- A cache file is trusted only when it is a regular file owned by the user and writable by
  no one else, in a directory the user owns that no one else can write; else the cache is
  built in memory for the run and nothing is written.
- A file is reused only while its size, modification time, change time and inode are the
  ones recorded; a file added or removed is seen because each directory is listed anew.
  A file modified within two seconds of a build ("racy", as git calls it: a file system
  with coarse timestamps cannot tell an edit in the same second) is checked by its content
  on the next runs, until a build that is later than it. When nothing changed, what the
  last run worked out about the whole dataset (which files loaded, which names clash) is
  reused too.
- It is written to a temporary file and renamed into place, so a second process never reads
  half of it. Every blob and the index carry a CRC-32: a cache file that is missing, foreign,
  truncated or damaged anywhere is ignored and rebuilt, silently (a damaged record found
  later is read from its file, and the cache is dropped). The file is read with ``pread``,
  never mapped, so another process that truncates it cannot end a reader (no SIGBUS).
- A temporary file that a killed run left behind is removed by the next build.
- ``--no-cache`` or ``BATTLES_NO_CACHE=1`` turn it off.

The file: a header, each record as msgpack, then the regions (each one msgpack array, one
item per record that loaded: the digests that ``list``, ``compare``, ``timeline`` and the
analysis commands read, see :mod:`battles.digest`), then the index. A command reads only
the region it decodes, and a command that shows one record decodes one record.
"""

import io
import os
import stat as statmod
import struct
import time
import zlib
from pathlib import Path
from typing import Any, BinaryIO

import msgspec

from battles import __version__
from battles.errors import Problem

CACHE_FORMAT = 17  # 5: dates of format 2; 6: the rest of format 2; 7: the analysis regions;
# 8: each side's belligerents in the forces, the index of words and the texts search reads;
# 9: the texts with their fields as a reader names them; 10: the sides' equipment;
# 11: the days of fighting in the brief; 12: the brief's entry of a listing as JSON, the
# texts search reads with their plain forms in one string; 13: problems as errors.Problem;
# 14: the listing's JSON entries and date order in regions of their own, not in the brief;
# 15 (three branches): the CSV lines of people and units, with their names as lookups
# compare them; 16: and the date order as one text, the lines of timeline and compare as
# bytes, in regions of their own; 17: and the index of words made of the texts search
# reads (their plain forms), not the record
MAGIC = b"battles-cache\n"
ENV_DIR = "BATTLES_CACHE_DIR"
ENV_OFF = "BATTLES_NO_CACHE"
REGIONS = (
    "brief",
    "forces",
    "happenings",
    "disputes",
    "sources",
    "people",
    "units",
    "words",
    "texts",
    "order",
    "listed",
    "people_lines",
    "unit_lines",
    "timed",
    "compared",
)

Span = tuple[int, int, int]  # offset in the file, length (0 for none) and CRC-32
Stat = tuple[int, int, int, int]


class FileEntry(msgspec.Struct, array_like=True):
    """One YAML file: its stat, and its problems or its record's names and blobs."""

    name: str
    stat: Stat
    # The file did not load: its problems, the file's name left out (it is shown as the run
    # that reads the cache names the file).
    problems: list[Problem] | None = None
    key: str = ""
    names: tuple[str, ...] = ()  # the name, then the aliases
    part_of: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()  # id, name and aliases, normalised for lookups
    record: Span = (0, 0, 0)
    digests: tuple[Span, ...] = ()  # in REGIONS order
    crc: int = 0  # of the file's bytes, to check a racy file by its content


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
    built: int  # when the files were listed for this build (ns since the epoch)
    racy: list[tuple[int, int]]  # (directory, file) of each file modified near ``built``


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


SPOOL_BYTES = 4 << 20  # a region's digests kept in memory before they go to a file
RACY_NS = 2_000_000_000  # FAT counts modification times in steps of two seconds
_OPEN = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def cache_dir(environ: dict[str, str] | None = None) -> Path:
    """Where cache files go; relative paths in the variables are ignored."""
    env = os.environ if environ is None else environ
    chosen = env.get(ENV_DIR, "")
    if os.path.isabs(chosen):
        return Path(chosen)
    base = env.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "battles"


def usable_dir(directory: Path) -> bool:
    """Make the cache directory when it is missing (mode 0700; its parent too only when
    that is ``~/.cache``-like: a directory whose own parent exists), and say whether it can
    be trusted: a directory the user owns that no one else can write."""
    for attempt in range(3):
        try:
            info = os.lstat(directory)
        except FileNotFoundError:
            try:
                os.mkdir(directory, 0o700)
            except FileNotFoundError:
                if attempt or not directory.parent.parent.is_dir():
                    return False
                try:
                    os.mkdir(directory.parent, 0o700)
                except FileExistsError:
                    pass
                except OSError:
                    return False
            except FileExistsError:
                pass
            except OSError:
                return False
            continue
        except OSError:
            return False
        return (
            statmod.S_ISDIR(info.st_mode)
            and info.st_uid == os.geteuid()
            and not info.st_mode & 0o022
        )
    return False


def _fingerprint(here: Path | None = None) -> str:
    """Changes whenever what the cache holds might: the format, the version, and the size and
    time of every module of the package's top level, its loading package and its questions
    (whose functions make the rows that the digests of people, units, sources and disputes
    keep), where everything that shapes a record, a digest or a lookup key lives (a stat
    each, not a hash: start-up matters here; a development install's edit to any is seen)."""
    here = here or Path(__file__).resolve().parent.parent
    parts = [str(CACHE_FORMAT), __version__]
    for folder in ("", "loading", "questions"):
        try:
            with os.scandir(here / folder) as entries:
                found = sorted(
                    (entry.name, entry.stat()) for entry in entries if entry.name.endswith(".py")
                )
        except OSError:
            continue
        prefix = f"{folder}/" if folder else ""
        parts += [f"{prefix}{name}:{stat.st_size}:{stat.st_mtime_ns}" for name, stat in found]
    return ";".join(parts)


def cache_path(
    directories: list[Path], environ: dict[str, str] | None = None, *, follow_links: bool = False
) -> Path:
    key = b"\0".join(os.fsencode(d.resolve()) for d in directories)
    if follow_links:  # what loads depends on it
        key += b"\0--follow-links"
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


def string_items(region: bytes) -> tuple[list[int], list[int]]:
    """Where each item of a region that is a msgpack array of strings lies in it: the
    offsets of the first byte of each string's UTF-8 bytes and of the byte after them."""
    starts: list[int] = []
    ends: list[int] = []
    size = len(region)
    if not size:
        raise Damaged("a region of strings is empty")
    head = region[0]
    if head & 0xF0 == 0x90:
        count, pos = head & 0x0F, 1
    elif head == 0xDC:
        count, pos = int.from_bytes(region[1:3], "big"), 3
    elif head == 0xDD:
        count, pos = int.from_bytes(region[1:5], "big"), 5
    else:
        raise Damaged("a region of strings is not an array")
    widths = {0xD9: 1, 0xDA: 2, 0xDB: 4}
    for _ in range(count):
        if pos >= size:
            raise Damaged("a region of strings is cut short")
        head = region[pos]
        if head & 0xE0 == 0xA0:
            length, pos = head & 0x1F, pos + 1
        elif head in widths:
            width = widths[head]
            length = int.from_bytes(region[pos + 1 : pos + 1 + width], "big")
            pos += 1 + width
        else:
            raise Damaged("an item of a region of strings is not a string")
        starts.append(pos)
        pos += length
        ends.append(pos)
    if pos != size:
        raise Damaged("a region of strings does not end with its last item")
    return starts, ends


class Store:
    """An open cache file: its index, and its blobs read as they are asked for (with
    ``pread`` from the open file, or from memory for a cache built in memory), each checked
    against its CRC-32."""

    def __init__(
        self, path: Path | None, index: Index, *, fd: int | None = None, data: bytes = b""
    ) -> None:
        self.path = path
        self.index = index
        self._fd = fd
        self._data = data
        self.size = len(data) if fd is None else os.fstat(fd).st_size

    def __del__(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _bytes(self, offset: int, count: int) -> bytes:
        if self._fd is None:
            return self._data[offset : offset + count]
        try:
            return os.pread(self._fd, count, offset)
        except OSError as exc:
            raise Damaged(str(exc)) from None

    def blob(self, span: Span) -> bytes:
        offset, count, crc = span
        if offset < _START or count <= 0 or offset + count > self.size:
            raise Damaged(f"a blob at {offset} lies outside the cache file")
        raw = self._bytes(offset, count)
        if len(raw) != count or zlib.crc32(raw) != crc:
            raise Damaged(f"the blob at {offset} is not what was written")
        return raw

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
    """The cache file at ``path``, or None when it is missing, unreadable, not to be
    trusted (not a regular file, another user's, writable by others), foreign, stale or
    truncated, or its index is damaged."""
    try:
        fd = os.open(path, _OPEN)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if (
            not statmod.S_ISREG(info.st_mode)
            or info.st_uid != os.geteuid()
            or info.st_mode & 0o022
            or info.st_size < _START
        ):
            os.close(fd)
            return None
        head = os.pread(fd, _START, 0)
        index = _index(head, info.st_size, lambda offset, count: os.pread(fd, count, offset))
    except OSError:
        os.close(fd)
        return None
    if index is None:
        os.close(fd)
        return None
    return Store(path, index, fd=fd)


def _index(head: bytes, total: int, read_at: Any) -> Index | None:
    """The index, from the header ``head`` of a file of ``total`` bytes; None when it is
    not a cache file of this version, or is damaged."""
    try:
        if len(head) < _START or head[: len(MAGIC)] != MAGIC:
            return None
        offset, length, crc, size = _HEADER.unpack(head[len(MAGIC) : _START])
        if size != total or offset < _START or offset + length > total:
            return None
        raw = read_at(offset, length)
        if len(raw) != length or zlib.crc32(raw) != crc:
            return None
        index = _INDEX.decode(raw)
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError, struct.error):
        return None
    if index.fingerprint != _fingerprint() or len(index.regions) != len(REGIONS):
        return None
    return index


def _array_header(count: int) -> bytes:
    """The msgpack header of an array of ``count`` items."""
    if count < 16:
        return bytes([0x90 | count])
    if count < 0x10000:
        return b"\xdc" + count.to_bytes(2, "big")
    return b"\xdd" + count.to_bytes(4, "big")


def _remove_stale(directory: Path) -> None:
    """Remove the temporary files of runs that were killed while they wrote a cache file
    (their process is gone, or the file is a day old)."""
    try:
        names = [n for n in os.listdir(directory) if n.startswith(".records-")]
    except OSError:
        return
    for name in names:
        if not name.endswith(".tmp"):
            continue
        pid = name.split("-")[1] if name.count("-") >= 2 else ""
        path = directory / name
        try:
            if pid.isdecimal() and int(pid) == os.getpid():
                continue
            old = time.time() - os.lstat(path).st_mtime > 86_400
            if old or (pid.isdecimal() and not _alive(int(pid))):
                path.unlink()
        except OSError:
            continue


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


class Writer:
    """Writes a cache file as records come: each record's blob goes straight to a temporary
    file beside the cache (so a first run over ten thousand records does not hold them all),
    the digests are kept until :meth:`finish` writes them as regions, with the index, and
    renames the file into place. Without a place to write (``path`` None, or a cache
    directory that cannot be written or trusted), the same file is built in memory."""

    def __init__(self, path: Path | None, built: int = 0) -> None:
        self.path = path
        self.built = built
        self.tmp: Path | None = None
        self.handle: BinaryIO = io.BytesIO()
        if path is not None and usable_dir(path.parent):
            import tempfile

            _remove_stale(path.parent)
            try:
                fd, tmp = tempfile.mkstemp(
                    prefix=f".records-{os.getpid()}-", suffix=".tmp", dir=path.parent
                )
                self.handle = os.fdopen(fd, "w+b")
                self.tmp = Path(tmp)
            except OSError:
                self.path = None
        else:
            self.path = None
        self.handle.write(MAGIC + b"\0" * _HEADER.size)
        self.offset = _START
        # Each region's digests, kept in a temporary file once they outgrow a few megabytes
        # (a first run over 100,000 records does not hold them all), with their lengths.
        import array
        import tempfile

        self.digests = [
            tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, dir=self._spool_dir())  # noqa: SIM115 (closed by finish or abandon)
            for _ in REGIONS
        ]
        self.lengths = [array.array("q") for _ in REGIONS]

    def put(self, blob: bytes) -> Span:
        span = (self.offset, len(blob), zlib.crc32(blob))
        self.handle.write(blob)
        self.offset += len(blob)
        return span

    def _spool_dir(self) -> str | None:
        return str(self.path.parent) if self.path is not None else None

    def add_digests(self, blobs: tuple[bytes, ...]) -> None:
        """The digests of the next file that loaded (see Index.loaded)."""
        for region, lengths, blob in zip(self.digests, self.lengths, blobs, strict=True):
            region.write(blob)
            lengths.append(len(blob))

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
        for spool, lengths in zip(self.digests, self.lengths, strict=True):
            start = self.offset
            header = _array_header(len(lengths))
            crc = zlib.crc32(header)
            self.put(header)
            spans.append([])
            spool.seek(0)
            for length in lengths:
                blob = spool.read(length)
                spans[-1].append(self.put(blob))
                crc = zlib.crc32(blob, crc)
            spool.close()
            regions.append((start, self.offset - start, crc))
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
        racy = [
            (d, f)
            for d, (_, _, stats, _) in enumerate(directories)
            for f, stat in enumerate(stats)
            if stat is not None and stat[1] >= self.built - RACY_NS
        ]
        listed = [
            Directory(path, names, pack_stats(stats), [msgspec.Raw(encode(e)) for e in entries])
            for path, names, stats, entries in directories
        ]
        index = Index(
            _fingerprint(),
            listed,
            loaded,
            failed,
            clashes,
            tuple(regions),
            ids,
            keys,
            parts,
            self.built,
            racy,
        )
        raw = _ENCODER.encode(index)
        offset = self.offset
        self.put(raw)
        self.handle.seek(len(MAGIC))
        self.handle.write(_HEADER.pack(offset, len(raw), zlib.crc32(raw), self.offset))
        return self._close(index)

    def _close(self, index: Index) -> Store:
        handle = self.handle
        if isinstance(handle, io.BytesIO):
            return Store(None, index, data=handle.getvalue())
        assert self.path is not None
        assert self.tmp is not None
        handle.flush()
        fd = os.dup(handle.fileno())
        handle.close()
        path: Path | None = self.path
        try:
            os.replace(self.tmp, self.path)
        except OSError:  # the open file stays readable; the next run tries again
            self.tmp.unlink(missing_ok=True)
            path = None
        return Store(path, index, fd=fd)

    def abandon(self) -> None:
        """Remove the temporary file (after an error while building, Ctrl-C or a signal)."""
        for spool in self.digests:
            spool.close()
        self.handle.close()
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)
