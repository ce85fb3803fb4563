"""The fast paths of ``timeline --format csv``, ``compare --format csv`` and the date order of
``list`` (issue 20: 0.5 s and 0.25 s at 10,000 records) against the plain ones: the lines a
timeline or a comparison writes from what the cache keeps of each record (``digest.Timed``,
``digest.Compared``: UTF-8 bytes, no entry or row made) are, byte for byte, the CSV the
plain question's entries or rows give, for every way of asking (periods that take a
record's events whole, leave them or cut through them, context, battles named, kinds,
limits), read from the cache and without it, on hand-made, bundled and generated records."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from battles import loading
from battles.dates import PartialDate
from battles.loading import digest
from battles.questions import compare as compared
from battles.questions import filters, listing
from battles.questions import timeline as timelines
from battles.render import registry
from battles.render.formats import tabular_csv, to_csv

# Records made to test the order and the periods where they are hard: two battles of one name
# and start (their ends apart), a start and an end on one date, events of a month, of a span,
# of a season, at a time of day, in context outside the battles' span, undated, and BC.
CRAFTED = {
    "first-twin": """schema_version: 2
id: first-twin
name: Twin Battle
kind: battle
start: 1941-09-10
end: 1941-09-20
place: {name: Here}
sides:
  - {id: a, name: Alpha}
  - {id: b, name: Beta}
events:
  - {date: 1941-09, text: "A month, with a comma, and \\"quotes\\".", source: s1}
  - {date: 1941-09-12, end: 1941-10-03, text: A span into October., side: a, source: s1}
  - {date: 1941-09-12, text: Same day as the span., source: s1}
  - {date: 1941-08-01, context: true, text: Before the span (context)., source: s1}
  - {date: 1942-03-01, context: true, text: After it (context)., source: s1}
  - {date: late September 1941, text: A part of a month., source: s1}
  - {date: "1941-09-15 05:30", text: At half past five., source: s1}
  - {when: one night, text: Undated., source: s1}
sources:
  - {id: s1, title: A book}
""",
    "second-twin": """schema_version: 2
id: second-twin
name: Twin Battle
kind: siege
start: 1941-09-10
end: 1941-09-12
place: {name: There}
sides:
  - {id: a, name: Alpha, casualties: {killed: 10}}
  - {id: b, name: Beta, strength: 200}
civilians: {killed: 3}
events:
  - {date: 1941-09-12, text: "=Looks like a formula.", source: s1}
  - {date: spring 1941, context: true, text: A season (context)., source: s1}
  - {date: 1941, text: A whole year., source: s1}
sources:
  - {id: s1, title: A book}
""",
    "one-day": """schema_version: 2
id: one-day
name: Attack of One Day
kind: attack
start: 1941-10-01
end: 1941-10-01
place: {name: Nowhere}
sides:
  - {id: a, name: Alpha}
  - {id: b, name: Beta}
losses: {killed: 40}
events:
  - {date: 1941-10-01, text: It begins and ends., source: s1}
  - {date: 1941-10-01, context: true, text: Same day (context)., source: s1}
sources:
  - {id: s1, title: A book}
""",
    "long-ago": """schema_version: 2
id: long-ago
name: Battle of Long Ago
kind: battle
start: 490 BC
place: {name: Plain}
sides:
  - {id: a, name: Alpha}
  - {id: b, name: Beta}
events:
  - {date: 5th century BC, text: A century., source: s1}
  - {date: 480s BC, context: true, text: A decade (context)., source: s1}
  - {date: 15 March 44 BC, text: Much later., source: s1}
sources:
  - {id: s1, title: A book}
""",
}

PERIODS = [
    None,
    "1941",
    "1941-09..1941-12",
    "..1941-08",
    "1800..",
    "1941-09",
    "1941-09-12..1941-09-14",
    "1941-10",
    "1942",
    "500 BC..480 BC",
    "2000",
]


def _folder(where: str, tmp_path: Path) -> Path:
    if where == "generated":
        from bench.generate import generate

        generate(tmp_path / "data", 60, seed=11)
        return tmp_path / "data"
    if where == "crafted":
        folder = tmp_path / "crafted"
        folder.mkdir()
        for name, text in CRAFTED.items():
            (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
        return folder
    return {"views": FIXTURES / "views", "bundled": DATA, "ancient": FIXTURES / "ancient"}[where]


def _datasets(folder: Path) -> list[loading.Dataset]:
    """The records from the cache (built, then read warm) and held in memory."""
    loading.load([folder], use_cache=True)
    warm = loading.load([folder], use_cache=True)
    from battles.loading.cached import CachedRecords

    assert isinstance(warm._store, CachedRecords)
    return [warm, loading.load([folder], use_cache=False)]


def _csv(result: object) -> bytes:
    return b"".join(p if isinstance(p, bytes) else p.encode("utf-8") for p in to_csv(result))


def _cell_by_cell(result: object) -> bytes:
    """The result's CSV written from its cells, any kept lines left aside."""
    table = dataclasses.replace(registry.table(result), csv_lines=None)
    return "".join(map(str, tabular_csv(table, block_rows=5))).encode("utf-8")


def _askings(dataset: loading.Dataset) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    ids = dataset.ids()
    named = (ids[-1], ids[0], ids[-1]) if len(ids) > 1 else tuple(ids)  # one named twice
    return [((), ()), (named, ()), ((), ("siege", "attack")), (named, ("battle",))]


WHERE = ["views", "bundled", "ancient", "generated", "crafted"]


@pytest.mark.parametrize("where", WHERE)
def test_a_timeline_from_kept_bytes_is_the_plain_timeline(where: str, tmp_path: Path) -> None:
    for dataset in _datasets(_folder(where, tmp_path)):
        for names, kinds in _askings(dataset):
            for period in PERIODS:
                for context in (False, True):
                    asked = timelines.parse_period(period) if period else None
                    plain = timelines.timeline_in(dataset, names, kinds, asked, context=context)
                    fast = timelines.timeline_lines_in(
                        dataset, names, kinds, asked, context=context
                    )
                    case = (where, names, kinds, period, context)
                    assert not fast.entries and len(fast.lines) == len(plain.entries), case
                    assert _csv(fast) == _csv(plain) == _cell_by_cell(plain), case
                    assert fast.undated == plain.undated, case
                    assert fast.matched == plain.matched
                    cut = timelines.first_entries(fast, 3)
                    assert _csv(cut) == _csv(timelines.first_entries(plain, 3)), case
                    assert cut.matched == plain.matched


def test_the_crafted_records_take_every_way_through(tmp_path: Path) -> None:
    """The crafted records are a test of the hard cases only if they are such cases: a
    period that takes some of a record's events and not others, events of many days, and
    two battles that only their ends (and file order) put in order."""
    dataset = _datasets(_folder("crafted", tmp_path))[0]
    kept: list[digest.Timed] = dataset.digests(digest.TIMED)
    twins = [t for t in kept if t.rank.endswith("twin battle")]
    assert len(twins) == 2 and twins[0].rank == twins[1].rank and twins[0].last != twins[1].last
    assert any(t.wide for t in kept) and any(1 in t.context and 0 in t.context for t in kept)
    assert any(t.undated for t in kept) and any(not t.end_line for t in kept)
    cut = timelines.timeline_lines_in(dataset, (), (), timelines.parse_period("1941-09"))
    every = timelines.timeline_lines_in(dataset, (), (), None, context=True)
    assert 0 < len(cut.lines) < len(every.lines)


@settings(max_examples=60)
@given(
    first=st.none() | st.dates(datetime.date(1940, 6, 1), datetime.date(1942, 6, 1)),
    days=st.integers(0, 400),
    context=st.booleans(),
)
def test_any_period_over_generated_records(
    generated: list[loading.Dataset], first: datetime.date | None, days: int, context: bool
) -> None:
    """Periods anywhere around the generated records' months (a day, a week, a season...):
    the lines are the plain timeline's."""
    if first is None:
        asked = None
    else:
        last = first + datetime.timedelta(days=days)
        asked = timelines.Period(
            PartialDate(first.year, first.month, first.day),
            PartialDate(last.year, last.month, last.day),
        )
    for dataset in generated:
        plain = timelines.timeline_in(dataset, (), (), asked, context=context)
        fast = timelines.timeline_lines_in(dataset, (), (), asked, context=context)
        assert _csv(fast) == _csv(plain)
        assert fast.undated == plain.undated


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[loading.Dataset]:
    folder = tmp_path_factory.mktemp("generated")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BATTLES_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        return _datasets(_folder("generated", folder))


@pytest.mark.parametrize("where", WHERE)
def test_a_comparison_from_kept_bytes_is_the_plain_comparison(where: str, tmp_path: Path) -> None:
    for dataset in _datasets(_folder(where, tmp_path)):
        for names, kinds in _askings(dataset):
            for measure in ("casualties", "strength"):
                for civilians in ("with", "only"):
                    options: dict[str, Any] = {"civilians": civilians}
                    plain = compared.compare_in(dataset, names, kinds, measure, **options)
                    fast = compared.compare_lines_in(dataset, names, kinds, measure, **options)
                    case = (where, names, kinds, measure, civilians)
                    assert not fast.rows and len(fast.lines) == len(plain.rows), case
                    assert _csv(fast) == _csv(plain) == _cell_by_cell(plain), case
                    cut = compared.first_rows(fast, 2)
                    assert _csv(cut) == _csv(compared.first_rows(plain, 2)), case
                    assert cut.matched == plain.matched


def test_only_a_comparison_by_side_in_date_order_is_made_of_kept_lines() -> None:
    assert compared.made_of_kept_lines()
    assert compared.made_of_kept_lines(civilians="only")
    for options in ({"by": "battle"}, {"phases": True}, {"sort": "total"}, {"reverse": True}):
        assert not compared.made_of_kept_lines(**options), options


@pytest.mark.parametrize("where", WHERE)
def test_the_date_order_is_the_listing_s(where: str, tmp_path: Path) -> None:
    for dataset in _datasets(_folder(where, tmp_path)):
        for reverse in (False, True):
            expected = filters.select(dataset, None, "date", reverse)
            assert listing.date_order(dataset, reverse) == expected


NUMBERS = st.integers(-99_999_999, 99_999_999)
SORT_NAMES = st.text(alphabet=st.sampled_from("ab z\0é"), max_size=4)


@given(st.lists(st.tuples(NUMBERS, NUMBERS, SORT_NAMES), min_size=2, max_size=20))
def test_date_keys_as_text_sort_as_the_tuples(keys: list[tuple[int, int, str]]) -> None:
    texts = [digest.sortable(a) + digest.sortable(b) + name for a, b, name in keys]
    by_text = sorted(range(len(keys)), key=texts.__getitem__)
    assert [keys[n] for n in by_text] == sorted(keys)


def test_a_date_number_as_text_is_of_one_width() -> None:
    for number in (-99_991_231, -1, 0, 19410923, 99_991_231):
        assert len(digest.sortable(number)) == digest.NUMBER_WIDTH


# -- the command line: the fast path is the one a CSV takes -------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--format", "csv"],
        ["timeline", "1941-09", "--context", "--format", "csv"],
        ["timeline", "1941", "--kind", "siege", "--format", "csv", "--limit", "2"],
        ["compare", "--casualties", "--format", "csv"],
        ["compare", "--strength", "--format", "csv", "--limit", "3"],
        ["compare", "--civilians", "--format", "csv"],
    ],
)
def test_the_command_line_writes_the_plain_csv(run, args: list[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _folder("crafted", tmp_path)
    run("--data-dir", str(folder), "list")  # the cache, warm
    found = run("--data-dir", str(folder), *args)
    assert found.exit_code == 0, found.stderr
    dataset = loading.load([folder], use_cache=True)
    limit = int(args[-1]) if "--limit" in args else None
    if args[0] == "timeline":
        period = timelines.parse_period(args[1]) if not args[1].startswith("-") else None
        kinds = ("siege",) if "--kind" in args else ()
        plain: Any = timelines.timeline_in(dataset, (), kinds, period, context="--context" in args)
        plain = timelines.first_entries(plain, limit)
    else:
        measure = "strength" if "--strength" in args else "casualties"
        civilians = "only" if "--civilians" in args else "with"
        plain = compared.compare_in(dataset, (), (), measure, civilians=civilians)
        plain = compared.first_rows(plain, limit)
    assert found.stdout.encode("utf-8") == _cell_by_cell(plain)
    assert found.stdout.count("\n") > 1
