"""Text from Jira or the user made harmless for a terminal before it is printed or drawn.

An issue summary, a colleague's comment or a mistyped argument may hold ESC (colours, cursor
moves, a new window title), BEL, CR (overwriting what was printed) or bidi overrides (text
that reads differently from what it is). None of them has a place in a timesheet, so they are
removed; tabs and newlines are kept where text has lines. JSON output keeps every character
but writes the dangerous ones as `\\uXXXX` escapes, so no data is lost.
"""

from __future__ import annotations

import re

__all__ = [
    "UNSAFE_CHARACTERS",
    "json_escape_unsafe",
    "shown",
    "terminal_line",
    "terminal_text",
]

# C0 controls, DEL and the C1 controls (0x9B is a one-byte CSI on some terminals); the bidi
# embeddings and overrides U+202A-U+202E and the isolates U+2066-U+2069.
UNSAFE_CHARACTERS = "\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")
# Everything unsafe except tab (\x09) and newline (\x0a).
_UNSAFE_IN_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def terminal_text(text: str) -> str:
    """`text` without control or bidi-override characters; tabs and newlines stay."""
    return _UNSAFE_IN_BLOCK.sub("", text)


def terminal_line(text: str) -> str:
    """One line of `text`: tabs and newlines become spaces, other unsafe characters go."""
    return _UNSAFE.sub(lambda m: " " if m[0] in "\t\n" else "", text)


def shown(text: str) -> str:
    """`text` quoted for a message, each unsafe character written as an escape (`\\n`,
    `\\x1b`, `\\u202e`), so the user sees exactly what was typed and the terminal runs none."""

    def escape(match: re.Match[str]) -> str:
        ch = match[0]
        if ch in _NAMED:
            return _NAMED[ch]
        return f"\\x{ord(ch):02x}" if ord(ch) <= 0xFF else f"\\u{ord(ch):04x}"

    return "'" + _UNSAFE.sub(escape, text) + "'"


def json_escape_unsafe(document: str) -> str:
    """A `json.dumps(..., ensure_ascii=False)` result with DEL, C1 and bidi characters escaped.

    `json.dumps` already escapes C0 controls; the rest can only occur inside strings, where
    `\\uXXXX` means the same character, so the document still parses to the same data.
    """
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m[0]):04x}", document)
