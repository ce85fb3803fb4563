"""The conditions of a battle (schema version 2) as views and filters read them: each
entry as a labelled line of text, and as the ``key=value`` words ``list --where`` matches.
No Rich here."""

from __future__ import annotations

from collections.abc import Iterator

import msgspec

from battles import model

# The keys ``list --where`` knows, with the words each takes ("" : any side id or name).
WHERE_KEYS: dict[str, tuple[str, ...]] = {
    "terrain": tuple(model.Terrain.__args__),  # type: ignore[attr-defined]
    "weather": tuple(model.Weather.__args__),  # type: ignore[attr-defined]
    "season": tuple(model.Season.__args__),  # type: ignore[attr-defined]
    "surprise": (),
    "air_superiority": (),
    "posture": tuple(model.Posture.__args__),  # type: ignore[attr-defined]
    "role": model.ROLES,
    "result": model.SIDE_RESULTS,
    "winner": (),
}


class Item(msgspec.Struct, frozen=True):
    """One condition as ``show`` prints it: a label, the value in words, and the entry's
    wording, note and sources."""

    key: str
    label: str
    shown: str
    text: str | None = None
    note: str | None = None
    source: tuple[str, ...] = ()


def format_distance(distance: model.Distance) -> str:
    value = f"{distance.value:,.3f}".rstrip("0").rstrip(".")
    return f"{value} {distance.unit}"


def _side(record: model.Record, side_id: str | None) -> str:
    if side_id is None or side_id == model.NO_SIDE:
        return "no side"
    side = record.side(side_id)
    return side.name if side is not None else side_id


def items(record: model.Record) -> Iterator[Item]:
    """The record's conditions in the order of the format, each with what it cites; an
    entry given only as text shows the text."""
    for item in _items(record):
        if item.shown == _SEE_TEXT and item.text:
            yield msgspec.structs.replace(item, shown=item.text, text=None)
        else:
            yield item


_SEE_TEXT = "(see text)"


def _items(record: model.Record) -> Iterator[Item]:
    found = record.conditions
    if found is None:
        return
    for key, entry in (("terrain", found.terrain), ("weather", found.weather)):
        if entry is not None:
            shown = ", ".join(entry.value) or _SEE_TEXT
            yield Item(key, key, shown, entry.text, entry.note, entry.source)
    if found.season is not None:
        s = found.season
        yield Item("season", "season", s.value or _SEE_TEXT, s.text, s.note, s.source)
    for key, label, side_entry in (
        ("surprise", "surprise", found.surprise),
        ("air_superiority", "air superiority", found.air_superiority),
    ):
        if side_entry is not None:
            shown = _side(record, side_entry.value) if side_entry.value else _SEE_TEXT
            if side_entry.degree:
                shown += f" ({side_entry.degree})"
            yield Item(key, label, shown, side_entry.text, side_entry.note, side_entry.source)
    if found.posture is not None:
        p = found.posture
        shown = "; ".join(f"{_side(record, sp.side)}: {sp.value}" for sp in p.value)
        sources = tuple(dict.fromkeys([*p.source, *(s for sp in p.value for s in sp.source)]))
        notes = [n for n in (p.note, *(sp.note for sp in p.value)) if n]
        yield Item(
            "posture", "posture", shown or _SEE_TEXT, p.text, "; ".join(notes) or None, sources
        )
    for key, label, distances in (
        ("front_width", "front width", found.front_width),
        ("distance_advanced", "distance advanced", found.distance_advanced),
    ):
        for d in distances:
            shown = format_distance(d)
            if d.side:
                shown = f"{_side(record, d.side)}: {shown}"
            yield Item(key, label, shown, d.text, d.note, d.source)


def where_words(record: model.Record) -> tuple[str, ...]:
    """The ``key=value`` words the record answers to (see :data:`WHERE_KEYS`): conditions,
    each side's role and result, the winner; a side is named by its id and by its role."""
    words: list[str] = []
    roles = {side.id: side.role for side in record.sides}

    def side_words(key: str, side_id: str | None) -> None:
        if side_id is None:
            return
        words.append(f"{key}={side_id}")
        role = roles.get(side_id)
        if role:
            words.append(f"{key}={role}")

    found = record.conditions
    if found is not None:
        for key, listed in (
            ("terrain", found.terrain),
            ("weather", found.weather),
        ):
            if listed is not None:
                words.extend(f"{key}={word}" for word in listed.value)
        if found.season is not None and found.season.value:
            words.append(f"season={found.season.value}")
        if found.surprise is not None:
            side_words("surprise", found.surprise.value)
        if found.air_superiority is not None:
            side_words("air_superiority", found.air_superiority.value)
        if found.posture is not None:
            words.extend(f"posture={sp.value}" for sp in found.posture.value)
    for side in record.sides:
        if side.role:
            words.append(f"role={side.role}")
        if side.result:
            words.append(f"result={side.result}")
    if record.result is not None:
        side_words("winner", record.result.winner)
    return tuple(dict.fromkeys(words))
