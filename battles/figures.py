"""Figures that keep their uncertainty: exact, range, approximate, lower bound, unknown,
made of parts, or disputed between sources.

A curator writes the short form (``550``, ``16-20``, ``~200``, ``>23``, ``unknown``) or a
long form with a note and a source; both become a :class:`Figure`.
"""

from __future__ import annotations

import re

import msgspec

from battles.errors import FigureError

MAX_FIGURE = 100_000_000  # more people than ever fought in one battle: a typo, not a figure

# What a figure can be, as the exports name it; ``not_stated`` is a figure no source gives.
FORMS: tuple[str, ...] = ("exact", "approx", "range", "at_least", "unknown", "disputed")
NOT_STATED_FORM = "not_stated"

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
    source and none is preferred; a figure with a value and estimates shows and sums them
    all alike. ``scope`` says which part of the battle a figure covers, when not all of it.
    ``stated`` is False for a figure the tool computed.
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
    scope: str | None = None  # the part of the battle the figure covers, when not all of it

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
        """One of FORMS: exact, approx, range, at_least, unknown or disputed."""
        if self.is_disputed:
            return "disputed"
        if self.low is None:
            return "unknown"
        if self.high is None:
            return "at_least"
        if self.approx:
            return "approx"
        return "range" if self.low != self.high else "exact"

    # -- numbers for sorting and arithmetic ---------------------------------------------
    def bounds(self) -> tuple[int | None, int | None]:
        """Effective (low, high), the low inclusive: see :func:`battles.tally.term`."""
        from battles.tally import bounds

        return bounds(self)

    def with_source(self, source: tuple[str, ...]) -> Figure:
        """This figure, citing ``source`` when it cites nothing itself."""
        if self.source or not source:
            return self
        return self.replace(source=source)


# -- parsing the short form ------------------------------------------------------------

# The one grammar of a figure's short form. The parser compiles it as a Python pattern; the
# JSON Schema takes :data:`SCHEMA_PATTERN`, made from the same pieces. Spaces, digits and
# letters are ASCII only, so that both read exactly the same texts.
_S = r"[ \t\n\r]*"  # spaces
_S1 = r"[ \t\n\r]+"
_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+"
_APPROX = r"~|c\.|ca\.|circa|about|around|approximately|approx\.|some"
_MORE = rf"more{_S1}than|over|>"
_ATLEAST = rf"at{_S1}least|>=|≥"
_SEP = rf"{_S}(?:-|–|—|to){_S}"
_SHORT_GRAMMAR = (
    rf"{_S}(?:(?P<approx>{_APPROX}){_S})?"
    rf"(?:(?P<more>{_MORE}){_S}|(?P<atleast>{_ATLEAST}){_S})?"
    rf"(?P<low>{_NUMBER})"
    rf"(?:{_SEP}(?P<high>{_NUMBER}))?"
    rf"{_S}(?P<plus>\+)?{_S}"
)
_UNKNOWN_GRAMMAR = rf"{_S}(?:unknown|\?|not stated|unk){_S}"
_SHORT = re.compile(rf"(?:{_SHORT_GRAMMAR})\Z", re.IGNORECASE | re.ASCII)
_UNKNOWN = re.compile(rf"(?:{_UNKNOWN_GRAMMAR})\Z", re.IGNORECASE | re.ASCII)


def _ecma(pattern: str) -> str:
    """A Python pattern of the grammar as an ECMA-262 one (what JSON Schema's ``pattern``
    is): no group names, and each letter matched in either case."""
    pattern = re.sub(r"\(\?P<\w+>", "(?:", pattern)
    out = []
    escaped = False
    for char in pattern:
        if not escaped and char.isascii() and char.isalpha():
            out.append(f"[{char.lower()}{char.upper()}]")
        else:
            out.append(char)
        escaped = char == "\\" and not escaped
    return "".join(out)


SCHEMA_PATTERN = f"^(?:{_ecma(_SHORT_GRAMMAR)}|{_ecma(_UNKNOWN_GRAMMAR)})$"


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
    if _UNKNOWN.match(value):
        return Figure()
    match = _SHORT.match(value)
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


UNKNOWN_MARK = "?"


def format_figure(fig: Figure) -> str:
    """A figure in one short cell, as every view shows it: ``?`` when unknown; a disputed
    figure lists its estimates (``8 / 18``, ``? / ~1,000``); a figure stated as unknown
    that also has estimates shows both."""
    if fig.low is None and not fig.estimates:
        return UNKNOWN_MARK
    if fig.estimates:
        own = [format_value(fig)] if fig.low is not None else []
        return " / ".join([*own, *(format_figure(e) for e in fig.estimates)])
    return format_value(fig)
