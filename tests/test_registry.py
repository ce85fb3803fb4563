"""The one registry of renderers: every result type a command returns has every form."""

from __future__ import annotations

import importlib
import json

import pytest

from battles.answer import Answer
from battles.render import registry

CORE = (
    "battles.questions.listing",
    "battles.questions.show",
    "battles.questions.search",
    "battles.questions.compare",
    "battles.questions.timeline",
    "battles.questions.ratios",
    "battles.questions.disputes",
    "battles.questions.sources",
    "battles.questions.people",
    "battles.questions.units",
    "battles.questions.stats",
    "battles.validate",
)


def _answers() -> list[type]:
    for name in CORE:
        importlib.import_module(name)
    found, todo = [], list(Answer.__subclasses__())
    while todo:
        kind = todo.pop()
        found.append(kind)
        todo.extend(kind.__subclasses__())
    return [k for k in found if k.__module__.startswith("battles.")]


@pytest.mark.parametrize("kind", _answers(), ids=lambda k: k.__qualname__)
def test_every_result_type_has_every_form(kind: type) -> None:
    forms = registry.forms_of(kind)
    for reference in (forms.terminal, forms.data, forms.table, forms.markdown):
        if reference is not None:
            assert callable(registry.resolve(reference)), reference


def test_a_result_type_with_no_forms_is_refused() -> None:
    class Unregistered(Answer, frozen=True):
        pass

    with pytest.raises(TypeError, match="no renderer is registered for"):
        registry.data(Unregistered())
    with pytest.raises(TypeError, match="no renderer is registered for"):
        registry.terminal(object())


def test_a_new_command_is_three_files(tmp_path, monkeypatch) -> None:
    """A result type in the core, its forms in one module of battles/render: every format
    works through the one registry, with no other file touched (the command in cli.py is
    the third; here the test calls emit as a command does)."""
    import sys

    from battles.answer import Forms
    from battles.render import formats

    module = tmp_path / "battles_test_forms.py"
    module.write_text(
        "from battles.render.data import Tabular\n"
        "def render_tally(result, console):\n"
        "    console.print(f'{result.count} battles')\n"
        "def tally_data(result):\n"
        "    return {'view': 'tally', 'count': result.count}\n"
        "def tally_table(result):\n"
        "    return Tabular(['count'], [[result.count]])\n",
        "utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    class Tally(Answer, frozen=True):
        forms = Forms.kept_in("battles_test_forms", "tally")
        count: int

    def resolve(reference: str):  # the module above sits outside battles.render
        name, _, function = reference.partition(":")
        return getattr(__import__(name), function)

    monkeypatch.setattr(registry, "resolve", resolve)
    assert json.loads("".join(formats.to_json(Tally(3))))["count"] == 3
    assert "".join(formats.to_csv(Tally(3))) == "count\n3\n"
    assert "| 3 |" in "".join(formats.to_markdown(Tally(3)))
    sys.modules.pop("battles_test_forms", None)


QUESTIONS = [
    ["list"],
    ["show", "krusevac"],
    ["search", "kraljevo"],
    ["compare", "--casualties"],
    ["timeline", "1941"],
    ["compare", "--ratios"],
    ["stats"],
    ["disputes"],
    ["sources"],
    ["people"],
    ["units"],
    ["validate"],
]


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_data_forms_do_not_import_rich(fmt: str) -> None:
    """Forms are found lazily and each result type's module imports Rich only in its
    terminal form: a JSON, CSV or Markdown run of any question never imports Rich
    (start-up time)."""
    import subprocess
    import sys

    code = (
        "import sys, json; from battles.cli import main; codes = []\n"
        f"for argv in {QUESTIONS!r}:\n"
        f"    codes.append(main([*argv, '-f', {fmt!r}]))\n"
        "print(json.dumps([codes, [m for m in sys.modules if m.startswith('rich')]]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    codes, rich = json.loads(out.strip().splitlines()[-1])
    assert codes == [0] * len(QUESTIONS)
    assert rich == []


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_validate_speaks_every_format(run, fmt: str, tmp_path) -> None:
    from conftest import FIXTURES

    result = run("--data-dir", str(FIXTURES / "warnings"), "validate", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        document = json.loads(result.stdout)
        assert document["view"] == "validate" and document["errors"] == 0
        assert document["warnings"] == len(document["problems"]) > 0
        assert {"file", "line", "column", "field", "code"} <= set(document["problems"][0])
    elif fmt == "csv":
        assert result.stdout.startswith("severity,file,line,column,field,message,hint,code")
    elif fmt == "markdown":
        assert result.stdout.startswith("| severity | file |")
    else:
        assert "warning" in result.stdout and "checked:" in result.stdout
    bad = run("--data-dir", str(FIXTURES / "bad"), "validate", "-f", fmt)
    assert bad.exit_code == 1 and bad.stdout  # the report is written, and the run fails
