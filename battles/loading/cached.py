"""A dataset's records as the cache file keeps them (see :mod:`battles.loading.cache`): the
stores (see ``dataset.RecordStore`` and ``dataset.DatasetStore``) that read a record, a
digest, the lookup keys or the index of words from the file only when asked for.

What is damaged in the file is not an error here: the store drops the cache file (the next
run writes a new one) and answers as though it kept nothing, and the record or the dataset
derives the answer from the records themselves.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from battles import model
from battles.loading import cache
from battles.loading.dataset import Loaded


class CachedRecord:
    """One record of the cache file: its entry in the index (identity, and where its record
    and digests lie), the record decoded only when asked for."""

    __slots__ = ("_file", "_path", "_store", "key", "keys", "names", "part_of")

    def __init__(self, store: cache.Store, file: cache.FileEntry, path: str) -> None:
        self._store = store
        self._file = file
        self._path = path  # the record's file, read again when its bytes are damaged
        self.key = file.key
        self.names = file.names
        self.part_of = file.part_of
        self.keys: tuple[str, ...] | None = file.keys

    def record(self) -> model.Record:
        try:
            record: model.Record = self._store.decode(self._file.record, model.Record)
        except cache.Damaged:
            self._store.drop()
            from battles.loading.parse import load_file

            return load_file(Path(self._path)).record
        return record

    def digest(self, region: int) -> Any:
        from battles.loading import digest

        try:
            return self._store.decode(self._file.digests[region], digest.REGIONS[region][0])
        except (cache.Damaged, IndexError):
            self._store.drop()
            return None


class CachedRecords:
    """The records of a cache file that a run keeps: ``kept`` (each one's directory and file
    in the index), ``places`` (each one's item in the index's lists, when some were left out
    because their names clash; None: the same as its place here), ``shown`` (how messages
    name a directory's file). A :class:`Loaded` is made for a record when first asked for."""

    def __init__(
        self,
        store: cache.Store,
        kept: list[tuple[int, int]],
        shown: Callable[[int, int], str],
        places: list[int] | None = None,
    ) -> None:
        self.store = store
        self._kept = kept
        self._shown = shown
        self._places = places
        self._entries: list[Loaded | None] = [None] * len(kept)

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, index: int) -> Loaded:
        found = self._entries[index]
        if found is None:
            d, f = self._kept[index]
            file = self.store.index.directories[d].entry(f)
            shown = self._shown(d, f)
            found = Loaded(CachedRecord(self.store, file, shown), shown, index=index)
            self._entries[index] = found
        return found

    def _column(self, items: list[Any]) -> list[Any]:
        """One of the index's lists, by record (leaving out records whose names clash)."""
        return items if self._places is None else [items[n] for n in self._places]

    def _renumbered(self, items: list[int]) -> list[int]:
        """Items of the index's lists (in order) as places in this dataset."""
        if self._places is None:
            return items
        place = {n: i for i, n in enumerate(self._places)}
        return [place[n] for n in items if n in place]

    def ids(self) -> list[str]:
        return self._column(self.store.index.ids)

    def lookup_keys(self) -> list[tuple[str, ...]]:
        return self._column(self.store.index.keys)

    def parts_of(self, key: str) -> list[int]:
        return self._renumbered(list(self.store.index.parts.get(key, [])))

    def digests(self, region: int) -> list[Any] | None:
        from battles.loading import digest

        kind = digest.REGIONS[region][0]
        try:
            items = self._column(
                self.store.decode(self.store.index.regions[region], list[kind])  # type: ignore[valid-type]
            )
        except (cache.Damaged, IndexError):
            items = None
        if items is None or len(items) != len(self):
            self.store.drop()
            return None
        return items

    def candidates(self, parts: list[str]) -> Sequence[int] | None:
        """The records whose words hold each of ``parts``, from the cache's index of words
        as it lies in the file, without decoding it; None when that region is damaged.

        Each record's words are one msgpack string there, that is its UTF-8 bytes after a
        short header. A part (UTF-8, no space) found within a record's bytes lies in one of
        its words (UTF-8 never matches from the middle of a character), and a match that
        touches a header is passed over."""
        from battles.loading.digest import WORDS

        try:
            needles = sorted((part.encode("utf-8") for part in parts), key=len, reverse=True)
        except UnicodeEncodeError:  # a lone surrogate: no word of a record holds one
            return []
        try:
            raw = self.store.blob(self.store.index.regions[WORDS])
            starts, ends = cache.string_items(raw)
        except (cache.Damaged, IndexError):
            return None
        if len(starts) != len(self.store.index.loaded):
            return None
        if not needles:
            return list(range(len(self)))
        first, rest = needles[0], needles[1:]
        held: list[int] = []  # the stored items whose words hold the longest part
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
        return self._renumbered(held)
