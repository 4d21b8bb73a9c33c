"""Small shared look-ups: quoting for JQL, issues fetched by key, a window's worklogs."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime

from tuiws.domain.models import Issue, Worklog
from tuiws.jira.client import JiraClient
from tuiws.jira.convert import to_issue, to_worklog
from tuiws.jira.errors import NotFoundError
from tuiws.jira.wire import IssueBean


def jql_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


async def fetch_issues(
    client: JiraClient, keys: Sequence[str], fields: Sequence[str]
) -> list[Issue]:
    """The named issues in order, skipping any that are gone or hidden.

    One GET each, in parallel: a JQL `key in (...)` would fail whole when one key is gone.
    """

    async def one(key: str) -> Issue | None:
        try:
            return to_issue(await client.issue(key, fields))
        except NotFoundError:
            return None

    found = await asyncio.gather(*(one(k) for k in keys))
    return [i for i in found if i is not None]


async def window_worklogs(
    client: JiraClient,
    beans: Sequence[IssueBean],
    after: datetime,
    before: datetime | None = None,
) -> list[Worklog]:
    """The worklogs of searched issues: the embedded lists where they are complete, and only
    for issues whose list Jira cut short (20 entries), the window's worklogs (from `after`,
    up to `before` if given), in parallel under the client's cap."""
    complete: list[Worklog] = []
    truncated: list[str] = []
    for bean in beans:
        page = bean.fields.worklog
        if page is not None and page.total <= len(page.worklogs):
            complete.extend(to_worklog(w, bean.key) for w in page.worklogs)
        else:
            truncated.append(bean.key)
    fetched = await asyncio.gather(
        *(client.issue_worklogs(k, started_after=after, started_before=before) for k in truncated)
    )
    for key, wire in zip(truncated, fetched, strict=True):
        complete.extend(to_worklog(w, key) for w in wire)
    return complete
