"""`battles search`: the records whose texts hold every word asked for."""

from __future__ import annotations

from collections.abc import Iterator

import msgspec

from battles.answer import Answer, Forms
from battles.errors import UsageError
from battles.loading import Dataset
from battles.loading.digest import BRIEF, SEPARATOR, TEXTS, Brief, Searched
from battles.questions.filters import ListFilter, select
from battles.text import normalise


class SearchHit(msgspec.Struct, frozen=True):
    battle: Brief
    field: str  # as a reader names it: "Chetniks › commander"
    text: str
    path: str = ""  # the field's path in the record: "sides[1].commanders[1].name"


class SearchResult(Answer, frozen=True):
    forms = Forms.kept_in("search", "search")

    query: str
    hits: list[SearchHit]
    limited: bool = False  # more hits were left out (--limit)


def search(
    dataset: Dataset, text: str, flt: ListFilter | None = None, limit: int | None = None
) -> SearchResult:
    """The records whose texts hold every word of ``text``, in any order and across fields,
    ignoring case, accents and script (names, aliases, places, belligerents, commanders,
    units, events, notes...); of those that pass ``flt``. Each hit is a field that holds
    every word, or where no one field does, each field that holds one. The first ``limit``
    hits are kept. The cache's index of words picks the records that may hold them all,
    and each record's texts are read from the cache (no record is decoded)."""
    words = list(dict.fromkeys(normalise(text).split(" ")))
    if not words or words == [""]:
        raise UsageError("give some text to search for")
    allowed = None if flt is None else set(select(dataset, flt))
    chosen = [n for n in dataset.candidates(" ".join(words)) if allowed is None or n in allowed]
    hits: list[SearchHit] = []
    # The records' texts record by record; the briefs only of the records found.
    items = msgspec.msgpack.Decoder(list[msgspec.Raw])
    item = msgspec.msgpack.Decoder(tuple[str, str, str])
    found: list[tuple[int, list[tuple[str, str, str]]]] = []
    count = 0
    for n, texts in _searched(dataset, chosen):
        held = _held(texts.plain, words)
        if held is None:
            continue
        raws = items.decode(texts.items)
        found.append((n, [item.decode(raws[i]) for i in held]))
        count += len(held)
        if limit is not None and count >= limit:
            break
    briefs: list[Brief] = dataset.digests(BRIEF, [n for n, _ in found])
    for battle, (_, shown) in zip(briefs, found, strict=True):
        hits += [SearchHit(battle, field, value, path) for field, path, value in shown]
    if limit is not None and len(hits) >= limit:
        return SearchResult(text, hits[:limit], limited=True)
    return SearchResult(text, hits)


def _searched(dataset: Dataset, chosen: list[int]) -> Iterator[tuple[int, Searched]]:
    """The records' texts as search reads them, one record at a time, none kept: a word in
    every record reads every record's texts, which are larger than all the rest of the
    cache, and are never all in memory at once."""
    for n in chosen:
        yield n, dataset.entry(n).peek(TEXTS)


def _held(plain: str, words: list[str]) -> list[int] | None:
    """The texts (by their place in a record's ``Searched.plain``) that a search shows: those
    that hold every word, else, where none does, each that holds one; None when the record
    does not hold every word."""
    holding: dict[int, int] = {}  # a text's place: how many of the words it holds
    for word in words:
        start = plain.find(word)
        if start < 0:
            return None
        seen = -1
        while start >= 0:
            place = plain.count(SEPARATOR, 0, start)
            if place != seen:  # a word twice in one text counts once
                holding[place] = holding.get(place, 0) + 1
                seen = place
            start = plain.find(word, start + 1)
    whole = [place for place, count in holding.items() if count == len(words)]
    return sorted(whole or holding)
