"""Reading records from files and directories into a :class:`Dataset`.

Each problem becomes a :class:`~battles.errors.DataError` naming file:line:column, the field
path and what was expected. One bad file never hides the good ones: the dataset keeps every
record that loaded and the problems of those that did not.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import msgspec

from battles import model
from battles.dates import PartialDate, parse_date
from battles.errors import DataError, DateError, FigureError, Location
from battles.figures import Figure, parse_figure
from battles.yamlsrc import Path as FieldPath
from battles.yamlsrc import Positions, decode, format_path, parse

YAML_SUFFIXES = (".yaml", ".yml")
ENV_DATA = "BATTLES_DATA"


def bundled_data_dir() -> Path:
    """The records that ship with the tool: inside the installed package, or the checkout's."""
    here = Path(__file__).resolve().parent
    installed = here / "data"
    return installed if installed.is_dir() else here.parent / "data"


def data_dirs(cli_dirs: Sequence[Path] = (), environ: dict[str, str] | None = None) -> list[Path]:
    """Where records come from: ``--data-dir`` if given, else ``BATTLES_DATA``, else the
    bundled data. Each replaces the bundled records rather than adding to them."""
    if cli_dirs:
        return list(cli_dirs)
    env = (os.environ if environ is None else environ).get(ENV_DATA, "")
    paths = [Path(p) for p in env.split(os.pathsep) if p]
    return paths or [bundled_data_dir()]


@dataclass(frozen=True)
class Loaded:
    """A record with the file it came from and where each of its values is."""

    record: model.Record
    path: Path
    positions: Positions

    def location(self, path: FieldPath, *, key: bool = False) -> Location:
        pos = self.positions.find(path, key=key)
        return Location(
            str(self.path),
            pos[0] if pos else None,
            pos[1] if pos else None,
            format_path(path) or None,
        )


@dataclass
class Dataset:
    records: list[Loaded] = field(default_factory=list)
    problems: list[DataError] = field(default_factory=list)  # files that did not load
    skipped: list[Path] = field(default_factory=list)  # files that are not YAML

    def by_id(self) -> dict[str, Loaded]:
        return {entry.record.key: entry for entry in self.records}


# -- from msgspec's message to ours ------------------------------------------------------

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


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types behind Optional, Annotated and unions."""
    origin = get_origin(tp)
    if origin is Union or (origin is not None and str(origin) == "<class 'types.UnionType'>"):
        return [t for arg in get_args(tp) for t in _unwrap(arg)]
    if hasattr(tp, "__metadata__"):  # Annotated
        return _unwrap(get_args(tp)[0])
    return [tp]


def _type_at(path: FieldPath) -> Any:
    """The schema type expected at ``path`` (None when the path leaves the schema)."""
    current: Any = model.Record
    for part in path:
        nxt: Any = None
        for tp in _unwrap(current):
            if tp is Figure:
                tp = model.FigureSpec
            if isinstance(part, str) and isinstance(tp, type) and issubclass(tp, msgspec.Struct):
                info = {f.name: f.type for f in msgspec.structs.fields(tp)}
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


def _fields_at(path: FieldPath) -> list[str]:
    for tp in _unwrap(_type_at(path)):
        if tp is Figure:
            tp = model.FigureSpec
        if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
            return [f.name for f in msgspec.structs.fields(tp)]
    return []


def _words(message: str) -> str:
    message = re.sub(
        r"Expected `(\w+)`, got `(\w+)`",
        lambda m: f"expected {_TYPE_WORDS.get(m[1], m[1])}, got {_TYPE_WORDS.get(m[2], m[2])}",
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
        r"Invalid enum value ('[^']*')", r"\1 is not one of the allowed values", message
    )
    return message[:1].lower() + message[1:]


def schema_error(exc: msgspec.ValidationError, filename: str, positions: Positions) -> DataError:
    """Turn msgspec's message into a located, readable :class:`DataError`."""
    text = str(exc)
    paths = [_parse_path(p) for p in _AT.findall(text)]
    message = _AT.sub("", text)
    full: FieldPath = ()
    for part in reversed(paths):  # the outermost path comes last
        full += part
    unknown = re.match(r"Object contains unknown field `([^`]*)`", message)
    missing = re.match(r"Object missing required field `([^`]*)`", message)
    if unknown:
        return _unknown_key(unknown[1], full, filename, positions)
    if missing:
        return _missing_key(missing[1], full, filename, positions)
    hint = _allowed_hint(_type_at(full))
    pos = positions.find(full)
    return DataError(_words(message), _loc(filename, pos, format_path(full) or None), hint)


def _unknown_key(key: str, path: FieldPath, filename: str, positions: Positions) -> DataError:
    known = _fields_at(path)
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean {close[0]}?" if close else None
    if hint is None and known:
        hint = "known keys: " + ", ".join(known)
    pos = positions.find((*path, key), key=True)
    return DataError(f"unknown key {key!r}", _loc(filename, pos, format_path((*path, key))), hint)


def _missing_key(key: str, path: FieldPath, filename: str, positions: Positions) -> DataError:
    allowed = _allowed_hint(_type_at((*path, key)))
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


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it, as a user typed it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


def load_file(path: Path) -> Loaded:
    """Load one record; raises :class:`DataError` on the first problem in the file."""
    filename = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read the file: {exc.strerror}", Location(filename)) from None
    data, positions = parse(decode(raw, filename), filename)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise DataError(
            f"a record must be a mapping of keys, but this file holds {kind}",
            Location(filename, 1, 1),
            "start with 'schema_version: 1' and 'name:'",
        )
    problems: list[DataError] = []
    data = prepare(data, model.Record, (), Context(filename, positions, problems))
    try:
        record = msgspec.convert(data, model.Record)
    except msgspec.ValidationError as exc:
        if not problems:
            problems = list(_schema_errors(data, model.Record, (), filename, positions)) or [
                schema_error(exc, filename, positions)
            ]
        else:  # keep msgspec's other findings, not its view of the values already reported
            reported = {e.location.field for e in problems}
            problems += [
                e
                for e in _schema_errors(data, model.Record, (), filename, positions)
                if not any(_under(e.location.field, r) for r in reported)
            ]
    if problems:
        problems.sort(key=lambda e: (e.location.line or 0, e.location.column or 0))
        raise RecordErrors(problems)
    if record.id is None:
        record = msgspec.structs.replace(record, id=slug(path.stem))
    entry = Loaded(record, Path(filename), positions)
    errors = list(_reference_errors(entry))
    if errors:
        raise RecordErrors(errors)
    return entry


class RecordErrors(DataError):
    """Every problem found in one file; it reads as the first, with a count of the rest."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = errors
        first = errors[0]
        more = len(errors) - 1
        hint = first.hint
        if more:
            extra = f"and {more} more problem{'s' if more != 1 else ''} in this file"
            hint = f"{hint}; {extra}" if hint else extra
        super().__init__(first.message, first.location, hint)


def _schema_errors(
    data: Any, tp: Any, path: FieldPath, filename: str, positions: Positions
) -> Iterator[DataError]:
    """Every schema problem, not just the first: msgspec checks each field on its own,
    and mappings and lists of records are walked so that each entry is checked too.
    Figures and dates are not looked at: :func:`prepare` has read (or reported) them."""
    if any(t is Figure or t is PartialDate for t in _unwrap(tp)):
        return
    struct = next(
        (t for t in _unwrap(tp) if isinstance(t, type) and issubclass(t, msgspec.Struct)), None
    )
    items = next((t for t in _unwrap(tp) if get_origin(t) is tuple), None)
    if struct is not None and isinstance(data, dict):
        fields = {f.name: f for f in msgspec.structs.fields(struct)}
        for key, value in data.items():
            if key not in fields:
                yield _unknown_key(key, path, filename, positions)
            else:
                yield from _schema_errors(
                    value, fields[key].type, (*path, key), filename, positions
                )
        for name, info in fields.items():
            if info.required and name not in data:
                yield _missing_key(name, path, filename, positions)
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


def _reference_errors(entry: Loaded) -> Iterator[DataError]:
    """Cross-references inside one record: sources, sides, and dates in order."""
    record = entry.record
    sources = {s.id for s in record.sources}
    side_ids = [s.id for s in record.sides]
    for i, side_id in enumerate(side_ids):
        if side_ids.index(side_id) != i:
            yield DataError(
                f"two sides share the id {side_id!r}",
                entry.location(("sides", i, "id")),
                "give each side its own id",
            )
    for where, value in walk(record):
        refs: tuple[str, ...] = ()
        if where and where[-1] in model.CITE_FIELDS:
            refs = value
        elif isinstance(value, Figure):
            refs = tuple(_figure_sources(value))
        if refs:
            for ref in refs:
                if ref not in sources:
                    close = difflib.get_close_matches(ref, sorted(sources), n=1)
                    hint = (
                        f"did you mean {close[0]}?"
                        if close
                        else ("add it under sources: with an id, a title and a url or file")
                    )
                    yield DataError(
                        f"cites {ref!r}, which is not in the record's sources",
                        entry.location(where),
                        hint,
                    )
        elif (
            isinstance(value, (model.PhaseSide, model.Event))
            and value.side is not None
            and value.side not in side_ids
        ):
            yield DataError(
                f"names side {value.side!r}, which the record does not have",
                entry.location((*where, "side")),
                "one of: " + ", ".join(side_ids),
            )
        if isinstance(value, (model.Record, model.Phase, model.Event, model.DateEstimate)):
            start = value.start if not isinstance(value, model.Event) else value.date
            if (
                start is not None
                and value.end is not None
                and value.end.last_day() < start.first_day()
            ):
                yield DataError(
                    f"ends ({value.end}) before it starts ({start})",
                    entry.location((*where, "end")),
                    "swap the dates",
                )


def _figure_sources(fig: Figure) -> Iterator[str]:
    yield from fig.source
    for part in fig.parts:
        yield from _figure_sources(part.figure)
    for estimate in fig.estimates:
        yield from _figure_sources(estimate)


def walk(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    """Every value in a record with its field path, parents before children. Figures, dates
    and lists of source ids are single values."""
    yield path, value
    if isinstance(value, (Figure, PartialDate)):
        return
    if isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            yield from walk(getattr(value, name), (*path, name))
    elif isinstance(value, tuple) and not (path and path[-1] in model.CITE_FIELDS):
        for i, item in enumerate(value):
            yield from walk(item, (*path, i))


# -- reading figures, dates and citations before msgspec checks the rest -------------------------


@dataclass
class Context:
    filename: str
    positions: Positions
    problems: list[DataError]

    def fail(self, path: FieldPath, message: str, hint: str | None = None) -> None:
        pos = self.positions.find(path)
        self.problems.append(DataError(message, _loc(self.filename, pos, format_path(path)), hint))


def _is_cites(tp: Any) -> bool:
    metadata = getattr(tp, "__metadata__", ())
    return any(model.CITES_MARK in (getattr(m, "extra", None) or {}) for m in metadata)


def prepare(data: Any, tp: Any, path: FieldPath, ctx: Context) -> Any:
    """Turn the short and long forms of figures, dates and citations into their objects,
    guided by the schema type expected at ``path``; everything else is left for msgspec.
    Problems are added to ``ctx`` with their position; the bad value is left in place."""
    if data is None:
        return None
    if _is_cites(tp):
        return [data] if isinstance(data, str) else data
    types = _unwrap(tp)
    if Figure in types:
        return _prepare_figure(data, path, ctx)
    if PartialDate in types:
        try:
            return parse_date(data)
        except DateError as exc:
            ctx.fail(path, str(exc))
            return data
    for t in types:
        if isinstance(t, type) and issubclass(t, msgspec.Struct) and isinstance(data, dict):
            fields = _struct_fields(t)
            return {
                key: prepare(value, fields[key], (*path, key), ctx) if key in fields else value
                for key, value in data.items()
            }
        if get_origin(t) is tuple and isinstance(data, list):
            item = get_args(t)[0]
            return [prepare(value, item, (*path, i), ctx) for i, value in enumerate(data)]
    return data


def _prepare_figure(data: Any, path: FieldPath, ctx: Context) -> Any:
    if not isinstance(data, dict):
        try:
            return parse_figure(data)
        except FigureError as exc:
            ctx.fail(path, str(exc))
            return data
    before = len(ctx.problems)
    spec_data = prepare(data, model.FigureSpec, path, ctx)
    if len(ctx.problems) > before:
        return data
    try:
        spec = msgspec.convert(spec_data, model.FigureSpec)
    except msgspec.ValidationError:
        ctx.problems.extend(
            _schema_errors(spec_data, model.FigureSpec, path, ctx.filename, ctx.positions)
        )
        return data
    return model.figure_from_spec(spec)


_FIELDS: dict[type, dict[str, Any]] = {}


def _struct_fields(struct: type) -> dict[str, Any]:
    found = _FIELDS.get(struct)
    if found is None:
        found = _FIELDS[struct] = {f.name: f.type for f in msgspec.structs.fields(struct)}
    return found


def _under(field: str | None, parent: str | None) -> bool:
    if not field or not parent:
        return field == parent
    return field == parent or field.startswith((parent + ".", parent + "["))


def record_files(directory: Path) -> tuple[list[Path], list[Path]]:
    """The YAML files of a directory (sorted), and the other files it skips."""
    if not directory.exists():
        raise DataError(
            "the data directory does not exist",
            Location(str(directory)),
            "check --data-dir or BATTLES_DATA",
        )
    if not directory.is_dir():
        if directory.suffix in YAML_SUFFIXES:
            return [directory], []
        raise DataError("not a directory or a .yaml file", Location(str(directory)))
    try:
        names = sorted(directory.iterdir())
    except OSError as exc:
        raise DataError(
            f"cannot read the directory: {exc.strerror}", Location(str(directory))
        ) from None
    files = [p for p in names if p.suffix in YAML_SUFFIXES and not p.name.startswith(".")]
    skipped = [p for p in names if p not in files and not p.name.startswith(".")]
    return files, skipped


def load(paths: Sequence[Path]) -> Dataset:
    """Load every record under ``paths``; keep going past bad files."""
    dataset = Dataset()
    owners: dict[str, Path] = {}
    for directory in paths:
        files, skipped = record_files(directory)
        dataset.skipped.extend(skipped)
        for path in files:
            try:
                entry = load_file(path)
                _claim_names(entry, owners)
            except DataError as exc:
                dataset.problems.append(exc)
                continue
            dataset.records.append(entry)
    return dataset


def _claim_names(entry: Loaded, owners: dict[str, Path]) -> None:
    """Ids and aliases are unique across files: what a user types must find one record."""
    record = entry.record
    names: list[tuple[str, FieldPath]] = [(record.key, ("id",))]
    names += [(alias, ("aliases", i)) for i, alias in enumerate(record.aliases)]
    claimed: dict[str, Path] = {}
    for name, where in names:
        key = normalise(name)
        owner = owners.get(key)
        if owner is not None and owner != entry.path:
            raise DataError(
                f"{name!r} is already the id or an alias of {owner}",
                entry.location(where),
                "ids and aliases must be unique",
            )
        claimed[key] = entry.path
    owners.update(claimed)


def normalise(text: str) -> str:
    """What lookups compare: no accents, no case, spaces/hyphens/underscores alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("đ", "dj").replace("ł", "l").replace("ø", "o")
    return re.sub(r"[\s_\-–—]+", " ", plain).strip()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-")
