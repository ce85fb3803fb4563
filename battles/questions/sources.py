"""``battles sources``: each source with the records and fields it supports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from battles import model
from battles.answer import Answer, Forms
from battles.loading.digest import (
    SOURCES,
    Brief,
    Cited,
)
from battles.positions import FieldPath
from battles.questions.fields import scanned, where
from battles.questions.names import normalised
from battles.questions.records import digested
from battles.text import normalise

if TYPE_CHECKING:
    from battles.loading import Dataset
    from battles.questions.filters import ListFilter


class SourceUse(msgspec.Struct, frozen=True):
    """A source (the same title and address across records is one source) with what it
    supports: the records citing it and each field that cites it."""

    title: str
    url: str | None
    file: str | None
    records: tuple[Brief, ...]
    citations: int  # fields citing it (figures among them)
    figures: int  # figures it supports (cited by them or by their block)
    # With one battle named: each (record id, field as a reader says it) citing it. Across
    # the dataset only the counts are kept (ten thousand records cite a million fields).
    fields: tuple[tuple[str, str], ...] = ()


class Sources(Answer, frozen=True):
    forms = Forms.kept_in("sources", "sources")

    rows: list[SourceUse]
    battle: Brief | None  # the one record named, if one was
    total: int = -1

    @property
    def matched(self) -> int:
        return len(self.rows) if self.total < 0 else self.total


def record_sources(record: model.Record, *, fields: bool = False) -> tuple[Cited, ...]:
    """A record's sources, each with how many of its fields cite it and how many of its
    figures it supports; with ``fields``, the fields too (as a reader says them)."""
    here: dict[str, dict[str, None]] = {src.id: {} for src in record.sources}
    counts: dict[str, int] = dict.fromkeys(here, 0)
    figures: list[tuple[FieldPath, tuple[str, ...]]] = []
    for path, fig, cited in scanned(record):
        if fig is not None:
            figures.append((path, cited))
            continue
        field = "dates" if path[-1] == "date_source" else where(record, path[:-1]) or "record"
        for ident in cited:
            if ident in here:
                here[ident][field] = None
    for path, cited in figures:  # after the citations
        for ident in dict.fromkeys(cited):
            if ident in here:
                counts[ident] += 1
                here[ident][where(record, path)] = None
    return tuple(
        Cited(
            normalise(src.title) if not src.url else "",
            src.title,
            src.url,
            src.file,
            len(here[src.id]),
            counts[src.id],
            tuple(here[src.id]) if fields else (),
        )
        for src in record.sources
    )


def sources(items: Iterable[tuple[Brief, model.Record]], battle: Brief | None = None) -> Sources:
    """Each source with the records and fields it supports, most used first."""
    keep = battle is not None
    return sources_of(
        ((brief, record_sources(record, fields=keep)) for brief, record in items), battle
    )


def sources_in(dataset: Dataset, flt: ListFilter | None) -> Sources:
    """The sources every record that passes ``flt`` cites, from their digests."""
    return sources_of(digested(dataset, SOURCES, None, flt))


def sources_of(
    items: Iterable[tuple[Brief, Sequence[Cited]]], battle: Brief | None = None
) -> Sources:
    """As :func:`sources`, from each record's digest of them (see :func:`digested`); with
    ``battle``, the digests carry their fields (see :func:`record_sources`)."""
    found: dict[tuple[str, str | None, str | None], dict[str, Any]] = {}
    for brief, cited in items:
        for src in cited:
            entry = found.get((src.key, src.url, src.file))
            if entry is None:
                entry = found[src.key, src.url, src.file] = {
                    "source": src,
                    "records": {},
                    "fields": {},
                    "citations": 0,
                    "figures": 0,
                }
            entry["records"][brief.key] = brief
            entry["citations"] += src.citations
            entry["figures"] += src.figures
            if src.fields:
                entry["fields"].update(dict.fromkeys((brief.key, f) for f in src.fields))
    rows = [
        SourceUse(
            entry["source"].title,
            entry["source"].url,
            entry["source"].file,
            tuple(entry["records"].values()),
            entry["citations"],
            entry["figures"],
            tuple(entry["fields"]),
        )
        for entry in found.values()
    ]
    if battle is None:
        # A source's key is its title as lookups compare it, where it has no address.
        titles = [e["source"].key or normalised(e["source"].title) for e in found.values()]
        by_title = dict(zip(map(id, rows), titles, strict=True))
        rows.sort(key=lambda r: (-len(r.records), -r.citations, by_title[id(r)]))
    return Sources(rows, battle)
