"""Figures that keep their uncertainty: exact, range, approximate, lower bound, unknown,
made of parts, or disputed between sources.

A curator writes the short form (``550``, ``16-20``, ``~200``, ``>23``, ``unknown``) or a
long form with a note and a source; both become a :class:`Figure`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import msgspec

from battles.errors import FigureError

MAX_FIGURE = 100_000_000  # more people than ever fought in one battle: a typo, not a figure

SHORT_FORMS = "a number (550, 2,000), a range (16-20, 16 to 20), ~200, >23, >=23, 23+ or unknown"


class Part(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """One labelled component of a figure made of parts."""

    label: str
    figure: Figure


class Figure(msgspec.Struct, frozen=True, array_like=True, omit_defaults=True, gc=False):
    """A count with its uncertainty. Immutable.

    ``low``/``high`` are the bounds; ``low is None`` means unknown, ``high is None`` with a low
    means open-ended ("more than 23"). ``strict`` marks an exclusive lower bound.
    A figure with ``estimates`` and no value of its own is disputed: each estimate keeps its
    source and none is preferred. ``stated`` is False for a figure the tool computed.
    """

    low: int | None = None
    high: int | None = None
    approx: bool = False
    strict: bool = False
    text: str | None = None
    source: tuple[str, ...] = ()
    note: str | None = None
    parts: tuple[Part, ...] = ()
    estimates: tuple[Figure, ...] = ()
    stated: bool = True

    def replace(self, **changes: object) -> Figure:
        return msgspec.structs.replace(self, **changes)

    # -- what kind of figure this is -------------------------------------------------
    @property
    def has_value(self) -> bool:
        return self.low is not None

    @property
    def is_unknown(self) -> bool:
        return self.low is None and not self.estimates

    @property
    def is_disputed(self) -> bool:
        return self.low is None and bool(self.estimates)

    @property
    def form(self) -> str:
        """exact, range, approximate, at least, unknown or disputed."""
        if self.is_disputed:
            return "disputed"
        if self.low is None:
            return "unknown"
        if self.high is None:
            return "at least"
        if self.approx:
            return "approximate"
        return "range" if self.low != self.high else "exact"

    # -- numbers for sorting and arithmetic ---------------------------------------------
    def bounds(self) -> tuple[int | None, int | None]:
        """Effective (low, high): a disputed figure spans all its estimates."""
        if self.low is not None:
            low = self.low + 1 if self.strict else self.low
            return low, self.high
        if not self.estimates:
            return None, None
        lows = [e.bounds()[0] for e in self.estimates]
        highs = [e.bounds()[1] for e in self.estimates]
        known_lows = [x for x in lows if x is not None]
        low_b = min(known_lows) if known_lows else None
        high_b = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
        return low_b, high_b

    @property
    def midpoint(self) -> float | None:
        low, high = self.bounds()
        if low is None:
            return None
        if high is None:
            return float(low)
        return (low + high) / 2

    def with_source(self, source: tuple[str, ...]) -> Figure:
        """This figure, citing ``source`` when it cites nothing itself."""
        if self.source or not source:
            return self
        return self.replace(source=source)


def _add2(a: Figure, b: Figure) -> Figure:
    alow, ahigh = a.bounds()
    blow, bhigh = b.bounds()
    if alow is None and blow is None:
        return Figure(stated=False)
    low = (alow or 0) + (blow or 0)
    open_ended = alow is None or blow is None or ahigh is None or bhigh is None
    high = None if open_ended else (ahigh or 0) + (bhigh or 0)
    approx = a.approx or b.approx or a.is_disputed or b.is_disputed
    return Figure(low=low, high=high, approx=approx, stated=False)


def _as_sum(fig: Figure) -> Figure:
    low, high = fig.bounds()
    return Figure(low=low, high=high, approx=fig.approx or fig.is_disputed, stated=False)


def add(figures: Iterable[Figure]) -> Figure:
    """The sum of figures: an unknown or open-ended part turns the sum into "at least"."""
    total: Figure | None = None
    for fig in figures:
        total = _as_sum(fig) if total is None else _add2(total, fig)
    return total if total is not None else Figure(stated=False)


def sum_parts(parts: Iterable[Part]) -> Figure:
    return add(p.figure for p in parts)


# -- parsing the short form ------------------------------------------------------------

_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
_APPROX = r"~|c\.|ca\.|circa|about|around|approximately|approx\.|some"
_MORE = r"more\s+than|over|>"
_ATLEAST = r"at\s+least|>=|≥"
_SEP = r"\s*(?:-|–|—|to)\s*"
_SHORT = re.compile(
    rf"""^\s*
    (?:(?P<approx>{_APPROX})\s*)?
    (?:(?P<more>{_MORE})\s*|(?P<atleast>{_ATLEAST})\s*)?
    (?P<low>{_NUMBER})
    (?:{_SEP}(?P<high>{_NUMBER}))?
    \s*(?P<plus>\+)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_UNKNOWN = {"unknown", "?", "not stated", "unk"}


def _number(text: str) -> int:
    digits = text.replace(",", "")
    if len(digits) > len(str(MAX_FIGURE)):  # int() of thousands of digits: refused before
        raise FigureError(
            f"a {len(digits):,}-digit number is larger than the limit of {MAX_FIGURE:,}"
        )
    value = int(digits)
    if value > MAX_FIGURE:
        raise FigureError(f"{value} is larger than the limit of {MAX_FIGURE:,}; is it a typo?")
    return value


def parse_figure(value: object) -> Figure:
    """Read a figure's short form: an int, or text such as ``16-20``, ``~200``, ``>23``.

    Raises :class:`FigureError` with the accepted forms when the text is not one of them.
    """
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise FigureError(f"expected a figure ({SHORT_FORMS}), got {type(value).__name__}")
    if isinstance(value, int):
        if value < 0:
            raise FigureError(f"a figure cannot be negative ({value})")
        if value > MAX_FIGURE:
            raise FigureError(f"{value} is larger than the limit of {MAX_FIGURE:,}; is it a typo?")
        return Figure(low=value, high=value)
    text = value.strip()
    if text.lower() in _UNKNOWN:
        return Figure()
    match = _SHORT.match(text)
    if match is None:
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise FigureError(f"cannot read {shown!r} as a figure; write {SHORT_FORMS}")
    low = _number(match["low"])
    approx = match["approx"] is not None
    if match["high"] is not None:
        if match["more"] or match["atleast"] or match["plus"]:
            raise FigureError(f"{text!r} mixes a range with a lower bound")
        high = _number(match["high"])
        if high < low:
            raise FigureError(f"the range {text!r} runs backwards; write {high}-{low}")
        return Figure(low=low, high=high, approx=approx)
    if match["more"]:
        return Figure(low=low, high=None, approx=approx, strict=True)
    if match["atleast"] or match["plus"]:
        return Figure(low=low, high=None, approx=approx)
    return Figure(low=low, high=low, approx=approx)


# -- writing figures as text -----------------------------------------------------------------

DASH = "–"


def format_count(n: int) -> str:
    return f"{n:,}"


def format_value(fig: Figure) -> str:
    """The figure's own value in the canonical short form (``16–20``, ``~200``, ``≥ 45``)."""
    if fig.low is None:
        return "unknown"
    tilde = "~" if fig.approx else ""
    if fig.high is None:
        return f"{tilde}{'>' if fig.strict else '≥'} {format_count(fig.low)}"
    if fig.low == fig.high:
        return f"{tilde}{format_count(fig.low)}"
    return f"{tilde}{format_count(fig.low)}{DASH}{format_count(fig.high)}"


def format_figure(fig: Figure) -> str:
    """A figure in one short cell: a disputed figure lists its estimates (``8 / 18``)."""
    if fig.is_disputed:
        return " / ".join(format_value(e) for e in fig.estimates)
    return format_value(fig)
