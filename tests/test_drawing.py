"""The terminal's own drawing pieces draw what Rich's general ones drew, line for line and
style for style, at any width: `Hanging` (a bullet or a number with wrapped lines under its
text) against a grid of two columns, `Stack` (lines each in its indent) against a group of
paddings. And msgspec is imported without typing_extensions, which stays importable."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from battles.render.terminal import Hanging, Labelled, Stack, hanging, stack

STYLES = ["", "bold", "dim italic", "cyan", "yellow on blue"]
WORDS = st.text(
    alphabet=st.sampled_from(list("abcdefghij KLMNč—–ž東京,.;:[]\n")), min_size=0, max_size=60
)


@st.composite
def texts(draw: st.DrawFn) -> Text:
    text = Text(draw(WORDS), style=draw(st.sampled_from(STYLES)))
    for _ in range(draw(st.integers(0, 3))):
        text.append(draw(WORDS), style=draw(st.sampled_from(STYLES)))
    return text


def screen(width: int, *, colour: bool) -> tuple[Console, io.StringIO]:
    """A console of ``width`` columns, plain or in colour, and what is drawn on it."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system="truecolor" if colour else None,
        force_terminal=colour,
        highlight=False,
        emoji=False,
    )
    return console, buffer


def drawn(renderable: RenderableType, width: int, *, colour: bool, table: bool = False) -> str:
    console, buffer = screen(width, colour=colour)
    if table:  # inside a cell, where a record's sides draw them
        grid = Table(show_header=False, expand=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row("Label", renderable)
        renderable = grid
    console.print(renderable)
    return buffer.getvalue()


def grid_hanging(text: Text, indent: int) -> RenderableType:
    """What `hanging` drew before it had a renderable of its own."""
    grid = Table.grid(padding=0)
    grid.add_column(width=indent, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(text[:indent], text[indent:])
    return grid


@settings(max_examples=150, deadline=None)
@given(
    body=texts(),
    mark=st.sampled_from(["• ", "[1] ", "[12] ", "  ", "→"]),
    width=st.integers(8, 120),
    colour=st.booleans(),
    table=st.booleans(),
)
def test_hanging_draws_as_the_grid_did(
    body: Text, mark: str, width: int, colour: bool, table: bool
) -> None:
    text = Text(mark, style="cyan") + body
    indent = len(mark)
    assert isinstance(hanging(text, indent), Hanging)
    assert drawn(Hanging(text, indent), width, colour=colour, table=table) == drawn(
        grid_hanging(text, indent), width, colour=colour, table=table
    )


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(st.tuples(st.sampled_from([0, 0, 2, 4]), texts()), min_size=1, max_size=6),
    width=st.integers(8, 120),
    colour=st.booleans(),
    table=st.booleans(),
)
def test_stack_draws_as_the_group_of_paddings_did(
    lines: list[tuple[int, Text]], width: int, colour: bool, table: bool
) -> None:
    group = Group(*(Padding(t, (0, 0, 0, i)) if i else t for i, t in lines))
    assert isinstance(stack(lines), Stack)
    assert drawn(Stack(lines), width, colour=colour, table=table) == drawn(
        group, width, colour=colour, table=table
    )


LABELS = st.text(alphabet=st.sampled_from(list("0123456789 SepOct()–—abc")), max_size=40)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(LABELS, texts()), min_size=0, max_size=5),
    width=st.integers(8, 160),
    colour=st.booleans(),
)
def test_labelled_rows_draw_as_the_table_did(
    rows: list[tuple[str, Text]], width: int, colour: bool
) -> None:
    labelled = Labelled([(Text(label), text) for label, text in rows])
    assert drawn(labelled, width, colour=colour) == drawn(labelled.table(), width, colour=colour)


def test_msgspec_is_imported_without_typing_extensions() -> None:
    code = (
        "import sys, battles.model, msgspec\n"
        "assert 'msgspec' in sys.modules\n"
        "assert 'typing_extensions' not in sys.modules, 'typing_extensions was imported'\n"
        "import typing_extensions\n"
        "assert typing_extensions.Literal is not None\n"
        "print(msgspec.json.decode(b'[1]', type=list[int]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[1]\n"


@pytest.fixture(scope="module")
def bundled() -> list[Any]:
    from battles import loading
    from battles.questions.show import show

    dataset = loading.load(loading.data_dirs([Path("data")]), use_cache=False)
    return [show(dataset, entry.record.key) for entry in dataset.records]


@pytest.mark.parametrize("width", [6, 14, 20, 27, 33, 40, 61, 80, 119, 160])
def test_sides_drawn_as_when_every_cell_was_measured(
    bundled: list[Any], width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from battles.render import show as view

    def both(colour: bool) -> tuple[list[str], list[str]]:
        def drawn_all() -> list[str]:
            out = []
            for result in bundled:
                console, buffer = screen(width, colour=colour)
                view.render_show(result, console)
                out.append(re.sub(r"id=\d+;", "id=;", buffer.getvalue()))
            return out

        quick = drawn_all()
        with monkeypatch.context() as patched:
            patched.setattr(view, "side_width", lambda screen, sides: None)
            measured = drawn_all()
        return quick, measured

    for colour in (False, True):
        quick, measured = both(colour)
        assert quick == measured
