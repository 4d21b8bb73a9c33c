"""A worklog draft from what a person typed: one reader for the editor, the CLI and the tour.

Each field is read the same way wherever it is typed: the day (`2026-05-29`, `today`, `mon`,
`-3`), the start (`09:30`, `9:30`, `0930`, `9`; blank means midday), the duration (`1h 30m`,
`1.5h`, `1:30`). Problems are collected per field, so a form can show them all at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from tuiws.domain.drafts import normalise_issue_key
from tuiws.domain.durations import parse_duration
from tuiws.domain.models import AdjustEstimate, AdjustMode, TimeTracking, WorklogDraft
from tuiws.domain.started import DEFAULT_START, zoned
from tuiws.domain.week import parse_day

__all__ = ["DraftInput", "adjust_from", "parse_start", "read_draft"]

_START = re.compile(r"(?P<h>[0-9]{1,2})(?::?(?P<m>[0-9]{2}))?")
_NEEDS_VALUE = ("new", "manual")
_T = TypeVar("_T")


def parse_start(text: str) -> time:
    """A wall-clock start: `HH:MM`, `H:MM`, `HHMM` or a bare hour; blank means midday."""
    key = text.strip()
    if not key:
        return DEFAULT_START
    match = _START.fullmatch(key)
    if match is not None:
        hour, minute = int(match["h"]), int(match["m"] or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValueError(f"{key!r} is not a time of day: type it as HH:MM, e.g. 09:30 or 14:05")


def adjust_from(mode: str, value: str = "") -> AdjustEstimate:
    """How the estimate moves, from a mode name and (for new/manual) its value."""
    modes: dict[str, AdjustMode] = {"leave": "leave", "new": "new", "manual": "manual"}
    chosen = modes.get(mode, "auto")
    value = value.strip()
    return AdjustEstimate(mode=chosen, value=value if chosen in _NEEDS_VALUE and value else None)


@dataclass(frozen=True)
class DraftInput:
    """A worklog as typed, every field a string."""

    issue: str
    day: str
    start: str
    duration: str
    comment: str | None = None
    adjust_mode: str = "auto"
    adjust_value: str = ""
    original_comment_adf: dict[str, Any] | None = None
    comment_touched: bool = True


def read_draft(
    typed: DraftInput,
    *,
    zone: ZoneInfo,
    today: date,
    tracking: TimeTracking,
    fallback_day: date | None = None,
) -> tuple[WorklogDraft, dict[str, str]]:
    """The draft `typed` describes, and each field that could not be read with why.

    What could not be read is filled with harmless stand-ins (`fallback_day` at midday, an
    hour), so that validating the draft still reports every other field in the same pass.
    """
    problems: dict[str, str] = {}
    day = _read(problems, "date", lambda: parse_day(typed.day, today))
    at = _read(problems, "start", lambda: parse_start(typed.start))
    seconds = _read(problems, "duration", lambda: parse_duration(typed.duration, tracking))
    started = None
    if day is not None and at is not None:
        started = _read(problems, "date", lambda: zoned(day, at, zone))
    draft = WorklogDraft(
        issue_key=normalise_issue_key(typed.issue),
        started=started or zoned(fallback_day or today, DEFAULT_START, zone),
        time_spent_seconds=seconds if seconds is not None else 3600,
        comment=typed.comment,
        original_comment_adf=typed.original_comment_adf,
        comment_touched=typed.comment_touched,
        adjust=adjust_from(typed.adjust_mode, typed.adjust_value),
    )
    return draft, problems


def _read(problems: dict[str, str], name: str, read: Callable[[], _T]) -> _T | None:
    try:
        return read()
    except ValueError as exc:  # DurationError and StartedError are ValueErrors too
        problems.setdefault(name, str(exc))
        return None
