"""The dataset as a website: a folder of static pages that opens from disk or any web host.

``battles export DIR --format site`` writes:

- ``index.html``: every record in a table (name, kind, dates, place, sides, result,
  strength, losses and civilians in the tool's notation), sorted, filtered and paged by
  ``assets/site.js`` from the data embedded in the page;
- ``battles/<id>.html``: a page per record with everything ``battles show`` shows;
- ``timeline.html``: the Gantt strip as SVG, each bar a link (several pages for a large
  dataset);
- ``compare-casualties.html`` and ``compare-strength.html``: each battle and side with
  range bars;
- ``people.html``: every commander with the battles they led in (side, role, fate);
- ``sources.html``: every source with the records it supports (as ``battles people`` and
  ``battles sources`` give them);
- ``about.html``: where the data comes from, its licence, how to cite it.

Every total is the tally's (through the digests and :mod:`battles.questions.compare`). No
page asks for anything outside the folder: no font, no library, no server. Imported only by
``export --format site``.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from battles import __version__, tally
from battles.fsutil import atomic_write_dir
from battles.loading import Dataset, bundled_data_dir
from battles.loading.digest import BRIEF, FORCES, PEOPLE, SOURCES, Brief, Forces
from battles.questions import compare as compared
from battles.questions.people import Appearance, people_of
from battles.questions.sources import SourceUse, sources_of
from battles.render.data import span
from battles.site import assets, charts
from battles.site.pages import (
    LEGEND,
    battle_page,
    esc,
    fig,
    fig_text,
    link_url,
    page,
)
from battles.text import clean, normalise

T = TypeVar("T")
INDEX_PAGE = 100  # rows shown at once in the index (the script pages through the rest)
TIMELINE_PAGE = 500  # bars in one timeline picture
LIST_PAGE = 1000  # rows of the people and sources tables on one page
COMPARE_PAGE = 250  # battles on one comparison page


def write_site(
    dataset: Dataset,
    path: Path,
    *,
    force: bool,
    ours: Callable[[Path], str | None] | None = None,
    quiet: bool = False,
) -> None:
    """Build the site into ``path``; refuses to replace an existing path without ``force``
    (and, with it, anything ``ours`` says is not an earlier site: see :func:`not_a_site`),
    and builds in a temporary folder beside it, so nothing is left half-written. With
    ``quiet``, no progress bar."""
    quietly: Callable[[int], None] | None = (lambda n: None) if quiet else None
    atomic_write_dir(
        path, lambda tmp: build(dataset, tmp, quietly), force=force, ours=ours or not_a_site
    )


_PAGE = re.compile(
    r"(index|about|(timeline|compare-casualties|compare-strength|people|sources)(-\d+)?)\.html"
)
_FOLDERS = {"assets": re.compile(r"site\.(css|js)"), "battles": re.compile(r"[a-z0-9-]+\.html")}


def not_a_site(path: Path) -> str | None:
    """Why ``path`` is not a folder this export wrote (None: it is one, or it is empty, and
    ``--force`` may replace it): it holds only the site's pages and its two folders."""
    if not path.is_dir() or path.is_symlink():
        return "is not a folder of the site's pages"
    extra: list[str] = []
    for name in sorted(os.listdir(path)):
        inner = path / name
        if name in _FOLDERS and inner.is_dir() and not inner.is_symlink():
            pattern = _FOLDERS[name]
            extra += [f"{name}/{n}" for n in sorted(os.listdir(inner)) if not pattern.fullmatch(n)]
        elif not (_PAGE.fullmatch(name) and inner.is_file()):
            extra.append(name)
    if extra:
        shown = ", ".join(clean(n) for n in extra[:3])
        more = f" and {len(extra) - 3} more" if len(extra) > 3 else ""
        return f"holds files the site export does not write ({shown}{more})"
    return None


def build(dataset: Dataset, out: Path, progress: Callable[[int], None] | None = None) -> None:
    """Write every page of the site into the existing folder ``out``."""
    briefs: list[Brief] = dataset.digests(BRIEF)
    order = sorted(range(len(briefs)), key=lambda n: (briefs[n].start, briefs[n].sort_name))
    ordered = [briefs[n] for n in order]
    ids = {b.key: n for n, b in enumerate(briefs)}
    children: dict[str, list[Brief]] = {}
    for b in ordered:
        for ref in b.part_of:
            if ref in ids and ref != b.key:
                children.setdefault(ref, []).append(b)
    timeline_pages = _chunks(ordered, TIMELINE_PAGE)
    compare_pages = _chunks(order, COMPARE_PAGE)
    total = 2 * len(briefs) + len(timeline_pages) + 2 * len(compare_pages) + 4
    with _progress(total, progress) as step:
        (out / "assets").mkdir()
        (out / "assets" / "site.css").write_text(assets.CSS, encoding="utf-8")
        (out / "assets" / "site.js").write_text(assets.JS, encoding="utf-8")
        _write(out / "index.html", _index(ordered))
        step(1)
        folder = out / "battles"
        folder.mkdir()
        forces: list[Forces] = dataset.digests(FORCES)
        used = sources_of(zip(briefs, dataset.digests(SOURCES), strict=True))
        appearances = people_of(zip(briefs, dataset.digests(PEOPLE), strict=True)).rows
        pages = _Pages(dataset, folder, briefs, ids, children, forces)
        for count in _in_chunks(pages, len(briefs)):
            step(2 * count)
        first, last = charts.period_days(ordered)
        for n, chunk in enumerate(timeline_pages):
            _write(out / _numbered("timeline", n), _timeline(chunk, first, last, n, timeline_pages))
            step(1)
        for measure in ("casualties", "strength"):
            _compare_pages(out, measure, [(briefs[n], forces[n]) for n in order], step)
        _list_pages(out, "people", _people_rows(appearances), PEOPLE_HEAD, "People")
        step(1)
        _list_pages(out, "sources", _source_rows(used.rows), SOURCES_HEAD, "Sources")
        step(1)
        _write(out / "about.html", _about(dataset, len(briefs)))
        step(1)


class _Pages:
    """What the battle pages are made from, and how to write those of some records."""

    def __init__(
        self,
        dataset: Dataset,
        folder: Path,
        briefs: Sequence[Brief],
        ids: dict[str, int],
        children: dict[str, list[Brief]],
        forces: Sequence[Forces],
    ) -> None:
        self.dataset = dataset
        self.folder = folder
        self.briefs = briefs
        self.ids = ids
        self.children = children
        self.forces = forces

    def write(self, first: int, last: int) -> int:
        """Write the pages of the records ``first`` to ``last`` (not included); how many."""
        briefs, ids = self.briefs, self.ids
        for n in range(first, last):
            record = self.dataset.entry(n).read()
            part_of = [
                (briefs[ids[ref]].name, ref) if ref in ids else (ref, None)
                for ref in record.part_of
            ]
            body = battle_page(record, part_of, self.children.get(record.key, ()), self.forces[n])
            _write(self.folder / f"{record.key}.html", page(record.name, body, depth=1))
        return last - first


CHUNK = 100  # battle pages written between two steps of the progress bar


def _in_chunks(pages: _Pages, count: int) -> Iterator[int]:
    """Write every battle page, yielding how many are done as they are. In this process:
    written on both cores of the development machine by forked workers, 10,000 pages took
    twice as long (the workers' copies of the dataset's memory cost more than they saved)."""
    for first in range(0, count, CHUNK):
        yield pages.write(first, min(first + CHUNK, count))


def _write(path: Path, text: str) -> None:
    """A page as UTF-8, its line ends as they are: written through a descriptor (a text
    file object for each of 10,000 pages cost more than the writing)."""
    data = memoryview(text.encode("utf-8"))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        while data:
            data = data[os.write(fd, data) :]
    finally:
        os.close(fd)


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [items[:0]]


def _numbered(name: str, n: int) -> str:
    return f"{name}.html" if n == 0 else f"{name}-{n + 1}.html"


def _pages_nav(name: str, count: int, current: int, label: str) -> str:
    """Links to the pages of a picture split in several."""
    if count <= 1:
        return ""
    links = []
    for n in range(count):
        here = ' aria-current="page"' if n == current else ""
        links.append(f'<a href="{_numbered(name, n)}"{here}>{n + 1}</a>')
    return f'<nav class="pages" aria-label="{label}">Pages: {" ".join(links)}</nav>'


@contextlib.contextmanager
def _progress(total: int, given: Callable[[int], None] | None) -> Iterator[Callable[[int], None]]:
    """A Rich progress bar on stderr when it is a terminal; otherwise nothing is drawn."""
    if given is not None:
        yield given
        return
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("Building the site", total=total)
        yield lambda n: bar.advance(task, n)


# -- the index ---------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Text as the index's filter compares it: as lookups compare names (no accents, no
    case, spaces, hyphens and underscores alike); the script folds what is typed alike."""
    return normalise(text)


def _key(figure: object) -> float | None:
    from battles.figures import Figure

    return tally.midpoint(figure) if isinstance(figure, Figure) else None


def _row_data(b: Brief) -> list[object]:
    """One record's row of the index's data; its text shown as the pages show it (control
    characters as visible escapes: the script puts it in the page as text, never as HTML)."""
    sides = clean(" vs ".join(b.sides))
    return [
        b.key,
        clean(b.name),
        b.kind,
        b.start.first_number(),
        span(b),
        clean(b.place),
        sides,
        clean(b.result or ""),
        fig_text(b.strength),
        _key(b.strength),
        fig_text(b.casualties),
        _key(b.casualties),
        fig_text(b.civilians),
        _key(b.civilians),
        fold(" ".join((b.name, b.kind, b.place, sides, b.result or "", *b.places, *b.people))),
    ]


def script_json(value: object) -> str:
    """JSON to sit inside a ``<script type="application/json">``: no ``<``, ``>`` or ``&``
    (so no ``</script>`` or comment can end it), no line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


NUM = ' class="num"'
ASCENDING = ' aria-sort="ascending"'
HEADERS = (
    ("Name", False),
    ("Kind", False),
    ("Dates", False),
    ("Place", False),
    ("Sides", False),
    ("Result", False),
    ("Strength", True),
    ("Losses", True),
    ("Civilians", True),
)


def _index(ordered: Sequence[Brief]) -> str:
    count = len(ordered)
    kinds = sorted({b.kind for b in ordered})
    options = "".join(f'<option value="{esc(k)}">{esc(k)}</option>' for k in kinds)
    heads = "".join(
        f'<th scope="col"{NUM if numeric else ""}'
        f'{ASCENDING if label == "Dates" else ""}><button type="button">{label}</button></th>'
        for label, numeric in HEADERS
    )
    rows = []
    for b in ordered[:INDEX_PAGE]:
        cells = [
            esc(b.kind),
            esc(span(b)),
            esc(b.place),
            esc(" vs ".join(b.sides)),
            esc(b.result or ""),
        ]
        figures = [fig(b.strength), fig(b.casualties), fig(b.civilians)]
        rows.append(
            f'<tr><th scope="row"><a href="battles/{esc(b.key)}.html">{esc(b.name)}</a></th>'
            + "".join(f"<td>{c}</td>" for c in cells)
            + "".join(f'<td class="num">{c}</td>' for c in figures)
            + "</tr>"
        )
    shown = min(count, INDEX_PAGE)
    data = script_json([_row_data(b) for b in ordered])
    body = f"""<h1>Battles</h1>
<p>{count:,} record{"s" if count != 1 else ""}. Strength, losses and civilians are added up over
the sides as the tool adds them up everywhere; a page per battle gives every figure with its
sources.</p>
<div class="controls" id="controls" hidden>
<label for="filter">Filter (names, places, sides, people)
<input type="search" id="filter" autocomplete="off"></label>
<label for="kind">Kind <select id="kind"><option value="">every kind</option>{options}
</select></label>
</div>
<p id="status" role="status" aria-live="polite">Showing {shown:,} of {count:,} in date order.</p>
<div class="scroll"><table id="records" class="records">
<thead><tr>{heads}</tr></thead>
<tbody>
{"".join(rows)}
</tbody></table></div>
<noscript><p>Without JavaScript the table shows the first {shown:,} records in date order;
the <a href="timeline.html">timeline</a> links every record.</p></noscript>
<nav class="pager" id="pager" aria-label="Pages of the table" hidden>
<button type="button" id="prev">Previous page</button>
<span id="page-label"></span>
<button type="button" id="next">Next page</button>
</nav>
<p class="legend">{LEGEND}</p>
<script type="application/json" id="records-data">{data}</script>"""
    return page("Battles", body, here="index.html", script=True)


# -- the timeline and the comparisons ----------------------------------------------------------


def _timeline(
    chunk: Sequence[object], first: int, last: int, n: int, pages: Sequence[object]
) -> str:
    battles = [b for b in chunk if isinstance(b, Brief)]
    nav = _pages_nav("timeline", len(pages), n, "Pages of the timeline")
    kinds = sorted({b.kind for b in battles})
    key = "".join(f'<span class="k-{esc(k)}">{esc(k)}</span>' for k in kinds)
    body = (
        f"<h1>Timeline {esc(charts.period_text(first, last))}</h1>\n"
        "<p>Each bar runs from a record's first day to its last (a date known only to the "
        "month covers the month); a faded bar has no end stated. Each bar links to its "
        "record.</p>\n"
        f'<p class="kinds">{key}</p>\n{nav}\n'
        f'<div class="scroll">{charts.timeline_svg(battles, first, last)}</div>\n{nav}'
    )
    here = "timeline.html"
    title = "Timeline" + (f" (page {n + 1})" if n else "")
    return page(title, body, here=here if n == 0 else "")


COLUMNS = {
    "casualties": (*tally.KINDS, "other", "total"),
    "strength": ("strength",),
}


def _compare_pages(
    out: Path,
    measure: str,
    battles: Sequence[tuple[Brief, Forces]],
    step: Callable[[int], None],
) -> None:
    which: compared.Measure = "casualties" if measure == "casualties" else "strength"
    comparison = compared.compare(battles, which)
    chart = comparison.columns[-1]
    scale = charts.choose_scale([row.figures.get(chart) for row in comparison.rows])
    groups: list[list[compared.CompareRow]] = []
    for row in comparison.rows:
        if not groups or groups[-1][0].battle.key != row.battle.key:
            groups.append([])
        groups[-1].append(row)
    pages = _chunks(groups, COMPARE_PAGE)
    name = f"compare-{measure}"
    for n, chunk in enumerate(pages):
        nav = _pages_nav(name, len(pages), n, f"Pages of the {measure}")
        columns = comparison.columns
        heads = "".join(
            f'<th scope="col"{"" if c == "other" else NUM}>{c.capitalize()}</th>' for c in columns
        )
        rows = []
        for group in chunk:
            if not isinstance(group, list):
                continue
            battle = group[0].battle
            rows.append(
                f'<tbody><tr class="group"><th scope="rowgroup" colspan="{len(columns) + 2}">'
                f'<a href="battles/{esc(battle.key)}.html">{esc(battle.name)}</a> '
                f'<span class="muted">· {esc(span(battle))}</span></th></tr>'
            )
            for row in group:
                cells = []
                for c in columns:
                    if c == "other":
                        other = "".join(
                            f'<div>{fig(p.figure)} <span class="muted">{esc(p.label)}</span></div>'
                            for p in row.other
                        )
                        cells.append(f'<td class="other">{other or fig(None)}</td>')
                    else:
                        cells.append(f'<td class="num">{fig(row.figures.get(c))}</td>')
                rows.append(
                    f'<tr class="side"><th scope="row">{esc(row.label)}</th>'
                    + "".join(cells)
                    + f'<td class="bar">{charts.range_bar(row.figures.get(chart), scale)}</td></tr>'
                )
            rows.append("</tbody>")
        title = "Casualties" if measure == "casualties" else "Strength"
        rows_are = "Each battle and side"
        if measure == "casualties":
            rows_are += (
                ", with the civilians and any losses a source gives for all sides together only"
            )
        log = "; a log scale, as the figures span more than two orders of magnitude"
        body = (
            f"<h1>{title} compared</h1>\n<p>{rows_are}. "
            f"The bar shows the {chart}: solid to the lowest figure, lighter to the highest, "
            "an arrow where the figure is a floor, ? where a source says it is unknown"
            f"{log if scale.log else ''}.</p>\n{nav}\n"
            '<div class="scroll"><table class="compare"><thead><tr>'
            f'<th scope="col">Battle / side</th>{heads}<th scope="col">Range</th></tr></thead>'
            "\n" + "\n".join(rows) + f'\n</table></div>\n{nav}\n<p class="legend">{LEGEND}</p>'
        )
        here = f"{name}.html"
        label = title + (f" (page {n + 1})" if n else "")
        _write(out / _numbered(name, n), page(label, body, here=here if n == 0 else ""))
        step(1)


# -- people and sources ------------------------------------------------------------------------

PEOPLE_HEAD = ("Person", "Battle", "Side", "Role", "Fate")
SOURCES_HEAD = ("Source", "Records it supports", "Fields citing it", "Figures")


def _people_rows(rows: Sequence[Appearance]) -> list[str]:
    out = []
    for a in rows:
        role = esc(a.role or "")
        if a.under:
            role += f' <span class="muted">(under {esc(a.under)})</span>'
        out.append(
            f'<tr><th scope="row">{esc(a.name)}</th>'
            f'<td><a href="battles/{esc(a.battle.key)}.html">{esc(a.battle.name)}</a> '
            f'<span class="muted">· {esc(span(a.battle))}</span></td>'
            f"<td>{esc(a.side)}</td><td>{role}</td><td>{esc(a.fate or '')}</td></tr>"
        )
    return out


def _source_rows(rows: Sequence[SourceUse]) -> list[str]:
    out = []
    for s in rows:
        title = esc(s.title)
        url = link_url(s.url)
        if url:
            title += f'<div><a href="{esc(url)}" rel="noopener noreferrer">{esc(url)}</a></div>'
        elif s.url:
            title += f'<div class="muted">{esc(s.url)}</div>'
        elif s.file:
            title += f'<div class="muted">seed file {esc(s.file)}</div>'
        records = ", ".join(
            f'<a href="battles/{esc(b.key)}.html">{esc(b.name)}</a>' for b in s.records
        )
        out.append(
            f'<tr><th scope="row">{title}</th><td>{records}</td>'
            f'<td class="num">{s.citations:,}</td><td class="num">{s.figures:,}</td></tr>'
        )
    return out


def _list_pages(out: Path, name: str, rows: Sequence[str], head: Sequence[str], title: str) -> None:
    """A table of ``rows`` over as many pages as it takes (``LIST_PAGE`` rows a page)."""
    pages = _chunks(rows, LIST_PAGE)
    heads = "".join(
        f'<th scope="col"{NUM if label in ("Fields citing it", "Figures") else ""}>{label}</th>'
        for label in head
    )
    what = {
        "people": "Every commander the records name, with each battle they led in: the "
        "side, the role, the fate and whom they served under, as <code>battles people</code> "
        "gives them.",
        "sources": "Every source the records cite, with the records it supports, how many "
        "fields cite it and how many figures it supports, as <code>battles sources</code> "
        "gives them.",
    }[name]
    for n, chunk in enumerate(pages):
        nav = _pages_nav(name, len(pages), n, f"Pages of the {name}")
        body = (
            f"<h1>{title}</h1>\n<p>{what} {len(rows):,} rows.</p>\n{nav}\n"
            f'<div class="scroll"><table class="list"><thead><tr>{heads}</tr></thead>'
            f"<tbody>\n{chr(10).join(chunk)}\n</tbody></table></div>\n{nav}"
        )
        label = title + (f" (page {n + 1})" if n else "")
        _write(out / _numbered(name, n), page(label, body, here=f"{name}.html" if n == 0 else ""))


# -- about -------------------------------------------------------------------------------------


def _built_on() -> datetime.date:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def _about(dataset: Dataset, count: int) -> str:
    parents = {os.path.dirname(dataset.entry(n).shown) for n in range(len(dataset))}
    folders = sorted({Path(f).resolve() for f in parents})  # each folder resolved once
    bundled = bool(folders) and all(f == bundled_data_dir().resolve() for f in folders)
    built = _built_on().isoformat()
    if bundled:
        origin = (
            f"<p>The {count:,} records bundled with <code>battles</code> {__version__}: the 1941 "
            "uprising in occupied Serbia and Montenegro, curated by hand from the sources each "
            "record cites.</p>"
        )
        licence = (
            "<p>The <code>battles</code> tool and the records bundled with it are published "
            "under the MIT licence. The sources a record cites keep their own licences and "
            "terms; follow a page's numbered sources to them.</p>"
        )
        name = f"battles {__version__}, bundled records"
    else:
        shown = ", ".join(f"<code>{esc(f.name or str(f))}</code>" for f in folders) or "none"
        origin = (
            f"<p>{count:,} records read from the data "
            f"director{'y' if len(folders) == 1 else 'ies'} {shown}. Each record cites its "
            "sources; its page lists them, numbered.</p>"
        )
        licence = (
            "<p>The records' licence is their curators' to state: this dataset does not "
            "state one to the tool, so ask whoever curated it before reusing them. The "
            "<code>battles</code> tool that built this site is published under the MIT "
            "licence. The sources a record cites keep their own licences and terms.</p>"
        )
        name = ", ".join(f.name or str(f) for f in folders) or "battles dataset"
    citation = f"{name} ({count:,} records). Website built with battles {__version__} on {built}."
    body = f"""<h1>About this site</h1>
<h2 id="data">Where the data comes from</h2>
{origin}
<p>Every figure traces to a source the record cites: a page's <span class="cite">[1,2]</span>
markers link to its numbered sources, and where sources disagree each version is kept with
its source. Ranges stay ranges and unknown stays unknown.</p>
<h2 id="notation">How to read the figures</h2>
<p class="legend">{LEGEND}</p>
<p>Totals (a side's losses from its kinds, a battle's figures across its sides) are
computed by the tool, marked <code>*</code>, and keep the uncertainty of what they add up:
a figure that covers only part of a battle, or a kind that is not stated, makes a total a
floor (<code>≥</code>).</p>
<h2 id="licence">Licence</h2>
{licence}
<h2 id="cite">How to cite</h2>
<p>The whole dataset:</p>
<pre>{esc(citation)}</pre>
<p>One battle: its name and id (on its page, after the kind), this site, and the sources
its page lists for the figures you use.</p>
<h2 id="built">How this site was built</h2>
<p>With <code>battles export DIR --format site</code> on {built}: static files only, no server;
nothing on these pages asks for anything outside this folder.</p>"""
    return page("About", body, here="about.html")
