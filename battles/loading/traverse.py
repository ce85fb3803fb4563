"""Walking a record: every value, or every text, with its field path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import msgspec

from battles import model
from battles.dates import PartialDate
from battles.figures import Figure
from battles.positions import FieldPath

if TYPE_CHECKING:
    pass

_HOLDS_TEXT = (str, tuple, msgspec.Struct)


def walk(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    """Every value in a record with its field path, parents before children. Figures, dates
    and lists of source ids are single values."""
    stack: list[tuple[FieldPath, Any]] = [(path, value)]
    while stack:  # depth first with a stack of its own (no chain of generators)
        path, value = stack.pop()
        yield path, value
        if isinstance(value, (Figure, PartialDate)):
            continue
        if isinstance(value, msgspec.Struct):
            names = value.__struct_fields__
            stack.extend(((*path, n), getattr(value, n)) for n in reversed(names))
        elif isinstance(value, tuple) and not (path and path[-1] in model.CITE_FIELDS):
            stack.extend(((*path, i), value[i]) for i in range(len(value) - 1, -1, -1))


def texts(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every text in a record with its field path, in :func:`walk`'s order; only what can
    hold text is visited (``search`` reads ten thousand records this way)."""
    stack: list[tuple[FieldPath, Any]] = [(path, value)]
    while stack:
        path, value = stack.pop()
        if value.__class__ is str:
            yield path, value
        elif value.__class__ is tuple:
            if not (path and path[-1] in model.CITE_FIELDS):
                stack.extend(
                    ((*path, i), value[i])
                    for i in range(len(value) - 1, -1, -1)
                    if isinstance(value[i], _HOLDS_TEXT)
                )
        elif isinstance(value, msgspec.Struct) and not isinstance(value, (Figure, PartialDate)):
            stack.extend(
                ((*path, n), v)
                for n in reversed(value.__struct_fields__)
                if isinstance(v := getattr(value, n), _HOLDS_TEXT)
            )
