"""The checks of one record that its classes cannot express: cross-references and the
rules of schema version 2."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import msgspec

from battles import model
from battles.dates import PartialDate
from battles.errors import DataError
from battles.figures import Figure
from battles.positions import FieldPath

if TYPE_CHECKING:
    from battles.loading.parse import Context


def _reference_errors(record: model.Record, ctx: Context) -> Iterator[DataError]:
    """Cross-references inside one record, from what :func:`prepare` collected: the sources
    cited and the sides named must exist, and side ids must differ."""
    sources = {s.id for s in record.sources}
    side_ids = [s.id for s in record.sides]
    seen: set[str] = set()
    for i, side_id in enumerate(side_ids):
        if side_id in seen:
            yield ctx.error(
                ("sides", i, "id"),
                f"two sides share the id {side_id!r}",
                "give each side its own id",
            )
        seen.add(side_id)
    # A close match is looked for among the sources for the first few ids only: each look
    # costs as much as there are sources, and a file of thousands would take minutes.
    import difflib

    hints: dict[str, str] = {}
    ordered = sorted(sources)
    looks = min(20, _CLOSE_BUDGET // max(len(ordered), 1))
    for at, ref in ctx.cites:
        if ref not in sources:
            hint = hints.get(ref)
            if hint is None:
                close = difflib.get_close_matches(ref, ordered, n=1) if len(hints) < looks else []
                hint = hints[ref] = (
                    f"did you mean {close[0]}?"
                    if close
                    else "add it under sources: with an id, a title and a url or file"
                )
            yield ctx.error(at, f"cites {ref!r}, which is not in the record's sources", hint)
    allowed = "one of: " + ", ".join(side_ids[:20]) + (", ..." if len(side_ids) > 20 else "")
    for at, side in ctx.sides:
        if side not in seen:
            yield ctx.error(at, f"names side {side!r}, which the record does not have", allowed)


_CLOSE_BUDGET = 4000  # source ids compared in all, for the hints of one file


def _equipment_lists(
    record: model.Record,
) -> Iterator[tuple[FieldPath, tuple[model.Equipment | model.EquipmentLoss, ...]]]:
    """Every list of equipment in a record, with its path."""
    blocks: list[tuple[FieldPath, model.Casualties | None]] = [
        (("civilians",), record.civilians),
        (("losses",), record.losses),
    ]
    for i, side in enumerate(record.sides):
        yield ("sides", i, "equipment"), side.equipment
        blocks.append((("sides", i, "casualties"), side.casualties))
    for i, phase in enumerate(record.phases):
        for j, ps in enumerate(phase.sides):
            yield ("phases", i, "sides", j, "equipment"), ps.equipment
            blocks.append((("phases", i, "sides", j, "casualties"), ps.casualties))
    for path, cas in blocks:
        if cas is not None and cas.equipment:
            yield (*path, "equipment"), cas.equipment


def uses_v2(record: model.Record) -> bool:
    """Whether a record uses a key or form of schema version 2: what
    :func:`battles.versions.v2_uses` finds, looked for without the paths (it builds one for
    every value, and a first run asks it of every record; most have none), and only in the
    fields that may hold one (see :func:`_v2_walk`)."""
    stack: list[Any] = [record]
    while stack:
        value = stack.pop()
        if isinstance(value, Figure):
            if value.band is not None or value.counts is not None:
                return True
            stack.extend(p.figure for p in value.parts)
            stack.extend(value.estimates)
            continue
        if isinstance(value, PartialDate):
            continue
        if isinstance(value, msgspec.Struct):
            for name, new in _v2_walk(type(value)):
                field = getattr(value, name)
                if new:
                    if field is not None and field != ():
                        return True
                elif field is not None:
                    stack.append(field)
        elif isinstance(value, tuple):
            stack.extend(value)
    return False


_V2_WALKS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _v2_walk(struct: type) -> tuple[tuple[str, bool], ...]:
    """The fields of a struct class :func:`uses_v2` looks at, each with whether it is a key
    of version 2: those, and the fields that may hold a struct (a figure, a side...); not
    those of text, numbers, dates or lists of source ids (worked out once per class)."""
    found = _V2_WALKS.get(struct)
    if found is None:
        from battles.loading.schema_errors import _struct_fields
        from battles.versions import V2_FIELDS

        new = V2_FIELDS.get(struct, ())
        found = _V2_WALKS[struct] = tuple(
            (name, name in new)
            for name, tp in _struct_fields(struct).items()
            if name in new or _may_hold_struct(tp)
        )
    return found


_PLAIN_TYPES = (str, int, float, bool, type(None), PartialDate)


def _may_hold_struct(tp: Any) -> bool:
    """Whether a value of the type ``tp`` may be, or hold, a struct other than a date (any
    type not known here may)."""
    from typing import Literal, get_args, get_origin

    from battles.loading.schema_errors import _unwrap

    for t in _unwrap(tp):
        origin = get_origin(t)
        if origin is tuple:
            if any(_may_hold_struct(arg) for arg in get_args(t) if arg is not Ellipsis):
                return True
        elif origin is not Literal and t not in _PLAIN_TYPES:
            return True
    return False


def _v2_errors(record: model.Record, ctx: Context) -> list[DataError]:
    """The rules of schema version 2 that its classes cannot say: the version a key needs,
    a further strength's ``counts``, an ``other`` kind's label, the sides a winner,
    surprise or air superiority names."""
    from battles.versions import version_errors

    errors: list[DataError] = []
    if record.schema_version == 1 and uses_v2(record):
        errors += [ctx.error(path, message, hint) for path, message, hint in version_errors(record)]
    side_ids = {side.id for side in record.sides}
    allowed = "a side's id (" + ", ".join(sorted(side_ids)[:20]) + ") or none"
    named: list[tuple[FieldPath, str | None]] = []
    if record.result is not None:
        named.append((("result", "winner"), record.result.winner))
    conditions = record.conditions
    if conditions is not None:
        for key in ("surprise", "air_superiority"):
            found = getattr(conditions, key)
            if found is not None:
                named.append((("conditions", key, "value"), found.value))
    for at, value in named:
        if value is not None and value != model.NO_SIDE and value not in side_ids:
            errors.append(
                ctx.error(at, f"names side {value!r}, which the record does not have", allowed)
            )
    for i, side in enumerate(record.sides):
        for j, fig in enumerate(side.strengths):
            if fig.counts is None:
                errors.append(
                    ctx.error(
                        ("sides", i, "strengths", j),
                        "a further strength must say what it counts",
                        "add counts: initial, engaged, average, peak, final or total",
                    )
                )
    for path, items in _equipment_lists(record):
        for j, item in enumerate(items):
            if item.kind == "other" and item.label is None:
                errors.append(
                    ctx.error(
                        (*path, j), "equipment of kind 'other' needs a label", "add label: ..."
                    )
                )
    return errors
