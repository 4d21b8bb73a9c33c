"""What an issue key looks like (`PLAT-12`), and how typed text becomes one.

Apart from the drafts: the timer checks a key as it starts, and loads before the app's first
frame, where the drafts' validation is not needed yet.
"""

from __future__ import annotations

import re

ISSUE_KEY = re.compile(r"^[A-Z][A-Z0-9_]*-[1-9][0-9]*$")


def normalise_issue_key(text: str) -> str:
    return text.strip().upper()


def issue_key_problem(key: str) -> str | None:
    """What is wrong with `key` as an issue key (None: nothing)."""
    if not key:
        return "choose an issue, e.g. PLAT-12"
    if not ISSUE_KEY.match(key):
        return f"'{key}' is not an issue key such as PLAT-12"
    return None
