"""Pictures the tool draws itself, as SVG: the timeline's Gantt strip (each bar a link to
its battle) and range bars for the comparisons (solid to the low figure, lighter to the
high one, an arrow for "at least", ``?`` for unknown)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from battles import tally
from battles.dates import MONTHS, day_number, format_span, from_day_number, year_label
from battles.figures import Figure
from battles.loading.digest import Brief
from battles.render.data import span
from battles.site.pages import esc, fig_text

# -- the timeline -----------------------------------------------------------------------------

WIDTH = 1000
LABEL = 260  # room for the names, left of the bars
ROW = 22
TOP = 34
RIGHT = 16


def _day(day: tuple[int, int, int]) -> int:
    return day_number(day)  # any year, BC too


def _short(name: str, limit: int = 38) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def timeline_svg(battles: Sequence[Brief], first: int, last: int, *, root: str = "") -> str:
    """A Gantt strip of ``battles`` (in the order given) over the days ``first`` to ``last``
    (ordinals, inclusive); a battle whose end is not stated runs on, faded, to the end."""
    days = max(last - first + 1, 1)
    inner = WIDTH - LABEL - RIGHT
    height = TOP + ROW * len(battles) + 8

    def x(ordinal: int) -> float:
        return LABEL + (ordinal - first) * inner / days

    out = [
        f'<svg class="chart timeline" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="group" aria-label="Timeline of '
        f'{len(battles)} records">'
    ]
    # month lines (or years, over a long period), labelled where there is room
    year, month, _ = from_day_number(first)
    # months; years; decades or centuries over a long period (the years BC too)
    step = next(
        (s for limit, s in ((3 * 366, 1), (60 * 366, 12), (600 * 366, 120)) if days <= limit), 1200
    )
    if step >= 12:
        month = 1
        year -= year % (step // 12)
    last_label = -1e9
    while True:
        ordinal = _day((year, month, 1))
        if ordinal > last:
            break
        if ordinal >= first:
            pos = x(ordinal)
            out.append(
                f'<line class="axis" x1="{pos:.1f}" y1="{TOP - 6}" x2="{pos:.1f}" '
                f'y2="{height - 4}"/>'
            )
            label = f"{MONTHS[month]} {year_label(year)}" if step == 1 else year_label(year)
            if pos - last_label > 64 and pos + 40 < WIDTH:
                out.append(
                    f'<text class="axis-label" x="{pos + 3:.1f}" y="{TOP - 12}">{label}</text>'
                )
                last_label = pos
        month += step
        while month > 12:
            year, month = year + 1, month - 12
    for n, battle in enumerate(battles):
        y = TOP + n * ROW
        begin = max(_day(battle.start.first_day()), first)
        open_end = battle.end_unknown
        end = last if open_end else min(_day(battle.last.last_day()), last)
        x0, x1 = x(begin), x(end + 1)
        width = max(x1 - x0, 3.0)
        when = span(battle)
        cls = f"bar k-{esc(battle.kind)}" + (" open" if open_end else "")
        out.append(
            f'<a href="{root}battles/{esc(battle.key)}.html">'
            f"<title>{esc(battle.name)} · {esc(when)}</title>"
            f'<text x="{LABEL - 8}" y="{y + 15}" text-anchor="end">'
            f"{esc(_short(battle.name))}</text>"
            f'<rect class="{cls}" x="{x0:.1f}" y="{y + 4}" width="{width:.1f}" height="{ROW - 8}"'
            ' rx="2"/></a>'
        )
    out.append("</svg>")
    return "".join(out)


def period_days(battles: Sequence[Brief]) -> tuple[int, int]:
    """The first and last day (ordinals) the battles cover."""
    if not battles:
        today = day_number((1941, 1, 1))
        return today, today
    first = min(_day(b.start.first_day()) for b in battles)
    last = max(_day(b.last.last_day()) for b in battles)
    return first, last


def period_text(first: int, last: int) -> str:
    from battles.dates import PartialDate

    return format_span(PartialDate(*from_day_number(first)), PartialDate(*from_day_number(last)))


# -- range bars -------------------------------------------------------------------------------

BAR = 200  # the bar's width in the picture's units
BAR_HEIGHT = 14


class Scale(NamedTuple):
    """How long a bar is: the largest value takes the whole width; on a log scale a value
    takes its share of the orders of magnitude."""

    top: float
    log: bool

    def at(self, value: int) -> float:
        if self.top <= 0 or value <= 0:
            return 0.0
        if self.log:
            return math.log10(1 + value) / math.log10(1 + self.top) * BAR
        return value / self.top * BAR


def choose_scale(figures: Sequence[Figure | None]) -> Scale:
    """Linear, or log where the values span more than two orders of magnitude."""
    values = [v for f in figures if f is not None for v in tally.bounds(f) if v]
    top = float(max(values)) if values else 0.0
    return Scale(top, bool(values) and top / min(values) > 100)


def range_bar(figure: Figure | None, scale: Scale) -> str:
    """A figure as a bar: solid to the low figure, lighter to the high one; an arrow where
    the figure is open above; ``?`` where it is unknown; nothing where it is not stated."""
    if figure is None:
        return ""
    low, high = tally.bounds(figure)
    label = esc(fig_text(figure))
    head = (
        f'<svg class="range" viewBox="0 0 {BAR + 12} {BAR_HEIGHT}" width="{BAR + 12}" '
        f'height="{BAR_HEIGHT}" role="img" aria-label="{label}">'
    )
    if low is None:
        return head + f'<text class="unknown" x="2" y="{BAR_HEIGHT - 3}">?</text></svg>'
    solid = scale.at(low)
    parts = [head, f'<rect class="solid" x="0" y="2" width="{max(solid, 1.5):.1f}" height="10"/>']
    if high is None:
        tip = max(solid, 1.5)
        parts.append(f'<polygon class="light" points="{tip:.1f},1 {tip + 10:.1f},7 {tip:.1f},13"/>')
    elif high > low:
        end = scale.at(high)
        parts.append(
            f'<rect class="light" x="{solid:.1f}" y="2" width="{max(end - solid, 1.5):.1f}" '
            'height="10"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
