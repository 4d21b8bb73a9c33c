"""Who we are on which Jira: the facts every use case needs, fetched once at start."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from tuiws.domain.models import Flavor, TimeTracking, User
from tuiws.domain.started import resolve_zone
from tuiws.jira.client import JiraClient
from tuiws.jira.convert import to_user


@dataclass(frozen=True)
class SessionOverrides:
    zone: str | None = None
    hours_per_day: float | None = None
    days_per_week: float | None = None
    week_start: int = 0


@dataclass
class Session:
    client: JiraClient
    flavor: Flavor
    me: User
    tracking: TimeTracking
    zone: ZoneInfo
    zone_source: str
    """Where the bucket zone came from: "profile override", "Jira profile" or "default"."""
    week_start: int = 0

    @property
    def zone_name(self) -> str:
        return self.zone.key


async def open_session(client: JiraClient, overrides: SessionOverrides | None = None) -> Session:
    """Detect the flavor, then ask for the account and the day length in parallel."""
    overrides = overrides or SessionOverrides()
    flavor = await client.ensure_flavor()
    wire_me, tracking = await asyncio.gather(client.myself(), client.time_tracking())
    me = to_user(wire_me)
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
        client=client,
        flavor=flavor,
        me=me,
        tracking=tracking,
        zone=zone,
        zone_source=source,
        week_start=overrides.week_start,
    )
