"""Where values are in a record file: field paths and their line and column."""

from __future__ import annotations

import msgspec

# A value's place in a record: keys and list indexes from the root, ``("sides", 0, "name")``.
FieldPath = tuple[str | int, ...]


class Positions(msgspec.Struct):
    """Where each value (and each mapping key) starts, by field path."""

    values: dict[FieldPath, tuple[int, int]] = msgspec.field(default_factory=dict)
    keys: dict[FieldPath, tuple[int, int]] = msgspec.field(default_factory=dict)

    def find(self, path: FieldPath, *, key: bool = False) -> tuple[int, int] | None:
        """The position of ``path``, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        while True:
            if path in table:
                return table[path]
            if key and path in self.values:
                return self.values[path]
            if not path:
                return None
            path = path[:-1]


def format_path(path: FieldPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
