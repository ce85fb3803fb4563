"""Plain-text helpers shared by every output: untrusted text made safe for a terminal."""

from __future__ import annotations

import re

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
