"""Load a person's week: their worklogs around it from the backend, bucketed in their zone.

The backend finds them in as few requests as it can (`WorklogBackend.by_authors`); the week
adds the pinned issues the user keeps on it even when nothing is logged there.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from tuiws.backends.base import WorklogQuery
from tuiws.backends.errors import NotFound
from tuiws.domain.models import User
from tuiws.domain.started import resolve_zone
from tuiws.domain.timesheet import Week, build_week
from tuiws.domain.week import week_start, week_window
from tuiws.services.session import Session


class WeekService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def zone_for(self, user: User) -> ZoneInfo:
        """My own days follow the session's zone; anyone else's follow their profile zone."""
        s = self.session
        if user.ident == s.me.ident or s.zone_source == "profile override":
            return s.zone
        return resolve_zone(user.time_zone, fallback=s.zone.key)

    async def load(
        self, any_day: date, user: User | None = None, *, keep: Iterable[str] = ()
    ) -> Week:
        s = self.session
        user = user or s.me
        zone = self.zone_for(user)
        start = week_start(any_day, s.week_start)
        window_start, window_end = week_window(start, zone)
        # A backend may compare days in the searcher's zone, which may not be the bucket zone:
        # widen by a day each side and bucket precisely below.
        query = WorklogQuery(
            after=window_start,
            before=window_end,
            first_day=start - timedelta(days=1),
            last_day=start + timedelta(days=7),
        )
        pull = await s.backend.by_authors([user], query)
        keep = list(keep)
        found = {i.key for i in pull.issues}
        extra = await s.directory.issues([k for k in keep if k not in found])
        return build_week(user, start, zone, pull.issues + extra, pull.worklogs, keep=keep)

    async def resolve_user(self, text: str) -> User:
        """A person from an account id, email, username or display name."""
        s = self.session
        wanted = text.strip().lower()
        if wanted in {"me", "myself", s.me.ident.lower(), (s.me.email or "").lower()}:
            return s.me
        candidates = await s.directory.find_users(text)
        for u in candidates:
            names = {
                u.ident.lower(),
                (u.email or "").lower(),
                (u.name or "").lower(),
                u.display_name.lower(),
            }
            if wanted in names:
                return u
        if len(candidates) == 1:
            return candidates[0]
        try:
            return await s.directory.user(text)
        except NotFound:
            raise NotFound(
                f"No Jira user matches '{text}'. Use an account id, email or username."
            ) from None
