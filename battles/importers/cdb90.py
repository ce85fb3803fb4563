"""CDB90 (CAA Database of Battles, version 1990, as tidied by Jeffrey B. Arnold) as records.

Tables read (paths inside the dataset folder, as cited in each record's sources):

- ``data/battles.csv`` (one row per battle, key ``isqno``): names, war, campaign, location;
- ``src-data/CDB90/CDB90-patched.csv`` (key ``ISQNO``), the table ``data/`` is built from, for
  what the build blanks: every negative code (``WINA`` -1 = the attacker lost, ``KMDA`` < 0 =
  the attacker fell back, the negative judgement scales, ``SURPA``/``AEROA`` -1..-3 = the
  defender) and the hour 2400 of the active periods (``data/active_periods.csv`` leaves that
  start time empty). A code that the original documentation uses for "not available"
  (-9 or 9 on the scales and ``AEROA``, -999 for ``KMDA``, 9999 for an hour) stays unknown;
- ``data/belligerents.csv`` (key ``isqno`` + ``attacker``): each side's forces, strengths,
  losses, equipment, tactical schemes, resolution and error bands;
- ``data/commanders.csv`` (read as UTF-8 with its two non-UTF-8 bytes read as Mac Roman:
  "Émile", "Bülow"), ``data/active_periods.csv`` (durations), ``data/terrain.csv``,
  ``data/weather.csv`` and ``data/front_widths.csv``. The code lists (``data/enum_*.csv``)
  are written out in the mapping tables below.

What the record format holds goes into its field; every other value goes into ``notes`` with
its label and column name. The mapping tables of codes to the format's words are below
(TERRAIN, WEATHER, SEASONS, POSTURES...), and the README repeats them.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from battles.importers.common import (
    HEADER,
    DatasetError,
    Record,
    Table,
    dataset_source,
    package_version,
    read_table,
    slug,
    title_case,
    to_float,
    to_int,
    unique_ids,
)

NAME = "cdb90"
TITLE = "CDB90 Battle Dataset (CAA Database of Battles, version 1990)"
AUTHORS = ["U.S. Army Concepts Analysis Agency", "Jeffrey B. Arnold"]
URL = "https://github.com/jrnold/CDB90"
PATCHED = "src-data/CDB90/CDB90-patched.csv"

# -- the mapping tables: CDB90 codes to the record format's vocabulary ------------------
# Terrain (terra1, terra2, terra3). None: no word of the vocabulary says it; the dataset's
# own word stays in the entry's text.
TERRAIN: dict[str, dict[str, tuple[str, str | None]]] = {
    "terra1": {"R": ("rolling", "rolling"), "G": ("rugged", "rugged"), "F": ("flat", None)},
    "terra2": {
        "B": ("bare", "open"),
        "M": ("mixed", "mixed"),
        "D": ("desert", "desert"),
        "W": ("heavily wooded", "forest"),
    },
    "terra3": {"M": ("marsh or swamp", "marsh"), "U": ("urban", "urban"), "D": ("dunes", None)},
}
# Weather (wx1 moisture, wx2 precipitation and cloud, wx3 temperature). CDB90's "light" and
# "heavy precipitation" do not say rain or snow, so they stay text.
WEATHER: dict[str, dict[str, tuple[str, str | None]]] = {
    "wx1": {"D": ("dry", "dry"), "W": ("wet", "wet")},
    "wx2": {
        "S": ("sunny (no precipitation)", "clear"),
        "O": ("overcast (no precipitation)", "overcast"),
        "L": ("light precipitation", None),
        "H": ("heavy precipitation", None),
    },
    "wx3": {"H": ("hot", "hot"), "C": ("cold", "cold"), "T": ("temperate", "temperate")},
}
SEASONS = {"$": "spring", "S": "summer", "F": "autumn", "W": "winter"}
CLIMATES = {"E": "tropical", "D": "desert", "T": "temperate"}
POSTURES = {
    "HD": "hasty defence",
    "PD": "prepared defence",
    "FD": "fortified defence",
    "DL": "delay",
    "WD": "withdrawal",
}
POSTURE_TYPES = {
    "0": "at most one defensive posture",
    "1": "a combination of two separate postures",
    "2": "an average or intermixture of two or more postures",
    "9": "more than one posture, whether separate or intermixed not available",
}
SCHEMES = {
    "FF": "frontal attack",
    "PP": "penetration",
    "EE": "single envelopment",
    "DE": "double envelopment",
    "LF": "left flank",
    "RF": "right flank",
    "LR": "left rear",
    "RR": "right rear",
    "FE": "feint, demonstration or holding attack",
    "RC": "river crossing",
    "DD": "defensive plan",
    "DO": "defensive/offensive plan",
}
RESOLUTIONS = {
    "AA": "annihilated",
    "PS": "pursued",
    "PP": "penetration",
    "WD": "withdrew",
    "RR": "repulse",
    "BB": "breakthrough",
    "SS": "stalemate",
    "WL": "withdrew with heavy losses",
}
# wina: 1 the attacker won, 0 a draw, -1 the attacker lost (blank in data/battles.csv).
WINA = {
    1: ("victory", "defeat", "attacker win"),
    0: ("draw", "draw", "draw"),
    -1: (
        "defeat",
        "victory",
        "attacker loss",
    ),
}
CODEAD = {1: "initial", 2: "average", 3: "engaged"}
CODEAD_TEXT = {
    1: "total strength is also the initial strength",
    2: "total strength is an average daily strength",
    3: "total strength is the total strength engaged",
}
SURPRISE = {
    0: "neither side achieved surprise, or it did not affect the outcome",
    1: "minor surprise achieved by the attacker",
    2: "substantial surprise achieved by the attacker",
    3: "complete surprise achieved by the attacker",
    -1: "minor surprise achieved by the defender",
    -2: "substantial surprise achieved by the defender",
    -3: "complete surprise achieved by the defender",
}
# The judgement scales of data/battles.csv: relative advantages (positive: the attacker's)
# and degrees of influence on the outcome (positive: in the attacker's favour).
ADVANTAGES = {
    "cea": "combat effectiveness",
    "leada": "leadership",
    "trnga": "training",
    "morala": "morale",
    "logsa": "logistics",
    "momnta": "momentum",
    "intela": "intelligence",
    "techa": "technology",
    "inita": "initiative",
}
INFLUENCES = {
    "quala": "force quality",
    "resa": "reserves",
    "mobila": "mobility",
    "aira": "air superiority",
    "fprepa": "preparation",
    "wxa": "weather",
    "terra": "terrain",
    "leadaa": "leadership",
    "plana": "planning",
    "surpaa": "surprise",
    "mana": "manoeuvrability",
    "logsaa": "logistics",
    "fortsa": "fortifications",
    "deepa": "depth of position",
}
NOT_AVAILABLE = {-9, 9}  # on the scales, aeroa, front/depth/time
# Equipment a battle before these years could not have had: a 0 there says nothing and is
# left out (a 0 from that year on is kept: no tanks at a 1940 battle is information).
FIRST_YEAR = {"tanks": 1916, "aircraft": 1914}
TANK_COLUMNS = ("tank", "lt", "mbt", "ctank")
AIR_COLUMNS = ("fly", "cfly")


def read(folder: Path) -> list[Record]:
    """The records of a CDB90 folder (as published: data/, src-data/), in isqno order."""
    version = package_version(folder)
    battles = read_table(folder, "data/battles.csv")
    patched = {r.get("ISQNO", ""): r for r in read_table(folder, PATCHED).rows}
    by_battle: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
    tables: dict[str, Table] = {}
    for name in (
        "belligerents",
        "commanders",
        "active_periods",
        "terrain",
        "weather",
        "front_widths",
    ):
        tables[name] = read_table(folder, f"data/{name}.csv")
        for row in tables[name].rows:
            by_battle[row.get("isqno", "")][name].append(row)
    drafts: list[tuple[Record, list[str]]] = []
    for row in battles.rows:
        key = row.get("isqno", "")
        if key not in patched:
            raise DatasetError(f"{folder / PATCHED}: no row for isqno {key}")
        record = _record(row, patched[key], by_battle[key], version)
        drafts.append((record, _id_candidates(record, row)))
    ids = unique_ids([(cands[0], cands[1:]) for _, cands in drafts])
    records = []
    for (record, _), key in zip(drafts, ids, strict=True):
        records.append({"id": key, **record})
    _link_duplicates(records, battles)
    return records


def header(folder: Path) -> str:
    return HEADER.format(dataset=NAME, title=f"{TITLE}, {package_version(folder)}")


def _id_candidates(record: Record, row: dict[str, str]) -> list[str]:
    """``nieuport-1600``; where two battles share name and year, the start date is added
    (``campoleone-1944-01-30``), then the row key."""
    year = str(record["start"])[:4]
    name = slug(record["name"])
    # a name that holds its year already (1916 BRUSILOV OFFENSIVE) does not get it twice
    base = name if year in name.split("-") else f"{name}-{year}"
    day = str(record["start"])[:10]
    return [base, f"{name}-{day}", f"{base}-isqno-{row['isqno']}"]


def _link_duplicates(records: list[Record], battles: Table) -> None:
    """CDB90's ``parent``: the isqno of the battle a row duplicates; named by its id."""
    ids = {row["isqno"]: rec["id"] for row, rec in zip(battles.rows, records, strict=True)}
    for row, record in zip(battles.rows, records, strict=True):
        parent = row.get("parent", "")
        if parent:
            record["notes"].append(
                f"CDB90 marks this row as a duplicate of isqno {parent} "
                f"({ids.get(parent, 'not in the table')}) (parent)."
            )


# -- one record ---------------------------------------------------------------------------


def _record(
    row: dict[str, str], orig: dict[str, str], rel: dict[str, list[dict[str, str]]], version: str
) -> Record:
    isqno = row["isqno"]
    notes: list[str] = []
    sources = [
        _src("cdb90", "data/battles.csv", f"isqno {isqno}", version),
        _src("cdb90-patched", PATCHED, f"ISQNO {isqno}", version),
    ]
    name = title_case(row.get("name", "")) or f"CDB90 battle {isqno}"
    periods = _periods(orig)
    if not periods:
        raise DatasetError(f"{PATCHED}: ISQNO {isqno} has no active period with a date")
    record: Record = {"schema_version": 2, "name": name}
    record["kind"] = "battle"
    part_of = [title_case(row[k]) for k in ("war", "campgn") if row.get(k)]
    if part_of:
        record["part_of"] = part_of
    record["start"] = periods[0][0]
    last = periods[-1][1]
    if last != periods[0][0]:
        record["end"] = last
    record["date_source"] = ["cdb90-patched"]
    duration = _duration(rel["active_periods"], notes)
    if duration is not None:
        record["duration"] = duration
        sources.append(_src("cdb90-periods", "data/active_periods.csv", f"isqno {isqno}", version))
    record["place"] = {
        "name": title_case(row.get("locn", "")) or "not stated",
        "source": ["cdb90"],
    }
    sides, side_ids = _sides(row, orig, rel, isqno, version, sources, notes)
    wina = to_int(orig.get("WINA"))
    if wina in WINA:
        attacker_result, defender_result, words = WINA[wina]
        sides[0] = _after(sides[0], "role", "result", attacker_result)
        sides[1] = _after(sides[1], "role", "result", defender_result)
        result: Record = {
            "text": words,
            "winner": {1: side_ids[0], 0: "none", -1: side_ids[1]}[wina],
        }
        crit = to_int(orig.get("CRIT"))
        if crit in (1, 2):
            result["note"] = (
                "The victor was assigned on "
                + (
                    "a clear-cut resolution."
                    if crit == 1
                    else "mission accomplishment (not clear cut)."
                )
                + f" (CDB90 crit {crit})"
            )
        result["source"] = ["cdb90-patched"]
        record["result"] = result
    record["sides"] = sides
    conditions = _conditions(row, orig, rel, side_ids, isqno, version, sources, notes)
    if conditions:
        record["conditions"] = conditions
    if len(periods) > 1:
        record["phases"] = [
            {"name": f"Active period {n}", "start": s, "end": e, "source": ["cdb90-patched"]}
            for n, (s, e) in enumerate(periods, start=1)
        ]
    reviewed = _reviewed(sides)
    if reviewed:
        record["reviewed"] = reviewed
    _scales(orig, notes)
    _battle_notes(row, notes)
    record["notes"] = notes
    record["sources"] = sources
    return record


def _reviewed(sides: list[Record]) -> list[Record]:
    """The warnings the data is known to give, acknowledged: CDB90's casualties above a
    strength (the Somme, 1916: losses over months, against the strength at the start)."""
    import math

    def bound(figure: Record, sign: int) -> float:
        """The figure's value moved by its error band (the format's rule: outward)."""
        from battles.figures import parse_band

        minus, plus, percent = parse_band(figure.get("error", 0))
        amount = plus if sign > 0 else -minus
        value = float(figure["value"])
        moved = value * (1 + amount / 10_000) if percent else value + amount  # 1/100 of 1 %
        return math.ceil(moved) if sign > 0 else math.floor(moved)

    out = []
    for n, side in enumerate(sides):
        strength = side.get("strength", {}).get("value")
        total = side.get("casualties", {}).get("total", {}).get("value")
        if (
            isinstance(strength, int)
            and isinstance(total, int)
            and bound(side["casualties"]["total"], -1) > bound(side["strength"], +1)
        ):
            counts = side["strength"].get("counts", "stated")
            out.append(
                {
                    "warning": "casualties-above-strength",
                    "field": f"sides[{n}].casualties",
                    "note": (
                        f"As in CDB90: battle casualties {total:,} against a strength of "
                        f"{strength:,} ({counts}); the dataset gives no reinforcements for "
                        "this side, so the losses of a long battle exceed the strength it "
                        "started with."
                    ),
                }
            )
    return out


def _after(entry: Record, key: str, new: str, value: Any) -> Record:
    """``entry`` with ``new: value`` placed just after ``key`` (the order a reader expects)."""
    out: Record = {}
    for k, v in entry.items():
        out[k] = v
        if k == key:
            out[new] = value
    if new not in out:
        out[new] = value
    return out


def _src(source_id: str, table: str, row: str, version: str) -> Record:
    return dataset_source(
        source_id,
        title=TITLE,
        authors=AUTHORS,
        version=version,
        table=table,
        row=row,
        url=URL,
    )


def _when(year: str, month: str, day: str, hour: str) -> str | None:
    """A date (and time of day) from the patched table's columns; 9999/99: not available."""
    y, m, d, h = to_int(year), to_int(month), to_int(day), to_int(hour)
    if y is None or not 1 <= y < 9999 or m is None or not 1 <= m <= 12:
        return None
    import calendar

    if d is None or not 1 <= d <= calendar.monthrange(y, m)[1]:
        return f"{y:04d}-{m:02d}"
    text = f"{y:04d}-{m:02d}-{d:02d}"
    if h is not None and 0 <= h <= 2400 and h % 100 < 60:
        text += f" {h // 100:02d}:{h % 100:02d}"  # 2400: the end of that day (the spec's 24:00)
    return text


def _periods(orig: dict[str, str]) -> list[tuple[str, str]]:
    periods = []
    for n in range(1, 11):
        start = _when(*(orig.get(f"ATPB{c}{n}", "") for c in ("YR", "MN", "DA", "HR")))
        end = _when(*(orig.get(f"ATPE{c}{n}", "") for c in ("YR", "MN", "DA", "HR")))
        if start is None:
            continue
        periods.append((start, end or start))
    return periods


def _span(low: float, high: float) -> str:
    """Minutes as the format's duration, in the largest unit that keeps them exact: whole days
    from two days on (``2880``: ``2 days``), hours in quarters (``690``: ``11.5 hours``), else
    minutes (``50 minutes``); a range where they differ (``112-116 days``)."""
    if high >= 2880 and low % 1440 == 0 and high % 1440 == 0:
        a, b, unit = low / 1440, high / 1440, "days"
    elif low % 15 == 0 and high % 15 == 0:
        a, b, unit = low / 60, high / 60, "hours"
    else:
        a, b, unit = low, high, "minutes"
    if b == 1:
        unit = unit[:-1]
    return f"{a:g} {unit}" if a == b else f"{a:g}-{b:g} {unit}"


def _duration(rows: list[dict[str, str]], notes: list[str]) -> Any:
    """The active fighting: the sum of the active periods' durations (minutes)."""
    low = sum(to_float(r.get("duration_min")) or 0 for r in rows)
    high = sum(to_float(r.get("duration_max")) or 0 for r in rows)
    if not rows or high <= 0:
        return None
    count = len(rows)
    periods = f"{count} active period" + ("" if count == 1 else "s")
    if low == high:
        value = _span(low, high)
        text = f"{low:g} minutes of active fighting in {periods}"
    elif low > 0:
        value = _span(low, high)
        text = f"between {low:g} and {high:g} minutes of active fighting in {periods}"
    else:
        notes.append(
            f"Active fighting: at most {high:g} minutes in {periods}; the hours are not "
            "given (data/active_periods.csv duration_max)."
        )
        return None
    return {"value": value, "text": text, "source": ["cdb90-periods"]}


def _side_id(actors: str, other: str, role: str) -> str:
    base = slug(actors) or role
    if base == slug(other) or base in ("attacker", "defender"):
        return f"{base}-{role}" if base != role else role
    return base


def _sides(
    row: dict[str, str],
    orig: dict[str, str],
    rel: dict[str, list[dict[str, str]]],
    isqno: str,
    version: str,
    sources: list[Record],
    notes: list[str],
) -> tuple[list[Record], tuple[str, str]]:
    year = int(_periods(orig)[0][0][:4])
    found = {r.get("attacker"): r for r in rel["belligerents"]}
    if "1" not in found or "0" not in found:
        raise DatasetError(f"data/belligerents.csv: isqno {isqno} lacks the attacker or defender")
    att, dfd = found["1"], found["0"]
    ids = (
        _side_id(att.get("actors", ""), dfd.get("actors", ""), "attacker"),
        _side_id(dfd.get("actors", ""), att.get("actors", ""), "defender"),
    )
    sides = []
    for bel, side_id, role in ((att, ids[0], "attacker"), (dfd, ids[1], "defender")):
        src = f"cdb90-{role}"
        sources.append(
            _src(
                src, "data/belligerents.csv", f"isqno {isqno}, attacker {bel['attacker']}", version
            )
        )
        side = _side(bel, side_id, role, src, rel, isqno, version, sources, notes, year)
        sides.append(side)
    return sides, ids


def _side(
    bel: dict[str, str],
    side_id: str,
    role: str,
    src: str,
    rel: dict[str, list[dict[str, str]]],
    isqno: str,
    version: str,
    sources: list[Record],
    notes: list[str],
    year: int,
) -> Record:
    actors = [a.strip() for a in bel.get("actors", "").split(" & ") if a.strip()]
    side: Record = {
        "id": side_id,
        "name": " and ".join(actors) or role.capitalize(),
        "role": role,
    }
    if actors:
        side["belligerents"] = actors
    commanders = [
        c for c in rel["commanders"] if c.get("attacker") == bel["attacker"] and c.get("commanders")
    ]
    if commanders:
        cid = f"cdb90-commanders-{role}"
        sources.append(
            _src(
                cid,
                "data/commanders.csv",
                f"isqno {isqno}, attacker {bel['attacker']}",
                version,
            )
        )
        side["commanders"] = []
        for c in commanders:
            entry: Record = {"name": c["commanders"]}
            if c.get("uri"):
                entry["note"] = f"Wikipedia article: {c['uri']}"
            entry["source"] = [cid]
            side["commanders"].append(entry)
    elif bel.get("co"):
        side["commanders"] = [{"name": bel["co"], "source": [src]}]
    if bel.get("nam"):
        side["units"] = [{"name": bel["nam"], "source": [src]}]
    strength = _strength(bel, src)
    if strength is not None:
        side["strength"] = strength
    strengths = []
    for column, counts in (("intst", "initial"), ("finst", "final")):
        value = to_int(bel.get(column))
        same = strength is not None and (strength.get("value"), strength.get("counts")) == (
            value,
            counts,
        )
        if value is not None and value >= 0 and not same:  # the main strength, said once
            strengths.append({"value": value, "counts": counts, "source": [src]})
    if strengths:
        side["strengths"] = strengths
    equipment = []
    for column, kind, label in (
        ("cav", "cavalry", None),
        ("tank", "tanks", None),
        ("lt", "light tanks", None),
        ("mbt", "other", "main battle tanks"),
        ("arty", "guns", None),
        ("fly", "sorties", None),
    ):
        value = _equipment_value(bel, column, year)
        if value is None:
            continue
        entry = {"kind": kind, "value": value}
        if label:
            entry["label"] = label
        if column == "tank":
            entry["text"] = "tanks of all kinds"
        if column == "fly":
            entry["text"] = "close air support sorties"
        entry["source"] = [src]
        equipment.append(entry)
    if equipment:
        side["equipment"] = equipment
    casualties = _casualties(bel, src, year)
    if casualties:
        side["casualties"] = casualties
    reso = [RESOLUTIONS.get(bel.get(f"reso{n}", ""), "") for n in (1, 2, 3)]
    reso = [r for r in reso if r]
    if reso:
        side["outcome"] = "; ".join(reso)
    side["source"] = [src]
    _side_notes(bel, role, commanders, notes)
    return side


def _band(plus: str | None, minus: str | None) -> tuple[str | None, str | None]:
    """The error band as the format holds it (``15%``, ``+33%/-3%``), or, when a percent is
    missing or points the wrong way, None and the text for the notes."""
    p, m = to_int(plus), to_int(minus)
    if p is None and m is None:
        return None, None
    if p is not None and m is not None and p == -m:
        return (f"{p}%" if p else None), None
    if p is not None and m is not None and p >= 0 and -100 <= m <= 0:
        return f"+{p}%/-{-m}%", None  # a band wider on one side: the format holds it
    return None, f"+{p if p is not None else '?'}% / {m if m is not None else '?'}%"


def _strength(bel: dict[str, str], src: str) -> Record | None:
    value = to_int(bel.get("str"))
    if value is None or value < 0:
        return None
    fig: Record = {"value": value}
    code = to_int(bel.get("code"))
    if code in CODEAD:
        fig["counts"] = CODEAD[code]
        fig["text"] = f"{CODEAD_TEXT[code]} (CDB90 code {code})"
    error, _ = _band(bel.get("strpl"), bel.get("strmi"))
    if error:
        fig["error"] = error
    fig["source"] = [src]
    return fig


def _equipment_value(bel: dict[str, str], column: str, year: int) -> int | None:
    value = to_int(bel.get(column))
    if value is None or value < 0:
        return None
    if value == 0 and column in TANK_COLUMNS and year < FIRST_YEAR["tanks"]:
        return None
    if value == 0 and column in AIR_COLUMNS and year < FIRST_YEAR["aircraft"]:
        return None
    return value


def _casualties(bel: dict[str, str], src: str, year: int) -> Record:
    out: Record = {}
    value = to_int(bel.get("cas"))
    if value is not None and value >= 0:
        total: Record = {"value": value}
        error, _ = _band(bel.get("caspl"), bel.get("casmi"))
        if error:
            total["error"] = error
        total["text"] = "battle casualties"
        total["source"] = [src]
        out["total"] = total
    lost = []
    for column, kind in (("ctank", "tanks"), ("carty", "guns"), ("cfly", "aircraft")):
        count = _equipment_value(bel, column, year)
        if count is not None:
            entry: Record = {"kind": kind, "fate": "lost", "value": count}
            if column == "cfly":
                entry["text"] = "close air support aircraft lost"
            entry["source"] = [src]
            lost.append(entry)
    if lost:
        out["equipment"] = lost
    return out


def _side_notes(
    bel: dict[str, str], role: str, commanders: list[dict[str, str]], notes: list[str]
) -> None:
    who = role.capitalize()
    parts = []
    for kind, columns in (
        ("primary", ("pri1", "pri2", "pri3")),
        ("secondary", ("sec1", "sec2", "sec3")),
    ):
        codes = [bel.get(c, "") for c in columns]
        words = [SCHEMES.get(c, c) for c in codes if c and c not in ("0", "00")]
        if words:
            parts.append(f"{kind} tactical scheme {', '.join(words)} ({'/'.join(columns)})")
    rerp = to_int(bel.get("rerp"))
    if rerp is not None:
        parts.append(f"reinforcements and replacements during the battle {rerp:,} (rerp)")
    ach = to_int(bel.get("ach"))
    if ach is not None:
        parts.append(f"mission accomplishment {ach} on a scale of 1 to 10 (ach)")
    _, strength_band = _band(bel.get("strpl"), bel.get("strmi"))
    if strength_band:
        parts.append(f"strength error {strength_band} (strpl/strmi)")
    _, casualty_band = _band(bel.get("caspl"), bel.get("casmi"))
    if casualty_band:
        parts.append(f"casualty error {casualty_band} (caspl/casmi)")
    listed = [c.get("commanders", "") for c in commanders]
    if bel.get("co") and bel["co"] not in (" & ".join(listed), *listed):
        parts.append(f"commanders as one cell: {bel['co']} (co)")
    if parts:
        notes.append(f"{who} (CDB90 belligerents): " + "; ".join(parts) + ".")


def _listed(words: list[str]) -> list[str]:
    return list(dict.fromkeys(words))


def _conditions(
    row: dict[str, str],
    orig: dict[str, str],
    rel: dict[str, list[dict[str, str]]],
    side_ids: tuple[str, str],
    isqno: str,
    version: str,
    sources: list[Record],
    notes: list[str],
) -> Record:
    out: Record = {}
    terrain_rows = sorted(rel["terrain"], key=lambda r: to_int(r.get("terrano")) or 0)
    if terrain_rows:
        sources.append(_src("cdb90-terrain", "data/terrain.csv", f"isqno {isqno}", version))
        words, texts = [], []
        for r in terrain_rows:
            said = []
            for column, table in TERRAIN.items():
                code = r.get(column, "")
                if code in table:
                    own, word = table[code]
                    said.append(own)
                    if word:
                        words.append(word)
            texts.append(f"{r.get('terrano', '?')}: {', '.join(said) or 'not available'}")
        entry: Record = {}
        if words:
            entry["value"] = _listed(words)
        entry["text"] = "CDB90 terrain " + "; ".join(texts)
        entry["source"] = ["cdb90-terrain"]
        out["terrain"] = entry
    weather_rows = sorted(rel["weather"], key=lambda r: to_int(r.get("wxno")) or 0)
    if weather_rows:
        sources.append(_src("cdb90-weather", "data/weather.csv", f"isqno {isqno}", version))
        words, texts, seasons = [], [], []
        for r in weather_rows:
            said = []
            for column, table in WEATHER.items():
                code = r.get(column, "")
                if code in table:
                    own, word = table[code]
                    said.append(own)
                    if word:
                        words.append(word)
            season = SEASONS.get(r.get("wx4", ""))
            if season:
                seasons.append(season)
                said.append(season)
            climate = CLIMATES.get(r.get("wx5", ""))
            if climate:
                said.append(f"{climate} climate")
            texts.append(f"{r.get('wxno', '?')}: {', '.join(said) or 'not available'}")
        entry = {}
        if words:
            entry["value"] = _listed(words)
        entry["text"] = "CDB90 weather " + "; ".join(texts)
        entry["source"] = ["cdb90-weather"]
        out["weather"] = entry
        if seasons:
            season_entry: Record = {"value": seasons[0]}
            if len(set(seasons)) > 1:
                season_entry["text"] = "CDB90 gives " + ", then ".join(seasons)
            season_entry["note"] = (
                "CDB90's seasons: northern hemisphere spring March-May ... winter December-"
                "February; southern hemisphere the reverse."
            )
            season_entry["source"] = ["cdb90-weather"]
            out["season"] = season_entry
    surpa = to_int(orig.get("SURPA"))
    if surpa in SURPRISE:
        who = "none" if surpa == 0 else side_ids[0] if surpa > 0 else side_ids[1]
        out["surprise"] = {
            "value": who,
            "text": f"{SURPRISE[surpa]} (CDB90 surpa {surpa})",
            "source": ["cdb90-patched"],
        }
    aeroa = to_int(orig.get("AEROA"))
    if aeroa in (-1, 0, 1):
        who = {0: "none", 1: side_ids[0], -1: side_ids[1]}[aeroa]
        out["air_superiority"] = {
            "value": who,
            "text": f"theater air superiority (CDB90 aeroa {aeroa})",
            "source": ["cdb90-patched"],
        }
    posture = [
        {"side": side_ids[1], "value": POSTURES[code]}
        for code in (row.get("post1", ""), orig.get("POST2", ""))
        if code in POSTURES
    ]
    if posture:
        said = []
        kind = POSTURE_TYPES.get(orig.get("POSTYPE", ""))
        if kind:
            said.append(f"the defender's posture: {kind} (postype {orig.get('POSTYPE')})")
        for column, what in (
            ("FRONT", "along the front"),
            ("DEPTH", "with depth"),
            ("TIME", "over time"),
        ):
            flag = to_int(orig.get(column))
            if flag in (0, 1):
                said.append(f"{'changed' if flag else 'did not change'} {what}")
        out["posture"] = {"value": posture, "text": "; ".join(said), "source": ["cdb90-patched"]}
    fronts = sorted(rel["front_widths"], key=lambda r: to_int(r.get("front_number")) or 0)
    widths = [
        (r.get("front_number", "?"), to_float(r.get("wofa")), to_float(r.get("wofd")), r)
        for r in fronts
    ]
    widths = [
        w for w in widths if (w[1] is not None and w[1] >= 0) or (w[2] is not None and w[2] >= 0)
    ]
    if widths:
        sources.append(_src("cdb90-fronts", "data/front_widths.csv", f"isqno {isqno}", version))
        texts = []
        for number, wofa, wofd, r in widths:
            when = r.get("time_min", "")
            texts.append(
                f"front {number}: attacker's {_km(wofa)}, defender's {_km(wofd)}"
                + (f" from {when.replace('T', ' ')[:16]}" if when else "")
            )
        first = widths[0]
        value = first[2] if first[2] is not None and first[2] >= 0 else first[1]
        out["front_width"] = {
            "value": value,
            "unit": "km",
            "text": "; ".join(texts) + " (the value: the defender's front, else the attacker's)",
            "source": ["cdb90-fronts"],
        }
    kmda = to_float(orig.get("KMDA"))
    if kmda is not None and kmda != -999:
        if kmda >= 0:
            out["distance_advanced"] = {
                "value": kmda,
                "unit": "km",
                "text": "distance the attacker advanced (CDB90 kmda)",
                "source": ["cdb90-patched"],
            }
        else:
            notes.append(
                f"The attacker fell back {-kmda:g} km (CDB90 kmda {kmda:g}; blank in "
                "data/battles.csv)."
            )
    return out


def _km(value: float | None) -> str:
    return "not available" if value is None or value < 0 else f"{value:g} km"


def _scales(orig: dict[str, str], notes: list[str]) -> None:
    for title, scale in (
        ("relative advantages (positive: the attacker's, negative: the defender's)", ADVANTAGES),
        ("degree of influence on the outcome (positive: for the attacker)", INFLUENCES),
    ):
        said = []
        for column, label in scale.items():
            value = to_int(orig.get(column.upper()))
            if value is None or value in NOT_AVAILABLE:
                continue
            said.append(f"{label} {value:+d} ({column})" if value else f"{label} 0 ({column})")
        if said:
            notes.append(f"CDB90 {title}: " + ", ".join(said) + ".")


def _battle_notes(row: dict[str, str], notes: list[str]) -> None:
    said = []
    for column, label in (
        ("war2", "war as in HERO 1984"),
        ("war3", "war, aggregated"),
        ("war4", "war, new classification"),
        ("war4_theater", "theatre"),
        ("cow_warname", "Correlates of War war"),
        ("cow_warno", "Correlates of War number"),
        ("dbpedia", "DBpedia"),
    ):
        value = row.get(column, "")
        if value and value != row.get("war"):
            said.append(f"{label}: {value} ({column})")
    if row.get("war_initiator") in ("0", "1"):
        said.append(
            "the attacker was "
            + ("" if row["war_initiator"] == "1" else "not ")
            + "on the side of the war's initiator (war_initiator)"
        )
    if row.get("is_hero") in ("0", "1"):
        said.append(
            "from the original HERO (1984) data (is_hero)"
            if row["is_hero"] == "1"
            else "from the IR/RAD report of 1987, not HERO 1984 (is_hero)"
        )
    if said:
        notes.append("CDB90: " + "; ".join(said) + ".")
