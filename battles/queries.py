"""Questions asked of a dataset: finding a record by what a user types, listing and
filtering records. Queries return data; renderers decide how it looks."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from battles import model
from battles.dates import PartialDate
from battles.errors import NotFoundError, UsageError
from battles.figures import Figure, add
from battles.loader import Dataset, Loaded, normalise


def find(dataset: Dataset, query: str) -> Loaded:
    """The one record ``query`` names: by id, name or alias, ignoring case, accents and the
    difference between spaces, hyphens and underscores; else by a unique prefix or word."""
    matches = match(dataset, query)
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(f"{m.names[0]} ({m.key})" for m in matches)
        raise NotFoundError(
            f"{query!r} matches {len(matches)} records: {listed}. Type more of the name, or the id."
        )
    raise NotFoundError(_no_match(dataset, query))


@dataclass(frozen=True)
class ShowResult:
    """A record with its links resolved: what it is part of, and what is part of it."""

    record: model.Record
    part_of: list[tuple[str, str | None]]  # (shown text, linked record id or None)
    parts: list[model.Record]


def show(dataset: Dataset, query: str) -> ShowResult:
    record = find(dataset, query).record
    by_id = dataset.by_id()
    part_of: list[tuple[str, str | None]] = [
        (by_id[ref].names[0], ref) if ref in by_id else (ref, None) for ref in record.part_of
    ]
    parts = [e.summary for e in dataset.records if record.key in e.part_of]
    parts.sort(key=lambda r: (r.start, normalise(r.name)))
    return ShowResult(record, part_of, parts)


def match(dataset: Dataset, query: str) -> list[Loaded]:
    wanted = normalise(query)
    if not wanted:
        return []
    exact = [e for e in dataset.records if wanted in e.keys]
    if exact:
        return exact
    partial = []
    for entry in dataset.records:
        for norm in entry.keys:
            words = norm.split(" ")
            starts = [" ".join(words[i:]) for i in range(len(words))]
            if any(s.startswith(wanted) for s in starts):
                partial.append(entry)
                break
    return partial


def _no_match(dataset: Dataset, query: str) -> str:
    choices: dict[str, str] = {}
    for entry in dataset.records:
        for key in entry.keys:
            choices.setdefault(key, entry.names[0])
    close = difflib.get_close_matches(normalise(query), list(choices), n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(choices[c] for c in close))
    message = f"no battle matches {query!r}"
    if suggestions:
        message += "; did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
    else:
        message += "; run `battles list` to see the records"
    return message


def complete_names(dataset: Dataset, incomplete: str) -> list[str]:
    """Shell completion: the ids, names and aliases (as slugs, which the lookup accepts) that
    start with what was typed. Shells keep only candidates that start with the typed text."""
    from battles.loader import slug

    typed = slug(incomplete)
    found: dict[str, None] = {}
    for entry in dataset.records:
        for key in entry.keys:
            candidate = re.sub(r"[^a-z0-9]+", "-", key).strip("-")
            if candidate.startswith(typed):
                found[candidate] = None
    return list(found)


# -- searching ---------------------------------------------------------------------------------

SEARCH_SKIP = {"id", "source", "date_source", "url", "file", "side", "schema_version", "kind"}


@dataclass(frozen=True)
class SearchHit:
    record: model.Record
    field: str
    text: str


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[SearchHit]


def search(dataset: Dataset, text: str) -> SearchResult:
    """Every text field that contains ``text``, ignoring case and accents: names, aliases,
    places, belligerents, commanders, units, events, notes..."""
    from battles.loader import walk
    from battles.positions import format_path

    wanted = normalise(text)
    if not wanted:
        raise UsageError("give some text to search for")
    hits: list[SearchHit] = []
    for entry in dataset.records:
        for path, value in walk(entry.record):
            if not isinstance(value, str):
                continue
            names = [p for p in path if isinstance(p, str)]
            if names and names[-1] in SEARCH_SKIP:
                continue
            if wanted in normalise(value):
                hits.append(SearchHit(entry.record, format_path(path), value))
    return SearchResult(text, hits)


# -- listing ------------------------------------------------------------------------------------

SORT_KEYS = ("date", "name", "casualties", "strength")


@dataclass(frozen=True)
class ListResult:
    records: list[model.Record]
    total: int = -1  # how many matched before a --limit; -1: all of them are here

    @property
    def matched(self) -> int:
        return len(self.records) if self.total < 0 else self.total


@dataclass(frozen=True)
class ListFilter:
    year: int | None = None
    start: PartialDate | None = None  # --from
    end: PartialDate | None = None  # --to
    kinds: tuple[str, ...] = ()
    belligerent: str | None = None
    part_of: str | None = None
    place: str | None = None


def total_casualties(record: model.Record) -> Figure | None:
    figures = [t for s in record.sides if s.casualties and (t := s.casualties.computed_total())]
    return add(figures) if figures else None


def total_strength(record: model.Record) -> Figure | None:
    figures = [s.strength for s in record.sides if s.strength is not None]
    return add(figures) if figures else None


def _overlaps(record: model.Record, start: PartialDate | None, end: PartialDate | None) -> bool:
    if start is not None and record.last.last_day() < start.first_day():
        return False
    return not (end is not None and record.start.first_day() > end.last_day())


def _contains(haystack: Sequence[str], needle: str) -> bool:
    wanted = normalise(needle)
    return any(wanted in normalise(text) for text in haystack)


def _people(record: model.Record) -> list[str]:
    found: list[str] = []
    for side in record.sides:
        found.extend(side.belligerents)
        found.append(side.name)
        stack = list(side.commanders)
        while stack:
            commander = stack.pop()
            found.append(commander.name)
            stack.extend(commander.subordinates)
    return found


def list_records(
    dataset: Dataset,
    flt: ListFilter = ListFilter(),
    sort: str = "date",
    reverse: bool = False,
    *,
    events: bool = False,
) -> list[model.Record]:
    """The records that pass the filter, sorted."""
    if sort not in SORT_KEYS:
        raise UsageError(f"cannot sort by {sort!r}; choose one of {', '.join(SORT_KEYS)}")
    chosen: list[model.Record] = []
    sort_names: dict[str, str] = {}
    for entry in dataset.records:
        record = entry.with_events() if events else entry.summary
        if flt.year is not None and not _overlaps(
            record, PartialDate(flt.year), PartialDate(flt.year)
        ):
            continue
        if not _overlaps(record, flt.start, flt.end):
            continue
        if flt.kinds and record.kind not in flt.kinds:
            continue
        if flt.belligerent and not _contains(_people(record), flt.belligerent):
            continue
        if flt.part_of and not _contains(record.part_of, flt.part_of):
            continue
        if flt.place and not _contains(_place_names(record), flt.place):
            continue
        chosen.append(record)
        sort_names[record.key] = entry.keys[1]
    return sorted(chosen, key=_sort_key(sort, sort_names), reverse=reverse)


def _place_names(record: model.Record) -> list[str]:
    place = record.place
    return [t for t in (place.name, place.territory, place.country, place.region) if t]


def _sort_key(sort: str, names: dict[str, str]) -> Callable[[model.Record], Any]:
    """``names``: each record's normalised name, by id."""
    if sort == "name":
        return lambda r: (names[r.key], r.start)
    if sort in ("casualties", "strength"):
        total = total_casualties if sort == "casualties" else total_strength

        def by_figure(r: model.Record) -> tuple[bool, float, str]:
            mid = (fig := total(r)) and fig.midpoint
            return (mid is None, -(mid or 0.0), names[r.key])

        return by_figure
    return lambda r: (r.start, r.last, names[r.key])
