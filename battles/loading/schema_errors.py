"""msgspec's validation messages turned into ours: file:line:column, the field path, what
was expected and how to fix it."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

import msgspec

from battles import model
from battles.dates import PartialDate
from battles.errors import DataError, Location
from battles.figures import Figure
from battles.positions import FieldPath, Positions, format_path

if TYPE_CHECKING:
    pass

_AT = re.compile(r" - at `\$([^`]*)`")
_TOKEN = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_TYPE_WORDS = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "nothing",
}


def _parse_path(text: str) -> FieldPath:
    return tuple(name if name else int(index) for name, index in _TOKEN.findall(text))


_UNWRAPPED: dict[Any, list[Any]] = {}


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types behind Optional, Annotated and unions (remembered per type)."""
    try:
        return _UNWRAPPED[tp]
    except (KeyError, TypeError):
        pass
    found = _unwrap_now(tp)
    with contextlib.suppress(TypeError):
        _UNWRAPPED[tp] = found
    return found


def _unwrap_now(tp: Any) -> list[Any]:
    origin = get_origin(tp)
    if origin is Union or (origin is not None and str(origin) == "<class 'types.UnionType'>"):
        return [t for arg in get_args(tp) for t in _unwrap_now(arg)]
    if hasattr(tp, "__metadata__"):  # Annotated
        return _unwrap_now(get_args(tp)[0])
    return [tp]


# Classes whose long form in a file has other keys than the class holds: a figure's and a
# duration's (``value`` is read into low, high and unit).
_AS_WRITTEN: dict[Any, Any] = {Figure: model.FigureSpec, model.Duration: model.DurationSpec}


def _type_at(path: FieldPath, root: Any = None) -> Any:
    """The schema type expected at ``path`` in ``root`` (a record unless given; None when
    the path leaves the schema)."""
    current: Any = model.Record if root is None else root
    for part in path:
        nxt: Any = None
        for tp in _unwrap(current):
            tp = _AS_WRITTEN.get(tp, tp)
            if isinstance(part, str) and isinstance(tp, type) and issubclass(tp, msgspec.Struct):
                info = _struct_fields(tp)
                if part in info:
                    nxt = info[part]
                    break
            elif isinstance(part, int) and get_origin(tp) is tuple:
                nxt = get_args(tp)[0]
                break
        if nxt is None:
            return None
        current = nxt
    return current


def _fields_at(path: FieldPath, root: Any = None) -> list[str]:
    for tp in _unwrap(_type_at(path, root)):
        tp = _AS_WRITTEN.get(tp, tp)
        if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
            return list(_struct_fields(tp))
    return []


def _words(message: str) -> str:
    message = re.sub(
        r"Expected `(\w+)(?: \| null)?`, got `(\w+)`",
        lambda m: f"expected {_TYPE_WORDS.get(m[1], m[1])}, got {_TYPE_WORDS.get(m[2], m[2])}",
        message,
    )
    message = re.sub(
        r"Expected `str` matching regex '\^\[0-9\]\{4\}-[^']*'",
        "expected a day written YYYY-MM-DD (2026-11-30)",
        message,
    )
    message = re.sub(
        r"Expected `(\w+)` matching regex '[^']*'",
        "expected a lowercase id such as 'attack-on-krusevac' (letters, digits and single hyphens)",
        message,
    )
    message = re.sub(
        r"Expected `str` of length <= (\d+)", r"text longer than \1 characters", message
    )
    message = re.sub(
        r"Expected `(\w+)` of length >= (\d+)", r"expected at least \2 entries", message
    )
    message = re.sub(
        r"Invalid enum value ('[^']*'|-?\d+)", r"\1 is not one of the allowed values", message
    )
    return message[:1].lower() + message[1:]


def schema_error(
    exc: msgspec.ValidationError, filename: str, positions: Positions, root: Any = None
) -> DataError:
    """Turn msgspec's message into a located, readable :class:`DataError` (``root``: the
    type the file holds, a record unless given)."""
    root = model.Record if root is None else root
    text = str(exc)
    paths = [_parse_path(p) for p in _AT.findall(text)]
    message = _AT.sub("", text)
    full: FieldPath = ()
    for part in reversed(paths):  # the outermost path comes last
        full += part
    unknown = re.match(r"Object contains unknown field `([^`]*)`", message)
    missing = re.match(r"Object missing required field `([^`]*)`", message)
    if unknown:
        return _unknown_key(unknown[1], full, filename, positions, root)
    if missing:
        return _missing_key(missing[1], full, filename, positions, root)
    hint = _allowed_hint(_type_at(full, root))
    pos = positions.find(full)
    return DataError(_words(message), _loc(filename, pos, format_path(full) or None), hint)


def _unknown_key(
    key: str, path: FieldPath, filename: str, positions: Positions, root: Any
) -> DataError:
    known = _fields_at(path, root)
    import difflib

    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean {close[0]}?" if close else None
    if hint is None and known:
        hint = "known keys: " + ", ".join(known)
    pos = positions.find((*path, key), key=True)
    return DataError(f"unknown key {key!r}", _loc(filename, pos, format_path((*path, key))), hint)


def _missing_key(
    key: str, path: FieldPath, filename: str, positions: Positions, root: Any
) -> DataError:
    allowed = _allowed_hint(_type_at((*path, key), root))
    return DataError(
        f"missing required key {key!r}",
        _loc(filename, positions.find(path), format_path(path) or None),
        allowed,
    )


def _allowed_hint(tp: Any) -> str | None:
    for t in _unwrap(tp):
        if get_origin(t) is not None and str(get_origin(t)) == "typing.Literal":
            return "one of: " + ", ".join(str(a) for a in get_args(t))
    return None


def _loc(filename: str, pos: tuple[int, int] | None, where: str | None) -> Location:
    return Location(filename, pos[0] if pos else None, pos[1] if pos else None, where)


# -- loading ---------------------------------------------------------------------------------


MAX_PROBLEMS = 200  # schema problems listed for one file (each costs a look at the schema)


class RecordErrors(DataError):
    """Every problem found in one file (of the schema's, the first MAX_PROBLEMS); it reads
    as the first, with a count of the rest."""

    def __init__(self, errors: list[DataError], *, capped: bool = False) -> None:
        self.errors = errors
        first = errors[0]
        more = len(errors) - 1
        hint = first.hint
        if more:
            extra = f"and {more} more problem{'s' if more != 1 else ''} in this file"
            if capped:  # the schema's problems stopped at MAX_PROBLEMS
                extra = f"and more than {more} more problems in this file"
            hint = f"{hint}; {extra}" if hint else extra
        super().__init__(first.message, first.location, hint)


def _schema_errors(
    data: Any, tp: Any, path: FieldPath, filename: str, positions: Positions
) -> Iterator[DataError]:
    """Every schema problem, not just the first: msgspec checks each field on its own,
    and mappings and lists of records are walked so that each entry is checked too.
    Figures and dates are not looked at: :func:`prepare` has read (or reported) them."""
    if any(t is Figure or t is PartialDate or t is model.Duration for t in _unwrap(tp)):
        return
    struct = next(
        (t for t in _unwrap(tp) if isinstance(t, type) and issubclass(t, msgspec.Struct)), None
    )
    items = next((t for t in _unwrap(tp) if get_origin(t) is tuple), None)
    if struct is not None and isinstance(data, dict):
        fields = _field_infos(struct)
        for key, value in data.items():
            if key not in fields:
                yield _unknown_key(key, path, filename, positions, model.Record)
            else:
                yield from _schema_errors(
                    value, fields[key].type, (*path, key), filename, positions
                )
        for name, info in fields.items():
            if info.required and name not in data:
                yield _missing_key(name, path, filename, positions, model.Record)
        return
    if items is not None and isinstance(data, list):
        args = get_args(items)
        if len(args) == 2 and args[1] is Ellipsis:
            try:  # the list itself (its length)
                msgspec.convert(data, tp)
            except msgspec.ValidationError as exc:
                if not str(exc).startswith("Expected `array` of length"):
                    for i, item in enumerate(data):
                        yield from _schema_errors(item, args[0], (*path, i), filename, positions)
                    return
                yield _prefixed(exc, path, filename, positions)
            return
    try:
        msgspec.convert(data, tp)
    except msgspec.ValidationError as exc:
        yield _prefixed(exc, path, filename, positions)


def _prefixed(
    exc: msgspec.ValidationError, path: FieldPath, filename: str, positions: Positions
) -> DataError:
    """``exc`` as if it had been raised at ``path`` in the whole record."""
    prefix = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    text = str(exc)
    if " - at `$" in text:
        last = text.rindex(" - at `$")
        text = text[:last] + " - at `" + prefix + text[last + len(" - at `$") :]
    elif path:
        text += f" - at `{prefix}`"
    return schema_error(msgspec.ValidationError(text), filename, positions)


_FIELDS: dict[type, dict[str, Any]] = {}
_INFOS: dict[type, dict[str, Any]] = {}


def _field_infos(struct: type) -> dict[str, Any]:
    """msgspec's FieldInfo of each field, by name (worked out once per class: msgspec
    evaluates the annotations anew on every call, a millisecond a time)."""
    found = _INFOS.get(struct)
    if found is None:
        found = _INFOS[struct] = {f.name: f for f in msgspec.structs.fields(struct)}
    return found


def _struct_fields(struct: type) -> dict[str, Any]:
    found = _FIELDS.get(struct)
    if found is None:
        found = _FIELDS[struct] = {name: f.type for name, f in _field_infos(struct).items()}
    return found


_STEP = re.compile(r"[.\[]")


def _within(field: str | None, reported: set[str | None]) -> bool:
    """Whether ``field`` is one of ``reported`` or inside one of them (``sides[0].x`` is
    inside ``sides[0]`` and ``sides``): a look-up of each of its parents."""
    if field in reported:
        return True
    if not field:
        return None in reported
    return any(field[: m.start()] in reported for m in _STEP.finditer(field))
