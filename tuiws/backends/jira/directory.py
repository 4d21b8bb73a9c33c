"""Jira as the issue directory: issues, search, people, groups and the working day."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence

from tuiws.backends.errors import Invalid, NotFound
from tuiws.backends.jira import jql, people
from tuiws.backends.jira.client import JiraClient
from tuiws.backends.jira.convert import to_issue, to_user
from tuiws.domain.models import Flavor, Issue, TimeTracking, User

__all__ = ["ISSUE_FIELDS", "JiraDirectory"]

ISSUE_FIELDS = ("summary", "status", "project", "timetracking")
_IDS_PER_SEARCH = 50
_CLOUD_GROUP_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class JiraDirectory:
    def __init__(self, client: JiraClient, flavor: Flavor) -> None:
        self.client = client
        self.flavor = flavor

    @property
    def site(self) -> str:
        return self.client.base_url

    async def myself(self) -> User:
        return to_user(await self.client.myself())

    async def user(self, ident: str) -> User:
        return to_user(await people.user(self.client, ident))

    async def users(self, idents: Sequence[str]) -> dict[str, User]:
        """Cloud: `user/bulk` for account ids; Server: one `user` each, in parallel."""
        wanted = [i for i in dict.fromkeys(idents) if "@" not in i]
        if not wanted:
            return {}
        if self.flavor is Flavor.CLOUD:
            bulk = [to_user(u) for u in await people.users_bulk(self.client, wanted)]
            return {u.account_id: u for u in bulk if u.account_id in wanted}

        async def one(ident: str) -> User | None:
            try:
                return await self.user(ident)
            except NotFound:
                return None

        found = await asyncio.gather(*(one(i) for i in wanted))
        return {i: u for i, u in zip(wanted, found, strict=True) if u is not None}

    async def find_users(self, query: str) -> list[User]:
        return [to_user(u) for u in await people.find_users(self.client, query)]

    async def group_members(self, group: str) -> list[User]:
        # A Cloud group id (stable across renames) names the group as well as its name does.
        by_id = self.flavor is Flavor.CLOUD and bool(_CLOUD_GROUP_ID.fullmatch(group))
        members = await people.group_members(self.client, group, by_id=by_id)
        return [to_user(u) for u in members]

    async def time_tracking(self) -> TimeTracking:
        return await self.client.time_tracking()

    async def issues(self, keys: Sequence[str]) -> list[Issue]:
        """One GET each, in parallel: a JQL `key in (...)` would fail whole when one is gone."""
        return await fetch_issues(self.client, keys)

    async def issues_by_id(self, ids: Sequence[str]) -> list[Issue]:
        """One JQL search per 50 ids.

        Jira fails a whole `id in (...)` search when one id is gone or hidden; that chunk is then
        fetched one issue at a time, skipping the missing ones.
        """
        numeric = [i for i in dict.fromkeys(ids) if i.isdigit()]  # nothing else goes into JQL
        out: list[Issue] = []
        for n in range(0, len(numeric), _IDS_PER_SEARCH):
            chunk = numeric[n : n + _IDS_PER_SEARCH]
            try:
                beans = await self.client.search(jql.ids_in(chunk), ISSUE_FIELDS, limit=len(chunk))
                out.extend(to_issue(b) for b in beans)
            except Invalid:
                out.extend(await fetch_issues(self.client, chunk))
        return out

    def looks_like_query(self, text: str) -> bool:
        return jql.looks_like_jql(text)

    async def search_query(self, query: str, *, limit: int) -> list[Issue]:
        return [to_issue(b) for b in await self.client.search(query, ISSUE_FIELDS, limit=limit)]

    async def search_text(self, text: str, *, limit: int) -> list[Issue]:
        return await self.search_query(jql.text_search(text), limit=limit)


async def fetch_issues(client: JiraClient, keys: Sequence[str]) -> list[Issue]:
    """The named issues in order, skipping any that are gone or hidden."""

    async def one(key: str) -> Issue | None:
        try:
            return to_issue(await client.issue(key, ISSUE_FIELDS))
        except NotFound:
            return None

    found = await asyncio.gather(*(one(k) for k in keys))
    return [i for i in found if i is not None]
