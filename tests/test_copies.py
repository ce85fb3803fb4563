"""No record copies its sources' sentences: no run of 12 or more words in a prose field of
``data/*.yaml`` is found verbatim in the seed articles or the fact notes (issue 19).

The logic is that of ``../shared/audit/copycheck.py`` (same tokens, same walk), made a test.
Fields meant to quote a source keep the source's wording and are exempt: see ``QUOTATION``.
The seeds and notes live beside the project (``../shared``), not in it; on a clean clone
without them the check over the real data is skipped, while the tests of the check itself run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import pytest
import yaml
from conftest import DATA, ROOT

SHARED = ROOT.parent / "shared"
RUN = 12  # the shortest run of shared words that counts as copied

_STRIP = "\"'()[]{}.,;:!?*\u201c\u201d\u201e\u00ab\u00bb"

# The fields that exist to hold a source's own wording, so a verbatim run there is a
# quotation, not a copy: the wording of a figure (``text`` of a strength or a loss, of its
# estimates and parts), the result as stated, the dates as worded, a unit's name as the
# source gives it (original with translation), and the sources' own titles, addresses and
# bibliographic references. Prose (summary, notes, events, disagreements, roles) is checked.
_FIGURE = r"(strength|killed|wounded|captured|missing|total|value)"
QUOTATION = [
    re.compile(p)
    for p in (
        rf"\.{_FIGURE}(\.(estimates|parts)\[\d+\])*(\.{_FIGURE})?\.text$",
        r"(^|\.)result\.text$",
        r"^date_text$",
        r"^date_estimates\[\d+\]\.text$",
        r"units\[\d+\]\.name$",
        r"^sources\[\d+\]\.(title|url|file|note)$",
    )
]


def words(text: str) -> list[str]:
    """NFC, lower case, curly quotes folded, dashes and slashes as spaces, tokens stripped of
    surrounding punctuation (so "3,150", "750th" and "M-12" stay one word each)."""
    text = unicodedata.normalize("NFC", text).lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[\u2013\u2014/]", " ", text)
    text = re.sub(r"\s-\s", " ", text)
    return [t for t in (x.strip(_STRIP) for x in text.split()) if t]


def strings(node: object, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from strings(value, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def is_quotation(path: str) -> bool:
    return any(p.search(path) for p in QUOTATION)


def copied_runs(
    record: object, sources: dict[str, list[str]], n: int = RUN
) -> list[tuple[str, int, str, str]]:
    """(field, length, source, run) for each maximal run of ``n``+ words shared with a source,
    in the record's prose fields."""
    index: dict[tuple[str, ...], list[tuple[str, int]]] = {}
    for name, ws in sources.items():
        for i in range(len(ws) - n + 1):
            index.setdefault(tuple(ws[i : i + n]), []).append((name, i))
    found = []
    for path, text in strings(record):
        if is_quotation(path):
            continue
        ws = words(text)
        i = 0
        while i <= len(ws) - n:
            hits = index.get(tuple(ws[i : i + n]))
            if not hits:
                i += 1
                continue
            best_name, best_len = "", 0
            for name, start in hits:
                sw = sources[name]
                k = 0
                while i + k < len(ws) and start + k < len(sw) and ws[i + k] == sw[start + k]:
                    k += 1
                if k > best_len:
                    best_name, best_len = name, k
            found.append((path, best_len, best_name, " ".join(ws[i : i + best_len])))
            i += best_len
    return found


def _shared_sources() -> dict[str, list[str]]:
    files = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "sources").glob("*.md"))
    return {f.name: words(f.read_text(encoding="utf-8")) for f in files}


def test_no_record_copies_a_run_of_its_sources() -> None:
    if not (SHARED / "seeds").is_dir() or not (SHARED / "sources").is_dir():
        pytest.skip(f"the seeds and fact notes are not beside this checkout ({SHARED})")
    sources = _shared_sources()
    assert sources, f"no seed or note found under {SHARED}"
    copies = []
    for path in sorted(DATA.glob("*.yaml")):
        record = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        copies += [(path.name, *hit) for hit in copied_runs(record, sources)]
    assert copies == [], "runs of 12+ words copied from a seed or a note:\n" + "\n".join(
        f"{name} {field}: {k} words from {src}: {run}" for name, field, k, src, run in copies
    )


# -- the check itself (runs everywhere) ----------------------------------------------------

_SOURCE = {
    "note.md": words(
        "The battalion, short of weapons, held the three buildings in the town centre until "
        "the relief column arrived from the south on the second day."
    )
}


def test_the_check_finds_a_planted_run_in_prose() -> None:
    record = {
        "summary": (
            "In the end it held the three buildings in the town centre until the relief "
            "column arrived from the south, and then withdrew."
        )
    }
    [(field, k, src, run)] = copied_runs(record, _SOURCE)
    assert (field, src) == ("summary", "note.md")
    assert k == 16  # "held the three buildings ... from the south"
    assert run.startswith("held the three buildings")


def test_the_check_ignores_runs_shorter_than_the_threshold() -> None:
    record = {"events": [{"text": "They held the three buildings in the town centre for a day."}]}
    assert copied_runs(record, _SOURCE) == []


def test_the_tokens_fold_case_quotes_and_dashes() -> None:
    assert words("The “Town” – centre/M-12, 3,150 men’s") == [
        "the",
        "town",
        "centre",
        "m-12",
        "3,150",
        "men's",
    ]


@pytest.mark.parametrize(
    "path",
    [
        "sides[0].strength.text",
        "sides[1].casualties.killed.estimates[2].text",
        "sides[0].strength.parts[1].text",
        "result.text",
        "date_text",
        "sides[0].units[2].units[1].name",
        "sources[0].note",
    ],
)
def test_quotation_fields_are_exempt(path: str) -> None:
    assert is_quotation(path)


@pytest.mark.parametrize(
    "path",
    [
        "summary",
        "result.note",
        "events[3].text",
        "disagreements[0].text",
        "phases[0].summary",
        "sides[0].commanders[4].note",
        "sides[0].units[4].note",
        "sides[0].strength.note",
        "notes[0]",
    ],
)
def test_prose_fields_are_checked(path: str) -> None:
    assert not is_quotation(path)
