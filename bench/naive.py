"""The naive client both benchmarks measure against: plain httpx, one request at a time.

It does what most worklog tools do: one search, then every issue's whole worklog list, page
by page, with no window and no parallelism.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator
from typing import Any

import httpx

from tuiws.emulator import DEMO, JiraEmulator


class _Bearer(httpx.Auth):
    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


def naive_client(emu: JiraEmulator, *, timeout: float) -> tuple[httpx.AsyncClient, str]:
    """An HTTP client signed in as the demo user, and the REST path of the emulator's flavor."""
    cloud = emu.flavor == "cloud"
    auth: httpx.Auth = httpx.BasicAuth(DEMO.email, DEMO.api_token) if cloud else _Bearer(DEMO.pat)
    api = "/rest/api/3" if cloud else "/rest/api/2"
    return httpx.AsyncClient(base_url=emu.url, auth=auth, timeout=timeout), api


async def every_worklog(
    http: httpx.AsyncClient, api: str, key: str
) -> AsyncIterator[dict[str, Any]]:
    """Every worklog of issue `key`, oldest first, 100 a request."""
    start = 0
    while True:
        page = (
            await http.get(
                f"{api}/issue/{key}/worklog", params={"startAt": start, "maxResults": 100}
            )
        ).json()
        for worklog in page["worklogs"]:
            yield worklog
        start += len(page["worklogs"])
        if not page["worklogs"] or start >= page["total"]:
            return
