"""Drafting records from an article's infobox, and the skeleton of a new record.

The infobox comes as ``- Param: value`` lines (the seed articles' form) or as raw wikitext
(``{{Infobox military conflict | conflict = ... }}``). Every value is parsed into the record
format; whatever could not be read with confidence is kept as text with a ``# CHECK:``
comment for the curator, and ``battles validate`` warns about every such comment.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from battles.dates import MONTHS, PartialDate
from battles.errors import DateError, FigureError, UsageError
from battles.figures import parse_figure
from battles.loader import slug

CHECK = "# CHECK:"
_MONTH_NAMES = {m.lower(): i for i, m in enumerate(MONTHS) if m}
_MONTH_NAMES.update(
    {
        name: i + 1
        for i, name in enumerate(
            [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ]
        )
    }
)


@dataclass
class Check:
    """A drafted value the curator must look at, and why."""

    value: Any
    reason: str


@dataclass
class Infobox:
    params: dict[str, str] = field(default_factory=dict)
    summary: str | None = None
    url: str | None = None


# -- reading the article -----------------------------------------------------------------------

_PARAM_LINE = re.compile(r"^-\s*([A-Za-z]+[0-9]*[a-z]?)\s*:\s*(.*)$")


def read_article(text: str) -> Infobox:
    """The infobox parameters (lower-case names), the first paragraph and any address."""
    box = Infobox()
    url = re.search(r"https?://\S+", text)
    box.url = url.group(0).rstrip(").,") if url else None
    if "{{" in text and re.search(r"\{\{\s*Infobox", text, re.IGNORECASE):
        box.params = _wikitext_params(text)
        rest = _after_template(text)
    else:
        rest_lines: list[str] = []
        in_box = False
        for line in text.splitlines():
            match = _PARAM_LINE.match(line.strip())
            if line.strip().lower() == "infobox":
                in_box = True
                continue
            if in_box and match:
                box.params[match.group(1).lower()] = match.group(2).strip()
                continue
            if in_box and not line.strip():
                in_box = False
            rest_lines.append(line)
        rest = "\n".join(rest_lines)
    for paragraph in re.split(r"\n\s*\n", rest):
        cleaned = paragraph.strip()
        if cleaned and not cleaned.startswith(("=", "{", "|", "[[File", "[[Image")):
            prose = re.sub(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]", r"\1", cleaned)
            prose = re.sub(r"<ref[^>]*>.*?</ref>|<ref[^>]*/>", "", prose, flags=re.DOTALL)
            box.summary = " ".join(prose.replace("'''", "").replace("''", "").split())
            break
    return box


def _after_template(text: str) -> str:
    start = re.search(r"\{\{\s*Infobox", text, re.IGNORECASE)
    if start is None:
        return text
    depth, i = 0, start.start()
    while i < len(text):
        if text.startswith("{{", i):
            depth, i = depth + 1, i + 2
        elif text.startswith("}}", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return text[i:]
        else:
            i += 1
    return ""


def _split_top(body: str, sep: str = "|") -> list[str]:
    """Split on ``sep`` outside [[...]] and {{...}}."""
    parts, depth, current, i = [], 0, [], 0
    while i < len(body):
        two = body[i : i + 2]
        if two in ("[[", "{{"):
            depth += 1
            current.append(two)
            i += 2
            continue
        if two in ("]]", "}}"):
            depth -= 1
            current.append(two)
            i += 2
            continue
        if body[i] == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(body[i])
        i += 1
    parts.append("".join(current))
    return parts


def _wikitext_params(text: str) -> dict[str, str]:
    start = re.search(r"\{\{\s*Infobox[^|}]*", text, re.IGNORECASE)
    assert start is not None
    end = len(text) - len(_after_template(text))
    body = text[start.end() : end - 2]
    params: dict[str, str] = {}
    for chunk in _split_top(body):
        if "=" not in chunk:
            continue
        key, _, value = chunk.partition("=")
        params[key.strip().lower()] = clean_wikitext(value)
    return params


def clean_wikitext(value: str) -> str:
    """Wikitext markup to the plain ``a, * b, ** c`` form of the seed infoboxes."""
    value = re.sub(r"<ref[^>]*/>", "", value)
    value = re.sub(r"<ref[^>]*>.*?</ref>", "", value, flags=re.DOTALL)
    value = re.sub(
        r"\{\{\s*(efn|sfn|refn|cn|citation needed)[^{}]*\}\}", "", value, flags=re.IGNORECASE
    )
    value = re.sub(r"\{\{\s*(KIA|POW|WIA|MIA|Executed)\s*\}\}", r"\1", value, flags=re.IGNORECASE)
    value = re.sub(r"\{\{\s*(circa|c\.)\s*\}\}", "c. ", value, flags=re.IGNORECASE)
    value = re.sub(r"\{\{\s*flagicon[^{}]*\}\}", "", value, flags=re.IGNORECASE)
    value = re.sub(
        r"\{\{\s*flag(?:country|deco)?\s*\|\s*([^|{}]+)[^{}]*\}\}",
        r"\1",
        value,
        flags=re.IGNORECASE,
    )
    for _ in range(3):  # nowrap, plainlist, ubl / unbulleted list
        value = re.sub(r"\{\{\s*nowrap\s*\|([^{}]*)\}\}", r"\1", value, flags=re.IGNORECASE)
        value = re.sub(r"\{\{\s*plainlist\s*\|([^{}]*)\}\}", r"\1", value, flags=re.IGNORECASE)
        value = re.sub(
            r"\{\{\s*(?:ubl|unbulleted list)\s*\|([^{}]*)\}\}",
            lambda m: "\n".join(m.group(1).split("|")),
            value,
            flags=re.IGNORECASE,
        )
    value = re.sub(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]", r"\1", value)
    value = re.sub(r"<br\s*/?>", "\n", value)
    value = re.sub(r"<hr\s*/?>", "\n----\n", value)
    value = re.sub(r"'''?", "", value)
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    return ", ".join(re.sub(r"^(\*+)\s*", r"\1 ", line) for line in lines)


def _strip_flags(text: str) -> str:
    return re.sub(r"\b\d+px(\|border)?\s*", "", text).strip()


def _items(value: str) -> list[str]:
    """The comma-separated items of a parameter, flag icons and ``----`` removed."""
    value = value.replace("----", ", ")
    return [item for item in (_strip_flags(part) for part in re.split(r",\s+", value)) if item]


# -- dates ----------------------------------------------------------------------------------------


def _half(text: str) -> tuple[int | None, int | None, int | None]:
    day = month = year = None
    for token in re.findall(r"[A-Za-z]+|\d+", text):
        low = token.lower()
        if low in _MONTH_NAMES:
            month = _MONTH_NAMES[low]
        elif token.isdigit() and len(token) == 4:
            year = int(token)
        elif token.isdigit() and len(token) <= 2:
            day = int(token)
    return day, month, year


def parse_date_text(text: str) -> tuple[PartialDate, PartialDate | None]:
    """``23–27 September 1941``, ``November – December 1941``, ``September 27 – November 29,
    1941``, ``31 August 1941``... as a start and an end with their precision."""
    cleaned = re.sub(r"\(.*?\)", "", text).strip()
    halves = re.split(r"\s*(?:–|—|-|\bto\b|\buntil\b)\s*", cleaned, maxsplit=1)
    first = _half(halves[0])
    second = _half(halves[1]) if len(halves) > 1 else None
    if second is not None:
        year = second[2] or first[2]
        month2 = second[1] or first[1]
        month1 = first[1] or second[1]
        if second[0] is not None and month2 is None:
            raise DateError(f"cannot read the dates {text!r}")
        start = _make(first[0], month1, first[2] or year, text)
        end = _make(second[0], month2, year, text)
        return start, end
    return _make(first[0], first[1], first[2], text), None


def _make(day: int | None, month: int | None, year: int | None, text: str) -> PartialDate:
    from battles.dates import parse_date

    if year is None or (day is not None and month is None):
        raise DateError(f"cannot read the dates {text!r}")
    if month is None:
        return parse_date(str(year))
    if day is None:
        return parse_date(f"{year}-{month:02d}")
    return parse_date(f"{year}-{month:02d}-{day:02d}")


# -- figures and casualties --------------------------------------------------------------------

_KINDS = {
    "killed": ("dead", "killed", "kia", "deaths", "died"),
    "wounded": ("wounded", "wia", "injured"),
    "captured": ("captured", "prisoners", "pow", "pows", "taken prisoner"),
    "missing": ("missing", "mia"),
}
_NUMBER = (
    r"(?:~|c\.\s*|about\s+|around\s+|approximately\s+|more than\s+|over\s+|at least\s+)?"
    r"\d[\d,]*(?:\s*(?:–|—|-|to)\s*\d[\d,]*)?\+?"
)
_FIGURE_AT_START = re.compile(rf"^\s*({_NUMBER})\s*(.*)$", re.IGNORECASE)


def figure_value(text: str) -> Any:
    """A figure's short form from free text, or a Check when the text is not one."""
    text = text.strip()
    if text.lower() in ("unknown", "?", "n/a", "none"):
        return "unknown"
    match = _FIGURE_AT_START.match(text)
    if match:
        number = match.group(1)
        normal = re.sub(
            r"\s*(–|—|to)\s*",
            "-",
            number.replace("approximately ", "~")
            .replace("about ", "~")
            .replace("around ", "~")
            .replace("c. ", "~"),
        )
        try:
            parse_figure(
                normal.replace("more than ", ">").replace("over ", ">").replace("at least ", ">=")
            )
        except FigureError:
            return _unread(text, "not a figure the tool can read")
        short = normal.replace("more than ", ">").replace("over ", ">").replace("at least ", ">=")
        return short if not match.group(2).strip() else {"value": short, "text": text}
    return _unread(text, "no number found")


def _unread(text: str, reason: str) -> Check:
    """A figure the tool could not read: unknown, with the source's words kept beside it."""
    return Check({"value": "unknown", "text": text}, reason)


def strength_value(text: str) -> Any:
    items = _items(text)
    if len(items) > 1:
        parts = []
        for item in items:
            value = figure_value(item)
            if isinstance(value, Check) and "unknown" in item.lower():
                label = re.sub(r"(?i)\bunknown( number of)?\b", "", item).strip()
                parts.append({"label": label or item, "value": "unknown"})
            elif isinstance(value, dict):
                found = _FIGURE_AT_START.match(item)
                parts.append(
                    {
                        "label": (found.group(2).strip() if found else item) or item,
                        "value": value["value"],
                    }
                )
            elif isinstance(value, Check):
                return _unread(text, "parts that could not all be read")
            else:
                parts.append({"label": item, "value": value})
        return {"parts": parts, "text": text}
    value = figure_value(text)
    if isinstance(value, str) and value != text and value != "unknown":
        return {"value": value, "text": text}
    return value


def casualties_value(text: str) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Losses by kind, civilian losses, and what could not be read."""
    side: dict[str, Any] = {}
    civilians: dict[str, Any] = {}
    leftover: list[str] = []
    cleaned = re.sub(r"^[^:]*victims[^:]*:\s*", "", text, flags=re.IGNORECASE)
    victims = cleaned != text
    segments = [s for s in re.split(r",\s+|\s+and\s+", cleaned) if s.strip()]
    if victims:  # "Civilian victims of terror: 115 Serbs and 61 Muslims": one figure of parts
        parts = []
        for segment in segments:
            match = _FIGURE_AT_START.match(segment)
            if match is None:
                leftover.append(segment)
                continue
            parts.append({"label": match.group(2).strip(), "value": _short(match.group(1))})
        civilians["killed"] = {"parts": parts, "text": text}
        return side, civilians, leftover
    for segment in segments:
        match = _FIGURE_AT_START.match(segment)
        if match is None:
            if segment.strip().lower() in ("unknown", "none"):
                continue
            leftover.append(segment.strip())
            continue
        words = match.group(2).lower()
        value: Any = _short(match.group(1))
        if "civilian" in words:
            civilians["killed"] = {"value": value, "text": segment.strip()}
            continue
        kind = next((k for k, keys in _KINDS.items() if any(w in words for w in keys)), None)
        if kind is None:
            leftover.append(segment.strip())
            continue
        plain = words.replace(kind, "").strip()
        if plain and plain not in _KINDS[kind]:
            value = {"value": value, "text": segment.strip()}
        side[kind] = value
    return side, civilians, leftover


def _short(number: str) -> str | int:
    text = re.sub(r"\s*(–|—|to)\s*", "-", number.strip())
    for word, sign in (
        ("approximately ", "~"),
        ("about ", "~"),
        ("around ", "~"),
        ("c. ", "~"),
        ("more than ", ">"),
        ("over ", ">"),
        ("at least ", ">="),
    ):
        text = text.replace(word, sign)
    return int(text) if text.isdecimal() and len(text) <= 12 else text  # int() is bounded


# -- commanders and units --------------------------------------------------------------------


def commanders_value(text: str) -> list[Any]:
    tree: list[dict[str, Any]] = []
    for item in _items(text):
        depth = len(item) - len(item.lstrip("*"))
        name = item.lstrip("*").strip()
        entry: dict[str, Any] = {"name": name}
        fate = re.search(r"\s*(KIA|POW|WIA|MIA|Executed)$", name)
        if fate:
            entry["name"] = name[: fate.start()].strip()
            entry["fate"] = {
                "KIA": "killed in action",
                "POW": "captured",
                "WIA": "wounded",
                "MIA": "missing",
                "EXECUTED": "executed",
            }[fate.group(1).upper()]
        if depth and tree:
            parent = tree[-1]
            for _ in range(depth - 1):
                if parent.get("subordinates"):
                    parent = parent["subordinates"][-1]
            parent.setdefault("subordinates", []).append(entry)
        else:
            tree.append(entry)
    return tree


def units_value(text: str) -> list[Any]:
    tree: list[dict[str, Any]] = []
    stack: list[tuple[int, dict[str, Any]]] = []
    for item in _items(text):
        depth = len(item) - len(item.lstrip("*"))
        name = item.lstrip("*").strip()
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


# -- the draft ----------------------------------------------------------------------------------


def draft(text: str, source_file: str | None = None) -> tuple[dict[str, Any], str]:
    """A record (as data with Check values) and its id, from an article's text."""
    box = read_article(text)
    p = box.params
    if not p:
        raise UsageError(
            "no infobox found: expected '- Conflict: ...' lines after 'Infobox', "
            "or {{Infobox military conflict | ... }}"
        )
    name = p.get("conflict") or "UNKNOWN NAME"
    record: dict[str, Any] = {
        "schema_version": 1,
        "name": name if p.get("conflict") else Check(name, "the infobox gives no name"),
    }
    aliases = []
    place_name = _items(p.get("place", ""))[:1]
    for text in [name, *place_name]:
        for variant in (text, _ascii(text)):
            if variant != name and variant not in aliases:
                aliases.append(variant)
    if aliases:
        record["aliases"] = [Check(a, "an alias: keep it if people type it") for a in aliases]
    record["kind"] = Check(_guess_kind(name), "the kind is read from the name")
    if p.get("partof"):
        record["part_of"] = [re.sub(r"^the\s+", "", p["partof"], flags=re.IGNORECASE)]
    try:
        start, end = parse_date_text(p.get("date", ""))
        record["start"] = start.iso()
        if end is not None:
            record["end"] = end.iso()
        record["date_text"] = p["date"]
        record["date_source"] = "article"
    except (DateError, KeyError):
        record["start"] = Check(p.get("date", "YYYY-MM-DD"), "could not read this date")
    place = _items(p.get("place", ""))
    record["place"] = _place(p.get("place", ""), place)
    if p.get("result"):
        record["result"] = {"text": p["result"], "source": "article"}
    if box.summary:
        record["summary"] = Check(box.summary, "the article's words: rewrite in your own")
    sides = []
    civilians: dict[str, Any] = {}
    for n in (1, 2, 3):
        keys = [
            k
            for k in ("combatant", "commander", "units", "strength", "casualties")
            if p.get(f"{k}{n}")
        ]
        if not keys:
            continue
        if n == 3 and keys == ["casualties"]:
            _, civ, rest = casualties_value(p["casualties3"])
            civilians.update(civ)
            if rest:
                civilians["note"] = Check(", ".join(rest), "could not read these losses")
            continue
        side: dict[str, Any] = {"id": f"side-{n}", "name": Check(f"Side {n}", "name the side")}
        if p.get(f"combatant{n}"):
            side["belligerents"] = _items(p[f"combatant{n}"])
        if p.get(f"commander{n}"):
            side["commanders"] = commanders_value(p[f"commander{n}"])
        if p.get(f"units{n}"):
            side["units"] = units_value(p[f"units{n}"])
        if p.get(f"strength{n}"):
            side["strength"] = strength_value(p[f"strength{n}"])
        if p.get(f"casualties{n}"):
            losses, civ, rest = casualties_value(p[f"casualties{n}"])
            if losses or rest:
                side["casualties"] = losses
                if rest:
                    side["casualties"]["note"] = Check(
                        ", ".join(rest), "could not read these losses"
                    )
            civilians.update(civ)
        side["source"] = "article"
        sides.append(side)
    record["sides"] = sides
    if civilians:
        record["civilians"] = {**civilians, "source": "article"}
    source: dict[str, Any] = {"id": "article", "title": name}
    if box.url:
        source["url"] = box.url
    elif source_file:
        source["file"] = source_file
    record["sources"] = [source]
    return record, slug(name)


def _ascii(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "dj").replace("Đ", "Dj"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _guess_kind(name: str) -> str:
    lowered = name.lower()
    for kind in ("siege", "attack", "operation", "uprising", "massacre"):
        if kind in lowered:
            return kind
    return "battle"


def _place(raw: str, items: list[str]) -> dict[str, Any]:
    if not items:
        return {"name": Check("PLACE", "the infobox gives no place")}
    place: dict[str, Any] = {"name": items[0]}
    country = re.search(r"\(modern-day ([^)]+)\)", raw)
    territory = ", ".join(items[1:])
    if country:
        territory = territory.replace(country.group(0), "").strip(" ,")
        place["country"] = country.group(1)
    if territory:
        place["territory"] = territory
    place["source"] = "article"
    return place


# -- writing YAML with comments --------------------------------------------------------------


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if (
        re.fullmatch(r"[A-Za-z][\w .,'()–—-]*", text)
        and text.lower() not in ("yes", "no", "on", "off", "true", "false", "null", "y", "n")
        and ": " not in text
        and not text.endswith(":")
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


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
            lines.append(f"{head}  {CHECK} {value.reason}")
            _emit(shown, indent + 2, lines)
        else:
            lines.append(f"{head} {_scalar(shown)}  {CHECK} {value.reason}")
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
