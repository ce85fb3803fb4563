"""The site's style sheet and its one script, written by the tool: no library, no font, no
request leaves the page. The script builds the index's rows from the data embedded in the
page with DOM methods (``textContent``), never from HTML text."""

from __future__ import annotations

CSS = """\
:root {
  color-scheme: light dark;
  --bg: #fdfdfb; --fg: #1d1d1f; --muted: #5d5d66; --line: #d8d8de; --head: #f0f0f3;
  --link: #0b57b0; --focus: #c24e00; --solid: #2f6fb3; --light: #a9c6e6; --unknown: #8a8a96;
  --warn: #8a5a00; --row: #f6f6f9;
  --k-battle: #2f6fb3; --k-siege: #8a4fb3; --k-attack: #c2571a; --k-operation: #2c8a57;
  --k-uprising: #b3304f; --k-massacre: #6b6b6b;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #141417; --fg: #e9e9ee; --muted: #a6a6b3; --line: #3a3a44; --head: #22222a;
    --link: #8cc0ff; --focus: #ffae5c; --solid: #6fa8e8; --light: #34506f; --unknown: #8a8a96;
    --warn: #f0c060; --row: #1b1b21;
    --k-battle: #6fa8e8; --k-siege: #b98ce0; --k-attack: #f08a50; --k-operation: #5cc48a;
    --k-uprising: #ea6f8c; --k-massacre: #a0a0a8;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible,
svg a:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
svg a:focus-visible rect { stroke: var(--focus); stroke-width: 3; }
.skip { position: absolute; left: -9999px; top: 0; background: var(--bg); padding: .5em; }
.skip:focus { left: .5em; }
header.site { border-bottom: 1px solid var(--line); background: var(--head); }
header.site nav { max-width: 84rem; margin: 0 auto; padding: .5rem 1rem; display: flex;
  flex-wrap: wrap; gap: .25rem 1.25rem; align-items: baseline; }
header.site .brand { font-weight: 700; margin-right: auto; }
header.site a[aria-current] { font-weight: 700; text-decoration: none; color: var(--fg); }
main { max-width: 84rem; margin: 0 auto; padding: 1rem; }
footer { max-width: 84rem; margin: 2rem auto 1rem; padding: 0 1rem; color: var(--muted);
  font-size: .875rem; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem;
  margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-bottom: .25rem; }
.muted, .legend, .ns { color: var(--muted); }
.legend { font-size: .875rem; }
.computed { color: var(--muted); }
.cite { font-size: .75em; white-space: nowrap; }
.cite a { text-decoration: none; }
.scope, .disputed, .also { color: var(--warn); }
.quote, .note { color: var(--muted); }
.note { font-style: italic; }
.fate { color: #b3261e; }
@media (prefers-color-scheme: dark) { .fate { color: #ff8a80; } }
dl.head { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dl.head dt { font-weight: 700; }
dl.head dd { margin: 0; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
  border-bottom: 1px solid var(--line); }
thead th { background: var(--head); position: sticky; top: 0; }
td.num, th.num { text-align: right; }
th.num { white-space: nowrap; }
table.records td, table.records th[scope="row"] { font-size: .9rem; padding: .3rem .4rem; }
table.records td:nth-child(3) { min-width: 7.5rem; }
table.records td:nth-child(6) { min-width: 12rem; }
table.records tbody tr:nth-child(even) { background: var(--row); }
th button { font: inherit; font-weight: 700; color: inherit; background: none; border: 0;
  padding: 0; cursor: pointer; text-align: inherit; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: end; margin: .5rem 0; }
.controls label { display: flex; flex-direction: column; font-size: .875rem; }
.controls input, .controls select, .pager button { font: inherit; padding: .3rem .5rem;
  color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; }
.controls input { min-width: 16rem; }
.pager { display: flex; gap: 1rem; align-items: center; margin: .75rem 0; flex-wrap: wrap; }
.pager button[disabled] { opacity: .5; cursor: default; }
table.sides th[scope="row"] { white-space: nowrap; }
table.sides td { min-width: 14rem; }
ul.plain, ul.tree { list-style: none; padding-left: 0; margin: 0; }
ul.tree ul { list-style: none; padding-left: 1.1rem; margin: 0;
  border-left: 1px dotted var(--line); }
ul.leaders ul { padding-left: 1.1rem; }
.i1 { padding-left: 1rem; } .i2 { padding-left: 2rem; } .i3 { padding-left: 3rem; }
.i4 { padding-left: 4rem; } .i5 { padding-left: 5rem; }
table.events th { font-weight: 600; white-space: nowrap; width: 1%; }
table.events .context { color: var(--muted); }
ol.sources li { margin-bottom: .35rem; overflow-wrap: anywhere; }
table.list th[scope="row"] { overflow-wrap: anywhere; min-width: 14rem; max-width: 32rem; }
table.list th[scope="row"] div { font-weight: normal; }
table.list td { min-width: 7rem; }
ol.sources li:target, li:target { background: var(--head); }
.pages a[aria-current] { font-weight: 700; }
svg.chart { width: 100%; height: auto; min-width: 44rem; display: block; }
svg text { fill: var(--fg); font: 12px system-ui, sans-serif; }
svg .axis { stroke: var(--line); }
svg .axis-label { fill: var(--muted); }
svg a text { fill: var(--link); }
svg .bar { fill: var(--solid); }
svg .k-battle { fill: var(--k-battle); } svg .k-siege { fill: var(--k-siege); }
svg .k-attack { fill: var(--k-attack); } svg .k-operation { fill: var(--k-operation); }
svg .k-uprising { fill: var(--k-uprising); } svg .k-massacre { fill: var(--k-massacre); }
svg .open { opacity: .45; }
svg.range { width: 10rem; height: 14px; display: block; }
svg.range .solid { fill: var(--solid); }
svg.range .light { fill: var(--light); }
svg.range .unknown { fill: var(--unknown); }
table.compare tr.group th { background: var(--head); }
table.compare td.bar { width: 11rem; }
table.compare td.other { min-width: 11rem; font-size: .875rem; }
table.compare th[scope="row"] { min-width: 9rem; }
.kinds { display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .875rem; }
.kinds span::before { content: ""; display: inline-block; width: .8em; height: .8em;
  margin-right: .3em; vertical-align: -.05em; background: var(--c); }
.kinds .k-battle { --c: var(--k-battle); } .kinds .k-siege { --c: var(--k-siege); }
.kinds .k-attack { --c: var(--k-attack); } .kinds .k-operation { --c: var(--k-operation); }
.kinds .k-uprising { --c: var(--k-uprising); } .kinds .k-massacre { --c: var(--k-massacre); }
pre { white-space: pre-wrap; background: var(--head); padding: .75rem; border-radius: 4px; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  main { padding: .75rem; }
  dl.head { grid-template-columns: 1fr; }
  dl.head dd { margin-bottom: .5rem; }
  .controls input { min-width: 0; width: 100%; }
  .controls label { flex: 1 1 100%; }
}
"""

# The index: rows are [id, name, kind, date key, dates, place, sides, result, strength,
# strength key, losses, losses key, civilians, civilians key, folded text to filter on].
JS = """\
(function () {
  "use strict";
  var holder = document.getElementById("records-data");
  var table = document.getElementById("records");
  if (!holder || !table) { return; }
  var rows = JSON.parse(holder.textContent);
  var PAGE = 100;
  var COLUMNS = [
    {field: 1, key: 1}, {field: 2, key: 2}, {field: 4, key: 3}, {field: 5, key: 5},
    {field: 6, key: 6}, {field: 7, key: 7}, {field: 8, key: 9, num: true},
    {field: 10, key: 11, num: true}, {field: 12, key: 13, num: true}
  ];
  var state = {sort: 2, dir: 1, page: 0, text: "", kind: ""};
  var shown = rows.slice();
  var body = table.tBodies[0];
  var status = document.getElementById("status");
  var prev = document.getElementById("prev");
  var next = document.getElementById("next");
  var pageLabel = document.getElementById("page-label");
  var filter = document.getElementById("filter");
  var kind = document.getElementById("kind");
  var heads = table.tHead.rows[0].cells;

  function fold(text) {
    // as battles.text.normalise folds names
    return text.toLowerCase().normalize("NFKD").replace(/[\\u0300-\\u036f]/g, "")
      .replace(/\\u0111/g, "dj").replace(/\\u0142/g, "l").replace(/\\u00f8/g, "o")
      .replace(/[\\s_\\-\\u2013\\u2014]+/g, " ").trim();
  }
  function compare(a, b) {
    var column = COLUMNS[state.sort], k = column.key;
    var x = a[k], y = b[k];
    if (x === null && y === null) { return a[3] - b[3]; }
    if (x === null) { return 1; }
    if (y === null) { return -1; }
    var d = column.num || k === 3 ? x - y : String(x).localeCompare(String(y));
    if (d === 0) { d = a[3] - b[3]; }
    return d * state.dir;
  }
  function apply() {
    var words = fold(state.text).split(" ").filter(Boolean);
    shown = rows.filter(function (r) {
      if (state.kind && r[2] !== state.kind) { return false; }
      for (var i = 0; i < words.length; i++) {
        if (r[14].indexOf(words[i]) < 0) { return false; }
      }
      return true;
    });
    shown.sort(compare);
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    if (state.page >= pages) { state.page = pages - 1; }
    draw(pages);
  }
  function cell(tr, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) { td.className = cls; }
    tr.appendChild(td);
    return td;
  }
  function draw(pages) {
    var start = state.page * PAGE;
    var part = shown.slice(start, start + PAGE);
    var fragment = document.createDocumentFragment();
    part.forEach(function (r) {
      var tr = document.createElement("tr");
      var name = document.createElement("th");
      name.scope = "row";
      var a = document.createElement("a");
      a.href = "battles/" + encodeURIComponent(r[0]) + ".html";
      a.textContent = r[1];
      name.appendChild(a);
      tr.appendChild(name);
      cell(tr, r[2]); cell(tr, r[4]); cell(tr, r[5]); cell(tr, r[6]); cell(tr, r[7]);
      cell(tr, r[8], "num"); cell(tr, r[10], "num"); cell(tr, r[12], "num");
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
    var last = Math.min(start + PAGE, shown.length);
    status.textContent = shown.length
      ? "Showing " + (start + 1).toLocaleString("en") + "\\u2013" + last.toLocaleString("en") +
        " of " + shown.length.toLocaleString("en") +
        (shown.length < rows.length ? " (of " + rows.length.toLocaleString("en") + ")" : "")
      : "No record matches.";
    pageLabel.textContent = "Page " + (state.page + 1) + " of " + pages;
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    for (var i = 0; i < heads.length; i++) {
      heads[i].setAttribute("aria-sort", i === state.sort
        ? (state.dir > 0 ? "ascending" : "descending") : "none");
    }
  }
  Array.prototype.forEach.call(heads, function (th, i) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      if (state.sort === i) { state.dir = -state.dir; }
      else { state.sort = i; state.dir = COLUMNS[i].num ? -1 : 1; }
      state.page = 0;
      apply();
    });
  });
  var timer = null;
  filter.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.text = filter.value; state.page = 0; apply(); }, 120);
  });
  kind.addEventListener("change", function () {
    state.kind = kind.value; state.page = 0; apply();
  });
  prev.addEventListener("click", function () { state.page -= 1; apply(); });
  next.addEventListener("click", function () { state.page += 1; apply(); });
  // A view can be linked: index.html#q=kraljevo&kind=siege&sort=7&dir=-1
  function fromHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    var sort = parseInt(params.get("sort") || "", 10);
    if (sort >= 0 && sort < COLUMNS.length) { state.sort = sort; }
    state.dir = params.get("dir") === "-1" ? -1 : 1;
    state.text = params.get("q") || "";
    state.kind = params.get("kind") || "";
    filter.value = state.text;
    kind.value = state.kind;
    state.page = 0;
  }
  window.addEventListener("hashchange", function () { fromHash(); apply(); });
  fromHash();
  document.getElementById("controls").hidden = false;
  document.getElementById("pager").hidden = false;
  apply();
  document.documentElement.setAttribute("data-ready", "index");
})();
"""
