"""The emulator as a running service: lifecycle, auth, rate-limit budget, latency, faults, log.

The socket plumbing is in `http_server`, the endpoints behind `routes`.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Any, Literal

from . import addons, routes
from .calls import Call, Reply
from .http_server import MAX_BODY, LoopbackServer
from .limits import Budget, FaultPlan, FaultRule, TokenBucket
from .models import JiraError, User
from .render import errors
from .seed import build_state
from .state import EmulatorState

__all__ = ["MAX_BODY", "JiraEmulator", "RecordedRequest"]

_READ_ONLY_POSTS = ("/search", "/search/jql", "/worklog/list")


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the emulator saw it (status 0: the connection was dropped)."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names; Authorization is "<redacted>"
    body: Any
    status: int


def _is_write(method: str, path: str) -> bool:
    return method in ("POST", "PUT", "DELETE") and not path.rstrip("/").endswith(_READ_ONLY_POSTS)


def _fault_reply(rule: FaultRule) -> Reply:
    headers: dict[str, str] = {}
    if rule.retry_after is not None:
        wait = max(0.0, float(rule.retry_after))
        headers["Retry-After"] = str(int(wait)) if wait.is_integer() else f"{wait:g}"
    if rule.status == 429:
        headers.setdefault("RateLimit-Reason", "jira-burst-based")
        return Reply(429, {"errorMessages": ["Rate limit exceeded."]}, headers)
    messages = {
        500: "Internal server error",
        502: "Bad gateway",
        503: "Service unavailable",
        504: "Gateway timeout",
    }
    text = messages.get(rule.status, f"Injected failure {rule.status}")
    if rule.body is not None:
        return Reply(rule.status, rule.body, headers)
    return Reply(rule.status, errors([text]), headers)


def _authorization(header: str) -> tuple[str, str] | None:
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() == "basic":
        try:
            return "basic", base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
    if scheme.lower() == "bearer":
        return "bearer", value.strip()
    return None


def _redacted(headers: dict[str, str]) -> dict[str, str]:
    return {k: ("<redacted>" if k == "authorization" else v) for k, v in headers.items()}


class JiraEmulator:
    """A Jira Cloud or Server/DC on loopback, seeded with a demo team, with fault injection."""

    def __init__(
        self,
        flavor: Literal["cloud", "server"] = "cloud",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency_ms: int = 0,
        seed: bool = True,
        today: date | None = None,
        clock: Callable[[], datetime] | None = None,
        budget: Budget | None = None,
        thin_feeds: bool = False,
    ) -> None:
        """`thin_feeds`: act as an older Server/DC whose `worklog/updated` and
        `worklog/deleted` feeds answer 404 (also `state.thin_feeds`, switchable at any time)."""
        if flavor not in ("cloud", "server"):
            raise ValueError(f"flavor must be 'cloud' or 'server', not {flavor!r}")
        self.flavor: Literal["cloud", "server"] = flavor
        self.host = host
        self.port = port
        self.latency_ms = latency_ms
        self.state: EmulatorState = build_state(flavor, today=today, clock=clock, full=seed)
        self.state.thin_feeds = thin_feeds
        self.requests: list[RecordedRequest] = []
        self._log_lock = threading.Lock()
        self._faults = FaultPlan()
        self._bucket: TokenBucket | None = TokenBucket(budget) if budget else None
        self._server: LoopbackServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    # ------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the emulator is not running: call start() first")
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> JiraEmulator:
        if self._server is not None:
            return self
        server = LoopbackServer((self.host, self.port), self._serve, self._record, self._track)
        self.port = int(server.server_address[1])
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"jira-emulator-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        with self._connections_lock:
            open_connections = list(self._connections)
            self._connections.clear()
        for connection in open_connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> JiraEmulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> JiraEmulator:
        return self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _track(self, connection: socket.socket, add: bool) -> None:
        with self._connections_lock:
            if add:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    # ------------------------------------------------------------ test controls

    def clear_log(self) -> None:
        with self._log_lock:
            self.requests.clear()

    def writes(self) -> list[RecordedRequest]:
        """Recorded worklog writes on any API (Jira, Tempo, Everit), not searches or lists."""
        with self._log_lock:
            return [r for r in self.requests if addons.is_worklog_write(r.method, r.path)]

    def fail_next(
        self,
        count: int,
        status: int,
        *,
        retry_after: float | None = None,
        method: str | None = None,
        path_contains: str | None = None,
        apply: bool = False,
        delay: float = 0.0,
        body: Any = None,
        after: int = 0,
    ) -> None:
        """The next `count` matching requests answer `status` without being applied, or, with
        `apply`, after being applied (a write that lands and then fails late); `delay` seconds
        pass before the answer; `body` replaces the usual error body (a malformed one, as a
        proxy or a broken Jira sends); the first `after` matching requests pass untouched (a
        read-back that fails after a read that worked)."""
        rule = FaultRule(
            count,
            status,
            retry_after,
            method,
            path_contains,
            apply=apply,
            delay=delay,
            body=body,
            after=after,
        )
        self._faults.add(rule)

    def drop_next(
        self,
        count: int = 1,
        *,
        method: str = "POST",
        path_contains: str | None = None,
        apply: bool = True,
        delay: float = 0.0,
    ) -> None:
        """The next matching requests are applied (if `apply`) and then get no answer at all:
        the connection closes (after `delay` seconds), as when a write landed but the response
        was lost."""
        rule = FaultRule(count, 0, None, method, path_contains, drop=True, apply=apply, delay=delay)
        self._faults.add(rule)

    def delay_next(
        self,
        count: int,
        seconds: float,
        *,
        method: str | None = None,
        path_contains: str | None = None,
    ) -> None:
        """The next matching requests are applied at once and answered `seconds` later: a
        slow write, long enough to outlast a client's timeout or a killed process."""
        rule = FaultRule(count, 0, None, method, path_contains, apply=True, delay=seconds)
        self._faults.add(rule)

    def clear_faults(self) -> None:
        self._faults.clear()

    def set_budget(
        self, budget: Budget | None, *, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        """Turn Cloud's rate limit on (a full bucket) or off (None); `monotonic` lets a test
        run the refill on its own (faster) clock."""
        self._bucket = TokenBucket(budget, monotonic) if budget else None

    @property
    def budget(self) -> Budget | None:
        return self._bucket.budget if self._bucket else None

    # ------------------------------------------------------------ request handling

    def _serve(
        self,
        method: str,
        target: str,
        path: str,
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: bytes,
    ) -> Reply | None:
        """Latency, then an injected fault or the real answer; None: hang up unanswered."""
        if self.latency_ms > 0:
            time.sleep(self.latency_ms / 1000)
        rule = self._faults.take(method, target)
        if rule is None:
            return self._dispatch(method, path, query, headers, body)
        reply = self._dispatch(method, path, query, headers, body) if rule.apply else None
        if rule.delay > 0:
            time.sleep(rule.delay)
        if rule.drop:
            return None
        if rule.status:
            return _fault_reply(rule)
        return reply if reply is not None else self._dispatch(method, path, query, headers, body)

    def _record(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: bytes,
        status: int,
    ) -> None:
        parsed: Any = None
        if body.strip():
            try:
                parsed = json.loads(body)
            except (ValueError, UnicodeDecodeError):
                parsed = None
        entry = RecordedRequest(method, path, query, _redacted(headers), parsed, status)
        with self._log_lock:
            self.requests.append(entry)

    def _unauthorized(self, failed: bool) -> Reply:
        headers = {"WWW-Authenticate": 'Basic realm="protected-by-api-token"'}
        if self.flavor == "server":
            headers["WWW-Authenticate"] = 'Basic realm="Jira"'
        if failed:
            headers["X-Seraph-LoginReason"] = "AUTHENTICATED_FAILED"
        return Reply(
            401,
            errors(
                ["You are not authenticated. Authentication required to perform this operation."]
            ),
            headers,
        )

    def _dispatch(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: bytes,
    ) -> Reply:
        addon = addons.dispatch(
            self.state, self.flavor, self.url, method, path, query, headers, body
        )
        if addon is not None:
            return addon
        found = routes.resolve(self.flavor, method, path)
        if isinstance(found, Reply):
            return found
        user: User | None = None
        header = headers.get("authorization")
        if header:
            credentials = _authorization(header)
            user = self.state.authenticate(*credentials) if credentials else None
            if user is None:
                return self._unauthorized(failed=True)
        elif not found.route.anonymous:
            return self._unauthorized(failed=False)
        bucket = self._bucket
        if user is not None and bucket is not None:
            cost = bucket.budget.write_cost if _is_write(method, path) else 1.0
            refusal = bucket.spend(cost)
            if refusal is not None:
                return Reply(429, {"errorMessages": ["Rate limit exceeded."]}, refusal.headers())
        call = Call(
            method=method,
            path=path,
            query=query,
            headers=headers,
            body=body,
            version=found.version,
            base_url=self.url,
            user=user,
            params=found.params,
        )
        try:
            return found.route.methods[method](self.state, call)
        except JiraError as error:
            return Reply(error.status, error.body(), error.headers)
        except Exception as error:  # a bug in the emulator: answer like a crashed Jira
            return Reply(500, errors([f"Internal server error: {error!r}"]))
