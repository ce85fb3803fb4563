"""``battles disputes``: every disagreement between sources, every figure given as
estimates that differ and every other dating of a record, each version with its sources."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import msgspec

from battles import model
from battles.answer import Answer, Forms
from battles.dates import (
    format_span,
)
from battles.figures import Figure, format_figure, format_value
from battles.loading.digest import (
    DISPUTES,
    Brief,
    Claim,
    DisputeKind,
    Said,
)
from battles.questions.fields import figures, titles, where
from battles.questions.records import digested

if TYPE_CHECKING:
    from battles.loading import Dataset
    from battles.questions.filters import ListFilter


class Dispute(msgspec.Struct, frozen=True, gc=False):
    battle: Brief
    kind: DisputeKind
    field: str  # the topic of a disagreement, the field of a figure, "dates"
    text: str | None  # what the record says of it
    source: tuple[str, ...]
    titles: tuple[str, ...]
    claims: tuple[Claim, ...] = ()


class Disputes(Answer, frozen=True):
    forms = Forms.kept_in("disputes", "disputes")

    rows: list[Dispute]
    records: int  # how many records were read
    total: int = -1

    @property
    def matched(self) -> int:
        return len(self.rows) if self.total < 0 else self.total


def _claims(record: model.Record, fig: Figure, inherited: tuple[str, ...]) -> tuple[Claim, ...]:
    claims: list[Claim] = []
    if fig.low is not None:
        own = fig.source or inherited
        claims.append(Claim(format_value(fig), own, titles(record, own), fig.text))
    for estimate in fig.estimates:
        cited = estimate.source or (() if fig.low is not None else fig.source or inherited)
        shown = format_figure(estimate)
        note = " · ".join(t for t in (estimate.text, estimate.note) if t) or None
        claims.append(Claim(shown, cited, titles(record, cited), note, estimate))
    return tuple(claims)


def record_disputes(record: model.Record) -> tuple[Said, ...]:
    """A record's disputes: its other datings, its figures given as estimates that differ,
    and the disagreements it notes, each version with its sources."""
    rows: list[Said] = []
    if record.date_estimates:
        dated = [
            Claim(
                format_span(record.start, record.end),
                record.date_source,
                titles(record, record.date_source),
                record.date_text,
            )
        ]
        dated += [
            Claim(
                format_span(e.start, e.end),
                e.source,
                titles(record, e.source),
                " · ".join(t for t in (e.text, e.note) if t) or None,
            )
            for e in record.date_estimates
        ]
        rows.append(Said("dating", "dates", None, (), (), tuple(dated)))
    for path, fig, cited in figures(record):
        if fig.estimates:
            rows.append(
                Said(
                    "figure",
                    where(record, path),
                    fig.note,
                    cited,
                    titles(record, cited),
                    _claims(record, fig, cited),
                )
            )
    for item in record.disagreements:
        rows.append(
            Said("disagreement", item.topic, item.text, item.source, titles(record, item.source))
        )
    return tuple(rows)


def disputes(items: Iterable[tuple[Brief, model.Record]]) -> Disputes:
    """Every disagreement between sources, every figure given as estimates that differ,
    and every other dating of a record: each version with its sources."""
    return disputes_of((brief, record_disputes(record)) for brief, record in items)


def disputes_in(dataset: Dataset, name: str | None, flt: ListFilter | None) -> Disputes:
    """The disputes of the record ``name`` names, or of every record that passes ``flt``:
    from each record's digest of them (no record is decoded)."""
    return disputes_of(digested(dataset, DISPUTES, name, flt))


def disputes_of(items: Iterable[tuple[Brief, Sequence[Said]]]) -> Disputes:
    """As :func:`disputes`, from each record's digest of them (see :func:`digested`)."""
    rows: list[Dispute] = []
    count = 0
    for brief, said in items:
        count += 1
        rows.extend(
            Dispute(brief, d.kind, d.field, d.text, d.source, d.titles, d.claims) for d in said
        )
    return Disputes(rows, count)
