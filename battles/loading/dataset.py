"""A record with its file (:class:`Loaded`) and the records of a run (:class:`Dataset`),
with the lookup keys that must not clash."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from battles import model
from battles.errors import DataError, Location
from battles.positions import FieldPath, Positions, format_path
from battles.text import ascii_form, normalise

if TYPE_CHECKING:
    from battles.belligerents import Belligerents

Owner = TypeVar("Owner", str, tuple[int, int])
# Given how many files are to be read, a context whose function is called as each is done.


class Loaded:
    """A record with the file it came from and, when they were kept, where its values are.

    A record from the cache stays msgpack bytes until something reads ``record``; its id,
    names and digests (see :mod:`battles.digest`) are at hand without decoding it.
    """

    __slots__ = (
        "_digests",
        "_file",
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
        record: model.Record | None,
        path: Path | str,
        positions: Positions | None = None,
        *,
        store: Any = None,
        file: Any = None,
        index: int = 0,
    ) -> None:
        self._record = record
        self._store = store
        self._file = file
        self._path = str(path)
        self._digests: dict[int, Any] = {}
        self.index = index  # the record's place in its dataset
        self.checks: tuple[tuple[int, int, str], ...] = ()  # see _draft_checks
        self.positions = positions if positions is not None else Positions()
        if record is not None:
            self.key = record.key
            self.names: tuple[str, ...] = (record.name, *record.aliases)
            self.part_of: tuple[str, ...] = record.part_of
            self._keys: tuple[str, ...] | None = None
        else:
            self.key = file.key
            self.names = file.names
            self.part_of = file.part_of
            self._keys = file.keys

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
            self._record = self.read()
        return self._record

    def read(self) -> model.Record:
        """The record, without keeping it decoded (for a pass over every record). A record
        whose cached bytes are damaged is read from its file, and the cache is dropped."""
        if self._record is not None:
            return self._record
        from battles.loading import cache

        try:
            record: model.Record = self._store.decode(self._file.record, model.Record)
        except cache.Damaged:
            self._store.drop()
            from battles.loading.parse import load_file

            return load_file(self.path).record
        return record

    def might_contain(self, wanted: str, pattern: re.Pattern[str] | None = None) -> bool:
        """False only when no text of the record can contain ``wanted`` (normalised): a
        test on the record's cached bytes, without decoding them. msgpack keeps each text
        as its UTF-8 bytes, and UTF-8 resynchronises at the first byte of every text, so
        the bytes read as UTF-8 (what is not UTF-8 left out) hold each text whole, between
        other characters; :func:`normalise` works character by character (a run of spaces
        or hyphens becomes one space), so each normalised text stays a part of the whole."""
        if self._record is not None or self._store is None:
            return True
        from battles.loading import cache

        try:
            text = bytes(self._store.blob(self._file.record)).decode("utf-8", "ignore")
        except cache.Damaged:
            return True
        if pattern is not None:  # an ASCII ``wanted`` (see ascii_pattern)
            return pattern.search(ascii_form(text)) is not None
        return wanted in normalise(text)

    def digest(self, region: int) -> Any:
        """One of the record's digests (by its place in ``cache.REGIONS``): from the cache
        when the record came from there, else derived from the record."""
        if region not in self._digests:
            from battles.loading import cache, digest

            kind, derive = digest.REGIONS[region]
            if self._store is not None:
                try:
                    self._digests[region] = self._store.decode(self._file.digests[region], kind)
                except (cache.Damaged, IndexError):
                    self._store.drop()
                    self._digests[region] = derive(self.record)
            else:
                self._digests[region] = derive(self.record)
        return self._digests[region]

    def peek(self, region: int) -> Any:
        """As :meth:`digest`, without keeping it (for a pass over every record)."""
        if region in self._digests:
            return self._digests[region]
        if self._store is not None:
            from battles.loading import cache, digest

            try:
                return self._store.decode(self._file.digests[region], digest.REGIONS[region][0])
            except (cache.Damaged, IndexError):
                pass
        return self.digest(region)

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

    A dataset read from the cache makes a :class:`Loaded` for a record only when something
    asks for it, and reads each view's digests of all records in one decode.
    """

    def __init__(
        self,
        records: list[Loaded] | None = None,
        problems: list[DataError] | None = None,
        skipped: list[Path] | None = None,
        *,
        store: Any = None,
        kept: list[tuple[int, int]] | None = None,
        shown: Callable[[int, int], str] | None = None,
        places: list[int] | None = None,
    ) -> None:
        self.problems: list[DataError] = problems if problems is not None else []
        self.skipped: list[Path] = skipped if skipped is not None else []
        self._store = store
        self._kept = kept or []  # from the cache: each record's directory and file
        self._shown = shown  # how messages name a directory's file
        self._places = places  # each record's item in the index's lists (None: its index)
        self._entries: list[Loaded | None] = list(records) if records is not None else []
        if store is None:
            for n, entry in enumerate(self._entries):
                assert entry is not None
                entry.index = n
        else:
            self._entries = [None] * len(self._kept)
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
        return len(self._entries)

    def entry(self, index: int) -> Loaded:
        found = self._entries[index]
        if found is None:
            d, f = self._kept[index]
            assert self._shown is not None
            file = self._store.index.directories[d].entry(f)
            found = Loaded(None, self._shown(d, f), store=self._store, file=file, index=index)
            self._entries[index] = found
        return found

    @property
    def records(self) -> list[Loaded]:
        return [self.entry(n) for n in range(len(self._entries))]

    def _column(self, items: list[Any]) -> list[Any]:
        """One of the index's lists, by record (leaving out records whose names clash)."""
        return items if self._places is None else [items[n] for n in self._places]

    def lookup_keys(self) -> list[tuple[str, ...]]:
        """Each record's id, name and aliases, normalised (see :func:`normalise`)."""
        if self._store is not None:
            return self._column(self._store.index.keys)
        return [self.entry(n).keys for n in range(len(self))]

    def ids(self) -> list[str]:
        if self._store is not None:
            return self._column(self._store.index.ids)
        return [self.entry(n).key for n in range(len(self))]

    def parts_of(self, key: str) -> list[int]:
        """The records whose ``part_of`` names the record ``key``."""
        if self._store is None:
            return [n for n in range(len(self)) if key in self.entry(n).part_of]
        found = self._store.index.parts.get(key, [])
        if self._places is None:
            return list(found)
        place = {n: i for i, n in enumerate(self._places)}
        return [place[n] for n in found if n in place]

    def candidates(self, wanted: str) -> Sequence[int]:
        """The records that may hold the normalised text ``wanted`` (all of them, without
        a cache): from the cache's index of words, those with a word holding each of its
        words (a text holding ``wanted`` has such words, see ``digest.words``).

        The index is searched as it lies in the cache file, without decoding it: each
        record's words are one msgpack string there, that is its UTF-8 bytes after a short
        header. A word of ``wanted`` (UTF-8, no space) found within a record's bytes lies in
        one of its words (UTF-8 never matches from the middle of a character), and a match
        that touches a header is passed over."""
        if self._store is None:
            return range(len(self))
        from battles.loading.digest import WORDS

        parts = [part for part in dict.fromkeys(wanted.split(" ")) if part]
        if WORDS not in self._digests:
            found = self._scan_words(parts)
            if found is not None:
                return found
        every: list[str] = self.digests(WORDS)
        return [n for n, words in enumerate(every) if all(part in words for part in parts)]

    def _scan_words(self, parts: list[str]) -> list[int] | None:
        """:meth:`candidates` from the cache's region of words as bytes; None when the
        region is damaged (the caller then decodes it, and drops the cache)."""
        from bisect import bisect_right

        from battles.loading import cache
        from battles.loading.digest import WORDS

        try:
            needles = sorted((part.encode("utf-8") for part in parts), key=len, reverse=True)
        except UnicodeEncodeError:  # a lone surrogate: no word of a record holds one
            return []
        try:
            raw = self._store.blob(self._store.index.regions[WORDS])
            starts, ends = cache.string_items(raw)
        except (cache.Damaged, IndexError):
            return None
        if len(starts) != len(self._store.index.loaded):
            return None
        if not needles:
            return list(range(len(self)))
        first, rest = needles[0], needles[1:]
        held: list[int] = []  # the stored items whose words hold the longest word
        size = len(first)
        pos = raw.find(first, starts[0] if starts else 0)
        while pos >= 0:
            item = bisect_right(starts, pos) - 1
            if item >= 0 and pos + size <= ends[item]:
                if all(raw.find(other, starts[item], ends[item]) >= 0 for other in rest):
                    held.append(item)
                pos = raw.find(first, ends[item])
            else:  # in a header
                pos = raw.find(first, pos + 1)
        if self._places is None:
            return held
        place = {n: i for i, n in enumerate(self._places)}
        return sorted(place[n] for n in held if n in place)

    def lookup(self, key: str) -> list[int]:
        """The records whose id, name or an alias is ``key`` (normalised)."""
        return [n for n, keys in enumerate(self.lookup_keys()) if key in keys]

    def by_id(self) -> dict[str, Loaded]:
        return {entry.key: entry for entry in self.records}

    def digests(self, region: int, indexes: Sequence[int] | None = None) -> list[Any]:
        """One digest of each record (by its place in ``cache.REGIONS``), or of the records
        at ``indexes``: a few are read one by one, many in one decode of the whole region."""
        if indexes is not None and region not in self._digests and len(indexes) * 8 < len(self):
            return [self.entry(n).digest(region) for n in indexes]
        every = self._digests.get(region)
        if every is None:
            every = self._digests[region] = self._all_digests(region)
        return every if indexes is None else [every[n] for n in indexes]

    def _all_digests(self, region: int) -> list[Any]:
        from battles.loading import cache, digest

        kind, derive = digest.REGIONS[region]
        if self._store is not None:
            try:
                items = self._store.decode(self._store.index.regions[region], list[kind])  # type: ignore[valid-type]
                items = self._column(items)
                if len(items) == len(self):
                    return items
            except (cache.Damaged, IndexError):
                pass
            self._store.drop()
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
