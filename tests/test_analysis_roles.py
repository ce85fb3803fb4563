"""The questions that need record format 2's roles, results, winner and conditions: stats
by role, outcome, winner, force-ratio band and condition, the attacker's share of wins, and
ratios taken attacker over defender."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import given
from hypothesis import strategies as st

from battles.figures import Figure
from battles.loading.digest import Forces, SideFigures
from battles.questions import stats as stats_q

V2 = FIXTURES / "v2"

# A battle whose defender is listed first, and whose force ratio (1,500–4,000 against
# 1,000–2,000) spans several bands.
LISTED_BACKWARDS = """\
schema_version: 2
name: Fight at Twoford
kind: battle
start: 1850-05-02
place: {name: Twoford}
result: {text: Defender victory, winner: home}
sides:
  - {id: home, name: Home Guard, role: defender, result: victory, strength: 1000-2000,
     casualties: {total: 100}}
  - {id: away, name: Away Column, role: attacker, result: defeat, strength: 1500-4000,
     casualties: {total: 400}}
sources:
  - {id: s, title: A chronicle}
"""


def _stats(run, data: Path, by: str) -> dict[str, dict]:
    out = run("--data-dir", str(data), "stats", "--by", by, "--format", "json")
    assert out.exit_code == 0, out.stderr
    return {g["group"]: g for g in json.loads(out.stdout)["groups"]}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(V2, folder)
    (folder / "fight-at-twoford.yaml").write_text(LISTED_BACKWARDS, encoding="utf-8")
    return folder


def _sum(group: dict, measure: str) -> tuple[int | None, int | None]:
    found = group[measure]["sum"]
    return (found["low"], found["high"]) if found else (None, None)


def test_stats_by_role_takes_each_sides_own_figures(run, data: Path) -> None:
    groups = _stats(run, data, "role")
    assert list(groups) == ["attacker", "defender", "(none)"]
    # Attackers: 12,000 ±10% at Bandburg, 1,500–4,000 at Twoford; Drawford states none.
    assert _sum(groups["attacker"], "strength") == (10_800 + 1_500, 13_200 + 4_000)
    assert groups["attacker"]["strength"]["records_without"] == 1
    # Defenders: 3,000 engaged at Bandburg and 1,000–2,000 at Twoford.
    assert _sum(groups["defender"], "strength") == (4_000, 5_000)
    # Of the three records with an attacker and a winner the attacker won one.
    for role in ("attacker", "defender"):
        assert groups[role]["attacker_won"] == {"won": 1, "of": 3, "shown": "1 of 3 (33%)"}
    assert groups["(none)"]["attacker_won"]["of"] == 0  # Oldtown: no roles


def test_stats_by_outcome_and_winner(run, data: Path) -> None:
    outcome = _stats(run, data, "outcome")
    assert set(outcome) == {"victory", "defeat", "draw", "withdrew", "(none)"}
    assert outcome["victory"]["records"] == 2  # Bandburg's attacker, Twoford's defender
    winner = _stats(run, data, "winner")
    assert {g: v["records"] for g, v in winner.items()} == {
        "attacker": 1,
        "defender": 1,
        "none": 1,
        "(not stated)": 1,
    }
    assert winner["attacker"]["attacker_won"]["won"] == 1
    assert winner["none"]["attacker_won"] == {"won": 0, "of": 1, "shown": "0 of 1 (0%)"}


def test_stats_by_force_ratio_band(run, data: Path) -> None:
    bands = _stats(run, data, "force_ratio")
    # Bandburg: 10,800–13,200 over 3,000 is 3.6–4.4. Twoford: 0.75–4 spans bands.
    assert bands["3:1 or more"]["records"] == 1
    assert bands["3:1 or more"]["attacker_won"]["shown"] == "1 of 1 (100%)"
    assert bands[stats_q.SPANS_BANDS]["records"] == 1
    assert bands[stats_q.NO_RATIO]["records"] == 1  # Drawford: no strengths
    assert bands[stats_q.NO_ROLES]["records"] == 1  # Oldtown


@pytest.mark.parametrize(
    ("by", "groups"),
    [
        ("terrain", {"rolling": 1, "wooded": 1, "rugged": 1, "(not stated)": 2}),
        ("weather", {"dry": 1, "snow": 1, "cold": 1, "(not stated)": 2}),
        ("surprise", {"attacker": 1, "none": 1, "(not stated)": 2}),
        ("air_superiority", {"none": 1, "attacker": 1, "(not stated)": 2}),
        ("posture", {"prepared defence": 1, "(not stated)": 3}),
    ],
)
def test_stats_by_condition(run, data: Path, by: str, groups: dict[str, int]) -> None:
    found = _stats(run, data, by)
    assert {g: v["records"] for g, v in found.items()} == groups


def test_stats_table_keeps_figures_whole_at_80_columns(run, data: Path) -> None:
    out = run("--data-dir", str(data), "stats", "--by", "force_ratio", env={"COLUMNS": "80"})
    assert out.exit_code == 0
    assert "13,800–16,200" in out.stdout and "1 of 1" in out.stdout
    assert "bars left out" in out.stdout
    wide = run("--data-dir", str(data), "stats", "--by", "force_ratio", env={"COLUMNS": "140"})
    assert "bars: losses" in wide.stdout and "█" in wide.stdout


def test_stats_csv_has_the_wins(run, data: Path) -> None:
    out = run("--data-dir", str(data), "stats", "--by", "role", "--format", "csv")
    header, *rows = out.stdout.splitlines()
    assert header.endswith(",attacker_won,decided")
    assert rows[0].startswith("attacker,") and rows[0].endswith(",1,3")


def test_ratios_take_the_attacker_over_the_defender(run, data: Path) -> None:
    out = run("--data-dir", str(data), "compare", "--ratios", "--format", "json")
    rows = {r["battle"]: r for r in json.loads(out.stdout)["rows"]}
    twoford = rows["fight-at-twoford"]
    assert (twoford["first_side"], twoford["second_side"], twoford["by_role"]) == (
        "Away Column",
        "Home Guard",
        True,
    )
    # 1,500–4,000 over 1,000–2,000: 0.75 to 4; losses 400 over 100.
    force, exchange = twoford["force_ratio"], twoford["loss_exchange"]
    assert (force["low"], force["high"]) == (0.75, 4.0)
    assert (exchange["low"], exchange["high"]) == (4.0, 4.0)
    oldtown = rows["raid-on-oldtown"]
    assert oldtown["by_role"] is False  # no roles: the first side over the second
    table = run("--data-dir", str(data), "compare", "--ratios", env={"COLUMNS": "100"})
    assert "Away Column (attacker) vs Home Guard (defender)" in " ".join(table.stdout.split())


def test_filters_of_list_narrow_the_stats(run, data: Path) -> None:
    out = run("--data-dir", str(data), "stats", "--winner", "attacker", "--format", "json")
    assert json.loads(out.stdout)["records"] == 1
    out = run("--data-dir", str(data), "stats", "--where", "terrain=rugged", "--format", "json")
    assert json.loads(out.stdout)["records"] == 1
    bad = run("--data-dir", str(data), "stats", "--where", "terrain=lava")
    assert bad.exit_code == 2 and "not a word of terrain" in bad.stderr


def test_unknown_grouping_names_the_new_ones(run) -> None:
    out = run("stats", "--by", "colour")
    assert out.exit_code == 2
    assert "force_ratio" in out.stderr and "terrain" in out.stderr


def _side(role: str, low: int, high: int) -> SideFigures:
    return SideFigures(name=role, losses=None, strength=Figure(low=low, high=high), role=role)


spans = st.tuples(st.integers(1, 10**6), st.integers(0, 10**6)).map(lambda t: (t[0], t[0] + t[1]))


@given(spans, spans, st.floats(0, 1), st.floats(0, 1))
def test_a_band_holds_every_ratio_the_figures_allow(
    attacker: tuple[int, int], defender: tuple[int, int], x: float, y: float
) -> None:
    forces = Forces(
        sides=(_side("attacker", *attacker), _side("defender", *defender)),
        phases=(),
        civilians=None,
        together=None,
    )
    _, label = stats_q.ratio_band(forces)
    bands = {name: (start, stop) for start, stop, name in stats_q.RATIO_BANDS}
    # Any true strengths within the figures give a ratio inside the band shown.
    a = attacker[0] + x * (attacker[1] - attacker[0])
    d = defender[0] + y * (defender[1] - defender[0])
    if label in bands:
        start, stop = bands[label]
        assert start <= a / d * (1 + 1e-9) and (stop is None or a / d < stop * (1 + 1e-9))
    else:
        assert label == stats_q.SPANS_BANDS
