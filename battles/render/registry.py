"""The one registry of renderers: for each result a command returns (a
:class:`battles.answer.Answer`), the functions that draw it in every format, found where its
class's :class:`~battles.answer.Forms` say and imported only when used (a JSON run never
imports Rich). ``tests/test_registry.py`` checks that every result type's forms exist, so a
new result type that lacks one fails a test, not a user.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from battles.answer import Answer, Forms

if TYPE_CHECKING:
    from battles.render.data import Tabular

PACKAGE = "battles.render"


def forms_of(kind: type) -> Forms:
    """The forms of a result type; a type with none is the tool's own error."""
    forms = getattr(kind, "forms", None) if issubclass(kind, Answer) else None
    if not isinstance(forms, Forms):
        raise TypeError(f"no renderer is registered for {kind.__qualname__}")
    return forms


def resolve(reference: str) -> Callable[..., Any]:
    """``"module:function"`` under battles.render, imported now."""
    module, _, name = reference.partition(":")
    function: Callable[..., Any] = getattr(importlib.import_module(f"{PACKAGE}.{module}"), name)
    return function


def terminal(result: object) -> Callable[..., None]:
    return resolve(forms_of(type(result)).terminal)


def data(result: object) -> dict[str, Any]:
    """The JSON document of ``result``, with the version of the documents' shape."""
    from battles.render.data import JSON_SCHEMA_VERSION

    body: dict[str, Any] = resolve(forms_of(type(result)).data)(result)
    return {"schema_version": JSON_SCHEMA_VERSION, **body}


def table(result: object) -> Tabular:
    found: Tabular = resolve(forms_of(type(result)).table)(result)
    return found


def markdown(result: object) -> Iterator[str] | None:
    """The Markdown of a result that is a document, else None (its table is written)."""
    reference = forms_of(type(result)).markdown
    if reference is None:
        return None
    pieces: Iterator[str] = resolve(reference)(result)
    return pieces


def json(result: object) -> Iterator[str | bytes] | None:
    """The JSON text of a result that writes its own (see Forms.json; pieces of text or of
    UTF-8 bytes), else None."""
    reference = forms_of(type(result)).json
    if reference is None:
        return None
    pieces: Iterator[str | bytes] = resolve(reference)(result)
    return pieces
