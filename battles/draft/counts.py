"""Figures in an infobox's strength and casualty cells, read with their uncertainty.

A cell is split into segments (commas, semicolons and lines outside parentheses); each
segment is one figure with its words: a kind of loss (killed, wounded, captured, missing, or
a total), a combination of kinds ("killed or captured"), equipment (ships, guns, tanks...,
never added to men), civilians, a label before it ("Total:", "Garrison:", "13 March:"), a
heading above it ("American:"), an attribution after it ("(according to Arrian)"). Then
the figures of one cell are put together: a stated total wins over its breakdown, parts of
one side are summed per kind, alternative estimates make a span, never a sum.

Whatever is not read with full confidence is returned wrapped in a :class:`Check` whose
reason quotes the source's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from battles.draft.names import FOOTNOTE
from battles.figures import MAX_FIGURE

# -- numbers ----------------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?\s*(?:million|thousand)|\d+"
_APPROX = (
    r"c\.|ca\.|circa|~|≈|about|around|approximately|approx\.|roughly|some|nearly|almost|"
    r"estimated|est\.|possibly|perhaps|probably|presumably|reportedly|an estimated|allegedly"
)
_LOWER = r"at least|more than|over|upwards of|in excess of|no fewer than|not less than|>=|≥|>"
_UPPER = r"up to|fewer than|less than|under|at most|<=|≤|<"
_PRE = "|".join(x.replace(" ", r"\s+") for x in (_APPROX, _LOWER, _UPPER))
_AMOUNT = re.compile(
    rf"""(?P<pre>(?:(?:{_PRE}|between|from)\s*)*)
    (?P<low>{_NUM})
    (?:\s*(?P<sep>–|—|-|to|and|or)\s*(?:(?:{_PRE})\s*)?(?P<high>{_NUM}))?
    (?P<plus>\s*\+)?""",
    re.IGNORECASE | re.VERBOSE,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_UNCERTAIN_WORDS = re.compile(
    r"\b(?:possibly|perhaps|probably|presumably|reportedly|allegedly|estimated|est\.)", re.I
)


@dataclass
class Amount:
    low: int | None
    high: int | None
    approx: bool = False
    strict: bool = False  # "more than"
    doubt: str | None = None  # why the reading is not sure

    def short(self) -> int | str:
        """The figure's short form in the record format."""
        if self.low is None:
            return "unknown"
        tilde = "~" if self.approx else ""
        if self.high is None:
            return f"{tilde}>{self.low:,}" if self.strict else f"{tilde}{self.low:,}+"
        if self.low == self.high:
            return f"{tilde}{self.low:,}" if self.approx else self.low
        return f"{tilde}{self.low:,}-{self.high:,}"


def _int(text: str) -> int:
    text = text.lower().replace(",", "").strip()
    if sum(c.isdigit() for c in text) > 15:  # never convert unbounded text
        return MAX_FIGURE + 1  # refused as too large by the caller
    scale = 1
    if text.endswith("million"):
        scale, text = 1_000_000, text.removesuffix("million").strip()
    elif text.endswith("thousand"):
        scale, text = 1_000, text.removesuffix("thousand").strip()
    return round(float(text) * scale)


def find_amount(text: str) -> tuple[Amount, int, int] | None:
    """The first figure in ``text`` with where it is; years after a month are skipped."""
    for match in _AMOUNT.finditer(text):
        before = text[: match.start("low")].lower()
        if re.search(rf"\b(?:{_MONTHS})\.?\s*$", before) and len(match["low"]) >= 3:
            continue  # a year after a month
        if re.match(r"\s*(?:BC|BCE|AD|CE)\b", text[match.end() :]):
            continue
        pre = " ".join(match["pre"].lower().split())
        low = _int(match["low"])
        if low > MAX_FIGURE or (match["high"] is not None and _int(match["high"]) > MAX_FIGURE):
            continue  # more people than ever fought: not a figure
        sep = (match["sep"] or "").lower()
        if match["high"] is not None and sep == "and" and "between" not in pre:
            high = None
            end = match.start("sep")
        else:
            high = _int(match["high"]) if match["high"] is not None else None
            end = match.end()
        approx = bool(re.search(_APPROX, pre, re.IGNORECASE)) or "~" in pre
        if high is not None:
            if high < low:  # "2,000-800": not a range the tool can trust
                return (
                    Amount(low, None, approx, doubt="a range that runs backwards"),
                    match.start(),
                    end,
                )
            return Amount(low, high, approx), match.start(), end
        if match["plus"] or re.search(r"at least|upwards|no fewer|not less|>=|≥", pre):
            return Amount(low, None, approx), match.start(), match.end()
        if re.search(r"more than|over|in excess|>", pre):
            return Amount(low, None, approx, strict=True), match.start(), end
        if re.search(_UPPER, pre, re.IGNORECASE):
            return Amount(0, low, approx, doubt="an upper bound only"), match.start(), end
        return Amount(low, low, approx), match.start(), end
    return None


# -- words ----------------------------------------------------------------------------------

KIND_WORDS = {
    "killed": re.compile(
        r"\b(?:killed|dead|deaths?|died|kia|k\.i\.a\.|slain|fallen|fatalities|perished|"
        r"drowned|executed)\b",
        re.I,
    ),
    "wounded": re.compile(r"\b(?:wounded|injured|wia|w\.i\.a\.)\b", re.I),
    "captured": re.compile(
        r"\b(?:captured|prisoners?|pows?|p\.o\.w\.|taken prisoner|surrendered|captives?)\b", re.I
    ),
    "missing": re.compile(r"\b(?:missing|mia|m\.i\.a\.)\b", re.I),
}
_TOTAL_WORDS = re.compile(r"\b(?:casualties|losses|total|lost|victims)\b", re.I)
_OTHER_KINDS = re.compile(r"\b(?:deserted|deserters|defected|defectors|sick|disabled)\b", re.I)
EQUIPMENT = re.compile(
    r"\b(?:tanks?|tank destroyers?|guns?|artillery|cannons?|pieces|nebelwerfers?|mortars?|"
    r"howitzers?|ships?|frigates?|brigs?|schooners?|cutters?|galleys?|cruisers?|destroyers?|"
    r"battleships?|torpedo boats?|gunboats?|submarines?|u-boats?|carriers?|vessels?|boats?|"
    r"sampans?|lsts?|landing craft|aircraft|planes?|airplanes?|fighters|bombers|helicopters?|"
    r"vehicles?|armou?red cars?|apcs?|trucks?|cars|trebuchets?|catapults?|siege engines?|"
    r"elephants?|chariots?|horses|camels|fortress(?:es)?|forts?|tons?|tonnes?|junks?|"
    r"triremes?|warships?|steamers?|transports?|sloops?|corvettes?|ironclads?|monitors?|"
    r"battalions?|divisions?|regiments?|brigades?|corps|armies|squadrons?|fleets?)\b",
    re.I,
)
_PEOPLE = re.compile(
    r"\b(?:men|troops|soldiers|crew|crews|sailors|marines|infantry|personnel|people|warriors|"
    r"fighters?|militia|rebels|partisans|civilians?|knights|archers|cavalry)\b",
    re.I,
)
_UNKNOWN_WORDS = re.compile(
    r"\b(?:unknown|unk|heavy|light|minimal|several|many|numerous|significant|severe|few|high|"
    r"low|moderate|considerable|large|great|unclear|not known|n/a|substantial|thousands|"
    r"hundreds|dozens)\b|^\?$",
    re.I,
)
_ESTIMATE_WORDS = re.compile(
    r"\b(?:according to|per|estimates?|estimated by|sources?|chronicles?|chroniclers?|"
    r"historians?|claims?|claimed|figures?|accounts?|records?|reports?|modern|ancient|"
    r"medieval|contemporary|traditional|official|"
    # historians whose figures infoboxes set side by side
    r"Herodotus|Diodorus|Arrian|Curtius|Plutarch|Polybius|Livy|Appian|Ctesias|Justin|"
    r"Xenophon|Thucydides|Procopius|Ammianus|Tacitus|Josephus|Orosius|Eutropius|Frontinus|"
    r"Zosimus|Cassius Dio|Strabo|Pausanias|Nepos|Ephorus|Jordanes|Theophanes|Psellos|"
    r"Attaleiates|Froissart|Villani|Ibn al-Athir|Ibn Khaldun|Bede|Delbrück|Delbruck)\b",
    re.I,
)
_CITATION = re.compile(
    r"^[A-Z][\w'’.-]+(?:\s+(?:and|&)\s+[A-Z][\w'’.-]+)?(?:\s+et al\.)?,?\s+\d{4}[a-z]?"
    r"(?:,\s*(?:pp?\.\s*)?[\d–-]+)?$"
)
_PHASE = re.compile(
    rf"^(?:initial(?:ly)?|at (?:the )?(?:start|end|outset|beginning)|start|end|final(?:ly)?|peak|"
    rf"later|maximum|minimum|by .+|at the time .+|at .+(?:start|end|beginning|outset|peak).*|"
    rf"when .+|as of .+|prior to .+|on .+|in \d{{3,4}}.*|during .+|until .+|"
    rf"after .+|before .+|since .+|from .+|wave .+|stage .+|week .+|\d{{1,2}}\s+(?:{_MONTHS})\b.*|"
    rf"(?:{_MONTHS})\b\.?\s*\d{{1,2}}.*|(?:{_MONTHS})\b.*|phase .+|day \d+|\d{{3,4}})$",
    re.I,
)
_TOTAL_LABEL = re.compile(
    r"^(?:total|in total|overall|combined|altogether|total strength|total casualties|"
    r"total losses|all told)$",
    re.I,
)
_LABEL = re.compile(
    rf"^(?P<label>(?:on\s+)?\d{{1,2}}\s+(?:{_MONTHS})[a-z]*\.?(?:\s+\d{{1,4}})?|"
    rf"(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}(?:,?\s+\d{{3,4}})?|[^\d:()]{{1,60}}?)\s*:\s*(?P<rest>.*)$",
    re.I,
)


def kinds_of(words: str) -> frozenset[str]:
    words = re.sub(r"died of (?:his |their )?wounds", "died", words, flags=re.I)
    found = {kind for kind, rx in KIND_WORDS.items() if rx.search(words)}
    return frozenset(found)


def _kind_phrase(words: str) -> str:
    """The words from the first kind word to the last: ``killed or captured``."""
    spans = [m.span() for rx in KIND_WORDS.values() for m in rx.finditer(words)]
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    return " ".join(words[start:end].split())


def _only_kind_words(text: str) -> bool:
    rest = text
    for rx in KIND_WORDS.values():
        rest = rx.sub(" ", rest)
    return bool(kinds_of(text)) and not re.sub(r"[\s,/&]|\b(?:and|or|and/or)\b", "", rest)


# -- segments -------------------------------------------------------------------------------


@dataclass
class Entry:
    """One figure of a cell with everything said around it."""

    text: str
    amount: Amount | None = None
    words: str = ""
    kinds: frozenset[str] = frozenset()
    phrase: str = ""  # the kind words as written
    total: bool = False  # "casualties", "losses"
    other: str | None = None  # a kind outside the standard ones ("deserted")
    equipment: bool = False
    civilian: bool = False
    label: str | None = None
    group: str | None = None
    source: str | None = None
    bullet: bool = False
    notes: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)
    breakdown: bool = False  # a part of the figure before it, not to be added

    @property
    def unknown(self) -> bool:
        return self.amount is None and bool(_UNKNOWN_WORDS.search(self.words))

    @property
    def lead_in(self) -> bool:
        """A plain "Unknown" before the figures that follow it."""
        return self.amount is None and self.words.strip(" .;:").lower() in ("unknown", "unk", "?")

    @property
    def figure(self) -> bool:
        return self.amount is not None or self.unknown

    def where(self) -> str:
        named = " ".join(x for x in (self.group, self.label) if x)
        return named or self.words or (self.notes[0] if self.notes else "") or self.text


_MILLIONS = re.compile(
    r"(\d+(?:\.\d+)?)(?:\s*(–|—|-|to)\s*(\d+(?:\.\d+)?))?\s*(million|thousand)\b", re.I
)
_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3})((?:[.\u00a0\u202f\u2009]\d{3})+)(?![\d.,]*\d)")


def _scaled(match: re.Match[str]) -> str:
    scale = 1_000_000 if match[4].lower() == "million" else 1_000
    low = f"{round(float(match[1]) * scale):,}"
    if match[3] is None:
        return low
    return f"{low}{match[2]}{round(float(match[3]) * scale):,}"


def clean_cell(text: str) -> str:
    """Footnote marks and inline notes out; ``1.5 million`` and ``10.000`` as ``10,000``."""
    text = FOOTNOTE.sub("", text)
    text = re.sub(r"\[[^\]]{12,}\]", " ", text)  # a note printed inline in brackets
    text = _MILLIONS.sub(_scaled, text)
    text = _GROUPED.sub(lambda m: m[1] + re.sub(r"[.\u00a0\u202f\u2009]", ",", m[2]), text)
    text = text.replace("•", "*").replace("\u00a0", " ")
    return text


def split_top(text: str) -> list[str]:
    """Commas, semicolons and line ends outside brackets; a thousands comma stays."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in ",;\n":
            if (
                ch == ","
                and i > 0
                and text[i - 1].isdigit()
                and re.match(r"\d{3}(?!\d)", text[i + 1 :])
            ):
                continue
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return [s.strip() for s in out if s.strip()]


def _trailing_parens(seg: str) -> tuple[str, list[str]]:
    parens: list[str] = []
    while True:
        seg = seg.rstrip(" ./")
        if not seg.endswith(")"):
            break
        depth, i = 0, len(seg) - 1
        while i >= 0:
            if seg[i] == ")":
                depth += 1
            elif seg[i] == "(":
                depth -= 1
                if depth == 0:
                    break
            i -= 1
        if i <= 0:
            break
        parens.insert(0, seg[i + 1 : -1].strip())
        seg = seg[:i].strip()
    # a parenthesis inside the segment that holds no figure is a note
    inner = re.findall(r"\(([^()]*)\)", seg)
    for note in inner:
        if not re.search(r"\d", note):
            parens.append(note)
            seg = seg.replace(f"({note})", " ")
    return " ".join(seg.split()), parens


_NAME_NOTE = re.compile(r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)?$")
_DEMONYM = re.compile(
    r"(?:ans|ish|ese|ch|ians|[A-Z]\w*ards|Scots|Danes|Swedes|Poles|Turks|Greeks|Allies|Axis|"
    r"Soviets|Franks|Saxons|Goths|Huns|Arabs|Moors|Serbs|Croats|Czechs|Slovaks|Finns|Prussians|"
    r"Rebels|Royalists|Parliamentarians|Confederates|Federals|Union|Coalition)$"
)


def _name_notes_as_sources(entries: list[Entry]) -> None:
    """``12,000 (Rogers), 20,000 (Barker)``: figures each followed by a name are the figures
    of different authors, when two or more are; a people's name (``(Americans)``) is not."""
    named = [
        e
        for e in entries
        if e.amount is not None
        and len(e.notes) == 1
        and _NAME_NOTE.match(e.notes[0])
        and not _DEMONYM.search(e.notes[0])
    ]
    if len(named) >= 2 and not any(e.source for e in entries):
        for entry in named:
            entry.source = entry.notes.pop()


def read_entries(text: str) -> list[Entry]:
    entries = _read_entries(text)
    _name_notes_as_sources(entries)
    return entries


def _read_entries(text: str) -> list[Entry]:
    entries: list[Entry] = []
    group: str | None = None
    for raw in split_top(clean_cell(text)):
        bullet = bool(re.match(r"^[*#]", raw))
        seg = re.sub(r"^[*#\s]+", "", raw).strip()
        if not seg:
            continue
        if seg.startswith("(") and seg.endswith(")") and entries:
            _attach(entries, seg[1:-1].strip())
            continue
        seg, parens = _trailing_parens(seg)
        label = None
        match = _LABEL.match(seg) or _numbered_label(seg)
        if match and not re.fullmatch(r"\s*", match["label"]):
            if not match["rest"].strip():
                group = match["label"].strip()
                for paren in parens:
                    if entries:
                        entries[-1].notes.append(paren)
                continue
            label, seg = match["label"].strip(), match["rest"].strip()
        if entries and re.match(
            r"^(?:including|includes|incl\.|inc\.|of which|of whom|among them)\b", seg, re.I
        ):
            entries[-1].notes.append(seg)  # "20,000 men, including 5,000 cavalry"
            continue
        connector = re.match(r"^(?:and|but|plus|or|with|&)\s+", seg, re.I)
        if entries and not find_amount(seg) and _only_kind_words(seg):
            _extend_kinds(entries[-1], seg)
            continue
        if connector:
            seg = seg[connector.end() :]
        first = None
        for piece in _split_and(seg):
            entry = _entry(piece, label, group, bullet)
            if first is not None and first.equipment and not _PEOPLE.search(entry.words):
                entry.equipment = True  # "1 LST lost and 3 damaged": the same things
            first = first or entry
            entries.append(entry)
        for paren in parens:
            _attach(entries, paren)
    return entries


_ANY_LABEL = re.compile(r"^(?P<label>[^:()]{1,60}?)\s*:\s*(?P<rest>.*)$")


def _numbered_label(seg: str) -> re.Match[str] | None:
    """A label with a number in it that is not a figure: ``In 1941:``, ``Phase 2: 300``."""
    match = _ANY_LABEL.match(seg)
    if match is None or re.search(r"\d,\d{3}", match["label"]):
        return None
    label = match["label"].strip()
    named = re.fullmatch(
        r"(?:(?:in|by|from|until|after|before|during|since)\s+)?(?:1\d{3}|20\d{2})(?:\s*[-–]\s*\d{2,4})?|"
        r"(?:phase|day|stage|wave|week|month|round|assault|attack|offensive)\s+\d{1,3}",
        label,
        re.IGNORECASE,
    )
    return match if named else None


def _split_and(seg: str) -> list[str]:
    """``18 killed and 81 wounded``: two figures; ``700 knights and men-at-arms``: one."""
    if re.search(r"\bbetween\b", seg, re.IGNORECASE):
        return [seg]
    pieces = re.split(r"\s+(?:and|&|plus)\s+", seg)
    if len(pieces) > 1 and all(find_amount(p) for p in pieces):
        return pieces
    # "2,500 killed 3,000 wounded": a separator lost between two figures with their words
    pieces = re.split(rf"(?<=[a-z])\s+(?=(?:(?:{_PRE})\s*)?\d)", seg, flags=re.IGNORECASE)
    if len(pieces) > 1 and all(
        find_amount(p)
        and (kinds_of(p) or _PEOPLE.search(p) or EQUIPMENT.search(p))
        and not re.match(rf"^\d{{1,2}}\s+(?:{_MONTHS})\b", p, re.IGNORECASE)
        for p in pieces
    ):
        return pieces
    return [seg]


def _entry(text: str, label: str | None, group: str | None, bullet: bool) -> Entry:
    entry = Entry(text=text, label=label, group=group, bullet=bullet)
    found = find_amount(text)
    if found is not None:
        amount, start, end = found
        entry.amount = amount
        if amount.doubt:
            entry.doubts.append(amount.doubt)
        entry.words = " ".join((text[:start] + " " + text[end:]).split())
        if (
            start > 0
            and re.search(r"[A-Za-z]{3,}", text[:start])
            and not re.fullmatch(
                rf"\s*(?:(?:{_APPROX}|{_LOWER}|{_UPPER}|between|from)\s*)*", text[:start], re.I
            )
        ):
            entry.doubts.append("the number is in the middle of words")
    else:
        entry.words = text
        unknown_of = re.match(r"^(?:an?\s+)?unknown\s+(?:number|amount)\s+of\s+(.*)$", text, re.I)
        if unknown_of:
            entry.words = "unknown " + unknown_of.group(1)
    words = entry.words
    if entry.amount is not None and label is None and _TOTAL_LABEL.match(words.strip(" :.")):
        entry.label = "Total"  # "24,000 total:"
    if _UNCERTAIN_WORDS.search(text) and entry.amount is not None:
        entry.amount.approx = True
        entry.doubts.append("the source hedges this figure")
    context = " ".join(x for x in (words, label or "", group or "") if x)
    entry.civilian = bool(re.search(r"\bcivilians?\b", context, re.I))
    if entry.civilian and re.search(
        r"\b(?:including|incl\.?|inc\.?|among them|of whom|with|and)\b[^,]*\bcivilians?",
        words,
        re.I,
    ):
        entry.civilian = False  # "4,000 killed including civilians": not civilians alone
        entry.doubts.append("civilians among them")
    entry.equipment = bool(EQUIPMENT.search(words)) and not re.search(
        r"\b(?:men|troops|soldiers|crews?|sailors|personnel|people)\b", words, re.I
    )
    entry.kinds = kinds_of(words) or (kinds_of(label or "") if entry.amount else frozenset())
    if entry.kinds:
        entry.phrase = _kind_phrase(words if kinds_of(words) else (label or ""))
    entry.total = bool(_TOTAL_WORDS.search(words)) or bool(
        not entry.kinds and re.search(r"\bvictims\b", context, re.I)
    )
    if re.search(r"\bvictims\b", context, re.I) and not entry.kinds:
        entry.kinds, entry.total, entry.phrase = frozenset({"killed"}), False, "victims"
    other = _OTHER_KINDS.search(words)
    if other and not entry.kinds:
        entry.other = other.group(0).lower()
    return entry


def _extend_kinds(entry: Entry, more: str) -> None:
    entry.text = f"{entry.text}, {more}"
    entry.kinds = entry.kinds | kinds_of(more)
    entry.phrase = f"{entry.phrase}, {' '.join(more.split())}".strip(", ")


def _attach(entries: list[Entry], inner: str) -> None:
    """A parenthesis after a figure: an attribution, a note, or the figure itself."""
    entry = entries[-1]
    low = inner.lower()
    if not inner or re.match(r"^see\b", low):
        return
    if re.match(
        r"^(?:inc\.|incl\.|including|includes|of which|out of which|among them|among whom)", low
    ):
        entry.notes.append(inner)
        return
    if _CITATION.match(inner):
        entry.source = inner  # "(Smith 2005)": whose figure this is
        return
    has_number = find_amount(inner) is not None
    if (
        not has_number
        and entry.label is None
        and (_TOTAL_LABEL.match(inner.strip(" :.")) or _PHASE.match(inner.strip(" :.")))
    ):
        entry.label = inner.strip(" :.")  # "10,800 (at the start)", "16,000 (total)"
        return
    if not has_number and _ESTIMATE_WORDS.search(inner):
        entry.source = inner
        return
    if has_number and entry.amount is None:
        replaced = _entry(inner, entry.label, entry.group, entry.bullet)
        replaced.text = f"{entry.text} ({inner})"
        replaced.doubts.append("the figure is in a parenthesis")
        entries[-1] = replaced
        return
    if has_number and not entry.kinds and not entry.equipment:
        subs = read_entries(inner)
        if subs and any(s.kinds for s in subs):
            for sub in subs:
                sub.group = entry.group if sub.group is None else sub.group
                sub.label = sub.label or entry.label
                sub.breakdown = False
            entry.total = True
            entry.notes.append(f"({inner})")
            entries.extend(subs)
            return
    entry.notes.append(inner)


# -- putting a cell together ----------------------------------------------------------------


@dataclass
class Check:
    """A drafted value the curator must look at, and why."""

    value: Any
    reason: str


def quote(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return '"' + text.replace('"', "'") + '"'


def _shown(entry: Entry) -> str:
    """An entry as the box words it, its label and notes included."""
    text = f"{entry.label}: {entry.text}" if entry.label else entry.text
    return text + "".join(f" ({note})" for note in entry.notes)


def _value(entry: Entry) -> int | str:
    return entry.amount.short() if entry.amount is not None else "unknown"


def _long(entries: list[Entry], text: str) -> dict[str, Any]:
    """One figure from entries: a value, or parts summed."""
    text = clean_cell(text)
    if len(entries) == 1:
        return {"value": _value(entries[0]), "text": " ".join(text.split())}
    return {
        "parts": [{"label": _part_label(e), "value": _value(e)} for e in entries],
        "text": " ".join(text.split()),
    }


def _part_label(entry: Entry) -> str:
    label = entry.where()
    return " ".join(label.split())[:200] or "part"


def _estimate_groups(
    entries: list[Entry], *, phases_too: bool = True
) -> list[tuple[str | None, list[Entry]]] | None:
    """Entries closed by attributions, or labelled as estimates, as alternatives; for a
    strength, figures at different times ("Initially:", "13 March:") are alternatives too."""

    def tag(entry: Entry) -> str | None:
        for name in (entry.label, entry.group):
            if name and (_ESTIMATE_WORDS.search(name) or (phases_too and _PHASE.match(name))):
                return name
        return None

    if not any(e.source or tag(e) for e in entries):
        return None
    groups: list[tuple[str | None, list[Entry]]] = []
    current: list[Entry] = []
    opened: str | None = None  # a label that opens a group: "Livy:", "Initially:"
    for entry in entries:
        name = tag(entry)
        if name and name != opened:
            if current:
                groups.append((opened, current))
            current, opened = [], name
        current.append(entry)
        if entry.source:
            groups.append((entry.source, current))
            current, opened = [], None
    if current:
        groups.append((opened, current))
    return groups


_FORMATIONS = re.compile(
    r"\d\s*(?:[\w-]+\s+){0,2}(?:battalions?|divisions?|regiments?|brigades?|corps|armies|"
    r"companies|legions?|cohorts?|detachments?|tercios?)\b",
    re.I,
)


_WHO = re.compile(
    r"\b(?:men[- ]at[- ]arms|men|man|troops|soldiers|strong|crews?|sailors|seamen|marines|"
    r"infantry|infantrymen|personnel|people|warriors|fighters?|militia|militiamen|rebels|partisans|guerrillas|"
    r"insurgents|civilians?|knights|archers|crossbowmen|cavalry|cavalrymen|horsemen|"
    r"regulars|volunteers|conscripts|mercenaries|auxiliaries|officers|generals|police|"
    r"policemen|gendarmes|combatants|combat|and|or|of|the|in|all|total|killed|dead|wounded|"
    r"captured|missing|prisoners)\b",
    re.I,
)


def _extra_words(words: str) -> str:
    """Lower-case words beside a figure that say more than who was counted ("and many
    auxiliaries", "in the first assault alone"): the figure may not be the whole."""
    rest = re.sub(r"\b[A-Z][\w'’-]*", " ", words)  # peoples' names: "American troops"
    rest = _WHO.sub(" ", rest)
    return " ".join(re.sub(r"[^a-z]+", " ", rest).split())


def strength(text: str) -> tuple[Any, list[str]]:
    """The strength in men (a value, a long form, or a Check) and the equipment's words.

    Formations counted beside men ("3,000 men, 2 divisions") hold men of their own: the figure
    for men is then not the whole strength, and carries a CHECK."""
    value, equipment = _strength(text)
    if value is not None and not isinstance(value, Check) and _FORMATIONS.search(text):
        whole = " ".join(text.split())
        value = Check(value, f"formations are counted beside the men: {quote(whole)}")
    return value, equipment


def _strength(text: str) -> tuple[Any, list[str]]:
    entries = read_entries(text)
    equipment = [_shown(e) for e in entries if e.equipment]
    people = [e for e in entries if e.figure and not e.equipment]
    numbered = [e for e in people if e.amount is not None]
    if numbered:
        people = [e for e in people if not e.lead_in]
    whole = " ".join(text.split())
    if not people:
        if not equipment and re.search(r"\w", whole):
            return Check("unknown", f"no figure read: {quote(whole)}"), equipment
        return None, equipment
    totals = [e for e in numbered if e.label and _TOTAL_LABEL.match(e.label)]
    if totals:
        return Check(
            _long(totals[:1], text),
            f"the stated total; the other figures are its breakdown or other times: {quote(whole)}",
        ), equipment
    groups = _estimate_groups(people)
    if groups is not None and len(groups) > 1:
        estimates = [_long(g, " ".join(e.text for e in g)) for _, g in groups]
        for (label, _), est in zip(groups, estimates, strict=True):
            if label:
                est["note"] = label
        known = [e for e in estimates if e.get("value") != "unknown"]
        if known and len(known) < len(estimates):
            estimates = known
        if len(estimates) == 1:
            return Check(estimates[0], f"one estimate of several: {quote(whole)}"), equipment
        return Check(
            {"estimates": estimates, "text": whole},
            f"alternative estimates (or times), never a sum: {quote(whole)}",
        ), equipment
    first, rest = people[0], people[1:]
    if (
        rest
        and first.amount is not None
        and not first.bullet
        and not first.label
        and all(e.bullet for e in rest)
    ):
        return Check(
            _long([first], text), f"a total with a bulleted breakdown: {quote(whole)}"
        ), equipment
    if len(people) > 1:
        return Check(_long(people, text), f"parts of one side, summed: {quote(whole)}"), equipment
    entry = people[0]
    if entry.amount is None:
        return (
            "unknown" if entry.lead_in else Check("unknown", f"no number: {quote(whole)}")
        ), equipment
    doubts = list(entry.doubts) + (["a label"] if entry.label or entry.group else [])
    if entry.notes:
        doubts.append("a note beside it")
    if _extra_words(entry.words):
        doubts.append(f"words beside the figure ({_extra_words(entry.words)})")
    if doubts:
        return Check(_long([entry], text), f"{'; '.join(doubts)}: {quote(whole)}"), equipment
    if entry.words or entry.notes or equipment:
        out = _long([entry], text)
        if entry.notes:
            out["note"] = "; ".join(entry.notes)
        return out, equipment
    return _value(entry), equipment


@dataclass
class Losses:
    side: dict[str, Any] = field(default_factory=dict)
    civilians: dict[str, Any] = field(default_factory=dict)
    equipment: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _kind_key(entry: Entry) -> str:
    """killed, wounded, captured, missing, total, or ``other:LABEL``."""
    if entry.other:
        return f"other:{entry.other}"
    if len(entry.kinds) == 1:
        return next(iter(entry.kinds))
    if len(entry.kinds) >= 3:
        return "total"
    if len(entry.kinds) == 2:
        return f"other:{entry.phrase}"
    return "total"


def casualties(text: str, *, civilians_cell: bool = False) -> Losses:
    """Losses by kind (each a value, a long form or a Check), civilians, equipment, notes."""
    out = Losses()
    whole = " ".join(text.split())
    entries = read_entries(text)
    out.equipment = [_shown(e) for e in entries if e.equipment]
    entries = [e for e in entries if not e.equipment]
    numbered = [e for e in entries if e.amount is not None]
    if numbered:
        dropped = [e for e in entries if e.lead_in]
        entries = [e for e in entries if not e.lead_in]
        if dropped:
            for e in numbered:
                e.doubts.append("the box also says 'unknown'")
    for e in entries:
        if not e.figure:
            out.notes.append(e.text)
    entries = [e for e in entries if e.figure]
    civilian = [e for e in entries if e.civilian or civilians_cell]
    military = [e for e in entries if not (e.civilian or civilians_cell)]
    for target, group in ((out.side, military), (out.civilians, civilian)):
        if group:
            _losses_into(target, group, whole, out.notes, civilian=group is civilian)
    return out


def _losses_into(
    target: dict[str, Any], entries: list[Entry], whole: str, notes: list[str], *, civilian: bool
) -> None:
    numbered = [e for e in entries if e.amount is not None]
    unknowns = [e for e in entries if e.amount is None]
    by_kind: dict[str, list[Entry]] = {}
    for entry in numbered:
        key = _kind_key(entry)
        if civilian and key == "total" and not entry.total:
            key = "killed"
            entry.doubts.append("civilians with no kind: read as killed")
        by_kind.setdefault(key, []).append(entry)
    # words with no number: a part of the one kind stated, or the total unknown
    stated = [k for k in by_kind if k != "total"]
    for entry in unknowns:
        kind: str | None = _kind_key(entry) if (entry.kinds or entry.other) else None
        if (
            kind is None
            and len(stated) == 1
            and not entry.lead_in
            and (
                entry.label
                or entry.group
                or entry.words.strip().lower() not in ("unknown", "heavy", "light", "minimal")
            )
        ):
            kind = stated[0]
            entry.doubts.append("a part with no number")
        if kind is None and not numbered:
            kind = "total"
        if kind is None:
            notes.append(entry.text)
            continue
        by_kind.setdefault(kind, []).append(entry)
    groups = _estimate_groups(entries, phases_too=False)
    for key, found in by_kind.items():
        value = _combine(found, groups, whole, key)
        if key.startswith("other:"):
            label = key.removeprefix("other:")
            inner = value.value if isinstance(value, Check) else value
            if isinstance(inner, dict):
                inner = inner.get("value", "unknown") if "value" in inner else inner
            reason = value.reason if isinstance(value, Check) else "another kind of loss"
            target.setdefault("other", []).append(
                Check(
                    {"label": label, "value": inner},
                    f"{reason}: {quote(whole)}" if not isinstance(value, Check) else reason,
                )
            )
        else:
            target[key] = value


def _combine(
    found: list[Entry], groups: list[tuple[str | None, list[Entry]]] | None, whole: str, key: str
) -> Any:
    if groups is not None and len(groups) > 1:
        alternatives = []
        for label, members in groups:
            mine = [e for e in members if e in found]
            if mine:
                est = _long(mine, " ".join(e.text for e in mine))
                if label:
                    est["note"] = label
                alternatives.append(est)
        known = [a for a in alternatives if a.get("value") != "unknown"]
        if known and len(known) < len(alternatives):
            alternatives = known
        if len(alternatives) == 1:
            return Check(alternatives[0], f"one source's figure: {quote(whole)}")
        return Check(
            {"estimates": alternatives, "text": whole},
            f"alternative estimates, never a sum: {quote(whole)}",
        )
    totals = [e for e in found if e.label and _TOTAL_LABEL.match(e.label)]
    if totals and len(found) > 1:
        return Check(_long(totals[:1], totals[0].text), f"the stated total: {quote(whole)}")
    if len(found) > 1:
        return Check(_long(found, whole), f"parts summed per kind: {quote(whole)}")
    entry = found[0]
    if entry.amount is None:
        return (
            Check("unknown", f"no number: {quote(entry.text)}")
            if entry.words.strip().lower() not in ("unknown", "unk")
            else "unknown"
        )
    doubts = list(entry.doubts)
    if key == "total" and not entry.total and not entry.kinds:
        doubts.append("no kind given: read as the total")
    if len(entry.kinds) >= 3 or (len(entry.kinds) == 2):
        doubts.append("kinds combined")
    if entry.label or entry.group:
        doubts.append("a label")
    if entry.notes:
        doubts.append("a note beside it")
    rest = re.sub(r"[^A-Za-z]", " ", entry.words)
    for rx in KIND_WORDS.values():
        rest = rx.sub(" ", rest)
    rest = _TOTAL_WORDS.sub(" ", rest)
    if _extra_words(rest):
        doubts.append(f"words beside the figure ({_extra_words(rest)})")
    if doubts:
        return Check(_long([entry], entry.text), f"{'; '.join(doubts)}: {quote(entry.text)}")
    if rest.strip() or entry.notes:
        out = _long([entry], entry.text)
        if entry.notes:
            out["note"] = "; ".join(entry.notes)
        return out
    return _value(entry)
