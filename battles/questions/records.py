"""What a question reads of the dataset: whole records one at a time, or each record's
digest of one region (see :mod:`battles.loading.digest`), with its brief; and an answer's
rows cut to a ``--limit``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import msgspec

from battles import model
from battles.loading.digest import (
    BRIEF,
    Brief,
)

if TYPE_CHECKING:
    from battles.loading import Dataset
    from battles.questions.filters import ListFilter


def records(
    dataset: Dataset, name: str | None = None, flt: ListFilter | None = None
) -> Iterator[tuple[Brief, model.Record]]:
    """The record ``name`` names (by the one lookup), or every record that passes the
    filter in date order, each with its brief; records are decoded one at a time."""
    from battles.questions import filters, lookup

    if name is not None:
        entry = lookup.find(dataset, name)
        yield entry.digest(BRIEF), entry.record
        return
    for n in filters.select(dataset, flt):
        entry = dataset.entry(n)
        yield entry.digest(BRIEF), entry.read()


def digested(
    dataset: Dataset, region: int, name: str | None = None, flt: ListFilter | None = None
) -> Iterator[tuple[Brief, Any]]:
    """As :func:`records`, but each record's digest of ``region`` (see
    :mod:`battles.digest`) in place of the record: what the cache keeps, so that a pass over
    ten thousand records decodes no record."""
    from battles.questions import filters, lookup

    if name is not None:
        entry = lookup.find(dataset, name)
        yield entry.digest(BRIEF), entry.digest(region)
        return
    chosen = filters.select(dataset, flt)
    yield from zip(dataset.digests(BRIEF, chosen), dataset.digests(region, chosen), strict=True)


def battle_of(dataset: Dataset, name: str) -> Brief:
    """The brief of the one record ``name`` names (see lookup.find)."""
    from battles.questions import lookup

    brief: Brief = lookup.find(dataset, name).digest(BRIEF)
    return brief


def first_rows(result: Any, count: int | None) -> Any:
    """Any of these results cut to its first ``count`` rows, saying how many there were."""
    if count is None:
        return result
    return msgspec.structs.replace(result, rows=result.rows[:count], total=len(result.rows))
