"""The development set of real infoboxes (../shared/infoboxes), scored in the test suite.

Each input is drafted in-process, validated with ``battles validate`` and scored with the
set's own scorer (score.py), field by field. The floor only ever rises: raise it when the
drafting gets better, never lower it.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from battles.draft import draft, to_yaml_text

DEVSET = Path(__file__).parent.parent.parent / "shared" / "infoboxes"
FLOOR_PERCENT = 99.6  # fields right, in per cent of the fields counted (225 of 226 when set)

pytestmark = pytest.mark.skipif(
    not (DEVSET / "score.py").is_file(),
    reason="the shared development set is not beside the project",
)


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("devset_score", DEVSET / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _inputs() -> list[Path]:
    if not DEVSET.is_dir():
        return []
    return sorted(
        p for p in DEVSET.iterdir() if p.suffix in (".txt", ".wiki") and p.name[:2].isdigit()
    )


def test_the_development_set_scores_above_the_floor(run, tmp_path: Path) -> None:
    score = _scorer()
    right = expected = unflagged = 0
    failures: list[str] = []
    for path in _inputs():
        truth = json.loads(path.with_name(path.stem + ".truth.json").read_text("utf-8"))
        record, key = draft(path.read_text("utf-8"), path.name)
        text = to_yaml_text(record)
        target = tmp_path / path.name / f"{key}.yaml"
        target.parent.mkdir()
        target.write_text(text, "utf-8")
        checked = run("validate", str(target.parent))
        assert checked.exit_code == 0, f"{path.name} does not validate:\n{checked.stdout}"
        result = score.Result(path.name)
        score.compare(result, truth, yaml.safe_load(text), score.Lines(text))
        right += result.right
        expected += result.expected
        unflagged += result.unflagged
        failures += [f"{path.name}: {line}" for line in result.wrong]
    assert expected > 200
    assert unflagged == 0, "\n".join(failures)
    percent = round(100.0 * right / expected, 1)
    assert percent >= FLOOR_PERCENT, f"{right} of {expected} ({percent}%):\n" + "\n".join(failures)


def test_the_wikitext_and_flattened_forms_of_a_box_give_the_same_draft() -> None:
    pairs = [(p, p.with_suffix(".txt")) for p in _inputs() if p.suffix == ".wiki"]
    assert pairs
    for wiki, flat in pairs:
        assert to_yaml_text(draft(wiki.read_text("utf-8"))[0]) == to_yaml_text(
            draft(flat.read_text("utf-8"))[0]
        )
