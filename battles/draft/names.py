"""Names in an infobox's cells: belligerents, commanders with their fates, units.

A wikitext cell's lines are its items. A flattened cell joins its lines with commas, so its
items are found by reading: a comma inside a name ("Charles II, Count of Alençon") does not
split it, a link's target printed before its label ("Kadesh (Syria), Kadesh") is one name,
and names whose line breaks were lost ("Earl of Hereford Earl of Pembroke") are split again.
Flags, footnote marks, headings ("Supported by:") and fate marks never stay in a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from battles.draft.infobox import SEPARATOR, Cell

FOOTNOTE = re.compile(
    r"\[(?:\d{1,3}|[a-z]{1,2}|[ivx]{1,5}|(?:note|nb|n|lower-alpha|upper-alpha)\s*\d+|"
    r"citation needed|clarification needed|dubious(?: – discuss)?|when\?|who\?)\]",
    re.IGNORECASE,
)
_FLAG_REMAINS = re.compile(
    r"(?:flagicon image\s*\|\s*[^|,]+?\.(?:svg|png|gif|jpe?g)\s*|\b\d{1,3}px(?:\s*\|\s*border)?\s*|"
    r"\bborder\s*\|\s*)",
    re.IGNORECASE,
)
_HEADING = re.compile(
    r"^(?:supported by|allies|allied|co-?belligerents?|in support|with support (?:of|from)|"
    r"support|naval support|air support|logistical support|backed by|alongside|"
    r"in alliance with|affiliated|mercenaries|later|from \d{3,4}|until \d{3,4})\s*:\s*",
    re.IGNORECASE,
)
_TITLES = (
    "Sir|Earl|Baron|Lord|Lady|Count|Countess|Duke|Duchess|King|Queen|Prince|Princess|Marquess|"
    "Marquis|Viscount|Emir|Sultan|Emperor|Empress|Margrave|Landgrave|Archduke|Bishop|Archbishop|"
    "Cardinal|General|Admiral|Marshal|Field Marshal|Colonel|Major|Captain|Lieutenant"
)
_APPOSITION = re.compile(
    r"^(?:(?:\d+(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|"
    rf"Tenth)\s+)?(?:{_TITLES})\s+(?:of|von|de|di|du|d')\b",
)
_ORDINAL_TITLE = re.compile(rf"^\d+(?:st|nd|rd|th)\s+(?:{_TITLES})\b")
_ROMAN_END = re.compile(r"\b[IVX]{1,5}$")
_SPLIT_BEFORE_TITLE = re.compile(
    r"(?<=[a-z\u00e0-\u024f]|[IVX])\s+(?=(?:Sir|Earl|Baron|Lord|Count|Duke|King|Prince|Marquess|"
    r"Viscount)\s+(?:of\s+)?[A-Z\u00c0-\u024f])"
)
_MODIFIERS = {
    "crown", "grand", "black", "the", "holy", "roman", "great", "high", "war", "sea", "field",
    "marshal", "general", "admiral", "colonel", "captain", "major", "lieutenant", "emperor",
}  # fmt: skip


# an image's file name printed before a name: "Flag of the Ottoman Empire.svg Ottoman Empire"
_FILE_NAME = re.compile(r"^(?:(?:File|Image):)?[^,|]{0,80}?\.(?:svg|png|gif|jpe?g)\b\s*", re.I)
_NOBODY = {"unknown", "n/a", "none", "?", "-", "–", "various", "unk", "unknown commanders"}


def clean_name(text: str) -> str:
    """A name without footnote marks, flag remains, bullets or stray punctuation."""
    text = FOOTNOTE.sub("", text)
    text = re.sub(r"\[[^\]]{12,}\]", "", text)  # a bracketed note printed inline
    text = _FLAG_REMAINS.sub("", text)
    text = re.sub(r"^[\s*•#:|·]+", "", text)
    text = _FILE_NAME.sub("", text)
    text = re.sub(r"[\s,;/|·]+$", "", text)
    return " ".join(text.split())


def flat_items(text: str) -> list[tuple[str, int]]:
    """A flattened cell's items with their bullet depth, before reading them as names."""
    out: list[tuple[str, int]] = []
    text = _FLAG_REMAINS.sub("", FOOTNOTE.sub("", text)).replace(SEPARATOR, ",")
    for piece in re.split(r"\s*,\s+|\s+,\s*|\s*\|\s*|\s*;\s+|\s*,$", text):
        stripped = piece.strip()
        match = re.match(r"^([*•]+)\s*", stripped)
        depth = len(match.group(1)) if match else 0
        name = clean_name(stripped)
        if name:
            out.append((name, depth))
    return out


def cell_items(cell: Cell | None, *, people: bool) -> list[tuple[str, int]]:
    """The items of a cell (name, depth), read as the form of the cell requires."""
    if not cell:
        return []
    assert cell is not None
    if not cell.flat:
        items = []
        for line in cell.lines:
            if line.text == SEPARATOR:
                continue
            name = clean_name(line.text)
            if name:
                items.append((name, line.depth))
        return _drop_headings(items)
    items = flat_items(cell.lines[0].text)
    items = _split_lost_breaks(_join_appositions(items)) if people else _join_word_lists(items)
    return _drop_headings(_drop_labels(items))


def _drop_headings(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out = []
    for name, depth in items:
        stripped = _HEADING.sub("", name).strip()
        if not stripped or (name.endswith(":") and len(name.split()) <= 4):
            continue
        if stripped.casefold() in _NOBODY:
            continue
        out.append((stripped, depth))
    return out


def _split_lost_breaks(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``Earl of GloucesterKIA Baron CliffordKIA Henry de Beaumont``: three men."""
    out = []
    for name, depth in items:
        pieces = re.split(
            r"(?<=[a-z\u00e0-\u024f])(KIA|DOW|POW|WIA|MIA)\s+(?=[A-Z\u00c0-\u024f])", name
        )
        joined = []
        for i in range(0, len(pieces), 2):
            joined.append(pieces[i] + (pieces[i + 1] if i + 1 < len(pieces) else ""))
        for piece in joined:
            for part in _split_titles(piece):
                out.append((part, depth))
    return out


def _split_titles(name: str) -> list[str]:
    parts: list[str] = []
    last = 0
    for match in _SPLIT_BEFORE_TITLE.finditer(name):
        before = name[last : match.start()].split()
        if (
            len(before) < 2
            or before[-1].lower() in _MODIFIERS
            or re.fullmatch(r"\d+(?:st|nd|rd|th)|.*,", before[-1])
        ):
            continue
        parts.append(name[last : match.start()].strip())
        last = match.end()
    parts.append(name[last:].strip())
    return [p for p in parts if p]


def _join_appositions(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``Charles II, Count of Alençon`` and ``Robert Munro, 18th Baron of Foulis``: one man."""
    out: list[tuple[str, int]] = []
    for name, depth in items:
        if out:
            prev = out[-1][0]
            bare = strip_fate(prev)[0]
            joins = _ORDINAL_TITLE.match(name) or (
                _APPOSITION.match(name) and bare == prev and _is_personal_name(bare)
            )
            if joins:
                out[-1] = (f"{prev}, {name}", out[-1][1])
                continue
        out.append((name, depth))
    return out


_TITLE_START = re.compile(rf"^(?:{_TITLES})\b")


def _is_personal_name(name: str) -> bool:
    """``Rudolph``, ``Charles II``, ``Arthur Wellesley``: a man's own name, which a title
    after a comma describes; not ``Sir Robert Keith`` or ``Earl of Moray``, after which a
    title is another man."""
    words = name.split()
    if _TITLE_START.match(name):
        return False  # "King Henry V, Duke of York": two men
    if len(words) == 1 or _ROMAN_END.search(name):
        return True
    return (
        2 <= len(words) <= 4
        and not _TITLE_START.match(name)
        and " of " not in name
        and all(
            w[:1].isupper() or w in ("de", "von", "van", "di", "da", "du", "la", "le")
            for w in words
        )
    )


def _join_word_lists(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``Frankish, English, Norman & Cuman mercenaries``: one entry, a list of peoples."""
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(items):
        j = i
        while j < len(items) and len(items[j][0].split()) == 1 and (j == i or items[j][1] == 0):
            j += 1
        if j - i >= 2 and j < len(items) and re.search(r"\s(?:&|and)\s", items[j][0]):
            out.append((", ".join(n for n, _ in items[i : j + 1]), items[i][1]))
            i = j + 1
            continue
        out.append(items[i])
        i += 1
    return out


def _drop_labels(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """A link printed as its target and then its label is one name: keep the target."""
    out: list[tuple[str, int]] = []
    for name, depth in items:
        if out and _is_label_of(name, out[-1][0]):
            continue
        out.append((name, depth))
    return out


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _is_label_of(label: str, target: str) -> bool:
    if label == target:
        return False
    bare = re.sub(r"\s*\([^)]*\)\s*", " ", target).strip()
    if label.casefold() == bare.casefold():
        return True
    words, target_words = _words(label), _words(target)
    if words and len(words) < len(target_words) and set(words) <= set(target_words):
        return target.casefold().startswith(label.casefold()) or target.casefold().endswith(
            label.casefold()
        )
    if len(words) == 1 and len(target_words) >= 3 and len(words[0]) >= 4:
        return target_words[0][:4] == words[0][:4] and target_words[0] != words[0]
    return False


# -- fates ------------------------------------------------------------------------------------

FATE_MARKS = {
    "kia": "killed in action",
    "killed in action": "killed in action",
    "killed": "killed in action",
    "†": "killed in action",
    "dow": "died of wounds",
    "died of wounds": "died of wounds",
    "mortally wounded": "died of wounds",
    "pow": "captured",
    "captured": "captured",
    "surrendered": "captured",
    "taken prisoner": "captured",
    "prisoner": "captured",
    "wia": "wounded",
    "wounded": "wounded",
    "mia": "missing",
    "missing": "missing",
    "executed": "executed",
}
_DATE_TAIL = r"(?:\s*,?\s*(?:on\s+)?(?:\d{1,2}\s+)?(?:[A-Z][a-z]+\.?\s+)?\d{1,4}(?:\s*(?:BC|AD))?)?"
_FATE_END = re.compile(
    r"(?:\s*[\(\[]\s*(?P<p>KIA|DOW|POW|WIA|MIA|†|executed|captured|surrendered|"
    r"killed(?: in action)?|died of wounds|mortally wounded|wounded|missing|taken prisoner|"
    r"prisoner)" + _DATE_TAIL + r"\s*[\)\]]"
    r"|\s*(?P<g>KIA|DOW|POW|WIA|MIA)"
    + _DATE_TAIL
    + r"|\s*(?P<d>†)"
    + _DATE_TAIL
    + r"|\s+(?P<w>[Ee]xecuted|[Ss]urrendered|\(?[Cc]aptured\)?)"
    + _DATE_TAIL
    + r")\s*$"
)


def strip_fate(name: str) -> tuple[str, str | None, str | None]:
    """(name, fate, mark as written) from a name followed by a fate mark."""
    match = _FATE_END.search(name)
    if match is None or match.start() == 0:
        return name, None, None
    word = next(g for g in match.groups() if g is not None)
    fate = FATE_MARKS.get(word.strip("()").lower())
    if fate is None:
        return name, None, None
    return name[: match.start()].strip(" ,"), fate, match.group(0).strip()


@dataclass
class Commander:
    name: str
    fate: str | None = None
    mark: str | None = None  # the fate as written
    role: str | None = None
    depth: int = 0

    def as_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.role:
            out["role"] = self.role
        if self.fate:
            out["fate"] = self.fate
        return out


def commanders(cell: Cell | None) -> list[Commander]:
    found = []
    for item, depth in cell_items(cell, people=True):
        name, fate, mark = strip_fate(item)
        role = None
        paren = re.search(r"\s*\(([^()]*)\)\s*$", name)
        if paren and paren.start() > 0:
            inner = paren.group(1).strip()
            _, inner_fate, inner_mark = strip_fate(f"x ({inner})")
            if inner_fate is not None and fate is None:
                fate, mark = inner_fate, inner_mark
            elif inner:
                role = inner
            name = name[: paren.start()].strip()
        name, fate2, mark2 = strip_fate(name) if fate is None else (name, fate, mark)
        if name:
            found.append(Commander(name, fate2, mark2, role, depth))
    return found


def belligerents(cell: Cell | None) -> list[str]:
    return [name for name, _ in cell_items(cell, people=False)]
