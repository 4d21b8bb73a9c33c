"""Everit Timetracker's public endpoints over the shared `HttpTransport`, as wire models.

Every request carries the API key, the CSRF header and always `x-timezone`: Everit reads and
writes `workDate`/`workStartTime` in that zone and defaults to UTC, which would put evening
entries on the next day. The zone is the session's bucket zone, set once it is known.
"""

from __future__ import annotations

import asyncio
from collections.abc import Generator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from tuiws.backends import errors as e
from tuiws.backends.everit.errors import everit_errors, not_found
from tuiws.backends.everit.wire import (
    DeleteAnswer,
    EveritWorklog,
    PatchAnswer,
    ReportPage,
    ReportRow,
    Tag,
    TagList,
)
from tuiws.backends.http import HttpTransport, TransportSettings

if TYPE_CHECKING:
    from tuiws.backends.registry import Hooks

__all__ = ["REPORT_PAGE_SIZE", "REQUESTED_BY", "EveritAuth", "EveritClient"]

REPORT_PAGE_SIZE = 1000
REQUESTED_BY = "tuiws"


class EveritAuth(httpx.Auth):
    """The headers Everit wants on every request; never prints the key."""

    def __init__(self, api_key: str, zone: str) -> None:
        self._key = api_key
        self.zone = zone

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["x-everit-api-key"] = self._key
        request.headers["x-requested-by"] = REQUESTED_BY
        request.headers["x-timezone"] = self.zone
        yield request

    def __repr__(self) -> str:
        return f"EveritAuth(****, zone={self.zone!r})"


class EveritClient:
    """Raw Everit endpoints; build one per profile."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        hooks: Hooks,
        *,
        zone: str = "UTC",
        ca_bundle: Path | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.auth = EveritAuth(api_key, zone)
        self.transport = HttpTransport(
            TransportSettings(base_url=base_url, name="Everit", ca_bundle=ca_bundle),
            self.auth,
            everit_errors(base_url.rstrip("/")),
            retry=hooks.retry,
            on_backoff=hooks.on_backoff,
            on_recovered=hooks.on_recovered,
            sleep=hooks.sleep,
            clock=hooks.clock,
            transport=transport,
        )

    @property
    def base_url(self) -> str:
        return self.transport.base_url

    @property
    def request_count(self) -> int:
        return self.transport.request_count

    @property
    def zone(self) -> str:
        return self.auth.zone

    def set_zone(self, zone: str) -> None:
        """Send `zone` as `x-timezone` from now on (the session's bucket zone)."""
        self.auth.zone = zone

    async def aclose(self) -> None:
        await self.transport.aclose()

    # -- worklogs -------------------------------------------------------------------------------

    async def worklog(self, worklog_id: int) -> EveritWorklog:
        what = f"worklog {worklog_id}"
        resp = await self.transport.send(
            "GET", "/worklog", params={"worklogId": str(worklog_id)}, what=what
        )
        answer = resp.json()
        missing = not_found(PatchAnswer.model_validate(answer).error, what)
        if missing is not None:
            raise missing
        return EveritWorklog.model_validate(answer)

    async def create(self, body: dict[str, Any], issue_key: str) -> EveritWorklog:
        resp = await self.transport.send(
            "POST", "/worklog", json=body, what=f"a worklog on {issue_key}", op="add"
        )
        return EveritWorklog.model_validate(resp.json())

    async def patch(self, worklog_id: int, partial: dict[str, Any]) -> EveritWorklog:
        what = f"worklog {worklog_id}"
        resp = await self.transport.send(
            "PATCH",
            "/worklog",
            json={"worklogId": worklog_id, "partialWorklog": partial},
            what=what,
            op="update",
        )
        answer = PatchAnswer.model_validate(resp.json())
        missing = not_found(answer.error, what)
        if missing is not None:
            raise missing
        if answer.worklog is None:
            raise e.NotFound(f"{what} was not found in Everit.", status=404)
        return answer.worklog

    async def delete(self, worklog_id: int) -> None:
        what = f"worklog {worklog_id}"
        resp = await self.transport.send(
            "DELETE", "/worklog", params={"worklogId": str(worklog_id)}, what=what, op="delete"
        )
        missing = not_found(DeleteAnswer.model_validate(resp.json()).error, what)
        if missing is not None:
            raise missing

    # -- reading --------------------------------------------------------------------------------

    async def report(
        self,
        first: date,
        last: date,
        *,
        users: Sequence[str] = (),
        jql: str | None = None,
    ) -> list[ReportRow]:
        """Every row of the details report for whole days `first`..`last` in the zone: the
        first page says the total, the rest are asked for in parallel."""
        base: dict[str, Any] = {"startDate": first.isoformat(), "endDate": last.isoformat()}
        if users:
            base["users"] = list(users)
        if jql:
            base["jql"] = jql
        page = await self._report_page(base, 0)
        rows = list(page.values)
        starts = range(len(rows), page.total, REPORT_PAGE_SIZE) if rows else range(0)
        rest = await asyncio.gather(*(self._report_page(base, n) for n in starts))
        for more in rest:
            rows.extend(more.values)
        return rows

    async def report_total(self, first: date, last: date, users: Sequence[str]) -> ReportPage:
        """Only the count, and the last row when there is one."""
        base: dict[str, Any] = {
            "startDate": first.isoformat(),
            "endDate": last.isoformat(),
            "users": list(users),
        }
        head = await self._report_page(base, 0, size=1)
        if head.total <= 1:
            return head
        return await self._report_page(base, head.total - 1, size=1)

    async def _report_page(
        self, base: dict[str, Any], start_at: int, size: int = REPORT_PAGE_SIZE
    ) -> ReportPage:
        body = {**base, "startAt": start_at, "maxResults": size}
        resp = await self.transport.send(
            "POST", "/report/details", json=body, what="the Everit worklog report"
        )
        return ReportPage.model_validate(resp.json())

    async def tags(self) -> list[Tag]:
        resp = await self.transport.send("GET", "/tag", what="the Everit tags")
        return TagList.model_validate(resp.json()).worklog_tags
