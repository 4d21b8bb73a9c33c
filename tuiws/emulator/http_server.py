"""The socket side of the emulator: a threaded loopback HTTP/1.1 server and its handler.

It reads bodies (Content-Length or chunked, refusing more than Jira's megabyte), sends replies
as JSON, and leaves what to answer to the `serve` callback (None: hang up without an answer).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .calls import Reply
from .render import errors

MAX_BODY = 1024 * 1024  # Jira refuses bodies above about a megabyte
_DISCARD_LIMIT = 64 * 1024 * 1024
_request_ids = itertools.count(1)

# (method, raw target, path, query, headers, body) -> the reply, or None to hang up
Serve = Callable[[str, str, str, dict[str, list[str]], dict[str, str], bytes], Reply | None]
# (method, path, query, headers, body, status 0 when hung up)
Record = Callable[[str, str, dict[str, list[str]], dict[str, str], bytes, int], None]
Track = Callable[[socket.socket, bool], None]


class _BodyTooLarge(Exception):
    pass


class LoopbackServer(ThreadingHTTPServer):
    """Threads per connection; what to answer, log and track comes from the callbacks."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(
        self, address: tuple[str, int], serve: Serve, record: Record, track: Track
    ) -> None:
        self.serve = serve
        self.record = record
        self.track = track
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up are normal (timeouts, dropped connections): stay quiet."""
        return


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # small JSON answers must not wait for delayed ACKs
    server: LoopbackServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        return

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)

    def finish(self) -> None:
        self.server.track(self.connection, False)
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
        split = urlsplit(self.path)
        query = parse_qs(split.query, keep_blank_values=True)
        headers = {name.lower(): value for name, value in self.headers.items()}
        body = b""
        reply: Reply | None
        try:
            body = self._read_body()
        except _BodyTooLarge:
            reply = Reply(413, errors(["The request body is too large."]))
        except (ValueError, OSError):
            self._give_up(query, headers, body)
            return
        else:
            reply = self.server.serve(self.command, self.path, split.path, query, headers, body)
            if reply is None:
                self._give_up(query, headers, body)
                return
        # Logged before the answer leaves, so a client that got it always finds it in the log.
        self.server.record(self.command, split.path, query, headers, body, reply.status)
        self._send(reply)

    def _give_up(self, query: dict[str, list[str]], headers: dict[str, str], body: bytes) -> None:
        """Close the connection without any answer (logged with status 0)."""
        self.close_connection = True
        path = urlsplit(self.path).path
        self.server.record(self.command, path, query, headers, body, 0)
