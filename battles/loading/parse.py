"""One record file to a :class:`~battles.model.Record`: YAML, the short forms of figures,
dates and citations, then msgspec's conversion and the checks of one record."""

from __future__ import annotations

import contextlib
import itertools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_origin

import msgspec

from battles import model
from battles.dates import PartialDate, parse_date, parse_duration
from battles.errors import DataError, DateError, FigureError, Location
from battles.figures import Figure, parse_figure
from battles.loading.checks import _reference_errors, _v2_errors
from battles.loading.dataset import HeldRecord, Loaded
from battles.loading.schema_errors import (
    MAX_PROBLEMS,
    RecordErrors,
    _loc,
    _schema_errors,
    _struct_fields,
    _unwrap,
    _within,
    schema_error,
)
from battles.loading.sources import display_path, read_bytes
from battles.positions import FieldPath, Positions, format_path
from battles.text import slug, transliterate

if TYPE_CHECKING:
    pass


def load_file(
    path: Path, *, positions: bool = False, shown: str | None = None, inside: str | None = None
) -> Loaded:
    """Load one record; raises :class:`DataError` (or :class:`RecordErrors`, with every
    problem in the file) naming file, line, column and field.

    Positions are kept only when asked for (``validate`` needs them for its warnings); a
    file with a problem is parsed again with positions so the message can say where. With
    ``inside`` (a resolved directory), a symbolic link is followed only when it leads to a
    file inside it (see :func:`read_bytes`).
    """
    filename = display_path(path) if shown is None else shown
    return load_bytes(read_bytes(path, filename, inside), path, filename, positions=positions)


def load_bytes(raw: bytes, path: Path, filename: str, *, positions: bool = False) -> Loaded:
    """A record from the bytes of its file (see :func:`load_file`)."""
    from battles.loading.yamlsrc import decode

    text = decode(raw, filename)
    if not positions:
        try:
            return _load(text, path, filename, positions=False)
        except DataError:
            pass  # parse it again, keeping positions, to say where the problem is
    loaded = _load(text, path, filename, positions=True)
    if "# CHECK:" in text:
        loaded.checks = _draft_checks(text)
    return loaded


def _draft_checks(text: str) -> tuple[tuple[int, int, str], ...]:
    """The ``# CHECK:`` comments ``battles draft`` leaves: line, column and reason."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        at = line.find("# CHECK:")
        if at >= 0:
            found.append((number, at + 1, line[at + len("# CHECK:") :].strip()))
    return tuple(found)


def _load(text: str, path: Path, filename: str, *, positions: bool) -> Loaded:
    from battles.loading.yamlsrc import parse

    data, where = parse(text, filename, positions=positions)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise DataError(
            f"a record must be a mapping of keys, but this file holds {kind}",
            Location(filename, 1, 1),
            "start with 'schema_version: 1' and 'name:'",
        )
    if data and not any(key in _struct_fields(model.Record) for key in data):
        # Not a record at all (a file a link led to...): say so, quoting none of it.
        raise DataError(
            "this is not a record: none of its top-level keys is one of the record format",
            Location(filename, 1, 1),
            "a record starts with 'schema_version: 1' and 'name:'",
        )
    problems: list[DataError] = []
    capped = False
    version = data.get("schema_version")
    # A record of schema version 1 keeps to its forms; one whose version is missing or wrong
    # is reported by msgspec, and its dates are read as version 2 reads them.
    ctx = Context(filename, where, problems, version=1 if version == 1 else 2)
    data = prepare(data, model.Record, (), ctx)
    try:
        record = msgspec.convert(data, model.Record)
    except msgspec.ValidationError as exc:
        found = list(
            itertools.islice(
                _schema_errors(data, model.Record, (), filename, where), MAX_PROBLEMS + 1
            )
        )
        capped = len(found) > MAX_PROBLEMS
        del found[MAX_PROBLEMS:]
        if not problems:
            problems = found or [schema_error(exc, filename, where)]
        else:  # keep msgspec's other findings, not its view of the values already reported
            reported = {e.location.field for e in problems}
            problems += [e for e in found if not _within(e.location.field, reported)]
    if problems:
        problems.sort(key=lambda e: (e.location.line or 0, e.location.column or 0))
        raise RecordErrors(problems, capped=capped)
    if record.id is None:
        key = slug(transliterate(path.stem))
        if not key:
            raise DataError(
                "the record has no id, and its file name has no letters to make one from",
                Location(filename, 1, 1),
                "add a line 'id: some-name' (lowercase letters, digits and hyphens)",
            )
        record = msgspec.structs.replace(record, id=key)
    errors = list(_reference_errors(record, ctx))
    errors += _v2_errors(record, ctx)
    if errors:
        errors.sort(key=lambda e: (e.location.line or 0, e.location.column or 0))
        raise RecordErrors(errors)
    return Loaded(HeldRecord(record), Path(filename), where)


# -- reading figures, dates and citations before msgspec checks the rest -------------------------


class Context(msgspec.Struct):
    """What :func:`prepare` found on its way: problems, and the references to check."""

    filename: str
    positions: Positions
    problems: list[DataError]
    cites: list[tuple[FieldPath, str]] = msgspec.field(default_factory=list)
    sides: list[tuple[FieldPath, str]] = msgspec.field(default_factory=list)
    version: int = 2  # the record's schema_version: 1 keeps to the forms of version 1

    def error(self, path: FieldPath, message: str, hint: str | None = None) -> DataError:
        pos = self.positions.find(path)
        return DataError(message, _loc(self.filename, pos, format_path(path)), hint)

    def fail(self, path: FieldPath, message: str, hint: str | None = None) -> None:
        self.problems.append(self.error(path, message, hint))


def _is_cites(tp: Any) -> bool:
    metadata = getattr(tp, "__metadata__", ())
    return any(model.CITES_MARK in (getattr(m, "extra", None) or {}) for m in metadata)


Plan = tuple[str, Any]  # what prepare does with a value (see _plan), and what it needs for it
_PLANS: dict[Any, Plan] = {}


def _plan(tp: Any) -> Plan:
    """What :func:`prepare` does with a value of type ``tp`` (worked out once per type): a
    list's plan holds its items' plan, a struct's its fields (see :func:`_active`)."""
    try:
        return _PLANS[tp]
    except (KeyError, TypeError):
        pass
    types = _unwrap(tp)
    plan: Plan = ("keep", None)
    if _is_cites(tp):
        plan = ("cites", None)
    elif Figure in types:
        plan = ("figure", None)
    elif PartialDate in types:
        plan = ("date", None)
    elif model.Duration in types:
        plan = ("duration", None)
    else:
        for t in types:
            if isinstance(t, type) and issubclass(t, msgspec.Struct):
                fields = _struct_fields(t)
                if t in model.SHORT_FIELD or t is model.Distance:
                    plan = ("short", (fields, t))
                else:
                    plan = ("struct", fields)
                break
            if get_origin(t) is tuple:
                item = get_args(t)[0]
                item_plan = _plan(item)
                if item_plan[0] != "keep":  # a list of plain values is kept as it is
                    plan = ("tuple", (item, item_plan))
                break
    with contextlib.suppress(TypeError):
        _PLANS[tp] = plan
    return plan


Active = tuple[dict[str, Plan], bool, bool, bool]
_ACTIVE: dict[int, tuple[dict[str, Any], Active]] = {}


def _active(fields: dict[str, Any]) -> Active:
    """The fields of a struct (as :func:`_struct_fields` gives them) whose values
    :func:`prepare` changes or looks into, with their plans: those whose plan is not to keep
    the value (looked up by the fields' identity: hashing a type of ``typing`` runs Python
    code, and a record has thousands of values); then whether the struct is a source (its
    page and row may be whole numbers), names a side, and has an end to check."""
    try:
        kept, active = _ACTIVE[id(fields)]
        if kept is fields:
            return active
    except KeyError:
        pass
    plans = {key: _plan(tp) for key, tp in fields.items()}
    active = (
        {key: plan for key, plan in plans.items() if plan[0] != "keep"},
        "publisher" in fields and "title" in fields,
        "side" in fields,
        "end" in fields,
    )
    _ACTIVE[id(fields)] = (fields, active)  # the fields kept alive: their id stays theirs
    return active


def prepare(data: Any, tp: Any, path: FieldPath, ctx: Context) -> Any:
    """Turn the short and long forms of figures, dates and citations into their objects,
    guided by the schema type expected at ``path``; everything else is left for msgspec.
    Problems are added to ``ctx`` with their position; the bad value is left in place."""
    return _prepare(data, _plan(tp), path, ctx)


def _prepare(data: Any, plan: Plan, path: FieldPath, ctx: Context) -> Any:
    """:func:`prepare` with the type's plan at hand."""
    if data is None:
        return None
    action, detail = plan
    if action == "short":
        detail, struct = detail
        data = _short_form(data, struct, path, ctx)
        action = "struct"
    if action == "struct":
        if not isinstance(data, dict):
            return data
        # Only the fields with something to do are visited (most hold plain text).
        active, source, sided, dated = _active(detail)
        if source:
            data = _source_numbers(data)
        result = {
            key: _prepare(value, active[key], (*path, key), ctx) if key in active else value
            for key, value in data.items()
        }
        if sided:
            side = result.get("side")
            if isinstance(side, str):  # an event's or a phase's side
                ctx.sides.append(((*path, "side"), side))
        if dated:
            start = result.get("start", result.get("date"))
            end = result.get("end")
            if (
                isinstance(start, PartialDate)
                and isinstance(end, PartialDate)
                and end.last_day() < start.first_day()
            ):
                ctx.fail(
                    (*path, "end"), f"ends ({end}) before it starts ({start})", "swap the dates"
                )
        return result
    if action == "tuple":
        item, item_plan = detail
        if item is model.Distance and isinstance(data, (str, dict)):
            data = [data]  # one width for the whole front
        if isinstance(data, list):
            return [_prepare(value, item_plan, (*path, i), ctx) for i, value in enumerate(data)]
        return data
    if action == "figure":
        return _prepare_figure(data, path, ctx)
    if action == "date":
        try:
            return parse_date(data, ctx.version)
        except DateError as exc:
            ctx.fail(path, str(exc))
            return data
    if action == "duration":
        return _prepare_duration(data, path, ctx)
    if action == "cites":
        refs = [data] if isinstance(data, str) else data
        if isinstance(refs, list):
            ctx.cites += [(path, ref) for ref in refs if isinstance(ref, str)]
        return refs
    return data


_AS_TEXT = ("page", "row")


def _source_numbers(data: dict[str, Any]) -> dict[str, Any]:
    """A source's page or row given as a whole number (``page: 112``, ``row: 7``) is read
    as its text."""
    if not any(type(data.get(key)) is int for key in _AS_TEXT):
        return data
    return {k: str(v) if k in _AS_TEXT and type(v) is int else v for k, v in data.items()}


_DISTANCE = re.compile(r"\s*([0-9]{1,6}(?:\.[0-9]{1,3})?)\s*(km|mi|m)\s*\Z")


def _short_form(data: Any, struct: type, path: FieldPath, ctx: Context) -> Any:
    """A value of schema version 2 written in its short form, as its long form: a word or a
    list of words (``terrain: [rugged, wooded]``), a side id (``surprise: germans``), a
    place's other name as text, a distance as ``3.7 km``, a posture as text."""
    if isinstance(data, dict):
        value = data.get("value")
        if struct is model.SeasonCondition and isinstance(value, str):
            data = {**data, "value": model.SEASON_WORDS.get(value, value)}
        elif struct in model.SHORT_FIELD and isinstance(value, str):
            wanted = _struct_fields(struct)[model.SHORT_FIELD[struct]]
            if any(get_origin(t) is tuple for t in _unwrap(wanted)):
                data = {**data, "value": [value]}  # one word of a list
        return data
    if struct is model.Distance:
        match = _DISTANCE.match(data) if isinstance(data, str) else None
        if match is None:
            ctx.fail(path, "expected a distance such as '3.7 km' (km, mi or m), or its long form")
            return data
        return {"value": float(match[1]), "unit": match[2]}
    if struct is model.PostureCondition and isinstance(data, str):
        return {"text": data}
    field = model.SHORT_FIELD[struct]
    if struct is model.SeasonCondition and isinstance(data, str):
        data = model.SEASON_WORDS.get(data, data)
    wanted = _struct_fields(struct)[field]
    if any(get_origin(t) is tuple for t in _unwrap(wanted)) and not isinstance(data, list):
        data = [data]
    return {field: data}


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
    try:
        return model.figure_from_spec(spec)
    except FigureError as exc:
        ctx.fail((*path, "error") if spec.error is not None else path, str(exc))
        return data


def _prepare_duration(data: Any, path: FieldPath, ctx: Context) -> Any:
    """``duration: 3 days`` or ``{value: 3 days, text, note, source}`` (schema version 2)."""
    if ctx.version == 1:
        ctx.fail(
            path,
            "the key 'duration' needs schema_version: 2, and this record says schema_version: 1",
            "change the record to schema_version: 2",
        )
        return data
    long = isinstance(data, dict)
    before = len(ctx.problems)
    spec_data = prepare(data if long else {"value": data}, model.DurationSpec, path, ctx)
    if len(ctx.problems) > before:
        return data
    try:
        spec = msgspec.convert(spec_data, model.DurationSpec)
    except msgspec.ValidationError:
        if not long:  # not text: say what a duration is
            ctx.fail(path, f"expected a duration such as 3 days, got {type(data).__name__}")
        else:
            ctx.problems.extend(
                _schema_errors(spec_data, model.DurationSpec, path, ctx.filename, ctx.positions)
            )
        return data
    try:
        low, high, unit = parse_duration(spec.value)
    except DateError as exc:
        ctx.fail((*path, "value") if long else path, str(exc))
        return data
    return model.Duration(
        low=low,
        high=high,
        unit=unit,
        text=spec.text,
        note=spec.note,
        source=spec.source,
    )
