"""``python -m battles``."""

from battles.cli import entry

entry()
