"""A team's week for a lead: who the team is, and everyone's worklogs in a handful of requests.

Members come from config (`[teams.NAME]`: people and/or a Jira group) or an ad-hoc list.
Their accounts (and so their zones) are read in bulk where Jira allows it: a group's member
pages already carry them, Cloud has `user/bulk`, Server answers one `user` each, in parallel.

The week then costs ONE JQL search for all authors (split only for very long teams) with the
embedded `worklog` field. Issues whose embedded list is complete cost nothing more; only those
cut short (Jira embeds 20) get their worklogs for the week's window, in parallel under the
client's cap. Never one request per issue per person.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tuiws.domain.models import Flavor, User
from tuiws.domain.started import resolve_zone
from tuiws.domain.team import DEFAULT_LATE_AFTER, Member, TeamRules, TeamWeek, build_team_week
from tuiws.domain.week import week_start, week_window
from tuiws.jira.convert import to_issue, to_user
from tuiws.jira.errors import NotFoundError
from tuiws.jira.wire import IssueBean
from tuiws.services.lookups import jql_string, window_worklogs
from tuiws.services.session import Session
from tuiws.services.team_spec import TeamError, TeamSpec
from tuiws.services.weeks import WEEK_FIELDS

AUTHORS_PER_SEARCH = 50
"""Authors in one JQL `worklogAuthor in (...)`: keeps the query well inside URL limits."""

# JQL compares worklogDate in the searcher's zone; a colleague's Monday 00:00 at UTC+14 is
# Saturday evening at UTC-12. Widen by two days each side, then bucket exactly per person.
JQL_DAY_SLACK = 2

_CLOUD_GROUP_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _utc_now() -> datetime:
    return datetime.now(UTC)


class TeamService:
    def __init__(
        self,
        session: Session,
        *,
        ceiling_hours: float = 10.0,
        late_after: timedelta = DEFAULT_LATE_AFTER,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.session = session
        self.ceiling_hours = ceiling_hours
        self.late_after = late_after
        self.clock = clock

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
        client = self.session.client
        by_id = self.session.flavor is Flavor.CLOUD and bool(_CLOUD_GROUP_ID.fullmatch(group))
        try:
            return [to_user(u) for u in await client.group_members(group, by_id=by_id)]
        except NotFoundError:
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
        if s.flavor is Flavor.CLOUD:
            by_id = [i for i in rest if "@" not in i]
            bulk = await s.client.users_bulk(by_id) if by_id else []
            for user in map(to_user, bulk):
                if user.account_id in by_id:
                    found[user.account_id] = user
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
        client = self.session.client
        if self.session.flavor is Flavor.SERVER and "@" not in text:
            try:
                return to_user(await client.user(text))
            except NotFoundError:
                pass
        candidates = [to_user(u) for u in await client.find_users(text)]
        wanted = text.strip().lower()
        for u in candidates:
            names = {u.ident, u.email or "", u.name or "", u.display_name}
            if wanted in {n.lower() for n in names}:
                return u
        return candidates[0] if len(candidates) == 1 else None

    # -- the week ---------------------------------------------------------------------------------

    def rules(self) -> TeamRules:
        tracking = self.session.tracking
        workdays = min(7, max(0, round(tracking.days_per_week)))
        return TeamRules(
            required_seconds=tracking.seconds_per_day,
            ceiling_seconds=round(self.ceiling_hours * 3600),
            late_after=self.late_after,
            workdays=frozenset(range(workdays)),
            now=self.clock(),
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
        after = min(w[0] for w in windows)
        before = max(w[1] for w in windows)
        beans = await self._search(start, [m.user for m in members])
        worklogs = await window_worklogs(self.session.client, beans, after, before)
        issues = [to_issue(b) for b in beans]
        return build_team_week(name, start, members, issues, worklogs, self.rules())

    async def _search(self, start: date, people: Sequence[User]) -> list[IssueBean]:
        first = (start - timedelta(days=JQL_DAY_SLACK)).isoformat()
        last = (start + timedelta(days=6 + JQL_DAY_SLACK)).isoformat()
        chunks = [
            people[n : n + AUTHORS_PER_SEARCH] for n in range(0, len(people), AUTHORS_PER_SEARCH)
        ]

        def jql(chunk: Sequence[User]) -> str:
            authors = ", ".join(jql_string(u.ident) for u in chunk)
            return (
                f"worklogAuthor in ({authors}) "
                f'AND worklogDate >= "{first}" AND worklogDate <= "{last}" ORDER BY key ASC'
            )

        client = self.session.client
        pages = await asyncio.gather(*(client.search(jql(c), WEEK_FIELDS) for c in chunks))
        unique: dict[str, IssueBean] = {}
        for bean in (b for page in pages for b in page):
            unique.setdefault(bean.key, bean)
        return list(unique.values())
