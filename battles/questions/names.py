"""Names (of people, units, sources, belligerents) as lookups compare them: the names a
query picks, and the normalised form of a name met again."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from battles.errors import NotFoundError
from battles.text import normalise

if TYPE_CHECKING:
    pass


@functools.lru_cache(maxsize=65_536)
def normalised(name: str) -> str:
    """:func:`normalise`, kept for names met again (a belligerent in a thousand records)."""
    return normalise(name)


def pick(
    names: Sequence[str], query: str, what: str, normalised: Sequence[str] | None = None
) -> set[str]:
    """The names ``query`` matches, as the battle lookup does: the same name ignoring case,
    accents and separators; else every name with a word that starts with it. None matched:
    :class:`NotFoundError` naming the closest."""
    wanted = normalise(query)
    if not wanted:
        raise NotFoundError(f"give a {what}'s name")
    keys: dict[str, list[str]] = {}
    if normalised is None:
        normalised = [normalise(name) for name in names]
    for name, key in zip(names, normalised, strict=True):
        keys.setdefault(key, []).append(name)
    if wanted in keys:
        return {wanted}
    found = set()
    for key in keys:
        words = key.split(" ")
        if any(" ".join(words[i:]).startswith(wanted) for i in range(len(words))):
            found.add(key)
    if found:
        return found
    close = difflib.get_close_matches(wanted, list(keys), n=3, cutoff=0.6)
    message = f"no {what} matches {query!r}"
    if close:
        message += "; did you mean " + " or ".join(repr(keys[c][0]) for c in close) + "?"
    else:
        message += f"; run `battles {what}s` without a name to see them all"
    raise NotFoundError(message)
