"""When and how long to wait before asking again, and how waits are reported.

The client never sleeps on its own clock: `sleep` and `clock` are injected so tests run
instantly, and every wait is announced through `on_backoff` so a UI can count it down.

The UI imports this module (for `BackoffEvent`) before its first frame: what reads a response's
headers is in `tuiws.backends.retry_hints`, beside the transport.
"""

from __future__ import annotations

import math
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

DEFAULT_WAIT_BUDGET = 60.0
"""Seconds one request may spend waiting for retries before the user hears of the failure."""


def seconds_phrase(seconds: float) -> str:
    """`1 second`, `7 seconds`: whole seconds, rounded up so a wait is never undersold."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole} second{'' if whole == 1 else 's'}"


@dataclass(frozen=True)
class BackoffEvent:
    """One wait before a retry. `attempt` is the attempt that failed (1-based)."""

    attempt: int
    max_attempts: int | None
    """The policy's cap on attempts, or None when only the wait budget limits them."""
    seconds: float
    reason: str
    status: int | None
    resume_at: float
    """Clock time (the injected clock's epoch seconds) at which the request goes out again."""

    @property
    def next_attempt(self) -> str:
        """`2/5` under a cap on attempts, `2` when the wait budget alone decides."""
        following = self.attempt + 1
        return f"{following}/{self.max_attempts}" if self.max_attempts else str(following)

    def describe(self) -> str:
        return (
            f"{self.reason} · retry in {max(0, round(self.seconds))}s (attempt {self.next_attempt})"
        )


BackoffCallback = Callable[[BackoffEvent], None]
Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


@dataclass
class RetryPolicy:
    """Decorrelated jitter within a wait budget, never earlier than the server asks.

    Each wait is drawn between `base_delay` and three times the previous wait (capped at
    `max_delay`); after a Retry-After it is the server's wait plus a random share of that.
    Parallel clients (twenty `tuiws log` at once) so spread out over the refill instead of
    coming back together and being refused together. A request gives up when the next wait
    would take its waiting past `wait_budget` seconds.
    """

    wait_budget: float = DEFAULT_WAIT_BUDGET
    max_attempts: int | None = None
    """An optional cap on attempts too; None leaves it to the wait budget."""
    base_delay: float = 1.0
    max_delay: float = 10.0
    longest_honoured_wait: float = 300.0
    """A Retry-After longer than this is not waited out: the error goes to the user instead."""
    jitter: Callable[[], float] = field(default=random.random)

    def delay(
        self, attempt: int, server_hint: float | None, previous: float | None = None
    ) -> float:
        """The wait after failed attempt `attempt`, given the wait before it (`previous`)."""
        last = previous if previous is not None else self.base_delay
        upper = min(self.max_delay, max(self.base_delay, last * 3.0))
        spread: float = self.base_delay + self.jitter() * (upper - self.base_delay)
        if server_hint is None:
            return spread
        share: float = self.jitter()
        return server_hint + share * spread

    def gives_up(self, attempt: int, waited: float, next_wait: float) -> bool:
        """True when waiting `next_wait` more would overrun the budget (or the attempt cap)."""
        if self.max_attempts is not None and attempt >= self.max_attempts:
            return True
        return waited + next_wait > self.wait_budget


class RetryWaits:
    """One request's waits so far, measured against its policy's budget."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self.waited = 0.0
        self.previous: float | None = None

    def next_wait(self, attempt: int, server_hint: float | None) -> float | None:
        """Seconds to wait before the next attempt, or None when the request should give up."""
        seconds = self.policy.delay(attempt, server_hint, self.previous)
        if self.policy.gives_up(attempt, self.waited, seconds):
            return None
        self.waited += seconds
        self.previous = seconds
        return seconds


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
