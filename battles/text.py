"""Plain-text helpers shared by every output: untrusted text made safe for a terminal."""

from __future__ import annotations

import functools
import re
import unicodedata

# C0 controls (except newline and tab), DEL, and C1 controls: ESC, CSI, OSC, BEL, BS, CR...
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Characters that are invisible or reorder the text around them: bidirectional embeddings,
# overrides and isolates (U+202A-202E, U+2066-2069, the marks U+200E, U+200F, U+061C),
# zero-width spaces and joiners, word joiner and invisible operators, the line and paragraph
# separators, the BOM, the soft hyphen, interlinear annotation marks; and lone surrogates
# (a file name that is not UTF-8, as Python holds it).
INVISIBLE = (
    "\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
_UNSAFE: list[re.Pattern[str]] = []  # compiled when first needed (start-up matters)


def _unsafe() -> re.Pattern[str]:
    if not _UNSAFE:
        _UNSAFE.append(re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{INVISIBLE}\\ud800-\\udfff]"))
    return _UNSAFE[0]


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def clean(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control character shown as a visible escape (``\\x1b``), and every
    invisible or reordering one too (``\\u202e``).

    Text from data files goes through this before it reaches a terminal, so that no escape
    sequence, carriage return, bell or bidirectional override from a record can act on the
    user's screen or make one text look like another. Newlines are kept only when
    ``newlines`` is true; otherwise they become spaces, as do tabs.
    """
    text = _CONTROL.sub(_escape, text) if text.isascii() else _unsafe().sub(_escape, text)
    if not newlines:
        text = text.replace("\n", " ").replace("\t", " ")
    return text


def shown_name(name: str) -> str:
    """A file name or path as messages show it: the bytes of a name that is not UTF-8 as
    ``\\xff`` escapes (Python holds them as lone surrogates, which no stream can write)."""
    if name.isascii():
        return name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = name.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a surrogate no file name holds
            return name.encode("utf-8", "backslashreplace").decode("utf-8")
        return raw.decode("utf-8", "backslashreplace")
    return name


# -- names: lookup keys, slugs and transliteration --

# The format characters (Unicode's category Cf, as of Unicode 14), which show nothing or
# reorder the text around them: zero-width spaces and joiners, bidirectional controls, the
# BOM, the soft hyphen, tags... A lookup leaves them out, so "Kru\u200bsevac" is no other name
# than "Krusevac".
_INVISIBLE = (  # a character class, compiled on first use (start-up matters)
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)


@functools.cache
def _pattern(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled once, when first used: a run that reads no such text (``show``
    from the cache) compiles none of them."""
    return re.compile(pattern)


def normalise(text: str) -> str:
    """What lookups compare: no accents, no case, spaces/hyphens/underscores alike."""
    if text.isascii():  # the common case: nothing to decompose
        return " ".join(text.lower().replace("_", " ").replace("-", " ").split())
    text = _pattern(_INVISIBLE).sub("", text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = _unaccented(decomposed)  # drop the accents (combining marks)
    plain = plain.replace("đ", "dj").replace("ł", "l").replace("ø", "o")
    if _pattern(_CYRILLIC_CHARS).search(plain):  # translate() is slow: only if needed
        plain = plain.translate(_CYRILLIC)  # Крушевац and Kruševac are one name
    # Whitespace (str.split's is the pattern's \s: str.isspace), underscores and dashes as
    # one space, a run of them as one: quicker than a pattern on a long text.
    plain = plain.replace("_", " ").replace("-", " ").replace("–", " ").replace("—", " ")
    return " ".join(plain.split())


def _unaccented(text: str) -> str:
    """``text`` without its combining marks: each different one removed in one pass (a
    record's whole text holds a few kinds of accent, many times)."""
    for char in set(text):
        if char > "\x7f" and unicodedata.combining(char):
            text = text.replace(char, "")
    return text


def ascii_form(text: str) -> str:
    """:func:`normalise`'s result, ASCII only and found faster: the other characters are
    left out (which can only bring more text together), and spaces, hyphens and underscores
    become spaces without a run of them becoming one. So a normalised ASCII text found in
    ``normalise(text)`` is found in ``ascii_form(text)`` by :func:`ascii_pattern`."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = plain.replace("đ", "dj").replace("ł", "l").replace("ø", "o").translate(_CYRILLIC)
    plain = _pattern(_WIDE_SEPARATORS).sub(" ", plain)  # before the other non-ASCII goes
    return plain.encode("ascii", "ignore").decode("ascii").translate(_TO_SPACE)


# What normalise's pattern [\s_\-–—] matches: \s is every character str.isspace() accepts.
SPACES = (
    "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_TO_SPACE = str.maketrans(dict.fromkeys([c for c in SPACES + "_-" if c.isascii()], " "))
_WIDE_SEPARATORS = "[" + "".join(c for c in SPACES + "–—" if not c.isascii()) + "]"


def ascii_pattern(wanted: str) -> re.Pattern[str]:
    """Finds a normalised ASCII text in :func:`ascii_form`'s result: a space in it stands
    for a run of spaces there."""
    return re.compile(" +".join(re.escape(word) for word in wanted.split(" ")))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-")


# Serbian Cyrillic as Serbian Latin writes it (less the accents), and the other Cyrillic
# letters as their usual Latin spelling: ids made from file names (Крушевац.yaml: krusevac)
# stay ASCII.
_CYRILLIC: dict[int, str] = {
    ord(cyrillic): latin
    for cyrillic, latin in zip(
        "абвгдежзийјклмнопрстуфхцчшыэёіћґ", "abvgdezzijjklmnoprstufhccsyeeicg", strict=True
    )
}
_CYRILLIC.update(
    (ord(pair[0]), pair[1:])
    for pair in ("ђdj", "љlj", "њnj", "џdz", "щsc", "юju", "яja", "єje", "їji")
)
_CYRILLIC.update({ord("ъ"): "", ord("ь"): ""})
_CYRILLIC_CHARS = "[" + re.escape("".join(map(chr, _CYRILLIC))) + "]"


def transliterate(text: str) -> str:
    """``text`` with Cyrillic letters in Latin ones (see _CYRILLIC); the rest as it is."""
    if text.isascii():
        return text
    return text.casefold().translate(_CYRILLIC)
