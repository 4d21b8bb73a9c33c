"""The Worklog extender's endpoints, sent through the Jira client's own transport.

The plugin lives under the Jira URL and signs in as Jira does, so it shares Jira's connection
pool, concurrency cap, rate-limit pause and request count (`JiraClient.send`). Lists come in
pages of at most 1000; after the first page (which says the total) the rest are fetched in
parallel. Dates go out as `yyyy-MM-dd` days of the server's zone and come back as epoch
milliseconds; `formatDate` is never sent (its strings carry no zone).
"""

from __future__ import annotations

import asyncio
import unicodedata
from datetime import date
from urllib.parse import quote

from tuiws.backends.errors import BadReference
from tuiws.backends.extender.wire import ExtenderItem, ExtenderPage, MyPermissions
from tuiws.backends.jira.client import JiraClient
from tuiws.backends.jira.paths import issue_in_path
from tuiws.domain.terminal_text import shown

__all__ = ["BASE_PATH", "PAGE_SIZE", "ExtenderClient", "check_username"]

BASE_PATH = "/rest/extender/1.0/worklog"
PAGE_SIZE = 1000
"""The plugin's largest page (and its default)."""
_MAX_USERNAME = 255


def check_username(name: str) -> str:
    """`name` when it can be a Jira Server username in a path segment, else BadReference.

    Jira usernames may hold almost any character, so the name is percent-quoted whole (a `/`
    becomes `%2F`); what no username can be (blank, `.`/`..`, control characters, too long)
    is refused before any URL is built.
    """
    bad = (
        not name.strip()
        or name in (".", "..")
        or len(name) > _MAX_USERNAME
        or any(unicodedata.category(c).startswith("C") for c in name)
    )
    if bad:
        raise BadReference(f"{shown(name)} is not a Jira username: nothing was sent")
    return name


class ExtenderClient:
    def __init__(self, jira: JiraClient) -> None:
        self.jira = jira

    async def user_worklogs(self, username: str, first: date, last: date) -> list[ExtenderItem]:
        """`username`'s worklogs on the server's days first..last (inclusive)."""
        segment = quote(check_username(username), safe="")
        return await self._every_page(
            f"{BASE_PATH}/user/{segment}",
            {"dateFrom": first.isoformat(), "dateTo": last.isoformat()},
            what=f"the Worklog extender's worklogs of {username}",
        )

    async def issue_worklogs(self, issue: str, first: date, last: date) -> list[ExtenderItem]:
        """One issue's worklogs (by key or id) on the server's days first..last."""
        segment = quote(issue_in_path(issue), safe="")
        return await self._every_page(
            f"{BASE_PATH}/issue/{segment}",
            {"dateFrom": first.isoformat(), "dateTo": last.isoformat()},
            what=f"the Worklog extender's worklogs on {issue}",
        )

    async def query_worklogs(self, jql: str) -> list[ExtenderItem]:
        """Every worklog of the issues `jql` finds (the endpoint takes no dates: put
        `worklogDate` in the query)."""
        return await self._every_page(
            f"{BASE_PATH}/query", {"jql": jql}, what="the Worklog extender's JQL worklogs"
        )

    async def administers_jira(self) -> bool:
        """Whether the account holds Administer Jira: only then does the plugin show anyone's
        worklogs but its own."""
        resp = await self.jira.send(
            "GET",
            "/rest/api/2/mypermissions",
            params={"permissions": "ADMINISTER"},
            what="your Jira permissions",
        )
        held = MyPermissions.model_validate(resp.json()).permissions.get("ADMINISTER")
        return held is not None and held.have_permission

    async def _page(self, path: str, params: dict[str, str], start: int, what: str) -> ExtenderPage:
        query = {**params, "startAt": str(start), "maxResults": str(PAGE_SIZE)}
        resp = await self.jira.send("GET", path, params=query, what=what)
        return ExtenderPage.model_validate(resp.json())

    async def _every_page(
        self, path: str, params: dict[str, str], *, what: str
    ) -> list[ExtenderItem]:
        first = await self._page(path, params, 0, what)
        items = list(first.worklogs)
        size = len(first.worklogs)
        if not size or size >= first.total:
            return items
        # The total may change between pages: a short or empty later page simply ends the list.
        starts = range(size, first.total, size)
        rest = await asyncio.gather(*(self._page(path, params, s, what) for s in starts))
        seen = {i.worklog_id for i in items}
        for page in rest:
            for item in page.worklogs:
                if item.worklog_id not in seen:
                    seen.add(item.worklog_id)
                    items.append(item)
        return items
