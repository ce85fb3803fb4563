"""The whole dataset for other tools: JSON, CSV tables, SQLite, GeoJSON.

The tables are normalised (battles, aliases, sides, commanders, units, figures, phases,
events, sources, citations, disagreements) and linked by integer keys; the SQLite file
declares them as foreign keys. Every write goes through :mod:`battles.fsutil`, so an
existing file is kept unless ``force`` is given and nothing is left half-written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from battles import model
from battles.errors import UsageError
from battles.figures import Figure, format_figure
from battles.fsutil import atomic_write, atomic_write_dir, atomic_write_text
from battles.loader import Dataset

Row = dict[str, Any]

# table name -> (column, SQL type and constraints)
SCHEMA: dict[str, list[tuple[str, str]]] = {
    "battles": [
        ("id", "TEXT PRIMARY KEY"),
        ("name", "TEXT NOT NULL"),
        ("kind", "TEXT NOT NULL"),
        ("start", "TEXT NOT NULL"),
        ("end", "TEXT NOT NULL"),
        ("start_precision", "TEXT"),
        ("end_precision", "TEXT"),
        ("date_text", "TEXT"),
        ("place", "TEXT"),
        ("territory", "TEXT"),
        ("region", "TEXT"),
        ("country", "TEXT"),
        ("lat", "REAL"),
        ("lon", "REAL"),
        ("result", "TEXT"),
        ("summary", "TEXT"),
        ("file", "TEXT"),
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
    ],
    "sides": [
        ("id", "INTEGER PRIMARY KEY"),
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("key", "TEXT"),
        ("name", "TEXT"),
        ("belligerents", "TEXT"),
        ("outcome", "TEXT"),
        ("note", "TEXT"),
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
        ("shown", "TEXT"),
        ("text", "TEXT"),
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
    ],
    "disagreements": [
        ("battle_id", "TEXT NOT NULL REFERENCES battles(id)"),
        ("topic", "TEXT"),
        ("text", "TEXT"),
    ],
}


@dataclass
class Tables:
    rows: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in SCHEMA})

    def add(self, table: str, **values: Any) -> Any:
        """Add a row; returns its id (a new integer for tables with integer ids)."""
        rows = self.rows[table]
        if any(col == "id" and "INTEGER" in kind for col, kind in SCHEMA[table]):
            values["id"] = len(rows) + 1
        rows.append(values)
        return values.get("id")


def tables(dataset: Dataset) -> Tables:
    """The dataset as normalised tables."""
    out = Tables()
    for entry in dataset.records:
        _add_record(out, entry.record, str(entry.path))
    return out


def _add_record(out: Tables, record: model.Record, file: str) -> None:
    coords = record.place.coordinates
    out.add(
        "battles",
        id=record.key,
        name=record.name,
        kind=record.kind,
        start=record.start.iso(),
        end=record.last.iso(),
        start_precision=record.start.precision,
        end_precision=record.last.precision,
        date_text=record.date_text,
        place=record.place.name,
        territory=record.place.territory,
        region=record.place.region,
        country=record.place.country,
        lat=coords.lat if coords else None,
        lon=coords.lon if coords else None,
        result=record.result.text if record.result else None,
        summary=record.summary,
        file=file,
    )
    for alias in record.aliases:
        out.add("aliases", battle_id=record.key, alias=alias)
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
        )
        for n, src in enumerate(record.sources, start=1)
    }

    def figure(
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
    ) -> None:
        if fig is None:
            return
        low, high = fig.bounds()
        fid = out.add(
            "figures",
            battle_id=record.key,
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
            shown=format_figure(fig),
            text=fig.text,
            note=fig.note,
        )
        for key in fig.source or inherited:
            if key in source_ids:
                out.add("citations", source_id=source_ids[key], figure_id=fid, event_id=None)
        for part in fig.parts:
            figure(
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
            figure(
                estimate,
                measure,
                side=side,
                phase=phase,
                unit=unit,
                parent=fid,
                relation="estimate",
            )

    def casualties(
        cas: model.Casualties | None,
        *,
        side: int | None = None,
        phase: int | None = None,
        who: str | None = None,
    ) -> None:
        if cas is None:
            return
        inherited = tuple(cas.source)
        for name, fig in cas.kinds():
            figure(fig, name, side=side, phase=phase, label=who, inherited=inherited)
        if cas.total is not None:
            figure(cas.total, "total", side=side, phase=phase, label=who, inherited=inherited)
        for loss in cas.other:
            figure(
                loss.value,
                "other",
                side=side,
                phase=phase,
                label=loss.label,
                inherited=tuple(loss.source) or inherited,
            )

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
        )
        side_ids[side.id] = sid

        def commanders(
            items: tuple[model.Commander, ...], parent: int | None, sid: int = sid
        ) -> None:
            for c in items:
                cid = out.add(
                    "commanders",
                    side_id=sid,
                    parent_id=parent,
                    name=c.name,
                    role=c.role,
                    fate=c.fate,
                    note=c.note,
                )
                commanders(c.subordinates, cid)

        def units(items: tuple[model.Unit, ...], parent: int | None, sid: int = sid) -> None:
            for u in items:
                uid = out.add("units", side_id=sid, parent_id=parent, name=u.name, note=u.note)
                figure(u.strength, "strength", side=sid, unit=uid)
                units(u.units, uid)

        commanders(side.commanders, None)
        units(side.units, None)
        figure(side.strength, "strength", side=sid, inherited=tuple(side.source))
        casualties(side.casualties, side=sid)
    casualties(record.civilians, who="civilians")
    casualties(record.losses, who="all sides")
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
        for ps in phase.sides:
            figure(ps.strength, "strength", side=side_ids.get(ps.side), phase=pid)
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
    for item in record.disagreements:
        out.add("disagreements", battle_id=record.key, topic=item.topic, text=item.text)


# -- writers ---------------------------------------------------------------------------------


def write_sqlite(dataset: Dataset, path: Path) -> None:
    import sqlite3

    data = tables(dataset)
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        for name, columns in SCHEMA.items():
            spec = ", ".join(f'"{col}" {kind}' for col, kind in columns)
            connection.execute(f'CREATE TABLE "{name}" ({spec})')
        for name, columns in SCHEMA.items():
            cols = [col for col, _ in columns]
            marks = ", ".join("?" for _ in cols)
            names = ", ".join(f'"{c}"' for c in cols)
            connection.executemany(
                f'INSERT INTO "{name}" ({names}) VALUES ({marks})',
                [tuple(row.get(c) for c in cols) for row in data.rows[name]],
            )
        connection.commit()
    finally:
        connection.close()


def write_csv_dir(dataset: Dataset, directory: Path) -> None:
    import csv

    from battles.render.formats import safe_cell

    data = tables(dataset)
    for name, columns in SCHEMA.items():
        cols = [col for col, _ in columns]
        with (directory / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(cols)
            for row in data.rows[name]:
                writer.writerow([_csv_value(row.get(c), safe_cell) for c in cols])


def _csv_value(value: Any, safe: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe(value)
    return value


def dataset_json(dataset: Dataset) -> str:
    from battles.render.data import JSON_SCHEMA_VERSION, record_data
    from battles.render.formats import json_text

    document = {
        "schema_version": JSON_SCHEMA_VERSION,
        "records": [record_data(entry.record) for entry in dataset.records],
    }
    return json_text(document)


def dataset_geojson(dataset: Dataset) -> str:
    from battles.digest import BRIEF
    from battles.render.data import summary_data
    from battles.render.formats import json_text

    features = []
    for entry in dataset.records:
        record = entry.record
        coords = record.place.coordinates
        if coords is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [coords.lon, coords.lat]},
                "properties": summary_data(entry.digest(BRIEF)),
            }
        )
    return json_text({"type": "FeatureCollection", "features": features})


def export(dataset: Dataset, path: Path, fmt: str, *, force: bool) -> None:
    """Write the dataset to ``path``; refuses to replace an existing path without ``force``."""
    if fmt == "sqlite":
        atomic_write(path, lambda tmp: _fresh_sqlite(dataset, tmp), force=force)
    elif fmt == "csv":
        atomic_write_dir(path, lambda tmp: write_csv_dir(dataset, tmp), force=force)
    elif fmt == "json":
        atomic_write_text(path, dataset_json(dataset), force=force)
    elif fmt == "geojson":
        atomic_write_text(path, dataset_geojson(dataset), force=force)
    else:
        raise UsageError(f"cannot export as {fmt!r}; choose json, csv, sqlite or geojson")


def _fresh_sqlite(dataset: Dataset, tmp: Path) -> None:
    tmp.unlink()  # sqlite3 creates the file itself
    write_sqlite(dataset, tmp)
