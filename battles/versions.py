"""Which schema version a record needs: the keys and forms of version 2 that a record
saying ``schema_version: 1`` may not use (a version 1 record is also a valid version 2
record, so nothing else is checked)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

from battles import model
from battles.dates import PartialDate
from battles.figures import Figure
from battles.positions import FieldPath

# The fields of each class that version 2 added (all of a field: nothing below it is looked at).
V2_FIELDS: dict[type, tuple[str, ...]] = {
    model.Source: (
        "kind",
        "authors",
        "publisher",
        "year",
        "page",
        "accessed",
        "version",
        "table",
        "row",
    ),
    model.Place: ("other_names",),
    model.Result: ("winner",),
    model.Side: ("role", "result", "strengths", "equipment"),
    model.PhaseSide: ("equipment",),
    model.Casualties: ("equipment",),
    model.Record: ("conditions", "reviewed"),
}


def _used(value: Any) -> bool:
    return value is not None and value != ()


def v2_uses(record: model.Record) -> Iterator[tuple[FieldPath, str]]:
    """Each use of a version 2 key or form in the record: (its field path, what it is)."""
    # Depth first, in the file's order: an entry is a value to look into, or (with a
    # text) a use found.
    stack: list[tuple[FieldPath, Any, str | None]] = [((), record, None)]
    while stack:
        path, value, use = stack.pop()
        if use is not None:
            yield path, use
            continue
        if isinstance(value, Figure):
            found: list[tuple[FieldPath, Any, str | None]] = []
            if value.band is not None:
                found.append((path, None, "an error band"))
            if value.counts is not None:
                found.append(((*path, "counts"), None, "counts"))
            found += [
                ((*path, "parts", i, "value"), p.figure, None) for i, p in enumerate(value.parts)
            ]
            found += [((*path, "estimates", i), e, None) for i, e in enumerate(value.estimates)]
            stack.extend(reversed(found))
            continue
        if isinstance(value, PartialDate):
            continue
        if isinstance(value, msgspec.Struct):
            new = V2_FIELDS.get(type(value), ())
            for name in reversed(value.__struct_fields__):
                field = getattr(value, name)
                if name in new:
                    if _used(field):
                        stack.append(((*path, name), None, name))
                elif not (name in model.CITE_FIELDS and isinstance(field, tuple)):
                    stack.append(((*path, name), field, None))
        elif isinstance(value, tuple):
            stack.extend(((*path, i), value[i], None) for i in range(len(value) - 1, -1, -1))


def version_errors(record: model.Record) -> Iterator[tuple[FieldPath, str, str]]:
    """(path, message, hint) for a record that says version 1 but uses version 2: one
    error, at the first use, naming a few of the others."""
    if record.schema_version != 1:
        return
    uses = list(v2_uses(record))
    if not uses:
        return
    from battles.positions import format_path

    (path, what), others = uses[0], uses[1:]
    message = f"{what} needs schema_version: 2 (this record says schema_version: 1)"
    if others:
        shown = ", ".join(format_path(p) for p, _ in others[:4])
        more = f" and {len(others) - 4} more" if len(others) > 4 else ""
        message += f"; so do {shown}{more}"
    yield (
        path,
        message,
        "write 'schema_version: 2' at the top; every version 1 record is also valid as 2",
    )
