"""Finding the military-conflict infobox in an article and reading its cells.

Two forms come in: the flattened form of the seed articles (``- Param: value`` lines, with or
without an ``Infobox`` line above them) and raw wikitext (``{{Infobox military conflict | ...}}``
and its aliases). Wikitext is parsed by mwparserfromhell, imported here only when wikitext is
read, and the templates that carry meaning are read: flags give names, fates become marks,
lists become lines, references and notes go. Every cell ends as a :class:`Cell`: lines with
their bullet depth, so that names and figures are read the same way from both forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mwparserfromhell.wikicode import Wikicode

#: Parameters that only an infobox of a conflict has: a box with one of them is one.
_MARKERS = ("combatant1", "commander1", "strength1", "casualties1", "conflict")
_KNOWN = {
    "conflict", "partof", "date", "place", "location", "coordinates", "territory", "result",
    "status", "notes", "image", "caption", "campaignbox", "name", "maptype", "maprelief",
}  # fmt: skip
_BOX_NAMES = re.compile(
    r"^(?:infobox[ _]+(?:military[ _]+conflict|battle|war|military[ _]+operation|"
    r"civil[ _]+conflict|conflict)|warbox|battlebox|"
    r"#invoke:\s*infobox[ _]+military[ _]+conflict.*)$",
    re.IGNORECASE,
)
_WIKITEXT_BOX = re.compile(r"\{\{\s*(?:infobox|warbox|battlebox|#invoke)", re.IGNORECASE)
_PARAM_LINE = re.compile(r"^-\s*([A-Za-z][A-Za-z0-9 _]{0,40}?)\s*:\s?(.*)$")


@dataclass
class Line:
    """One line of a cell: its text and its bullet depth (``*`` is 1, ``**`` is 2)."""

    text: str
    depth: int = 0


@dataclass
class Cell:
    """A parameter's value. ``flat`` cells come from the flattened form: one line whose items
    are joined by commas, to be split by reading; wikitext cells have their real lines."""

    lines: list[Line] = field(default_factory=list)
    flat: bool = False
    unread: list[str] = field(default_factory=list)  # markup that was not understood
    coordinates: tuple[float, float] | None = None

    @property
    def text(self) -> str:
        """The cell in the flattened form: lines joined by ``, ``, bullets as ``*``."""
        parts = []
        for line in self.lines:
            if line.text == SEPARATOR:
                continue
            parts.append(("*" * line.depth + " " if line.depth else "") + line.text)
        return ", ".join(parts)

    def __bool__(self) -> bool:
        return any(line.text.strip(" ,") for line in self.lines) or bool(self.unread)


SEPARATOR = "----"


@dataclass
class Infobox:
    params: dict[str, Cell] = field(default_factory=dict)
    title: str | None = None  # the page's title, where the text gives one
    summary: str | None = None
    url: str | None = None
    wikitext: bool = False

    def text(self, name: str) -> str:
        cell = self.params.get(name)
        return cell.text if cell else ""


def param_key(name: str) -> str:
    """``Map Type`` and ``map_type`` are ``maptype``; ``Combatant1`` is ``combatant1``."""
    return re.sub(r"[\s_]+", "", name).lower()


def read_article(text: str) -> Infobox:
    """The infobox's cells (by :func:`param_key`), the title, first paragraph and address."""
    source = re.match(r"\s*#\s*source:\s*(\S+)", text)
    box = _read_wikitext(text) if _WIKITEXT_BOX.search(text) else None
    if box is None or not box.params:
        box = _read_flat(text)
    if source:
        box.url = source.group(1)
    elif box.url is None:
        found = re.search(r"https?://[^\s<>\]|]+", text)
        box.url = found.group(0).rstrip(").,") if found else None
    return box


# -- the flattened form -----------------------------------------------------------------------


def _read_flat(text: str) -> Infobox:
    box = Infobox()
    lines = re.split(r"\r?\n|\r", text)  # not splitlines: NEL and U+2028 are not line ends here
    start = None
    for i, line in enumerate(lines):
        match = _PARAM_LINE.match(line.strip())
        if match and (
            param_key(match.group(1)) in _MARKERS
            or (
                param_key(match.group(1)) in _KNOWN
                and i > 0
                and lines[i - 1].strip().lower() == "infobox"
            )
        ):
            start = i
            break
    title = next((m.group(1) for m in map(_TITLE.match, lines[:5]) if m), None)
    box.title = title.strip() if title else None
    if start is None:
        return box
    # the box runs back to its first parameter line and on while lines are parameters
    while start > 0 and _PARAM_LINE.match(lines[start - 1].strip()):
        start -= 1
    end = start
    while end < len(lines) and _PARAM_LINE.match(lines[end].strip()):
        match = _PARAM_LINE.match(lines[end].strip())
        assert match is not None
        key = param_key(match.group(1))
        if key not in box.params:
            box.params[key] = Cell([Line(match.group(2).strip())], flat=True)
        end += 1
    box.summary = _first_paragraph(lines[end:])
    return box


_TITLE = re.compile(r"^\s*=\s*([^=].*?)\s*=\s*$")


def _first_paragraph(lines: list[str]) -> str | None:
    for paragraph in re.split(r"\n\s*\n", "\n".join(lines)):
        cleaned = paragraph.strip()
        if cleaned and not cleaned.startswith(("=", "{", "|", "[[File", "[[Image", "#", "- ")):
            cleaned = re.sub(r"\[(?:\d+|[a-z]|note \d+)\]", "", cleaned)
            return " ".join(cleaned.replace("'''", "").replace("''", "").split())
    return None


# -- wikitext ----------------------------------------------------------------------------------


def _read_wikitext(text: str) -> Infobox | None:
    import mwparserfromhell

    code = mwparserfromhell.parse(text)
    template = None
    for candidate in code.filter_templates(recursive=True):
        name = _template_name(candidate)
        keys = {param_key(str(p.name)) for p in candidate.params}
        if _BOX_NAMES.match(name) or (
            (name.startswith("infobox") or name.startswith("#invoke"))
            and keys & {"combatant1", "commander1", "strength1", "casualties1"}
        ):
            template = candidate
            break
    if template is None:
        return None
    box = Infobox(wikitext=True)
    for param in template.params:
        if not param.showkey:
            continue
        key = param_key(str(param.name))
        cell = Cell()
        _Renderer(cell).render(param.value)
        box.params[key] = cell
    title = _TITLE.search(text)
    box.title = title.group(1) if title and title.start() < text.find("{{") else None
    rest = text[text.find(str(template)) + len(str(template)) :]
    prose = mwparserfromhell.parse(rest).strip_code(normalize=True, collapse=True)
    box.summary = _first_paragraph(prose.splitlines())
    return box


def _template_name(template: Any) -> str:
    name = " ".join(str(template.name).replace("_", " ").split()).lower()
    return name.removeprefix("template:").strip()


_SKIP = re.compile(
    r"^(?:efn.*|sfn.*|refn|harv.*|r|rp|ref|note|nb|notetag|cn|citation needed|fact|dubious|"
    r"clarify|when|by whom|according to whom|who|which|verify source|better source needed|"
    r"failed verification|page needed|full citation needed|cite .*|citation|reflist|"
    r"increase|decrease|steady|flagicon.*|flagdeco|flag icon|flagdecoration|flag decoration|"
    r"campaignbox.*|anchor|dead link|inflation.*|update after|as of|clear|-|tree list.*|"
    r"hidden begin|hidden end|refbegin|refend|small caps|space|zwsp|wbr|nbsp)$"
)
_FLAG_NAME = re.compile(
    r"^(?:flag|flagcountry|flagu|flagcc|flag country|flaglink|flagright|flagbig)$"
)
_FATES = {
    "kia": "KIA",
    "dow": "DOW",
    "pow": "POW",
    "wia": "WIA",
    "mia": "MIA",
    "executed": "executed",
    "died in captivity": "POW",
    "surrendered": "surrendered",
}
_LISTS = re.compile(
    r"^(?:ubl|ublist|unbulleted list|bulleted list|bull list|blist|hlist|flatlist|flat list|"
    r"plainlist|plain list|collapsible list|unordered list|ordered list|startplainlist|"
    r"endplainlist|startflatlist|endflatlist|vunblist|vertical list)$"
)
_INNER = re.compile(
    r"^(?:nowrap|nobr|nobreak|small|smaller|big|larger|noitalic|nobold|center|centre|ill|"
    r"interlanguage link|abbr|tooltip|tt|sup|sub|lang-\w+|transl|nowrap begin|proper name|"
    r"avoid wrap|em|strong|bold|italic|nbsp-?|hs|highlight|color|colour|font color|vanchor)$"
)


class _Renderer:
    """Wikicode to the lines of a :class:`Cell`."""

    def __init__(self, cell: Cell) -> None:
        self.cell = cell
        self.buffer: list[str] = []
        self.depth = 0

    def render(self, code: Wikicode) -> None:
        self._nodes(code)
        self._newline()

    def _newline(self) -> None:
        text = re.sub(r"[ \t\r\n]+", " ", re.sub(r"\(\s*\)", "", "".join(self.buffer))).strip()
        if text:
            self.cell.lines.append(Line(text, self.depth))
        self.buffer = []
        self.depth = 0

    def _write(self, text: str) -> None:
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                self._newline()
            self.buffer.append(piece)

    def _nodes(self, code: Wikicode) -> None:
        from mwparserfromhell import nodes

        for node in code.nodes:
            if isinstance(node, nodes.Text):
                self._write(str(node.value))
            elif isinstance(node, nodes.Wikilink):
                title = str(node.title).strip()
                if re.match(r"^:?\s*(file|image|category|media)\s*:", title, re.IGNORECASE):
                    continue
                if node.text is not None:
                    self._nodes(node.text)
                else:
                    self._write(title.lstrip(":").split("#")[0] or title)
            elif isinstance(node, nodes.Template):
                self._template(node)
            elif isinstance(node, nodes.Tag):
                self._tag(node)
            elif isinstance(node, nodes.HTMLEntity):
                value = node.normalize()
                self._write("\u00a0" if value in ("\xa0", "\u2009", "\u202f") else value)
            elif isinstance(node, nodes.ExternalLink):
                if node.title is not None:
                    self._nodes(node.title)
            elif isinstance(node, nodes.Heading):
                self._nodes(node.title)
            # comments and arguments carry nothing a reader sees

    def _tag(self, node: Any) -> None:
        tag = str(node.tag).strip().lower()
        markup = node.wiki_markup
        if tag in ("ref", "references"):
            return
        if tag == "br":
            self._newline()
            return
        if tag == "hr":
            self._newline()
            self.cell.lines.append(Line(SEPARATOR))
            return
        if tag == "li" and markup in ("*", "#"):
            if "".join(self.buffer).strip():
                self._newline()
            self.depth += 1
            return
        if tag in ("dt", "dd") and markup:
            if "".join(self.buffer).strip():
                self._newline()
            return
        if tag in ("li", "p", "div", "tr"):
            self._newline()
        if node.contents is not None:
            self._nodes(node.contents)
        if tag in ("li", "p", "div", "tr"):
            self._newline()

    def _positional(self, node: Any) -> list[Any]:
        return [p.value for p in node.params if not p.showkey]

    def _template(self, node: Any) -> None:
        name = _template_name(node)
        positional = self._positional(node)
        if _SKIP.match(name):
            return
        if _FLAG_NAME.match(name):
            if positional:
                code = str(positional[0]).strip()
                if re.fullmatch(r"[A-Z]{2,3}", code):  # a country code: the name is elsewhere
                    self.cell.unread.append(_short(str(node)))
                self._nodes(positional[0])
            return
        if name in ("start date", "end date", "start date and age", "end date and age"):
            self._write(_date_text([str(v).strip() for v in positional[:3]]))
            return
        if name in ("start and end dates", "start-date", "end-date"):
            values = [str(v).strip() for v in positional]
            self._write(_date_text(values[:3]))
            if len(values) > 3:
                self._write(" – " + _date_text(values[3:6]))
            return
        if name in _FATES:
            self._write(f" ({_FATES[name]}) ")
            return
        if name in ("circa", "c.", "c", "ca", "ca."):
            self._write("c. ")
            if positional:
                self._nodes(positional[0])
            return
        if name in ("coord", "coordinates"):
            self.cell.coordinates = _coordinates([str(v).strip() for v in positional])
            return
        if _LISTS.match(name):
            self._newline()
            for value in positional:
                self._nodes(value)
                self._newline()
            return
        if name in ("br", "break", "crlf", "-"):
            self._newline()
            return
        if name in ("snd", "ndash", "spaced ndash", "spnd", "sndash"):
            self._write(" – ")
            return
        if name in ("mdash", "spaced mdash"):
            self._write(" — ")
            return
        if name in ("dagger", "†", "died", "d."):
            self._write(" † ")
            return
        if name in ("plus", "+"):
            self._write("+")
            return
        if name in ("convert", "cvt"):
            words = [str(v).strip() for v in positional]
            shown = []
            for word in words:
                shown.append(word)
                if not re.fullmatch(r"[\d.,]+|to|-|–|and|or|by|x|\+|±", word):
                    break
            self._write(" ".join(shown))
            return
        if name == "lang" and len(positional) >= 2:
            self._nodes(positional[1])
            return
        if name in ("sort", "sortname") and positional:
            self._nodes(positional[-1] if name == "sort" else positional[0])
            if name == "sortname" and len(positional) > 1:
                self._write(" ")
                self._nodes(positional[1])
            return
        if name in ("resize", "font") and positional:
            self._nodes(positional[-1])
            return
        if _INNER.match(name):
            if positional:
                self._nodes(positional[0])
            return
        self.cell.unread.append(_short(str(node)))


_MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


def _date_text(values: list[str]) -> str:
    """``{{start date|1944|12|16}}`` as ``16 December 1944`` (year, month, day as given)."""
    try:
        numbers = [int(v) for v in values if v]
    except ValueError:
        return " ".join(values)
    if not numbers:
        return ""
    year = numbers[0]
    month = _MONTH_NAMES[numbers[1] - 1] if len(numbers) > 1 and 1 <= numbers[1] <= 12 else ""
    day = str(numbers[2]) if len(numbers) > 2 else ""
    return " ".join(x for x in (day, month, str(year)) if x)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def _coordinates(values: list[str]) -> tuple[float, float] | None:
    """``{{coord|36.56|43.44}}``, ``{{coord|36|33|36|N|43|26|38|E}}`` as (lat, lon)."""
    numbers: list[list[float]] = [[]]
    signs: list[float] = []
    for value in values:
        if ":" in value or "=" in value:
            break
        if value.upper() in ("N", "S", "E", "W"):
            signs.append(-1.0 if value.upper() in ("S", "W") else 1.0)
            numbers.append([])
            continue
        try:
            numbers[-1].append(float(value))
        except ValueError:
            break
    try:
        if len(signs) >= 2:
            lat = signs[0] * sum(v / 60**i for i, v in enumerate(numbers[0]))
            lon = signs[1] * sum(v / 60**i for i, v in enumerate(numbers[1]))
        elif not signs and len(numbers[0]) == 2:
            lat, lon = numbers[0]
        else:
            return None
    except IndexError:
        return None
    if -90 <= lat <= 90 and -180 <= lon <= 180:
        return round(lat, 5), round(lon, 5)
    return None
