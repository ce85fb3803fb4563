"""Plain-text helpers shared by every output: untrusted text made safe for a terminal."""

from __future__ import annotations

import re

# C0 controls (except newline and tab), DEL, and C1 controls: ESC, CSI, OSC, BEL, BS, CR...
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control character shown as a visible escape (``\\x1b``).

    Text from data files goes through this before it reaches a terminal, so that no escape
    sequence, carriage return or bell from a record can act on the user's screen. Newlines
    are kept only when ``newlines`` is true; otherwise they become spaces, as do tabs.
    """
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    if not newlines:
        text = text.replace("\n", " ").replace("\t", " ")
    return text
