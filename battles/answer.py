"""The base of every result a command hands to the renderers.

A query returns an :class:`Answer` (a msgspec struct: plain data, never text); the one
registry of renderers (:mod:`battles.render.registry`) finds its terminal, JSON, CSV and
Markdown forms by its type, and a test fails for a type that lacks one.
"""

from __future__ import annotations

import msgspec


class Answer(msgspec.Struct, frozen=True):
    """A command's result (see the module's docstring)."""
