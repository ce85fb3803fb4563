"""``Dataset.candidates``: the records ``search`` reads, picked from the cache's index of words
as it lies in the cache file. They are exactly the records with, for each word of the query,
a word (of ``digest.words``) that holds it; without a cache, every record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA, cache_store
from hypothesis import given
from hypothesis import strategies as st

from battles import loading
from battles.loading import cache, digest
from battles.loading.digest import WORDS
from battles.text import normalise


def _expected(words: list[str], wanted: str) -> list[int]:
    """The records as the index of words, decoded, answers (what candidates did before it
    searched the region's bytes)."""
    parts = wanted.split(" ")
    return [n for n, found in enumerate(words) if all(part in found for part in parts)]


Generated = tuple[Path, list[str], Path]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    """Generated records and the bundled ones, in one cached dataset: their directory, each
    record's words worked out from the record itself, and the cache directory."""
    from bench.generate import generate

    data = tmp_path_factory.mktemp("generated")
    generate(data, 40, seed=7)
    cache_dir = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BATTLES_CACHE_DIR", str(cache_dir))
        dataset = loading.load([data, DATA], use_cache=True)
        assert cache_store(dataset) is not None
        yield data, [digest.words(entry.record) for entry in dataset.records], cache_dir


def _cached(data: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> loading.Dataset:
    monkeypatch.setenv("BATTLES_CACHE_DIR", str(cache_dir))
    dataset = loading.load([data, DATA], use_cache=True)
    assert cache_store(dataset) is not None  # from the cache file the fixture wrote
    return dataset


QUERIES = [
    "battle",
    "battle of",
    "of battle",
    "krusevac",
    "kraljevo 1941",
    "e",
    "a b c",
    "zzzzqq",
    "é",
    "ж",
    "1941 german",
    "wehrmacht partisans",
    "\udcff",  # a lone surrogate, as a name that is not UTF-8 reaches argv
    "tab\there",
    "",
]


@pytest.mark.parametrize("wanted", QUERIES)
def test_candidates_from_the_cache_file_are_those_of_the_decoded_index(
    generated: Generated, wanted: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, words, cache_dir = generated
    scanned = list(_cached(data, cache_dir, monkeypatch).candidates(wanted))
    assert scanned == _expected(words, wanted)
    decoded = _cached(data, cache_dir, monkeypatch)
    decoded.digests(WORDS)  # the index decoded already: candidates reads it as it is
    assert list(decoded.candidates(wanted)) == scanned


def test_without_a_cache_every_record_is_a_candidate(
    generated: Generated,
) -> None:
    data, words, _ = generated
    dataset = loading.load([data, DATA])
    assert list(dataset.candidates("zzzzqq")) == list(range(len(words)))


@st.composite
def _queries(draw: st.DrawFn, words: list[str]) -> str:
    """One to three pieces of words of a record, or other short texts."""
    pieces = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            record = draw(st.sampled_from(words)).split(" ")
            word = draw(st.sampled_from(record))
            start = draw(st.integers(0, len(word)))
            pieces.append(word[start : draw(st.integers(start, len(word)))])
        else:
            pieces.append(draw(st.text("abeiort019 éж\n\x00\xda", max_size=4)))
    return normalise(" ".join(pieces)) or "x"


def test_candidates_match_the_decoded_index_for_any_query(
    generated: Generated, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, words, cache_dir = generated
    dataset = _cached(data, cache_dir, monkeypatch)

    @given(_queries(words))
    def check(wanted: str) -> None:
        assert list(dataset.candidates(wanted)) == _expected(words, wanted)

    check()


def test_a_damaged_index_of_words_falls_back_to_decoding(
    generated: Generated, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, words, cache_dir = generated
    dataset = _cached(data, cache_dir, monkeypatch)

    def broken(region: bytes) -> tuple[list[int], list[int]]:
        raise cache.Damaged("garbled")

    monkeypatch.setattr(cache, "string_items", broken)
    assert list(dataset.candidates("battle of")) == _expected(words, "battle of")


@pytest.mark.parametrize(
    "items",
    [[], ["a"], ["x" * 31, "y" * 32], ["z" * 300], ["w" * 70000], [""] * 20, ["ab"] * 70000],
)
def test_string_items_finds_each_string_of_a_region(items: list[str]) -> None:
    region = cache.encode(items)
    starts, ends = cache.string_items(region)
    assert [region[s:e].decode() for s, e in zip(starts, ends, strict=True)] == items


@pytest.mark.parametrize("region", [b"", b"\x91", b"\x91\x01", b"\x92\xa1a", b"\x91\xa1ab"])
def test_string_items_refuses_a_damaged_region(region: bytes) -> None:
    with pytest.raises(cache.Damaged):
        cache.string_items(region)
