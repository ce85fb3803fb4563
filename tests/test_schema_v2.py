"""Record format version 2: sides' roles and results, the winner, error bands, what a
strength counts, equipment, conditions, sources, places' other names, reviewed warnings;
and the version rule (a version 1 record that uses them is an error)."""

from __future__ import annotations

import json
import sqlite3
import textwrap
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from battles import loading, tally
from battles.errors import DataError, FigureError
from battles.figures import Band, format_figure, parse_band, parse_figure
from battles.model import figure_from_spec
from tests.conftest import FIXTURES

V2 = FIXTURES / "v2"
BANDBURG = V2 / "battle-of-bandburg.yaml"


def _record(path: Path = BANDBURG):
    return loading.load_file(path).record


def _write(tmp_path: Path, text: str, name: str = "rec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


MINIMAL = """\
schema_version: {version}
name: Test
kind: battle
start: 1900-01-01
place: {{name: Here}}
sides:
  - {{id: a, name: A{side_a}}}
  - {{id: b, name: B}}
sources:
  - {{id: s, title: T{source}}}
{extra}
"""


def _minimal(version: int = 2, side_a: str = "", source: str = "", extra: str = "") -> str:
    return MINIMAL.format(version=version, side_a=side_a, source=source, extra=extra)


def _errors(tmp_path: Path, text: str) -> list[str]:
    path = _write(tmp_path, text)
    try:
        loading.load_file(path, positions=True)
    except DataError as exc:
        errors = getattr(exc, "errors", [exc])
        return [f"{e.location.field}: {e.message}" for e in errors]
    return []


# -- the fields load --------------------------------------------------------------------------


def test_the_v2_record_loads_every_field() -> None:
    record = _record()
    red, blue = record.sides
    assert (red.role, red.result, red.outcome) == ("attacker", "victory", "held the field")
    assert (blue.role, blue.result) == ("defender", "withdrew")
    assert record.result is not None and record.result.winner == "red"
    assert red.strength is not None and red.strength.band == Band(12_000, 1000, 1000, True)
    assert (red.strength.low, red.strength.high, red.strength.form) == (10_800, 13_200, "band")
    assert blue.strength is not None and blue.strength.counts == "engaged"
    (final,) = red.strengths
    assert (final.counts, final.low, final.high) == ("final", 8_500, 9_500)
    assert [(e.kind, e.label, e.value.low, e.counts) for e in red.equipment] == [
        ("tanks", None, 40, "initial"),
        ("guns", None, 120, None),
        ("other", "armoured trains", 2, None),
    ]
    assert red.casualties is not None
    assert [(e.kind, e.fate, e.value.low) for e in red.casualties.equipment] == [
        ("tanks", "destroyed", 12)
    ]
    killed, wounded = red.casualties.killed, red.casualties.wounded
    assert killed is not None and (killed.low, killed.high) == (970, 1_330)
    assert wounded is not None and (wounded.low, wounded.high) == (1_800, 2_200)
    assert [(n.name, n.when) for n in record.place.other_names] == [
        ("Bandbourg", None),
        ("Alt-Bandburg", "until 1919"),
    ]
    source = record.sources[0]
    assert (source.kind, source.authors, source.year, source.row) == (
        "dataset",
        ("Jeffrey Arnold",),
        1990,
        "isqno 7",
    )
    assert record.reviewed[0].warning == "casualties-above-strength"


def test_conditions_short_and_long_forms_read_alike() -> None:
    found = _record().conditions
    assert found is not None and found.terrain is not None and found.weather is not None
    assert found.terrain.value == ("rolling", "wooded")
    assert (found.weather.value, found.weather.text) == (("dry",), "dry and warm")
    assert found.season is not None and found.season.value == "autumn"  # "fall"
    assert found.surprise is not None and (found.surprise.value, found.surprise.degree) == (
        "red",
        "minor",
    )
    assert found.air_superiority is not None and found.air_superiority.value == "none"
    assert found.posture is not None
    assert [(p.side, p.value) for p in found.posture.value] == [("blue", "prepared defence")]
    assert [(d.value, d.unit, d.side) for d in found.front_width] == [
        (3.7, "km", "red"),
        (2.8, "km", "blue"),
    ]
    assert [(d.value, d.unit, d.side) for d in found.distance_advanced] == [(2.5, "km", None)]
    drawford = _record(V2 / "siege-of-drawford.yaml").conditions
    assert drawford is not None and drawford.posture is not None
    assert (drawford.posture.value, drawford.posture.text) == ((), "Both sides dug in.")
    assert drawford.terrain is not None and drawford.terrain.value == ("rugged",)


def test_equipment_is_never_added_to_the_men() -> None:
    record = _record()
    # Only the men: 10,800-13,200 and 3,000; the 40 tanks and 120 guns are not in it.
    assert tally.bounds(tally.battle_strength(record)) == (13_800, 16_200)
    red = record.sides[0]
    assert tally.bounds(tally.total_losses(red.casualties)) == (2_770, 3_530)


def test_a_version_1_record_loads_unchanged_and_is_valid_as_version_2(tmp_path: Path) -> None:
    one = _write(tmp_path, _minimal(1), "one.yaml")
    two = _write(tmp_path, _minimal(2), "two.yaml")
    first, second = loading.load_file(one).record, loading.load_file(two).record
    assert first.schema_version == 1 and second.schema_version == 2
    assert msgspec_without_version(first) == msgspec_without_version(second)


def msgspec_without_version(record: object) -> object:
    import msgspec

    return msgspec.structs.replace(record, schema_version=1, id="x")  # type: ignore[type-var]


# -- the version rule ----------------------------------------------------------------------------

V2_USES = [
    ({"side_a": ", role: attacker"}, "sides[0].role", "role"),
    ({"side_a": ", result: victory"}, "sides[0].result", "result"),
    ({"side_a": ", strength: 12000 ±10%"}, "sides[0].strength", "an error band"),
    ({"side_a": ", strength: {value: 5, counts: peak}"}, "sides[0].strength.counts", "counts"),
    ({"side_a": ", equipment: [{kind: tanks, value: 3}]"}, "sides[0].equipment", "equipment"),
    (
        {"side_a": ", casualties: {equipment: [{kind: ships, fate: sunk, value: 1}]}"},
        "sides[0].casualties.equipment",
        "equipment",
    ),
    ({"side_a": ", strengths: [{value: 2, counts: final}]"}, "sides[0].strengths", "strengths"),
    ({"source": ", kind: book"}, "sources[0].kind", "kind"),
    ({"source": ", authors: [X]"}, "sources[0].authors", "authors"),
    ({"source": ", accessed: 2020-01-01"}, "sources[0].accessed", "accessed"),
    ({"extra": "conditions: {terrain: rugged}"}, "conditions", "conditions"),
    ({"extra": "result: {text: won, winner: a}"}, "result.winner", "winner"),
    ({"extra": "reviewed: [{warning: total-not-sum, note: ok}]"}, "reviewed", "reviewed"),
]


@pytest.mark.parametrize(("parts", "field", "what"), V2_USES)
def test_a_v2_key_in_a_version_1_record_is_an_error(
    tmp_path: Path, parts: dict[str, str], field: str, what: str
) -> None:
    assert _errors(tmp_path, _minimal(2, **parts)) == []
    errors = _errors(tmp_path, _minimal(1, **parts))
    assert errors == [
        f"{field}: {what} needs schema_version: 2 (this record says schema_version: 1)"
    ]


def test_the_version_error_names_the_other_uses(tmp_path: Path) -> None:
    path = _write(
        tmp_path, BANDBURG.read_text("utf-8").replace("schema_version: 2", "schema_version: 1")
    )
    with pytest.raises(DataError) as caught:
        loading.load_file(path, positions=True)
    assert caught.value.message.startswith(
        "other_names needs schema_version: 2 (this record says schema_version: 1); so do "
        "result.winner, "
    )
    assert "more" in caught.value.message
    assert caught.value.location.line == 10  # the list of other names


def test_schema_version_3_is_refused(tmp_path: Path) -> None:
    assert _errors(tmp_path, _minimal(3)) == ["schema_version: 3 is not one of the allowed values"]


# -- errors in the new fields ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (
            {"extra": "result: {text: won, winner: c}"},
            "result.winner: names side 'c', which the record does not have",
        ),
        (
            {"extra": "conditions: {surprise: zz}"},
            "conditions.surprise.value: names side 'zz', which the record does not have",
        ),
        (
            {"extra": "conditions: {air_superiority: {value: q}}"},
            "conditions.air_superiority.value: names side 'q', which the record does not have",
        ),
        (
            {"extra": "conditions: {posture: [{side: q, value: attack}]}"},
            "conditions.posture.value[0].side: names side 'q', which the record does not have",
        ),
        (
            {"side_a": ", strengths: [{value: 2}]"},
            "sides[0].strengths[0]: a further strength must say what it counts",
        ),
        (
            {"side_a": ", equipment: [{kind: other, value: 2}]"},
            "sides[0].equipment[0]: equipment of kind 'other' needs a label",
        ),
        (
            {"side_a": ", equipment: [{kind: zeppelins, value: 2}]"},
            "sides[0].equipment[0].kind: 'zeppelins' is not one of the allowed values",
        ),
        (
            {"side_a": ", casualties: {equipment: [{kind: tanks, fate: eaten, value: 2}]}"},
            "sides[0].casualties.equipment[0].fate: 'eaten' is not one of the allowed values",
        ),
        (
            {"side_a": ", role: bystander"},
            "sides[0].role: 'bystander' is not one of the allowed values",
        ),
        (
            {"side_a": ", result: won"},
            "sides[0].result: 'won' is not one of the allowed values",
        ),
        (
            {"extra": "conditions: {terrain: [rugged, moon]}"},
            "conditions.terrain.value[1]: 'moon' is not one of the allowed values",
        ),
        (
            {"extra": "conditions: {front_width: three km}"},
            "conditions.front_width[0]: expected a distance such as '3.7 km' "
            "(km, mi or m), or its long form",
        ),
        (
            {"side_a": ", strength: {value: 100-200, error: 10%}"},
            "sides[0].strength.error: an error band goes beside one whole number "
            "(value: 12000, error: 10%)",
        ),
        (
            {"side_a": ", strength: {value: 100, error: lots}"},
            "sides[0].strength.error: cannot read 'lots' as an error band; "
            "write 10%, 500, ±10%, or +33%/-3% (plus, then minus)",
        ),
        (
            {"source": ", accessed: 30 Nov 2026"},
            "sources[0].accessed: expected a day written YYYY-MM-DD (2026-11-30)",
        ),
    ],
)
def test_errors_in_the_new_fields(tmp_path: Path, parts: dict[str, str], expected: str) -> None:
    errors = _errors(tmp_path, _minimal(2, **parts))
    assert len(errors) == 1
    assert errors[0].startswith(expected), errors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12,000 +10%/-500", "mixes a percentage with a count"),
        ("12,000 ±101%", "a band below the value cannot be more than 100%"),
        ("12,000 ±2000%", "larger than 1,000%"),
        ("~12,000 ±10%", "cannot read"),
        ("100-200 ±10%", "cannot read"),
        (">100 ±10%", "cannot read"),
        ("100 ±10.555%", "cannot read"),
    ],
)
def test_bad_bands(text: str, message: str) -> None:
    with pytest.raises(FigureError, match=message):
        parse_figure(text)


@pytest.mark.parametrize(
    ("text", "low", "high", "shown"),
    [
        ("12,000 ±10%", 10_800, 13_200, "12,000 ±10%"),
        ("12000 +/- 10%", 10_800, 13_200, "12,000 ±10%"),
        ("12,000 +-500", 11_500, 12_500, "12,000 ± 500"),
        ("12,000 ± 1,500", 10_500, 13_500, "12,000 ± 1,500"),
        ("1,000 +33%/-3%", 970, 1_330, "1,000 +33%/−3%"),
        ("1,000 +33% -3%", 970, 1_330, "1,000 +33%/−3%"),
        ("100 ±2.5%", 97, 103, "100 ±2.5%"),
        ("7 ±100%", 0, 14, "7 ±100%"),
        ("10 ± 50", 0, 60, "10 ± 50"),  # never below 0
        ("0 ±10%", 0, 0, "0 ±10%"),
    ],
)
def test_band_short_forms(text: str, low: int, high: int, shown: str) -> None:
    fig = parse_figure(text)
    assert (fig.low, fig.high, fig.form, format_figure(fig)) == (low, high, "band", shown)
    assert parse_figure(shown.replace("−", "-")) == fig  # what is shown reads back


def test_band_long_forms_read_as_the_short() -> None:
    from battles.model import FigureSpec

    for error, short in ((10, "500 ± 10"), ("10%", "500 ±10%"), ("+33%/-3%", "500 +33%/-3%")):
        spec = FigureSpec(value=parse_figure(500), error=error)
        assert figure_from_spec(spec) == parse_figure(short)
    assert parse_band("±1,000") == (1000, 1000, False)


# -- hypothesis: the true value is inside the range shown ------------------------------------------

PERCENT = st.integers(0, 10_000)  # hundredths of a percent, up to 100%


@st.composite
def bands(draw: st.DrawFn) -> tuple[str, int, int]:
    """A band's text, and a true value inside it written as value * (1 + x) (x in the band)."""
    value = draw(st.integers(0, 10_000_000))
    if draw(st.booleans()):
        minus, plus = draw(PERCENT), draw(st.integers(0, 100_000))
        same = draw(st.booleans())
        plus = minus if same else plus

        def pct(n: int) -> str:
            return f"{n // 100}.{n % 100:02d}%"

        text = f"{value} ±{pct(minus)}" if same else f"{value} +{pct(plus)}/-{pct(minus)}"
        # the true value: anything from value*(1 - minus) to value*(1 + plus), exactly
        share = draw(st.integers(-minus, plus))
        true_times_10000 = value * (10_000 + share)
        true_low = true_high = true_times_10000
        return text, true_low, true_high
    minus = draw(st.integers(0, 1_000_000))
    plus = draw(st.integers(0, 1_000_000))
    true = draw(st.integers(max(value - minus, 0), value + plus))
    text = f"{value} +{plus}/-{minus}" if minus != plus else f"{value} ± {plus}"
    return text, true * 10_000, true * 10_000


@given(bands())
@settings(max_examples=400, deadline=None)
def test_a_true_value_in_the_band_is_inside_the_range_shown(case: tuple[str, int, int]) -> None:
    text, true_low, true_high = case  # the true value, times 10,000 (exact)
    fig = parse_figure(text)
    low, high = tally.bounds(fig)
    assert low is not None and high is not None
    assert low * 10_000 <= true_low and true_high <= high * 10_000
    assert low >= 0


@given(st.lists(bands(), min_size=1, max_size=6))
@settings(max_examples=200, deadline=None)
def test_the_sum_of_banded_figures_holds_the_true_sum(cases: list[tuple[str, int, int]]) -> None:
    figures = [parse_figure(text) for text, _, _ in cases]
    total = tally.add(figures)
    low, high = tally.bounds(total)
    assert low is not None and high is not None
    true = sum(t for _, t, _ in cases)
    assert low * 10_000 <= true <= high * 10_000


# -- validate: codes and reviewed warnings -------------------------------------------------------------


def test_every_warning_has_a_stable_code(run) -> None:
    result = run("validate", str(FIXTURES / "warnings"))
    lines = [ln for ln in result.stdout.splitlines() if ": warning: " in ln]
    codes = [ln.rsplit("[", 1)[1].rstrip("]") for ln in lines]
    assert sorted(codes) == [
        "casualties-above-strength",
        "event-outside-dates",
        "parts-not-sum",
        "total-not-sum",
        "unknown-part-of",
    ]


def test_a_reviewed_warning_is_silent_and_shown_with_all(run) -> None:
    quiet = run("validate", str(V2))
    assert quiet.exit_code == 0
    assert "warning:" not in quiet.stdout
    assert "3 files checked: 0 errors, 0 warnings (1 reviewed warning not shown)" in quiet.stdout
    shown = run("validate", "--all", str(V2))
    assert "[casualties-above-strength] reviewed: The dataset counts the losses" in shown.stdout
    assert "(1 reviewed warning shown)" in shown.stdout


def _warned(tmp_path: Path, reviewed: str) -> Path:
    text = (FIXTURES / "warnings" / "warned.yaml").read_text("utf-8")
    text = text.replace("schema_version: 1", "schema_version: 2") + reviewed
    return _write(tmp_path, text, "warned.yaml")


def test_a_review_without_a_field_covers_every_warning_of_its_code(run, tmp_path: Path) -> None:
    path = _warned(
        tmp_path,
        "reviewed:\n  - {warning: total-not-sum, note: checked}\n"
        "  - {warning: parts-not-sum, field: 'sides[1].strength', note: checked}\n",
    )
    out = run("validate", str(path)).stdout
    assert "total-not-sum" not in out and "parts-not-sum" not in out
    assert "casualties-above-strength" in out
    assert "0 errors, 3 warnings (2 reviewed warnings not shown)" in out


def test_a_review_of_another_field_does_not_cover_and_is_reported(run, tmp_path: Path) -> None:
    path = _warned(
        tmp_path, "reviewed:\n  - {warning: parts-not-sum, field: 'sides[0].strength', note: x}\n"
    )
    out = run("validate", str(path)).stdout
    assert "[parts-not-sum]" in out
    assert (
        "reviewed[0]: reviewed warning parts-not-sum at sides[0].strength is no longer raised"
        in out
    )
    assert "[review-not-needed]" in out


def test_an_unknown_warning_code_is_an_error(tmp_path: Path) -> None:
    errors = _errors(tmp_path, _minimal(extra="reviewed: [{warning: looks-odd, note: x}]"))
    assert errors == ["reviewed[0].warning: 'looks-odd' is not one of the allowed values"]


# -- list: --winner, --role, --where ------------------------------------------------------------------


def _ids(run, *args: str) -> list[str]:
    result = run("--data-dir", str(V2), "list", "--format", "csv", *args)
    assert result.exit_code == 0, result.stderr
    return [line.split(",", 1)[0] for line in result.stdout.splitlines()[1:]]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ["battle-of-bandburg", "siege-of-drawford", "raid-on-oldtown"]),
        (("--winner", "attacker"), ["battle-of-bandburg"]),
        (("--winner", "defender"), []),
        (("--winner", "red"), ["battle-of-bandburg"]),
        (("--winner", "Redland"), ["battle-of-bandburg"]),
        (("--winner", "red army"), ["battle-of-bandburg"]),
        (("--winner", "blue"), []),
        (("--winner", "none"), ["siege-of-drawford"]),
        (("--role", "attacker"), ["battle-of-bandburg", "siege-of-drawford"]),
        (
            ("--role", "Defender", "--belligerent", "blueland"),
            ["battle-of-bandburg", "siege-of-drawford"],
        ),
        (("--role", "attacker", "--belligerent", "blueland"), []),
        (("--role", "attacker", "--belligerent", "greenland"), ["siege-of-drawford"]),
        (("--where", "terrain=rugged"), ["siege-of-drawford"]),
        (("--where", "terrain=wooded"), ["battle-of-bandburg"]),
        (("--where", "weather=dry"), ["battle-of-bandburg"]),
        (("--where", "season=fall"), ["battle-of-bandburg"]),
        (("--where", "season=winter", "--where", "weather=snow"), ["siege-of-drawford"]),
        (("--where", "season=winter", "--where", "weather=dry"), []),
        (("--where", "surprise=attacker"), ["battle-of-bandburg"]),
        (("--where", "surprise=Red Army"), ["battle-of-bandburg"]),
        (("--where", "surprise=none"), ["siege-of-drawford"]),
        (("--where", "air_superiority=green"), ["siege-of-drawford"]),
        (("--where", "air-superiority=attacker"), ["siege-of-drawford"]),
        (("--where", "posture=prepared defense"), ["battle-of-bandburg"]),
        (("--where", "role=defender"), ["battle-of-bandburg", "siege-of-drawford"]),
        (("--where", "result=withdrew"), ["battle-of-bandburg"]),
        (("--where", "result=draw"), ["siege-of-drawford"]),
        (("--where", "winner=attacker"), ["battle-of-bandburg"]),
    ],
)
def test_list_filters_on_the_new_fields(run, args: tuple[str, ...], expected: list[str]) -> None:
    assert sorted(_ids(run, *args)) == sorted(expected)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--where", "terrain"), "write KEY=VALUE"),
        (("--where", "colour=red"), "--where knows no key 'colour'"),
        (("--where", "terrain=moon"), "not a word of terrain; use one of open, rolling"),
        (("--role", "umpire"), "--role 'umpire': use attacker or defender"),
    ],
)
def test_list_filter_usage_errors(run, args: tuple[str, ...], message: str) -> None:
    result = run("--data-dir", str(V2), "list", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_list_json_and_csv_carry_the_winner(run) -> None:
    data = json.loads(run("--data-dir", str(V2), "list", "--format", "json").stdout)
    assert {r["id"]: r["winner"] for r in data["records"]} == {
        "battle-of-bandburg": "red",
        "siege-of-drawford": "none",
        "raid-on-oldtown": None,
    }


# -- show, compare, exports ------------------------------------------------------------------------


def test_show_has_role_outcome_equipment_conditions_and_sources(run) -> None:
    out = run("--data-dir", str(V2), "show", "bandburg").stdout
    for expected in (
        "won by Red Army",
        "also called Bandbourg, Alt-Bandburg (until 1919)",
        "Role ",
        "attacker",
        "victory · “held the field”",
        "12,000 ±10%",
        "final: 9,000 ± 500",
        "3,000 [1] (engaged)",
        "tanks: 40 [1] (initial)",
        "armoured trains: 2",
        "killed: 1,000 +33%/−3%",
        "tanks destroyed: 12",
        "Conditions",
        "rolling, wooded",
        "dry  “dry and warm”",
        "autumn",
        "Red Army (minor) [1]",
        "no side",
        "Blue Army: prepared defence",
        "Red Army: 3.7 km",
        "2.5 km",
        "Open fields beside a river.",
        "Jeffrey Arnold. CDB90. Example Press, 1990. (dataset, version e0b35ec, table",
    ):
        assert expected in out, expected


def test_show_json_keeps_bands_counts_and_the_new_fields(run) -> None:
    data = json.loads(run("--data-dir", str(V2), "show", "bandburg", "-f", "json").stdout)
    assert data["schema_version"] == 3
    record = data["record"]
    red = record["sides"][0]
    assert red["strength"]["form"] == "band"
    assert red["strength"]["band"] == {
        "value": 12000,
        "minus": 10.0,
        "plus": 10.0,
        "unit": "percent",
        "shown": "±10%",
    }
    assert (red["strength"]["low"], red["strength"]["high"]) == (10800, 13200)
    assert red["strengths"][0]["counts"] == "final"
    assert red["equipment"][0]["kind"] == "tanks"
    assert red["equipment"][0]["value"]["low"] == 40
    assert red["casualties"]["equipment"][0]["fate"] == "destroyed"
    assert (red["role"], red["result"]) == ("attacker", "victory")
    assert record["result"]["winner"] == "red"
    assert record["conditions"]["terrain"]["value"] == ["rolling", "wooded"]
    assert record["place"]["other_names"][1]["when"] == "until 1919"
    assert record["sources"][0]["table"] == "data/battles.csv"
    assert record["reviewed"][0]["warning"] == "casualties-above-strength"


def test_show_csv_has_a_row_for_each_new_value(run) -> None:
    out = run("--data-dir", str(V2), "show", "bandburg", "-f", "csv").stdout
    for row in (
        'battle-of-bandburg,sides[0].strength,"12,000 ±10%",band,10800,13200',
        "battle-of-bandburg,sides[0].strength.error,±10%,,,",
        "battle-of-bandburg,sides[1].strength.counts,engaged,,,",
        "battle-of-bandburg,sides[0].role,attacker,,,",
        "battle-of-bandburg,sides[0].equipment[0].kind,tanks,,,",
        "battle-of-bandburg,conditions.surprise.degree,minor,,,",
        "battle-of-bandburg,sources[0].row,isqno 7,,,",
        "battle-of-bandburg,place.other_names[0].name,Bandbourg,,,",
    ):
        assert row in out.splitlines(), row


def test_compare_shows_each_sides_role_and_result(run) -> None:
    out = run("--data-dir", str(V2), "compare", "bandburg", "--strength").stdout
    assert "Red Army (attacker, victory)" in out
    assert "Blue Army (defender, withdrew)" in out
    data = json.loads(run("--data-dir", str(V2), "compare", "bandburg", "-f", "json").stdout)
    assert [(r["side"], r["role"], r["result"]) for r in data["rows"]] == [
        ("Red Army", "attacker", "victory"),
        ("Blue Army", "defender", "withdrew"),
    ]


def test_sqlite_export_holds_the_new_fields(run, tmp_path: Path) -> None:
    path = tmp_path / "out.db"
    assert run("--data-dir", str(V2), "export", str(path), "--format", "sqlite").exit_code == 0
    db = sqlite3.connect(path)
    try:
        assert db.execute("SELECT id, winner FROM battles ORDER BY id").fetchall() == [
            ("battle-of-bandburg", "red"),
            ("raid-on-oldtown", None),
            ("siege-of-drawford", "none"),
        ]
        assert db.execute(
            "SELECT key, role, result FROM sides WHERE battle_id = 'battle-of-bandburg'"
        ).fetchall() == [("red", "attacker", "victory"), ("blue", "defender", "withdrew")]
        assert db.execute(
            "SELECT form, low, high, band_value, band FROM figures "
            "WHERE measure = 'strength' AND relation = 'value' AND battle_id = 'battle-of-bandburg'"
        ).fetchall() == [("band", 10800, 13200, 12000, "±10%"), ("exact", 3000, 3000, None, None)]
        assert db.execute(
            "SELECT measure, equipment, fate, counts, low, label FROM figures "
            "WHERE equipment IS NOT NULL ORDER BY id"
        ).fetchall() == [
            ("equipment", "tanks", None, "initial", 40, None),
            ("equipment", "guns", None, None, 120, None),
            ("equipment", "other", None, None, 2, "armoured trains"),
            ("equipment lost", "tanks", "destroyed", None, 12, None),
        ]
        assert (
            "terrain",
            "rugged",
        ) in db.execute("SELECT key, value FROM conditions").fetchall()
        assert db.execute(
            "SELECT amount, unit FROM conditions WHERE key = 'front_width'"
        ).fetchall() == [(3.7, "km"), (2.8, "km")]
        assert db.execute('SELECT kind, authors, "table", "row" FROM sources').fetchall()[0] == (
            "dataset",
            "Jeffrey Arnold",
            "data/battles.csv",
            "isqno 7",
        )
        cited = db.execute(
            "SELECT c.key, c.value, s.key FROM citations JOIN conditions c ON c.id = condition_id "
            "JOIN sources s ON s.id = source_id WHERE c.battle_id = 'battle-of-bandburg'"
        ).fetchall()
        assert ("terrain", "rolling", "cdb") in cited and ("note", None, "cdb") in cited
        assert len(cited) == 11  # every entry cites the block's source
        assert db.execute("SELECT name, when_text FROM place_names").fetchall() == [
            ("Bandbourg", None),
            ("Alt-Bandburg", "until 1919"),
        ]
        assert db.execute("SELECT warning, field FROM reviewed").fetchall() == [
            ("casualties-above-strength", "sides[1].casualties")
        ]
    finally:
        db.close()


def test_csv_export_has_the_new_tables(run, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    assert run("--data-dir", str(V2), "export", str(out), "--format", "csv").exit_code == 0
    assert (out / "conditions.csv").read_text("utf-8").count("\n") > 10
    assert "winner" in (out / "battles.csv").read_text("utf-8").splitlines()[0]


def test_cite_writes_the_source_fields(run) -> None:
    bib = run("--data-dir", str(V2), "cite", "drawford", "--format", "bibtex").stdout
    assert "@book{siege-of-drawford-s," in bib
    assert "author = {{B. Writer} and {C. Writer}}" in bib
    assert "year = {2001}" in bib and "pages = {12--14}" in bib  # BibTeX writes a range with --
    ris = run("--data-dir", str(V2), "cite", "bandburg", "--format", "ris").stdout
    assert "TY  - DATA" in ris and "AU  - Jeffrey Arnold" in ris and "Y2  - 2026-11-30" in ris


# -- the JSON Schema ---------------------------------------------------------------------------------


def _validator(run) -> jsonschema.Draft202012Validator:
    schema = json.loads(run("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_schema_accepts_the_v2_records_and_the_docs_examples(run) -> None:
    from battles.loading.yamlsrc import parse

    validator = _validator(run)
    for path in sorted(V2.glob("*.yaml")):
        data, _ = parse(path.read_text("utf-8"), path.name)
        assert [e.message for e in validator.iter_errors(data)] == [], path.name


@pytest.mark.parametrize(
    ("extra", "bad"),
    [
        ({"conditions": {"terrain": "moon"}}, True),
        ({"conditions": {"terrain": "rugged", "front_width": "3 km"}}, False),
        ({"conditions": {"front_width": "3 furlongs"}}, True),
        ({"conditions": {"posture": "dug in"}}, False),
        ({"sides_0": {"strength": "12,000 ±10%"}}, False),
        ({"sides_0": {"strength": "12,000 ±"}}, True),
        ({"sides_0": {"strength": {"value": 5, "error": "+3%/-2%"}}}, False),
        ({"sides_0": {"strength": {"value": 5, "error": "much"}}}, True),
        ({"sides_0": {"role": "umpire"}}, True),
        ({"place": {"name": "x", "other_names": ["y", {"name": "z", "when": "then"}]}}, False),
    ],
)
def test_the_schema_knows_the_new_forms(run, extra: dict[str, object], bad: bool) -> None:
    record: dict[str, object] = {
        "schema_version": 2,
        "name": "x",
        "kind": "battle",
        "start": "1941",
        "place": {"name": "x"},
        "sides": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        "sources": [{"id": "s", "title": "t"}],
    }
    for key, value in extra.items():
        if key == "sides_0":
            record["sides"][0].update(value)  # type: ignore[index,attr-defined]
        else:
            record[key] = value
    errors = list(_validator(run).iter_errors(record))
    assert bool(errors) == bad, [e.message for e in errors]


def test_the_cache_keeps_the_v2_fields(run, tmp_path: Path) -> None:
    first = run("--data-dir", str(V2), "show", "bandburg", "-f", "json").stdout
    again = run("--data-dir", str(V2), "show", "bandburg", "-f", "json").stdout  # from the cache
    fresh = run("--no-cache", "--data-dir", str(V2), "show", "bandburg", "-f", "json").stdout
    assert first == again == fresh


def test_a_v2_record_written_back_reads_the_same(tmp_path: Path) -> None:
    from record_yaml import to_yaml

    record = _record()
    again = _write(tmp_path, to_yaml(record), "battle-of-bandburg.yaml")
    assert loading.load_file(again).record == record


@pytest.mark.parametrize(
    ("winner", "red", "blue", "warned"),
    [
        ("red", "victory", "defeat", []),
        ("red", "defeat", "victory", ["sides[0].result", "sides[1].result"]),
        ("red", "withdrew", "surrendered", []),
        ("blue", "victory", None, ["sides[0].result"]),
        ("blue", "destroyed", "draw", []),
        ("none", "draw", "inconclusive", []),
        ("none", "victory", "draw", ["sides[0].result"]),
        ("none", "draw", "defeat", ["sides[1].result"]),
    ],
)
def test_a_winner_that_disagrees_with_the_sides_results_is_a_warning(
    run, tmp_path: Path, winner: str, red: str, blue: str | None, warned: list[str]
) -> None:
    side_a = f", result: {red}"
    text = _minimal(
        extra=f"result: {{text: t, winner: {winner.replace('red', 'a').replace('blue', 'b')}}}",
        side_a=side_a,
    )
    if blue is not None:
        text = text.replace("{id: b, name: B}", f"{{id: b, name: B, result: {blue}}}")
    out = run("validate", str(_write(tmp_path, text))).stdout
    found = [
        ln.split(": warning: ")[1].split(":")[0]
        for ln in out.splitlines()
        if "[winner-disagrees]" in ln
    ]
    assert found == warned


def test_a_page_or_row_given_as_a_number_is_read_as_text(tmp_path: Path) -> None:
    path = _write(tmp_path, _minimal(source=", page: 112, row: 7, version: '1.10'"))
    source = loading.load_file(path).record.sources[0]
    assert (source.page, source.row, source.version) == ("112", "7", "1.10")
    assert _errors(tmp_path, _minimal(source=", year: nineteen")) == [
        "sources[0].year: expected a whole number, got text"
    ]


def test_compare_writes_each_sides_equipment_under_its_battle(run) -> None:
    """Equipment beside strength and losses in compare, never added to the men."""
    strength = run("--data-dir", str(V2), "compare", "--strength", env={"COLUMNS": "100"})
    assert strength.exit_code == 0
    assert "Red Army, equipment: 40 tanks (initial) · ~120 guns · 2 armoured trains" in (
        strength.stdout
    )
    losses = run("--data-dir", str(V2), "compare", "--casualties", env={"COLUMNS": "100"})
    assert "Red Army, equipment lost: 12 tanks destroyed" in losses.stdout
    data = json.loads(run("--data-dir", str(V2), "compare", "--strength", "-f", "json").stdout)
    red = next(r for r in data["rows"] if r["side"] == "Red Army")
    assert [(e["label"], e["low"]) for e in red["equipment"]] == [
        ("tanks (initial)", 40),
        ("guns", 120),  # "~120": about 120
        ("armoured trains", 2),
    ]
    assert red["figures"]["strength"]["low"] == 10_800  # the men alone
