"""Reading the server's wait hints and the backoff policy."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiws.backends.backoff import (
    BackoffEvent,
    RetryPolicy,
    RetryWaits,
    seconds_phrase,
)
from tuiws.backends.retry_hints import backoff_reason, server_wait_hint

NOW = 1_800_000_000.0


def response(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers)


def test_retry_after_seconds() -> None:
    assert server_wait_hint(response(429, **{"Retry-After": "7"}), NOW) == 7.0


AT = datetime(2027, 1, 15, 8, 0, 0, tzinfo=UTC).timestamp()


def test_retry_after_http_date() -> None:
    hint = server_wait_hint(response(429, **{"Retry-After": "Fri, 15 Jan 2027 08:00:10 GMT"}), AT)
    assert hint == 10.0


def test_rate_limit_reset_iso() -> None:
    hint = server_wait_hint(response(429, **{"X-RateLimit-Reset": "2027-01-15T08:00:12Z"}), AT)
    assert hint == 12.0


def test_retry_after_wins_over_reset() -> None:
    headers = {"Retry-After": "3", "X-RateLimit-Reset": "2027-01-15T08:00:12Z"}
    assert server_wait_hint(response(429, **headers), AT) == 3.0


def test_no_hint() -> None:
    assert server_wait_hint(response(429), NOW) is None
    assert server_wait_hint(response(429, **{"Retry-After": "soon"}), NOW) is None


def test_reason_names_the_limit() -> None:
    assert backoff_reason(response(429, **{"RateLimit-Reason": "jira-burst-based"})) == (
        "rate limited (jira-burst-based)"
    )
    assert backoff_reason(response(503)) == "Jira is unavailable"


def test_reason_names_the_backend_that_refuses() -> None:
    assert backoff_reason(response(503), "Tempo") == "Tempo is unavailable"
    assert backoff_reason(response(429), "Everit") == "rate limited by Everit"
    assert backoff_reason(response(429, **{"RateLimit-Reason": "burst"}), "Tempo") == (
        "rate limited by Tempo (burst)"
    )


@given(st.integers(min_value=1, max_value=20), st.floats(min_value=0, max_value=1))
def test_exponential_delay_is_capped_and_positive(attempt: int, jitter: float) -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=30.0, jitter=lambda: jitter)
    delay = policy.delay(attempt, None)
    assert 0 < delay <= 30.0


@given(
    st.floats(min_value=0, max_value=120),
    st.floats(min_value=0, max_value=1),
    st.none() | st.floats(min_value=0, max_value=100),
)
def test_server_hint_is_honoured_never_shortened(
    hint: float, jitter: float, previous: float | None
) -> None:
    policy = RetryPolicy(jitter=lambda: jitter)
    assert hint <= policy.delay(1, hint, previous) <= hint + policy.max_delay


@given(st.floats(min_value=0, max_value=1), st.none() | st.floats(min_value=0, max_value=100))
def test_decorrelated_wait_grows_from_the_previous_one(
    jitter: float, previous: float | None
) -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=10.0, jitter=lambda: jitter)
    delay = policy.delay(3, None, previous)
    upper = min(10.0, max(1.0, 3 * (previous if previous is not None else 1.0)))
    assert 1.0 <= delay <= upper + 1e-9


def test_parallel_requests_told_the_same_wait_do_not_come_back_together() -> None:
    """Twenty clients told `Retry-After: 1` at once spread over seconds, not a quarter of one."""
    rng = random.Random(7)
    policy = RetryPolicy(jitter=rng.random)
    waits = sorted(policy.delay(1, 1.0) for _ in range(20))
    assert waits[0] >= 1.0
    assert waits[-1] - waits[0] > 1.0
    assert len({round(w, 1) for w in waits}) > 10


def test_waits_stop_at_the_budget_not_after_five_attempts() -> None:
    waits = RetryWaits(RetryPolicy(wait_budget=60.0, jitter=lambda: 1.0))
    planned: list[float] = []
    while (wait := waits.next_wait(len(planned) + 1, 1.0)) is not None:
        planned.append(wait)
    assert len(planned) > 5
    assert sum(planned) <= 60.0 < sum(planned) + (1.0 + 10.0)
    assert waits.waited == sum(planned)


def test_an_attempt_cap_still_applies_when_set() -> None:
    waits = RetryWaits(RetryPolicy(max_attempts=3, jitter=lambda: 0.0))
    assert waits.next_wait(1, None) == 1.0
    assert waits.next_wait(2, None) == 1.0
    assert waits.next_wait(3, None) is None


def test_rate_limit_reset_in_the_past_is_no_hint() -> None:
    past = response(429, **{"X-RateLimit-Reset": "2027-01-15T07:59:50Z"})
    assert server_wait_hint(past, AT) is None
    now = response(429, **{"X-RateLimit-Reset": "2027-01-15T08:00:00Z"})
    assert server_wait_hint(now, AT) is None


@pytest.mark.parametrize(
    ("seconds", "phrase"),
    [
        (1, "1 second"),
        (0.2, "1 second"),
        (1.0000000001, "1 second"),
        (2, "2 seconds"),
        (0, "0 seconds"),
    ],
)
def test_seconds_phrase_is_singular_for_one(seconds: float, phrase: str) -> None:
    assert seconds_phrase(seconds) == phrase


def test_event_describes_countdown() -> None:
    event = BackoffEvent(
        attempt=1,
        max_attempts=5,
        seconds=7.2,
        reason="rate limited",
        status=429,
        resume_at=NOW + 7.2,
    )
    assert event.describe() == "rate limited · retry in 7s (attempt 2/5)"


def test_event_without_an_attempt_cap_counts_attempts_only() -> None:
    event = BackoffEvent(
        attempt=3,
        max_attempts=None,
        seconds=1.0,
        reason="rate limited",
        status=429,
        resume_at=NOW + 1,
    )
    assert event.next_attempt == "4"
    assert event.describe() == "rate limited · retry in 1s (attempt 4)"
