"""The fast paths of the large views give what the plain ones give: the same text, on
generated records and on the fixtures (issue 20). Each test draws a view both ways."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES
from rich.console import Console

from battles import loading, queries
from battles.render import terminal
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


def _drawn(result: queries.ListResult, width: int, plain_rows: int) -> str:
    buffer = io.StringIO()
    before = terminal.PLAIN_ROWS
    terminal.PLAIN_ROWS = plain_rows
    try:
        console = Console(file=buffer, width=width, color_system=None, highlight=False)
        terminal.render_list(result, console)
    finally:
        terminal.PLAIN_ROWS = before
    return strip_trailing_spaces(buffer.getvalue())


@pytest.mark.parametrize("sort", queries.SORT_KEYS)
@pytest.mark.parametrize("width", [30, 52, 80, 100, 143, 220])
def test_a_large_plain_list_is_laid_out_as_rich_lays_it_out(
    generated: loading.Dataset, sort: str, width: int
) -> None:
    for dataset in _datasets(generated):
        records = queries.list_records(dataset, None, sort)
        result = queries.ListResult(records, len(records), sort)
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
    records = queries.list_records(dataset, None, "casualties")
    result = queries.ListResult(records, len(records), "casualties")
    for width in (24, 40, 80):
        assert _drawn(result, width, plain_rows=0) == _drawn(result, width, plain_rows=10**9)


def test_the_fast_table_is_used_only_without_colour() -> None:
    assert terminal.plain_console(Console(file=io.StringIO(), color_system=None))
    assert not terminal.plain_console(Console(file=io.StringIO(), color_system="truecolor"))
    assert not terminal.plain_console(Console(file=io.StringIO(), color_system=None, record=True))
