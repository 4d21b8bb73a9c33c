"""Required hours per day over real HTTP: Tempo's schedule (the seeded holiday needs 0 and is
never flagged under, the part-timer's days need six hours), one schedule request per
person-week, and Jira's hours per day where there is no schedule."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date, timedelta

from tests.backends.test_tempo import MONDAY, NOW, TODAY, tempo_profile
from tuiws.app.demo import demo_profile
from tuiws.backends.registry import Hooks, connection_for
from tuiws.domain.render import team_legend
from tuiws.domain.week import week_days
from tuiws.domain.week_view import under_required
from tuiws.emulator import JiraEmulator
from tuiws.emulator.addon_seed import PART_TIMER
from tuiws.emulator.tempo import tempo_store
from tuiws.services.schedule import required_by_day
from tuiws.services.session import Session, connect
from tuiws.services.team import TeamService
from tuiws.services.weeks import WeekService

HOLIDAY = MONDAY - timedelta(weeks=1)  # the demo seeds a company holiday on last Monday
LAST_WEEK = week_days(HOLIDAY)


@asynccontextmanager
async def opened(tempo: bool = True) -> AsyncIterator[tuple[JiraEmulator, Session]]:
    """A session on the demo's Tempo (v4), or on Jira's own worklogs."""
    with JiraEmulator("cloud", today=TODAY, clock=lambda: NOW) as emu:
        tempo_store(emu.state).rate_limit = None
        profile = tempo_profile(emu) if tempo else demo_profile(emu)
        async with connection_for(profile, Hooks()) as connection:
            yield emu, await connect(connection, profile)


def clear_own_day(emu: JiraEmulator, day: date) -> None:
    """Nothing logged by the demo user on `day` (their zone), so only the schedule decides."""
    state = emu.state
    me = state.demo_user
    for worklog in state.all_worklogs():
        if worklog.author == me.account_id and worklog.started.astimezone(me.zone).date() == day:
            state.delete_worklog(worklog.id)


def schedule_requests(emu: JiraEmulator) -> list[str]:
    return [r.path for r in emu.requests if "/user-schedule/" in r.path]


async def test_the_seeded_holiday_needs_nothing_and_shows_no_under_flag() -> None:
    async with opened() as (emu, session):
        clear_own_day(emu, HOLIDAY)
        week = await WeekService(session).load(HOLIDAY)
        required = await required_by_day(session, session.me, week.days)
        assert required[HOLIDAY] == 0
        assert required[HOLIDAY + timedelta(days=1)] == 8 * 3600
        assert required[HOLIDAY + timedelta(days=5)] == 0  # a holiday on a Saturday too
        view = replace(week.view(), required=required)
        logged = dict(zip(week.days, week.day_totals, strict=True))
        assert logged[HOLIDAY] == 0
        under = {
            d for d in week.days if under_required(logged[d], view.required_on(d, 0), d, TODAY)
        }
        assert HOLIDAY not in under
        assert HOLIDAY + timedelta(days=1) in under  # 7h of 8h: the day after is still under
        assert view.target_seconds(8 * 3600) == 4 * 8 * 3600  # four workdays that week
        assert len(schedule_requests(emu)) == 1


async def test_jira_falls_back_to_hours_per_day_without_a_request() -> None:
    async with opened(tempo=False) as (emu, session):
        emu.clear_log()
        required = await required_by_day(session, session.me, LAST_WEEK)
        assert required == {d: 8 * 3600 if d.weekday() < 5 else 0 for d in LAST_WEEK}
        assert emu.requests == []


async def test_hours_per_day_and_days_per_week_shape_the_fallback() -> None:
    async with opened(tempo=False) as (emu, session):
        shorter = replace(session, tracking=replace(session.tracking, hours_per_day=6.0))
        four_days = replace(shorter, tracking=replace(shorter.tracking, days_per_week=4.0))
        required = await required_by_day(four_days, session.me, LAST_WEEK)
        assert [required[d] // 3600 for d in LAST_WEEK] == [6, 6, 6, 6, 0, 0, 0]


async def test_the_team_views_flags_follow_each_members_schedule() -> None:
    async with opened() as (emu, session):
        state = emu.state
        ids = [state.user_by(name).account_id for name in ("mwebb", PART_TIMER, "jkim")]
        others = await session.directory.users(ids)
        people = [session.me, *(others[i] for i in ids)]
        service = TeamService(session, clock=lambda: NOW)
        emu.clear_log()
        team = await service.load_people("crew", people, HOLIDAY)
        assert team.rules.scheduled
        assert "each person's schedule" in team_legend(team)
        store = tempo_store(state)
        checked = 0
        for row in team.rows:
            for day, seconds, flags in zip(team.days, row.seconds, row.flags, strict=True):
                needed = store.required_seconds(row.user.ident, day)[0]
                assert ("under" in flags) == (seconds < needed), (row.user.display_name, day)
                assert ("weekend" in flags) == (needed == 0 and seconds > 0)
                checked += 1
        assert checked == 7 * len(people)
        part = team.row_for(state.user_by(PART_TIMER).account_id)
        tuesday = HOLIDAY + timedelta(days=1)
        assert team.rules.required_on(part.user.ident, tuesday) == 6 * 3600
        assert ("under" in part.flags[1]) == (part.seconds[1] < 6 * 3600)
        assert all("under" not in row.flags[0] for row in team.rows)  # the holiday, for all
        assert len(schedule_requests(emu)) == len(people)  # one per person-week

        await service.load_people("crew", people, HOLIDAY)
        assert len(schedule_requests(emu)) == len(people)  # kept for the session


async def test_a_team_on_jira_keeps_one_figure_and_asks_no_schedule() -> None:
    async with opened(tempo=False) as (emu, session):
        service = TeamService(session, clock=lambda: NOW)
        team = await service.load_people("crew", [session.me], HOLIDAY)
        assert not team.rules.scheduled
        assert "under 8:00 (workday)" in team_legend(team)
        assert schedule_requests(emu) == []
