"""The whole dataset for other tools: JSON, CSV tables, SQLite, GeoJSON; or for readers, a
static website (:mod:`battles.site`).

The tables are normalised (battles, aliases, sides, commanders, units, figures, phases,
events, sources, citations, disagreements) and linked by integer keys; the SQLite file
declares them as foreign keys. Every write goes through :mod:`battles.fsutil`, so an
existing file is kept unless ``force`` is given and nothing is left half-written.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from battles import model, tally
from battles.dates import day_number
from battles.errors import UsageError
from battles.figures import Figure, format_band, format_figure
from battles.fsutil import atomic_write, atomic_write_dir, atomic_write_text
from battles.loading import Dataset
from battles.text import clean, shown_name

Row = dict[str, Any]

# table name -> (column, SQL type and constraints)
SCHEMA: dict[str, list[tuple[str, str]]] = {
    "battles": [
        ("id", "TEXT PRIMARY KEY"),
        ("name", "TEXT NOT NULL"),
        ("kind", "TEXT NOT NULL"),
        ("start", "TEXT NOT NULL"),
        ("end", "TEXT"),  # NULL: the sources give no end (end_unknown)
        ("end_unknown", "INTEGER"),
        ("start_precision", "TEXT"),
        ("end_precision", "TEXT"),
        ("date_text", "TEXT"),
        # The first day the start covers and the last day the end covers, as day numbers
        # (1 January AD 1 is day 1, the days BC count below it): dates BC sort as numbers.
        ("start_day", "INTEGER"),
        ("end_day", "INTEGER"),
        ("duration", "TEXT"),  # the active fighting: "3 days", "2–3 days"
        ("duration_low_hours", "REAL"),
        ("duration_high_hours", "REAL"),
        ("duration_text", "TEXT"),  # the source's words for it
        ("duration_note", "TEXT"),
        ("place", "TEXT"),
        ("territory", "TEXT"),
        ("region", "TEXT"),
        ("country", "TEXT"),
        ("lat", "REAL"),
        ("lon", "REAL"),
        ("result", "TEXT"),
        ("result_note", "TEXT"),
        ("summary", "TEXT"),
        ("file", "TEXT"),  # relative to the data directory it was read from
        ("schema_version", "INTEGER"),
        ("winner", "TEXT"),  # the key of the side that won, or none; NULL: not stated
    ],
    "place_names": [
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("name", "TEXT"),
        ("when_text", "TEXT"),
    ],
    "aliases": [("battle_id", "TEXT NOT NULL REFERENCES battles(id)"), ("alias", "TEXT")],
    "part_of": [
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("text", "TEXT"),
        ("parent_id", "TEXT"),
    ],
    "sources": [
        ("id", "INTEGER PRIMARY KEY"),
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("key", "TEXT"),
        ("number", "INTEGER"),
        ("title", "TEXT"),
        ("url", "TEXT"),
        ("file", "TEXT"),
        ("note", "TEXT"),
        ("kind", "TEXT"),
        ("authors", "TEXT"),  # separated by "; "
        ("publisher", "TEXT"),
        ("year", "INTEGER"),
        ("page", "TEXT"),
        ("accessed", "TEXT"),
        ("version", "TEXT"),
        ("table", "TEXT"),
        ("row", "TEXT"),
    ],
    "sides": [
        ("id", "INTEGER PRIMARY KEY"),
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("key", "TEXT"),
        ("name", "TEXT"),
        ("belligerents", "TEXT"),
        ("outcome", "TEXT"),
        ("note", "TEXT"),
        ("role", "TEXT"),
        ("result", "TEXT"),
    ],
    "belligerents": [  # each of a side's belligerents (sides.belligerents joins them)
        ("side_id", "INTEGER NOT NULL REFERENCES sides(id)"),
        ("number", "INTEGER"),
        ("name", "TEXT"),
    ],
    "commanders": [
        ("id", "INTEGER PRIMARY KEY"),
        ("side_id", "INTEGER NOT NULL REFERENCES sides(id)"),
        ("parent_id", "INTEGER REFERENCES commanders(id)"),
        ("name", "TEXT"),
        ("role", "TEXT"),
        ("fate", "TEXT"),
        ("note", "TEXT"),
    ],
    "units": [
        ("id", "INTEGER PRIMARY KEY"),
        ("side_id", "INTEGER NOT NULL REFERENCES sides(id)"),
        ("parent_id", "INTEGER REFERENCES units(id)"),
        ("name", "TEXT"),
        ("note", "TEXT"),
    ],
    "phases": [
        ("id", "INTEGER PRIMARY KEY"),
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("number", "INTEGER"),
        ("name", "TEXT"),
        ("start", "TEXT"),
        ("end", "TEXT"),
        ("place", "TEXT"),
        ("result", "TEXT"),
        ("summary", "TEXT"),
        ("note", "TEXT"),
    ],
    "figures": [
        ("id", "INTEGER PRIMARY KEY"),
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("side_id", "INTEGER REFERENCES sides(id)"),
        ("phase_id", "INTEGER REFERENCES phases(id)"),
        ("unit_id", "INTEGER REFERENCES units(id)"),
        ("parent_id", "INTEGER REFERENCES figures(id)"),
        ("relation", "TEXT"),
        ("measure", "TEXT"),
        ("label", "TEXT"),
        ("form", "TEXT"),
        ("low", "INTEGER"),
        ("high", "INTEGER"),
        ("approx", "INTEGER"),
        ("strict", "INTEGER"),  # 1: more than low (low itself excluded)
        ("shown", "TEXT"),
        ("text", "TEXT"),
        ("note", "TEXT"),
        ("scope", "TEXT"),
        ("counts", "TEXT"),  # what a strength counts: initial, engaged, peak...
        ("band_value", "INTEGER"),  # a banded figure's point value (low and high: its bounds)
        ("band", "TEXT"),  # its band as written: ±10%, +33%/−3%
        ("equipment", "TEXT"),  # measure "equipment" or "equipment lost": the kind
        ("fate", "TEXT"),  # of equipment lost: lost, destroyed, damaged, captured, sunk
    ],
    "conditions": [
        ("id", "INTEGER PRIMARY KEY"),
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("key", "TEXT"),  # terrain, weather, season, surprise, air_superiority, posture...
        ("value", "TEXT"),  # a word of the key's vocabulary, a side's key, or none
        ("side_id", "INTEGER REFERENCES sides(id)"),  # posture and distances: whose
        ("amount", "REAL"),  # front_width and distance_advanced
        ("unit", "TEXT"),
        ("degree", "TEXT"),
        ("text", "TEXT"),
        ("note", "TEXT"),
    ],
    "reviewed": [
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("warning", "TEXT"),
        ("field", "TEXT"),
        ("note", "TEXT"),
    ],
    "events": [
        ("id", "INTEGER PRIMARY KEY"),
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("date", "TEXT"),
        ("end", "TEXT"),
        ("precision", "TEXT"),
        ("when_text", "TEXT"),
        ("text", "TEXT"),
        ("side_id", "INTEGER REFERENCES sides(id)"),
        ("context", "INTEGER"),
    ],
    "citations": [
        ("source_id", "INTEGER NOT NULL REFERENCES sources(id)"),
        ("figure_id", "INTEGER REFERENCES figures(id)"),
        ("event_id", "INTEGER REFERENCES events(id)"),
        ("condition_id", "INTEGER REFERENCES conditions(id)"),
    ],
    "disagreements": [
        ("id", "INTEGER PRIMARY KEY"),
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("topic", "TEXT"),
        ("text", "TEXT"),
    ],
    "notes": [
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("number", "INTEGER"),
        ("text", "TEXT"),
    ],
    "date_estimates": [
        ("id", "INTEGER PRIMARY KEY"),
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("start", "TEXT"),
        ("end", "TEXT"),
        ("text", "TEXT"),
        ("note", "TEXT"),
    ],
    # The notes of a block of losses and of each "other" loss (label: the loss's, or
    # "civilians" or "all sides" for a block that is not a side's).
    "loss_notes": [
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("side_id", "INTEGER REFERENCES sides(id)"),
        ("phase_id", "INTEGER REFERENCES phases(id)"),
        ("label", "TEXT"),
        ("note", "TEXT"),
    ],
    "phase_sides": [
        ("phase_id", "INTEGER NOT NULL REFERENCES phases(id)"),
        ("side_id", "INTEGER REFERENCES sides(id)"),
        ("note", "TEXT"),
    ],
    # What else a source supports than figures and events (see citations): the field of
    # the record as a path, e.g. "date", "place", "sides[0].commanders[1]", "notes".
    "field_citations": [
        ("source_id", "INTEGER NOT NULL REFERENCES sources(id)"),
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("field", "TEXT"),
    ],
}


def _no_rows() -> dict[str, list[Row]]:
    return {name: [] for name in SCHEMA}


@dataclass
class Tables:
    rows: dict[str, list[Row]] = field(default_factory=_no_rows)
    ids: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SCHEMA, 0))

    def add(self, _table: str, /, **values: Any) -> Any:
        """Add a row; returns its id (a new integer for tables with integer ids)."""
        if any(col == "id" and "INTEGER" in kind for col, kind in SCHEMA[_table]):
            self.ids[_table] += 1
            values["id"] = self.ids[_table]
        self.rows[_table].append(values)
        return values.get("id")

    def take(self) -> dict[str, list[Row]]:
        """The rows added since the last take (ids go on counting)."""
        rows, self.rows = self.rows, _no_rows()
        return rows


def table_batches(
    dataset: Dataset, size: int = 250, roots: Sequence[Path] = ()
) -> Iterator[dict[str, list[Row]]]:
    """The dataset as normalised tables, ``size`` records at a time: a batch's rows refer
    only to rows of the same batch or of earlier ones, so each can be written at once.
    Each record's file is named relative to the one of ``roots`` it is in."""
    out = Tables()
    bases = [root.resolve() for root in roots]
    for n, entry in enumerate(dataset.records, start=1):
        _add_record(out, entry.read(), relative_file(entry.path, bases))
        if n % size == 0:
            yield out.take()
    yield out.take()


class _Rows:
    """Adds the rows of one record's figures, casualties, leaders and units: methods, not
    nested functions that call themselves (those would make a reference cycle per record,
    and the entry point runs with the garbage collector off)."""

    def __init__(self, out: Tables, key: str, source_ids: dict[str, int]) -> None:
        self.out, self.key, self.source_ids = out, key, source_ids
        self.field = ""  # the side being added, as a path ("sides[1]")

    def cite(self, field: str, source: tuple[str, ...]) -> None:
        """The sources of a field that is not a figure or an event."""
        for key in source:
            if key in self.source_ids:
                self.out.add(
                    "field_citations",
                    source_id=self.source_ids[key],
                    battle_id=self.key,
                    field=field,
                )

    def figure(
        self,
        fig: Figure | None,
        measure: str,
        *,
        side: int | None = None,
        phase: int | None = None,
        unit: int | None = None,
        parent: int | None = None,
        relation: str = "value",
        label: str | None = None,
        inherited: tuple[str, ...] = (),
        equipment: str | None = None,
        fate: str | None = None,
        counts: str | None = None,
    ) -> None:
        if fig is None:
            return
        low, high = tally.bounds(fig)
        band = fig.band
        fid = self.out.add(
            "figures",
            battle_id=self.key,
            side_id=side,
            phase_id=phase,
            unit_id=unit,
            parent_id=parent,
            relation=relation,
            measure=measure,
            label=label,
            form=fig.form,
            low=low,
            high=high,
            approx=int(fig.approx),
            strict=int(fig.strict),
            shown=format_figure(fig),
            text=fig.text,
            note=fig.note,
            scope=fig.scope,
            counts=fig.counts or counts,
            band_value=band.value if band is not None else None,
            band=format_band(band) if band is not None else None,
            equipment=equipment,
            fate=fate,
        )
        for key in fig.source or inherited:
            if key in self.source_ids:
                self.out.add(
                    "citations", source_id=self.source_ids[key], figure_id=fid, event_id=None
                )
        for part in fig.parts:
            self.figure(
                part.figure,
                measure,
                side=side,
                phase=phase,
                unit=unit,
                parent=fid,
                relation="part",
                label=part.label,
            )
        for estimate in fig.estimates:
            self.figure(
                estimate,
                measure,
                side=side,
                phase=phase,
                unit=unit,
                parent=fid,
                relation="estimate",
            )

    def casualties(
        self,
        cas: model.Casualties | None,
        *,
        side: int | None = None,
        phase: int | None = None,
        who: str | None = None,
    ) -> None:
        if cas is None:
            return
        inherited = tuple(cas.source)
        if cas.note:
            self.out.add(
                "loss_notes",
                battle_id=self.key,
                side_id=side,
                phase_id=phase,
                label=who,
                note=cas.note,
            )
        for name, fig in cas.kinds():
            self.figure(fig, name, side=side, phase=phase, label=who, inherited=inherited)
        if cas.total is not None:
            self.figure(cas.total, "total", side=side, phase=phase, label=who, inherited=inherited)
        for loss in cas.other:
            if loss.note:
                self.out.add(
                    "loss_notes",
                    battle_id=self.key,
                    side_id=side,
                    phase_id=phase,
                    label=loss.label,
                    note=loss.note,
                )
            self.figure(
                loss.value,
                "other",
                side=side,
                phase=phase,
                label=loss.label,
                inherited=tuple(loss.source) or inherited,
            )
        for item in cas.equipment:
            self.figure(
                item.value.replace(
                    text=item.value.text or item.text, note=item.value.note or item.note
                ),
                "equipment lost",
                side=side,
                phase=phase,
                label=item.label or who,
                inherited=tuple(item.source) or inherited,
                equipment=item.kind,
                fate=item.fate,
            )

    def equipment(
        self,
        items: tuple[model.Equipment, ...],
        *,
        side: int | None,
        phase: int | None = None,
        inherited: tuple[str, ...] = (),
    ) -> None:
        for item in items:
            self.figure(
                item.value.replace(
                    text=item.value.text or item.text, note=item.value.note or item.note
                ),
                "equipment",
                side=side,
                phase=phase,
                label=item.label,
                inherited=tuple(item.source) or inherited,
                equipment=item.kind,
                counts=item.counts,
            )

    def commanders(
        self, items: tuple[model.Commander, ...], sid: int, parent: int | None, at: str = ""
    ) -> None:
        at = at or f"{self.field}.commanders"
        for n, c in enumerate(items):
            cid = self.out.add(
                "commanders",
                side_id=sid,
                parent_id=parent,
                name=c.name,
                role=c.role,
                fate=c.fate,
                note=c.note,
            )
            self.cite(f"{at}[{n}]", c.source)
            self.commanders(c.subordinates, sid, cid, f"{at}[{n}].subordinates")

    def units(
        self, items: tuple[model.Unit, ...], sid: int, parent: int | None, at: str = ""
    ) -> None:
        at = at or f"{self.field}.units"
        for n, u in enumerate(items):
            uid = self.out.add("units", side_id=sid, parent_id=parent, name=u.name, note=u.note)
            self.cite(f"{at}[{n}]", u.source)
            self.figure(u.strength, "strength", side=sid, unit=uid)
            self.units(u.units, sid, uid, f"{at}[{n}].units")


def relative_file(path: Path | str, roots: Sequence[Path]) -> str:
    """A record's file as a path relative to the data directory it was read from (where the
    user keeps files stays out of an export); its name when it is in none of ``roots``."""
    path = Path(path).resolve()
    for root in roots:
        with contextlib.suppress(ValueError):
            return path.relative_to(root).as_posix()
    return path.name


def _add_record(out: Tables, record: model.Record, file: str) -> None:
    coords = record.place.coordinates
    duration = record.duration
    out.add(
        "battles",
        id=record.key,
        name=record.name,
        kind=record.kind,
        start=record.start.iso(),
        end=None if record.end_unknown else record.last.iso(),
        end_unknown=int(record.end_unknown),
        start_precision=record.start.precision,
        end_precision=None if record.end_unknown else record.last.precision,
        date_text=record.date_text,
        start_day=day_number(record.start.first_day()),
        end_day=None if record.end_unknown else day_number(record.last.last_day()),
        duration=duration.shown() if duration else None,
        duration_low_hours=duration.hours()[0] if duration else None,
        duration_high_hours=duration.hours()[1] if duration else None,
        duration_text=duration.text if duration else None,
        duration_note=duration.note if duration else None,
        place=record.place.name,
        territory=record.place.territory,
        region=record.place.region,
        country=record.place.country,
        lat=coords.lat if coords else None,
        lon=coords.lon if coords else None,
        result=record.result.text if record.result else None,
        result_note=record.result.note if record.result else None,
        summary=record.summary,
        file=file,
        schema_version=record.schema_version,
        winner=record.result.winner if record.result else None,
    )
    for n, note in enumerate(record.notes, start=1):
        out.add("notes", battle_id=record.key, number=n, text=note)
    for alias in record.aliases:
        out.add("aliases", battle_id=record.key, alias=alias)
    for known in record.place.other_names:
        out.add("place_names", battle_id=record.key, name=known.name, when_text=known.when)
    for text in record.part_of:
        out.add(
            "part_of",
            battle_id=record.key,
            text=text,
            parent_id=text if model.is_record_id(text) else None,
        )
    source_ids = {
        src.id: out.add(
            "sources",
            battle_id=record.key,
            key=src.id,
            number=n,
            title=src.title,
            url=src.url,
            file=src.file,
            note=src.note,
            kind=src.kind,
            authors="; ".join(src.authors) or None,
            publisher=src.publisher,
            year=src.year,
            page=src.page,
            accessed=src.accessed,
            version=src.version,
            table=src.table,
            row=src.row,
        )
        for n, src in enumerate(record.sources, start=1)
    }

    rows = _Rows(out, record.key, source_ids)
    figure, casualties, cite = rows.figure, rows.casualties, rows.cite
    cite("date", record.date_source)
    if duration is not None:
        cite("duration", duration.source)
    cite("place", record.place.source)
    if record.result:
        cite("result", record.result.source)
    for n, estimate in enumerate(record.date_estimates):
        out.add(
            "date_estimates",
            battle_id=record.key,
            start=estimate.start.iso(),
            end=estimate.end.iso() if estimate.end else None,
            text=estimate.text,
            note=estimate.note,
        )
        cite(f"date_estimates[{n}]", estimate.source)
    side_ids: dict[str, int] = {}
    for side in record.sides:
        sid = out.add(
            "sides",
            battle_id=record.key,
            key=side.id,
            name=side.name,
            belligerents="; ".join(side.belligerents),
            outcome=side.outcome,
            note=side.note,
            role=side.role,
            result=side.result,
        )
        side_ids[side.id] = sid
        for n, name in enumerate(side.belligerents, start=1):
            out.add("belligerents", side_id=sid, number=n, name=name)
        rows.field = f"sides[{len(side_ids) - 1}]"
        cite(rows.field, side.source)
        rows.commanders(side.commanders, sid, None)
        rows.units(side.units, sid, None)
        figure(side.strength, "strength", side=sid, inherited=tuple(side.source))
        for further in side.strengths:
            figure(further, "strength", side=sid, relation="further", inherited=tuple(side.source))
        rows.equipment(side.equipment, side=sid, inherited=tuple(side.source))
        casualties(side.casualties, side=sid)
        # The side's total as every view shows it (relation "computed": the tally's sum).
        figure(tally.total_losses(side.casualties), "total", side=sid, relation="computed")
    casualties(record.civilians, who="civilians")
    casualties(record.losses, who="all sides")
    # The battle's totals as every view shows them.
    figure(tally.battle_losses(record), "casualties", relation="computed", label="all sides")
    figure(tally.battle_strength(record), "strength", relation="computed", label="all sides")
    figure(tally.civilian_losses(record), "total", relation="computed", label="civilians")
    for n, phase in enumerate(record.phases, start=1):
        pid = out.add(
            "phases",
            battle_id=record.key,
            number=n,
            name=phase.name,
            start=phase.start.iso(),
            end=(phase.end or phase.start).iso(),
            place=phase.place,
            result=phase.result,
            summary=phase.summary,
            note=phase.note,
        )
        cite(f"phases[{n - 1}]", phase.source)
        for m, ps in enumerate(phase.sides):
            out.add("phase_sides", phase_id=pid, side_id=side_ids.get(ps.side), note=ps.note)
            cite(f"phases[{n - 1}].sides[{m}]", ps.source)
            figure(ps.strength, "strength", side=side_ids.get(ps.side), phase=pid)
            rows.equipment(ps.equipment, side=side_ids.get(ps.side), phase=pid)
            casualties(ps.casualties, side=side_ids.get(ps.side), phase=pid)
        casualties(phase.civilians, phase=pid, who="civilians")
    for event in record.events:
        eid = out.add(
            "events",
            battle_id=record.key,
            date=event.date.iso() if event.date else None,
            end=event.end.iso() if event.end else None,
            precision=event.date.precision if event.date else None,
            when_text=event.when,
            text=event.text,
            side_id=side_ids.get(event.side or ""),
            context=int(event.context),
        )
        for key in event.source:
            if key in source_ids:
                out.add("citations", source_id=source_ids[key], figure_id=None, event_id=eid)
    for n, item in enumerate(record.disagreements):
        out.add("disagreements", battle_id=record.key, topic=item.topic, text=item.text)
        cite(f"disagreements[{n}]", item.source)
    _add_v2(out, record, side_ids, source_ids)


def _add_v2(
    out: Tables, record: model.Record, side_ids: dict[str, int], source_ids: dict[str, int]
) -> None:
    """The conditions and the reviewed warnings (schema version 2)."""
    for review in record.reviewed:
        out.add(
            "reviewed",
            battle_id=record.key,
            warning=review.warning,
            field=review.field,
            note=review.note,
        )
    found = record.conditions
    if found is None:
        return

    def add(key: str, value: str | None, entry: Any, **more: Any) -> None:
        cid = out.add(
            "conditions",
            battle_id=record.key,
            key=key,
            value=value,
            text=getattr(entry, "text", None),
            note=entry.note,
            **more,
        )
        for ref in entry.source or found.source:  # an entry citing none cites the block's
            if ref in source_ids:
                out.add("citations", source_id=source_ids[ref], condition_id=cid)

    for key, listed in (("terrain", found.terrain), ("weather", found.weather)):
        if listed is not None:
            for word in listed.value or (None,):
                add(key, word, listed)
    if found.season is not None:
        add("season", found.season.value, found.season)
    for key, entry in (("surprise", found.surprise), ("air_superiority", found.air_superiority)):
        if entry is not None:
            add(
                key,
                entry.value,
                entry,
                side_id=side_ids.get(entry.value or ""),
                degree=entry.degree,
            )
    if found.posture is not None:
        if found.posture.text or found.posture.note or not found.posture.value:
            add("posture", None, found.posture)
        for sp in found.posture.value:
            add("posture", sp.value, sp, side_id=side_ids.get(sp.side))
    for key, distances in (
        ("front_width", found.front_width),
        ("distance_advanced", found.distance_advanced),
    ):
        for d in distances:
            add(key, None, d, side_id=side_ids.get(d.side or ""), amount=d.value, unit=d.unit)
    if found.note:  # the block's own note, citing the block's sources
        add("note", None, model.Conditions(note=found.note, source=found.source))


# -- writers ---------------------------------------------------------------------------------


def write_sqlite(dataset: Dataset, path: Path, roots: Sequence[Path] = ()) -> None:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = OFF")  # a new file, renamed when whole
        connection.execute("PRAGMA foreign_keys = ON")
        for name, columns in SCHEMA.items():
            spec = ", ".join(f'"{col}" {kind}' for col, kind in columns)
            connection.execute(f'CREATE TABLE "{name}" ({spec})')
        for batch in table_batches(dataset, roots=roots):
            for name, columns in SCHEMA.items():
                cols = [col for col, _ in columns]
                marks = ", ".join("?" for _ in cols)
                names = ", ".join(f'"{c}"' for c in cols)
                connection.executemany(
                    f'INSERT INTO "{name}" ({names}) VALUES ({marks})',
                    [tuple(row.get(c) for c in cols) for row in batch[name]],
                )
        connection.commit()
    finally:
        connection.close()


def write_csv_dir(dataset: Dataset, directory: Path, roots: Sequence[Path] = ()) -> None:
    import csv

    from battles.render.formats import safe_cell

    with contextlib.ExitStack() as files:
        writers = {}
        for name, columns in SCHEMA.items():
            handle = files.enter_context(
                (directory / f"{name}.csv").open("w", encoding="utf-8", newline="")
            )
            writers[name] = csv.writer(handle, lineterminator="\n")
            writers[name].writerow([col for col, _ in columns])
        for batch in table_batches(dataset, roots=roots):
            for name, columns in SCHEMA.items():
                cols = [col for col, _ in columns]
                writers[name].writerows(
                    [_csv_value(row.get(c), safe_cell) for c in cols] for row in batch[name]
                )


def _csv_value(value: Any, safe: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe(value)
    return value


def dataset_json(dataset: Dataset) -> Iterator[str]:
    """``{schema_version, records: [...]}`` as indented JSON, in pieces: one record is read,
    written and let go at a time (the text is what formatting the whole document gives)."""
    from battles.render.data import JSON_SCHEMA_VERSION, record_data
    from battles.render.formats import json_text

    yield f'{{\n  "schema_version": {JSON_SCHEMA_VERSION},\n  "records": ['
    for n, entry in enumerate(dataset.records):
        text = json_text(record_data(entry.read())).rstrip("\n")
        # nested two levels deep; JSON text never holds a raw line break inside a string
        yield ("\n    " if n == 0 else ",\n    ") + text.replace("\n", "\n    ")
    yield "\n  ]\n}\n" if len(dataset) else "]\n}\n"


def dataset_geojson(dataset: Dataset) -> tuple[str, list[str]]:
    """The records as GeoJSON points, and the ids of those left out for want of
    coordinates."""
    from battles.loading.digest import BRIEF
    from battles.render.data import summary_data
    from battles.render.formats import json_text

    features = []
    missing: list[str] = []
    for entry in dataset.records:
        record = entry.read()
        coords = record.place.coordinates
        if coords is None:
            missing.append(record.key)
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [coords.lon, coords.lat]},
                "properties": summary_data(entry.digest(BRIEF)),
            }
        )
    return json_text({"type": "FeatureCollection", "features": features}), missing


def csv_table(dataset: Dataset, table: str, roots: Sequence[Path] = ()) -> Iterator[str]:
    """One of the export's tables as CSV text, in pieces (``export - --format csv``)."""
    import csv
    import io

    from battles.render.formats import safe_cell

    if table not in SCHEMA:
        raise UsageError(f"no table {table!r}; choose one of {', '.join(SCHEMA)}")
    cols = [col for col, _ in SCHEMA[table]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(cols)
    for batch in table_batches(dataset, roots=roots):
        writer.writerows([_csv_value(row.get(c), safe_cell) for c in cols] for row in batch[table])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


STDOUT = Path("-")
TO_STDOUT = ("json", "csv", "geojson")


def export(
    dataset: Dataset,
    path: Path,
    fmt: str,
    *,
    force: bool,
    roots: Sequence[Path] = (),
    table: str = "battles",
    quiet: bool = False,
) -> str:
    """Write the dataset to ``path`` (``-``: stdout, for JSON, GeoJSON and one CSV table);
    refuses to replace an existing path without ``force``, and even with it, anything but
    an earlier export of the same format (see :func:`ours`). Returns what was written, in
    words: how many records, and which had no place on the map."""
    what = f"{len(dataset.records)} record{'s' if len(dataset.records) != 1 else ''}"
    if path == STDOUT:
        from battles.render.output import write_text

        if fmt not in TO_STDOUT:
            raise UsageError(f"a {fmt} export is not text: give a file name, not -")
        if fmt == "json":
            write_text(dataset_json(dataset), None)
        elif fmt == "csv":
            write_text(csv_table(dataset, table, roots), None)
            what = f"the {table} table of {what}"
        else:
            text, missing = dataset_geojson(dataset)
            write_text(text, None)
            what = _mapped(len(dataset.records), missing)
        return what
    check = lambda existing: ours(existing, fmt)  # noqa: E731
    if fmt == "sqlite":
        atomic_write(path, lambda tmp: _fresh_sqlite(dataset, tmp, roots), force=force, ours=check)
    elif fmt == "csv":
        atomic_write_dir(
            path, lambda tmp: write_csv_dir(dataset, tmp, roots), force=force, ours=check
        )
    elif fmt == "json":
        atomic_write(
            path, lambda tmp: _write_pieces(tmp, dataset_json(dataset)), force=force, ours=check
        )
    elif fmt == "geojson":
        text, missing = dataset_geojson(dataset)
        atomic_write_text(path, text, force=force, ours=check)
        what = _mapped(len(dataset.records), missing)
    elif fmt == "site":
        from battles.site import write_site

        write_site(dataset, path, force=force, ours=check, quiet=quiet)
    else:
        raise UsageError(f"cannot export as {fmt!r}; choose json, csv, sqlite, geojson or site")
    return what


def _mapped(count: int, missing: list[str]) -> str:
    """How many records a GeoJSON export holds, and which it left out."""
    if not missing:
        return f"{count} record{'s' if count != 1 else ''}"
    shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
    return (
        f"{count - len(missing)} of {count} records; {len(missing)} without coordinates "
        f"left out: {shown}"
    )


CSV_FILES = frozenset(f"{name}.csv" for name in SCHEMA)
_STARTS = {
    "json": b'{\n  "schema_version": ',
    "geojson": b'{\n  "type": "FeatureCollection",',
    "sqlite": b"SQLite format 3\x00",
}


def ours(path: Path, fmt: str) -> str | None:
    """Why ``path`` is not an earlier export in ``fmt`` (None: it is one, or an empty
    file, and ``--force`` may replace it): a directory of CSV tables holds only the files
    an export writes; a JSON, GeoJSON or SQLite file begins as an export begins (and a
    database has the export's tables); a site's folder holds only the site's pages."""
    if fmt == "site":
        from battles.site import not_a_site

        return not_a_site(path)
    if fmt == "csv":
        if not path.is_dir():
            return "is not a directory of CSV tables"
        extra = sorted(n for n in os.listdir(path) if n not in CSV_FILES)
        if extra:
            shown = ", ".join(clean(shown_name(n)) for n in extra[:3])
            more = f" and {len(extra) - 3} more" if len(extra) > 3 else ""
            return f"holds files an export does not write ({shown}{more})"
        return None
    if not path.is_file():
        return "is not a file"
    start = _STARTS[fmt]
    with path.open("rb") as handle:
        head = handle.read(len(start))
    if head and head != start:
        return f"is not an earlier {fmt} export"
    if head and fmt == "sqlite" and not _export_tables(path):
        return "is an SQLite database with other tables than an export's"
    return None


def _export_tables(path: Path) -> bool:
    import sqlite3

    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            found = {name for (name,) in rows}
            return "battles" in found and found <= set(SCHEMA)  # an earlier version's too
        finally:
            connection.close()
    except sqlite3.Error:
        return False


def _write_pieces(tmp: Path, pieces: Iterable[str]) -> None:
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(pieces)


def _fresh_sqlite(dataset: Dataset, tmp: Path, roots: Sequence[Path] = ()) -> None:
    import sqlite3

    tmp.unlink()  # sqlite3 creates the file itself
    try:
        write_sqlite(dataset, tmp, roots)
    except sqlite3.Error as exc:  # a full disk, a file-size limit...
        raise OSError(f"SQLite: {exc}") from None
