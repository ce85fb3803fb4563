"""The README shows real output: each indented ``$ battles ...`` block is run and compared.
BATTLES_UPDATE_EXPECTED=1 rewrites the blocks from the real output."""

from __future__ import annotations

import os
import re
import shlex

from conftest import FIXTURES, ROOT

README = ROOT / "README.md"
BLOCK = re.compile(
    r"^    \$ (battles [^\n]*)\n((?:    (?!\$ )[^\n]*\n|\n(?=    (?!\$ )))*)", re.MULTILINE
)


# A data directory the README's examples name, and the dataset excerpt imported into it
# (`battles import cdb90 tests/fixtures/datasets/cdb90 --into cdb90-excerpt`, as the README
# says): the test imports it into a temporary folder and runs the examples there.
IMPORTED = {"cdb90-excerpt": ("cdb90", FIXTURES / "datasets" / "cdb90")}


def test_readme_shows_the_real_output(run, monkeypatch, tmp_path) -> None:
    from battles.importers.run import quiet
    from battles.importers.run import run as import_dataset

    monkeypatch.chdir(ROOT)
    text = README.read_text("utf-8")
    blocks = list(BLOCK.finditer(text))
    assert blocks, "the README shows no command output"
    imported: dict[str, str] = {}

    def folder(arg: str) -> str:
        if arg not in IMPORTED:
            return arg
        if arg not in imported:
            dataset, source = IMPORTED[arg]
            into = tmp_path / arg
            import_dataset(dataset, source, into, force=False, progress=quiet)
            imported[arg] = str(into)
        return imported[arg]

    def real(match: re.Match[str]) -> str:
        args = [folder(arg) for arg in shlex.split(match[1])[1:]]
        result = run(*args, env={"COLUMNS": "80"})
        output = "".join(f"    {line}".rstrip() + "\n" for line in result.stdout.splitlines())
        return f"    $ {match[1]}\n{output}"

    updated = BLOCK.sub(real, text)
    if os.environ.get("BATTLES_UPDATE_EXPECTED") == "1":
        README.write_text(updated, "utf-8")
    assert updated == text
