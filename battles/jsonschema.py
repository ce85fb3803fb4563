"""The JSON Schema of the record format, generated from the record classes."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from battles import model
from battles.figures import band_schema_pattern, schema_pattern

FIGURE_SHORT = schema_pattern()  # the parser's own grammar (see battles.figures)
DATE = r"^\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$"


FIGURE_SCHEMA: dict[str, Any] = {
    "description": "A figure: 550, 16-20, ~200, >23, unknown, or the long form.",
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": FIGURE_SHORT},
        {"$ref": "#/$defs/FigureSpec"},
    ],
}
# Schema version 2's forms, loosely: the loader's parser says exactly what it reads.
DATE_V2 = r"^[0-9A-Za-z .,:\-–]{1,80}$"
DATE_SCHEMA: dict[str, Any] = {
    "description": "A date with its precision: YYYY-MM-DD, YYYY-MM or YYYY; with "
    "schema_version 2 also 490 BC, 15 March 44 BC, AD 9, c. 1200, late September 1941, "
    "early 1863, end of 1863, spring 1863, 1860s, 5th century BC, 1941-09-23 05:30.",
    "anyOf": [
        {"type": "string", "pattern": DATE},
        {"type": "string", "pattern": DATE_V2},
        {"type": "integer"},
    ],
}
DURATION = r"^\s*[0-9]+(\.[0-9]+)?(\s*(-|–|to)\s*[0-9]+(\.[0-9]+)?)?\s*[A-Za-z]+\s*$"
DURATION_SCHEMA: dict[str, Any] = {
    "description": "How long the active fighting lasted (schema_version 2): 3 days, "
    "14 hours, 2.5 days, 2-3 days (minutes, hours, days or weeks), or the long form.",
    "anyOf": [{"type": "string", "pattern": DURATION}, {"$ref": "#/$defs/DurationSpec"}],
}


def _rewrite(node: Any) -> Any:
    """Figures and dates are written in their short forms, and a citation may be one id:
    the schema says so where the classes say how they are held in memory."""
    if isinstance(node, dict):
        if node.get("$ref") == "#/$defs/Figure":
            return FIGURE_SCHEMA
        if node.get("$ref") == "#/$defs/PartialDate":
            return DATE_SCHEMA
        if node.get("$ref") == "#/$defs/Duration":
            return DURATION_SCHEMA
        if node.pop("x-battles-cites", False):
            items = _rewrite(node["items"])
            return {
                "description": "The id of a source in the record's sources, or a list of them.",
                "anyOf": [items, {"type": "array", "items": items}],
            }
        return {key: _rewrite(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    return node


DISTANCE_PATTERN = r"^\s*[0-9]{1,6}(?:\.[0-9]{1,3})?\s*(?:km|mi|m)\s*$"


def _short_forms(defs: dict[str, Any]) -> None:
    """Schema version 2's short forms: where a class with one is referred to, its plain
    value (a word, a list of words, a side id, a place's name, ``3.7 km``) is allowed too;
    a list of distances may be one distance."""
    short: dict[str, Any] = {}
    season = defs["SeasonCondition"]["properties"]["value"]["anyOf"][0]["enum"]
    season.extend(model.SEASON_WORDS)  # "fall" is read as autumn
    for struct, field in model.SHORT_FIELD.items():
        properties = defs[struct.__name__]["properties"]
        node = properties[field]
        options = [node["items"], node] if node.get("type") == "array" else [node]
        if node.get("type") == "array" and struct is not model.PostureCondition:
            properties[field] = {"anyOf": [node["items"], node]}  # one word of a list
        if struct is model.PostureCondition:
            options = [{"type": "string", "minLength": 1}, node]
        short[struct.__name__] = options
    short["Distance"] = [{"type": "string", "pattern": DISTANCE_PATTERN}]

    def widen(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            name = ref.rsplit("/", 1)[-1] if ref.startswith("#/$defs/") else None
            if name in short:
                return {"anyOf": [*short[name], node]}
            return {key: widen(value) for key, value in node.items()}
        if isinstance(node, list):
            return [widen(item) for item in node]
        return node

    for name in list(defs):
        defs[name] = widen(defs[name])
    conditions = defs["Conditions"]["properties"]
    for key in ("front_width", "distance_advanced"):
        listed = conditions[key]
        conditions[key] = {"anyOf": [listed["items"], listed]}
    defs["FigureSpec"]["properties"]["error"] = {
        "description": "The value's error band: 10%, 500, ±10% or +33%/-3%.",
        "anyOf": [
            {"type": "integer", "minimum": 0},
            {"type": "string", "pattern": band_schema_pattern()},
        ],
    }


def record_schema() -> str:
    (record_ref, _, _), defs = msgspec.json.schema_components(
        [model.Record, model.FigureSpec, model.DurationSpec], ref_template="#/$defs/{name}"
    )
    for internal in ("Figure", "Part", "PartialDate", "Duration"):
        defs.pop(internal, None)
    _short_forms(defs)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "battles record, schema version 1 or 2",
        **record_ref,
        "$defs": _rewrite(defs),
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
