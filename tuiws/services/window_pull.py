"""Every visible worklog started in the recent weeks, in as few requests as the backend allows.

The same shape as loading a week (see `weeks.py`) with no author: the backend's window of
everyone visible from `start` on.

A pull is complete for its window: any worklog started from `start` on that it does not
hold is gone from the backend (or hidden from this account), which is how a window sync
reconciles deletions without a feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from tuiws.backends.base import WorklogBackend, WorklogQuery
from tuiws.domain.models import Issue, Worklog


@dataclass(frozen=True)
class WindowPull:
    start: datetime
    """Worklogs started at or after this instant are all in `worklogs`."""
    issues: list[Issue]
    worklogs: list[Worklog]


def window_start(first_day: date) -> datetime:
    """The instant from which a pull starting on `first_day` is complete, in any zone.

    It is the day before at 00:00 UTC, so that `first_day` is whole even for a colleague at
    UTC+14 (a team week reads each person in their own zone). The days asked for begin two
    days before: a backend may compare days in the searcher's zone, at most 12 hours behind UTC.
    """
    return datetime.combine(first_day - timedelta(days=1), time(), tzinfo=UTC)


async def pull_window(backend: WorklogBackend, first_day: date) -> WindowPull:
    start = window_start(first_day)
    query = WorklogQuery(after=start, before=None, first_day=first_day - timedelta(days=2))
    pull = await backend.by_authors(None, query)
    return WindowPull(start=start, issues=pull.issues, worklogs=pull.worklogs)
