"""Who we are on which backend: the facts every use case needs, fetched once at start."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

from tuiws.backends.base import Connection, IssueDirectory, RequestMeter, WorklogBackend
from tuiws.backends.capabilities import Capabilities
from tuiws.domain.models import TimeTracking, User
from tuiws.domain.started import resolve_zone

if TYPE_CHECKING:
    from tuiws.config import ResolvedProfile

A = TypeVar("A")
B = TypeVar("B")


@dataclass(frozen=True)
class SessionOverrides:
    zone: str | None = None
    hours_per_day: float | None = None
    days_per_week: float | None = None
    week_start: int = 0


@dataclass
class Session:
    directory: IssueDirectory
    backend: WorklogBackend
    meter: RequestMeter
    """Counts the requests of this session's connection."""
    me: User
    tracking: TimeTracking
    zone: ZoneInfo
    zone_source: str
    """Where the bucket zone came from: "profile override", "Jira profile" or "default"."""
    week_start: int = 0

    @property
    def zone_name(self) -> str:
        return self.zone.key

    @property
    def capabilities(self) -> Capabilities:
        return self.backend.capabilities

    @property
    def site(self) -> str:
        return self.directory.site


async def open_session(
    directory: IssueDirectory,
    backend: WorklogBackend,
    meter: RequestMeter,
    overrides: SessionOverrides | None = None,
) -> Session:
    """Ask for the account and the day length in parallel."""
    overrides = overrides or SessionOverrides()
    me, tracking = await beside(directory.myself(), directory.time_tracking())
    if overrides.hours_per_day or overrides.days_per_week:
        tracking = TimeTracking(
            hours_per_day=overrides.hours_per_day or tracking.hours_per_day,
            days_per_week=overrides.days_per_week or tracking.days_per_week,
            enabled=tracking.enabled,
        )
    if overrides.zone:
        zone, source = resolve_zone(overrides.zone), "profile override"
    elif me.time_zone:
        zone, source = resolve_zone(me.time_zone), "Jira profile"
    else:
        zone, source = resolve_zone(None), "default"
    return Session(
        directory=directory,
        backend=backend,
        meter=meter,
        me=me,
        tracking=tracking,
        zone=zone,
        zone_source=source,
        week_start=overrides.week_start,
    )


def overrides_for(profile: ResolvedProfile) -> SessionOverrides:
    """What the profile says instead of the site: its zone, day length and week start."""
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


async def beside(first: Awaitable[A], second: Awaitable[B]) -> tuple[A, B]:
    """Both answers, asked in parallel; when one fails the other is stopped, so no retries
    (and no backoff news) outlive the failure that is reported."""
    one, two = asyncio.ensure_future(first), asyncio.ensure_future(second)
    try:
        return await asyncio.gather(one, two)
    except BaseException:
        one.cancel()
        two.cancel()
        raise
