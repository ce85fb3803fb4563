"""The belligerents' table: one name for the same belligerent spelt differently.

Records write belligerents as their sources do ("German Army", "Germans", "Germany
(Wehrmacht)"). A data directory's ``_belligerents.yaml`` (a table of the dataset, not a
record) groups such spellings under one name, so that ``--belligerent`` and ``stats --by
belligerent`` see one belligerent. A spelling in no group stands for itself. The table is
read only by the commands that need it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from battles.errors import DataError, Location
from battles.model import Text
from battles.positions import Positions

TABLE_NAME = "_belligerents.yaml"

# A trailing qualifier in brackets: "Chetniks (from 1 November)", "Partisans (elements)".
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


class Group(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    name: Text
    aliases: tuple[Text, ...] = ()
    note: Text | None = None


class TableFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    schema_version: Literal[1]
    belligerents: Annotated[tuple[Group, ...], msgspec.Meta(max_length=100_000)] = ()


class Belligerents:
    """Spellings (normalised) to the name of their group."""

    def __init__(self, groups: Iterable[Group] = ()) -> None:
        self._names: dict[str, str] = {}
        self._seen: dict[str, str] = {}  # spellings already looked up: ten thousand records
        for group in groups:
            for spelling in (group.name, *group.aliases):
                self._names.setdefault(_key(spelling), group.name)

    def __len__(self) -> int:
        return len(set(self._names.values()))

    def canonical(self, name: str) -> str:
        """The group's name for a spelling; a spelling in no group is its own name. A
        trailing qualifier in brackets is set aside when the full spelling is in no group
        ("Partisans (from 20 September)" is the Partisans)."""
        seen = self._seen.get(name)
        if seen is not None:
            return seen
        found = self._names.get(_key(name))
        if found is None:
            bare = _QUALIFIER.sub("", name)
            if bare and bare != name:
                found = self._names.get(_key(bare))
        result = found if found is not None else name.strip()
        if len(self._seen) < 100_000:  # bounded
            self._seen[name] = result
        return result

    def matches(self, wanted: str, names: Sequence[str]) -> bool:
        """Whether any of ``names`` is the belligerent (or person) ``wanted``: the same
        group, or every word of ``wanted`` a whole word of the name ("Mihailović" finds
        "Draža Mihailović"; "German" does not find "Germans")."""
        group = _key(self.canonical(wanted))
        words = _key(wanted).split()
        for name in names:
            if _key(self.canonical(name)) == group:
                return True
            have = set(_key(name).split())
            if words and all(word in have for word in words):
                return True
        return False


def _key(text: str) -> str:
    from battles.text import normalise

    return normalise(text)


def read_table(paths: Sequence[Path]) -> tuple[Belligerents, list[DataError]]:
    """The groups of every data directory's table (the first directory's group wins a
    spelling two tables claim), and the problems of the tables that could not be read."""
    groups: list[Group] = []
    problems: list[DataError] = []
    claimed: dict[str, tuple[str, str]] = {}  # spelling: group name, file
    for directory in paths:
        path = directory / TABLE_NAME
        if not directory.is_dir() or not path.exists():
            continue
        try:
            table, filename, positions = _read(path)
        except DataError as exc:
            problems.append(exc)
            continue
        for n, group in enumerate(table.belligerents):
            line, column = positions.find(("belligerents", n)) or (None, None)
            for spelling in (group.name, *group.aliases):
                key = _key(spelling)
                owner = claimed.get(key)
                if owner is not None and owner[0] != group.name:
                    problems.append(
                        DataError(
                            f"{spelling!r} is already in the group {owner[0]!r} ({owner[1]})",
                            Location(filename, line, column, f"belligerents[{n}]"),
                            "a spelling belongs to one group: remove it from one of them",
                        )
                    )
                claimed.setdefault(key, (group.name, filename))
            groups.append(group)
    return Belligerents(groups), problems


def _read(path: Path) -> tuple[TableFile, str, Positions]:
    from battles.loading import display_path, read_bytes, schema_error
    from battles.loading.yamlsrc import decode, parse

    filename = display_path(path)
    text = decode(read_bytes(path, filename), filename)
    data, positions = parse(text, filename, positions=True)
    try:
        return msgspec.convert(data, TableFile), filename, positions
    except msgspec.ValidationError as exc:
        raise schema_error(exc, filename, positions, TableFile) from None


def groups_of(table: Belligerents, names: Sequence[str]) -> list[str]:
    """The groups a side's belligerents fall in, each once, in order."""
    found: list[str] = []
    for name in names:
        group = table.canonical(name)
        if group not in found:
            found.append(group)
    return found
