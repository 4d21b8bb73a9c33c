"""Jira's one accepted text shape for a worklog's `started`.

Jira takes `started` only as `2026-05-29T14:30:00.000+0200`: milliseconds, a numeric offset
without a colon, never `Z`; a malformed value is a 400 on Cloud and can be a 500 on Server/DC.
It sends the same shape back, so the parser accepts exactly that and nothing looser.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from tuiws.domain.started import StartedError, format_instant

__all__ = ["STARTED_EXAMPLE", "format_started", "is_valid_started", "parse_started"]

STARTED_EXAMPLE = "2026-05-29T14:30:00.000+0200"

# ASCII digits only (`\d` also matches other scripts' digits); fullmatch, so no trailing "\n".
_STARTED = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})T(?P<time>[0-9]{2}:[0-9]{2}:[0-9]{2})"
    r"\.(?P<ms>[0-9]{3})(?P<sign>[+-])(?P<oh>[0-9]{2})(?P<om>[0-9]{2})"
)


def format_started(moment: datetime) -> str:
    """Render an aware datetime as Jira wants it, in the moment's own offset.

    Jira's shape is the one the product prints instants in (`format_instant`): milliseconds
    truncated, `+HHMM`, UTC for offsets that are not whole minutes. The tests pin Jira's shape
    on its own, so the two cannot drift apart unnoticed.
    """
    return format_instant(moment)


def parse_started(text: str) -> datetime:
    """Read `YYYY-MM-DDTHH:MM:SS.mmm±HHMM` (and only that) into an aware, fixed-offset datetime."""
    match = _STARTED.fullmatch(text)
    if match is None:
        raise StartedError(f"{text!r} is not a Jira started time: {_shape_hint(text)}")
    oh, om = int(match["oh"]), int(match["om"])
    if oh > 23 or om > 59:
        raise StartedError(f"{text!r} has an impossible offset: expected {STARTED_EXAMPLE}")
    offset = timedelta(hours=oh, minutes=om)
    if match["sign"] == "-":
        offset = -offset
    year, month, day = (int(part) for part in match["date"].split("-"))
    hour, minute, second = (int(part) for part in match["time"].split(":"))
    try:
        return datetime(
            year, month, day, hour, minute, second, int(match["ms"]) * 1000, timezone(offset)
        )
    except ValueError as exc:
        raise StartedError(f"{text!r} is not a real date and time: {exc}") from exc


def _shape_hint(text: str) -> str:
    """Say what is wrong in the terms people get wrong most often, then show the shape."""
    expected = f"expected {STARTED_EXAMPLE} (milliseconds, offset without a colon, no Z)"
    stripped = text.strip()
    if stripped != text:
        return f"remove the surrounding spaces; {expected}"
    if stripped.endswith(("Z", "z")):
        return f"use a numeric offset such as +0000 instead of Z; {expected}"
    if re.search(r"[+-][0-9]{2}:[0-9]{2}$", stripped):
        return f"write the offset without a colon (+0200, not +02:00); {expected}"
    if re.fullmatch(r"[0-9-]+T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{4}", stripped):
        return f"add milliseconds (.000) after the seconds; {expected}"
    if re.fullmatch(r"[0-9-]+T[0-9:.]+", stripped):
        return f"add the offset (e.g. +0000); {expected}"
    return expected


def is_valid_started(text: str) -> bool:
    """True when `text` is exactly in Jira's `started` shape and names a real moment."""
    try:
        parse_started(text)
    except StartedError:
        return False
    return True
