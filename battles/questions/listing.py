"""`battles list`: the records that pass the filters, sorted."""

from __future__ import annotations

from battles.answer import Answer, Forms
from battles.loading import Dataset
from battles.loading.digest import BRIEF, Brief
from battles.questions.filters import ListFilter, select


class ListResult(Answer, frozen=True):
    forms = Forms.split("terminal", "data", "list")

    records: list[Brief]
    total: int = -1  # how many matched before a --limit; -1: all of them are here
    sort: str = "date"  # what the records are sorted by (a figure's column is then shown)

    @property
    def matched(self) -> int:
        return len(self.records) if self.total < 0 else self.total


def list_records(
    dataset: Dataset, flt: ListFilter | None = None, sort: str = "date", reverse: bool = False
) -> list[Brief]:
    """The records that pass the filter, sorted."""
    briefs: list[Brief] = dataset.digests(BRIEF)
    return [briefs[n] for n in select(dataset, flt, sort, reverse)]
