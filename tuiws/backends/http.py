"""The HTTP transport every adapter shares: one connection pool, timeouts, TLS, a concurrency
cap, the Retry-After/backoff loop, and the unknown outcome of a write whose answer was lost.

An adapter hands in how its own error answers map to `tuiws.backends.errors` (`ErrorMapping`)
and the name users know the far end by. A write whose answer was lost is never retried here:
it raises `UnknownOutcome` so the service can read back first.
"""

from __future__ import annotations

import asyncio
import itertools
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import certifi
import httpx

from tuiws import __version__
from tuiws.backends import errors as e
from tuiws.backends.backoff import (
    BackoffCallback,
    BackoffEvent,
    Clock,
    RetryPolicy,
    RetryWaits,
    Sleep,
    seconds_phrase,
)
from tuiws.backends.retry_hints import RETRYABLE_STATUSES, backoff_reason, server_wait_hint

__all__ = ["ErrorMapping", "HttpTransport", "Operation", "Params", "TransportSettings"]

Operation = Literal["read", "add", "update", "delete"]
# Pairs when a name repeats (Jira's user/bulk takes accountId once per person).
Params = Mapping[str, str] | tuple[tuple[str, str], ...]
ErrorMapping = Callable[[httpx.Response, str, Operation], e.BackendError]
"""(the failed answer, what was asked for in words, the operation) → the error to raise."""


@dataclass(frozen=True)
class TransportSettings:
    base_url: str
    timeout: float = 20.0
    max_concurrency: int = 6
    ca_bundle: Path | None = None
    name: str = "Jira"
    """How messages name the far end."""


class HttpTransport:
    """Sends requests for one adapter; build one per profile and share it between its parts."""

    def __init__(
        self,
        settings: TransportSettings,
        auth: httpx.Auth | None,
        error_for: ErrorMapping,
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
        self.retry = retry or RetryPolicy()
        self.on_backoff = on_backoff
        self.on_recovered = on_recovered
        self._error_for = error_for
        self._sleep = sleep
        self._clock = clock
        self._limit = asyncio.Semaphore(settings.max_concurrency)
        self._resume_at = 0.0
        self._pauses = 0
        """How many times this transport has backed off: a request sent before the latest
        pause began does not show the server recovered (it was answered before the pause)."""
        self._backing_off = False
        self.request_count = 0
        self._auth = auth
        self._transport = transport
        self._http: httpx.AsyncClient | None = None
        self._opening = asyncio.Lock()

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()

    def set_auth(self, auth: httpx.Auth) -> None:
        """Sign every later request."""
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

    async def _wait_for_pause(self) -> None:
        while (left := self._resume_at - self._clock()) > 0:
            await self._sleep(left)

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
        name = self.settings.name
        is_write = method in ("POST", "PUT", "PATCH", "DELETE") and op != "read"
        waits = RetryWaits(self.retry)
        for attempt in itertools.count(1):
            await self._wait_for_pause()
            async with self._limit:
                sent_in = self._pauses
                try:
                    self.request_count += 1
                    http = await self._connection()
                    resp = await http.request(method, path, params=params, json=json)
                except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                    # Nothing reached the server, so asking again is safe even for a write.
                    if _is_tls_failure(exc):
                        raise e.TlsFailed(
                            f"A secure connection to {self.base_url} failed "
                            f"({_tls_reason(exc)}). If your company uses its own certificate "
                            "authority, set `ca_bundle` in the profile; certificate checks are "
                            "never switched off."
                        ) from None
                    if (wait := waits.next_wait(attempt, None)) is None:
                        raise e.Unreachable(
                            f"Cannot reach {self.base_url}: {_plain(exc)}. "
                            "Check the URL and your network."
                        ) from None
                    await self._back_off(attempt, wait, f"cannot reach {name}", None)
                    continue
                except httpx.TransportError as exc:
                    if is_write:
                        raise e.UnknownOutcome(
                            f"The connection was lost while saving to {what}; "
                            "the change may or may not have been applied."
                        ) from None
                    if (wait := waits.next_wait(attempt, None)) is None:
                        raise e.Unreachable(
                            f"{self.base_url} stopped answering ({_plain(exc)})."
                        ) from None
                    await self._back_off(attempt, wait, "connection lost", None)
                    continue
            if resp.status_code in RETRYABLE_STATUSES:
                hint = server_wait_hint(resp, self._clock())
                reason = backoff_reason(resp, name)
                too_long = hint is not None and hint > self.retry.longest_honoured_wait
                wait = None if too_long else waits.next_wait(attempt, hint)
                if wait is None:
                    raise e.RateLimited(
                        _still_refusing(name, reason, attempt, hint), status=resp.status_code
                    )
                await self._back_off(attempt, wait, reason, resp.status_code)
                continue
            if self._backing_off and sent_in == self._pauses:
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
        self._pauses += 1
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


def _default_tls_context() -> ssl.SSLContext:
    """What httpx builds for `verify=True`: the certifi store, hostname checks on."""
    return ssl.create_default_context(cafile=certifi.where())


def _still_refusing(name: str, reason: str, attempts: int, hint: float | None) -> str:
    when = seconds_phrase(hint) if hint is not None else "a minute"
    return (
        f"{name} is still refusing requests ({reason}) after {attempts} "
        f"attempt{'s' if attempts > 1 else ''}. Try again in {when}."
    )


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
