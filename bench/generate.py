"""Synthetic datasets shaped like the real records (sides, commanders, unit trees, figures in
every form, phases, events, disagreements, sources), reproducible from a seed."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

KINDS = ["battle", "battle", "battle", "siege", "attack", "operation", "massacre"]
SYLLABLES = [
    "kra",
    "lje",
    "vo",
    "no",
    "vi",
    "pa",
    "zar",
    "kru",
    "še",
    "vac",
    "ša",
    "bac",
    "lo",
    "zni",
    "ca",
    "ča",
    "čak",
    "va",
    "lje",
    "plje",
    "vlja",
    "uži",
    "ce",
    "ru",
]
WORDS = (
    "the rebels attack the garrison at dawn while the defenders hold the town centre and wait "
    "for relief from the neighbouring towns as the sources disagree on the losses of both sides "
    "and on the day the fighting ended"
).split()
FATES = [None, None, None, "killed in action", "captured", "wounded"]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _text(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _figure(rng: random.Random, scale: int, sources: list[str]) -> Any:
    n = rng.randint(1, scale)
    form = rng.random()
    if form < 0.35:
        return n
    if form < 0.5:
        return f"{n}-{n + rng.randint(1, max(scale // 3, 2))}"
    if form < 0.6:
        return f"~{n:,}"
    if form < 0.65:
        return f">{n}"
    if form < 0.72:
        return "unknown"
    if form < 0.86:
        return {
            "value": n,
            "text": f"{n} men",
            "source": rng.choice(sources),
            "note": _text(rng, 4, 10),
        }
    if form < 0.93:
        return {
            "estimates": [
                {"value": n, "source": sources[0]},
                {"value": f"{n}-{n * 2}", "source": sources[-1]},
            ]
        }
    return {
        "parts": [
            {"label": "garrison", "value": n},
            {"label": "relief", "value": "unknown"},
            {"label": "militia", "value": rng.randint(1, scale)},
        ],
        "source": sources,
    }


def _date(rng: random.Random, month: int, day: int) -> str:
    if rng.random() < 0.15:
        return f"1941-{month:02d}"
    return f"1941-{month:02d}-{day:02d}"


def _units(rng: random.Random, depth: int) -> list[dict[str, Any]]:
    units = []
    for _ in range(rng.randint(1, 3)):
        unit: dict[str, Any] = {
            "name": f"{rng.randint(1, 999)}th "
            + rng.choice(["Division", "Regiment", "Battalion", "Detachment"])
        }
        if rng.random() < 0.3:
            unit["note"] = _text(rng, 5, 15)
        if depth:
            unit["units"] = _units(rng, depth - 1)
        units.append(unit)
    return units


def record(rng: random.Random, number: int) -> dict[str, Any]:
    town = f"{_name(rng)} {number}"
    sources = [f"s{i}" for i in range(1, rng.randint(3, 6) + 1)]
    month = rng.randint(7, 12)
    day = rng.randint(1, 20)
    length = rng.randint(0, 8)
    sides = []
    for side_number in range(rng.choice([2, 2, 2, 3])):
        side: dict[str, Any] = {
            "id": f"side-{side_number + 1}",
            "name": rng.choice(["Axis", "Rebels", "Chetniks", "Partisans", "Militia"]),
            "belligerents": [_name(rng) for _ in range(rng.randint(1, 3))],
            "commanders": [
                {
                    "name": f"{_name(rng)} {_name(rng)}",
                    "fate": rng.choice(FATES),
                    "role": _text(rng, 3, 8),
                    "source": rng.choice(sources),
                    "subordinates": [{"name": f"{_name(rng)} {_name(rng)}"}]
                    if rng.random() < 0.4
                    else [],
                }
                for _ in range(rng.randint(1, 4))
            ],
            "units": _units(rng, 2),
            "strength": _figure(rng, 5000, sources),
            "casualties": {
                "killed": _figure(rng, 300, sources),
                "wounded": _figure(rng, 500, sources),
                "source": sources[:2],
                "note": _text(rng, 5, 20),
            },
            "source": sources[0],
        }
        for commander in side["commanders"]:
            if commander["fate"] is None:
                del commander["fate"]
        sides.append(side)
    events = []
    for _ in range(rng.randint(5, 15)):
        events.append(
            {
                "date": _date(rng, month, rng.randint(1, 28)),
                "text": _text(rng, 15, 45),
                "side": rng.choice(sides)["id"],
                "context": True,
                "source": rng.choice(sources),
            }
        )
    phases = []
    for i in range(rng.choice([0, 0, 1, 2, 4])):
        phases.append(
            {
                "name": f"Assault {i + 1}",
                "start": f"1941-{month:02d}-{min(day + i, 28):02d}",
                "summary": _text(rng, 15, 40),
                "sides": [
                    {"side": s["id"], "casualties": {"killed": _figure(rng, 100, sources)}}
                    for s in sides[:2]
                ],
                "source": sources[0],
            }
        )
    data: dict[str, Any] = {
        "schema_version": 1,
        "name": f"Battle of {town}",
        "aliases": [town, f"{town} battle"],
        "kind": rng.choice(KINDS),
        "part_of": ["Uprising in Serbia"],
        "start": f"1941-{month:02d}-{day:02d}",
        "end": f"1941-{month:02d}-{day + length:02d}",
        "place": {
            "name": town,
            "territory": "German-occupied territory of Serbia",
            "country": "Serbia",
            "coordinates": {
                "lat": round(rng.uniform(42, 45), 4),
                "lon": round(rng.uniform(19, 22), 4),
            },
            "source": sources[0],
        },
        "result": {"text": _text(rng, 3, 8), "source": sources[:2]},
        "summary": _text(rng, 60, 120),
        "sides": sides,
        "civilians": {"killed": _figure(rng, 2000, sources), "note": _text(rng, 10, 25)},
        "phases": phases,
        "events": events,
        "disagreements": [
            {"topic": _text(rng, 2, 4), "text": _text(rng, 20, 40), "source": sources[:2]}
            for _ in range(rng.randint(1, 4))
        ],
        "notes": [_text(rng, 10, 20) for _ in range(rng.randint(0, 3))],
        "sources": [
            {"id": s, "title": _text(rng, 4, 9), "url": f"https://example.org/{number}/{s}"}
            for s in sources
        ],
    }
    return data


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data: Any) -> bool:  # records are written out in full
        return True


def generate(directory: Path, count: int, seed: int = 1941) -> list[Path]:
    """Write ``count`` records into ``directory``; the same seed gives the same files."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = directory / f"battle-{number:05d}.yaml"
        text = yaml.dump(
            record(rng, number), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
        )
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
