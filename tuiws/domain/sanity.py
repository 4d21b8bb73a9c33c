"""Sanity checks before a write: what a person would want to be asked, never refused.

A draft that passes validation can still be a slip: a day holding more than 24 h, a date
months away, one worklog of 13 h, or the same worklog twice. Each check gives a question in
words with a stable code; the app shows them in a dialog and the command line asks y/N (or,
without a terminal, stops unless `--yes`). The limits a person would expect live in `LIMITS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from tuiws.domain.durations import DurationStyle, show_duration
from tuiws.domain.models import Worklog, WorklogDraft
from tuiws.domain.terminal_text import terminal_text
from tuiws.domain.timer import OVERNIGHT

__all__ = [
    "DAY_OVER_24H",
    "DUPLICATE",
    "ENTRY_OVER_12H",
    "FAR_AHEAD",
    "FAR_BACK",
    "LIMITS",
    "SanityLimits",
    "SanityQuestion",
    "sanity_questions",
]

DAY_OVER_24H = "day-over-24h"
ENTRY_OVER_12H = "entry-over-12h"
FAR_AHEAD = "far-ahead"
FAR_BACK = "far-back"
DUPLICATE = "duplicate"


@dataclass(frozen=True)
class SanityLimits:
    """Where a write starts to look like a slip (the one place these numbers live)."""

    day_seconds: int = 24 * 3600
    """A day holds at most this much (a day has 24 hours)."""
    entry_seconds: int = int(OVERNIGHT.total_seconds())
    """One worklog longer than this (12 h, as a timer left running overnight) is asked."""
    days_ahead: int = 14
    """Planned time rarely goes further ahead than two weeks."""
    days_back: int = 90
    """A quarter back: later than any honest catching up, earlier than most locked periods."""


LIMITS = SanityLimits()


@dataclass(frozen=True)
class SanityQuestion:
    """One doubt about a write, in words, with a code that does not change with the words."""

    code: str
    text: str

    def __str__(self) -> str:
        return self.text


def sanity_questions(
    draft: WorklogDraft,
    *,
    day_worklogs: Sequence[Worklog],
    today: date,
    zone: ZoneInfo,
    original: Worklog | None = None,
    limits: SanityLimits = LIMITS,
    style: DurationStyle = "hm",
) -> list[SanityQuestion]:
    """What to ask before writing `draft` beside `day_worklogs` (the author's worklogs on the
    draft's day, in `zone`; any others are ignored).

    An edit (`original`) is not asked about what was already true of the worklog before it:
    changing the comment of a 13 h worklog asks nothing.
    """
    others = [w for w in day_worklogs if original is None or w.id != original.id]
    found = _questions(draft, others, today, zone, limits, style)
    if original is None or not found:
        return found
    before = _questions(_as_draft(original, draft.issue_key), others, today, zone, limits, style)
    already = {q.code for q in before}
    return [q for q in found if q.code not in already]


def _questions(
    draft: WorklogDraft,
    others: Sequence[Worklog],
    today: date,
    zone: ZoneInfo,
    limits: SanityLimits,
    style: DurationStyle,
) -> list[SanityQuestion]:
    day = draft.started.astimezone(zone).date()
    same_day = [w for w in others if w.started.astimezone(zone).date() == day]
    spent = draft.time_spent_seconds
    out: list[SanityQuestion] = []
    shown_day = f"{day:%a %Y-%m-%d}"
    total = spent + sum(w.time_spent_seconds for w in same_day)
    if total > limits.day_seconds:
        out.append(
            SanityQuestion(
                DAY_OVER_24H,
                f"{shown_day} would hold {show_duration(total, style)} with this worklog, "
                f"more than {limits.day_seconds // 3600} h in one day.",
            )
        )
    if spent > limits.entry_seconds:
        out.append(
            SanityQuestion(
                ENTRY_OVER_12H,
                f"{show_duration(spent, style)} in one worklog is more than "
                f"{limits.entry_seconds // 3600} h.",
            )
        )
    ahead = (day - today).days
    if ahead > limits.days_ahead:
        out.append(
            SanityQuestion(
                FAR_AHEAD,
                f"{shown_day} is {_days(ahead)} ahead (more than {limits.days_ahead}).",
            )
        )
    elif -ahead > limits.days_back:
        out.append(
            SanityQuestion(
                FAR_BACK,
                f"{shown_day} is {_days(-ahead)} back (more than {limits.days_back}).",
            )
        )
    twin = next((w for w in same_day if _same_worklog(w, draft)), None)
    if twin is not None:
        out.append(
            SanityQuestion(
                DUPLICATE,
                f"{draft.issue_key} already has this worklog (worklog {twin.id}): "
                f"{twin.started.astimezone(zone):%a %Y-%m-%d %H:%M}, "
                f"{show_duration(twin.time_spent_seconds, style)}, the same comment.",
            )
        )
    return out


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _same_worklog(w: Worklog, draft: WorklogDraft) -> bool:
    return (
        (w.issue_key or "").upper() == draft.issue_key.upper()
        and w.started == draft.started
        and w.time_spent_seconds == draft.time_spent_seconds
        # As read, a comment is freed of control characters: compare the draft's likewise.
        and w.comment_text.strip() == terminal_text(draft.comment or "").strip()
    )


def _as_draft(worklog: Worklog, issue_key: str) -> WorklogDraft:
    return WorklogDraft(
        issue_key=worklog.issue_key or issue_key,
        started=worklog.started,
        time_spent_seconds=worklog.time_spent_seconds,
        comment=worklog.comment_text,
    )
