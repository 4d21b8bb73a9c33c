"""One async Jira client for both flavors: Cloud (REST v3, ADF) and Server/DC (REST v2, strings).

Every request goes through `_send`, which owns the concurrency cap, the shared rate-limit
pause, retries and the mapping of answers to typed errors. A write whose answer was lost is
never retried here: it raises `UnknownOutcomeError` so the service can read back first.
"""

from __future__ import annotations

import asyncio
import itertools
import ssl
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import httpx

from tuiws import __version__
from tuiws.domain.models import Flavor, TimeTracking
from tuiws.domain.references import InvalidReference, check_issue_reference, check_worklog_id
from tuiws.domain.started import epoch_ms
from tuiws.jira import errors as e
from tuiws.jira.retry import (
    RETRYABLE_STATUSES,
    BackoffCallback,
    BackoffEvent,
    Clock,
    RetryPolicy,
    RetryWaits,
    Sleep,
    backoff_reason,
    seconds_phrase,
    server_wait_hint,
)
from tuiws.jira.wire import (
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

Operation = Literal["read", "add", "update", "delete"]

WORKLOG_LIST_BATCH = 1000
WORKLOG_PAGE_SIZE = 1000
SEARCH_PAGE_SIZE = 100
GROUP_PAGE_SIZE = 50  # Jira's cap for group/member pages
USER_BULK_BATCH = 50  # account ids per user/bulk request, well inside URL length limits

_PERMISSION_FOR: dict[Operation, str] = {
    "read": "Browse projects",
    "add": "Browse projects and Work on issues",
    "update": "Edit own worklogs (Edit all worklogs for someone else's)",
    "delete": "Delete own worklogs (Delete all worklogs for someone else's)",
}


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
        self.retry = retry or RetryPolicy()
        self.on_backoff = on_backoff
        self.on_recovered = on_recovered
        self._sleep = sleep
        self._clock = clock
        self._limit = asyncio.Semaphore(settings.max_concurrency)
        self._resume_at = 0.0
        self._backing_off = False
        self.request_count = 0
        self._auth = auth
        self._transport = transport
        self._http: httpx.AsyncClient | None = None
        self._opening = asyncio.Lock()

    async def __aenter__(self) -> JiraClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()

    def set_auth(self, auth: httpx.Auth) -> None:
        """Sign every later request; set once the flavor (and so the scheme) is known."""
        self._auth = auth
        if self._http is not None:
            self._http.auth = auth

    async def _connection(self) -> httpx.AsyncClient:
        """The HTTP client, built on first use so that the app paints before any TLS set-up.

        Loading the CA store costs about a tenth of a second; it happens in a thread while the
        first frame is drawn. A plain-http base URL (allowed only to loopback) gets a context
        that verifies but trusts nothing: a redirect to https fails closed.
        """
        async with self._opening:
            if self._http is None:
                verify = await self._tls_context()
                self._http = httpx.AsyncClient(
                    base_url=self.base_url,
                    auth=self._auth,
                    timeout=httpx.Timeout(
                        self.settings.timeout, connect=min(10.0, self.settings.timeout)
                    ),
                    verify=verify,
                    transport=self._transport,
                    headers={"Accept": "application/json", "User-Agent": f"tuiws/{__version__}"},
                    limits=httpx.Limits(max_connections=self.settings.max_concurrency * 2),
                )
            return self._http

    async def _tls_context(self) -> ssl.SSLContext:
        if self.settings.ca_bundle is not None:
            bundle = str(self.settings.ca_bundle)
            return await asyncio.to_thread(ssl.create_default_context, cafile=bundle)
        if self.base_url.startswith("http://"):
            return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        return await asyncio.to_thread(_default_tls_context)

    # -- flavor -------------------------------------------------------------------------------

    @property
    def flavor(self) -> Flavor | None:
        return self._flavor

    async def ensure_flavor(self) -> Flavor:
        if self._flavor is None:
            info = await self.server_info()
            self._flavor = flavor_of(info)
        return self._flavor

    async def _api(self) -> str:
        flavor = await self.ensure_flavor()
        return "/rest/api/3" if flavor is Flavor.CLOUD else "/rest/api/2"

    # -- identity and instance ------------------------------------------------------------------

    async def server_info(self) -> ServerInfo:
        resp = await self._send("GET", "/rest/api/2/serverInfo", what="the Jira server")
        return ServerInfo.model_validate(resp.json())

    async def myself(self) -> WireUser:
        resp = await self._send("GET", f"{await self._api()}/myself", what="your Jira account")
        return WireUser.model_validate(resp.json())

    async def user(self, ident: str) -> WireUser:
        flavor = await self.ensure_flavor()
        key = "accountId" if flavor is Flavor.CLOUD else "username"
        resp = await self._send(
            "GET", f"{await self._api()}/user", params={key: ident}, what=f"user {ident}"
        )
        return WireUser.model_validate(resp.json())

    async def find_users(self, query: str) -> list[WireUser]:
        flavor = await self.ensure_flavor()
        # Server/DC names the search term `username`; Cloud calls it `query`.
        key = "query" if flavor is Flavor.CLOUD else "username"
        resp = await self._send(
            "GET", f"{await self._api()}/user/search", params={key: query}, what="user search"
        )
        return [WireUser.model_validate(u) for u in resp.json()]

    async def users_bulk(self, account_ids: Sequence[str]) -> list[WireUser]:
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
                resp = await self._send(
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
        self, group: str, *, by_id: bool = False, include_inactive: bool = False
    ) -> list[WireUser]:
        """Every member of a Jira group, walking its pages (Jira serves at most 50 a page).

        `by_id` names the group by its Cloud `groupId` (stable across renames) instead of name.
        """
        api = await self._api()
        out: list[WireUser] = []
        start = 0
        while True:
            params = {
                "groupId" if by_id else "groupname": group,
                "includeInactiveUsers": "true" if include_inactive else "false",
                "startAt": str(start),
                "maxResults": str(GROUP_PAGE_SIZE),
            }
            resp = await self._send(
                "GET", f"{api}/group/member", params=params, what=f"the group '{group}'"
            )
            body = resp.json()
            values = [WireUser.model_validate(u) for u in body.get("values", [])]
            out.extend(values)
            start = int(body.get("startAt", start)) + len(values)
            total = body.get("total")
            if body.get("isLast", True) or not values or (total is not None and start >= total):
                return out

    async def time_tracking(self) -> TimeTracking:
        """The instance's working day and week.

        `/configuration` answers any signed-in user; `/configuration/timetracking/options`
        needs Administer Jira, so it is only the fallback for servers without the former.
        """
        api = await self._api()
        try:
            resp = await self._send("GET", f"{api}/configuration", what="the Jira configuration")
        except (e.NotFoundError, e.PermissionDeniedError):
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
            resp = await self._send(
                "GET",
                f"{api}/configuration/timetracking/options",
                what="the time tracking options",
            )
        except (e.NotFoundError, e.PermissionDeniedError):
            return TimeTracking()
        opts = TimeTrackingConfiguration.model_validate(resp.json())
        return TimeTracking(
            hours_per_day=opts.working_hours_per_day, days_per_week=opts.working_days_per_week
        )

    # -- issues ---------------------------------------------------------------------------------

    async def issue(self, key: str, fields: Sequence[str]) -> IssueBean:
        resp = await self._send(
            "GET",
            f"{await self._api()}/issue/{_issue_in_path(key)}",
            params={"fields": ",".join(fields)},
            what=f"issue {key}",
        )
        return IssueBean.model_validate(resp.json())

    async def issue_picker(self, query: str) -> list[SuggestedIssue]:
        resp = await self._send(
            "GET",
            f"{await self._api()}/issue/picker",
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
                resp = await self._send(
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
                resp = await self._send(
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
    ) -> list[WireWorklog]:
        """All of an issue's worklogs in the window, every page (Jira sends oldest first)."""
        api = await self._api()
        out: list[WireWorklog] = []
        start = 0
        while True:
            params = {"startAt": str(start), "maxResults": str(WORKLOG_PAGE_SIZE)}
            if started_after is not None:
                params["startedAfter"] = str(epoch_ms(started_after))
            if started_before is not None:
                params["startedBefore"] = str(epoch_ms(started_before))
            resp = await self._send(
                "GET",
                f"{api}/issue/{_issue_in_path(key)}/worklog",
                params=params,
                what=f"issue {key}",
            )
            page = WorklogPage.model_validate(resp.json())
            out.extend(page.worklogs)
            start = page.start_at + len(page.worklogs)
            if not page.worklogs or start >= page.total:
                return out

    async def worklog(self, key: str, worklog_id: str) -> WireWorklog:
        resp = await self._send(
            "GET",
            f"{await self._api()}/{_worklog_path(key, worklog_id)}",
            what=f"worklog {worklog_id} on {key}",
        )
        return WireWorklog.model_validate(resp.json())

    async def add_worklog(
        self, key: str, body: Mapping[str, Any], params: Mapping[str, str]
    ) -> WireWorklog:
        resp = await self._send(
            "POST",
            f"{await self._api()}/issue/{_issue_in_path(key)}/worklog",
            params=dict(params),
            json=dict(body),
            what=f"issue {key}",
            op="add",
        )
        return WireWorklog.model_validate(resp.json())

    async def update_worklog(
        self, key: str, worklog_id: str, body: Mapping[str, Any], params: Mapping[str, str]
    ) -> WireWorklog:
        resp = await self._send(
            "PUT",
            f"{await self._api()}/{_worklog_path(key, worklog_id)}",
            params=dict(params),
            json=dict(body),
            what=f"worklog {worklog_id} on {key}",
            op="update",
        )
        return WireWorklog.model_validate(resp.json())

    async def delete_worklog(self, key: str, worklog_id: str, params: Mapping[str, str]) -> None:
        await self._send(
            "DELETE",
            f"{await self._api()}/{_worklog_path(key, worklog_id)}",
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
        resp = await self._send(
            "GET",
            f"{await self._api()}/worklog/{feed}",
            params={"since": str(since_ms)},
            what=f"the {feed} worklogs feed",
        )
        return ChangedWorklogs.model_validate(resp.json())

    async def worklogs_by_id(self, ids: Sequence[int | str]) -> list[WireWorklog]:
        """Hydrate worklog ids, at most 1000 a request (Jira answers 400 above that or on none)."""
        api = await self._api()
        batches = [
            [int(i) for i in ids[n : n + WORKLOG_LIST_BATCH]]
            for n in range(0, len(ids), WORKLOG_LIST_BATCH)
        ]

        async def one(batch: list[int]) -> list[WireWorklog]:
            resp = await self._send(
                "POST", f"{api}/worklog/list", json={"ids": batch}, what="worklogs by id"
            )
            return [WireWorklog.model_validate(w) for w in resp.json()]

        results = await asyncio.gather(*(one(b) for b in batches))
        return [w for chunk in results for w in chunk]

    # -- transport ------------------------------------------------------------------------------

    async def _wait_for_pause(self) -> None:
        while (left := self._resume_at - self._clock()) > 0:
            await self._sleep(left)

    async def _send(
        self,
        method: str,
        path: str,
        *,
        # Pairs when a name repeats (user/bulk takes accountId once per person).
        params: Mapping[str, str] | tuple[tuple[str, str], ...] | None = None,
        json: Any = None,
        what: str,
        op: Operation = "read",
    ) -> httpx.Response:
        is_write = method in ("POST", "PUT", "DELETE") and op != "read"
        waits = RetryWaits(self.retry)
        for attempt in itertools.count(1):
            await self._wait_for_pause()
            async with self._limit:
                try:
                    self.request_count += 1
                    http = await self._connection()
                    resp = await http.request(method, path, params=params, json=json)
                except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                    # Nothing reached Jira, so asking again is safe even for a write.
                    if _is_tls_failure(exc):
                        raise e.TlsError(
                            f"A secure connection to {self.base_url} failed "
                            f"({_tls_reason(exc)}). If your company uses its own certificate "
                            "authority, set `ca_bundle` in the profile; certificate checks are "
                            "never switched off."
                        ) from None
                    if (wait := waits.next_wait(attempt, None)) is None:
                        raise e.NetworkError(
                            f"Cannot reach {self.base_url}: {_plain(exc)}. "
                            "Check the URL and your network."
                        ) from None
                    await self._back_off(attempt, wait, "cannot reach Jira", None)
                    continue
                except httpx.TransportError as exc:
                    if is_write:
                        raise e.UnknownOutcomeError(
                            f"The connection was lost while saving to {what}; "
                            "the change may or may not have been applied."
                        ) from None
                    if (wait := waits.next_wait(attempt, None)) is None:
                        raise e.NetworkError(
                            f"{self.base_url} stopped answering ({_plain(exc)})."
                        ) from None
                    await self._back_off(attempt, wait, "connection lost", None)
                    continue
            if resp.status_code in RETRYABLE_STATUSES:
                hint = server_wait_hint(resp, self._clock())
                reason = backoff_reason(resp)
                too_long = hint is not None and hint > self.retry.longest_honoured_wait
                wait = None if too_long else waits.next_wait(attempt, hint)
                if wait is None:
                    raise e.RateLimitedError(
                        _still_refusing(reason, attempt, hint), status=resp.status_code
                    )
                await self._back_off(attempt, wait, reason, resp.status_code)
                continue
            if self._backing_off:
                self._backing_off = False
                if self.on_recovered is not None:
                    self.on_recovered()
            if resp.is_success:
                return resp
            raise self._error_for(resp, what, op)
        raise AssertionError("unreachable: the loop returns or raises")

    async def _back_off(
        self, attempt: int, seconds: float, reason: str, status: int | None
    ) -> None:
        resume_at = self._clock() + seconds
        # One pause for every request in flight: hammering on after a 429 only lengthens it.
        self._resume_at = max(self._resume_at, resume_at)
        self._backing_off = True
        if self.on_backoff is not None:
            self.on_backoff(
                BackoffEvent(
                    attempt=attempt,
                    max_attempts=self.retry.max_attempts,
                    seconds=seconds,
                    reason=reason,
                    status=status,
                    resume_at=resume_at,
                )
            )
        await self._wait_for_pause()

    def _error_for(self, resp: httpx.Response, what: str, op: Operation) -> e.JiraError:
        try:
            body = resp.json()
        except ValueError:
            body = None
        messages, fields = e.error_messages(body)
        status = resp.status_code
        details = messages + [f"{k}: {v}" for k, v in fields.items()]
        if status == 400:
            return e.BadRequestError(
                _bad_request_message(what, op, messages, fields),
                field_errors=fields,
                details=details,
            )
        if status == 401:
            return e.AuthenticationError(
                f"Jira at {self.base_url} did not accept the credentials. Check the email and "
                "API token (Cloud) or the personal access token (Server/DC), and that the "
                "token has not expired."
            )
        if status == 403:
            return e.PermissionDeniedError(
                f"Jira refused access to {what}: this account needs the "
                f"'{_PERMISSION_FOR[op]}' permission in that project.",
                status=403,
                details=messages,
            )
        if status == 404:
            return e.NotFoundError(
                f"{what[0].upper()}{what[1:]} was not found, or this account may not browse it.",
                status=404,
                details=messages,
            )
        if status == 410:
            return e.GoneError(
                f"Jira has removed the endpoint used for {what}.", status=410, details=messages
            )
        if status == 413:
            return e.WorklogLimitError(
                f"{what[0].upper()}{what[1:]} has reached Jira's limit of worklogs per issue; "
                "log the time on another issue (or ask an admin to archive old worklogs).",
                status=413,
                details=messages,
            )
        if status >= 500:
            hint = ""
            text = " ".join(messages).lower()
            if op in ("add", "update") and ("date" in text or "pars" in text):
                hint = " Jira failed to read the start time (`started`)."
            return e.ServerError(
                f"Jira failed with an internal error ({status}) on {what}.{hint}",
                status=status,
                details=messages,
            )
        return e.JiraError(f"Jira answered {status} for {what}.", status=status, details=details)


def _default_tls_context() -> ssl.SSLContext:
    """What httpx builds for `verify=True`: the certifi store, hostname checks on."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def flavor_of(info: ServerInfo) -> Flavor:
    return Flavor.CLOUD if info.deployment_type.lower() == "cloud" else Flavor.SERVER


def _bad_request_message(
    what: str, op: Operation, messages: list[str], fields: dict[str, str]
) -> str:
    if "comment" in fields:
        return (
            f"Jira refused the comment for {what}: Cloud wants an Atlassian Document, "
            "Server/DC a plain string. Check the profile's flavor."
        )
    if "started" in fields:
        return f"Jira refused the start time for {what}: {fields['started']}"
    if fields:
        name, text = next(iter(fields.items()))
        return f"Jira refused {name} for {what}: {text}"
    if messages:
        return f"Jira refused the request for {what}: {messages[0]}"
    if op in ("add", "update", "delete"):
        return (
            f"Jira refused the worklog for {what} without saying why. The usual cause is that "
            "time tracking is switched off for this project, or the issue cannot be edited."
        )
    return f"Jira refused the request for {what}."


def _still_refusing(reason: str, attempts: int, hint: float | None) -> str:
    when = seconds_phrase(hint) if hint is not None else "a minute"
    return (
        f"Jira is still refusing requests ({reason}) after {attempts} "
        f"attempt{'s' if attempts > 1 else ''}. Try again in {when}."
    )


def _issue_in_path(key: str) -> str:
    """The key or id as a path segment, checked here too: callers other than the CLI exist."""
    try:
        return check_issue_reference(key)
    except InvalidReference as exc:
        raise e.InvalidReferenceError(str(exc)) from None


def _worklog_path(key: str, worklog_id: str) -> str:
    """`issue/KEY/worklog/ID`, both parts checked before they become a path."""
    try:
        checked = check_worklog_id(str(worklog_id))
    except InvalidReference as exc:
        raise e.InvalidReferenceError(str(exc)) from None
    return f"issue/{_issue_in_path(key)}/worklog/{checked}"


def _plain(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0]


def _tls_reason(exc: Exception) -> str:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return seen.reason or type(seen).__name__
        seen = seen.__cause__ or seen.__context__
    return _plain(exc)


def _is_tls_failure(exc: Exception) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)
