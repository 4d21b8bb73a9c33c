"""A week built from the local cache alone, so the app can paint at once and refresh after.

No network: the week is what the last sync stored, and `synced_at` says how old that is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tuiws.domain.models import User
from tuiws.domain.started import resolve_zone
from tuiws.domain.timesheet import Week, build_week
from tuiws.domain.week import week_start, week_window
from tuiws.store.cache import WorklogCache

WINDOW_WEEKS_HELD = 6
"""How many weeks before the week of a sync its window pull reaches (`sync.DEFAULT_WINDOW_WEEKS`,
not imported: that module brings the HTTP client with it)."""


@dataclass(frozen=True)
class CachedWeek:
    week: Week
    synced_at: datetime | None
    """When the cache was last synced (UTC); None if it never was (the week is empty)."""

    def age(self, now: datetime) -> timedelta | None:
        """How old the data is at `now` (aware); None when never synced."""
        return None if self.synced_at is None else max(timedelta(0), now - self.synced_at)


class CachedWeeks:
    def __init__(self, cache: WorklogCache, *, week_start: int = 0) -> None:
        self.cache = cache
        self.week_start = week_start

    def holds(self, any_day: date) -> bool:
        """Whether the cache holds the week of `any_day`: a sync has run, and its window pull
        reached back that far (everything after that the feeds keep)."""
        synced = self.cache.last_synced_at()
        if synced is None:
            return False
        first = week_start(synced.date(), self.week_start) - timedelta(weeks=WINDOW_WEEKS_HELD)
        return week_start(any_day, self.week_start) >= first

    def load(
        self,
        any_day: date,
        user: User | None = None,
        zone: ZoneInfo | None = None,
        *,
        keep: Iterable[str] = (),
    ) -> CachedWeek:
        """`user`'s week holding `any_day`, bucketed in `zone`.

        `user` defaults to the account the cache was synced for; `zone` to the user's profile
        zone (pass `WeekService.zone_for(user)` to match a live load exactly).
        """
        user = user or self.cache.account() or User()
        zone = zone or resolve_zone(user.time_zone)
        start = week_start(any_day, self.week_start)
        window_start, window_end = week_window(start, zone)
        worklogs = self.cache.worklogs(window_start, window_end, author=user.ident)
        keep = list(keep)
        issues = self.cache.issues_by_id(w.issue_id for w in worklogs)
        pinned = self.cache.issues_by_key(keep)
        week = build_week(
            user, start, zone, [*issues.values(), *pinned.values()], worklogs, keep=keep
        )
        return CachedWeek(week=week, synced_at=self.cache.last_synced_at())
