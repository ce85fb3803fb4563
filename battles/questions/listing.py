"""`battles list`: the records that pass the filters, sorted."""

from __future__ import annotations

import msgspec

from battles.answer import Answer, Forms
from battles.loading import Dataset
from battles.loading.digest import BRIEF, LISTED, ORDER, Brief, DateKey
from battles.questions.filters import ListFilter, select


class ListResult(Answer, frozen=True):
    forms = Forms.kept_in("listing", "list", json="listing:list_json")

    records: list[Brief]
    total: int = -1  # how many matched before a --limit; -1: all of them are here
    sort: str = "date"  # what the records are sorted by (a figure's column is then shown)
    # For a listing written as JSON only (see list_entries): each record's entry, as the
    # cache keeps it, instead of its brief (``records`` is then empty).
    entries: list[bytes] = msgspec.field(default_factory=list)

    @property
    def matched(self) -> int:
        if self.total >= 0:
            return self.total
        return len(self.entries) if self.entries else len(self.records)


def list_records(
    dataset: Dataset, flt: ListFilter | None = None, sort: str = "date", reverse: bool = False
) -> list[Brief]:
    """The records that pass the filter, sorted."""
    briefs: list[Brief] = dataset.digests(BRIEF)
    return [briefs[n] for n in select(dataset, flt, sort, reverse)]


def list_entries(
    dataset: Dataset, flt: ListFilter | None = None, sort: str = "date", reverse: bool = False
) -> list[bytes]:
    """The JSON entries (see ``digest.listed``) of the records that pass the filter, sorted.
    Every record in date order (a listing's default) is sorted by the dates and names the
    cache keeps apart, and no brief is decoded."""
    if sort == "date" and (flt is None or flt == ListFilter()):
        order = date_order(dataset, reverse)
    else:
        order = select(dataset, flt, sort, reverse)
    entries: list[bytes] = dataset.digests(LISTED, order)
    return entries


def date_order(dataset: Dataset, reverse: bool = False) -> list[int]:
    """Every record in date order, as ``select`` sorts them without a filter, from the
    keys the cache keeps apart (``digest.date_key``, texts): no brief is decoded."""
    keys: list[DateKey] = dataset.digests(ORDER)
    return sorted(range(len(keys)), key=keys.__getitem__, reverse=reverse)
