"""Small shared look-ups: quoting for JQL, and issues fetched by key."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from tuiws.domain.models import Issue
from tuiws.jira.client import JiraClient
from tuiws.jira.convert import to_issue
from tuiws.jira.errors import NotFoundError


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
