"""`battles show`: one record with its links resolved."""

from __future__ import annotations

from battles import model
from battles.answer import Answer, Forms
from battles.loading import Dataset
from battles.loading.digest import BRIEF, Brief
from battles.questions.lookup import find


class ShowResult(Answer, frozen=True):
    """A record with its links resolved: what it is part of, and what is part of it."""

    forms = Forms.kept_in("show", "show", markdown="show:show_markdown")

    record: model.Record
    part_of: list[tuple[str, str | None]]  # (shown text, linked record id or None)
    parts: list[Brief]


def show(dataset: Dataset, query: str) -> ShowResult:
    record = find(dataset, query).record
    ids = {key: n for n, key in enumerate(dataset.ids())}
    part_of: list[tuple[str, str | None]] = [
        (dataset.entry(ids[ref]).names[0], ref) if ref in ids else (ref, None)
        for ref in record.part_of
    ]
    parts: list[Brief] = dataset.digests(BRIEF, dataset.parts_of(record.key))
    parts.sort(key=lambda r: (r.start, r.sort_name))
    return ShowResult(record, part_of, parts)
