"""``battles cite``: a record as a dataset entry (with the tool's version) and the
sources behind it; its forms are in :mod:`battles.render.cite`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from battles import model
from battles.dates import (
    format_span,
)

if TYPE_CHECKING:
    from battles.loading import Dataset


class Citation(msgspec.Struct, frozen=True):
    """A record as a dataset entry (with the tool's version) and the sources behind it,
    each with what the record holds of it: a format 1 source its title, address and note;
    a format 2 source also its kind, authors, publisher, year, page, version, access date,
    table and row (the renderers write each where the output format has a field for it)."""

    key: str
    name: str
    kind: str
    dates: str
    version: str
    sources: tuple[model.Source, ...]


def citation(dataset: Dataset, name: str) -> Citation:
    from battles import __version__
    from battles.questions import lookup

    record = lookup.find(dataset, name).record
    dates = format_span(record.start, record.end)
    if record.end_unknown:
        dates = f"from {record.start.human()}"
    return Citation(record.key, record.name, record.kind, dates, __version__, record.sources)
