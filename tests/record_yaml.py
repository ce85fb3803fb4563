"""Records written back as YAML, in the record format, so that reading them again gives the
same record (a helper of the round-trip tests; the tool itself never writes a record this
way). Figures are written in their long form when they carry more than a value."""

from __future__ import annotations

from typing import Any

import msgspec

from battles import model
from battles.dates import PartialDate
from battles.figures import Figure, format_value


def figure_yaml(fig: Figure) -> Any:
    """A figure in the shortest form that keeps everything it holds."""
    value = format_value(fig) if fig.low is not None or not (fig.parts or fig.estimates) else None
    if not (
        fig.text or fig.source or fig.note or fig.parts or fig.estimates or fig.scope or fig.counts
    ):
        return value
    out: dict[str, Any] = {}
    if fig.low is not None and not fig.parts:
        out["value"] = value
    if fig.parts and fig.low is not None and fig.stated:
        out["value"] = value
    if fig.text:
        out["text"] = fig.text
    if fig.source:
        out["source"] = list(fig.source)
    if fig.note:
        out["note"] = fig.note
    if fig.scope:
        out["scope"] = fig.scope
    if fig.counts:
        out["counts"] = fig.counts
    if fig.parts:
        out["parts"] = [{"label": p.label, "value": figure_yaml(p.figure)} for p in fig.parts]
    if fig.estimates:
        out["estimates"] = [_as_mapping(figure_yaml(e)) for e in fig.estimates]
    return out


def _as_mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {"value": value}


def plain(value: Any) -> Any:
    """A record (or any part of one) as YAML-ready data, leaving out fields at their default."""
    if isinstance(value, Figure):
        return figure_yaml(value)
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, msgspec.Struct):
        out: dict[str, Any] = {}
        defaults = {f.name: f.default for f in msgspec.structs.fields(value) if not f.required}
        for name in value.__struct_fields__:
            item = getattr(value, name)
            if name in defaults and item == defaults[name]:
                continue
            out[name] = plain(item)
        return out
    if isinstance(value, tuple):
        return [plain(item) for item in value]
    return value


def to_yaml(record: model.Record) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(
        plain(record), Dumper=dumper, sort_keys=False, allow_unicode=True, width=96
    )
    return text
