"""Reading the server's wait hints and the backoff policy."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from hypothesis import given
from hypothesis import strategies as st

from tuiws.backends.backoff import BackoffEvent, RetryPolicy, backoff_reason, server_wait_hint

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


@given(st.integers(min_value=1, max_value=20), st.floats(min_value=0, max_value=1))
def test_exponential_delay_is_capped_and_positive(attempt: int, jitter: float) -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=30.0, jitter=lambda: jitter)
    delay = policy.delay(attempt, None)
    assert 0 < delay <= 30.0


@given(st.floats(min_value=0, max_value=120), st.floats(min_value=0, max_value=1))
def test_server_hint_is_honoured_never_shortened(hint: float, jitter: float) -> None:
    policy = RetryPolicy(jitter=lambda: jitter)
    assert hint <= policy.delay(1, hint) <= hint + 0.25


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
