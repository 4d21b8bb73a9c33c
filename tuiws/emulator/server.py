"""The HTTP side: a threaded loopback server, auth, rate-limit budget, latency, faults, log."""

from __future__ import annotations

import base64
import binascii
import contextlib
import itertools
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from . import routes
from .calls import Call, Reply
from .limits import Budget, FaultPlan, FaultRule, TokenBucket
from .models import JiraError, User
from .render import errors
from .seed import build_state
from .state import EmulatorState

MAX_BODY = 1024 * 1024  # Jira refuses bodies above about a megabyte
_DISCARD_LIMIT = 64 * 1024 * 1024
_READ_ONLY_POSTS = ("/search", "/search/jql", "/worklog/list")
_request_ids = itertools.count(1)


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


class _BodyTooLarge(Exception):
    pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], emulator: JiraEmulator) -> None:
        self.emulator = emulator
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up are normal (timeouts, dropped connections): stay quiet."""
        return


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # small JSON answers must not wait for delayed ACKs
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        return

    def setup(self) -> None:
        super().setup()
        self.server.emulator._track(self.connection, add=True)

    def finish(self) -> None:
        self.server.emulator._track(self.connection, add=False)
        with contextlib.suppress(OSError):
            super().finish()

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_OPTIONS(self) -> None:
        self._handle()

    # ------------------------------------------------------------ plumbing

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked()
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            if length > _DISCARD_LIMIT:
                self.close_connection = True
            else:
                remaining = length
                while remaining > 0:
                    chunk = self.rfile.read(min(remaining, 65536))
                    if not chunk:
                        break
                    remaining -= len(chunk)
            raise _BodyTooLarge
        return self.rfile.read(length) if length > 0 else b""

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        size = 0
        while True:
            line = self.rfile.readline(65537)
            chunk_size = int(line.split(b";")[0].strip() or b"0", 16)
            if chunk_size == 0:
                while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass
                break
            parts.append(self.rfile.read(chunk_size))
            self.rfile.readline(65537)
            size += chunk_size
            if size > MAX_BODY:
                self.close_connection = True
                raise _BodyTooLarge
        return b"".join(parts)

    def _send(self, reply: Reply) -> None:
        payload = b"" if reply.body is None else json.dumps(reply.body).encode()
        self.send_response(reply.status)
        if reply.status != 204:
            if payload:
                self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(payload)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("X-AREQUESTID", f"emu-{next(_request_ids)}")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if payload and self.command != "HEAD":
            self.wfile.write(payload)

    def _handle(self) -> None:
        emulator = self.server.emulator
        method = self.command
        split = urlsplit(self.path)
        path = split.path
        query = parse_qs(split.query, keep_blank_values=True)
        headers = {name.lower(): value for name, value in self.headers.items()}
        body = b""
        reply: Reply | None = None
        try:
            body = self._read_body()
        except _BodyTooLarge:
            reply = Reply(413, errors(["The request body is too large."]))
        except (ValueError, OSError):
            self._give_up(query, headers, body)
            return
        if reply is None:
            if emulator.latency_ms > 0:
                time.sleep(emulator.latency_ms / 1000)
            rule = emulator._faults.take(method, self.path)
            if rule is not None and rule.drop and not rule.apply:
                self._give_up(query, headers, body)
                return
            if rule is not None and not rule.drop:
                reply = _fault_reply(rule)
            else:
                reply = emulator._dispatch(method, path, query, headers, body)
            if rule is not None and rule.drop:
                self._give_up(query, headers, body)
                return
        # Logged before the answer leaves, so a client that got it always finds it in the log.
        emulator._record(method, path, query, headers, body, reply.status)
        self._send(reply)

    def _give_up(self, query: dict[str, list[str]], headers: dict[str, str], body: bytes) -> None:
        """Close the connection without any answer (logged with status 0)."""
        self.close_connection = True
        path = urlsplit(self.path).path
        self.server.emulator._record(self.command, path, query, headers, body, 0)


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
        self._server: _Server | None = None
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
        server = _Server((self.host, self.port), self)
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

    def _track(self, connection: socket.socket, *, add: bool) -> None:
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
        """Recorded POST/PUT/DELETE requests to worklog endpoints (not `worklog/list`)."""
        with self._log_lock:
            return [
                r
                for r in self.requests
                if r.method in ("POST", "PUT", "DELETE")
                and "/worklog" in r.path
                and not r.path.rstrip("/").endswith("/worklog/list")
            ]

    def fail_next(
        self,
        count: int,
        status: int,
        *,
        retry_after: float | None = None,
        method: str | None = None,
        path_contains: str | None = None,
        body: Any = None,
    ) -> None:
        """The next `count` matching requests answer `status` without being applied; `body`
        replaces the usual error body (a malformed one, as a proxy or a broken Jira sends)."""
        self._faults.add(
            FaultRule(count, status, retry_after, method, path_contains, drop=False, body=body)
        )

    def drop_next(
        self,
        count: int = 1,
        *,
        method: str = "POST",
        path_contains: str | None = None,
        apply: bool = True,
    ) -> None:
        """The next matching requests are applied (if `apply`) and then get no answer at all:
        the connection closes, as when a write landed but the response was lost."""
        self._faults.add(FaultRule(count, 0, None, method, path_contains, drop=True, apply=apply))

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
