"""One async Jira client for both flavors: Cloud (REST v3, ADF) and Server/DC (REST v2, strings).

The endpoints only: every request goes through the shared `HttpTransport` (concurrency cap,
rate-limit pause, retries, the unknown outcome of a lost write) with Jira's error mapping.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import httpx

from tuiws.backends import errors as e
from tuiws.backends.backoff import BackoffCallback, Clock, RetryPolicy, Sleep
from tuiws.backends.http import HttpTransport, Operation, Params, TransportSettings
from tuiws.backends.jira.errors import jira_errors
from tuiws.backends.jira.paths import issue_in_path, worklog_path
from tuiws.backends.jira.wire import (
    ChangedWorklogs,
    IssueBean,
    JiraConfiguration,
    PickerSuggestions,
    SearchJqlPage,
    SearchPage,
    ServerInfo,
    SuggestedIssue,
    TimeTrackingConfiguration,
    WireUser,
    WireWorklog,
    WorklogPage,
)
from tuiws.domain.models import Flavor, TimeTracking
from tuiws.domain.started import epoch_ms

WORKLOG_LIST_BATCH = 1000
WORKLOG_PAGE_SIZE = 1000
SEARCH_PAGE_SIZE = 100


@dataclass(frozen=True)
class ChangeSet:
    ids: list[int]
    until: int
    """The cursor to ask from next time."""


@dataclass(frozen=True)
class ClientSettings:
    base_url: str
    flavor: Flavor | None = None
    """None means: ask `/rest/api/2/serverInfo` on first use."""
    timeout: float = 20.0
    max_concurrency: int = 6
    ca_bundle: Path | None = None


class JiraClient:
    """Raw Jira endpoints returning wire models. Build one per profile and share it."""

    def __init__(
        self,
        settings: ClientSettings,
        auth: httpx.Auth | None,
        *,
        retry: RetryPolicy | None = None,
        on_backoff: BackoffCallback | None = None,
        on_recovered: Callable[[], None] | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.time,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.base_url = settings.base_url.rstrip("/")
        self._flavor = settings.flavor
        self.signed_in: str | None = None
        """The ident `myself()` last answered: the account the requests are signed as."""
        self.transport = HttpTransport(
            TransportSettings(
                base_url=self.base_url,
                timeout=settings.timeout,
                max_concurrency=settings.max_concurrency,
                ca_bundle=settings.ca_bundle,
            ),
            auth,
            jira_errors(self.base_url),
            retry=retry,
            on_backoff=on_backoff,
            on_recovered=on_recovered,
            sleep=sleep,
            clock=clock,
            transport=transport,
        )

    @property
    def request_count(self) -> int:
        return self.transport.request_count

    @property
    def retry(self) -> RetryPolicy:
        return self.transport.retry

    @retry.setter
    def retry(self, policy: RetryPolicy) -> None:
        self.transport.retry = policy

    async def __aenter__(self) -> JiraClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.transport.aclose()

    def set_auth(self, auth: httpx.Auth) -> None:
        """Sign every later request; set once the flavor (and so the scheme) is known."""
        self.transport.set_auth(auth)

    async def send(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
        what: str,
        op: Operation = "read",
    ) -> httpx.Response:
        return await self.transport.send(method, path, params=params, json=json, what=what, op=op)

    # -- flavor -------------------------------------------------------------------------------

    @property
    def flavor(self) -> Flavor | None:
        return self._flavor

    async def ensure_flavor(self) -> Flavor:
        if self._flavor is None:
            info = await self.server_info()
            self._flavor = flavor_of(info)
        return self._flavor

    async def api(self) -> str:
        flavor = await self.ensure_flavor()
        return "/rest/api/3" if flavor is Flavor.CLOUD else "/rest/api/2"

    # -- identity and instance ------------------------------------------------------------------

    async def server_info(self) -> ServerInfo:
        resp = await self.send("GET", "/rest/api/2/serverInfo", what="the Jira server")
        return ServerInfo.model_validate(resp.json())

    async def myself(self) -> WireUser:
        resp = await self.send("GET", f"{await self.api()}/myself", what="your Jira account")
        me = WireUser.model_validate(resp.json())
        self.signed_in = me.account_id or me.name or me.key
        return me

    async def time_tracking(self) -> TimeTracking:
        """The instance's working day and week.

        `/configuration` answers any signed-in user; `/configuration/timetracking/options`
        needs Administer Jira, so it is only the fallback for servers without the former.
        """
        api = await self.api()
        try:
            resp = await self.send("GET", f"{api}/configuration", what="the Jira configuration")
        except (e.NotFound, e.Forbidden):
            resp = None
        if resp is not None:
            conf = JiraConfiguration.model_validate(resp.json())
            tt = conf.time_tracking_configuration or TimeTrackingConfiguration()
            return TimeTracking(
                hours_per_day=tt.working_hours_per_day,
                days_per_week=tt.working_days_per_week,
                enabled=conf.time_tracking_enabled,
            )
        try:
            resp = await self.send(
                "GET",
                f"{api}/configuration/timetracking/options",
                what="the time tracking options",
            )
        except (e.NotFound, e.Forbidden):
            return TimeTracking()
        opts = TimeTrackingConfiguration.model_validate(resp.json())
        return TimeTracking(
            hours_per_day=opts.working_hours_per_day, days_per_week=opts.working_days_per_week
        )

    # -- issues ---------------------------------------------------------------------------------

    async def issue(self, key: str, fields: Sequence[str]) -> IssueBean:
        resp = await self.send(
            "GET",
            f"{await self.api()}/issue/{issue_in_path(key)}",
            params={"fields": ",".join(fields)},
            what=f"issue {key}",
        )
        return IssueBean.model_validate(resp.json())

    async def issue_picker(self, query: str) -> list[SuggestedIssue]:
        resp = await self.send(
            "GET",
            f"{await self.api()}/issue/picker",
            params={"query": query},
            what="issue suggestions",
        )
        seen: dict[str, SuggestedIssue] = {}
        for section in PickerSuggestions.model_validate(resp.json()).sections:
            for issue in section.issues:
                seen.setdefault(issue.key, issue)
        return list(seen.values())

    async def search(
        self, jql: str, fields: Sequence[str], *, limit: int | None = None
    ) -> list[IssueBean]:
        """Every issue matching `jql` (up to `limit`), walking Cloud tokens or Server offsets."""
        out: list[IssueBean] = []
        async for page in self._search_pages(jql, fields, limit):
            out.extend(page)
            if limit is not None and len(out) >= limit:
                return out[:limit]
        return out

    async def _search_pages(
        self, jql: str, fields: Sequence[str], limit: int | None
    ) -> AsyncIterator[list[IssueBean]]:
        flavor = await self.ensure_flavor()
        size = min(SEARCH_PAGE_SIZE, limit) if limit else SEARCH_PAGE_SIZE
        field_list = ",".join(fields)
        if flavor is Flavor.CLOUD:
            token: str | None = None
            while True:
                params = {"jql": jql, "maxResults": str(size), "fields": field_list}
                if token:
                    params["nextPageToken"] = token
                resp = await self.send(
                    "GET", "/rest/api/3/search/jql", params=params, what="the issue search"
                )
                page = SearchJqlPage.model_validate(resp.json())
                yield page.issues
                token = page.next_page_token
                if page.is_last or not token or not page.issues:
                    return
        else:
            start = 0
            while True:
                params = {
                    "jql": jql,
                    "startAt": str(start),
                    "maxResults": str(size),
                    "fields": field_list,
                }
                resp = await self.send(
                    "GET", "/rest/api/2/search", params=params, what="the issue search"
                )
                spage = SearchPage.model_validate(resp.json())
                yield spage.issues
                start = spage.start_at + len(spage.issues)
                if not spage.issues or start >= spage.total:
                    return

    # -- worklogs -------------------------------------------------------------------------------

    async def issue_worklogs(
        self,
        key: str,
        *,
        started_after: datetime | None = None,
        started_before: datetime | None = None,
        expand: str | None = None,
    ) -> list[WireWorklog]:
        """All of an issue's worklogs in the window, every page (Jira sends oldest first)."""
        api = await self.api()
        out: list[WireWorklog] = []
        start = 0
        while True:
            params = {"startAt": str(start), "maxResults": str(WORKLOG_PAGE_SIZE)}
            if started_after is not None:
                params["startedAfter"] = str(epoch_ms(started_after))
            if started_before is not None:
                params["startedBefore"] = str(epoch_ms(started_before))
            if expand is not None:
                params["expand"] = expand
            resp = await self.send(
                "GET",
                f"{api}/issue/{issue_in_path(key)}/worklog",
                params=params,
                what=f"issue {key}",
            )
            page = WorklogPage.model_validate(resp.json())
            out.extend(page.worklogs)
            start = page.start_at + len(page.worklogs)
            if not page.worklogs or start >= page.total:
                return out

    async def worklog(self, key: str, worklog_id: str) -> WireWorklog:
        resp = await self.send(
            "GET",
            f"{await self.api()}/{worklog_path(key, worklog_id)}",
            what=f"worklog {worklog_id} on {key}",
        )
        return WireWorklog.model_validate(resp.json())

    async def add_worklog(
        self, key: str, body: Mapping[str, Any], params: Mapping[str, str]
    ) -> WireWorklog:
        resp = await self.send(
            "POST",
            f"{await self.api()}/issue/{issue_in_path(key)}/worklog",
            params=dict(params),
            json=dict(body),
            what=f"issue {key}",
            op="add",
        )
        return WireWorklog.model_validate(resp.json())

    async def update_worklog(
        self, key: str, worklog_id: str, body: Mapping[str, Any], params: Mapping[str, str]
    ) -> WireWorklog:
        resp = await self.send(
            "PUT",
            f"{await self.api()}/{worklog_path(key, worklog_id)}",
            params=dict(params),
            json=dict(body),
            what=f"worklog {worklog_id} on {key}",
            op="update",
        )
        return WireWorklog.model_validate(resp.json())

    async def delete_worklog(self, key: str, worklog_id: str, params: Mapping[str, str]) -> None:
        await self.send(
            "DELETE",
            f"{await self.api()}/{worklog_path(key, worklog_id)}",
            params=dict(params),
            what=f"worklog {worklog_id} on {key}",
            op="delete",
        )

    async def worklogs_updated(self, since_ms: int) -> ChangedWorklogs:
        return await self._changed("updated", since_ms)

    async def worklogs_deleted(self, since_ms: int) -> ChangedWorklogs:
        return await self._changed("deleted", since_ms)

    async def worklog_changes(
        self, feed: Literal["updated", "deleted"], since_ms: int
    ) -> ChangeSet:
        """Every id in a feed since `since_ms`, walking the pages (1000 ids each) to the end.

        The next page starts at the previous page's `until`, which is what Jira's `nextPage`
        link says; following our own parameter keeps the request on the configured base URL.
        """
        # A page boundary may repeat the entry stamped exactly at `until`: keep ids once.
        ids: dict[int, None] = {}
        since = since_ms
        while True:
            page = await self._changed(feed, since)
            ids.update((v.worklog_id, None) for v in page.values)
            if page.last_page or not page.values or page.until <= since:
                return ChangeSet(ids=list(ids), until=max(page.until, since))
            since = page.until

    async def _changed(self, feed: str, since_ms: int) -> ChangedWorklogs:
        resp = await self.send(
            "GET",
            f"{await self.api()}/worklog/{feed}",
            params={"since": str(since_ms)},
            what=f"the {feed} worklogs feed",
        )
        return ChangedWorklogs.model_validate(resp.json())

    async def worklogs_by_id(self, ids: Sequence[int | str]) -> list[WireWorklog]:
        """Hydrate worklog ids, at most 1000 a request (Jira answers 400 above that or on none)."""
        api = await self.api()
        batches = [
            [int(i) for i in ids[n : n + WORKLOG_LIST_BATCH]]
            for n in range(0, len(ids), WORKLOG_LIST_BATCH)
        ]

        async def one(batch: list[int]) -> list[WireWorklog]:
            resp = await self.send(
                "POST", f"{api}/worklog/list", json={"ids": batch}, what="worklogs by id"
            )
            return [WireWorklog.model_validate(w) for w in resp.json()]

        results = await asyncio.gather(*(one(b) for b in batches))
        return [w for chunk in results for w in chunk]


def flavor_of(info: ServerInfo) -> Flavor:
    return Flavor.CLOUD if info.deployment_type.lower() == "cloud" else Flavor.SERVER
