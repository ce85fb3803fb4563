"""Figures that keep their uncertainty: exact, range, approximate, lower bound, unknown,
made of parts, or disputed between sources.

A curator writes the short form (``550``, ``16-20``, ``~200``, ``>23``, ``unknown``) or a
long form with a note and a source; both become a :class:`Figure`.
"""

import functools
import re
from typing import NamedTuple

import msgspec

from battles.errors import FigureError

MAX_FIGURE = 100_000_000  # more people than ever fought in one battle: a typo, not a figure

# What a figure can be, as the exports name it; ``not_stated`` is a figure no source gives.
FORMS: tuple[str, ...] = (
    "exact",
    "approx",
    "range",
    "band",
    "at_least",
    "unknown",
    "disputed",
)
NOT_STATED_FORM = "not_stated"

SHORT_FORMS = (
    "a number (550, 2,000), a range (16-20, 16 to 20), ~200, >23, >=23, 23+, "
    "a number with an error band (12,000 ±10%, 12,000 ± 500, 12,000 +33%/-3%) or unknown"
)
BAND_FORMS = "10%, 500, ±10%, or +33%/-3% (plus, then minus)"
# What a strength (or an equipment figure) counts, when a source says.
COUNTS: tuple[str, ...] = ("initial", "engaged", "average", "peak", "final", "total")
MAX_PERCENT = 100_000  # a band of 1,000%, in hundredths of a percent


class Band(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A point value with its error band: ``12,000 ±10%`` (minus and plus in hundredths of
    a percent when ``percent``, else in whole counts). The figure's bounds are worked out
    from it by :func:`battles.tally.band_bounds`."""

    value: int
    minus: int
    plus: int
    percent: bool


class Part(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """One labelled component of a figure made of parts."""

    label: str
    figure: "Figure"


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
    estimates: "tuple[Figure, ...]" = ()
    stated: bool = True
    scope: str | None = None  # the part of the battle the figure covers, when not all of it
    band: Band | None = None  # a point value with an error band: low and high are its bounds
    counts: str | None = None  # what a strength counts (one of COUNTS), when a source says

    def replace(self, **changes: object) -> "Figure":
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
        if self.band is not None:
            return "band"
        return "range" if self.low != self.high else "exact"

    # -- numbers for sorting and arithmetic ---------------------------------------------
    def bounds(self) -> tuple[int | None, int | None]:
        """Effective (low, high), the low inclusive: see :func:`battles.tally.term`."""
        from battles.tally import bounds

        return bounds(self)

    def with_source(self, source: tuple[str, ...]) -> "Figure":
        """This figure, citing ``source`` when it cites nothing itself."""
        if self.source or not source:
            return self
        return self.replace(source=source)


# -- parsing the short form ------------------------------------------------------------

# The one grammar of a figure's short form. The parser compiles it as a Python pattern; the
# JSON Schema takes :func:`schema_pattern`, made from the same pieces. Spaces, digits and
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
_ERROR = r"[0-9]{1,3}(?:,[0-9]{3})+%?|[0-9]+(?:\.[0-9]{1,2})?%|[0-9]+"
_PLUS_MINUS = r"±|\+/-|\+-"
_BAND = (
    rf"(?:(?:{_PLUS_MINUS}){_S}(?P<both>{_ERROR})"
    rf"|\+{_S}(?P<up>{_ERROR}){_S}/?{_S}(?:-|−){_S}(?P<down>{_ERROR}))"
)
_BAND_GRAMMAR = rf"{_S}(?P<value>{_NUMBER}){_S}{_BAND}{_S}"
_BAND_ALONE_GRAMMAR = rf"{_S}(?:(?P<band>{_BAND})|(?P<plain>{_ERROR})){_S}"


class _Grammar(NamedTuple):
    short: re.Pattern[str]
    unknown: re.Pattern[str]
    banded: re.Pattern[str]
    band_alone: re.Pattern[str]


@functools.cache
def _grammar() -> _Grammar:
    """The grammar compiled, when a figure is first read (a run that reads its records from
    the cache never compiles it: start-up)."""
    flags = re.IGNORECASE | re.ASCII
    return _Grammar(
        re.compile(rf"(?:{_SHORT_GRAMMAR})\Z", flags),
        re.compile(rf"(?:{_UNKNOWN_GRAMMAR})\Z", flags),
        re.compile(rf"(?:{_BAND_GRAMMAR})\Z", flags),
        re.compile(rf"{_BAND_ALONE_GRAMMAR}\Z", re.ASCII),
    )


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


def schema_pattern() -> str:
    """The grammar of a figure's short form as JSON Schema's ``pattern``."""
    return f"^(?:{_ecma(_SHORT_GRAMMAR)}|{_ecma(_UNKNOWN_GRAMMAR)}|{_ecma(_BAND_GRAMMAR)})$"


def band_schema_pattern() -> str:
    """The grammar of an error band alone as JSON Schema's ``pattern``."""
    return f"^{_ecma(_BAND_ALONE_GRAMMAR)}$"


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
    grammar = _grammar()
    if grammar.unknown.match(value):
        return Figure()
    banded = grammar.banded.match(value)
    if banded is not None:
        return banded_figure(_number(banded["value"]), _band_parts(banded, text))
    match = grammar.short.match(value)
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


def _error(text: str, where: str) -> tuple[int, bool]:
    """One side of a band: (hundredths of a percent, True) or (a count, False)."""
    if text.endswith("%"):
        number = text[:-1].replace(",", "")
        whole, _, decimals = number.partition(".")
        if len(whole) > 6:
            raise FigureError(f"the error band {where!r} is larger than 1,000%")
        amount = int(whole) * 100 + int((decimals + "00")[:2])
        if amount > MAX_PERCENT:
            raise FigureError(f"the error band {where!r} is larger than 1,000%")
        return amount, True
    return _number(text), False


def _band_parts(match: re.Match[str], where: str) -> tuple[int, int, bool]:
    """(minus, plus, percent) of a band the grammar matched."""
    if match["both"] is not None:
        amount, percent = _error(match["both"], where)
        return amount, amount, percent
    plus, plus_percent = _error(match["up"], where)
    minus, minus_percent = _error(match["down"], where)
    if plus_percent != minus_percent:
        raise FigureError(
            f"the error band {where!r} mixes a percentage with a count; write both the same way"
        )
    return minus, plus, plus_percent


def parse_band(value: object) -> tuple[int, int, bool]:
    """The long form's ``error:``: ``10%``, ``500``, ``±10%`` or ``+33%/-3%``, as
    (minus, plus, percent); see :class:`Band`."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise FigureError(f"expected an error band ({BAND_FORMS}), got {type(value).__name__}")
    if isinstance(value, int):
        if value < 0:
            raise FigureError(f"an error band cannot be negative ({value})")
        return value, value, False
    shown = value.strip()[:40]
    match = _grammar().band_alone.match(value)
    if match is None:
        raise FigureError(f"cannot read {shown!r} as an error band; write {BAND_FORMS}")
    if match["plain"] is not None:
        amount, percent = _error(match["plain"], shown)
        return amount, amount, percent
    inner = re.match(rf"{_S}(?:{_BAND}){_S}\Z", value, re.ASCII)
    assert inner is not None  # the same grammar matched
    return _band_parts(inner, shown)


def banded_figure(value: int, band: tuple[int, int, bool]) -> Figure:
    """A point value with an error band, its bounds worked out by the tally."""
    from battles.tally import band_bounds

    minus, plus, percent = band
    if value > MAX_FIGURE:
        raise FigureError(f"{value} is larger than the limit of {MAX_FIGURE:,}; is it a typo?")
    if percent and minus > 10_000:
        raise FigureError("a band below the value cannot be more than 100%")
    found = Band(value, minus, plus, percent)
    low, high = band_bounds(found)
    return Figure(low=low, high=high, band=found)


def format_band(band: Band) -> str:
    """A band as written after its value: ``±10%``, ``± 500``, ``+33%/−3%``."""

    def amount(n: int) -> str:
        if not band.percent:
            return format_count(n)
        whole, hundredths = divmod(n, 100)
        return f"{whole}%" if not hundredths else f"{whole}.{hundredths:02d}".rstrip("0") + "%"

    if band.minus == band.plus:
        return f"±{amount(band.plus)}" if band.percent else f"± {amount(band.plus)}"
    return f"+{amount(band.plus)}/−{amount(band.minus)}"


# -- writing figures as text -----------------------------------------------------------------

DASH = "–"


def format_count(n: int) -> str:
    return f"{n:,}"


def format_value(fig: Figure) -> str:
    """The figure's own value in the canonical short form (``16–20``, ``~200``, ``≥ 45``)."""
    if fig.low is None:
        return "unknown"
    if fig.band is not None:
        return f"{format_count(fig.band.value)} {format_band(fig.band)}"
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
