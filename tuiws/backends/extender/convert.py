"""The plugin's items as domain worklogs, and the server days that cover a window of instants.

The plugin cuts `dateFrom`/`dateTo` in the Jira server's zone, which a client cannot know.
Every zone is within 14 hours of UTC, so one day more on each side of the window's UTC days
covers it whatever the server's zone; the worklogs are then cut to the window by instant, and
the services bucket them into days in the profile's (or each author's) zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta

from tuiws.backends.base import WorklogQuery
from tuiws.backends.extender.wire import ExtenderItem
from tuiws.domain.models import User, Worklog
from tuiws.domain.started import from_epoch_ms

__all__ = ["FUTURE_REACH", "in_window", "server_days", "to_worklog", "to_worklogs"]

FUTURE_REACH = timedelta(days=400)
"""How far ahead an open window reaches (the plugin requires a `dateTo`): Jira lets people
log time ahead, but not by years."""
_SLACK = timedelta(days=1)


def _utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def server_days(query: WorklogQuery, today: date) -> tuple[date, date]:
    """`dateFrom`..`dateTo` holding the query's window in any server zone."""
    first = min(query.first_day, _utc_day(query.after) - _SLACK)
    if query.before is not None:
        # `before` is exclusive: its own UTC day is only needed when it is not midnight.
        last = _utc_day(query.before - timedelta(microseconds=1)) + _SLACK
    elif query.last_day is not None:
        last = query.last_day + _SLACK
    else:
        last = today + FUTURE_REACH
    if query.last_day is not None:
        last = max(last, query.last_day)
    return first, last


def in_window(worklog: Worklog, after: datetime | None, before: datetime | None) -> bool:
    return (after is None or worklog.started >= after) and (
        before is None or worklog.started < before
    )


def _moment(ms: int | None) -> datetime | None:
    return None if ms is None else from_epoch_ms(ms)


def to_worklog(item: ExtenderItem, author: User) -> Worklog:
    return Worklog(
        id=str(item.worklog_id),
        issue_id=str(item.issue_id),
        issue_key=item.issue_key,
        author=author,
        started=from_epoch_ms(item.start_date),
        time_spent_seconds=item.time_worked,
        comment_text=item.description or "",
        created=_moment(item.created_date),
        updated=_moment(item.last_update_date),
    )


def to_worklogs(items: Iterable[ExtenderItem], people: Mapping[str, User]) -> list[Worklog]:
    """Items as worklogs, each author from `people` by lower-cased username (or a bare User)."""
    out = []
    for item in items:
        author = people.get(item.user.lower()) or User(name=item.user, display_name=item.user)
        out.append(to_worklog(item, author))
    return out
