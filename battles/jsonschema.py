"""The JSON Schema of the record format, generated from the record classes."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from battles import model
from battles.dates import PartialDate
from battles.figures import Figure

FIGURE_SHORT = (
    r"^\s*(?:(?:~|c\.|ca\.|circa|about|around|approximately|approx\.|some)\s*)?"
    r"(?:(?:more\s+than|over|>|at\s+least|>=|≥)\s*)?"
    r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\s*(?:-|–|—|to)\s*(?:\d{1,3}(?:,\d{3})+|\d+))?\s*\+?\s*$"
    r"|^(?:[Uu]nknown|\?|not stated)$"
)
DATE = r"^\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$"


def _hook(tp: type) -> dict[str, Any]:
    if tp is Figure:
        return {
            "description": "A figure: 550, 16-20, ~200, >23, unknown, or the long form.",
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": FIGURE_SHORT},
                {"$ref": "#/$defs/FigureSpec"},
            ],
        }
    if tp is PartialDate:
        return {
            "description": "A date with its precision: YYYY-MM-DD, YYYY-MM or YYYY.",
            "anyOf": [{"type": "string", "pattern": DATE}, {"type": "integer"}],
        }
    if tp is model.Cites:
        slug = {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$"}
        return {
            "description": "The id of a source in the record's sources, or a list of them.",
            "anyOf": [slug, {"type": "array", "items": slug}],
        }
    raise NotImplementedError(tp)


def record_schema() -> str:
    (record_ref, figure_ref), defs = msgspec.json.schema_components(
        [model.Record, model.FigureSpec], schema_hook=_hook, ref_template="#/$defs/{name}"
    )
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "battles record, schema version 1",
        **record_ref,
        "$defs": defs,
    }
    del figure_ref
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
