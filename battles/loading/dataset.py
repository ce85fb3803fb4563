"""A record with its file (:class:`Loaded`) and the records of a run (:class:`Dataset`),
with the lookup keys that must not clash."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from battles import model
from battles.errors import DataError, Location
from battles.positions import FieldPath, Positions, format_path
from battles.text import normalise

if TYPE_CHECKING:
    from battles.belligerents import Belligerents

Owner = TypeVar("Owner", str, tuple[int, int])


class RecordStore(Protocol):
    """Where one record is kept: its identity at hand, the record and its digests read
    when asked for. :class:`HeldRecord` holds a record in memory; a record of the cache
    file is a ``loading.cached.CachedRecord``."""

    key: str
    names: tuple[str, ...]  # the name, then the aliases
    part_of: tuple[str, ...]
    keys: tuple[str, ...] | None  # the id, name and aliases normalised (None: not worked out)

    def record(self) -> model.Record:
        """The record (decoded anew each time from a cache file)."""
        ...

    def digest(self, region: int) -> Any:
        """The record's digest of ``region`` (by its place in ``digest.REGIONS``) as the
        store keeps it; None when it keeps none, or it is damaged: the caller derives it."""
        ...


class DatasetStore(Protocol):
    """Where a dataset's records are kept: the records themselves, and what lookups and
    views read of all of them at once. :class:`HeldRecords` holds them in memory; those of
    the cache file are a ``loading.cached.CachedRecords``."""

    def __len__(self) -> int: ...

    def entry(self, index: int) -> Loaded:
        """The record at ``index`` (the same object each time it is asked for)."""
        ...

    def ids(self) -> list[str]: ...

    def lookup_keys(self) -> list[tuple[str, ...]]: ...

    def parts_of(self, key: str) -> list[int]:
        """The records whose ``part_of`` names the record ``key``."""
        ...

    def digests(self, region: int) -> list[Any] | None:
        """Every record's digest of ``region``; None when the store keeps none, or they
        are damaged: the caller derives them from the records."""
        ...

    def candidates(self, parts: list[str]) -> Sequence[int] | None:
        """The records that may have, for each of ``parts``, a word holding it (see
        :meth:`Dataset.candidates`); None when the store cannot tell without the decoded
        words (the caller reads them)."""
        ...


class HeldRecord:
    """A record held in memory: its digests are derived from it."""

    __slots__ = ("_record", "key", "keys", "names", "part_of")

    def __init__(self, record: model.Record) -> None:
        self._record = record
        self.key = record.key
        self.names: tuple[str, ...] = (record.name, *record.aliases)
        self.part_of: tuple[str, ...] = record.part_of
        self.keys: tuple[str, ...] | None = None

    def record(self) -> model.Record:
        return self._record

    def digest(self, region: int) -> Any:
        return None


class HeldRecords:
    """A dataset's records held in memory (read without the cache): every lookup is a pass
    over them, every digest is derived, and every record may hold any word."""

    def __init__(self, records: Sequence[Loaded]) -> None:
        self._entries = list(records)
        for n, entry in enumerate(self._entries):
            entry.index = n

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, index: int) -> Loaded:
        return self._entries[index]

    def ids(self) -> list[str]:
        return [entry.key for entry in self._entries]

    def lookup_keys(self) -> list[tuple[str, ...]]:
        return [entry.keys for entry in self._entries]

    def parts_of(self, key: str) -> list[int]:
        return [n for n, entry in enumerate(self._entries) if key in entry.part_of]

    def digests(self, region: int) -> list[Any] | None:
        return None

    def candidates(self, parts: list[str]) -> Sequence[int] | None:
        return range(len(self._entries))


class Loaded:
    """A record with the file it came from and, when they were kept, where its values are.

    The record is read from its store (see :class:`RecordStore`) when something first reads
    ``record``: a record from the cache stays msgpack bytes until then, and its id, names
    and digests (see :mod:`battles.loading.digest`) are at hand without decoding it.
    """

    __slots__ = (
        "_digests",
        "_keys",
        "_path",
        "_record",
        "_store",
        "checks",
        "index",
        "key",
        "names",
        "part_of",
        "positions",
    )

    def __init__(
        self,
        store: RecordStore,
        path: Path | str,
        positions: Positions | None = None,
        *,
        index: int = 0,
    ) -> None:
        self._store = store
        self._record: model.Record | None = None
        self._path = str(path)
        self._digests: dict[int, Any] = {}
        self.index = index  # the record's place in its dataset
        self.checks: tuple[tuple[int, int, str], ...] = ()  # see _draft_checks
        self.positions = positions if positions is not None else Positions()
        self.key = store.key
        self.names = store.names
        self.part_of = store.part_of
        self._keys = store.keys

    @property
    def path(self) -> Path:
        return Path(self._path)

    @property
    def shown(self) -> str:
        """The file as messages name it (relative to the working directory when inside it)."""
        return self._path

    @property
    def keys(self) -> tuple[str, ...]:
        """The id, name and aliases as lookups compare them (see :func:`normalise`)."""
        if self._keys is None:
            self._keys = tuple(normalise(n) for n in (self.key, *self.names))
        return self._keys

    @property
    def record(self) -> model.Record:
        if self._record is None:
            self._record = self._store.record()
        return self._record

    def read(self) -> model.Record:
        """The record, without keeping it decoded (for a pass over every record). A record
        whose cached bytes are damaged is read from its file, and the cache is dropped."""
        if self._record is not None:
            return self._record
        return self._store.record()

    def digest(self, region: int) -> Any:
        """One of the record's digests (by its place in ``digest.REGIONS``): as its store
        keeps it, else derived from the record."""
        if region not in self._digests:
            found = self._store.digest(region)
            if found is None:
                from battles.loading import digest

                found = digest.REGIONS[region][1](self.record)
            self._digests[region] = found
        return self._digests[region]

    def peek(self, region: int) -> Any:
        """As :meth:`digest`, without keeping it (for a pass over every record: a search
        for a word in every record reads every record's texts, more than the rest of the
        cache, and never holds them all at once)."""
        if region in self._digests:
            return self._digests[region]
        found = self._store.digest(region)
        if found is None:
            from battles.loading import digest

            found = digest.REGIONS[region][1](self.read())
        return found

    def location(self, path: FieldPath, *, key: bool = False) -> Location:
        pos = self.positions.find(path, key=key)
        return Location(
            self._path,
            pos[0] if pos else None,
            pos[1] if pos else None,
            format_path(path) or None,
        )


class Dataset:
    """The records that loaded (in file order), the problems of the files that did not, and
    the files that are not records.

    The records are in a store (see :class:`DatasetStore`): ``records``, held in memory,
    unless ``store`` is given. A dataset read from the cache makes a :class:`Loaded` for a
    record only when something asks for it, and reads each view's digests of all records
    in one decode.
    """

    def __init__(
        self,
        records: Sequence[Loaded] | None = None,
        problems: list[DataError] | None = None,
        skipped: list[Path] | None = None,
        *,
        store: DatasetStore | None = None,
    ) -> None:
        self.problems: list[DataError] = problems if problems is not None else []
        self.skipped: list[Path] = skipped if skipped is not None else []
        self._store: DatasetStore = store if store is not None else HeldRecords(records or [])
        self._digests: dict[int, list[Any]] = {}
        self.directories: list[Path] = []  # where the records were read (for the tables)
        self._belligerents: Belligerents | None = None

    def belligerents(self) -> Belligerents:
        """The belligerents' table of the dataset's directories, read when first asked for.
        A table with a problem raises it: a grouping half read would answer wrongly."""
        if self._belligerents is None:
            from battles.belligerents import read_table

            table, problems = read_table(self.directories)
            if problems:
                raise problems[0]
            self._belligerents = table
        return self._belligerents

    def __len__(self) -> int:
        return len(self._store)

    def entry(self, index: int) -> Loaded:
        return self._store.entry(index)

    @property
    def records(self) -> list[Loaded]:
        return [self._store.entry(n) for n in range(len(self._store))]

    def lookup_keys(self) -> list[tuple[str, ...]]:
        """Each record's id, name and aliases, normalised (see :func:`normalise`)."""
        return self._store.lookup_keys()

    def ids(self) -> list[str]:
        return self._store.ids()

    def parts_of(self, key: str) -> list[int]:
        """The records whose ``part_of`` names the record ``key``."""
        return self._store.parts_of(key)

    def candidates(self, wanted: str) -> Sequence[int]:
        """The records that may hold the normalised text ``wanted``: those with a word
        holding each of its words (a text holding ``wanted`` has such words, see
        ``digest.words``), as the store finds them (every record, held in memory; from the
        cache's index of words as it lies in the file), or from the decoded words."""
        from battles.loading.digest import WORDS

        parts = [part for part in dict.fromkeys(wanted.split(" ")) if part]
        if WORDS not in self._digests:
            found = self._store.candidates(parts)
            if found is not None:
                return found
        every: list[str] = self.digests(WORDS)
        return [n for n, words in enumerate(every) if all(part in words for part in parts)]

    def lookup(self, key: str) -> list[int]:
        """The records whose id, name or an alias is ``key`` (normalised)."""
        return [n for n, keys in enumerate(self.lookup_keys()) if key in keys]

    def by_id(self) -> dict[str, Loaded]:
        return {entry.key: entry for entry in self.records}

    def digests(
        self, region: int, indexes: Sequence[int] | None = None, *, held: bool = True
    ) -> list[Any]:
        """One digest of each record (by its place in ``digest.REGIONS``), or of the records
        at ``indexes``: a few are read one by one, many in one decode of the whole region,
        which the dataset holds for the next caller unless not ``held`` (a large region
        one caller reads once, and lets go of when done)."""
        if indexes is not None and region not in self._digests and len(indexes) * 8 < len(self):
            return [self.entry(n).digest(region) for n in indexes]
        every = self._digests.get(region)
        if every is None:
            every = self._all_digests(region)
            if held:
                self._digests[region] = every
        return every if indexes is None else [every[n] for n in indexes]

    def _all_digests(self, region: int) -> list[Any]:
        found = self._store.digests(region)
        if found is not None:
            return found
        from battles.loading import digest

        derive = digest.REGIONS[region][1]
        return [derive(self.entry(n).record) for n in range(len(self))]


# -- from msgspec's message to ours ------------------------------------------------------


def _claim(
    key: str, names: tuple[str, ...], keys: tuple[str, ...], mine: Owner, owners: dict[str, Owner]
) -> tuple[str, FieldPath, Owner] | None:
    """Ids and aliases are unique across files: what a user types must find one record.
    Claims the record's id and aliases, or returns the first taken: (name, field, owner)."""
    wanted: list[tuple[str, FieldPath]] = [(key, ("id",))]
    wanted += [(alias, ("aliases", i)) for i, alias in enumerate(names[1:])]
    normalised = [keys[0], *keys[2:]]  # the id and the aliases; the name may repeat
    for (name, where), norm in zip(wanted, normalised, strict=True):
        owner = owners.get(norm)
        if owner is not None and owner != mine:
            return name, where, owner
    for norm in normalised:
        owners[norm] = mine
    return None


def _clash_location(path: Path, shown: str, field: FieldPath) -> Location:
    """Where a clashing name is, read again with positions."""
    with contextlib.suppress(DataError):
        from battles.loading.parse import load_file

        return load_file(path, positions=True, shown=shown).location(field)
    return Location(shown, None, None, format_path(field))


def _clash_error(name: str, owner: str, location: Location) -> DataError:
    return DataError(
        f"{name!r} is already the id or an alias of {owner}",
        location,
        "ids and aliases must be unique",
    )
