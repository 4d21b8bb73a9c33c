"""Jira's people endpoints: one account, search, many accounts at once, a group's members."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from tuiws.backends.jira.client import JiraClient
from tuiws.backends.jira.wire import WireUser
from tuiws.domain.models import Flavor

__all__ = ["find_users", "group_members", "user", "users_bulk"]

GROUP_PAGE_SIZE = 50  # Jira's cap for group/member pages
USER_BULK_BATCH = 50  # account ids per user/bulk request, well inside URL length limits


async def user(client: JiraClient, ident: str) -> WireUser:
    flavor = await client.ensure_flavor()
    key = "accountId" if flavor is Flavor.CLOUD else "username"
    resp = await client.send(
        "GET", f"{await client.api()}/user", params={key: ident}, what=f"user {ident}"
    )
    return WireUser.model_validate(resp.json())


async def find_users(client: JiraClient, query: str) -> list[WireUser]:
    flavor = await client.ensure_flavor()
    # Server/DC names the search term `username`; Cloud calls it `query`.
    key = "query" if flavor is Flavor.CLOUD else "username"
    resp = await client.send(
        "GET", f"{await client.api()}/user/search", params={key: query}, what="user search"
    )
    return [WireUser.model_validate(u) for u in resp.json()]


async def users_bulk(client: JiraClient, account_ids: Sequence[str]) -> list[WireUser]:
    """Cloud only: many accounts by id, USER_BULK_BATCH ids a request, batches in parallel.

    Ids Jira does not know are left out of the answer, not reported as errors.
    """

    async def one(batch: Sequence[str]) -> list[WireUser]:
        out: list[WireUser] = []
        start = 0
        while True:
            params = (
                *(("accountId", i) for i in batch),
                ("startAt", str(start)),
                ("maxResults", str(len(batch))),
            )
            resp = await client.send(
                "GET", "/rest/api/3/user/bulk", params=params, what="the team's accounts"
            )
            body = resp.json()
            values = [WireUser.model_validate(u) for u in body.get("values", [])]
            out.extend(values)
            start += len(values)
            if body.get("isLast", True) or not values:
                return out

    ids = list(dict.fromkeys(account_ids))
    batches = [ids[n : n + USER_BULK_BATCH] for n in range(0, len(ids), USER_BULK_BATCH)]
    found = await asyncio.gather(*(one(b) for b in batches))
    return [u for chunk in found for u in chunk]


async def group_members(
    client: JiraClient, group: str, *, by_id: bool = False, include_inactive: bool = False
) -> list[WireUser]:
    """Every member of a Jira group, walking its pages (Jira serves at most 50 a page).

    `by_id` names the group by its Cloud `groupId` (stable across renames) instead of name.
    """
    api = await client.api()
    out: list[WireUser] = []
    start = 0
    while True:
        params = {
            "groupId" if by_id else "groupname": group,
            "includeInactiveUsers": "true" if include_inactive else "false",
            "startAt": str(start),
            "maxResults": str(GROUP_PAGE_SIZE),
        }
        resp = await client.send(
            "GET", f"{api}/group/member", params=params, what=f"the group '{group}'"
        )
        body = resp.json()
        values = [WireUser.model_validate(u) for u in body.get("values", [])]
        out.extend(values)
        start = int(body.get("startAt", start)) + len(values)
        total = body.get("total")
        if body.get("isLast", True) or not values or (total is not None and start >= total):
            return out
