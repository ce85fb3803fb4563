"""The JSON Schema of the record format, generated from the record classes."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from battles import model
from battles.figures import SCHEMA_PATTERN

FIGURE_SHORT = SCHEMA_PATTERN  # the parser's own grammar (see battles.figures)
DATE = r"^\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$"


FIGURE_SCHEMA: dict[str, Any] = {
    "description": "A figure: 550, 16-20, ~200, >23, unknown, or the long form.",
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": FIGURE_SHORT},
        {"$ref": "#/$defs/FigureSpec"},
    ],
}
DATE_SCHEMA: dict[str, Any] = {
    "description": "A date with its precision: YYYY-MM-DD, YYYY-MM or YYYY.",
    "anyOf": [{"type": "string", "pattern": DATE}, {"type": "integer"}],
}


def _rewrite(node: Any) -> Any:
    """Figures and dates are written in their short forms, and a citation may be one id:
    the schema says so where the classes say how they are held in memory."""
    if isinstance(node, dict):
        if node.get("$ref") == "#/$defs/Figure":
            return FIGURE_SCHEMA
        if node.get("$ref") == "#/$defs/PartialDate":
            return DATE_SCHEMA
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


def record_schema() -> str:
    (record_ref, _), defs = msgspec.json.schema_components(
        [model.Record, model.FigureSpec], ref_template="#/$defs/{name}"
    )
    for internal in ("Figure", "Part", "PartialDate"):
        defs.pop(internal, None)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "battles record, schema version 1",
        **record_ref,
        "$defs": _rewrite(defs),
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
