"""Tempo's endpoints over the shared transport, in either dialect, paced under its limit.

The dialect comes from the URL: `…/4` (and the bare api.tempo.io, api.eu.tempo.io,
api.us.tempo.io hosts) is REST v4; `…/core/3` is the retired core/3. Paths are sent below the
API root so that `/papertrail/1` and `/audit/1` sit beside the worklogs. Tempo asks for about
five requests a second: a token bucket spaces them, and 429 Retry-After is the transport's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal
from urllib.parse import urlsplit

from tuiws.backends import errors as e
from tuiws.backends.backoff import Clock, Sleep
from tuiws.backends.http import HttpTransport, Operation, Params
from tuiws.backends.tempo.wire import (
    Approval,
    DeletedEvent,
    DeletedPage,
    ScheduleDay,
    SchedulePage,
    TempoWorklog,
    WorkAttributeDef,
    WorkAttributePage,
    WorklogPage,
)

__all__ = ["PAGE_LIMIT", "Dialect", "RequestPacer", "TempoClient", "TempoUrl", "parse_tempo_url"]

Dialect = Literal["v4", "core3"]
PAGE_LIMIT = 1000
_V4_HOSTS = ("api.tempo.io", "api.eu.tempo.io", "api.us.tempo.io")


@dataclass(frozen=True)
class TempoUrl:
    root: str
    """The API root without the version (`https://api.tempo.io`)."""
    dialect: Dialect

    @property
    def prefix(self) -> str:
        return "/4" if self.dialect == "v4" else "/core/3"


def parse_tempo_url(url: str) -> TempoUrl:
    """Which dialect a profile's Tempo URL speaks, and its root; ValueError if neither."""
    trimmed = url.strip().rstrip("/")
    if trimmed.endswith("/core/3"):
        return TempoUrl(trimmed[: -len("/core/3")], "core3")
    if trimmed.endswith("/4"):
        return TempoUrl(trimmed[: -len("/4")], "v4")
    parts = urlsplit(trimmed)
    if parts.hostname in _V4_HOSTS and parts.path in ("", "/"):
        return TempoUrl(trimmed, "v4")
    raise ValueError(
        f"{url!r} is not a Tempo API URL: use https://api.tempo.io/4 "
        "(or api.eu.tempo.io/4, api.us.tempo.io/4)"
    )


class RequestPacer:
    """A token bucket: at most `rate` requests a second after a burst of `burst`."""

    def __init__(self, rate: float, burst: float, clock: Clock, sleep: Sleep) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._tokens = burst
        self._at = clock()
        self._lock = asyncio.Lock()

    async def take(self) -> None:
        async with self._lock:
            while True:
                now = self._clock()
                self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
                self._at = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                # At least a hundredth: a tinier wait may not move a coarse clock at all.
                await self._sleep(max(0.01, (1 - self._tokens) / self.rate))


class TempoClient:
    def __init__(self, transport: HttpTransport, url: TempoUrl, pacer: RequestPacer) -> None:
        self.transport = transport
        self.url = url
        self.pacer = pacer

    @property
    def dialect(self) -> Dialect:
        return self.url.dialect

    @property
    def request_count(self) -> int:
        return self.transport.request_count

    async def aclose(self) -> None:
        await self.transport.aclose()

    async def _send(
        self,
        method: str,
        path: str,
        *,
        what: str,
        params: Params | None = None,
        json: Any = None,
        op: Operation = "read",
    ) -> Any:
        await self.pacer.take()
        resp = await self.transport.send(method, path, params=params, json=json, what=what, op=op)
        return resp.json() if resp.content else None

    def _follow(self, next_url: str) -> str:
        """A `metadata.next` URL as a path below our root; never a request to another host."""
        if not next_url.startswith(self.url.root + "/"):
            raise e.BackendError(f"Tempo pointed the next page at another host: {next_url}")
        return next_url[len(self.url.root) :]

    # -- worklogs ---------------------------------------------------------------------------------

    async def _pages(
        self, method: str, path: str, params: dict[str, str], body: Any, what: str
    ) -> list[TempoWorklog]:
        out: list[TempoWorklog] = []
        target: str = path
        query: dict[str, str] | None = {**params, "limit": str(PAGE_LIMIT)}
        while True:
            raw = await self._send(method, target, params=query, json=body, what=what)
            page = WorklogPage.model_validate(raw)
            out.extend(page.results)
            if not page.metadata.next or not page.results:
                return out
            target, query = self._follow(page.metadata.next), None

    async def user_worklogs(self, account_id: str, first: date, last: date) -> list[TempoWorklog]:
        params = {"from": first.isoformat(), "to": last.isoformat()}
        path = f"{self.url.prefix}/worklogs/user/{account_id}"
        return await self._pages("GET", path, params, None, "your worklogs in Tempo")

    async def search(self, authors: Sequence[str], first: date, last: date) -> list[TempoWorklog]:
        """v4 only: every author's worklogs in one paged search."""
        body = {"authorIds": list(authors), "from": first.isoformat(), "to": last.isoformat()}
        return await self._pages("POST", "/4/worklogs/search", {}, body, "the team's worklogs")

    async def worklogs(
        self,
        first: date | None = None,
        last: date | None = None,
        *,
        issue: str | None = None,
        updated_from: str | None = None,
    ) -> list[TempoWorklog]:
        """What this token sees: by dates, by issue (v4 id, core/3 key), or changed since."""
        params: dict[str, str] = {}
        if first is not None:
            params["from"] = first.isoformat()
        if last is not None:
            params["to"] = last.isoformat()
        if issue is not None:
            params["issueId" if self.dialect == "v4" else "issue"] = issue
        if updated_from is not None:
            params["updatedFrom"] = updated_from
        return await self._pages("GET", f"{self.url.prefix}/worklogs", params, None, "worklogs")

    async def worklog(self, tempo_id: str) -> TempoWorklog:
        raw = await self._send(
            "GET", f"{self.url.prefix}/worklogs/{tempo_id}", what=f"Tempo worklog {tempo_id}"
        )
        return TempoWorklog.model_validate(raw)

    async def create(self, body: dict[str, Any], what: str) -> TempoWorklog:
        raw = await self._send(
            "POST", f"{self.url.prefix}/worklogs", json=body, what=what, op="add"
        )
        return TempoWorklog.model_validate(raw)

    async def replace(self, tempo_id: str, body: dict[str, Any]) -> TempoWorklog:
        raw = await self._send(
            "PUT",
            f"{self.url.prefix}/worklogs/{tempo_id}",
            json=body,
            what=f"Tempo worklog {tempo_id}",
            op="update",
        )
        return TempoWorklog.model_validate(raw)

    async def delete(self, tempo_id: str) -> None:
        await self._send(
            "DELETE",
            f"{self.url.prefix}/worklogs/{tempo_id}",
            what=f"Tempo worklog {tempo_id}",
            op="delete",
        )

    async def deleted(self, updated_from: str) -> list[DeletedEvent]:
        """Deleted-worklog events since `updated_from`, every page (papertrail or audit)."""
        v4 = self.dialect == "v4"
        path = f"/{'papertrail' if v4 else 'audit'}/1/events/deleted/types/worklog"
        params: dict[str, str] = {"updatedFrom": updated_from, "limit": str(PAGE_LIMIT)}
        out: list[DeletedEvent] = []
        while True:
            raw = await self._send("GET", path, params=params, what="Tempo's deleted worklogs")
            page = DeletedPage.model_validate(raw)
            out.extend(page.results)
            if not page.results or not (page.metadata.next or page.metadata.last_evaluated_key):
                return out
            if v4 and page.metadata.last_evaluated_key:
                params = {**params, "lastEvaluatedKey": page.metadata.last_evaluated_key}
            else:
                params = {**params, "offset": str((page.metadata.offset or 0) + len(page.results))}

    # -- Tempo's own settings ---------------------------------------------------------------------

    async def work_attributes(self) -> list[WorkAttributeDef]:
        raw = await self._send(
            "GET", f"{self.url.prefix}/work-attributes", what="Tempo's work attributes"
        )
        return WorkAttributePage.model_validate(raw).results

    async def schedule(self, account_id: str, first: date, last: date) -> list[ScheduleDay]:
        raw = await self._send(
            "GET",
            f"/4/user-schedule/{account_id}",
            params={"from": first.isoformat(), "to": last.isoformat()},
            what="the Tempo schedule",
        )
        return SchedulePage.model_validate(raw).results

    async def approval(self, account_id: str, day: date) -> Approval:
        raw = await self._send(
            "GET",
            f"/4/timesheet-approvals/user/{account_id}",
            params={"from": day.isoformat(), "to": day.isoformat()},
            what="the timesheet approval",
        )
        return Approval.model_validate(raw)
