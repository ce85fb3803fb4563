"""The README shows real output: each indented ``$ battles ...`` block is run and compared.
BATTLES_UPDATE_EXPECTED=1 rewrites the blocks from the real output."""

from __future__ import annotations

import os
import re
import shlex

from conftest import ROOT

README = ROOT / "README.md"
BLOCK = re.compile(
    r"^    \$ (battles [^\n]*)\n((?:    (?!\$ )[^\n]*\n|\n(?=    (?!\$ )))*)", re.MULTILINE
)


def test_readme_shows_the_real_output(run, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    text = README.read_text("utf-8")
    blocks = list(BLOCK.finditer(text))
    assert blocks, "the README shows no command output"

    def real(match: re.Match[str]) -> str:
        args = shlex.split(match[1])[1:]
        result = run(*args, env={"COLUMNS": "80"})
        output = "".join(f"    {line}".rstrip() + "\n" for line in result.stdout.splitlines())
        return f"    $ {match[1]}\n{output}"

    updated = BLOCK.sub(real, text)
    if os.environ.get("BATTLES_UPDATE_EXPECTED") == "1":
        README.write_text(updated, "utf-8")
    assert updated == text
