"""What a refused response says about waiting: the server's wait hint and why it refused.

Read by the transport (`tuiws.backends.http`) when a request is answered 429 or 503; the waits
themselves are `tuiws.backends.backoff`'s.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime

import httpx

RETRYABLE_STATUSES = frozenset({429, 503})


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
        # A reset already past says nothing about now: use our own backoff instead.
        if when_dt.tzinfo is not None and when_dt.timestamp() > now:
            return when_dt.timestamp() - now
    return None


def backoff_reason(response: httpx.Response, far_end: str = "Jira") -> str:
    """Why a request waits, naming `far_end` (the transport's name: "Jira", "Tempo", …).

    Jira is the directory every profile has, so its rate limit goes unnamed as it always did;
    any other backend is named, so a Tempo 429 or 503 is never taken for Jira's.
    """
    if response.status_code == 429:
        why = response.headers.get("RateLimit-Reason")
        limited = "rate limited" if far_end == "Jira" else f"rate limited by {far_end}"
        return f"{limited} ({why})" if why else limited
    return f"{far_end} is unavailable"
