"""A record's figures and citations with the path of each, found in one pass, and a path
as a reader says it: what the disputes and the sources of a record are read from."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from battles import model
from battles.dates import (
    PartialDate,
)
from battles.figures import Figure
from battles.positions import FieldPath, format_path

if TYPE_CHECKING:
    pass


_LEAVES = frozenset({str, int, float, bool, type(None), PartialDate})


def _scan(
    record: model.Record,
) -> Iterator[tuple[FieldPath, Figure | None, tuple[str, ...]]]:
    """In one pass over a record, depth first in field order: each citation, as
    ``(path of the cite field, None, the ids)``, and each figure (parts included), as
    ``(path, figure, the sources it cites: its own, else its nearest block's)``. Text and
    dates are never visited (a pass reads ten thousand records)."""
    # (path, value, inherited sources, whether the value is a citation's ids)
    stack: list[tuple[FieldPath, Any, tuple[str, ...], bool]] = [((), record, (), False)]
    pop, push = stack.pop, stack.append
    while stack:
        path, value, inherited, citation = pop()
        if citation:
            yield path, None, value
            continue
        cls = value.__class__
        if cls is Figure:
            own = value.source or inherited
            yield path, value, own
            for i in range(len(value.parts) - 1, -1, -1):
                push(((*path, "parts", i), value.parts[i].figure, own, False))
        elif cls is tuple:
            for i in range(len(value) - 1, -1, -1):
                if value[i].__class__ not in _LEAVES:
                    push(((*path, i), value[i], inherited, False))
        else:  # a struct of the record
            cites = getattr(value, "source", None)
            if cites:
                inherited = cites
            for name in reversed(value.__struct_fields__):
                item = getattr(value, name)
                if name in model.CITE_FIELDS:
                    if item:
                        push(((*path, name), item, (), True))
                elif item.__class__ not in _LEAVES and item != ():
                    push(((*path, name), item, inherited, False))


_SCANNED: list[Any] = [None, []]  # the last record scanned, and what _scan found


def scanned(record: model.Record) -> list[tuple[FieldPath, Figure | None, tuple[str, ...]]]:
    """What :func:`_scan` finds, kept for the last record: the digests of disputes and of
    sources, derived one after the other, read it once."""
    if _SCANNED[0] is not record:
        _SCANNED[:] = [record, list(_scan(record))]
    found: list[tuple[FieldPath, Figure | None, tuple[str, ...]]] = _SCANNED[1]
    return found


def figures(record: model.Record) -> Iterator[tuple[FieldPath, Figure, tuple[str, ...]]]:
    """Every figure in a record with its path and the sources it cites (see _scan)."""
    for path, fig, cited in scanned(record):
        if fig is not None:
            yield path, fig, cited


def where(record: model.Record, path: FieldPath) -> str:
    """A field path as a reader says it: ``Attackers · strength``, ``First assault ·
    Defenders · casualties.killed``."""
    if len(path) >= 2 and path[0] == "sides" and isinstance(path[1], int):
        return f"{record.sides[path[1]].name} · {format_path(path[2:])}".rstrip(" ·")
    if len(path) >= 2 and path[0] == "phases" and isinstance(path[1], int):
        phase = record.phases[path[1]]
        rest = path[2:]
        if len(rest) >= 2 and rest[0] == "sides" and isinstance(rest[1], int):
            side = record.side(phase.sides[rest[1]].side)
            label = side.name if side else phase.sides[rest[1]].side
            return f"{phase.name} · {label} · {format_path(rest[2:])}".rstrip(" ·")
        return f"{phase.name} · {format_path(rest)}".rstrip(" ·")
    return format_path(path)


def titles(record: model.Record, ids: Sequence[str]) -> tuple[str, ...]:
    titles = {source.id: source.title for source in record.sources}
    return tuple(titles.get(i, i) for i in ids)
