"""A value from the user's input as a message shows it: short, on one line, with no control characters.

A cell or a key is echoed to a terminal, a CI log or a spreadsheet cell: whole, a 10 MB
value would flood it, and an ESC sequence or a right-to-left override in it would
rewrite what the reader sees. So a value is cut to a few dozen characters with an
ellipsis, and every control or bidirectional-formatting character is shown as its
escape (`\\x1b`, `\\u202e`).
"""

from __future__ import annotations

import unicodedata

__all__ = ["SHOWN_CHARS", "shown"]

SHOWN_CHARS = 60


def _escaped(char: str) -> str:
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    if char == "\t":
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """`value` as text of at most `limit` characters (and «…»), control and format characters escaped."""
    if isinstance(value, int) and value.bit_length() > 64:  # str() of 4 300+ digits raises; nobody reads them
        return f"целое число примерно из {value.bit_length() * 30103 // 100000} цифр"
    text = value if isinstance(value, str) else str(value)
    cut = len(text) > limit
    text = text[:limit]
    if not text.isprintable():  # the common case (plain text) pays for one check only
        text = "".join(c if c.isprintable() or (c == " ") or unicodedata.category(c) == "Zs" else _escaped(c) for c in text)
    return text + "…" if cut else text
