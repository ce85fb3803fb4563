"""Choosing records: the filters shared by the read commands (``--year``, ``--kind``,
``--belligerent``, ``--where``...), their sort orders, and the records a question reads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from battles import model, tally
from battles.dates import PartialDate
from battles.errors import UsageError
from battles.loading import Dataset
from battles.loading.digest import BRIEF, Brief
from battles.questions.lookup import find
from battles.text import normalise

if TYPE_CHECKING:
    from battles.belligerents import Belligerents

SORT_KEYS = ("date", "name", "casualties", "strength")


class ListFilter(msgspec.Struct, frozen=True):
    year: int | None = None
    start: PartialDate | None = None  # --from
    end: PartialDate | None = None  # --to
    kinds: tuple[str, ...] = ()
    belligerent: str | None = None
    part_of: str | None = None
    place: str | None = None
    winner: str | None = None  # a side id, a name, attacker, defender or none
    role: str | None = None  # attacker or defender: of the --belligerent's side, or of any
    where: tuple[tuple[str, str], ...] = ()  # (key, value) pairs (see conditions.WHERE_KEYS)


def parse_where(texts: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``terrain=rugged`` and the like as (key, value) pairs; a key or word the format
    does not know is a :class:`UsageError` that lists those it does."""
    from battles.conditions import WHERE_KEYS

    found: list[tuple[str, str]] = []
    for text in texts:
        key, sep, value = text.partition("=")
        key = key.strip().lower().replace("-", "_").replace(" ", "_")
        value = " ".join(value.split()).lower()
        if not sep or not value:
            raise UsageError(f"--where {text!r}: write KEY=VALUE, e.g. terrain=rugged")
        if key not in WHERE_KEYS:
            raise UsageError(f"--where knows no key {key!r}; use one of {', '.join(WHERE_KEYS)}")
        words = WHERE_KEYS[key]
        value = {"fall": "autumn", "defense": "defence"}.get(value, value).replace(
            "defense", "defence"
        )
        if words and value not in words:
            raise UsageError(
                f"--where {key}={value!r}: not a word of {key}; use one of {', '.join(words)}"
            )
        found.append((key, value))
    return tuple(found)


def check_role(role: str | None) -> str | None:
    if role is None:
        return None
    wanted = role.strip().lower()
    if wanted not in model.ROLES:
        raise UsageError(f"--role {role!r}: use attacker or defender")
    return wanted


def _winner_matches(brief: Brief, wanted: str) -> bool:
    """Whether the battle's winner is ``wanted``: ``none`` (no side won), a role, a side
    id, or a name among the winning side's names, belligerents and commanders."""
    if brief.winner is None:
        return False
    if wanted == "none":
        return brief.winner == model.NO_SIDE
    side = brief.winning_side()
    if side is None:
        return False
    if wanted in model.ROLES:
        return side.role == wanted
    return side.id == wanted or _contains(side.names, wanted)


def _role_matches(brief: Brief, role: str, belligerent: str | None) -> bool:
    for tag in brief.tags:
        if tag.role == role and (belligerent is None or _contains(tag.names, belligerent)):
            return True
    return False


def _overlaps(brief: Brief, start: PartialDate | None, end: PartialDate | None) -> bool:
    if start is not None and brief.last.last_day() < start.first_day():
        return False
    return not (end is not None and brief.start.first_day() > end.last_day())


def _contains(haystack: Sequence[str], needle: str) -> bool:
    wanted = normalise(needle)
    return any(wanted in normalise(text) for text in haystack)


def select(
    dataset: Dataset, flt: ListFilter | None = None, sort: str = "date", reverse: bool = False
) -> list[int]:
    """The records that pass the filter, sorted: their places in the dataset."""
    flt = flt or ListFilter()
    if sort not in SORT_KEYS:
        raise UsageError(f"cannot sort by {sort!r}; choose one of {', '.join(SORT_KEYS)}")
    briefs: list[Brief] = dataset.digests(BRIEF)
    chosen = range(len(briefs))
    if flt != ListFilter():
        table = dataset.belligerents() if flt.belligerent else None
        chosen = [n for n in chosen if _passes(briefs[n], flt, table)]  # type: ignore[assignment]
    key = _sort_key(sort)
    return sorted(chosen, key=lambda n: key(briefs[n]), reverse=reverse)


def _passes(brief: Brief, flt: ListFilter, table: Belligerents | None = None) -> bool:
    if flt.year is not None and not _overlaps(brief, PartialDate(flt.year), PartialDate(flt.year)):
        return False
    if not _overlaps(brief, flt.start, flt.end):
        return False
    if flt.kinds and brief.kind not in flt.kinds:
        return False
    if flt.belligerent:
        if not table:
            from battles.belligerents import Belligerents

            table = Belligerents()
        if not table.matches(flt.belligerent, brief.people):
            return False
    if flt.part_of and not _contains(brief.part_of, flt.part_of):
        return False
    if flt.place and not _contains(brief.places, flt.place):
        return False
    if flt.winner is not None and not _winner_matches(brief, flt.winner.strip().lower()):
        return False
    if flt.role is not None and not _role_matches(brief, flt.role, flt.belligerent):
        return False
    return all(_where_matches(brief, key, value) for key, value in flt.where)


def _where_matches(brief: Brief, key: str, value: str) -> bool:
    if key == "winner":
        return _winner_matches(brief, value)
    if f"{key}={value}" in brief.where:
        return True
    if key in ("surprise", "air_superiority"):  # a side named by its name
        ids = [w.partition("=")[2] for w in brief.where if w.startswith(key + "=")]
        return any(t.id in ids and _contains(t.names, value) for t in brief.tags)
    return False


def digests_of(
    dataset: Dataset, names: Sequence[str], kinds: Sequence[str], region: int
) -> list[tuple[Brief, Any]]:
    """The records named (each by the one lookup), or all records, of the given kinds: each
    as its brief and the digest of ``region`` a question reads (see loading.digest)."""
    found = chosen(dataset, names, kinds)
    return list(zip(dataset.digests(BRIEF, found), dataset.digests(region, found), strict=True))


def chosen(dataset: Dataset, names: Sequence[str] = (), kinds: Sequence[str] = ()) -> list[int]:
    """The records named (each by the one lookup, in the order given), or all records in
    date order; of the given kinds only, if any."""
    if names:
        found = [find(dataset, name).index for name in names]
        if not kinds:
            return found
        briefs: list[Brief] = dataset.digests(BRIEF, found)
        return [n for n, b in zip(found, briefs, strict=True) if b.kind in kinds]
    return select(dataset, ListFilter(kinds=tuple(kinds)))


def _sort_key(sort: str) -> Callable[[Brief], Any]:
    if sort == "name":
        return lambda r: (r.sort_name, r.start.number)
    if sort in ("casualties", "strength"):

        def by_figure(r: Brief) -> tuple[bool, float, str]:
            # Casualties: every loss the record states, soldiers' and civilians'.
            if sort == "casualties":
                mid = tally.midpoint(tally.everyone(r.casualties, r.civilians))
            else:
                mid = tally.midpoint(r.strength)
            return (mid is None, -(mid or 0.0), r.sort_name)

        return by_figure
    return lambda r: (r.start.number, r.last.number, r.sort_name)
