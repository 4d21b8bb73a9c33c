"""A team's week for a lead: who the team is, and everyone's worklogs in a handful of requests.

Members come from config (`[teams.NAME]`: people and/or a Jira group) or an ad-hoc list.
Their accounts (and so their zones) are read as cheaply as the directory allows
(`IssueDirectory.users`; a group's member pages already carry them).

Each person's required hours come from their schedule where the backend keeps one (Tempo:
one request per person, in parallel under its pacer), else hours per day for everyone. Their
locked days (Tempo: a timesheet submitted or approved) are read the same way, beside them.

The week then costs one window of the backend for all authors (`WorklogBackend.by_authors`:
on Jira ONE search per 50 authors, and worklogs fetched only for issues whose embedded list
is cut short). Never one request per issue per person.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tuiws.backends.base import WorklogQuery
from tuiws.backends.errors import NotFound
from tuiws.domain.models import User
from tuiws.domain.started import resolve_zone
from tuiws.domain.team import DEFAULT_LATE_AFTER, Member, TeamRules, TeamWeek, build_team_week
from tuiws.domain.week import week_days, week_start, week_window
from tuiws.domain.week_view import workdays_of
from tuiws.services.schedule import beside, locked_by_person, required_by_person
from tuiws.services.session import Session
from tuiws.services.team_spec import TeamError, TeamSpec

# A backend may compare days in the searcher's zone; a colleague's Monday 00:00 at UTC+14 is
# Saturday evening at UTC-12. Widen by two days each side, then bucket exactly per person.
DAY_SLACK = 2


def _utc_now() -> datetime:
    return datetime.now(UTC)


class TeamService:
    def __init__(
        self,
        session: Session,
        *,
        ceiling_hours: float = 10.0,
        late_after: timedelta = DEFAULT_LATE_AFTER,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.session = session
        self.ceiling_hours = ceiling_hours
        self.late_after = late_after
        self.clock = clock or _utc_now

    # -- who --------------------------------------------------------------------------------------

    def zone_for(self, user: User) -> ZoneInfo:
        """Each person's days follow their Jira profile zone; mine follow the session's."""
        s = self.session
        if user.ident == s.me.ident:
            return s.zone
        return resolve_zone(user.time_zone, fallback=s.zone.key)

    async def members(self, spec: TeamSpec) -> list[User]:
        """The team's accounts, listed people first, then the group's; each person once."""
        listed, grouped = await asyncio.gather(self._resolve(spec.members), self._group(spec.group))
        unique: dict[str, User] = {}
        for user in [*listed, *grouped]:
            unique.setdefault(user.ident, user)
        if not unique:
            raise TeamError(f"Team '{spec.name}' has no members.")
        return list(unique.values())

    async def _group(self, group: str | None) -> list[User]:
        if not group:
            return []
        try:
            return await self.session.directory.group_members(group)
        except NotFound:
            raise TeamError(
                f"Jira has no group '{group}' (or this account may not see it). Check the "
                "`group` of the team in config.toml."
            ) from None

    async def _resolve(self, idents: Sequence[str]) -> list[User]:
        if not idents:
            return []
        s = self.session
        me_names = {"me", "myself", s.me.ident.lower(), (s.me.email or "").lower()}
        found: dict[str, User] = {i: s.me for i in idents if i.strip().lower() in me_names}
        rest = [i for i in idents if i not in found]
        found.update(await s.directory.users(rest))
        missing = [i for i in rest if i not in found]
        looked_up = await asyncio.gather(*(self._one(i) for i in missing))
        found.update({i: u for i, u in zip(missing, looked_up, strict=True) if u is not None})
        unknown = [i for i in idents if i not in found]
        if unknown:
            raise TeamError(
                f"No Jira user matches {', '.join(repr(u) for u in unknown)}. Name members by "
                "account id or email (Cloud), or username (Server/DC)."
            )
        return [found[i] for i in idents]

    async def _one(self, text: str) -> User | None:
        candidates = await self.session.directory.find_users(text)
        wanted = text.strip().lower()
        for u in candidates:
            names = {u.ident, u.email or "", u.name or "", u.display_name}
            if wanted in {n.lower() for n in names}:
                return u
        return candidates[0] if len(candidates) == 1 else None

    # -- the week ---------------------------------------------------------------------------------

    def rules(
        self,
        schedules: Mapping[str, Mapping[date, int]] | None = None,
        locked: Mapping[str, Mapping[date, str]] | None = None,
    ) -> TeamRules:
        """The flags' rules; `schedules`: each person's required seconds per day, where the
        backend keeps schedules (else hours per day on the working week, for everyone);
        `locked`: each person's locked days, where the backend locks periods."""
        tracking = self.session.tracking
        return TeamRules(
            required_seconds=tracking.seconds_per_day,
            ceiling_seconds=round(self.ceiling_hours * 3600),
            late_after=self.late_after,
            workdays=workdays_of(tracking.days_per_week),
            now=self.clock(),
            required_by_person=schedules or {},
            locked_by_person=locked or {},
        )

    async def load(self, spec: TeamSpec, any_day: date) -> TeamWeek:
        """Resolve the team, then load its week."""
        return await self.load_people(spec.name, await self.members(spec), any_day)

    async def load_people(self, name: str, people: Sequence[User], any_day: date) -> TeamWeek:
        """The week holding `any_day` for these people, each bucketed in their own zone."""
        start = week_start(any_day, self.session.week_start)
        members = [Member(u, self.zone_for(u)) for u in people]
        if not members:
            return build_team_week(name, start, [], [], [], self.rules())
        windows = [week_window(start, m.zone) for m in members]
        query = WorklogQuery(
            after=min(w[0] for w in windows),
            before=max(w[1] for w in windows),
            first_day=start - timedelta(days=DAY_SLACK),
            last_day=start + timedelta(days=6 + DAY_SLACK),
        )
        users = [m.user for m in members]
        days = week_days(start)
        # The schedules and the locks (on Tempo one request each per person-week, none
        # elsewhere) come beside the week, all at once; one failure stops the others.
        pull, (schedules, locked) = await beside(
            self.session.backend.by_authors(users, query),
            beside(
                required_by_person(self.session, users, days),
                locked_by_person(self.session, users, days),
            ),
        )
        rules = self.rules(schedules, locked)
        return build_team_week(name, start, members, pull.issues, pull.worklogs, rules)
