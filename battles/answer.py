"""The base of every result a command hands to the renderers.

A query returns an :class:`Answer` (a msgspec struct: plain data, never text). Its class
says where the functions that draw it are (:class:`Forms`, names only: the core imports no
renderer), and the one registry (:mod:`battles.render.registry`) finds them there; a test
fails for a result type whose forms are missing. A new command is thus three files: its
question and result type in the core, its forms in a module of ``battles/render/``, and the
command in ``cli.py``.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

import msgspec


class Forms(NamedTuple):
    """Where a result's renderers are, as ``"module:function"`` under ``battles.render``:
    the Rich view (``terminal(result, console, **options)``), the JSON document
    (``data(result) -> dict``), the flat table CSV and Markdown are written from
    (``table(result) -> Tabular``) and, for a result that is a document rather than a table,
    its own Markdown (``markdown(result) -> Iterator[str]``) and, for a result that writes
    its JSON from text it already holds (a listing, from the cache), its own JSON
    (``json(result) -> Iterator[str]``: the same text as its data form gives)."""

    terminal: str
    data: str
    table: str
    markdown: str | None = None
    json: str | None = None

    @classmethod
    def kept_in(
        cls, module: str, name: str, markdown: str | None = None, json: str | None = None
    ) -> Forms:
        """Every form in one module: ``render_NAME``, ``NAME_data`` and ``NAME_table``."""
        return cls(
            f"{module}:render_{name}",
            f"{module}:{name}_data",
            f"{module}:{name}_table",
            markdown,
            json,
        )


class Answer(msgspec.Struct, frozen=True):
    """A command's result (see the module's docstring)."""

    forms: ClassVar[Forms]
