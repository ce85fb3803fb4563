"""A run's records: list the directories, reuse what the cache holds, parse the rest (on
every core for a first run), and write the cache once."""

from __future__ import annotations

import contextlib
import os
import time
import zlib
from collections.abc import Callable, Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from battles.errors import DataError, Location
from battles.loading.dataset import Dataset, Loaded, _claim, _clash_error, _clash_location
from battles.loading.sources import display_path, read_bytes, record_files
from battles.text import shown_name

if TYPE_CHECKING:
    from battles.loading import cache

Stat = tuple[int, int, int, int]  # a file's size, modification and change times and inode
Progress = Callable[[int], contextlib.AbstractContextManager[Callable[[int], None]]]


class _Listing(msgspec.Struct):
    """One data directory (or file) as listed now: its record files and their stats."""

    resolved: str  # the directory or file, resolved (the cache's key for it)
    folder: str  # the directory the files are in
    names: list[str]
    packed: bytes  # the files' stats as the cache keeps them (see cache.pack_stats)
    shown_dir: str | None  # how messages name the directory (None: a single file)
    inside: str | None  # where links may lead (None: anywhere; see read_bytes)
    unpacked: list[tuple[int, int, int, int] | None] | None = None

    @property
    def stats(self) -> list[tuple[int, int, int, int] | None]:
        """Each file's stats (None: it cannot be stat'ed), unpacked when first asked for
        (a run whose cache holds compares the packed bytes only)."""
        if self.unpacked is None:
            import array

            numbers = array.array("q", self.packed).tolist()
            quads = zip(*[iter(numbers)] * 4, strict=True)
            self.unpacked = [quad if any(quad) else None for quad in quads]
        return self.unpacked

    def path(self, n: int) -> Path:
        return Path(os.path.join(self.folder, self.names[n]))

    def shown(self, n: int) -> str:
        if self.shown_dir is None:
            return display_path(self.path(n))
        return shown_name(os.path.join(self.shown_dir, self.names[n]))


def _utf8(resolved: str, names: list[str]) -> bool:
    """Whether a directory's path and its files' names are all UTF-8 text."""
    joined = resolved + "".join(names)
    if joined.isascii():
        return True
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _stats(folder: str, names: list[str]) -> bytes:
    """Each file's size, modification and change times and inode, packed as the cache keeps
    them (zeros: cannot stat, see cache.pack_stats). Through a descriptor of the directory
    where the system allows it (fewer path lookups)."""
    import array

    from battles.loading.cache import stat_key

    packed = array.array("q")
    extend = packed.extend
    missing = (0, 0, 0, 0)
    fd: int | None = None
    if os.stat in os.supports_dir_fd:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
    try:
        for name in names:
            try:
                if fd is not None:
                    st = os.stat(name, dir_fd=fd)
                else:
                    st = os.stat(os.path.join(folder, name))
            except OSError:
                extend(missing)
                continue
            extend(stat_key(st))
    finally:
        if fd is not None:
            os.close(fd)
    return packed.tobytes()


def load(
    paths: Sequence[Path],
    *,
    positions: bool = False,
    use_cache: bool = False,
    follow_links: bool = False,
    progress: Progress | None = None,
) -> Dataset:
    """Load every record under ``paths``, keeping going past bad files. With ``use_cache``,
    files that have not changed since the last run come from the cache (see
    :mod:`battles.cache`); when no file changed, nothing is worked out again. Files read
    anew are parsed on every core when there are many (see :func:`workers`); ``progress``,
    given how many, makes a context whose function is called as each one is done.

    A symbolic link in a data directory is followed only when the file it leads to is in
    the same directory (or below it), unless ``follow_links``; a file named on its own is
    read wherever it is. Names that are not UTF-8 are read, and shown escaped (``\xff``);
    such a dataset is read without the cache, which holds text only."""
    listed_at = time.time_ns()
    skipped: list[Path] = []
    listings: list[_Listing] = []
    seen: set[tuple[str, str]] = set()  # a file named twice (a directory and a file in it)
    for directory in paths:
        names, other = record_files(directory)
        skipped.extend(other)
        is_dir = directory.is_dir()
        folder = str(directory) if is_dir else os.path.dirname(directory) or "."
        resolved = str(directory.resolve())
        if len(paths) > 1:  # ... is read once
            real = resolved if is_dir else os.path.dirname(resolved)
            names = [n for n in names if (real, n) not in seen]
            seen.update((real, n) for n in names)
        if use_cache and not _utf8(resolved, names):
            use_cache = False
        stats = _stats(folder, names) if use_cache else b""
        shown_dir = display_path(directory) if is_dir else None
        inside = resolved if is_dir and not follow_links else None
        listings.append(_Listing(resolved, folder, names, stats, shown_dir, inside))
    directories = [p for p in paths if p.is_dir()]
    if not use_cache:
        dataset = _load_files(listings, skipped, positions)
        dataset.directories = directories
        return dataset
    from battles.loading import cache

    where: Path | None = cache.cache_path(list(paths), follow_links=follow_links)
    assert where is not None
    if not cache.usable_dir(where.parent):
        where = None  # not a directory the user alone can write: build in memory
    store = cache.read(where) if where is not None else None
    if store is None or not _unchanged(store.index, listings) or not _racy_fresh(store, listings):
        try:
            store = _build(listings, store, where, listed_at, progress)
        except OSError:  # the cache cannot be written (a full disk...): build it in memory
            store = _build(listings, store, None, listed_at, progress)
    dataset = _from_store(store, listings, skipped)
    dataset.directories = directories
    return dataset


def _content_crc(listing: _Listing, n: int) -> int:
    """The CRC-32 of a file's bytes, as the cache records it (-1: the file cannot be read)."""
    try:
        return zlib.crc32(read_bytes(listing.path(n), listing.shown(n), listing.inside))
    except DataError:
        return -1


def _racy_fresh(store: cache.Store, listings: list[_Listing]) -> bool:
    """Whether the files the cache saw modified near its build (whose stats cannot show a
    later edit in the same second, see cache.RACY_NS) still hold what it read, and the
    cache need not be built again to stop checking them."""
    from battles.loading import cache

    index = store.index
    newest = 0
    for d, f in index.racy:
        try:
            entry = index.directories[d].entry(f)
        except cache.Damaged:
            return False
        if _content_crc(listings[d], f) != entry.crc:
            return False
        stat = listings[d].stats[f]
        newest = max(newest, stat[1] if stat is not None else 0)
    # Once the racy files are older than the margin, a new build stops checking them.
    return not index.racy or time.time_ns() - cache.RACY_NS <= newest


def _load_files(listings: list[_Listing], skipped: list[Path], positions: bool) -> Dataset:
    from battles.loading.parse import load_file  # only when files are read

    records: list[Loaded] = []
    problems: list[DataError] = []
    owners: dict[str, str] = {}
    for listing in listings:
        for n in range(len(listing.names)):
            path = listing.path(n)
            try:
                entry = load_file(
                    path, positions=positions, shown=listing.shown(n), inside=listing.inside
                )
            except DataError as exc:
                problems.append(exc)
                continue
            clash = _claim(entry.key, entry.names, entry.keys, entry.shown, owners)
            if clash is not None:
                name, field, owner = clash
                location = entry.location(field)
                if location.line is None:  # read without positions
                    location = _clash_location(path, entry.shown, field)
                problems.append(_clash_error(name, owner, location))
                continue
            records.append(entry)
    return Dataset(records, problems, skipped)


def _unchanged(index: cache.Index, listings: list[_Listing]) -> bool:
    """Whether the cache saw exactly these files, with these stats."""
    if len(index.directories) != len(listings):
        return False
    for directory, listing in zip(index.directories, listings, strict=True):
        if directory.path != listing.resolved or directory.names != listing.names:
            return False
        if directory.stats != listing.packed:
            return False
    return True


def _build(
    listings: list[_Listing],
    previous: cache.Store | None,
    where: Path | None,
    built: int,
    progress: Progress | None = None,
) -> cache.Store:
    """Write a new cache file (in memory when ``where`` is None): unchanged files' blobs are
    copied from the previous one, the others are read (racy ones too, see
    :func:`_racy_fresh`); then every name is claimed, as :func:`_load_files` does."""
    from battles.loading import cache

    old: dict[str, dict[str, cache.FileEntry]] = {}
    if previous is not None:
        racy = {(d, f) for d, f in previous.index.racy}
        for d, directory in enumerate(previous.index.directories):
            try:
                old[directory.path] = {
                    name: entry
                    for f, (name, entry) in enumerate(
                        zip(directory.names, directory.entries(), strict=True)
                    )
                    if (d, f) not in racy
                }
            except (msgspec.DecodeError, msgspec.ValidationError, ValueError):
                old[directory.path] = {}
    writer = cache.Writer(where, built)
    # The files to read anew: parsed on every core (see _parsed), written here in order.
    fresh = [
        (listing.path(f), stat, listing.shown(f), listing.inside)
        for listing in listings
        for f, (name, stat) in enumerate(zip(listing.names, listing.stats, strict=True))
        if not _reusable(old.get(listing.resolved, {}).get(name), stat)
    ]
    parsed = _parsed(fresh, workers())
    steps = contextlib.ExitStack()
    step = steps.enter_context(progress(len(fresh))) if progress is not None else None
    try:
        directories: list[tuple[str, list[str], list[Stat | None], list[cache.FileEntry]]] = []
        loaded: list[tuple[int, int]] = []
        clashes: list[cache.Clash] = []
        owners: dict[str, tuple[int, int]] = {}
        for d, listing in enumerate(listings):
            known = old.get(listing.resolved, {})
            entries: list[cache.FileEntry] = []
            for f, (name, stat) in enumerate(zip(listing.names, listing.stats, strict=True)):
                path, shown = listing.path(f), listing.shown(f)
                entry: cache.FileEntry | None = None
                blobs: tuple[bytes, ...] = ()
                if previous is not None and _reusable(known.get(name), stat):
                    entry, blobs = _reuse(writer, previous, known[name])
                if entry is None:
                    entry, record, blobs = (
                        next(parsed)
                        if not _reusable(known.get(name), stat)
                        else _parse((path, stat, shown, listing.inside))
                    )
                    if record:
                        entry.record = writer.put(record)
                    if step is not None:
                        step(1)
                entries.append(entry)
                if entry.problems is not None:
                    continue
                loaded.append((d, f))
                writer.add_digests(blobs)
                clash = _claim(entry.key, entry.names, entry.keys, (d, f), owners)
                if clash is not None:
                    name, field, (od, of) = clash
                    at = _clash_location(path, shown, field)
                    clashes.append(cache.Clash(d, f, od, of, name, at.line, at.column, at.field))
            directories.append((listing.resolved, listing.names, listing.stats, entries))
        return writer.finish(directories, loaded, clashes)
    except BaseException:
        writer.abandon()
        raise
    finally:
        parsed.close()
        steps.close()


def _reusable(entry: cache.FileEntry | None, stat: Stat | None) -> bool:
    """Whether the previous cache's entry for a file holds for it still (the same stat)."""
    return entry is not None and stat is not None and entry.stat == stat


def _reuse(
    writer: cache.Writer, previous: cache.Store, entry: cache.FileEntry
) -> tuple[cache.FileEntry | None, tuple[bytes, ...]]:
    """The previous cache's entry for a file that has not changed, its blobs copied (None
    when they are damaged: the file is read again)."""
    from battles.loading import cache

    if entry.problems is not None:
        return entry, ()
    try:
        record = previous.blob(entry.record)
        blobs = tuple(previous.blob(span) for span in entry.digests)
    except cache.Damaged:
        return None, ()
    if len(blobs) != len(cache.REGIONS):
        return None, ()
    entry.record = writer.put(record)
    return entry, blobs


ENV_WORKERS = "BATTLES_WORKERS"
PARALLEL_FROM = 200  # files to read before a first run parses them on several cores


def workers(environ: dict[str, str] | None = None) -> int:
    """How many processes parse the files of a first run: ``BATTLES_WORKERS`` when it is a
    whole number from 1, else one for each core this process may run on."""
    chosen = (os.environ if environ is None else environ).get(ENV_WORKERS, "")
    if chosen.isdecimal() and int(chosen) >= 1:
        return min(int(chosen), 64)
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):  # not on every system
        return max(os.cpu_count() or 1, 1)


Job = tuple[Path, Stat | None, str, str | None]  # a file to read: path, stat, name shown, inside


def _parsed(
    jobs: list[Job], count: int
) -> Generator[tuple[cache.FileEntry, bytes, tuple[bytes, ...]]]:
    """Each file of ``jobs`` parsed (see :func:`_parse`), in order. Many files are parsed in
    a pool of ``count`` processes, which return bytes only (the cache is written by this
    process alone); few files, or one worker, in this process."""
    if count <= 1 or len(jobs) < PARALLEL_FROM:
        yield from map(_parse, jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    # Forking is cheapest: the workers have every module this one has loaded.
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(
        max_workers=min(count, len(jobs)), mp_context=context, initializer=_worker_starts
    )
    try:
        yield from pool.map(_parse, jobs, chunksize=16)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_starts() -> None:
    """A worker's objects as it starts (every module this process had loaded, when forked)
    are never garbage: the collector stops looking at them (it looked at them all, over and
    over, while a worker parsed: a tenth of its time)."""
    import gc

    gc.freeze()


def _parse(job: Job) -> tuple[cache.FileEntry, bytes, tuple[bytes, ...]]:
    """A file read anew: its entry (with its problems, if it did not load), its record as
    msgpack (empty if it did not load) and its digests (see :mod:`battles.digest`). The
    record's span in the cache is the writer's to fill in."""
    from battles.loading import cache, digest
    from battles.loading.parse import load_bytes
    from battles.loading.schema_errors import RecordErrors

    path, stat, shown, inside = job
    stat = stat or (0, 0, 0, 0)  # as cache.pack_stats records a file it cannot stat
    crc = -1
    try:
        raw = read_bytes(path, shown, inside)
        crc = zlib.crc32(raw)
        loaded = load_bytes(raw, path, shown)
    except DataError as exc:
        found = exc.errors if isinstance(exc, RecordErrors) else [exc]
        problems = [e.problem._replace(location=e.location._replace(file="")) for e in found]
        return cache.FileEntry(path.name, stat, problems, crc=crc), b"", ()
    record = loaded.record
    entry = cache.FileEntry(
        path.name,
        stat,
        None,
        record.key,
        loaded.names,
        record.part_of,
        loaded.keys,
        crc=crc,
    )
    return (
        entry,
        cache.encode(record),
        tuple(cache.encode(found) for found in digest.derive_all(record)),
    )


def _from_store(store: cache.Store, listings: list[_Listing], skipped: list[Path]) -> Dataset:
    """The dataset as the cache's index records it."""
    index = store.index

    def shown(d: int, f: int) -> str:
        return listings[d].shown(f)

    found: list[tuple[int, int, DataError]] = []
    if index.failed:
        from battles.loading.schema_errors import RecordErrors  # as the worker raised them
    for d, f in index.failed:
        each = [
            DataError(p.message, p.location._replace(file=shown(d, f)), p.hint)
            for p in index.directories[d].entry(f).problems or ()
        ]
        found.append((d, f, RecordErrors(each) if len(each) > 1 else each[0]))
    clashed = set()
    for c in index.clashes:
        clashed.add((c.directory, c.file))
        location = Location(shown(c.directory, c.file), c.line, c.column, c.field)
        found.append(
            (c.directory, c.file, _clash_error(c.name, shown(c.owner, c.owner_file), location))
        )
    found.sort(key=lambda item: (item[0], item[1]))
    places: list[int] | None = None
    kept = index.loaded
    if clashed:
        places = [n for n, df in enumerate(index.loaded) if df not in clashed]
        kept = [index.loaded[n] for n in places]
    from battles.loading.cached import CachedRecords

    records = CachedRecords(store, kept, shown, places)
    return Dataset(problems=[e for _, _, e in found], skipped=skipped, store=records)
