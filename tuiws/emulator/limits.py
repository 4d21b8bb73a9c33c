"""Jira Cloud's cost-based rate limit (a token bucket) and the emulator's injected faults."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any


@dataclass
class Budget:
    """Jira Cloud's burst limit as a token bucket: reads cost 1, writes `write_cost`."""

    capacity: float = 100.0
    refill_per_second: float = 50.0
    write_cost: float = 2.0


@dataclass(frozen=True)
class Refusal:
    """The bucket is empty: how long until the request would be affordable."""

    retry_after: int
    reset_at: datetime
    limit: int

    def headers(self) -> dict[str, str]:
        return {
            "Retry-After": str(self.retry_after),
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": self.reset_at.strftime("%Y-%m-%dT%H:%M:%S.")
            + f"{self.reset_at.microsecond // 1000:03d}Z",
            "RateLimit-Reason": "jira-burst-based",
        }


class TokenBucket:
    def __init__(self, budget: Budget, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.budget = budget
        self._monotonic = monotonic
        self._tokens = budget.capacity
        self._at = monotonic()
        self._lock = threading.Lock()

    def spend(self, cost: float) -> Refusal | None:
        """Take `cost` tokens, or say how long to wait (taking nothing)."""
        with self._lock:
            now = self._monotonic()
            refill = (now - self._at) * self.budget.refill_per_second
            self._tokens = min(self.budget.capacity, self._tokens + refill)
            self._at = now
            if self._tokens >= cost:
                self._tokens -= cost
                return None
            missing = cost - self._tokens
            rate = self.budget.refill_per_second
            wait = missing / rate if rate > 0 else 3600.0
            seconds = max(1, math.ceil(wait))
            return Refusal(
                retry_after=seconds,
                reset_at=datetime.now(UTC) + timedelta(seconds=wait),
                limit=int(self.budget.capacity),
            )


@dataclass
class FaultRule:
    """The next `count` matching requests fail (`status`) or lose their connection (`drop`),
    after being applied when `apply`, and after `delay` seconds (a slow or late answer)."""

    count: int
    status: int = 0
    retry_after: float | None = None
    method: str | None = None
    path_contains: str | None = None
    drop: bool = False
    apply: bool = True
    delay: float = 0.0
    after: int = 0
    """Matching requests let through untouched before the rule starts to fail them."""
    body: Any = None
    """The error body to answer with instead of Jira's usual ErrorCollection (any JSON)."""

    def matches(self, method: str, target: str) -> bool:
        if self.count <= 0:
            return False
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path_contains is None or self.path_contains in target


class FaultPlan:
    """Queued fault rules; the first rule that matches a request consumes one of its count."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()

    def add(self, rule: FaultRule) -> None:
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def take(self, method: str, target: str) -> FaultRule | None:
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, target):
                    if rule.after > 0:  # this one passes; a later match fails
                        rule.after -= 1
                        continue
                    rule.count -= 1
                    if rule.count <= 0:
                        self._rules.remove(rule)
                    return rule
            return None
