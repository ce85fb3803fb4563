"""``battles export DIR --format site``: a static website of the dataset.

The pages are checked as HTML5 (parsed with html.parser: one doctype, a language, a
charset, every element known and closed in order, ids unique), every link inside the site
resolves (the file and the ``#fragment``), nothing is fetched from outside the folder, record
text is escaped everywhere (the hostile fixtures go through the builder), and every figure
is the tally's. A real browser (Debian's chromium, headless) loads the index and a battle
page: the script runs, nothing is logged to the console, no request leaves the folder, and
the screenshot has the size asked for.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import DATA, FIXTURES, ROOT

from battles import loading, site, tally
from battles.dates import events_in_order
from battles.figures import format_figure
from battles.loading import digest
from battles.questions import compare as compared
from battles.site import pages

HOSTILE = FIXTURES / "site"
VIEWS = FIXTURES / "views"
CHROMIUM = Path("/usr/bin/chromium")

# -- building ----------------------------------------------------------------------------------


def _build(paths: list[Path], out: Path) -> Path:
    site.write_site(loading.load(paths), out, force=False)
    return out


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build([DATA], tmp_path_factory.mktemp("bundled") / "site")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile record beside the views fixtures (the Testville record's markup, escape
    sequences and carriage returns; part-of links between the two)."""
    return _build([HOSTILE, VIEWS], tmp_path_factory.mktemp("hostile") / "site")


DATASETS = FIXTURES / "datasets"
V2 = FIXTURES / "v2"


def imported_records(into: Path) -> list[Path]:
    """The small excerpts of CDB90 and the Civil War data (tests/fixtures/datasets), imported
    as ``battles import`` writes them: one folder each."""
    from battles.importers import acw, cdb90
    from battles.importers.common import write_records

    folders = []
    for name, module in (("cdb90", cdb90), ("acw", acw)):
        folder = into / name
        write_records(module.read(DATASETS / name), folder, f"# imported from {name}", force=False)
        folders.append(folder)
    return folders


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of imported records (record format 2) and the format 2 fixtures."""
    into = tmp_path_factory.mktemp("imported")
    return _build([*imported_records(into / "data"), V2], into / "site")


def _pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


# -- an HTML5 checker --------------------------------------------------------------------------

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
KNOWN = VOID | {
    "html",
    "head",
    "body",
    "title",
    "style",
    "script",
    "noscript",
    "main",
    "header",
    "footer",
    "nav",
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "a",
    "span",
    "div",
    "em",
    "strong",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "label",
    "select",
    "option",
    "button",
    "sup",
    "svg",
    "g",
    "rect",
    "line",
    "text",
    "polygon",
    "path",
    "circle",
}
# Elements whose end tag HTML lets a page leave out are always closed here; the checker
# wants every one closed, in order.
SVG_SELF_CLOSING = {"rect", "line", "polygon", "path", "circle"}


class Page(HTMLParser):
    """A page parsed: its problems as HTML5, its ids, its links and what it loads."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []  # <a href>
        self.loads: list[str] = []  # src= and <link href>: what the browser fetches
        self.doctype: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._script: list[str] | None = None
        self.feed(text)
        self.close()
        if self.stack:
            self.problems.append(f"never closed: {self.stack}")

    def handle_decl(self, decl: str) -> None:
        self.doctype.append(decl)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "script":
            self._script = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SVG_SELF_CLOSING or "svg" not in self.stack:
            self.problems.append(f"<{tag}/> outside SVG")
        self._start(tag, attrs)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in KNOWN:
            self.problems.append(f"unknown element <{tag}>")
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.problems.append(f"<{tag}> repeats an attribute: {names}")
        found = dict(attrs)
        self.elements.append((tag, found))
        if "id" in found:
            self.ids.append(found["id"] or "")
        if tag == "a" and found.get("href") is not None:
            self.links.append(found["href"] or "")
        if "src" in found:
            self.loads.append(found["src"] or "")
        if tag == "link":
            self.loads.append(found.get("href") or "")
        if tag in ("table", "ul", "ol", "dl", "tr", "tbody", "thead") and self.stack[-1:] == ["p"]:
            self.problems.append(f"<{tag}> inside <p>")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.problems.append(f"end tag of the void element {tag}")
        elif not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        else:
            self.text.append(data)


def html5_problems(text: str) -> list[str]:
    page = Page(text)
    problems = list(page.problems)
    if not text.startswith("<!DOCTYPE html>\n") or page.doctype != ["DOCTYPE html"]:
        problems.append("the page does not start with the one <!DOCTYPE html>")
    tags = [tag for tag, _ in page.elements]
    if tags[:1] != ["html"] or not page.elements[0][1].get("lang"):
        problems.append("<html lang> is not the first element")
    if ("meta", {"charset": "utf-8"}) not in page.elements[:4]:
        problems.append('<meta charset="utf-8"> is not early in <head>')
    if "title" not in tags or "body" not in tags or tags.index("title") > tags.index("body"):
        problems.append("no <title> in <head>")
    if tags.count("main") != 1 or tags.count("h1") != 1:
        problems.append("a page has one <main> and one <h1>")
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    if duplicates:
        problems.append(f"ids used twice: {sorted(duplicates)}")
    for tag, attrs in page.elements:
        if tag == "img" and "alt" not in attrs:
            problems.append("<img> without alt")
        if tag in ("input", "select") and not attrs.get("id"):
            problems.append(f"<{tag}> without an id for its label")
    return problems


def test_the_html5_checker_finds_problems() -> None:
    good = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        "<body><main><h1>x</h1><p>a</p></main></body></html>"
    )
    assert html5_problems(good) == []
    assert html5_problems(good.replace("<p>a</p>", "<p>a")) != []
    assert html5_problems(good.replace("<p>a</p>", "<p><b>a</p></b>")) != []
    assert html5_problems(good.replace("<p>a</p>", '<p id="x"></p><p id="x"></p>')) != []
    assert html5_problems(good.replace('lang="en"', "")) != []
    assert html5_problems(good.replace("<p>a</p>", "<p><table></table></p>")) != []
    assert html5_problems(good.replace("<!DOCTYPE html>\n", "")) != []
    assert html5_problems(good.replace("<title>t</title>", "")) != []
    assert html5_problems(good.replace("<p>a</p>", "<p>a<br></br></p>")) != []


# -- the site ----------------------------------------------------------------------------------


def test_export_site_from_the_command_line(run, tmp_path: Path) -> None:
    target = tmp_path / "site"
    result = run("--data-dir", str(VIEWS), "export", str(target), "--format", "site")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"battles: wrote {target} (2 records)\n"
    assert result.stdout == ""
    for name in (
        "index.html",
        "timeline.html",
        "compare-casualties.html",
        "compare-strength.html",
        "about.html",
        "assets/site.css",
        "assets/site.js",
        "battles/battle-of-testville.html",
        "battles/siege-of-exampleburg.html",
    ):
        assert (target / name).is_file(), name
    # an existing folder is kept unless --force is given, then replaced whole
    (target / "mine.txt").write_text("not the tool's", "utf-8")
    again = run("--data-dir", str(VIEWS), "export", str(target), "-f", "site")
    assert again.exit_code == 1
    assert "already exists; add --force to replace it" in again.stderr
    assert (target / "mine.txt").exists()
    # --force replaces an earlier site, never a folder with files the site does not write
    refused = run("--data-dir", str(VIEWS), "export", str(target), "-f", "site", "--force")
    assert refused.exit_code == 1
    assert "holds files the site export does not write (mine.txt)" in refused.stderr
    assert (target / "mine.txt").exists()
    (target / "mine.txt").unlink()
    (target / "battles" / "battle-of-testville.html").unlink()  # an older site
    forced = run("--data-dir", str(VIEWS), "export", str(target), "-f", "site", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert (target / "battles" / "battle-of-testville.html").is_file()
    for foreign in ("notes.txt", "assets/x.js", "battles/x.png"):
        (target / foreign).write_text("", "utf-8")
        assert site.not_a_site(target) is not None, foreign
        (target / foreign).unlink()
    assert site.not_a_site(target) is None
    assert site.not_a_site(tmp_path / "empty") is not None  # not a folder
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folder left


def test_an_interrupted_build_leaves_nothing(monkeypatch, tmp_path: Path) -> None:
    def boom(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(site, "battle_page", boom)
    with pytest.raises(KeyboardInterrupt):
        site.write_site(loading.load([VIEWS]), tmp_path / "site", force=False)
    assert list(tmp_path.iterdir()) == []


def test_the_help_names_the_site_format(run) -> None:
    result = run("export", "--help")
    assert "site" in result.stdout


@pytest.mark.parametrize("which", ["bundled", "hostile", "imported"])
def test_every_page_is_html5(which: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(which)
    found = _pages(root)
    assert len(found) >= 7
    for path in found:
        assert html5_problems(path.read_text("utf-8")) == [], path


def _check_links(root: Path) -> int:
    """Every link and load inside the site names a file of the site, and its ``#fragment``
    an id on that page; returns how many were checked."""
    parsed = {path: Page(path.read_text("utf-8")) for path in _pages(root)}
    ids = {path.resolve(): set(page.ids) for path, page in parsed.items()}
    checked = 0
    for path, page in parsed.items():
        for href in page.links + page.loads:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue  # a source's address (see test_nothing_is_fetched...)
            assert not parts.scheme and not parts.netloc, (path, href)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), (path, href)
            assert root.resolve() in target.parents, (path, href)
            if parts.fragment:
                assert parts.fragment in ids[target.resolve()], (path, href)
            checked += 1
    return checked


def test_the_link_check_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text('<a href="b.html">b</a><a href="#x">x</a>', "utf-8")
    with pytest.raises(AssertionError):
        _check_links(tmp_path)
    (tmp_path / "b.html").write_text('<p id="y">b</p>', "utf-8")
    with pytest.raises(AssertionError):
        _check_links(tmp_path)  # no id x on a.html
    (tmp_path / "a.html").write_text('<a href="b.html#y">b</a><a href="../up.html">u</a>', "utf-8")
    (tmp_path.parent / "up.html").write_text("", "utf-8")
    with pytest.raises(AssertionError):
        _check_links(tmp_path)  # outside the site
    (tmp_path / "a.html").write_text('<a href="b.html#y">b</a>', "utf-8")
    assert _check_links(tmp_path) == 1


@pytest.mark.parametrize("which", ["bundled", "hostile", "imported"])
def test_every_internal_link_resolves(which: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(which)
    assert _check_links(root) > 100


@pytest.mark.parametrize("which", ["bundled", "hostile", "imported"])
def test_nothing_is_fetched_from_outside_the_folder(
    which: str, request: pytest.FixtureRequest
) -> None:
    root: Path = request.getfixturevalue(which)
    for path in _pages(root):
        text = path.read_text("utf-8")
        page = Page(text)
        assert all(not urlsplit(src).scheme and not src.startswith("//") for src in page.loads)
        assert "Content-Security-Policy" in text and "default-src 'none'" in text
        for tag, attrs in page.elements:
            if tag == "a" and urlsplit(attrs.get("href") or "").scheme:
                # a link out is a source's address, and only a web address
                assert urlsplit(attrs["href"] or "").scheme in ("http", "https")
                assert attrs.get("rel") == "noopener noreferrer"
    for asset in (root / "assets").iterdir():
        text = asset.read_text("utf-8")
        assert not re.search(r"https?:|url\(|@import|fetch\(|XMLHttpRequest|//[a-z]", text), asset


# -- hostile text ------------------------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
ALLOWED_SCRIPTS = (
    '<script src="assets/site.js"></script>',
    '<script type="application/json" id="records-data">',
)


def test_hostile_text_is_shown_as_text(hostile: Path) -> None:
    record = loading.load([HOSTILE]).records[0].record
    for path in _pages(hostile):
        text = path.read_text("utf-8")
        assert not CONTROL.search(text), path
        page = Page(text)
        assert page.problems == []
        for tag, attrs in page.elements:
            assert tag not in ("iframe", "img", "style", "marquee", "b", "u", "s", "q", "i"), path
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
            assert "javascript:" not in (attrs.get("href") or "").lower()
            assert not (attrs.get("href") or "").lower().startswith("data:")
        scripts = [m.start() for m in re.finditer("<script", text, re.IGNORECASE)]
        for at in scripts:
            assert text.startswith(ALLOWED_SCRIPTS, at), (path, text[at : at + 80])
    page_text = (hostile / "battles" / "hostile-record.html").read_text("utf-8")
    assert "<h1>Battle of &lt;script&gt;alert(1)&lt;/script&gt; Town</h1>" in page_text
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page_text
    assert "\\x1b[2J\\x1b[Hcleared\\x07\\x08" in page_text  # escapes shown, as in a terminal
    assert "a\\x0dreturn" in page_text
    assert "\\x85next line\\x9bcsi" in page_text
    # the visible text of the page is the record's text, whole
    shown = "".join(Page(page_text).text)
    for expected in (
        record.name,
        record.place.name,
        *record.aliases,
        record.sides[0].name,
        '<iframe src="https://evil.example/"></iframe>',
        "</ul><script>alert(7)</script>",
        "<marquee>five hundred</marquee>",
    ):
        assert expected in shown, expected
    # only the web addresses are links; the others are shown as text
    links = Page(page_text).links
    assert "https://example.org/fair?a=1&b=2" in links
    assert not [h for h in links if "javascript" in h or h.startswith("data:") or "<" in h]
    assert "javascript:alert(8)" in shown and "data:text/html,&lt;script&gt;" in page_text


def test_broken_and_hostile_files_never_reach_a_page(tmp_path: Path) -> None:
    """The broken fixtures (escape sequences and markup in keys, tags, bad bytes...) are
    left out with their problems; the good records beside them make the site."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "bad", data)
    shutil.copy(FIXTURES / "good" / "skirmish-at-example-ford.yaml", data)
    dataset = loading.load([data])
    assert len(dataset) == 1 and dataset.problems
    root = _build([data], tmp_path / "site")
    assert [p.name for p in (root / "battles").iterdir()] == ["skirmish-at-example-ford.html"]
    for path in _pages(root):
        text = path.read_text("utf-8")
        assert not CONTROL.search(text) and "[bold]" not in text and "\\x1b" not in text
        assert html5_problems(text) == []


def test_the_index_data_cannot_end_its_script(hostile: Path) -> None:
    text = (hostile / "index.html").read_text("utf-8")
    page = Page(text)
    data = page.scripts[0]
    assert "<" not in data and ">" not in data and "&" not in data
    rows = json.loads(data)
    names = {row[1] for row in rows}
    assert "Battle of <script>alert(1)</script> Town" in names
    places = {row[5] for row in rows}
    assert '"><img src=x onerror=alert(1)>' in places
    assert all(not CONTROL.search(json.dumps(row, ensure_ascii=False)) for row in rows)
    results = {row[7] for row in rows}  # control characters as the pages show them
    assert "</script><script>alert(2)</script>\\x1b[31m" in results


def test_script_json_escapes_what_could_end_a_script() -> None:
    text = site.script_json(["</script><!--", "a & b", "\u2028\u2029"])
    assert text == '["\\u003c/script\\u003e\\u003c!--","a \\u0026 b","\\u2028\\u2029"]'
    assert json.loads(text) == ["</script><!--", "a & b", "\u2028\u2029"]


def test_only_web_addresses_become_links() -> None:
    assert pages.link_url("https://en.wikipedia.org/wiki/X_(1941)") is not None
    assert pages.link_url("http://example.org/?a=1&b=2") == "http://example.org/?a=1&b=2"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "file:///etc",
        "//evil.example",
        "https://",
        'https://x.org/"onclick=x',
        "https://x.org/a b",
        "vbscript:x",
        "",
        None,
        "https://x.org/\x1b",
    ):
        assert pages.link_url(bad) is None, bad


def test_esc_is_html_escape_of_the_terminal_text() -> None:
    import html

    from battles.text import clean

    for text in ("plain", "<b>&'\"", "\x1b[31m\r\n\t\x07\x85", "Tëst — ≥ 5", ""):
        assert pages.esc(text) == html.escape(clean(text), quote=True)


# -- what the pages show -----------------------------------------------------------------------


def test_a_battle_page_shows_everything_show_shows(bundled: Path) -> None:
    dataset = loading.load([DATA])
    record = next(e.record for e in dataset.records if e.key == "attack-on-krusevac")
    text = (bundled / "battles" / "attack-on-krusevac.html").read_text("utf-8")
    page = Page(text)
    shown = " ".join("".join(page.text).split())
    for heading in ("Sides", "Civilians", "Events", "Where sources disagree", "Notes", "Sources"):
        assert f">{heading}</h2>" in text, heading
    # the header
    assert "attack · id" in shown and "23–27 Sep 1941" in shown and "Axis victory" in shown
    # the sides side by side, leaders with fates, unit trees
    assert '<th scope="col">Axis' in text and '<th scope="col">Rebels' in text
    assert "† killed in action" in shown
    assert '<ul class="tree">' in text and "749th Infantry Regiment" in shown
    # figures with their parts, wording, estimates; totals from the tally
    assert "+ 550" in shown and "also 1,000–10,000" in shown
    assert "“2,000–3,000 rebels”" in shown
    for side in record.sides:
        total = tally.total_losses(side.casualties)
        assert total is not None
        assert f"total: {format_figure(total)}*" in shown
    # events in order, disagreements, numbered sources with working links
    positions = [
        shown.index(" ".join(pages.esc(e.text).split()[:6])) for e in events_in_order(record.events)
    ]
    assert positions == sorted(positions)
    for item in record.disagreements:
        assert item.topic in shown
    for n, source in enumerate(record.sources, start=1):
        assert f'<li id="source-{n}">' in text
        if source.url:
            assert f'<a href="{pages.esc(source.url)}" rel="noopener noreferrer">' in text
    assert '<a href="#source-1">1</a>' in text
    # part-of links both ways
    assert '<a href="uprising-in-serbia.html">Uprising in Serbia</a>' in text
    parent = (bundled / "battles" / "uprising-in-serbia.html").read_text("utf-8")
    assert '<a href="attack-on-krusevac.html">Attack on Kruševac</a>' in parent


def _row_cells(text: str, label: str) -> list[str] | None:
    """The cells of a battle page's row of the sides table (None: no such row)."""
    found = re.search(rf'<tr><th scope="row">{label}</th>(.*?)</tr>', text)
    return re.findall(r"<td>(.*?)</td>", found[1]) if found else None


def test_a_battle_page_shows_the_format_2_fields(imported: Path) -> None:
    """Every imported (and format 2 fixture) record's page: each side's role and result in
    its column, the winner, the equipment, the conditions and the sources' full references,
    as ``battles show`` gives them."""
    from battles import conditions, model

    dataset = loading.load(
        [imported.parent / "data" / "cdb90", imported.parent / "data" / "acw", V2]
    )
    assert len(dataset.records) > 10
    seen = {"role": 0, "result": 0, "winner": 0, "equipment": 0, "conditions": 0}
    for entry in dataset.records:
        record = entry.record
        text = (imported / "battles" / f"{record.key}.html").read_text("utf-8")
        sides = record.sides
        roles = _row_cells(text, "Role")
        if any(s.role for s in sides):
            seen["role"] += 1
            assert roles == [pages.esc(s.role) if s.role else pages._ns() for s in sides]
        else:
            assert roles is None
        outcomes = _row_cells(text, "Outcome")
        if any(s.result or s.outcome for s in sides):
            assert outcomes is not None and len(outcomes) == len(sides)
            for side, cell in zip(sides, outcomes, strict=True):
                if side.result:
                    seen["result"] += 1
                    assert cell.startswith(f"<strong>{pages.esc(side.result)}</strong>")
                if side.outcome:
                    assert pages.esc(side.outcome) in cell
        if record.result and record.result.winner:
            seen["winner"] += 1
            winner = record.side(record.result.winner)
            won = "no side won" if winner is None else f"won by {winner.name}"
            assert f"<strong>{pages.esc(won)}</strong>" in text
        equipment = _row_cells(text, "Equipment")
        if any(s.equipment for s in sides):
            seen["equipment"] += 1
            assert equipment is not None
            for side, cell in zip(sides, equipment, strict=True):
                for item in side.equipment:
                    assert f"{pages.esc(item.name)}: " in cell
        if record.conditions is not None:
            seen["conditions"] += 1
            assert '<h2 id="conditions">Conditions</h2>' in text
            for item in conditions.items(record):
                assert f"<dt>{pages.esc(item.label.capitalize())}</dt><dd>" in text
                assert pages.esc(item.shown) in text
        for n, source in enumerate(record.sources, start=1):
            assert f'<li id="source-{n}">{pages.esc(model.reference(source))}' in text
    assert all(seen.values()), seen


def test_bands_strengths_and_equipment_on_a_page(imported: Path) -> None:
    text = (imported / "battles" / "battle-of-bandburg.html").read_text("utf-8")
    shown = " ".join("".join(Page(text).text).split())
    assert "12,000\u00a0±10%" in text  # an error band, whole
    assert "final: 9,000\u00a0±\u00a0500" in text  # a further strength, what it counts
    assert "3,000 [1] (engaged)" in shown
    assert "tanks: 40 [1] (initial)" in shown and "armoured trains: 2" in shown
    assert "tanks destroyed: 12" in shown  # an equipment loss, beside the men's losses
    assert "Attacker victory [1] · won by Red Army" in shown
    assert "victory · “held the field”" in shown and "withdrew" in shown
    assert "also called Bandbourg, Alt-Bandburg (until 1919) [1]" in shown
    assert "<dt>Front width</dt><dd>Red Army: 3.7 km" in text
    assert "<dt>Front width</dt><dd>Blue Army: 2.8 km" in text
    assert "<dt>Note</dt><dd>Open fields beside a river." in text
    assert "Jeffrey Arnold. CDB90" in shown and "row isqno 7" in shown


HOSTILE_V2 = """schema_version: 2
name: "<b>Bold</b> \\x1b[31m"
kind: battle
start: 1916-07-01
place:
  name: Here
  other_names: [{name: "<i>Old</i>", when: "<u>then</u>"}]
result: {text: "<s>won</s>", winner: red}
conditions:
  terrain: {value: [open], text: "<script>alert(1)</script>"}
  season: {value: fall, note: "\\x07 <em>bell</em>"}
  note: "<marquee>"
sides:
  - id: red
    name: "<q>Red</q>"
    role: attacker
    result: victory
    outcome: "<a href='javascript:x'>held</a>"
    strength: 100
    strengths: [{value: 90, counts: final, note: "<big>"}]
    equipment:
      - {kind: other, label: "<img src=x onerror=alert(1)>", value: 2, text: "<tt>"}
    casualties:
      killed: 5
      equipment: [{kind: other, label: "<del>lost</del>", fate: lost, value: 1}]
  - id: blue
    name: Blue
    role: defender
sources:
  - {id: s, title: "<h1>T</h1>", kind: dataset, authors: ["<em>A</em>"], table: "<t>"}
"""


def test_format_2_text_is_escaped(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "hostile-v2.yaml").write_text(HOSTILE_V2, "utf-8")
    dataset = loading.load([data])
    assert [e.key for e in dataset.records] == ["hostile-v2"], dataset.problems
    out = _build([data], tmp_path / "site")
    text = (out / "battles" / "hostile-v2.html").read_text("utf-8")
    assert html5_problems(text) == []
    assert not CONTROL.search(text)
    page = Page(text)
    tags = {tag for tag, _ in page.elements}
    assert not tags & {"b", "i", "u", "s", "script", "q", "img", "del", "marquee", "big", "tt", "t"}
    shown = " ".join("".join(page.text).split())
    for words in (
        "<i>Old</i> (<u>then</u>)",
        "<s>won</s> · won by <q>Red</q>",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>: 2",
        "<del>lost</del> lost: 1",
        "<em>A</em>. <h1>T</h1>",
        "\\x07 <em>bell</em>",
    ):
        assert words in shown, words


def test_disputed_figures_scope_and_phases(bundled: Path, hostile: Path) -> None:
    novi = (bundled / "battles" / "battle-of-novi-pazar.html").read_text("utf-8")
    assert "only the 4 November assault" in novi
    assert ">Phases</h2>" in novi
    testville = (hostile / "battles" / "battle-of-testville.html").read_text("utf-8")
    assert '<span class="disputed">disputed:</span>' in testville
    assert "Other dating" in testville and "late October to early December" in testville
    # free text in part_of stays text; a record's id becomes a link, both ways
    assert "<dt>Part of</dt>" in testville and ", A Larger War</dd>" in testville
    assert '<a href="siege-of-exampleburg.html">Siege of Exampleburg</a>' in testville
    exampleburg = (hostile / "battles" / "siege-of-exampleburg.html").read_text("utf-8")
    assert '<a href="battle-of-testville.html">Battle of Testville</a>' in exampleburg
    hostile_page = (hostile / "battles" / "hostile-record.html").read_text("utf-8")
    assert '<a href="battle-of-testville.html">Battle of Testville</a>' in hostile_page
    assert '<a href="hostile-record.html">' in testville


def test_every_total_is_the_tallys(bundled: Path) -> None:
    dataset = loading.load([DATA])
    rows = {
        row[0]: row
        for row in json.loads(Page((bundled / "index.html").read_text("utf-8")).scripts[0])
    }
    assert len(rows) == len(dataset)
    for entry in dataset.records:
        record = entry.record
        row = rows[record.key]
        assert row[8] == pages.fig_text(tally.battle_strength(record))
        assert row[10] == pages.fig_text(tally.battle_losses(record))
        assert row[12] == pages.fig_text(tally.civilian_losses(record))
        # the page from the digest is the page from the record
        assert pages.battle_page(record, [], []) == pages.battle_page(
            record, [], [], digest.forces(record)
        )


def test_the_comparisons_are_the_compare_views(bundled: Path) -> None:
    dataset = loading.load([DATA])
    battles = sorted(
        zip(dataset.digests(digest.BRIEF), dataset.digests(digest.FORCES), strict=True),
        key=lambda item: (item[0].start, item[0].sort_name),
    )  # in date order, as the site lists them
    for measure in ("casualties", "strength"):
        comparison = compared.compare(battles, measure)  # type: ignore[arg-type]
        text = (bundled / f"compare-{measure}.html").read_text("utf-8")
        body = text.split("</thead>")[1]
        cells = re.findall(r'<tr class="side"><th scope="row">(.*?)</th>(.*?)</tr>', body)
        assert len(cells) == len(comparison.rows)
        for row, (label, rest) in zip(comparison.rows, cells, strict=True):
            assert label == pages.esc(row.label)
            chart = comparison.columns[-1]
            assert pages.fig(row.figures.get(chart)) in rest
            if row.figures.get(chart) is not None:
                assert '<svg class="range"' in rest


def test_the_timeline_links_every_record(bundled: Path) -> None:
    text = (bundled / "timeline.html").read_text("utf-8")
    svg = text[text.index("<svg") : text.index("</svg>")]
    bars = re.findall(r'<a href="battles/([a-z0-9-]+)\.html"><title>', svg)
    assert sorted(bars) == sorted(loading.load([DATA]).ids())
    assert svg.count("<rect") == len(bars)
    assert "Timeline 7 Jul – 31 Dec 1941" in text
    assert 'class="bar k-siege open"' in svg  # the Siege of Valjevo has no end stated


def test_people_and_sources(bundled: Path, tmp_path: Path, monkeypatch) -> None:
    from battles.questions import people as people_q
    from battles.questions import sources as sources_q

    dataset = loading.load([DATA])
    pairs = [(e.digest(digest.BRIEF), e.record) for e in dataset.records]
    people = (bundled / "people.html").read_text("utf-8")
    rows = re.findall(
        r'<tr><th scope="row">(.*?)</th><td><a href="battles/([a-z0-9-]+)\.html">', people
    )
    expected = people_q.people(iter(pairs)).rows
    assert rows == [(pages.esc(a.name), a.battle.key) for a in expected]
    assert "Dragutin Keserović" in people and "killed in action" in people
    sources = (bundled / "sources.html").read_text("utf-8")
    used = sources_q.sources(iter(pairs)).rows
    assert sources.count('<tr><th scope="row">') == len(used)
    for source in used:
        url = pages.link_url(source.url)
        if url:
            assert f'<a href="{pages.esc(url)}" rel="noopener noreferrer">' in sources
        for brief in source.records:
            assert f'<a href="battles/{brief.key}.html">' in sources
    # paged where they are long
    monkeypatch.setattr(site, "LIST_PAGE", 10)
    root = _build([DATA], tmp_path / "site")
    assert (root / "people-2.html").is_file() and (root / "sources-2.html").is_file()
    assert _check_links(root) > 100


def test_the_about_page(bundled: Path, hostile: Path) -> None:
    about = (bundled / "about.html").read_text("utf-8")
    for words in (
        "Where the data comes from",
        "Licence",
        "How to cite",
        "MIT licence",
        "17 records bundled",
    ):
        assert words in about, words
    other = (hostile / "about.html").read_text("utf-8")
    assert "<code>site</code>" in other and "<code>views</code>" in other
    assert "does not state one" in other and str(HOSTILE) not in other


def test_a_large_dataset_is_paged(tmp_path: Path, monkeypatch) -> None:
    from bench.generate import generate

    generate(tmp_path / "gen", 30, seed=3)
    monkeypatch.setattr(site, "TIMELINE_PAGE", 12)
    monkeypatch.setattr(site, "COMPARE_PAGE", 10)
    monkeypatch.setattr(site, "INDEX_PAGE", 7)
    root = _build([tmp_path / "gen"], tmp_path / "site")
    assert sorted(p.name for p in root.glob("timeline*.html")) == [
        "timeline-2.html",
        "timeline-3.html",
        "timeline.html",
    ]
    assert len(list(root.glob("compare-strength*.html"))) == 3
    index = Page((root / "index.html").read_text("utf-8"))
    assert len(json.loads(index.scripts[0])) == 30
    assert sum(1 for tag, _ in index.elements if tag == "tr") == 1 + 7  # the first page
    bars = sum(
        (root / name).read_text("utf-8").count('<a href="battles/')
        for name in ("timeline.html", "timeline-2.html", "timeline-3.html")
    )
    assert bars == 30
    assert '<a href="timeline-3.html">3</a>' in (root / "timeline.html").read_text("utf-8")
    assert _check_links(root) > 60
    for path in _pages(root):
        assert html5_problems(path.read_text("utf-8")) == [], path


# -- speed and progress ------------------------------------------------------------------------


def test_the_bundled_data_builds_well_under_a_second(tmp_path: Path) -> None:
    dataset = loading.load([DATA])
    dataset.digests(digest.BRIEF)
    out = tmp_path / "site"
    out.mkdir()
    start = time.perf_counter()
    site.build(dataset, out)
    assert time.perf_counter() - start < 1.0


class _Terminal:
    """A stand-in for stderr that says it is a terminal."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        raise OSError

    encoding = "utf-8"


def test_a_progress_bar_only_in_a_terminal(tmp_path: Path, monkeypatch, capsys) -> None:
    dataset = loading.load([VIEWS])
    (tmp_path / "a").mkdir()
    site.build(dataset, tmp_path / "a")
    assert capsys.readouterr().err == ""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("NO_COLOR", raising=False)
    (tmp_path / "b").mkdir()
    site.build(dataset, tmp_path / "b")
    assert "Building the site" in "".join(terminal.parts)
    steps: list[int] = []
    (tmp_path / "c").mkdir()
    site.build(dataset, tmp_path / "c", progress=steps.append)
    # the records twice (their pages, then their sources), the index, the timeline, two
    # comparisons, people, sources and about
    assert sum(steps) == 2 * 2 + 1 + 1 + 2 + 3


# -- in a real browser -------------------------------------------------------------------------


def _chromium_missing() -> str | None:
    if not CHROMIUM.exists():
        return (
            f"{CHROMIUM} is not installed (Debian's chromium package; .ci/run installs it "
            "where it can)"
        )
    return None


def _chromium(url: str, tmp_path: Path, *extra: str) -> tuple[str, str, set[str]]:
    """Load ``url`` headless; its stdout, the console lines it logged, and the addresses of
    the requests the page made beyond file://."""
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    netlog = profile.with_suffix(".netlog.json")
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--log-net-log={netlog}",
        *extra,
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return done.stdout, "\n".join(console), _page_requests(netlog)


def _page_requests(netlog: Path) -> set[str]:
    """The addresses a page asked for (the browser's own housekeeping left out: its
    requests carry no page's network isolation key)."""
    log = json.loads(netlog.read_text("utf-8"))
    names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    found = set()
    for event in log["events"]:
        params = event.get("params", {})
        if (
            names.get(event["type"]) == "URL_REQUEST_START_JOB"
            and "file://" in str(params.get("network_isolation_key", ""))
            and not params["url"].startswith("file:")
        ):
            found.add(params["url"])
    return found


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def browser_site(bundled: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    reason = _chromium_missing()
    if reason:
        pytest.skip(reason)
    return bundled


def test_the_browser_check_can_fail(browser_site: Path, tmp_path: Path) -> None:
    """The checks below see a console message and a request beyond the folder."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>'
        '<body><img src="https://fonts.example.invalid/x.png" alt="">'
        "<script>console.error('boom')</script></body></html>",
        "utf-8",
    )
    _, console, requests = _chromium(page.as_uri(), tmp_path, "--dump-dom")
    assert "boom" in console
    assert requests == {"https://fonts.example.invalid/x.png"}


def test_the_index_in_a_browser(browser_site: Path, tmp_path: Path) -> None:
    index = browser_site / "index.html"
    dom, console, requests = _chromium(index.as_uri(), tmp_path, "--dump-dom")
    assert console == "" and requests == set()
    assert 'data-ready="index"' in dom  # the script ran
    assert "Showing 1–17 of 17" in dom
    assert dom.count('<a href="battles/') == 17
    # filtered and sorted from the address: the two Kraljevo records, most losses first
    dom, console, requests = _chromium(
        index.as_uri() + "#q=kraljevo&sort=7&dir=-1", tmp_path, "--dump-dom"
    )
    assert console == "" and requests == set()
    assert "Showing 1–2 of 2 (of 17)" in dom
    rows = re.findall(r'<a href="battles/([a-z-]+)\.html">', dom)
    assert rows == ["siege-of-kraljevo", "kraljevo-massacre"]
    shot = tmp_path / "index.png"
    _, console, requests = _chromium(
        index.as_uri(), tmp_path, f"--screenshot={shot}", "--window-size=1200,900"
    )
    assert console == "" and requests == set()
    assert _png_size(shot) == (1200, 900)


def test_a_battle_page_in_a_browser(browser_site: Path, tmp_path: Path) -> None:
    url = (browser_site / "battles" / "attack-on-krusevac.html").as_uri()
    dom, console, requests = _chromium(url, tmp_path, "--dump-dom")
    assert console == "" and requests == set()
    assert "<h1>Attack on Kruševac</h1>" in dom and 'id="source-4"' in dom
    shot = tmp_path / "battle.png"
    _, console, requests = _chromium(
        url, tmp_path, f"--screenshot={shot}", "--window-size=1200,900"
    )
    assert console == "" and requests == set()
    assert _png_size(shot) == (1200, 900)
    if os.environ.get("BATTLES_UPDATE_SCREENSHOT") == "1":  # the README's picture
        small = tmp_path / "readme.png"
        _chromium(
            (browser_site / "index.html").as_uri(),
            tmp_path,
            f"--screenshot={small}",
            "--window-size=1200,760",
        )
        shutil.copy(small, ROOT / "docs" / "site-index.png")


def test_an_imported_site_in_a_browser(browser_site: Path, imported: Path, tmp_path: Path) -> None:
    """The index and a battle page of imported records (format 2): the script runs, nothing
    is logged, nothing is fetched."""
    count = len(list((imported / "battles").iterdir()))
    dom, console, requests = _chromium((imported / "index.html").as_uri(), tmp_path, "--dump-dom")
    assert console == "" and requests == set()
    assert 'data-ready="index"' in dom and f"of {count}" in dom
    url = (imported / "battles" / "nieuport-1600.html").as_uri()
    dom, console, requests = _chromium(url, tmp_path, "--dump-dom")
    assert console == "" and requests == set()
    assert '<h2 id="conditions">Conditions</h2>' in dom and '<th scope="row">Role</th>' in dom


def test_the_readme_shows_the_site() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "battles export site/ --format site" in readme
    assert "![" in readme and "docs/site-index.png" in readme
    assert _png_size(ROOT / "docs" / "site-index.png")[0] >= 600


def test_no_progress_bar_with_quiet(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """On a terminal the site's build draws a bar; with --quiet it draws none."""
    import io

    from battles import loading
    from battles.site import write_site

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    dataset = loading.load([DATA])
    drawn = Terminal()
    monkeypatch.setattr("sys.stderr", drawn)
    write_site(dataset, tmp_path / "loud", force=False)
    assert "Building the site" in drawn.getvalue()
    silent = Terminal()
    monkeypatch.setattr("sys.stderr", silent)
    write_site(dataset, tmp_path / "quiet", force=False, quiet=True)
    assert silent.getvalue() == ""
