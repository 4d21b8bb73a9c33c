"""The composition root: from a resolved profile to an opened connection and a session.

Built once (by the CLI or the app's entry point) and passed down; nothing below builds its
own connection, so tests point the same factory at the emulator.
"""

from __future__ import annotations

from collections.abc import Callable

from tuiws.backends.backoff import BackoffCallback, RetryPolicy
from tuiws.backends.base import Connection
from tuiws.backends.registry import Hooks, auth_for, connection_for
from tuiws.config import ResolvedProfile
from tuiws.services.session import Session, SessionOverrides, open_session

__all__ = ["auth_for", "build_connection", "connect", "overrides_for"]


def build_connection(
    profile: ResolvedProfile,
    *,
    on_backoff: BackoffCallback | None = None,
    on_recovered: Callable[[], None] | None = None,
    retry: RetryPolicy | None = None,
) -> Connection:
    return connection_for(
        profile, Hooks(on_backoff=on_backoff, on_recovered=on_recovered, retry=retry)
    )


def overrides_for(profile: ResolvedProfile) -> SessionOverrides:
    tracking = profile.tracking_override
    return SessionOverrides(
        zone=profile.zone,
        hours_per_day=tracking.hours_per_day if tracking else None,
        days_per_week=tracking.days_per_week if tracking else None,
        week_start=profile.week_start_weekday,
    )


async def connect(connection: Connection, profile: ResolvedProfile) -> Session:
    """Sign in (the adapter learns what the server is first) and open the session."""
    directory, backend = await connection.open()
    return await open_session(directory, backend, connection, overrides_for(profile))
