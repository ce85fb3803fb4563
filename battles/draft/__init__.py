"""Drafting records from an article's infobox, and the skeleton of a new record.

The infobox comes as ``- Param: value`` lines (the seed articles' form) or as raw wikitext
(``{{Infobox military conflict | conflict = ... }}`` and its aliases), from a file or straight
from Wikipedia (:mod:`battles.draft.wikipedia`). Every value is read into the record format;
whatever could not be read with full confidence carries a ``# CHECK:`` comment quoting the
source's words, and ``battles validate`` warns about every such comment.

The modules: :mod:`.infobox` finds the box and reads its cells, :mod:`.names` reads names,
:mod:`.counts` figures, :mod:`.when` dates; :mod:`.batch` drafts many inputs at once.
"""

from __future__ import annotations

import json
import re
from typing import Any

from battles.draft.counts import Check, Losses, casualties, quote, strength
from battles.draft.infobox import Infobox, read_article
from battles.draft.names import FOOTNOTE, belligerents, cell_items, commanders, flat_items
from battles.draft.when import read_date, years_in
from battles.errors import BattlesError, DateError

__all__ = ["CHECK", "Check", "draft", "read_article", "skeleton", "to_yaml_text"]

CHECK = "# CHECK:"


class NoInfobox(BattlesError):
    """The article holds no infobox to draft from: bad input data (exit 1), not a usage
    error (the command line itself was right)."""


def draft(
    text: str,
    source_file: str | None = None,
    *,
    url: str | None = None,
    revision: str | None = None,
    title: str | None = None,
) -> tuple[dict[str, Any], str]:
    """A record (as data with Check values) and its id, from an article's text. ``url``,
    ``revision`` and ``title`` describe the article when it was fetched."""
    box = _infobox(text, url, title)
    name = _name(box)
    plain_name = name.value if isinstance(name, Check) else name
    record: dict[str, Any] = {"schema_version": 1, "name": name}
    record.update(_naming(box, plain_name))
    record.update(_dates(box, plain_name))
    if not _version_1_dates(record):
        record["schema_version"] = 2  # BC, c., a season...: the forms of version 2
    record.update(_outcome(box))
    record.update(_forces(box))
    record["sources"] = [_article_source(box, plain_name, source_file, revision)]
    return record, _draft_id(plain_name)


def _infobox(text: str, url: str | None, title: str | None) -> Infobox:
    """The article's infobox, with the address and title it was fetched under."""
    box = read_article(text)
    if url:
        box.url = url
    if title:
        box.title = title
    if not box.params:
        raise NoInfobox(
            "no infobox found: expected '- Conflict: ...' lines or "
            "{{Infobox military conflict | ... }} (or one of its aliases)"
        )
    return box


def _naming(box: Infobox, name: str) -> dict[str, Any]:
    """What names the record besides its name: the aliases, the kind, the war it is part of."""
    out: dict[str, Any] = {}
    aliases = []
    for variant in (box.title, _ascii(name)):
        if variant and variant != name and variant not in aliases:
            aliases.append(variant)
    if aliases:
        out["aliases"] = [Check(a, "an alias: keep it if people type it") for a in aliases]
    out["kind"] = Check(_guess_kind(name), "the kind is read from the name")
    partof = box.text("partof")
    if partof:
        out["part_of"] = [re.sub(r"^the\s+", "", FOOTNOTE.sub("", partof), flags=re.IGNORECASE)]
    return out


def _outcome(box: Infobox) -> dict[str, Any]:
    """Where it was fought, how it ended and the article's summary."""
    out: dict[str, Any] = {"place": _place(box)}
    result = FOOTNOTE.sub("", box.text("result")).strip(" ,")
    if result:
        out["result"] = {"text": result, "source": "article"}
    if box.summary:
        out["summary"] = Check(box.summary, "the article's words: rewrite in your own")
    return out


def _forces(box: Infobox) -> dict[str, Any]:
    """The sides, and the civilians' losses when the box gives them."""
    sides, civilians = _sides(box)
    out: dict[str, Any] = {"sides": sides}
    if civilians:
        out["civilians"] = {**civilians, "source": "article"}
    return out


def _article_source(
    box: Infobox, name: str, source_file: str | None, revision: str | None
) -> dict[str, Any]:
    """The article as the record's one source: its address, else the file it was read from."""
    source: dict[str, Any] = {"id": "article", "title": box.title or name}
    if box.url:
        source["url"] = box.url
    elif source_file:
        source["file"] = source_file
    if revision is not None:
        source["note"] = revision
    return source


def _draft_id(name: str) -> str:
    """The record's id, from its name (its Cyrillic in Latin letters when that is all)."""
    from battles.text import slug

    return slug(name) or slug(_latin(name)) or "draft"


def _name(box: Infobox) -> Any:
    for key in ("conflict", "name", "battle"):
        text = " ".join(FOOTNOTE.sub("", box.text(key)).split()).strip(" ,")
        if text:
            return text
    if box.title:
        return Check(box.title, "the infobox gives no name: this is the page's title")
    return Check("UNKNOWN NAME", "the infobox gives no name")


def _version_1_dates(record: dict[str, Any]) -> bool:
    """Whether every date of the draft is a form of schema version 1."""
    from battles.dates import parse_date

    def plain(value: Any) -> bool:
        value = value.value if isinstance(value, Check) else value
        try:
            return value is None or parse_date(value).plain
        except DateError:
            return True  # validate says what is wrong with it

    estimates = record.get("date_estimates", [])
    estimates = [e.value if isinstance(e, Check) else e for e in estimates]
    return all(plain(record.get(key)) for key in ("start", "end")) and all(
        plain(e.get("start")) and plain(e.get("end")) for e in estimates
    )


def _dates(box: Infobox, name: str) -> dict[str, Any]:
    text = FOOTNOTE.sub("", box.text("date")).strip(" ,")
    out: dict[str, Any] = {}
    if not text:
        years = years_in(name) or years_in(box.title or "") or years_in(box.summary or "")
        guess = f"{years[0]:04d}" if years else "0001"
        why = (
            f"the infobox gives no date: {guess} is a year from the name or the text"
            if years
            else "the infobox gives no date: fill it in (0001 only holds the place)"
        )
        out["start"] = Check(guess, why)
        return out
    try:
        reading = read_date(text)
    except DateError:
        years = years_in(text)
        out["start"] = Check(
            f"{years[0]:04d}" if years else "0001", f"could not read the date {quote(text)}"
        )
        out["date_text"] = text
        return out
    assert reading.start is not None
    doubts = "; ".join(reading.doubts)
    out["start"] = (
        Check(reading.start.iso(), f"{doubts}: {quote(text)}") if doubts else reading.start.iso()
    )
    if reading.end is not None and reading.end != reading.start:
        out["end"] = reading.end.iso()
    out["date_text"] = text
    out["date_source"] = "article"
    if reading.alternative is not None:
        alt_start, alt_end = reading.alternative
        estimate: dict[str, Any] = {"start": alt_start.iso()}
        if alt_end is not None:
            estimate["end"] = alt_end.iso()
        estimate["text"] = reading.alternative_text
        estimate["source"] = "article"
        out["date_estimates"] = [Check(estimate, f"the box's alternative dating: {quote(text)}")]
    return out


def _sides(box: Infobox) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    p = box.params
    sides: list[dict[str, Any]] = []
    cells: list[tuple[str, dict[str, Any]]] = []  # civilian losses, by the cell they are in
    for n in (1, 2, 3, 4):
        keys = [
            k
            for k in ("combatant", "commander", "units", "strength", "casualties")
            if p.get(f"{k}{n}")
        ]
        later = [f"combatant{n}{x}" for x in "abcd" if p.get(f"combatant{n}{x}")]
        keys += ["combatant"] if later else []
        if not keys:
            continue
        if n >= 3 and keys == ["casualties"]:
            losses = casualties(box.text(f"casualties{n}"), civilians_cell=True)
            own: dict[str, Any] = {**losses.civilians, **losses.side}
            _loss_notes(own, losses)
            cells.append((f"casualties{n}", own))
            continue
        side: dict[str, Any] = {"id": f"side-{n}"}
        names = [name for key in (f"combatant{n}", *later) for name in belligerents(p.get(key))]
        side["name"] = Check(names[0] if names else f"Side {n}", "name the side")
        if names:
            side["belligerents"] = names
        unread = [u for k in (f"combatant{n}", f"commander{n}") if p.get(k) for u in p[k].unread]
        if unread:
            side["note"] = Check(
                "markup not read: " + "; ".join(unread), "read these in the article"
            )
        found = commanders(p.get(f"commander{n}"))
        if found:
            side["commanders"] = _commander_tree(found)
        if p.get(f"units{n}"):
            side["units"] = _units(box, f"units{n}")
        if p.get(f"strength{n}"):
            value, equipment = strength(box.text(f"strength{n}"))
            if value is not None:
                side["strength"] = value
            if equipment:
                words = "; ".join(equipment)
                if value is None:
                    side["equipment"] = Check(
                        f"Strength in the box: {words}",
                        "strength: no figure for men found; ships, guns and the like are not men",
                    )
                else:
                    side["equipment"] = f"Strength in the box also: {words}"
        if p.get(f"casualties{n}"):
            losses = casualties(box.text(f"casualties{n}"))
            if losses.side or losses.notes or losses.equipment:
                block = dict(losses.side)
                _loss_notes(block, losses)
                if not losses.side:
                    block = {"note": block.get("note", box.text(f"casualties{n}"))}
                    side["casualties"] = Check(
                        block, f"no figure read: {quote(box.text(f'casualties{n}'))}"
                    )
                else:
                    side["casualties"] = block
            cells.append((f"casualties{n}", losses.civilians))
        side["source"] = "article"
        _note_equipment(side)
        sides.append(side)
    n = 1
    while len(sides) < 2:
        if all(side["id"] != f"side-{n}" for side in sides):
            name = Check(f"Side {n}", "the infobox names no such side")
            sides.append({"id": f"side-{n}", "name": name})
        n += 1
    sides.sort(key=lambda side: int(side["id"].removeprefix("side-")))
    return sides, _merge(cells)


def _note_equipment(side: dict[str, Any]) -> None:
    """Equipment is kept in the side's note: the record format has no field for it."""
    equipment = side.pop("equipment", None)
    if equipment is None:
        return
    note = side.get("note")
    if note is None:
        side["note"] = equipment
    else:
        shown = note.value if isinstance(note, Check) else note
        extra = equipment.value if isinstance(equipment, Check) else equipment
        reason = "; ".join(x.reason for x in (note, equipment) if isinstance(x, Check))
        side["note"] = Check(f"{shown}. {extra}", reason) if reason else f"{shown}. {extra}"


def _merge(cells: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Civilian losses from several cells (a side's and the box's own line): one kind given in
    two cells is summed as parts, never the last one read."""
    merged: dict[str, Any] = {}
    found: dict[str, list[tuple[str, Any]]] = {}
    for cell, losses in cells:
        for kind, value in losses.items():
            found.setdefault(kind, []).append((cell, value))
    for kind, values in found.items():
        if kind == "other":
            merged[kind] = [item for _, items in values for item in items]
        elif kind == "note":
            text = ". ".join(str(_plain(v)) for _, v in values)
            merged[kind] = Check(text, "words the tool did not read as figures")
        elif len(values) == 1:
            merged[kind] = values[0][1]
        else:
            parts = [{"label": cell, "value": _short_form(v)} for cell, v in values]
            cells_named = ", ".join(cell for cell, _ in values)
            merged[kind] = Check({"parts": parts}, f"{kind} given in {cells_named}: summed")
    return merged


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Check) else value


def _short_form(value: Any) -> Any:
    """A figure's value alone (the parts keep no wording or estimates of their own)."""
    value = _plain(value)
    if isinstance(value, dict):
        if "value" in value:
            return value["value"]
        from battles.draft.counts import Amount
        from battles.figures import parse_figure
        from battles.tally import add

        if "parts" in value:
            total = add(parse_figure(part["value"]) for part in value["parts"])
            if total is None:
                return "unknown"
            return Amount(total.low, total.high, total.approx, total.strict).short()
        return "unknown"
    return value


def _loss_notes(block: dict[str, Any], losses: Losses) -> None:
    notes = []
    if losses.equipment:
        notes.append("equipment lost: " + "; ".join(losses.equipment))
    if losses.notes:
        notes.append("also in the box: " + "; ".join(losses.notes))
    if notes:
        text = ". ".join(notes)
        if losses.notes:
            block["note"] = Check(text, "words the tool did not read as figures")
        else:
            block["note"] = text


def _commander_tree(found: list[Any]) -> list[Any]:
    tree: list[dict[str, Any]] = []
    stack: list[tuple[int, dict[str, Any]]] = []
    for commander in found:
        entry: Any = commander.as_data()
        if commander.mark and commander.mark.strip("()[] ").upper() not in (
            "KIA",
            "DOW",
            "POW",
            "WIA",
            "MIA",
        ):
            entry["fate"] = Check(commander.fate, f"read from {quote(commander.mark)}")
        while stack and stack[-1][0] >= commander.depth:
            stack.pop()
        if stack:
            stack[-1][1].setdefault("subordinates", []).append(entry)
        else:
            tree.append(entry)
        stack.append((commander.depth, entry))
    return tree


def _units(box: Infobox, key: str) -> list[Any]:
    tree: list[dict[str, Any]] = []
    stack: list[tuple[int, dict[str, Any]]] = []
    for name, depth in cell_items(box.params.get(key), people=False):
        unit: dict[str, Any] = {"name": name}
        if re.search(r"\s(of|the|and)$", name):
            unit = {
                "name": re.sub(r"\s(of|the|and)$", "", name),
                "note": Check(name, "the name ends oddly; something may be missing"),
            }
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            stack[-1][1].setdefault("units", []).append(unit)
        else:
            tree.append(unit)
        stack.append((depth, unit))
    return tree


_CYRILLIC = dict(
    zip(
        "абвгдђежзијклљмнњопрстћуфхцчџшыэюяёйщъь",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "dj",
            "e",
            "ž",
            "z",
            "i",
            "j",
            "k",
            "l",
            "lj",
            "m",
            "n",
            "nj",
            "o",
            "p",
            "r",
            "s",
            "t",
            "ć",
            "u",
            "f",
            "h",
            "c",
            "č",
            "dž",
            "š",
            "y",
            "e",
            "ju",
            "ja",
            "jo",
            "j",
            "šč",
            "",
            "",
        ],
        strict=True,
    )
)


def _latin(text: str) -> str:
    """Cyrillic written in Latin letters (Serbian style), for a file name and an id."""
    return "".join(_CYRILLIC.get(c, c) for c in text.lower())


def _ascii(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "dj").replace("Đ", "Dj"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_KINDS = (
    ("siege", r"\bsiege\b|\bblockade\b"),
    ("massacre", r"\bmassacre\b|\bpogrom\b"),
    ("uprising", r"\b(?:uprising|revolt|rebellion|insurrection|rising)\b"),
    ("attack", r"\b(?:attack|raid|assault|storming|ambush|bombing|capture)\b"),
    ("operation", r"\b(?:operation|offensive|campaign|invasion|landings?)\b"),
)


def _guess_kind(name: str) -> str:
    for kind, words in _KINDS:
        if re.search(words, name, re.IGNORECASE):
            return kind
    return "battle"


def _place(box: Infobox) -> dict[str, Any]:
    raw = FOOTNOTE.sub("", box.text("place") or box.text("location"))
    country = re.search(
        r"\(?\b(?:in\s+)?(?:modern-day|present-day|modern|now|today)\s+([^)]+)\)?\s*$", raw
    )
    if country:
        raw = raw[: country.start()].strip(" ,")
    items = [name for name, _ in flat_items(raw)]
    if not items:
        place: dict[str, Any] = {"name": Check("PLACE", "the infobox gives no place")}
    else:
        place = {"name": items[0]}
        territory = ", ".join(items[1:])
        if territory:
            place["territory"] = territory
        if country:
            place["country"] = country.group(1).strip(" ,")
    coordinates = _coordinates(box)
    if coordinates is not None:
        place["coordinates"] = {"lat": coordinates[0], "lon": coordinates[1]}
    place["source"] = "article"
    return place


def _coordinates(box: Infobox) -> tuple[float, float] | None:
    for key in ("coordinates", "place", "location"):
        cell = box.params.get(key)
        if cell and cell.coordinates is not None:
            return cell.coordinates
    text = box.text("coordinates")
    match = re.search(r"(-?\d{1,2}(?:\.\d+)?)\s*;\s*(-?\d{1,3}(?:\.\d+)?)", text)
    if match:
        lat, lon = float(match.group(1)), float(match.group(2))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return lat, lon
    return None


# -- writing YAML with comments --------------------------------------------------------------


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if (
        re.fullmatch(r"[A-Za-z][\w .,'()–—-]*", text)
        and text.lower() not in ("yes", "no", "on", "off", "true", "false", "null", "y", "n")
        and ": " not in text
        and not text.endswith(":")
    ):
        return text
    dumped = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


_UNPRINTABLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
)


def _comment(reason: str) -> str:
    """A CHECK's reason on one line, with nothing YAML cannot hold."""
    return _UNPRINTABLE.sub("?", " ".join(reason.split()))


def to_yaml_text(data: Any, indent: int = 0) -> str:
    """YAML for a draft: block style, with ``# CHECK:`` after every value to look at."""
    lines: list[str] = []
    _emit(data, indent, lines)
    return "\n".join(lines) + "\n"


def _emit(data: Any, indent: int, lines: list[str], prefix: str = "") -> None:
    pad = " " * indent
    if isinstance(data, dict):
        first = True
        for key, value in data.items():
            lead = prefix if (first and prefix) else pad
            first = False
            _emit_pair(f"{lead}{key}:", value, indent, lines)
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, dict):
                _emit(item, indent + 2, lines, prefix=pad + "- ")
            else:
                _emit_pair(pad + "-", item, indent, lines)


def _emit_pair(head: str, value: Any, indent: int, lines: list[str]) -> None:
    if isinstance(value, Check):
        shown = value.value
        if isinstance(shown, (dict, list)):
            lines.append(f"{head}  {CHECK} {_comment(value.reason)}")
            _emit(shown, indent + 2, lines)
        else:
            lines.append(f"{head} {_scalar(shown)}  {CHECK} {_comment(value.reason)}")
    elif isinstance(value, dict):
        lines.append(head)
        _emit(value, indent + 2, lines)
    elif isinstance(value, list):
        if not value:
            lines.append(f"{head} []")
        else:
            lines.append(head)
            _emit(value, indent + 2, lines)
    else:
        lines.append(f"{head} {_scalar(value)}")


def skeleton(name: str) -> str:
    """A new record with every field of the format, commented, to fill in."""
    return SKELETON.replace("NAME", json.dumps(name, ensure_ascii=False))


SKELETON = """\
# A new record. Fill in what the sources say, delete what they do not, and run
# `battles validate`. The format: docs/record-format.md. Every value can cite sources with
# `source: id` or `source: [id, id]`, ids from `sources:` at the end.
schema_version: 1
name: NAME
# aliases: [Name without diacritics, Another name]       # what people type
kind: battle            # battle, siege, attack, operation, uprising or massacre
# part_of: [uprising-in-serbia, World War II in Yugoslavia]   # a record id, or text
start: YYYY-MM-DD       # or YYYY-MM, or YYYY: the form is the precision
# end: YYYY-MM-DD       # leave out for a one-day battle
# date_text: the sources' wording of the dates
# date_source: s1
# date_estimates:       # other datings, each with its source
#   - {start: YYYY-MM-DD, end: YYYY-MM-DD, text: wording, source: s2}
place:
  name: PLACE
  # territory: the territory as then named
  # country: the modern country
  # region: the region
  # coordinates: {lat: 43.58, lon: 21.33}
  # source: s1
# result: {text: the result as stated, source: s1}
# summary: A few sentences in your own words.
sides:
  - id: side-1
    name: SIDE 1
    # belligerents: [Belligerent, Another]
    # outcome: the side's outcome, where a source gives one
    # commanders:
    #   - name: Commander
    #     role: what they did
    #     fate: killed in action   # died of wounds, wounded, captured, missing, executed, survived
    #     subordinates: [{name: Subordinate}]
    # units:                       # a tree: division > regiment > battalion
    #   - name: Division
    #     units: [{name: Regiment, units: [{name: Battalion}]}]
    # strength: 550                # exact
    # strength: 16-20              # a range (also "16 to 20", "2,000–3,000")
    # strength: "~200"             # approximate (also "about 200")
    # strength: ">23"              # more than (">=23", "at least 23", "23+": at least)
    # strength: unknown            # the source gives no number
    # strength:                    # the long form: wording, note, source...
    #   value: 2,000-3,000
    #   text: 2,000–3,000 rebels
    #   note: a note
    #   source: s1
    #   estimates: [{value: "1,000-10,000", source: s2}]   # other sources' figures
    # strength:                    # a figure made of parts
    #   parts:
    #     - {label: garrison, value: 550}
    #     - {label: relief forces, value: unknown}
    # casualties: {killed: 28, wounded: 16-20, captured: unknown, missing: 0, source: s1}
  - id: side-2
    name: SIDE 2
# civilians: {killed: 60-80, note: reprisal killings, source: s1}
# losses: {killed: 447, note: all sides together, source: s1}
# phases:
#   - name: First assault
#     start: YYYY-MM-DD
#     sides: [{side: side-1, casualties: {killed: 83}}]
# events:
#   - {date: YYYY-MM-DD, text: What happened, in your own words., side: side-1, source: s1}
#   - {date: YYYY-MM, when: early November, text: Known only to the month., source: s1}
# disagreements:
#   - {topic: Strength, text: Where the sources differ., source: [s1, s2]}
# notes: [Anything else worth saying.]
sources:
  - id: s1
    title: TITLE
    # url: https://...
    # file: a seed file name
"""
