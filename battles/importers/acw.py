"""American Civil War battle data (Jeffrey B. Arnold) as records: one per CWSAC battle.

The battles and their dates, places, campaigns, results and commanders come from the CWSAC
tables (``cwsac_battles.csv``, ``cwsac_commanders.csv``), the attacker and the ships from
``battlemisc.csv`` and ``ships_in_battles.csv``. Each other source's strengths and losses
become estimates beside one another, each citing its own table and row:

========================  ============================================  ======================
table                     the source                                    linked to CWSAC by
========================  ============================================  ======================
cwsac_forces.csv          CWSAC Report (1993)                           its battle column
cws2_forces.csv           CWSAC Report Updates (2009-2013)              its battle column
cwss_forces.csv           Civil War Soldiers and Sailors database       BattlefieldCode
kennedy1997_forces.csv    Kennedy, Civil War Battlefield Guide (1997)   kennedy1997_battles
wikipedia_forces.csv      Wikipedia infoboxes                           wikipedia_battles
civilwarorg_forces.csv    Civil War Trust (civilwar.org)                civilwarorg_battles
shenandoah_forces.csv     NPS Shenandoah Valley study                   shenandoah_battles
livermore_forces.csv      Livermore, Numbers and Losses (1900)          livermore_to_cwsac
bodart1908_forces.csv     Bodart, Kriegs-Lexikon (1908)                 bodart1908_to_cwsac
clodfelter_forces.csv     Clodfelter, Warfare and Armed Conflicts       clodfelter_to_cwsac
fox_forces.csv            Fox, Regimental Losses (1898)                 fox_forces_to_cwsac
phisterer_forces.csv      Phisterer, Statistical Record (1883)          phisterer_to_cwsac
========================  ============================================  ======================

A source battle linked to exactly one CWSAC battle as the same battle ("eq") gives
estimates; one that is a part of it ("lt", "<") gives estimates with a ``scope``; any other
link (one source battle for several CWSAC battles, or the reverse) is kept in ``notes``, with
its figures, since no one battle's figure can be taken from it. ``nps_forces.csv`` is left out:
its means and variances are computed by the dataset's author from the CWSAC and CWSS tables
already cited. Killed and wounded, missing and captured (and the other combined kinds) stay
combined, as ``other`` losses with their label; guns, cavalry and ships are equipment.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from battles.importers.common import (
    HEADER,
    DatasetError,
    Record,
    dataset_source,
    package_version,
    read_json,
    read_table,
    slug,
    to_int,
    unique_ids,
)

NAME = "acw"
TITLE = "American Civil War Battle Data"
AUTHORS = ["Jeffrey B. Arnold"]
URL = "https://github.com/jrnold/acw_battle_data"
SUBDIR = "build/acw_battle_data"  # where the tables are in the repository as published

SIDES = {
    "US": ("union", "Union", "United States"),
    "Union": ("union", "Union", "United States"),
    "Confederate": ("confederate", "Confederate", "Confederate States"),
    "Native American": ("native-american", "Native American", "Native Americans"),
}
RESULTS = {"Union": "union", "Confederate": "confederate"}

# What a column holds: a strength, a kind of loss, a combined kind, or equipment.
# ("kind", name) or ("other", label) or ("equipment", kind, label or None) or
# ("lost", kind, fate, label or None) or ("engaged",) for a strength engaged.
Use = tuple[str | None, ...]
KILLED: Use = ("kind", "killed")
WOUNDED: Use = ("kind", "wounded")
MISSING: Use = ("kind", "missing")
CAPTURED: Use = ("kind", "captured")
TOTAL: Use = ("kind", "total")
STRENGTH: Use = ("strength",)
KW: Use = ("other", "killed and wounded")
MC: Use = ("other", "missing and captured")
WM: Use = ("other", "wounded and missing")
KM: Use = ("other", "killed and missing")


@dataclass(frozen=True)
class Spec:
    """One source table: its id in a record's sources, file, key and belligerent columns,
    how its battles are linked to CWSAC's, and what its columns hold."""

    id: str
    table: str
    key: str
    columns: dict[str, Use]
    link: str = "direct"  # direct | a mapping json | battles:<table>:<key column>
    belligerent: str = "belligerent"
    skip: tuple[str, ...] = ()  # columns derived by the dataset's author (left out)
    text: str | None = None  # a column with the source's own words for the force


SPECS: tuple[Spec, ...] = (
    Spec(
        "cwsac",
        "cwsac_forces.csv",
        "battle",
        {
            "strength_min": STRENGTH,
            "casualties": TOTAL,
            "killed": KILLED,
            "wounded": WOUNDED,
            "missing": MISSING,
            "captured": CAPTURED,
        },
        text="description",
    ),
    Spec("cws2", "cws2_forces.csv", "battle", {"strength": STRENGTH}, text="description"),
    Spec(
        "cwss",
        "cwss_forces.csv",
        "BattlefieldCode",
        {"TroopsEngaged": STRENGTH, "Casualties": TOTAL},
    ),
    Spec(
        "kennedy1997",
        "kennedy1997_forces.csv",
        "battle_id",
        {"casualties_min": TOTAL, "killed_wounded_min": KW, "missing": MISSING},
        link="battles:kennedy1997_battles.csv:battle_id",
    ),
    Spec(
        "wikipedia",
        "wikipedia_forces.csv",
        "battle_id",
        {
            "strength_min": STRENGTH,
            "casualties_min": TOTAL,
            "killed_min": KILLED,
            "wounded_min": WOUNDED,
            "missing_min": MISSING,
            "captured_min": CAPTURED,
            "killed_wounded_min": KW,
            "wounded_missing_min": WM,
            "captured_missing_min": MC,
        },
        link="battles:wikipedia_battles.csv:battle_id",
    ),
    Spec(
        "civilwarorg",
        "civilwarorg_forces.csv",
        "battle_id",
        {
            "strength": STRENGTH,
            "casualties": TOTAL,
            "killed": KILLED,
            "wounded": WOUNDED,
            "killed_wounded": KW,
            "missing_captured": MC,
        },
        link="battles:civilwarorg_battles.csv:battle_id",
    ),
    Spec(
        "shenandoah",
        "shenandoah_forces.csv",
        "battle_id",
        {
            "strength_min": STRENGTH,
            "casualties": TOTAL,
            "killed": KILLED,
            "wounded": WOUNDED,
            "missing_captured": MC,
        },
        link="battles:shenandoah_battles.csv:battle_id",
        text="description",
    ),
    Spec(
        "livermore",
        "livermore_forces.csv",
        "battle_id",
        {"str": STRENGTH, "kia": KILLED, "wia": WOUNDED, "kw": KW, "miapow": MC},
        link="livermore_to_cwsac.json",
    ),
    Spec(
        "bodart1908",
        "bodart1908_forces.csv",
        "battle_id",
        {
            "strength": STRENGTH,
            "strength_engaged": ("engaged",),
            "cavalry": ("equipment", "cavalry", None),
            "guns": ("equipment", "guns", None),
            "killed": KILLED,
            "wounded": WOUNDED,
            "captured": CAPTURED,
            "missing": MISSING,
            "killed_wounded": KW,
            "casualties": TOTAL,
            "losses_guns": ("lost", "guns", "lost", None),
            "losses_cannon": ("lost", "guns", "lost", "cannon"),
            "losses_canons": ("lost", "guns", "lost", "cannon"),
        },
        link="bodart1908_to_cwsac.json",
    ),
    Spec(
        "clodfelter",
        "clodfelter_forces.csv",
        "battle_id",
        {
            "strength": STRENGTH,
            "cavalry": ("equipment", "cavalry", None),
            "frigates": ("equipment", "ships", "frigates"),
            "gunboats": ("equipment", "ships", "gunboats"),
            "ironclads": ("equipment", "ships", "ironclads"),
            "sloops": ("equipment", "ships", "sloops"),
            "steamers": ("equipment", "ships", "steamers"),
            "warships_and_transports": ("equipment", "ships", "warships and transports"),
            "warships": ("equipment", "ships", "warships"),
            "wooden_warships": ("equipment", "ships", "wooden warships"),
            "guns": ("equipment", "guns", None),
            "casualties": TOTAL,
            "captured": CAPTURED,
            "killed": KILLED,
            "wounded": WOUNDED,
            "missing": MISSING,
            "killed_wounded": KW,
            "killed_missing": KM,
            "missing_captured": MC,
            "wounded_missing": WM,
            "guns_lost": ("lost", "guns", "lost", None),
            "guns_captured": ("lost", "guns", "captured", None),
            "warships_sunk": ("lost", "ships", "sunk", "warships"),
            "warships_damaged": ("lost", "ships", "damaged", "warships"),
            "gunboats_sunk": ("lost", "ships", "sunk", "gunboats"),
            "gunboats_captured": ("lost", "ships", "captured", "gunboats"),
            "ironclads_sunk": ("lost", "ships", "sunk", "ironclads"),
            "ironclads_captured": ("lost", "ships", "captured", "ironclads"),
        },
        link="clodfelter_to_cwsac.json",
        skip=("str_mean", "str_var"),
    ),
    Spec(
        "fox",
        "fox_forces.csv",
        "battle_id",
        {"killed": KILLED, "wounded": WOUNDED, "missing": MISSING, "casualties": TOTAL},
        link="fox_forces_to_cwsac.json",
        skip=("battle_name", "start_date", "end_date", "state", "from_footnote"),
    ),
    Spec(
        "phisterer",
        "phisterer_forces.csv",
        "battle_id",
        {"casualties": TOTAL, "killed": KILLED, "wounded": WOUNDED, "missing": MISSING},
        link="phisterer_to_cwsac.json",
    ),
)
# The upper bound of a column read as the low one (``strength_min``: ``strength_max``).
MAX_OF = {"strength_min": "strength_max", "casualties_min": "casualties_max"}


def tables_dir(folder: Path) -> Path:
    """The folder holding the tables: PATH itself, or PATH/build/acw_battle_data (the
    repository as published)."""
    if (folder / "cwsac_battles.csv").exists():
        return folder
    return folder / SUBDIR


def header(folder: Path) -> str:
    return HEADER.format(dataset=NAME, title=f"{TITLE}, {_version(folder)}")


def _version(folder: Path) -> str:
    base = tables_dir(folder)
    version = package_version(base)
    if "commit" not in version and base != folder:
        from battles.importers.common import git_commit

        commit = git_commit(folder)
        if commit:
            version = f"{version} (commit {commit})"
    return version


@dataclass
class Figures:
    """What the sources say about one side of one battle."""

    strength: list[Record]
    engaged: list[Record]
    kinds: dict[str, list[Record]]
    other: dict[str, list[Record]]
    equipment: list[Record]
    lost: list[Record]


def _figures() -> Figures:
    return Figures([], [], defaultdict(list), defaultdict(list), [], [])


def read(folder: Path) -> list[Record]:
    """One record per CWSAC battle, in the order of cwsac_battles.csv."""
    base = tables_dir(folder)
    version = _version(folder)
    meta = read_json(base, "datapackage.json")
    titles = {
        str(r.get("path", "")).rsplit("/", 1)[-1]: str(r.get("title") or r.get("name"))
        for r in (meta.get("resources", []) if isinstance(meta, dict) else [])
        if isinstance(r, dict)
    }
    battles = read_table(base, "cwsac_battles.csv").rows
    known = {b["battle"] for b in battles}
    commanders = defaultdict(list)
    for row in read_table(base, "cwsac_commanders.csv").rows:
        commanders[row.get("battle", "")].append(row)
    misc = {r.get("cwsac_id", ""): r for r in read_table(base, "battlemisc.csv").rows}
    ships = defaultdict(list)
    for row in read_table(base, "ships_in_battles.csv").rows:
        ships[row.get("cwsac_id", "")].append(row)
    found: dict[str, dict[str, Figures]] = defaultdict(lambda: defaultdict(_figures))
    used: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    notes: dict[str, list[str]] = defaultdict(list)
    for spec in SPECS:
        _read_source(base, spec, known, found, used, notes)
    drafts = []
    for row in battles:
        key = row["battle"]
        record = _record(
            row,
            commanders[key],
            misc.get(key),
            ships[key],
            found[key],
            used[key],
            notes[key],
            version,
            titles,
        )
        drafts.append((record, _id_candidates(record, key)))
    ids = unique_ids([(c[0], c[1:]) for _, c in drafts])
    records = [{"id": i, **r} for (r, _), i in zip(drafts, ids, strict=True)]
    _shared_names(records)
    return records


def _shared_names(records: list[Record]) -> None:
    """An other name that CWSAC gives to several battles (``Fort Sumter``, ``Marye's
    Heights``) cannot be an alias, which must find one record: it goes into the notes of each
    battle that has it, naming the others."""
    from collections import Counter

    from battles.text import normalise

    count = Counter(normalise(a) for r in records for a in set(r.get("aliases", [])))
    ids = {normalise(r["id"]) for r in records}
    owners: dict[str, list[str]] = defaultdict(list)
    for r in records:
        for alias in r.get("aliases", []):
            owners[normalise(alias)].append(r["id"])
    for r in records:
        kept: list[str] = []
        shared: list[str] = []
        for alias in r.get("aliases", []):
            key = normalise(alias)
            (shared if count[key] > 1 or key in ids else kept).append(alias)
        if not shared:
            continue
        if kept:
            r["aliases"] = kept
        else:
            del r["aliases"]
        for alias in shared:
            others = [o for o in owners[normalise(alias)] if o != r["id"]]
            r["notes"].append(
                f"CWSAC also calls it {alias} (other_names), a name it gives to "
                + (", ".join(others) if others else "another record")
                + " too; so it is not an alias here."
            )


def _id_candidates(record: Record, key: str) -> list[str]:
    base = f"battle-of-{slug(record['name'])}"
    return [
        base,
        f"{base}-{str(record['start'])[:4]}",
        f"{base}-{record['start']}",
        f"{base}-{key.lower()}",
    ]


def _links(base: Path, spec: Spec) -> dict[str, tuple[str, list[str], list[str]]]:
    """Source battle key to (relation, the CWSAC battles, the source battles linked with it)."""
    if spec.link == "direct":
        return {}
    if spec.link.startswith("battles:"):
        _, table, column = spec.link.split(":")
        out = {}
        for row in read_table(base, table).rows:
            if row.get("cwsac_id"):
                out[row.get(column, "")] = ("eq", [row["cwsac_id"]], [row.get(column, "")])
        return out
    data = read_json(base, spec.link)
    out = {}
    for entry in data if isinstance(data, list) else []:
        if not isinstance(entry, dict):
            continue
        to = [str(t) for t in entry.get("battles_to") or entry.get("battles_cwsac") or []]
        came = [str(f) for f in entry.get("battles_from") or []]
        for source_key in came:
            out[source_key] = (str(entry.get("relation", "")), to, came)
    return out


def _value(row: dict[str, str], column: str) -> int | str | None:
    low = to_int(row.get(column))
    if low is None or low < 0:
        return None
    top = MAX_OF.get(column) or (column[:-4] + "_max" if column.endswith("_min") else None)
    high = to_int(row.get(top)) if top else None
    if high is not None and high > low:
        return f"{low}-{high}"
    return low


def _read_source(
    base: Path,
    spec: Spec,
    known: set[str],
    found: dict[str, dict[str, Figures]],
    used: dict[str, dict[str, list[str]]],
    notes: dict[str, list[str]],
) -> None:
    table = read_table(base, spec.table)
    links = _links(base, spec)
    for row in table.rows:
        source_key = row.get(spec.key, "")
        side = row.get(spec.belligerent, "")
        if spec.link == "direct":
            relation, to, came = "eq", [source_key], [source_key]
        elif source_key in links:
            relation, to, came = links[source_key]
        else:
            continue  # a battle of the source that no CWSAC battle matches
        if not any(t in known for t in to):
            continue
        leftovers = _leftovers(row, spec)
        if len(to) == 1 and len(came) == 1 and relation in ("eq", "lt", "<"):
            battle = to[0]
            scope = None
            if relation != "eq":
                scope = f"the source's {source_key!r}, a part of this battle"
            if _take(row, spec, found[battle][side], scope):
                _use(used[battle][spec.id], source_key)
            if leftovers:
                _use(used[battle][spec.id], source_key)
                notes[battle].append(
                    f"{spec.table}, {source_key}, {side}: " + "; ".join(leftovers) + "."
                )
            continue
        said = [f"{c} {row[c]}" for c in spec.columns if row.get(c)]
        text = (
            f"{spec.table}, {source_key!r} ({relation} "
            + ", ".join(to)
            + (f", with {', '.join(c for c in came if c != source_key)}" if len(came) > 1 else "")
            + f"), {side}: "
            + "; ".join(said + leftovers)
            + "."
        )
        for battle in (t for t in to if t in known):
            if said or leftovers:
                notes[battle].append(text)
                _use(used[battle][spec.id], source_key)


def _use(keys: list[str], key: str) -> None:
    if key not in keys:
        keys.append(key)


def _leftovers(row: dict[str, str], spec: Spec) -> list[str]:
    """The row's other cells (not a figure the record holds), with their column names."""
    taken = set(spec.columns) | {spec.key, spec.belligerent, *spec.skip}
    taken |= {MAX_OF.get(c, c[:-4] + "_max") for c in spec.columns if c.endswith("_min")}
    if spec.text:
        taken.add(spec.text)
    return [f"{c} {v.rstrip('.')}" for c, v in row.items() if v and c not in taken]


def _take(row: dict[str, str], spec: Spec, into: Figures, scope: str | None) -> bool:
    """Add the row's figures to ``into``; whether it gave any."""
    cite = [spec.id]
    before = _count(into)

    def estimate(value: int | str, text: str | None = None) -> Record:
        entry: Record = {"value": value}
        if text:
            entry["text"] = text
        if scope:
            entry["scope"] = scope
        entry["source"] = list(cite)
        return entry

    words = row.get(spec.text, "") if spec.text else ""
    for column, use in spec.columns.items():
        value = _value(row, column)
        if value is None:
            continue
        if use == STRENGTH:
            into.strength.append(estimate(value, words or None))
            words = ""
        elif use[0] == "engaged":
            into.engaged.append({"value": value, "counts": "engaged", "source": list(cite)})
        elif use[0] == "kind":
            into.kinds[str(use[1])].append(estimate(value))
        elif use[0] == "other":
            into.other[str(use[1])].append(estimate(value))
        elif use[0] == "equipment":
            entry: Record = {"kind": use[1], "value": value}
            if use[2]:
                entry["text"] = use[2]
            if scope:
                entry["note"] = f"Only {scope}."
            entry["source"] = list(cite)
            into.equipment.append(entry)
        elif use[0] == "lost":
            entry = {"kind": use[1], "fate": use[2], "value": value}
            if use[3]:
                entry["text"] = use[3]
            if scope:
                entry["note"] = f"Only {scope}."
            entry["source"] = list(cite)
            into.lost.append(entry)
    if words:  # the source describes the force without a number
        into.strength.append(estimate("unknown", words))
    return _count(into) > before


def _count(figures: Figures) -> int:
    return (
        len(figures.strength)
        + len(figures.engaged)
        + sum(map(len, figures.kinds.values()))
        + sum(map(len, figures.other.values()))
        + len(figures.equipment)
        + len(figures.lost)
    )


def _figure(estimates: list[Record]) -> Any:
    if len(estimates) == 1:
        return estimates[0]
    return {"estimates": estimates}


def _record(
    row: dict[str, str],
    commanders: list[dict[str, str]],
    misc: dict[str, str] | None,
    ships: list[dict[str, str]],
    found: dict[str, Figures],
    used: dict[str, list[str]],
    notes: list[str],
    version: str,
    titles: dict[str, str],
) -> Record:
    key = row["battle"]
    if not row.get("start_date"):
        raise DatasetError(f"cwsac_battles.csv: battle {key} has no start date")
    sources = [_src("cwsac-battles", "cwsac_battles.csv", f"battle {key}", version, titles)]
    record: Record = {"schema_version": 2, "name": row.get("battle_name") or key}
    others = [n.strip() for n in row.get("other_names", "").split(";") if n.strip()]
    if others:
        record["aliases"] = others
    record["kind"] = "siege" if misc and misc.get("siege") == "1" else "battle"
    if row.get("campaign"):
        record["part_of"] = [row["campaign"]]
    record["start"] = row["start_date"]
    if row.get("end_date") and row["end_date"] != row["start_date"]:
        record["end"] = row["end_date"]
    record["date_source"] = ["cwsac-battles"]
    place: Record = {"name": row.get("locations") or row.get("state") or "not stated"}
    if row.get("state") and not place["name"].endswith(row["state"]):
        place["region"] = row["state"]
    place["country"] = "United States"
    place["source"] = ["cwsac-battles"]
    record["place"] = place
    winner = RESULTS.get(row.get("result", ""), "none" if row.get("result") else None)
    if row.get("results_text") or winner:
        result: Record = {"text": row.get("results_text") or row.get("result", "")}
        if winner:
            result["winner"] = winner
        result["source"] = ["cwsac-battles"]
        record["result"] = result
    if row.get("description"):
        record["summary"] = row["description"]
    sides = _sides(key, row, commanders, misc, ships, found, winner, sources, version, titles)
    record["sides"] = sides
    reviewed = _reviewed(sides)
    total = to_int(row.get("casualties"))
    if total is not None or row.get("casualties_text"):
        losses: Record = {"value": total if total is not None else "unknown"}
        if row.get("casualties_text"):
            losses["text"] = row["casualties_text"]
        losses["source"] = ["cwsac-battles"]
        record["losses"] = {"total": losses}
    if row.get("forces_text"):
        notes.insert(0, f"CWSAC forces engaged: {row['forces_text']} (forces_text).")
    said = [
        f"{label} {row[c]} ({c})"
        for c, label in (
            ("strength", "total strength"),
            ("operation", "operation"),
            ("assoc_battles", "associated battles"),
            ("preservation", "preservation priority"),
            ("significance", "significance"),
            ("url", "page"),
        )
        if row.get(c)
    ]
    if misc:
        said += [f"{c} {misc[c]} (battlemisc.csv)" for c in ("naval",) if misc.get(c)]
    if said:
        notes.insert(0, "CWSAC: " + "; ".join(said) + ".")
    if reviewed:
        record["reviewed"] = reviewed
    record["notes"] = notes
    for spec in SPECS:
        if spec.id in used:
            sources.append(
                _src(spec.id, spec.table, f"{spec.key} {', '.join(used[spec.id])}", version, titles)
            )
    record["sources"] = sources
    return record


def _sides(
    key: str,
    row: dict[str, str],
    commanders: list[dict[str, str]],
    misc: dict[str, str] | None,
    ships: list[dict[str, str]],
    found: dict[str, Figures],
    winner: str | None,
    sources: list[Record],
    version: str,
    titles: dict[str, str],
) -> list[Record]:
    present = {c.get("belligerent", "") for c in commanders}
    present |= {label for label, figures in found.items() if _any(figures)}
    order = ["US", "Union", "Confederate", "Native American"]
    ids: dict[str, str] = {}
    for name in order:
        if name in present and name in SIDES:
            ids.setdefault(SIDES[name][0], name)
    for must in ("union", "confederate"):
        if len(ids) < 2 and must not in ids:
            ids[must] = "US" if must == "union" else "Confederate"
    if commanders:
        sources.append(
            _src("cwsac-commanders", "cwsac_commanders.csv", f"battle {key}", version, titles)
        )
    if misc:
        sources.append(_src("battlemisc", "battlemisc.csv", f"cwsac_id {key}", version, titles))
    if ships:
        sources.append(_src("ships", "ships_in_battles.csv", f"cwsac_id {key}", version, titles))
    attacker = (misc or {}).get("attacker", "")
    sides = []
    for side_id, label in ids.items():
        _, name, belligerent = SIDES[label]
        side: Record = {"id": side_id, "name": name}
        if attacker and attacker in SIDES:
            side["role"] = "attacker" if SIDES[attacker][0] == side_id else "defender"
        if winner and side_id in {SIDES[k][0] for k in SIDES}:
            if winner == "none":
                side["result"] = "inconclusive"
            else:
                side["result"] = "victory" if winner == side_id else "defeat"
        side["belligerents"] = [belligerent]
        mine = [c for c in commanders if SIDES.get(c.get("belligerent", ""), ("",))[0] == side_id]
        if mine:
            side["commanders"] = []
            for c in mine:
                entry: Record = {"name": c.get("fullname") or c.get("last_name") or "not named"}
                if c.get("rank"):
                    entry["role"] = c["rank"] + (" (navy)" if c.get("navy") == "1" else "")
                entry["source"] = ["cwsac-commanders"]
                side["commanders"].append(entry)
        mine_ships = [s for s in ships if SIDES.get(s.get("belligerent", ""), ("",))[0] == side_id]
        if mine_ships:
            side["units"] = [
                {"name": s["ship"], "source": ["ships"]} for s in mine_ships if s.get("ship")
            ]
        figures = _merged(found, side_id)
        if figures.strength:
            side["strength"] = _figure(figures.strength)
        if figures.engaged:
            side["strengths"] = figures.engaged
        equipment = list(figures.equipment)
        count = to_int(
            (misc or {}).get({"union": "ships_U", "confederate": "ships_C"}.get(side_id, ""))
        )
        if count:
            equipment.append(
                {"kind": "ships", "value": count, "text": "ships engaged", "source": ["battlemisc"]}
            )
        if equipment:
            side["equipment"] = equipment
        casualties: Record = {}
        for kind in ("killed", "wounded", "captured", "missing", "total"):
            if figures.kinds.get(kind):
                casualties[kind] = _figure(figures.kinds[kind])
        if figures.other:
            casualties["other"] = [
                {"label": label, "value": _figure(values)}
                for label, values in figures.other.items()
            ]
        if figures.lost:
            casualties["equipment"] = figures.lost
        if casualties:
            side["casualties"] = casualties
        sides.append(side)
    return sides


def _reviewed(sides: list[Record]) -> list[Record]:
    """Where one source's total and others' kinds cannot both be right (validate's
    ``total-not-sum``, with the tool's own arithmetic), the disagreement acknowledged, with
    each source's figures in the note: the sources disagree; the import keeps them all."""
    from battles import tally

    out = []
    for n, side in enumerate(sides):
        casualties = side.get("casualties", {})
        if "total" not in casualties:
            continue
        kinds = [
            casualties[k] for k in ("killed", "wounded", "captured", "missing") if k in casualties
        ]
        summed = tally.add(_as_figure(k) for k in kinds)
        total = _as_figure(casualties["total"])
        if summed is None or not _disagree(tally.bounds(total), tally.bounds(summed)):
            continue
        said = [
            f"{kind} " + ", ".join(_cited(e) for e in _estimates(casualties[kind]))
            for kind in ("total", "killed", "wounded", "captured", "missing")
            if kind in casualties
        ]
        out.append(
            {
                "warning": "total-not-sum",
                "field": f"sides[{n}].casualties.total",
                "note": "The kinds the sources give (not every source gives every kind) "
                "do not add up to their totals; each figure is kept as its source gives it: "
                + "; ".join(said)
                + ".",
            }
        )
    return out


def _estimates(fig: Record) -> list[Record]:
    return list(fig["estimates"]) if "estimates" in fig else [fig]


def _cited(estimate: Record) -> str:
    scope = " (part of the battle)" if estimate.get("scope") else ""
    return f"{estimate['value']} ({', '.join(estimate.get('source', []))}){scope}"


def _as_figure(fig: Record) -> Any:
    """A figure of this importer's forms (a count, ``low-high``, unknown; estimates) as the
    tool's :class:`~battles.figures.Figure`, to add it up as validate does."""
    from battles.figures import Figure, parse_figure

    def one(entry: Record) -> Figure:
        base = parse_figure(entry["value"])
        return base.replace(scope=entry.get("scope"))

    if "estimates" in fig:
        return Figure(estimates=tuple(one(e) for e in fig["estimates"]))
    return one(fig)


def _disagree(a: tuple[int | None, int | None], b: tuple[int | None, int | None]) -> bool:
    """Whether two spans cannot both be right (as validate decides it)."""
    (alow, ahigh), (blow, bhigh) = a, b
    if alow is None or blow is None:
        return False
    if ahigh is not None and blow > ahigh:
        return True
    return bhigh is not None and alow > bhigh


def _any(figures: Figures) -> bool:
    return bool(
        figures.strength
        or figures.engaged
        or any(figures.kinds.values())
        or any(figures.other.values())
        or figures.equipment
        or figures.lost
    )


def _merged(found: dict[str, Figures], side_id: str) -> Figures:
    """The figures of every belligerent name meaning this side (US and Union are one)."""
    out = _figures()
    for label, figures in found.items():
        if SIDES.get(label, ("",))[0] != side_id:
            continue
        out.strength += figures.strength
        out.engaged += figures.engaged
        for k, v in figures.kinds.items():
            out.kinds[k] += v
        for k, v in figures.other.items():
            out.other[k] += v
        out.equipment += figures.equipment
        out.lost += figures.lost
    return out


def _src(source_id: str, table: str, row: str, version: str, titles: dict[str, str]) -> Record:
    about = titles.get(table)
    return dataset_source(
        source_id,
        title=f"{TITLE}: {about}" if about else TITLE,
        authors=AUTHORS,
        version=version,
        table=table,
        row=row,
        url=URL,
    )
