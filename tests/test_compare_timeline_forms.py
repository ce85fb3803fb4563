"""``compare`` and ``timeline`` (issue 14): each a question of its own
(``battles/questions/``) with its forms in one module (``battles/render/``), Rich imported
only for the terminal."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import FIXTURES

from battles.questions.compare import Comparison
from battles.questions.timeline import Timeline
from battles.render import registry


@pytest.mark.parametrize("kind", [Comparison, Timeline])
def test_every_form_is_in_the_module_of_its_type(kind: type) -> None:
    forms = registry.forms_of(kind)
    module = {Comparison: "compare", Timeline: "timeline"}[kind]
    for reference in (forms.terminal, forms.data, forms.table):
        assert reference.partition(":")[0] == module


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "-f", "csv"],
        ["compare", "--strength", "-f", "json"],
        ["compare", "--by", "battle", "-f", "markdown"],
        ["timeline", "1941", "-f", "csv"],
        ["timeline", "-f", "json"],
        ["timeline", "1941-09..", "-f", "markdown"],
    ],
)
def test_data_forms_do_not_import_rich(args: list[str]) -> None:
    code = (
        "import sys; from battles.cli import main; "
        f"main(['--data-dir', {str(FIXTURES / 'views')!r}, *{args!r}]); "
        "print([m for m in sys.modules if m.startswith('rich')])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"
