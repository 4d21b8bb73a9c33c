"""Load a person's week in as few requests as Jira allows.

One JQL search finds the issues with that person's worklogs around the week and carries
each issue's embedded `worklog` field. Jira embeds at most 20 entries; only issues whose
embedded list is cut short (`total > maxResults`) have their worklogs fetched, and then
only for the week's window, all in parallel under the client's concurrency cap.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from tuiws.domain.models import User
from tuiws.domain.started import resolve_zone
from tuiws.domain.timesheet import Week, build_week
from tuiws.domain.week import week_start, week_window
from tuiws.jira.convert import to_issue, to_user
from tuiws.jira.errors import NotFoundError
from tuiws.services.lookups import fetch_issues, jql_string, window_worklogs
from tuiws.services.session import Session

WEEK_FIELDS = ("summary", "status", "project", "timetracking", "worklog")


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
        author = "currentUser()" if user.ident == s.me.ident else jql_string(user.ident)
        # JQL compares worklogDate in the searcher's zone, which may not be the bucket zone:
        # widen by a day each side and bucket precisely below.
        jql = (
            f"worklogAuthor = {author} "
            f'AND worklogDate >= "{(start - timedelta(days=1)).isoformat()}" '
            f'AND worklogDate <= "{(start + timedelta(days=7)).isoformat()}" '
            "ORDER BY key ASC"
        )
        beans = await s.client.search(jql, WEEK_FIELDS)
        keep = list(keep)
        missing = [k for k in keep if k not in {b.key for b in beans}]
        extra = await fetch_issues(s.client, missing, ("summary", "status", "project"))
        issues = [to_issue(b) for b in beans] + extra
        worklogs = await window_worklogs(self.session.client, beans, window_start, window_end)
        return build_week(user, start, zone, issues, worklogs, keep=keep)

    async def resolve_user(self, text: str) -> User:
        """A person from an account id, email, username or display name."""
        s = self.session
        wanted = text.strip().lower()
        if wanted in {"me", "myself", s.me.ident.lower(), (s.me.email or "").lower()}:
            return s.me
        candidates = [to_user(u) for u in await s.client.find_users(text)]
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
            return to_user(await s.client.user(text))
        except NotFoundError:
            raise NotFoundError(
                f"No Jira user matches '{text}'. Use an account id, email or username."
            ) from None
