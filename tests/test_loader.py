from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from battles import loading
from battles.errors import DataError
from battles.figures import Figure
from battles.text import _CYRILLIC, SPACES, ascii_form, ascii_pattern, normalise

BAD = FIXTURES / "bad"

# Every loader error: the fixture, and the exact message with file:line:column and field.
EXPECTED = {
    "backwards-range.yaml": "6:36: sides[0].strength: the range '20-10' runs backwards; write 10-20",
    "bad-cite.yaml": "6:34: sides[0].source: cites 'nope', which is not in the record's sources",
    "bad-date.yaml": "4:8: start: '1941-02-30' does not exist: Feb 1941 has 28 days",
    "bad-figure.yaml": "9:26: sides[0].casualties.killed: cannot read 'many' as a figure",
    "bad-kind.yaml": "3:7: kind: 'skirmish' is not one of the allowed values (one of: battle, siege",
    "duplicate-key.yaml": "3:1: name: duplicate key 'name' (first at line 2)",
    "empty.yaml": "1:1: the file is empty (or only comments)",
    "end-before-start.yaml": "5:6: end: ends (1941-10-01) before it starts (1941-10-05)",
    "latin1.yaml": "2:8: byte 0xe9 is not UTF-8 (save the file as UTF-8)",
    "list.yaml": "1:1: a record must be a mapping of keys, but this file holds a list",
    "missing-start.yaml": "1:1: missing required key 'start'",
    "one-side.yaml": "6:8: sides: expected at least 2 entries",
    "python-tag.yaml": "2:7: name: the tag !!python/object/apply:os.system is not allowed",
    "tab.yaml": "3:1: YAML syntax: found a tab character that violates indentation",
    "unclosed-quote.yaml": "4:1: YAML syntax: found unexpected end of stream while scanning a quoted scalar at line 2",
    "unknown-key.yaml": "9:5: sides[0].casualites: unknown key 'casualites' (did you mean casualties?)",
    "several-documents.yaml": "3:1: YAML syntax: a record file holds one YAML document; this one has several",
    "string.yaml": "1:1: a record must be a mapping of keys, but this file holds a single value",
    "mapping-for-list.yaml": "6:8: sides: expected a list, got a mapping",
    "negative.yaml": "6:36: sides[0].strength: a figure cannot be negative (-5)",
    "infinite.yaml": "6:36: sides[0].strength: .inf is not a number a record can hold",
    "nan.yaml": "6:36: sides[0].strength: .nan is not a number a record can hold",
    "huge-number.yaml": "6:36: sides[0].strength: 1e400 is too large to be a number",
    "month-13.yaml": "4:8: start: '1941-13' has month 13; months run from 1 to 12",
    "utf16.yaml": "1:1: the file is UTF-16 (save it as UTF-8)",
    "nul-byte.yaml": "2:8: the file contains a NUL byte",
    "bad-indent.yaml": "3:7: YAML syntax: mapping values are not allowed in this context",
    "alias-bomb.yaml": "8:8: aliases[0]: YAML aliases (*name) are not allowed in records",
    "deep.yaml": "3:47: nested more than 40 levels deep (records are never that deep: is a bracket missing its pair?)",
    "markup-key.yaml": "6:41: sides[0].[bold]x: unknown key '[bold]x'",
    "escape-key.yaml": "6:26: sides[0].\x1b[31mred: unknown key '\\x1b[31mred'",
    "same-side-id.yaml": "6:32: sides[1].id: two sides share the id 'a'",
    "zero-bytes.yaml": "1:1: the file is empty (or only comments)",
}


def test_every_bad_fixture_has_an_expected_message() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_loader_error_names_file_line_column_and_field(name: str) -> None:
    with pytest.raises(DataError) as info:
        loading.load_file(BAD / name)
    assert str(info.value).startswith(f"{BAD / name}:{EXPECTED[name]}") or str(
        info.value
    ).startswith(f"tests/fixtures/bad/{name}:{EXPECTED[name]}"), str(info.value)


def write(tmp_path: Path, text: str, name: str = "rec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


RECORD = """\
schema_version: 1
name: Test
kind: battle
start: 1941-10-01
place: {{name: X}}
sides:
  - {{id: a, name: "A", {side_a}}}
  - {{id: b, name: B}}
sources: [{{id: s, title: T}}]
"""


def record(side_a: str = "note: n") -> str:
    return RECORD.format(side_a=side_a)


def test_yaml_11_surprises_stay_text(tmp_path: Path) -> None:
    text = record("belligerents: [no, yes, on, off, '14:30', 14:30, 1941-09-23]")
    entry = loading.load_file(write(tmp_path, text))
    assert entry.record.sides[0].belligerents == (
        "no",
        "yes",
        "on",
        "off",
        "14:30",
        "14:30",
        "1941-09-23",
    )


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + record().encode())
    assert loading.load_file(path).record.name == "Test"


def test_utf16_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "u16.yaml"
    path.write_bytes(record().encode("utf-16"))
    with pytest.raises(DataError, match="UTF-16"):
        loading.load_file(path)


def test_id_defaults_to_file_name(tmp_path: Path) -> None:
    assert (
        loading.load_file(write(tmp_path, record(), "Some Battle.yaml")).record.key == "some-battle"
    )


def test_alias_and_merge_keys_refused(tmp_path: Path) -> None:
    text = record().replace("note: n", "note: &x n, belligerents: [*x]")
    with pytest.raises(DataError, match="aliases"):
        loading.load_file(write(tmp_path, text))


def test_deep_nesting_is_a_clear_error(tmp_path: Path) -> None:
    text = record("note: " + "[" * 60 + "]" * 60)
    with pytest.raises(DataError, match="nested more than"):
        loading.load_file(write(tmp_path, text))


def test_nested_figure_error_keeps_the_full_path(tmp_path: Path) -> None:
    text = record("strength: {parts: [{label: x, value: 1}, {label: y, valu: 2}]}")
    with pytest.raises(loading.RecordErrors) as info:
        loading.load_file(write(tmp_path, text))
    found = [
        (e.location.line, e.location.column, e.location.field, e.message) for e in info.value.errors
    ]
    assert found == [
        (7, 65, "sides[0].strength.parts[1]", "missing required key 'value'"),
        (7, 76, "sides[0].strength.parts[1].valu", "unknown key 'valu'"),
    ]
    assert info.value.errors[1].hint == "did you mean value?"


def test_short_and_long_forms_load_into_the_same_model(tmp_path: Path) -> None:
    short = loading.load_file(write(tmp_path, record("strength: 16-20"), "a.yaml"))
    long = loading.load_file(write(tmp_path, record("strength: {value: 16 to 20}"), "b.yaml"))
    assert short.record.sides[0].strength == long.record.sides[0].strength == Figure(16, 20)


def test_duplicate_ids_and_aliases_across_files(tmp_path: Path) -> None:
    write(tmp_path, record(), "one.yaml")
    write(tmp_path, record().replace("name: Test", "name: Other\naliases: [One]"), "two.yaml")
    dataset = loading.load([tmp_path])
    assert [e.record.key for e in dataset.records] == ["one"]
    assert len(dataset.problems) == 1
    assert "'One' is already the id or an alias of" in str(dataset.problems[0])


def test_one_bad_file_does_not_hide_the_good_ones() -> None:
    dataset = loading.load([FIXTURES / "good", BAD])
    assert {e.record.key for e in dataset.records} == {
        "skirmish-at-example-ford",
        "second-skirmish",
    }
    assert len(dataset.problems) == len(EXPECTED)


def test_non_yaml_files_are_skipped(tmp_path: Path) -> None:
    write(tmp_path, record(), "one.yaml")
    write(tmp_path, "notes", "README.md")
    dataset = loading.load([tmp_path])
    assert [p.name for p in dataset.skipped] == ["README.md"]


def test_missing_data_directory(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        loading.load([tmp_path / "nope"])


def test_data_dirs_replace_the_bundled_data(tmp_path: Path) -> None:
    assert loading.data_dirs([], {}) == [loading.bundled_data_dir()]
    assert loading.data_dirs([tmp_path], {"BATTLES_DATA": "/x"}) == [tmp_path]
    assert loading.data_dirs([], {"BATTLES_DATA": f"/x{__import__('os').pathsep}/y"}) == [
        Path("/x"),
        Path("/y"),
    ]


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=15,
)


def _loads_or_says_why(factory: pytest.TempPathFactory, value: object) -> None:
    """Write ``value`` as a record file and load it: any exception but DataError fails."""
    import yaml

    path = factory.mktemp("h") / "rec.yaml"
    path.write_text(yaml.safe_dump(value), encoding="utf-8")
    try:
        loading.load_file(path)
    except DataError:
        pass


@settings(max_examples=150, deadline=None)
@given(yaml_values)
def test_arbitrary_yaml_shaped_data_raises_only_data_error(
    tmp_path_factory: pytest.TempPathFactory, value: object
) -> None:
    _loads_or_says_why(tmp_path_factory, value)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            ["schema_version", "name", "kind", "start", "sides", "sources", "place", "end"]
        ),
        yaml_values,
        max_size=8,
    )
)
def test_record_shaped_data_raises_only_data_error(
    tmp_path_factory: pytest.TempPathFactory, value: dict[str, object]
) -> None:
    _loads_or_says_why(tmp_path_factory, value)


def test_the_documented_example_loads(tmp_path: Path) -> None:
    doc = (Path(__file__).parent.parent / "docs" / "record-format.md").read_text("utf-8")
    example = doc.split("## An annotated example")[1].split("```yaml\n")[1].split("```")[0]
    path = tmp_path / "attack-on-krusevac.yaml"
    path.write_text(example, encoding="utf-8")
    entry = loading.load_file(path)
    assert entry.record.key == "attack-on-krusevac"
    assert entry.record.sides[0].strength is not None
    assert entry.record.sides[0].strength.bounds() == (1050, None)


def test_every_problem_in_a_file_is_reported(tmp_path: Path) -> None:
    text = (
        "schema_version: 1\nname: Bad\nkind: skirmish\nstart: 1941-13\n"
        "place: {name: X, colour: red}\nsides:\n  - {id: a, name: A, strength: lots}\n"
        "  - {id: b, nme: B}\nsources: [{id: s, title: T}]\nextra: 1\n"
    )
    with pytest.raises(loading.RecordErrors) as info:
        loading.load_file(write(tmp_path, text))
    found = [(e.location.line, e.location.column, e.location.field) for e in info.value.errors]
    assert found == [
        (3, 7, "kind"),
        (4, 8, "start"),
        (5, 18, "place.colour"),
        (7, 32, "sides[0].strength"),
        (8, 5, "sides[1]"),
        (8, 13, "sides[1].nme"),
        (10, 1, "extra"),
    ]
    assert "and 6 more problems in this file" in str(info.value)


def test_every_reference_problem_is_reported(tmp_path: Path) -> None:
    text = record("source: [nope, s]").replace("{id: b, name: B}", "{id: b, name: B, source: zzz}")
    with pytest.raises(loading.RecordErrors) as info:
        loading.load_file(write(tmp_path, text))
    assert [e.message for e in info.value.errors] == [
        "cites 'nope', which is not in the record's sources",
        "cites 'zzz', which is not in the record's sources",
    ]


def test_sources_cited_inside_figures_are_checked(tmp_path: Path) -> None:
    text = record("strength: {value: 5, estimates: [{value: 6, source: nope}]}")
    with pytest.raises(loading.RecordErrors) as info:
        loading.load_file(write(tmp_path, text))
    assert [e.message for e in info.value.errors] == [
        "cites 'nope', which is not in the record's sources"
    ]
    assert info.value.errors[0].location.field == "sides[0].strength.estimates[0].source"


def _normalise_by_the_book(text: str) -> str:
    """The definition that text.normalise computes faster."""
    import re
    import unicodedata

    # format characters (invisible ones, bidirectional controls) are left out
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("đ", "dj").replace("ł", "l").replace("ø", "o")
    plain = plain.translate(_CYRILLIC)  # Крушевац is Kruševac (issue 18)
    return re.sub(r"[\s_\-–—]+", " ", plain).strip()


@given(st.text(max_size=40))
@settings(max_examples=500)
def test_normalise_is_the_definition(text: str) -> None:
    assert normalise(text) == _normalise_by_the_book(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Kruševac", "krusevac"), ("Novi_Pazar", "novi pazar"), ("Đurđevo", "djurdjevo"), ("", "")],
)
def test_normalise_examples(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_texts_are_the_text_values_walk_finds() -> None:
    from conftest import DATA

    dataset = loading.load([DATA])
    for entry in dataset.records:
        walked = [(p, v) for p, v in loading.walk(entry.record) if isinstance(v, str)]
        assert list(loading.texts(entry.record)) == walked


def test_spaces_are_what_isspace_accepts() -> None:
    assert sorted(SPACES) == [chr(c) for c in range(0x110000) if chr(c).isspace()]


def _ascii_runs(text: str) -> list[str]:
    import re

    return [run.strip() for run in re.findall(r"[\x00-\x7f]+", text) if run.strip()]


TRICKY = st.text(
    alphabet=st.sampled_from([*"ab _-–—", "\xa0", "\u2028", "\x85", "š", "ž", "ж", "\u0301", "ß"]),
    max_size=20,
)


@pytest.mark.parametrize("separator", [*SPACES, "_", "-", "–", "—"])
def test_ascii_form_keeps_every_separator_a_space(separator: str) -> None:
    text = f"Novi{separator}Pazar"
    assert normalise(text) == "novi pazar"
    assert ascii_pattern("novi pazar").search(ascii_form(text))


@given(
    st.one_of(st.text(max_size=30), TRICKY),
    st.one_of(st.text(max_size=30), TRICKY),
    st.one_of(st.text(max_size=30), TRICKY),
)
@settings(max_examples=500)
def test_ascii_form_finds_what_normalise_finds(before: str, text: str, after: str) -> None:
    """search's quick test never misses: each ASCII run of a normalised text is found in the
    ASCII form of any text around it, msgpack's bytes included."""
    import msgspec

    raw = msgspec.msgpack.encode([before, len(text), text, 7, after])
    around = raw.decode("utf-8", "ignore")
    for run in _ascii_runs(normalise(text)):
        assert ascii_pattern(run).search(ascii_form(around)), run
