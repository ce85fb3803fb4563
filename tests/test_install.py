"""Build the wheel, install it into a fresh virtual environment and run the installed
``battles`` from another directory: the bundled records must travel with it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.mark.slow
def test_wheel_installs_and_runs_from_anywhere(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is needed to build the wheel")
    dist = tmp_path / "dist"
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(dist), str(ROOT)], check=True, capture_output=True
    )
    wheel = next(dist.glob("battles-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run(
        [uv, "venv", "--python", sys.executable, str(venv)], check=True, capture_output=True
    )
    python = venv / "bin" / "python"
    subprocess.run(
        [uv, "pip", "install", "--python", str(python), str(wheel)], check=True, capture_output=True
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("BATTLES_DATA", "VIRTUAL_ENV")}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")  # the user's own records: none yet
    env.update(COLUMNS="100", NO_COLOR="1")
    for command in (
        [str(venv / "bin" / "battles"), "list"],
        [str(python), "-m", "battles", "list"],
    ):
        result = subprocess.run(
            command, cwd=elsewhere, env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        assert "Attack on Kruševac" in result.stdout
        assert result.stderr == ""
    result = subprocess.run(
        [str(venv / "bin" / "battles"), "validate"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    _everyday_use(venv, elsewhere, env, tmp_path)


def _everyday_use(venv: Path, elsewhere: Path, env: dict[str, str], tmp_path: Path) -> None:
    """Issue 18 from the installed tool: where new records go, files, lookups, documents."""
    import json
    import re
    import stat

    env = {**env, "XDG_DATA_HOME": str(tmp_path / "xdg"), "BATTLES_CACHE_DIR": str(tmp_path / "c")}
    env.pop("PAGER", None)
    env.pop("BATTLES_PAGER", None)

    def battles(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(venv / "bin" / "battles"), *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    package = next(venv.glob("lib/python*/site-packages/battles"))
    before = sorted(p.name for p in (package / "data").iterdir())
    records = len([n for n in before if not n.startswith("_")])  # _belligerents.yaml: a table
    made = battles("new", "Битка на Тестовцу")
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    assert path == tmp_path / "xdg" / "battles" / "records" / "bitka-na-testovcu.yaml"
    assert sorted(p.name for p in (package / "data").iterdir()) == before
    # the user's records are read beside the bundled ones (a finished one: no warning)
    record = (package / "data" / "siege-of-valjevo.yaml").read_text("utf-8")
    record = re.sub(r"(?m)^name: .*$", "name: Битка на Тестовцу", record, count=1)
    record = re.sub(r"(?m)^aliases: .*$", "aliases: []", record, count=1)
    path.write_text(record, "utf-8")
    listed = battles("list", "-f", "json")
    assert listed.returncode == 0 and listed.stderr == "", listed.stderr
    names = [r["name"] for r in json.loads(listed.stdout)["records"]]
    assert "Битка на Тестовцу" in names and len(names) == records + 1
    assert battles("show", "bitka na testovcu").stdout.startswith("Битка на Тестовцу")
    assert battles("show", "Крушевац").stdout.startswith("Attack on Kruševac")
    assert battles("show", "krusevac", "--debug").returncode == 0
    mine = tmp_path / "mine"
    mine.mkdir()
    assert battles("new", "Siege of X", "--data-dir", str(mine)).stdout.strip() == str(
        mine / "siege-of-x.yaml"
    )
    bad = battles("list", "--kind", "masacre")
    assert bad.returncode == 2 and "massacre" in bad.stderr and bad.stdout == ""
    # files: the umask, the extension, stdout
    out = battles("list", "-o", "losses.csv")
    assert out.returncode == 0, out.stderr
    written = elsewhere / "losses.csv"
    assert written.read_text("utf-8").startswith("id,name,kind,")
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~mask
    assert battles("list", "-o", "losses.csv").returncode == 1  # not without --force
    geo = battles("export", "-", "-f", "geojson")
    assert json.loads(geo.stdout)["type"] == "FeatureCollection"
    assert "without coordinates" in geo.stderr
    assert not (elsewhere / "-").exists()
    page = battles("show", "krusevac", "--html", "k.html")
    assert page.returncode == 0, page.stderr
    html = (elsewhere / "k.html").read_text("utf-8")
    assert "<title>Attack on Kruševac · battles</title>" in html and "<pre" not in html
    document = battles("show", "krusevac", "-f", "markdown").stdout
    assert document.startswith("# Attack on Kruševac\n") and "\n## Sources\n" in document
    found = battles("search", "Mihailovic", "Draza", "-f", "json")
    assert json.loads(found.stdout)["hits"]
    piped = battles("show", "krusevac").stdout
    assert not [line for line in piped.splitlines() if line.endswith(" ")]
