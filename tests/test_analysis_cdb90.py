"""`compare --ratios` and `stats` checked by hand on battles of the CDB90 excerpt
(tests/fixtures/datasets/cdb90), imported as `battles import cdb90` does.

Every expected value below is worked out from the excerpt's CSV rows, not from the tool:
``data/belligerents.csv`` gives each side's ``str``/``cas`` with their error bands in percent
(``strpl``/``strmi``, ``caspl``/``casmi``); the row with ``attacker`` 1 is the attacker. The
importer writes a band as the figure's ``error`` (``15%``, or ``+33%/-3%`` where plus and minus
differ), and a figure with a band spans ``value × (1 - minus)`` rounded down to
``value × (1 + plus)`` rounded up. ``WINA`` of ``CDB90-patched.csv`` says who won (1 the
attacker, -1 the defender, 0 a draw). A battle's strength and losses are its two sides' added.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES

CDB90 = FIXTURES / "datasets" / "cdb90"


@pytest.fixture(scope="module")
def cdb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from battles.importers.run import quiet, run

    into = tmp_path_factory.mktemp("cdb90") / "data"
    summary = run("cdb90", CDB90, into, force=False, progress=quiet)
    assert summary.records == 9
    return into


def _json(run: Any, data: Path, *args: str) -> Any:
    result = run("--data-dir", str(data), *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def _span(value: dict[str, Any] | None) -> tuple[float, float] | None:
    return None if value is None else (value["low"], value["high"])


def _ratios(run: Any, data: Path) -> dict[str, dict[str, Any]]:
    return {row["battle"]: row for row in _json(run, data, "compare", "--ratios")["rows"]}


def test_ratios_nieuport_1600(run: Any, cdb: Path) -> None:
    row = _ratios(run, cdb)["nieuport-1600"]
    # isqno 1. Attacker (attacker 1): Spain, str 11,500 strpl 0 strmi -5, cas 4,000 caspl 0
    # casmi -25. Defender: the Dutch Republic, str 11,300 +33/-3, cas 1,000 +20/-0.
    assert row["by_role"] is True
    assert (row["first_side"], row["second_side"]) == ("Spain", "Dutch Republic")
    # Spain 11,500 × 0.95 = 10,925 to 11,500; the Dutch 11,300 × 0.97 = 10,961 to × 1.33 =
    # 15,029.
    assert _span(row["first_strength"]) == (10_925, 11_500)
    assert _span(row["second_strength"]) == (10_961, 15_029)
    # Force ratio: 10,925 / 15,029 to 11,500 / 10,961.
    assert _span(row["force_ratio"]) == pytest.approx((10_925 / 15_029, 11_500 / 10_961))
    assert row["force_ratio"]["shown"] == "0.7–1.1"  # 0.727 down, 1.049 up
    # Losses: Spain 4,000 × 0.75 = 3,000 to 4,000; the Dutch 1,000 to 1,000 × 1.2 = 1,200.
    # Exchange: 3,000 / 1,200 = 2.5 to 4,000 / 1,000 = 4.
    assert _span(row["loss_exchange"]) == pytest.approx((2.5, 4.0))
    # Each side's losses over its own strength: 3,000 / 11,500 to 4,000 / 10,925; 1,000 /
    # 15,029 to 1,200 / 10,961.
    assert _span(row["first_loss_share"]) == pytest.approx((3_000 / 11_500, 4_000 / 10_925))
    assert _span(row["second_loss_share"]) == pytest.approx((1_000 / 15_029, 1_200 / 10_961))
    # Five hours of fighting (2 July 1600, 14:30 to 19:30), a day begun counted whole: all
    # losses, 4,000 to 5,200, in that one day.
    assert _span(row["days"]) == (1, 1)
    assert _span(row["losses_per_day"]) == (4_000, 5_200)


def test_ratios_wimpfen_1622_and_luetzen_1813(run: Any, cdb: Path) -> None:
    rows = _ratios(run, cdb)
    wimpfen = rows["wimpfen-1622"]
    # isqno 3. Attacker: Holy League and Spain, str 20,000 +0/-10 (18,000 to 20,000), cas
    # 5,000 +0/-90 (500 to 5,000). Defender: the Protestant Union, str 20,000 +0/-25
    # (15,000 to 20,000), cas 5,800 +3/-0 (5,800 to 5,974).
    assert wimpfen["first_side"] == "Holy Roman Empire and Spain"
    # 18,000 / 20,000 = 0.9 to 20,000 / 15,000 = 1.33...
    assert _span(wimpfen["force_ratio"]) == pytest.approx((0.9, 20_000 / 15_000))
    # 500 / 5,974 to 5,000 / 5,800.
    assert _span(wimpfen["loss_exchange"]) == pytest.approx((500 / 5_974, 5_000 / 5_800))
    luetzen = rows["luetzen-1813"]
    # isqno 135. Attacker: Russia and Prussia, str 93,000 +0/-26 (68,820 to 93,000), cas
    # 18,000 +0/-44 (10,080 to 18,000). Defender: France, str 120,000 +20/-3 (116,400 to
    # 144,000), cas 22,000 +0/-41 (12,980 to 22,000).
    assert (luetzen["first_side"], luetzen["second_side"]) == ("Russia and Prussia", "France")
    assert _span(luetzen["force_ratio"]) == pytest.approx((68_820 / 144_000, 93_000 / 116_400))
    assert _span(luetzen["loss_exchange"]) == pytest.approx((10_080 / 22_000, 18_000 / 12_980))
    assert luetzen["force_ratio"]["shown"] == "0.47–0.80"  # 0.4779 down, 0.7990 up


def test_ratios_first_somme_1916(run: Any, cdb: Path) -> None:
    row = _ratios(run, cdb)["first-somme-1916"]
    # isqno 304. Attacker: Great Britain, str 600,000 ±15 (510,000 to 690,000), cas 670,000
    # +19/-8 (616,400 to 797,300). Defender: Germany, str 300,000 +0/-17 (249,000 to
    # 300,000), cas 500,000 +8/-0 (500,000 to 540,000).
    assert _span(row["force_ratio"]) == pytest.approx((510_000 / 300_000, 690_000 / 249_000))
    assert _span(row["loss_exchange"]) == pytest.approx((616_400 / 540_000, 797_300 / 500_000))
    # The defender lost more than it had at the start: 500,000 / 300,000 = 167% at the
    # least, 540,000 / 249,000 = 217% at the most (the record acknowledges the warning).
    assert _span(row["second_loss_share"]) == pytest.approx((500_000 / 300_000, 540_000 / 249_000))
    # Days of fighting (the record's duration, from active_periods.csv): 129,600 + 31,680 =
    # 161,280 to 132,480 + 34,560 = 167,040 minutes, 112 to 116 days (not the 147 calendar
    # days from 1 July to 24 November); all losses 616,400 + 500,000 = 1,116,400 to
    # 797,300 + 540,000 = 1,337,300.
    assert _span(row["days"]) == (112, 116)
    assert _span(row["losses_per_day"]) == pytest.approx((1_116_400 / 116, 1_337_300 / 112))


def _stats(run: Any, data: Path, by: str) -> dict[str, dict[str, Any]]:
    return {g["group"]: g for g in _json(run, data, "stats", "--by", by)["groups"]}


def _sum(group: dict[str, Any], measure: str) -> tuple[int, int]:
    found = group[measure]["sum"]
    return (found["low"], found["high"])


def test_stats_by_winner(run: Any, cdb: Path) -> None:
    groups = _stats(run, cdb, "winner")
    # WINA 1: Wimpfen, Luetzen 1632, Campoleone (isqno 425), Aprilia II; -1: Nieuport,
    # Luetzen 1813, First Somme, Aisne II; 0: Campoleone (isqno 448).
    assert {g: v["records"] for g, v in groups.items()} == {
        "attacker": 4,
        "defender": 4,
        "none": 1,
    }
    attacker = groups["attacker"]
    assert attacker["attacker_won"] == {"won": 4, "of": 4, "shown": "4 of 4 (100%)"}
    assert groups["defender"]["attacker_won"]["won"] == 0
    assert groups["none"]["attacker_won"] == {"won": 0, "of": 1, "shown": "0 of 1 (0%)"}
    # Both sides' strengths, low to high:
    #   Wimpfen 18,000 + 15,000 = 33,000 to 20,000 + 20,000 = 40,000
    #   Luetzen 1632: Sweden 18,996 ±5 (18,046 to 19,946), the Empire 21,770 +15/-0
    #     (21,770 to 25,036): 39,816 to 44,982
    #   Campoleone 425: Britain 17,766 ±10 (15,989 to 19,543), Germany 15,098 ±15
    #     (12,833 to 17,363): 28,822 to 36,906
    #   Aprilia II: Germany 27,518 ±15 (23,390 to 31,646), Britain 17,730 ±10 (15,957 to
    #     19,503): 39,347 to 51,149
    assert _sum(attacker, "strength") == (
        33_000 + 39_816 + 28_822 + 39_347,
        40_000 + 44_982 + 36_906 + 51_149,
    )
    # Both sides' losses:
    #   Wimpfen 500 + 5,800 = 6,300 to 5,000 + 5,974 = 10,974
    #   Luetzen 1632: Sweden 4,000 +100/-0, the Empire 5,000 +100/-0: 9,000 to 18,000
    #   Campoleone 425: Britain 742 ±10 (667 to 817), Germany 221 ±15 (187 to 255): 854
    #     to 1,072
    #   Aprilia II: Germany 270 ±15 (229 to 311), Britain 311 ±10 (279 to 343): 508 to 654
    assert _sum(attacker, "losses") == (6_300 + 9_000 + 854 + 508, 10_974 + 18_000 + 1_072 + 654)
    # The median of four: the middle two lows (854 and 6,300) halved, and the middle two
    # highs (1,072 and 10,974).
    median = attacker["losses"]["median"]
    assert (median["low"], median["high"]) == ((854 + 6_300) / 2, (1_072 + 10_974) / 2)
    assert attacker["strength"]["records_without"] == 0


def test_stats_by_force_ratio(run: Any, cdb: Path) -> None:
    groups = _stats(run, cdb, "force_ratio")
    # A record is in a band only when its whole ratio lies in it. The ratios (see above and
    # the sides' rows):
    #   Luetzen 1632: 18,046 / 25,036 = 0.72 to 19,946 / 21,770 = 0.92: below 1:1
    #   Luetzen 1813: 0.48 to 0.80: below 1:1
    #   Nieuport 0.73 to 1.05, Wimpfen 0.9 to 1.33, Campoleone 425 15,989 / 17,363 = 0.92
    #   to 19,543 / 12,833 = 1.52, Aprilia II 23,390 / 19,503 = 1.20 to 31,646 / 15,957 =
    #   1.98, Campoleone 448 (the US 19,047 ±5 against Germany 10,593 ±15) 18,094 / 12,182 =
    #   1.49 to 20,000 / 9,004 = 2.22, First Somme 1.7 to 2.77, Aisne II (France 1,000,000
    #   +0/-15 against Germany 480,000 +25/-0) 850,000 / 600,000 = 1.42 to 1,000,000 /
    #   480,000 = 2.08: each crosses a band's edge.
    assert list(groups) == ["below 1:1", "(ratio spans bands)"]
    below = groups["below 1:1"]
    assert below["records"] == 2
    # Luetzen 1632 won by the attacker (WINA 1), Luetzen 1813 lost (WINA -1).
    assert below["attacker_won"] == {"won": 1, "of": 2, "shown": "1 of 2 (50%)"}
    # Strength 39,816 to 44,982 (1632) and 68,820 + 116,400 = 185,220 to 93,000 + 144,000 =
    # 237,000 (1813); losses 9,000 to 18,000 and 10,080 + 12,980 = 23,060 to 40,000.
    assert _sum(below, "strength") == (39_816 + 185_220, 44_982 + 237_000)
    assert _sum(below, "losses") == (9_000 + 23_060, 18_000 + 40_000)
    spans = groups["(ratio spans bands)"]
    assert spans["records"] == 7
    # Attacker wins among the seven: Wimpfen, Campoleone 425, Aprilia II; lost: Nieuport,
    # First Somme, Aisne II; Campoleone 448 a draw (not a win).
    assert spans["attacker_won"] == {"won": 3, "of": 7, "shown": "3 of 7 (43%)"}


def test_force_ratio_bands_of_the_excerpt_without_error_bands(
    run: Any, cdb: Path, tmp_path: Path
) -> None:
    """The same battles with their error bands taken out (as CDB90's users often read the
    point values): each falls in the band of its stated ratio."""
    import re
    import shutil

    data = tmp_path / "points"
    shutil.copytree(cdb, data)
    for path in data.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^\s+error: .*\n", "", text), encoding="utf-8")
    groups = _stats(run, data, "force_ratio")
    # Point ratios, attacker over defender: Luetzen 1813 93,000 / 120,000 = 0.78, Luetzen
    # 1632 18,996 / 21,770 = 0.87; Wimpfen 20,000 / 20,000 = 1.0, Nieuport 11,500 / 11,300 =
    # 1.02, Campoleone 425 17,766 / 15,098 = 1.18; Aprilia II 27,518 / 17,730 = 1.55;
    # Campoleone 448 19,047 / 10,593 = 1.80; Aisne II 1,000,000 / 480,000 = 2.08, First
    # Somme 600,000 / 300,000 = 2.0.
    assert {g: v["records"] for g, v in groups.items()} == {
        "below 1:1": 2,
        "1:1 to 1.5:1": 3,
        "1.5:1 to 2:1": 2,
        "2:1 to 3:1": 2,
    }
    # Won by the attacker: below 1:1 Luetzen 1632 (of 2); 1:1 to 1.5:1 Wimpfen and
    # Campoleone 425 (Nieuport lost); 1.5:1 to 2:1 Aprilia II (Campoleone 448 a draw);
    # 2:1 to 3:1 none (the Somme and the Aisne lost).
    won = {g: (v["attacker_won"]["won"], v["attacker_won"]["of"]) for g, v in groups.items()}
    assert won == {
        "below 1:1": (1, 2),
        "1:1 to 1.5:1": (2, 3),
        "1.5:1 to 2:1": (1, 2),
        "2:1 to 3:1": (0, 2),
    }


@pytest.mark.parametrize("width", [80, 100, 130])
def test_stats_table_keeps_figures_and_labels_whole_when_narrow(
    run: Any, cdb: Path, width: int
) -> None:
    result = run(
        "--data-dir", str(cdb), "stats", "--by", "force_ratio", env={"COLUMNS": str(width)}
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    table = result.stdout.split("groups ·")[0]
    words = table.split()
    for word in ("below", "1:1", "(ratio", "spans", "bands)", "(43%)"):
        assert word in words  # a label's word never broken
    if width >= 100:  # room for every range on one line; for the bars too at 130
        assert "225,036–281,982*" in table and "1,287,046–1,536,210*" in table
        assert ("bars: losses" in result.stdout) == (width >= 130)
    else:  # the bars left out, then each range broken after its dash, never cut
        assert "bars left out" in result.stdout
        assert "225,036–" in words and "281,982*" in words
        assert "2,239,153–" in words and "2,776,766*" in words
