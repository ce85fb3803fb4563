"""The one registry of renderers: for each result type (:class:`battles.answer.Answer`) the
functions that draw it in every format.

- ``terminal(result, console, **options)``: the Rich view;
- ``data(result) -> dict``: the JSON document (the ``schema_version`` is added here);
- ``table(result) -> Tabular``: the flat table that CSV and Markdown are written from;
- ``markdown(result) -> Iterator[str]``: only for a result that is a document rather than a
  table (``show``).

Forms are named ``"module:function"`` and imported only when used, so that JSON output never
imports Rich. ``tests/test_registry.py`` checks that every Answer has every form, so a new
result type that lacks one fails a test, not a user.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from battles.render.data import Tabular


class Forms(NamedTuple):
    terminal: str
    data: str
    table: str
    markdown: str | None = None  # else Markdown is the table's


def _same(module: str, name: str, *, markdown: str | None = None) -> Forms:
    """The forms of a result kept in one module: ``render_NAME``, ``NAME_data``, ``NAME_table``."""
    base = f"battles.render.{module}:"
    return Forms(f"{base}render_{name}", f"{base}{name}_data", f"{base}{name}_table", markdown)


def _split(terminal: str, data: str, name: str, *, markdown: str | None = None) -> Forms:
    """The forms of a result whose Rich view and data forms live in two modules."""
    return Forms(
        f"battles.render.{terminal}:render_{name}",
        f"battles.render.{data}:{name}_data",
        f"battles.render.{data}:{name}_table",
        markdown,
    )


# The result type's module and name -> its forms.
FORMS: dict[str, Forms] = {
    "battles.queries.ListResult": _split("terminal", "data", "list"),
    "battles.queries.ShowResult": _split(
        "terminal", "data", "show", markdown="battles.render.documents:show_markdown"
    ),
    "battles.queries.SearchResult": _split("terminal", "data", "search"),
    "battles.views.Comparison": _split("terminal", "data", "compare"),
    "battles.views.Timeline": _split("terminal", "data", "timeline"),
    "battles.analysis.Ratios": _split("analysis_terminal", "analysis_data", "ratios"),
    "battles.analysis.Stats": _split("analysis_terminal", "analysis_data", "stats"),
    "battles.analysis.Disputes": _split("analysis_terminal", "analysis_data", "disputes"),
    "battles.analysis.Sources": _split("analysis_terminal", "analysis_data", "sources"),
    "battles.analysis.People": _split("analysis_terminal", "analysis_data", "people"),
    "battles.analysis.Units": _split("analysis_terminal", "analysis_data", "units"),
    "battles.validate.Report": _same("problems", "report"),
}


def forms_of(kind: type) -> Forms:
    """The forms of a result type; a type with none is the tool's own error."""
    found = FORMS.get(f"{kind.__module__}.{kind.__qualname__}")
    if found is None:
        raise TypeError(f"no renderer is registered for {kind.__qualname__}")
    return found


def resolve(reference: str) -> Callable[..., Any]:
    module, _, name = reference.partition(":")
    function: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return function


def terminal(result: object) -> Callable[..., None]:
    return resolve(forms_of(type(result)).terminal)


def data(result: object) -> dict[str, Any]:
    from battles.render.data import JSON_SCHEMA_VERSION

    body: dict[str, Any] = resolve(forms_of(type(result)).data)(result)
    return {"schema_version": JSON_SCHEMA_VERSION, **body}


def table(result: object) -> Tabular:
    found: Tabular = resolve(forms_of(type(result)).table)(result)
    return found


def markdown(result: object) -> Iterator[str] | None:
    """The Markdown of a result that is a document, else None (write its table)."""
    reference = forms_of(type(result)).markdown
    if reference is None:
        return None
    pieces: Iterator[str] = resolve(reference)(result)
    return pieces
