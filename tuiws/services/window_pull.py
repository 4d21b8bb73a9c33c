"""Every visible worklog started in the recent weeks, in as few requests as Jira allows.

The same shape as loading a week (see `weeks.py`): one JQL search over the window carries
each issue's embedded `worklog` field; only issues whose embedded list is cut short (Jira
embeds 20) have their worklogs fetched, and only from the window's start.

A pull is complete for its window: any worklog started from `start` on that it does not
hold is gone from Jira (or hidden from this account), which is how a window sync reconciles
deletions without a feed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from tuiws.domain.models import Issue, Worklog
from tuiws.jira.client import JiraClient
from tuiws.jira.convert import to_issue
from tuiws.jira.errors import BadRequestError
from tuiws.services.lookups import fetch_issues, window_worklogs

PULL_FIELDS = ("summary", "status", "project", "timetracking", "worklog")
ISSUE_FIELDS = ("summary", "status", "project", "timetracking")
_IDS_PER_SEARCH = 50


@dataclass(frozen=True)
class WindowPull:
    start: datetime
    """Worklogs started at or after this instant are all in `worklogs`."""
    issues: list[Issue]
    worklogs: list[Worklog]


def window_start(first_day: date) -> datetime:
    """The instant from which a pull starting on `first_day` is complete, in any zone.

    It is the day before at 00:00 UTC, so that `first_day` is whole even for a colleague at
    UTC+14 (a team week reads each person in their own zone). The JQL below asks from two days
    before: `worklogDate` is compared in the searcher's zone, at most 12 hours behind UTC.
    """
    return datetime.combine(first_day - timedelta(days=1), time(), tzinfo=UTC)


async def pull_window(client: JiraClient, first_day: date) -> WindowPull:
    start = window_start(first_day)
    jql = f'worklogDate >= "{(first_day - timedelta(days=2)).isoformat()}" ORDER BY key ASC'
    beans = await client.search(jql, PULL_FIELDS)
    worklogs = await window_worklogs(client, beans, start)
    return WindowPull(start=start, issues=[to_issue(b) for b in beans], worklogs=worklogs)


async def fetch_issues_by_id(client: JiraClient, ids: Sequence[str]) -> list[Issue]:
    """The issues with these ids: one JQL search per 50 ids.

    Jira fails a whole `id in (...)` search when one id is gone or hidden; that chunk is then
    fetched one issue at a time, skipping the missing ones.
    """
    numeric = [i for i in dict.fromkeys(ids) if i.isdigit()]  # nothing else goes into JQL
    out: list[Issue] = []
    for n in range(0, len(numeric), _IDS_PER_SEARCH):
        chunk = numeric[n : n + _IDS_PER_SEARCH]
        try:
            beans = await client.search(
                f"id in ({', '.join(chunk)})", ISSUE_FIELDS, limit=len(chunk)
            )
            out.extend(to_issue(b) for b in beans)
        except BadRequestError:
            out.extend(await fetch_issues(client, chunk, ISSUE_FIELDS))
    return out
