"""The two stores of a dataset's records (``loading.dataset.HeldRecords``, records held in
memory, and ``loading.cached.CachedRecords``, records read from the cache file) answer every
question of :class:`~battles.loading.Dataset` and :class:`~battles.loading.Loaded` alike for
the same files: the dataset never asks which one it has, so they must not diverge."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA, cache_store

from battles import loading
from battles.loading import digest
from battles.loading.cached import CachedRecord, CachedRecords
from battles.loading.dataset import HeldRecord, HeldRecords
from bench.generate import generate

Pair = tuple[loading.Dataset, loading.Dataset]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Generated records (with a file that does not load and two whose names clash, which
    the cache's lists keep and the dataset leaves out), and the bundled ones."""
    folder = tmp_path_factory.mktemp("stores") / "data"
    paths = generate(folder, 30, seed=11)
    (folder / "zz-broken.yaml").write_text("name: [unclosed\n", "utf-8")
    for n in (2, 17):
        text = paths[n].read_text("utf-8")
        (folder / f"zz-twin-{n}.yaml").write_text(f"id: {paths[n].stem}\n" + text, "utf-8")
    old = time.time_ns() - 60 * 10**9  # no file is racy (see cache.RACY_NS)
    for path in folder.iterdir():
        os.utime(path, ns=(old, old))
    return [folder, DATA]


@pytest.fixture(scope="module")
def pair(folders: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    """The same files loaded without the cache, and from a warm cache file."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BATTLES_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        held = loading.load(folders)
        loading.load(folders, use_cache=True)
        cached = loading.load(folders, use_cache=True)
        assert isinstance(held._store, HeldRecords)
        assert isinstance(cached._store, CachedRecords)
        store = cache_store(cached)
        assert store is not None and store.path is not None  # read from the file
        assert len(store.index.loaded) == len(cached) + 2  # the clashing files are left out
        yield held, cached


def test_the_datasets_hold_the_same_records_and_problems(pair: Pair) -> None:
    held, cached = pair
    assert len(held) == len(cached) > 40
    assert [str(p) for p in held.problems] == [str(p) for p in cached.problems]
    assert len(held.problems) == 3
    assert held.ids() == cached.ids() == [entry.key for entry in cached.records]
    assert held.lookup_keys() == cached.lookup_keys()
    assert held.by_id().keys() == cached.by_id().keys()


def test_each_record_is_the_same_from_either_store(pair: Pair) -> None:
    held, cached = pair
    for n, (mine, theirs) in enumerate(zip(held.records, cached.records, strict=True)):
        assert isinstance(mine._store, HeldRecord)
        assert isinstance(theirs._store, CachedRecord)
        assert mine.index == theirs.index == n
        assert cached.entry(n) is theirs  # made once
        assert (mine.key, mine.names, mine.part_of) == (theirs.key, theirs.names, theirs.part_of)
        assert mine.keys == theirs.keys
        assert mine.shown == theirs.shown
        assert mine.read() == theirs.read() == theirs.record
        for region in range(len(digest.REGIONS)):
            peeked = (mine.peek(region), theirs.peek(region))  # read, not kept
            assert region not in theirs._digests
            assert mine.digest(region) == theirs.digest(region) == peeked[0] == peeked[1], n


@pytest.mark.parametrize("region", range(len(digest.REGIONS)))
def test_every_digest_of_a_region_is_the_same_from_either_store(pair: Pair, region: int) -> None:
    held, cached = pair
    assert held._store.digests(region) is None  # held in memory: derived by the dataset
    assert cached._store.digests(region) is not None
    everything = held.digests(region)
    assert everything == cached.digests(region)
    few = [0, len(held) // 2, len(held) - 1]  # read one by one
    assert held.digests(region, few) == cached.digests(region, few) == [everything[n] for n in few]


def test_the_parts_of_a_record_are_the_same_from_either_store(pair: Pair) -> None:
    held, cached = pair
    named = {ref for entry in held.records for ref in entry.part_of}
    wholes = [key for key in held.ids() if key in named]
    assert wholes  # the bundled records have parts
    for key in [*wholes, *held.ids()[:5], "no-such-record"]:
        found = held.parts_of(key)
        assert found == cached.parts_of(key), key
        assert found == [n for n, e in enumerate(cached.records) if key in e.part_of]


@pytest.mark.parametrize(
    "wanted", ["battle", "battle of", "kraljevo 1941", "zzzzqq", "é", "\udcff", ""]
)
def test_candidates_from_the_cache_are_those_of_the_words_of_the_held_records(
    pair: Pair, wanted: str
) -> None:
    held, cached = pair
    parts = [part for part in wanted.split(" ") if part]
    assert held._store.candidates(parts) == range(len(held))  # no index of words: every one
    words = held.digests(digest.WORDS)
    expected = [n for n, found in enumerate(words) if all(part in found for part in parts)]
    assert cached._store.candidates(parts) == expected  # the index's bytes, scanned
    assert list(held.candidates(wanted)) == list(cached.candidates(wanted)) == expected
