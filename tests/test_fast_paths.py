"""The fast paths of the large views give what the plain ones give: the same text, on
generated records and on the fixtures (issue 20). Each test draws a view both ways."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES
from rich.console import Console

from battles import loading
from battles.questions import filters, listing, search
from battles.render import listing as list_forms
from battles.render.output import strip_trailing_spaces

VIEWS = FIXTURES / "views"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> loading.Dataset:
    from bench.generate import generate

    directory = tmp_path_factory.mktemp("generated")
    generate(directory, 120, seed=20)
    return loading.load([directory], use_cache=False)


def _datasets(generated: loading.Dataset) -> list[loading.Dataset]:
    return [
        generated,
        loading.load([VIEWS], use_cache=False),
        loading.load([DATA], use_cache=False),
    ]


def _drawn(result: listing.ListResult, width: int, plain_rows: int) -> str:
    buffer = io.StringIO()
    before = list_forms.PLAIN_ROWS
    list_forms.PLAIN_ROWS = plain_rows
    try:
        console = Console(file=buffer, width=width, color_system=None, highlight=False)
        list_forms.render_list(result, console)
    finally:
        list_forms.PLAIN_ROWS = before
    return strip_trailing_spaces(buffer.getvalue())


@pytest.mark.parametrize("sort", filters.SORT_KEYS)
@pytest.mark.parametrize("width", [30, 52, 80, 100, 143, 220])
def test_a_large_plain_list_is_laid_out_as_rich_lays_it_out(
    generated: loading.Dataset, sort: str, width: int
) -> None:
    for dataset in _datasets(generated):
        records = listing.list_records(dataset, None, sort)
        result = listing.ListResult(records, len(records), sort)
        fast = _drawn(result, width, plain_rows=2)  # the header and 2 rows by Rich
        assert fast == _drawn(result, width, plain_rows=10**9)
        assert fast.count("\n") > len(records)


def test_hostile_text_is_laid_out_as_rich_lays_it_out(tmp_path: Path) -> None:
    """Wide characters, words longer than their column, escapes, tabs and markup."""
    from bench.generate import generate

    generate(tmp_path, 6, seed=3)
    odd = [
        "漢字の名前がとても長い戦い",
        "Supercalifragilisticexpialidocious-and-then-some-more",
        "a\tb\x1b[31mred[/] [bold]x",
        "  spaced   out  ",
        "",
    ]
    for n, path in enumerate(sorted(tmp_path.glob("*.yaml"))[: len(odd)]):
        text = path.read_text("utf-8").replace("name: ", f"name: {odd[n]!r} # ", 1)
        path.write_text(text.replace("\nname: '", "\nname: '", 1), "utf-8")
    dataset = loading.load([tmp_path], use_cache=False)
    records = listing.list_records(dataset, None, "casualties")
    result = listing.ListResult(records, len(records), "casualties")
    for width in (24, 40, 80):
        assert _drawn(result, width, plain_rows=0) == _drawn(result, width, plain_rows=10**9)


def test_the_fast_table_is_used_only_without_colour() -> None:
    assert list_forms.plain_console(Console(file=io.StringIO(), color_system=None))
    assert not list_forms.plain_console(Console(file=io.StringIO(), color_system="truecolor"))
    assert not list_forms.plain_console(Console(file=io.StringIO(), color_system=None, record=True))


# -- search: the texts' plain forms in one string, against a text-by-text search ------------


def _reference_search(dataset: loading.Dataset, text: str) -> list[tuple[str, str, str, str]]:
    """The search as it was written first: every text of every record, one by one."""
    from battles.loading import digest
    from battles.text import normalise

    words = list(dict.fromkeys(normalise(text).split(" ")))
    hits = []
    for n in range(len(dataset)):
        record = dataset.entry(n).record
        found = []
        seen: set[str] = set()
        for shown, path, value in digest.texts(record):
            plain = value.lower() if value.isascii() else normalise(value)
            held = [w for w in words if w in plain]
            if held:
                found.append((len(held), shown, path, value))
                seen.update(held)
        if len(seen) < len(words):
            continue
        whole = [item for item in found if item[0] == len(words)]
        hits += [(record.key, shown, path, value) for _, shown, path, value in whole or found]
    return hits


@pytest.fixture(scope="module")
def cached(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.generate import generate

    directory = tmp_path_factory.mktemp("cached")
    generate(directory, 60, seed=7)
    return directory


QUERIES = ["battle", "Battle of", "vose", "Воше", "division", "1941", "of the", "zzzz", "a"]


@pytest.mark.parametrize("cache", [True, False])
def test_search_finds_what_a_text_by_text_search_finds(cached: Path, cache: bool) -> None:
    loading.load([cached], use_cache=cache)  # the cache written, then read
    dataset = loading.load([cached], use_cache=cache)
    names = [dataset.entry(n).names[0] for n in (0, 7, 31)]
    for query in [*QUERIES, *names, names[0].split()[-1]]:
        found = search.search(dataset, query)
        expected = _reference_search(dataset, query)
        assert [(h.battle.key, h.field, h.path, h.text) for h in found.hits] == expected, query
        assert not found.limited
        for limit in (3, 40, len(expected) - 1, len(expected)):
            if 0 < limit <= len(expected):  # the records read a few, then more and more
                cut = search.search(dataset, query, limit=limit)
                assert cut.limited and cut.hits == found.hits[:limit], (query, limit)
        over = search.search(dataset, query, limit=len(expected) + 1)
        assert not over.limited and over.hits == found.hits


def test_a_text_with_the_separator_is_found_as_before() -> None:
    from battles.loading.digest import SEPARATOR, plain_form

    assert SEPARATOR not in plain_form(f"Battle{SEPARATOR}of Ćuprija")
    assert plain_form("Battle of ĆUPRIJA") == "battle of cuprija"
    assert plain_form("Battle OF X") == "battle of x"


# -- list --format json: each entry as the cache keeps it -------------------------------------


@pytest.mark.parametrize("cache", [True, False])
@pytest.mark.parametrize(
    ("sort", "reverse", "flt"),
    [
        ("date", False, None),
        ("date", True, None),
        ("casualties", False, None),
        ("name", True, None),
        ("date", False, filters.ListFilter(kinds=("siege", "battle"))),
        ("date", False, filters.ListFilter(kinds=("no such kind",))),
    ],
)
def test_the_listing_json_is_the_entries_made_anew(
    generated: loading.Dataset,
    cache: bool,
    cached: Path,
    sort: str,
    reverse: bool,
    flt: filters.ListFilter | None,
) -> None:
    """The entries the cache keeps (indented as they lie in the document), in the order
    list_entries gives, are the JSON the briefs give, whether written by the listing's own
    JSON writer or through its data form; in date order without a brief decoded."""
    import msgspec

    from battles.render.data import summary_data
    from battles.render.formats import json_text, to_json
    from battles.render.output import joined
    from battles.render.registry import data as to_data

    loading.load([cached], use_cache=cache)
    for dataset in [*_datasets(generated), loading.load([cached], use_cache=cache)]:
        records = listing.list_records(dataset, flt, sort, reverse)
        entries = listing.list_entries(dataset, flt, sort, reverse)
        result = listing.ListResult([], len(entries), sort, entries)
        document = to_data(result)
        assert all(isinstance(r, msgspec.Raw) for r in document["records"])
        made = {**document, "records": [summary_data(r) for r in records]}
        expected = json_text(made)
        assert json_text(document) == expected
        assert joined(to_json(result)) == expected
        assert json_text(to_data(listing.ListResult(records, len(records), sort))) == expected


def test_the_listing_json_in_blocks(
    generated: loading.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries written a block at a time join into the one document (a comma between
    blocks, none after the last), whatever the size of a block."""
    from battles.render import data
    from battles.render import listing as forms
    from battles.render.formats import json_text, to_json
    from battles.render.output import joined

    entries = listing.list_entries(generated)
    assert len(entries) > 4
    result = listing.ListResult([], len(entries), "date", entries)
    expected = json_text({"schema_version": data.JSON_SCHEMA_VERSION, **forms.list_data(result)})
    for size in (1, 2, 3, len(entries) - 1, len(entries), len(entries) + 1):
        monkeypatch.setattr(forms, "BLOCK_ROWS", size)
        assert joined(to_json(result)) == joined([expected])
