"""A week of worklogs as a grid: issues × days with row, day and week totals.

Pure: given the issues, the worklogs and the zone to bucket in, it builds the same grid
the CLI prints and the app shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from tuiws.domain.models import Issue, User, Worklog
from tuiws.domain.started import local_day
from tuiws.domain.week import week_days
from tuiws.domain.week_view import IssueLabel, WeekLine, WeekTotals, WeekView, issue_order


@dataclass(frozen=True)
class WeekRow:
    issue: Issue
    worklogs: tuple[tuple[Worklog, ...], ...]
    """Seven tuples, one per day, each sorted by start."""

    @property
    def seconds(self) -> list[int]:
        return [sum(w.time_spent_seconds for w in day) for day in self.worklogs]

    @property
    def total_seconds(self) -> int:
        return sum(self.seconds)


@dataclass(frozen=True)
class Week(WeekTotals):
    user: User
    zone: ZoneInfo
    start: date
    rows: tuple[WeekRow, ...]

    def _day_rows(self) -> Sequence[WeekRow]:
        return self.rows

    def view(self) -> WeekView:
        """What the grid draws of this week."""
        return WeekView(
            start=self.start,
            lines=tuple(
                WeekLine(IssueLabel(r.issue.key, r.issue.summary), tuple(r.seconds))
                for r in self.rows
            ),
        )

    def to_json(self) -> dict[str, Any]:
        """The documented `week --format json` shape."""
        return {
            "user": self.user.as_json(),
            "zone": self.zone.key,
            "weekStart": self.start.isoformat(),
            "days": [d.isoformat() for d in self.days],
            "rows": [
                {
                    "issueKey": r.issue.key,
                    "summary": r.issue.summary,
                    "seconds": r.seconds,
                    "totalSeconds": r.total_seconds,
                }
                for r in self.rows
            ],
            "dayTotals": self.day_totals,
            "totalSeconds": self.total_seconds,
        }


def build_week(
    user: User,
    start: date,
    zone: ZoneInfo,
    issues: Iterable[Issue],
    worklogs: Iterable[Worklog],
    *,
    keep: Iterable[str] = (),
) -> Week:
    """Bucket `user`'s worklogs into the week's days in `zone`.

    Worklogs by others or outside the week are ignored. Issues without time in the week
    are left out unless listed in `keep` (pinned issues stay in the grid at zero).
    """
    days = week_days(start)
    index = {d: i for i, d in enumerate(days)}
    by_issue_id = {i.id: i for i in issues}
    by_key = {i.key: i for i in by_issue_id.values()}
    cells: dict[str, list[list[Worklog]]] = {}
    seen: set[str] = set()
    for w in worklogs:
        if w.id in seen or w.author.ident != user.ident:
            continue
        slot = index.get(local_day(w.started, zone))
        if slot is None:
            continue
        issue = by_issue_id.get(w.issue_id) or by_key.get(w.issue_key or "")
        if issue is None:
            continue
        seen.add(w.id)
        cells.setdefault(issue.key, [[] for _ in days])[slot].append(w)
    for key in keep:
        if key in by_key:
            cells.setdefault(key, [[] for _ in days])
    rows = [
        WeekRow(
            issue=by_key[key],
            worklogs=tuple(tuple(sorted(day, key=lambda w: w.started)) for day in per_day),
        )
        for key, per_day in cells.items()
    ]
    rows.sort(key=lambda r: issue_order(r.issue.key))
    return Week(user=user, zone=zone, start=start, rows=tuple(rows))
