"""A team's week built from the local cache alone: no request, so the team grid paints at once.

The members (and so their zones) come from a live `TeamService.members` call made earlier; the
worklogs and issues are what the last sync stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from zoneinfo import ZoneInfo

from tuiws.domain.models import User
from tuiws.domain.team import Member, TeamRules, TeamWeek, build_team_week
from tuiws.domain.week import week_start, week_window
from tuiws.store.cache import WorklogCache


def cached_team_week(
    cache: WorklogCache,
    name: str,
    people: Sequence[User],
    any_day: date,
    *,
    zone_for: Callable[[User], ZoneInfo],
    rules: TeamRules,
    first_weekday: int = 0,
) -> TeamWeek:
    """The week holding `any_day` for `people`, each in their zone, from the cache only."""
    start = week_start(any_day, first_weekday)
    members = [Member(u, zone_for(u)) for u in people]
    if not members:
        return build_team_week(name, start, [], [], [], rules)
    windows = [week_window(start, m.zone) for m in members]
    wanted = {m.user.ident for m in members}
    worklogs = [
        w
        for w in cache.worklogs(min(w[0] for w in windows), max(w[1] for w in windows))
        if w.author.ident in wanted
    ]
    issues = cache.issues_by_id({w.issue_id for w in worklogs}).values()
    return build_team_week(name, start, members, issues, worklogs, rules)
