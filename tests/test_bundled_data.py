"""The bundled records: they all load, validate without errors, and keep the seed figures
with their sources (a table read from the seed articles by hand)."""

from __future__ import annotations

import pytest
from conftest import DATA, record_files

from battles import loading, validate
from battles.figures import format_figure, format_value


@pytest.fixture(scope="module")
def dataset() -> loading.Dataset:
    return loading.load([DATA])


def test_every_bundled_record_loads(dataset: loading.Dataset) -> None:
    assert [str(p) for p in dataset.problems] == []
    assert len(dataset.records) == len(record_files(DATA))


def test_bundled_data_has_no_errors(dataset: loading.Dataset) -> None:
    assert [p.render() for p in validate.check(dataset) if p.severity == "error"] == []


def _side(dataset: loading.Dataset, record: str, side: str):  # type: ignore[no-untyped-def]
    found = dataset.by_id()[record].record.side(side)
    assert found is not None
    return found


# (record, side, field, shown as, sources that must be cited)
SEED_FIGURES = [
    ("attack-on-krusevac", "axis", "strength", "≥ 1,050", None),
    ("attack-on-krusevac", "axis", "killed", "28", {"seed", "wp"}),
    ("attack-on-krusevac", "axis", "wounded", "16–20", {"seed", "wp"}),
    ("attack-on-krusevac", "rebels", "strength", "2,000–3,000", {"seed", "wp"}),
    ("attack-on-krusevac", "rebels", "killed", "17", {"seed"}),
    ("attack-on-krusevac", "rebels", "wounded", "74", {"seed"}),
    ("siege-of-kraljevo", "rebels", "strength", "3,000–4,000", {"wp"}),
    ("siege-of-kraljevo", "rebels", "killed", "130", {"wp"}),
    ("battle-of-novi-pazar", "albanian-muslim", "strength", "600 / 3,150 / ~5,000", None),
    ("battle-of-novi-pazar", "albanian-muslim", "killed", "60 / 280", None),
    ("battle-of-novi-pazar", "albanian-muslim", "wounded", "23", {"seed", "wp"}),
    ("battle-of-novi-pazar", "chetnik-partisan", "strength", "unknown", {"wp", "seed"}),
    ("battle-of-novi-pazar", "chetnik-partisan", "killed", "83 / 287", None),
    ("battle-of-novi-pazar", "chetnik-partisan", "wounded", "48", {"seed"}),
]


@pytest.mark.parametrize(("record", "side", "field", "shown", "cites"), SEED_FIGURES)
def test_seed_figures(
    dataset: loading.Dataset, record: str, side: str, field: str, shown: str, cites: set[str] | None
) -> None:
    found = _side(dataset, record, side)
    if field == "strength":
        fig = found.strength
    else:
        assert found.casualties is not None
        fig = dict(found.casualties.kinds())[field]
    assert fig is not None
    assert (format_figure(fig) if fig.is_disputed else format_value(fig)) == shown
    if cites is not None:
        assert cites <= set(fig.source)
    for estimate in fig.estimates:
        assert estimate.source, "every estimate names its source"


def test_krusevac_garrison_parts(dataset: loading.Dataset) -> None:
    strength = _side(dataset, "attack-on-krusevac", "axis").strength
    assert strength is not None
    assert [(p.label, format_value(p.figure)) for p in strength.parts] == [
        ("town garrison", "550"),
        ("relief forces", "unknown"),
        ("Pećanac Chetniks", "500"),
    ]
    assert (
        strength.text
        == "550 in town's garrison, unknown number of release forces, 500 Pećanac Chetniks"
    )


def test_krusevac_rebel_strength_keeps_the_wider_estimate(dataset: loading.Dataset) -> None:
    strength = _side(dataset, "attack-on-krusevac", "rebels").strength
    assert strength is not None
    assert [format_value(e) for e in strength.estimates] == ["1,000–10,000"]
    assert strength.estimates[0].source == ("seed",)


def test_krusevac_dates_and_civilians(dataset: loading.Dataset) -> None:
    record = dataset.by_id()["attack-on-krusevac"].record
    assert (record.start.iso(), record.last.iso()) == ("1941-09-23", "1941-09-27")
    assert record.civilians is not None and record.civilians.killed is not None
    assert format_value(record.civilians.killed) == "60–80"
    killed_captain = record.sides[0].commanders[0]
    assert (killed_captain.name, killed_captain.fate) == ("Unknown Captain", "killed in action")


def test_kraljevo_keeps_both_datings(dataset: loading.Dataset) -> None:
    record = dataset.by_id()["siege-of-kraljevo"].record
    assert (record.start.iso(), record.last.iso()) == ("1941-10-09", "1941-10-31")
    assert [(d.start.iso(), d.end.iso() if d.end else None) for d in record.date_estimates] == [
        ("1941-10-03", "1941-11-20"),
        ("1941-09", None),
    ]
    assert record.civilians is not None and record.civilians.killed is not None
    assert format_figure(record.civilians.killed) == "~2,000 / 2,190"


def test_novi_pazar_total_and_its_parts_both_kept(dataset: loading.Dataset) -> None:
    record = dataset.by_id()["battle-of-novi-pazar"].record
    assert record.losses is not None and record.losses.killed is not None
    killed = record.losses.killed
    assert format_value(killed) == "447"
    assert [format_value(p.figure) for p in killed.parts] == ["287", "136", "144"]
    assert [(p.name, p.start.iso(), p.end.iso() if p.end else None) for p in record.phases] == [
        ("First assault on Novi Pazar", "1941-11-04", None),
        ("Attack on Raška", "1941-11-16", "1941-11-17"),
        ("Second assault on Novi Pazar", "1941-11-21", None),
        ("Last Chetnik attempt", "1941-12-05", None),
    ]
    assert record.start.precision == "month"


def test_every_source_is_an_address_or_a_seed_file(dataset: loading.Dataset) -> None:
    for entry in dataset.records:
        for source in entry.record.sources:
            assert source.url or source.file, f"{entry.record.key}: {source.id}"
            if source.file:
                assert source.file.endswith(".txt")


def test_krusevac_the_350_belong_to_the_garrison_not_the_infobox_battalion(
    dataset: loading.Dataset,
) -> None:
    # seed 000 l.12: "** 2nd battalion" (no figure); l.39: "The German garrison in Kruševac
    # totaled 550 soldiers. Out of this number, about 350 soldiers belonged to I. Battalion"
    side = _side(dataset, "attack-on-krusevac", "axis")
    battalion = side.units[0].units[0].units[0]
    assert (battalion.name, battalion.strength) == ("2nd battalion", None)
    garrison = side.strength.parts[0].figure
    assert format_value(garrison) == "550"
    assert "about 350" in (garrison.note or "")


def test_novi_pazar_victims_of_terror_kept_as_the_seed_words_them(
    dataset: loading.Dataset,
) -> None:
    # seed 002 l.19: "Casualties3: Civilian victims of terror: 115 Serbs and 61 Muslims";
    # l.61: "The victims of terror of the conflicting parties were 115 Serbs and 61 Muslims."
    civilians = dataset.by_id()["battle-of-novi-pazar"].record.civilians
    assert civilians is not None and civilians.killed is None
    [victims] = civilians.other
    assert [(p.label, format_value(p.figure)) for p in victims.value.parts] == [
        ("Serbs", "115"),
        ("Muslims", "61"),
    ]
    assert {"seed", "wp"} <= set(victims.source)
