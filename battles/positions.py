"""Where values are in a record file: field paths and their line and column."""

from __future__ import annotations

import msgspec

Path = tuple[str | int, ...]


class Positions(msgspec.Struct):
    """Where each value (and each mapping key) starts, by field path."""

    values: dict[Path, tuple[int, int]] = msgspec.field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = msgspec.field(default_factory=dict)

    def find(self, path: Path, *, key: bool = False) -> tuple[int, int] | None:
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


def format_path(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
