"""Figures, dates and a record's brief as plain data (JSON-ready): what the JSON of every
view says of a figure, and the entry of a record in ``list --format json``.

They live in the core, beside the digests, because a brief's entry is derived once, when
the record is loaded, and kept in the cache as JSON text (``digest.listed``): ``list`` then
writes ten thousand entries without formatting a figure or a date. The cache's fingerprint
covers this module, so a change here rebuilds the entries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from battles import tally
from battles.figures import Band, Figure, format_band, format_figure

if TYPE_CHECKING:
    from battles.loading.digest import Brief


def figure_data(fig: Figure | None, inherited: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """A figure as an object: its form, its bounds (the low inclusive), its wording, note,
    scope, parts and estimates, and its sources (its own, else those of the block it is in)."""
    if fig is None:
        return None
    low, high = tally.bounds(fig)
    source = fig.source or inherited
    data: dict[str, Any] = {
        "form": fig.form,
        "low": low,
        "high": high,
        "approx": fig.approx,
        "text": fig.text,
        "shown": format_figure(fig),
        "source": list(source),
        "note": fig.note,
        "computed": not fig.stated,
    }
    if fig.strict:
        data["more_than"] = fig.low
    if fig.band is not None:
        data["band"] = band_data(fig.band)
    if fig.counts:
        data["counts"] = fig.counts
    if fig.scope:
        data["scope"] = fig.scope
    if fig.parts:
        data["parts"] = [
            {"label": p.label, **(figure_data(p.figure, source) or {})} for p in fig.parts
        ]
    if fig.estimates:
        data["estimates"] = [figure_data(e, source) for e in fig.estimates]
    return data


def band_data(band: Band) -> dict[str, Any]:
    """An error band: the point value, how far below and above it, and the unit
    (``percent``, with hundredths, or ``count``)."""
    scale = 100 if band.percent else 1
    return {
        "value": band.value,
        "minus": band.minus / scale if band.percent else band.minus,
        "plus": band.plus / scale if band.percent else band.plus,
        "unit": "percent" if band.percent else "count",
        "shown": format_band(band),
    }


def summary_data(brief: Brief) -> dict[str, Any]:
    return {
        "id": brief.key,
        "name": brief.name,
        "kind": brief.kind,
        "start": brief.start.iso(),
        "end": None if brief.end_unknown else brief.last.iso(),
        "end_unknown": brief.end_unknown,
        "place": brief.place,
        "result": brief.result,
        "winner": brief.winner,
        "sides": list(brief.sides),
        "casualties": figure_data(brief.casualties),
        "strength": figure_data(brief.strength),
        "civilians": figure_data(brief.civilians),
    }
