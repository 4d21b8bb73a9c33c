"""Jira's own worklogs as a worklog backend, for Cloud and Server/DC alike.

A window costs as few requests as Jira allows: one JQL search per 50 authors carries each
issue's embedded `worklog` field. Jira embeds at most 20 entries; only issues whose embedded
list is cut short (`total > maxResults`) have their worklogs fetched, and then only for the
window, all in parallel under the client's concurrency cap.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from tuiws.backends.base import ChangeFeed, WorklogPull, WorklogQuery, WorklogRef
from tuiws.backends.capabilities import Capabilities
from tuiws.backends.jira import jql
from tuiws.backends.jira.client import JiraClient
from tuiws.backends.jira.convert import to_issue, to_worklog
from tuiws.backends.jira.cut_lists import whole_lists_from_feed
from tuiws.backends.jira.drafts import (
    OPERATION_PROPERTY,
    adf_problems,
    adjust_params,
    operation_of,
    worklog_body,
)
from tuiws.backends.jira.feeds import JiraChangeFeed
from tuiws.backends.jira.wire import IssueBean
from tuiws.domain.drafts import CheckedDraft, FieldProblem
from tuiws.domain.models import (
    AdjustEstimate,
    Issue,
    TimeTracking,
    User,
    Worklog,
    WorklogDraft,
    WriteVerb,
)

__all__ = ["WINDOW_FIELDS", "JiraWorklogs"]

WINDOW_FIELDS = ("summary", "status", "project", "timetracking", "worklog")


class JiraWorklogs:
    def __init__(self, client: JiraClient, capabilities: Capabilities) -> None:
        self.client = client
        self._capabilities = capabilities
        self._feed = JiraChangeFeed(client)

    @property
    def capabilities(self) -> Capabilities:
        return self._capabilities

    @property
    def changes(self) -> ChangeFeed:
        return self._feed

    @property
    def _adf(self) -> bool:
        return self._capabilities.comment_format == "adf"

    def problems(self, draft: WorklogDraft, verb: WriteVerb) -> list[FieldProblem]:
        return adf_problems(draft) if self._adf else []

    # -- reading ----------------------------------------------------------------------------------

    async def by_authors(self, authors: Sequence[User] | None, query: WorklogQuery) -> WorklogPull:
        if authors is None:
            beans = await self.client.search(jql.window(query.first_day), WINDOW_FIELDS)
        else:
            beans = await self._search_authors(authors, query.first_day, query.last_day)
        worklogs = await self._window_worklogs(beans, query.after, query.before)
        return WorklogPull(issues=[to_issue(b) for b in beans], worklogs=worklogs)

    async def _search_authors(
        self, authors: Sequence[User], first: date, last: date | None
    ) -> list[IssueBean]:
        terms = [jql.jql_string(u.ident) for u in authors]
        if len(authors) == 1 and authors[0].ident == self.client.signed_in:
            # A person's own week asks as themselves, whatever form their id takes.
            terms = ["currentUser()"]
        size = jql.AUTHORS_PER_SEARCH
        chunks = [terms[n : n + size] for n in range(0, len(terms), size)]
        pages = await asyncio.gather(
            *(self.client.search(jql.authors_window(c, first, last), WINDOW_FIELDS) for c in chunks)
        )
        unique: dict[str, IssueBean] = {}
        for bean in (b for page in pages for b in page):
            unique.setdefault(bean.key, bean)
        return list(unique.values())

    async def _window_worklogs(
        self, beans: Sequence[IssueBean], after: datetime, before: datetime | None
    ) -> list[Worklog]:
        """The embedded lists where they are complete; for issues whose list Jira cut short
        (20 entries), the window's worklogs: from the change feed where it proves the lists
        whole (`cut_lists`), else per issue, in parallel under the client's cap."""
        complete: list[Worklog] = []
        cut: list[IssueBean] = []
        for bean in beans:
            page = bean.fields.worklog
            if page is not None and page.total <= len(page.worklogs):
                complete.extend(to_worklog(w, bean.key) for w in page.worklogs)
            else:
                cut.append(bean)
        whole = await whole_lists_from_feed(self.client, cut)
        for key, wire_logs in whole.items():
            logs = (to_worklog(w, key) for w in wire_logs)
            complete.extend(
                w for w in logs if w.started >= after and (before is None or w.started < before)
            )
        truncated = [b.key for b in cut if b.key not in whole]
        fetched = await asyncio.gather(
            *(
                self.client.issue_worklogs(k, started_after=after, started_before=before)
                for k in truncated
            )
        )
        for key, wire in zip(truncated, fetched, strict=True):
            complete.extend(to_worklog(w, key) for w in wire)
        return complete

    async def issue_worklogs(
        self, issue_key: str, after: datetime | None = None, before: datetime | None = None
    ) -> list[Worklog]:
        wire = await self.client.issue_worklogs(
            issue_key, started_after=after, started_before=before
        )
        logs = [to_worklog(w, issue_key) for w in wire]
        return [
            w
            for w in logs
            if (after is None or w.started >= after) and (before is None or w.started < before)
        ]

    async def get(self, ref: WorklogRef) -> Worklog:
        return to_worklog(await self.client.worklog(ref.issue_key, ref.id), ref.issue_key)

    async def latest_own(self) -> Issue | None:
        found = await self.client.search(jql.own_latest(), ("summary",), limit=1)
        return to_issue(found[0]) if found else None

    async def required_by_day(self, user: User, days: Sequence[date]) -> dict[date, int] | None:
        return None  # Jira keeps no per-person schedule

    # -- writing ----------------------------------------------------------------------------------

    async def add(self, checked: CheckedDraft) -> Worklog:
        return await self._add(checked, None)

    async def add_tagged(self, checked: CheckedDraft, operation: str) -> Worklog:
        """The worklog carries a `tuiws.op` entity property holding the operation id."""
        return await self._add(checked, operation)

    async def _add(self, checked: CheckedDraft, operation: str | None) -> Worklog:
        draft = checked.draft
        body = worklog_body(checked, adf=self._adf)
        if operation is not None:
            body["properties"] = [{"key": OPERATION_PROPERTY, "value": {"op": operation}}]
        wire = await self.client.add_worklog(
            draft.issue_key, body, adjust_params(draft.adjust, "add", checked.tracking)
        )
        return to_worklog(wire, draft.issue_key)

    async def find_by_operation(
        self, issue_key: str, operation: str, started: datetime
    ) -> Worklog | None:
        # Jira filters on `started` to the millisecond; a minute either side keeps the page small.
        wire = await self.client.issue_worklogs(
            issue_key,
            started_after=started - timedelta(minutes=1),
            started_before=started + timedelta(minutes=1),
            expand="properties",
        )
        for found in wire:
            if operation_of(found.properties) == operation:
                return to_worklog(found, issue_key)
        return None

    async def update(self, ref: WorklogRef, checked: CheckedDraft) -> Worklog:
        wire = await self.client.update_worklog(
            ref.issue_key,
            ref.id,
            worklog_body(checked, adf=self._adf),
            adjust_params(checked.draft.adjust, "update", checked.tracking),
        )
        return to_worklog(wire, ref.issue_key)

    async def delete(self, ref: WorklogRef, adjust: AdjustEstimate, tracking: TimeTracking) -> None:
        await self.client.delete_worklog(
            ref.issue_key, ref.id, adjust_params(adjust, "delete", tracking)
        )
