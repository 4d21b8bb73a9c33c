"""A plan to fill a week: proposed worklogs, edited or dropped one by one, then sent together.

Pure: a plan is built from weeks already read ("copy last week": its rows and per-day
durations on this week's same weekdays, start times kept) or from a day's gap against the
required seconds the caller passes in (schedules are the services' business). Each item
carries where its send stands, so a retry knows which ones still need sending.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from tuiws.domain.models import Issue, Worklog, WorklogDraft
from tuiws.domain.rounding import RoundMode, round_seconds
from tuiws.domain.started import DEFAULT_START, format_instant, local_day, zoned
from tuiws.domain.timesheet import Week

__all__ = [
    "FillPlan",
    "ItemState",
    "PlanItem",
    "copy_week",
    "day_gaps",
    "gap_plan",
]

ItemState = Literal["pending", "sending", "sent", "failed", "unknown", "queued", "dropped"]
"""pending: not sent yet; sent: the backend confirmed it (`worklog_id`); failed: refused or
not saved (`message` says why); unknown: the answer was lost and could not be checked yet (the
journal checks it before the next write); queued: the server could not be reached, it waits in
the journal's queue; dropped: the user took it out of the plan."""

_SETTLED: frozenset[ItemState] = frozenset({"sent", "dropped"})


@dataclass(frozen=True, kw_only=True)
class PlanItem:
    """One proposed worklog, in the user's zone's wall-clock terms."""

    issue_key: str
    summary: str = ""
    day: date
    start: time
    seconds: int
    comment: str = ""
    attributes: Mapping[str, str] = field(default_factory=dict)
    """Work attribute values (Tempo), as the copied worklog had them."""
    tags: tuple[str, ...] = ()
    """Tag names (Everit), as the copied worklog had them."""
    state: ItemState = "pending"
    message: str = ""
    worklog_id: str | None = None
    operation: str | None = None
    """The journal's operation id of a send whose outcome is unknown or queued: a retry asks
    the journal what became of it instead of sending it again."""

    def started(self, zone: ZoneInfo) -> datetime:
        return zoned(self.day, self.start, zone)

    def draft(self, zone: ZoneInfo) -> WorklogDraft:
        return WorklogDraft(
            issue_key=self.issue_key,
            started=self.started(zone),
            time_spent_seconds=self.seconds,
            comment=self.comment or None,
            attributes=dict(self.attributes) if self.attributes else None,
            tags=self.tags or None,
        )

    def to_json(self, zone: ZoneInfo) -> dict[str, Any]:
        """One item of the documented `--json` plan."""
        return {
            "issue": self.issue_key,
            "date": self.day.isoformat(),
            "started": format_instant(self.started(zone)),
            "timeSpentSeconds": self.seconds,
            "comment": self.comment,
            "status": self.state,
            "worklogId": self.worklog_id,
            "message": self.message or None,
        }

    @property
    def to_send(self) -> bool:
        """Not confirmed and not dropped: what sending (or a retry) sends."""
        return self.state not in _SETTLED and self.state != "sending"

    def _identity(self) -> tuple[str, date, time, int, str]:
        return (self.issue_key, self.day, self.start, self.seconds, self.comment.strip())


@dataclass(frozen=True)
class FillPlan:
    items: tuple[PlanItem, ...] = ()

    @property
    def live(self) -> tuple[PlanItem, ...]:
        """The items still in the plan (not dropped)."""
        return tuple(i for i in self.items if i.state != "dropped")

    @property
    def waiting(self) -> list[int]:
        """The indexes of the items a send (or a retry) sends."""
        return [n for n, item in enumerate(self.items) if item.to_send]

    @property
    def done(self) -> bool:
        return not self.waiting

    def seconds_by_day(self) -> dict[date, int]:
        """The plan's live seconds per day."""
        out: dict[date, int] = {}
        for item in self.live:
            out[item.day] = out.get(item.day, 0) + item.seconds
        return out

    def with_item(self, index: int, item: PlanItem) -> FillPlan:
        items = list(self.items)
        items[index] = item
        return FillPlan(tuple(items))

    def drop(self, index: int) -> FillPlan:
        return self.with_item(
            index, replace(self.items[index], state="dropped", message="", operation=None)
        )

    def count(self, state: ItemState) -> int:
        return sum(1 for i in self.items if i.state == state)


def _identity(worklog: Worklog, issue_key: str, zone: ZoneInfo) -> tuple[str, date, time, int, str]:
    local = worklog.started.astimezone(zone)
    return (
        issue_key,
        local.date(),
        local.time().replace(second=0, microsecond=0, tzinfo=None),
        worklog.time_spent_seconds,
        worklog.comment_text.strip(),
    )


def _existing(week: Week | None) -> set[tuple[str, date, time, int, str]]:
    if week is None:
        return set()
    return {
        _identity(w, row.issue.key, week.zone)
        for row in week.rows
        for day in row.worklogs
        for w in day
    }


def copy_week(source: Week, target_start: date, existing: Week | None = None) -> FillPlan:
    """`source`'s worklogs on the same weekdays of the week starting `target_start`, each at
    its own start time, duration and comment; one identical to a worklog `existing` (the
    target week as read) already holds is not proposed again."""
    have = _existing(existing)
    items: list[PlanItem] = []
    for row in source.rows:
        for offset, day_worklogs in enumerate(row.worklogs):
            day = target_start + timedelta(days=offset)
            for w in day_worklogs:
                local = w.started.astimezone(source.zone)
                item = PlanItem(
                    issue_key=row.issue.key,
                    summary=row.issue.summary,
                    day=day,
                    start=local.time().replace(second=0, microsecond=0, tzinfo=None),
                    seconds=w.time_spent_seconds,
                    comment=w.comment_text,
                    attributes=dict(w.attributes),
                    tags=w.tags,
                )
                if item._identity() in have:
                    continue
                have.add(item._identity())  # two identical source worklogs: one proposal
                items.append(item)
    items.sort(key=lambda i: (i.day, i.start, i.issue_key))
    return FillPlan(tuple(items))


def day_gaps(required: Mapping[date, int], logged: Mapping[date, int]) -> dict[date, int]:
    """Each required day's missing seconds (never negative; 0 where nothing is missing)."""
    return {day: max(0, need - logged.get(day, 0)) for day, need in required.items()}


def gap_plan(
    issue: Issue,
    day: date,
    required: Mapping[date, int],
    week: Week,
    *,
    round_minutes: int = 0,
    round_mode: RoundMode = "nearest",
    attributes: Mapping[str, str] | None = None,
) -> FillPlan:
    """One item logging `day`'s gap on `issue` (rounded per `[ui] round_minutes`), starting
    when the day's last worklog ends (else at the default start); empty when the day needs
    nothing more."""
    logged = _logged_on(week, day)
    gap = max(0, required.get(day, 0) - sum(w.time_spent_seconds for w in logged))
    if gap == 0:
        return FillPlan()
    seconds = round_seconds(gap, round_minutes, round_mode)
    return FillPlan(
        (
            PlanItem(
                issue_key=issue.key,
                summary=issue.summary,
                day=day,
                start=_after(logged, day, seconds, week.zone),
                seconds=seconds,
                attributes=dict(attributes or {}),
            ),
        )
    )


def _logged_on(week: Week, day: date) -> list[Worklog]:
    return [
        w
        for row in week.rows
        for worklogs in row.worklogs
        for w in worklogs
        if local_day(w.started, week.zone) == day
    ]


def _after(logged: Iterable[Worklog], day: date, seconds: int, zone: ZoneInfo) -> time:
    """When the day's last worklog ends, if the new one then still ends on the same day."""
    ends = [w.started + timedelta(seconds=w.time_spent_seconds) for w in logged]
    if not ends:
        return DEFAULT_START
    end = max(ends).astimezone(zone)
    finish = (end + timedelta(seconds=seconds)).astimezone(zone)
    if end.date() != day or finish.date() != day:
        return DEFAULT_START
    return end.time().replace(second=0, microsecond=0, tzinfo=None)
