"""Jira Server/DC worklogs read through the Worklog extender, written through Jira's REST v2.

A week is one `worklog/user/{name}` list per person (pages of 1000) plus one issue search per
50 issues for summaries and estimates, all in parallel under the transport's cap: no search
over every issue. The plugin shows a Jira administrator everyone's worklogs and anyone else
only their own, so others' worklogs come through the extender only for an administrator
(asked once, `sees_everyone`); otherwise they are read the Jira adapter's way. Writes, the
change feed and the read-permission probe are the Jira adapter's own (`JiraWorklogs`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime

from tuiws.backends.base import ChangeFeed, HealthCheck, WorklogPull, WorklogQuery, WorklogRef
from tuiws.backends.capabilities import Capabilities
from tuiws.backends.errors import BackendError, Forbidden, NotFound
from tuiws.backends.extender.client import BASE_PATH, ExtenderClient
from tuiws.backends.extender.convert import in_window, server_days, to_worklogs
from tuiws.backends.extender.wire import ExtenderItem
from tuiws.backends.jira.connection import SERVER
from tuiws.backends.jira.directory import JiraDirectory
from tuiws.backends.jira.paths import issue_in_path
from tuiws.backends.jira.worklogs import JiraWorklogs
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

__all__ = ["EXTENDER", "ExtenderWorklogs"]

EXTENDER = replace(SERVER, name="extender", label="server · extender")
"""Jira Server's (its comments, estimate choices and worklog feeds: the plugin's worklogs are
Jira's), under the adapter's own name, which is part of the cache's identity."""

_IDS_PER_SEARCH = 50


def _utc_today() -> date:
    return datetime.now(UTC).date()


class ExtenderWorklogs:
    def __init__(
        self,
        jira: JiraWorklogs,
        directory: JiraDirectory,
        extender: ExtenderClient,
        *,
        today: Callable[[], date] = _utc_today,
    ) -> None:
        self.jira = jira
        self.directory = directory
        self.extender = extender
        self._today = today
        self._admin: bool | None = None
        self._asking = asyncio.Lock()
        self._people: dict[str, User] = {}
        """Authors met so far by lower-cased username: the plugin names people by username."""

    @property
    def capabilities(self) -> Capabilities:
        return EXTENDER

    @property
    def changes(self) -> ChangeFeed:
        return self.jira.changes

    def problems(self, draft: WorklogDraft, verb: WriteVerb) -> list[FieldProblem]:
        return self.jira.problems(draft, verb)

    # -- who the plugin shows -------------------------------------------------------------------

    async def sees_everyone(self) -> bool:
        """Whether the account administers Jira (asked once): the plugin then lists anyone's."""
        async with self._asking:
            if self._admin is None:
                try:
                    self._admin = await self.extender.administers_jira()
                except (Forbidden, NotFound):
                    self._admin = False
            return self._admin

    def _is_me(self, user: User) -> bool:
        signed_in = self.jira.client.signed_in
        return signed_in is not None and signed_in in (user.ident, user.name)

    def _remember(self, people: Sequence[User]) -> None:
        for user in people:
            if user.name:
                self._people[user.name.lower()] = user

    async def _authors_of(self, items: Sequence[ExtenderItem]) -> dict[str, User]:
        """Everyone named in `items`, looked up (in parallel) only when not met before."""
        unknown = sorted({i.user for i in items if i.user and i.user.lower() not in self._people})
        if unknown:
            self._remember(list((await self.directory.users(unknown)).values()))
        return self._people

    # -- reading --------------------------------------------------------------------------------

    async def by_authors(self, authors: Sequence[User] | None, query: WorklogQuery) -> WorklogPull:
        if authors is None:
            if not await self.sees_everyone():
                return await self.jira.by_authors(None, query)
            return await self._everyone(query)
        self._remember(authors)
        mine = [a for a in authors if a.name and self._is_me(a)]
        others = [a for a in authors if a not in mine]
        first, last = server_days(query, self._today())
        # My own list needs no permission check: it goes out while the check (if any) runs.
        own, (theirs, fallback) = await asyncio.gather(
            asyncio.gather(*(self._user_list(a, first, last) for a in mine)),
            self._others(others, first, last, query),
        )
        items = [i for chunk in [*own, *theirs] for i in chunk]
        worklogs = [
            w for w in to_worklogs(items, self._people) if in_window(w, query.after, query.before)
        ]
        return await self._with_issues(worklogs, fallback)

    async def _others(
        self, others: Sequence[User], first: date, last: date, query: WorklogQuery
    ) -> tuple[list[list[ExtenderItem]], WorklogPull | None]:
        """Colleagues' lists through the plugin for an administrator; else Jira's reads."""
        if not others:
            return [], None
        if not await self.sees_everyone():
            return [], await self.jira.by_authors(others, query)
        named = [a for a in others if a.name]
        unnamed = [a for a in others if not a.name]
        lists, pulled = await asyncio.gather(
            asyncio.gather(*(self._user_list(a, first, last) for a in named)),
            self._jira_pull(unnamed, query),
        )
        return list(lists), pulled

    async def _user_list(self, user: User, first: date, last: date) -> list[ExtenderItem]:
        try:
            return await self.extender.user_worklogs(user.name or "", first, last)
        except NotFound:
            if not self._is_me(user):
                raise
            # Jira knows me, so a 404 for my own list means the plugin is not there.
            raise NotFound(_missing_plugin(self.jira.client.base_url), status=404) from None

    async def _jira_pull(self, authors: Sequence[User], query: WorklogQuery) -> WorklogPull | None:
        return await self.jira.by_authors(authors, query) if authors else None

    async def _everyone(self, query: WorklogQuery) -> WorklogPull:
        days = f'worklogDate >= "{query.first_day.isoformat()}"'
        if query.last_day is not None:
            days += f' AND worklogDate <= "{query.last_day.isoformat()}"'
        items = await self.extender.query_worklogs(days)
        people = await self._authors_of(items)
        worklogs = [
            w for w in to_worklogs(items, people) if in_window(w, query.after, query.before)
        ]
        return await self._with_issues(worklogs, None)

    async def _with_issues(
        self, worklogs: list[Worklog], pulled: WorklogPull | None
    ) -> WorklogPull:
        """The worklogs with their issues (one search per 50 ids, in parallel), merged with what
        the Jira adapter read for the others."""
        known = {i.id for i in pulled.issues} if pulled else set()
        ids = [i for i in dict.fromkeys(w.issue_id for w in worklogs) if i not in known]
        chunks = [ids[n : n + _IDS_PER_SEARCH] for n in range(0, len(ids), _IDS_PER_SEARCH)]
        found = await asyncio.gather(*(self.directory.issues_by_id(c) for c in chunks))
        issues: list[Issue] = [i for chunk in found for i in chunk]
        if pulled is None:
            return WorklogPull(issues=issues, worklogs=worklogs)
        seen = {w.id for w in worklogs}
        extra = [w for w in pulled.worklogs if w.id not in seen]
        return WorklogPull(issues=pulled.issues + issues, worklogs=worklogs + extra)

    async def issue_worklogs(
        self, issue_key: str, after: datetime | None = None, before: datetime | None = None
    ) -> list[Worklog]:
        """An administrator reads the plugin's list of the issue; anyone else sees only their own
        there, so reads Jira's."""
        if not await self.sees_everyone():
            return await self.jira.issue_worklogs(issue_key, after, before)
        key = issue_in_path(issue_key)
        if after is None:
            items = await self.extender.query_worklogs(f"issuekey = {key}")
        else:
            query = WorklogQuery(after=after, before=before, first_day=after.date())
            first, last = server_days(query, self._today())
            items = await self.extender.issue_worklogs(key, first, last)
        people = await self._authors_of(items)
        return [w for w in to_worklogs(items, people) if in_window(w, after, before)]

    async def get(self, ref: WorklogRef) -> Worklog:
        return await self.jira.get(ref)

    async def latest_own(self) -> Issue | None:
        return await self.jira.latest_own()

    async def required_by_day(self, user: User, days: Sequence[date]) -> dict[date, int] | None:
        return None  # Jira Server keeps no per-person schedule

    # -- writing: Jira's REST v2, exactly as the Jira adapter writes ----------------------------

    async def add(self, checked: CheckedDraft) -> Worklog:
        return await self.jira.add(checked)

    async def update(self, ref: WorklogRef, checked: CheckedDraft) -> Worklog:
        return await self.jira.update(ref, checked)

    async def delete(self, ref: WorklogRef, adjust: AdjustEstimate, tracking: TimeTracking) -> None:
        await self.jira.delete(ref, adjust, tracking)

    # -- doctor ---------------------------------------------------------------------------------

    async def health(self) -> list[HealthCheck]:
        """Whether the plugin answers, and whose worklogs it shows this account."""
        me = self.jira.client.signed_in or ""
        today = self._today()
        try:
            await self.extender.user_worklogs(me, today, today)
        except NotFound:
            return [
                HealthCheck(
                    "extender",
                    False,
                    _missing_plugin(self.jira.client.base_url),
                    'install the Worklog extender plugin, or set worklogs = "jira"',
                )
            ]
        except BackendError as exc:
            return [HealthCheck("extender", False, str(exc), "check the plugin's settings")]
        checks = [HealthCheck("extender", True, f"Worklog extender answers at {BASE_PATH}")]
        if await self.sees_everyone():
            detail = (
                "Jira administrator: the extender shows everyone's worklogs "
                "(a team week costs one request per person)"
            )
        else:
            detail = (
                "not a Jira administrator: the extender shows only your own worklogs; "
                "colleagues' are read through Jira's REST API"
            )
        checks.append(HealthCheck("visibility", True, detail))
        return checks


def _missing_plugin(base_url: str) -> str:
    return (
        f"Jira at {base_url} has no Worklog extender plugin ({BASE_PATH} answered 404): "
        'install it, or set worklogs = "jira" in the profile.'
    )
