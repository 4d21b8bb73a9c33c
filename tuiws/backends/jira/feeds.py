"""Jira's worklog feeds (`worklog/updated`, `worklog/deleted`) as the contract's change feed.

Jira leaves the last minute out of the feeds and pages them 1000 ids at a time; `until` is
the cursor to ask from next. A Jira whose feed is missing or gives no `until` (older
Server/DC) cannot carry an incremental sync: that is `FeedUnavailable`.
"""

from __future__ import annotations

from collections.abc import Sequence

from tuiws.backends.base import ChangePage, Feed
from tuiws.backends.errors import BackendError, FeedUnavailable, Gone, NotFound
from tuiws.backends.jira.client import JiraClient
from tuiws.backends.jira.convert import to_worklog
from tuiws.domain.models import Worklog

__all__ = ["JiraChangeFeed"]

_MISSING_STATUSES = (404, 405, 410)


class JiraChangeFeed:
    def __init__(self, client: JiraClient) -> None:
        self.client = client

    async def page(self, feed: Feed, since: int) -> ChangePage:
        try:
            if feed == "updated":
                page = await self.client.worklogs_updated(since)
            else:
                page = await self.client.worklogs_deleted(since)
        except (NotFound, Gone) as exc:
            raise FeedUnavailable(f"worklog/{feed} answered {exc.status}") from None
        except BackendError as exc:
            if exc.status in _MISSING_STATUSES:
                raise FeedUnavailable(f"worklog/{feed} answered {exc.status}") from None
            raise
        # An empty page may leave `until` out harmlessly; ids without a cursor cannot be followed.
        if page.values and page.until < since:
            raise FeedUnavailable(f"worklog/{feed} gives no `until` cursor")
        return ChangePage(
            changes=[(v.worklog_id, v.updated_time) for v in page.values],
            until=page.until,
            last=page.last_page,
        )

    async def hydrate(self, ids: Sequence[int | str]) -> list[Worklog]:
        return [to_worklog(w) for w in await self.client.worklogs_by_id(ids)]
