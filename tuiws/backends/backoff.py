"""When and how long to wait before asking Jira again, and how waits are reported.

The client never sleeps on its own clock: `sleep` and `clock` are injected so tests run
instantly, and every wait is announced through `on_backoff` so a UI can count it down.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for annotations: the UI imports this module for BackoffEvent before httpx is needed.
    import httpx

RETRYABLE_STATUSES = frozenset({429, 503})


@dataclass(frozen=True)
class BackoffEvent:
    """One wait before a retry. `attempt` is the attempt that failed (1-based)."""

    attempt: int
    max_attempts: int
    seconds: float
    reason: str
    status: int | None
    resume_at: float
    """Clock time (the injected clock's epoch seconds) at which the request goes out again."""

    def describe(self) -> str:
        return (
            f"{self.reason} · retry in {max(0, round(self.seconds))}s "
            f"(attempt {self.attempt + 1}/{self.max_attempts})"
        )


BackoffCallback = Callable[[BackoffEvent], None]
Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


@dataclass
class RetryPolicy:
    """Capped exponential backoff with full jitter, overridden by the server's own word."""

    max_attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 30.0
    longest_honoured_wait: float = 300.0
    """A Retry-After longer than this is not waited out: the error goes to the user instead."""
    jitter: Callable[[], float] = field(default=random.random)

    def delay(self, attempt: int, server_hint: float | None) -> float:
        if server_hint is not None:
            # A little jitter on top keeps parallel requests from returning in lockstep.
            spread: float = self.jitter() * 0.25
            return server_hint + spread
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))
        share: float = self.jitter()
        return max(0.05, ceiling * share)


def server_wait_hint(response: httpx.Response, now: float) -> float | None:
    """Seconds the server asks us to wait, from Retry-After or X-RateLimit-Reset."""
    retry_after = response.headers.get("Retry-After")
    if retry_after:
        retry_after = retry_after.strip()
        try:
            seconds: float = max(0.0, float(retry_after))
            return seconds
        except ValueError:
            try:
                when = parsedate_to_datetime(retry_after)
            except (TypeError, ValueError):
                when = None
            if when is not None:
                return max(0.0, when.timestamp() - now)
    reset = response.headers.get("X-RateLimit-Reset")
    if reset:
        try:
            when_dt = datetime.fromisoformat(reset.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        if when_dt.tzinfo is not None:
            return max(0.0, when_dt.timestamp() - now)
    return None


def backoff_reason(response: httpx.Response) -> str:
    if response.status_code == 429:
        why = response.headers.get("RateLimit-Reason")
        return f"rate limited ({why})" if why else "rate limited"
    return "Jira is unavailable"


class BackoffRelay:
    """Passes backoff news from a client built early to a listener attached later (the UI)."""

    def __init__(self) -> None:
        self.on_backoff: BackoffCallback | None = None
        self.on_recovered: Callable[[], None] | None = None

    def backoff(self, event: BackoffEvent) -> None:
        if self.on_backoff is not None:
            self.on_backoff(event)

    def recovered(self) -> None:
        if self.on_recovered is not None:
            self.on_recovered()
