"""Locked days in a team's week over real HTTP: Tempo's submitted and approved timesheets of
each person, read beside the week (one approvals request per person-week at most), and none
on Jira, where nothing is asked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest

import tuiws.services.team
from tests.backends.test_tempo import MONDAY, NOW, TODAY, FakeTime, tempo_profile
from tests.service.test_schedule import opened
from tuiws.backends.registry import Hooks, connection_for
from tuiws.domain.models import User
from tuiws.domain.week import week_days
from tuiws.emulator import DEMO, JiraEmulator
from tuiws.emulator.addon_seed import EARLY_SUBMITTER, SUBMITTER
from tuiws.emulator.tempo import tempo_store
from tuiws.services.schedule import locked_by_person
from tuiws.services.session import Session, connect
from tuiws.services.team import TeamService

LAST_MONDAY = MONDAY - timedelta(weeks=1)
SUBMITTED, APPROVED = "submitted for approval", "approved"


def approvals(emu: JiraEmulator) -> list[str]:
    return [r.path for r in emu.requests if "/timesheet-approvals/" in r.path]


async def crew(emu: JiraEmulator, session: Session) -> list[User]:
    """Me, the two colleagues the demo locks, and one whose weeks are all open."""
    ids = [emu.state.user_by(n).account_id for n in (SUBMITTER, EARLY_SUBMITTER, "jkim")]
    found = await session.directory.users(ids)
    return [session.me, *(found[i] for i in ids)]


@asynccontextmanager
async def another_session(emu: JiraEmulator) -> AsyncIterator[Session]:
    """A fresh Tempo session on the same emulator: nothing read yet, nothing kept. Its pacer
    runs on a fake clock, so requests leave as soon as they are asked (the order shows what
    waits for what)."""
    profile = tempo_profile(emu)
    fake = FakeTime()
    async with connection_for(profile, Hooks(sleep=fake.sleep, clock=fake.clock)) as connection:
        yield await connect(connection, profile)


async def test_a_team_on_tempo_knows_each_persons_locked_days_and_why() -> None:
    async with opened() as (emu, session):
        people = await crew(emu, session)
        early = emu.state.user_by(EARLY_SUBMITTER).account_id
        webb = emu.state.user_by(SUBMITTER).account_id
        service = TeamService(session, clock=lambda: NOW)
        this_week = await service.load_people("crew", people, TODAY)
        assert this_week.rules.locked_by_person == {early: dict.fromkeys(this_week.days, SUBMITTED)}
        assert this_week.row_for(early).locked == (SUBMITTED,) * 7
        assert all(r.locked == (None,) * 7 for r in this_week.rows if r.user.ident != early)
        assert this_week.locked_reasons == (SUBMITTED,)

        last_week = await service.load_people("crew", people, LAST_MONDAY)
        assert last_week.row_for(webb).locked == (SUBMITTED,) * 7
        assert last_week.row_for(early).locked == (APPROVED,) * 7
        assert last_week.locked_reasons == (APPROVED, SUBMITTED)
        assert last_week.to_json()["rows"][1]["locked"] == [SUBMITTED] * 7


async def test_the_locks_cost_at_most_one_request_per_person_and_come_beside_the_week(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def no_locks(*_: object) -> None:
        return None

    async with opened() as (emu, session):
        people = await crew(emu, session)
        async with another_session(emu) as without_locks:
            # The load as it was before locks were read: the baseline to compare with.
            with monkeypatch.context() as patched:
                patched.setattr(tuiws.services.team, "locked_by_person", no_locks)
                emu.clear_log()
                service = TeamService(without_locks, clock=lambda: NOW)
                await service.load_people("crew", people, TODAY)
                baseline = [r.path for r in emu.requests]
        async with another_session(emu) as with_locks:
            emu.clear_log()
            # The week's worklogs answer late: the locks must not wait for them.
            emu.delay_next(1, 0.5, path_contains="/worklogs/search")
            team = await TeamService(with_locks, clock=lambda: NOW).load_people(
                "crew", people, TODAY
            )
            paths = [r.path for r in emu.requests]
        assert team.locked_reasons == (SUBMITTED,)

        def others(log: list[str]) -> list[str]:
            return sorted(p for p in log if "/timesheet-approvals/" not in p)

        assert others(paths) == others(baseline)  # nothing else is asked
        # One request per colleague; mine is free: my periods are read beside my worklogs,
        # and the lock read waits for that instead of asking again.
        assert len(paths) - len(baseline) == len(people) - 1, (baseline, paths)
        search = paths.index(next(p for p in paths if p.endswith("/worklogs/search")))
        colleagues = [u.ident for u in people[1:]]
        asked_before = [p for p in paths[:search] if "/timesheet-approvals/" in p]
        assert {p.rsplit("/", 1)[-1] for p in asked_before} >= set(colleagues)


async def test_a_team_on_jira_has_no_locks_and_asks_for_none() -> None:
    async with opened(tempo=False) as (emu, session):
        assert await locked_by_person(session, [session.me], week_days(MONDAY)) is None
        emu.clear_log()
        team = await TeamService(session, clock=lambda: NOW).load_people(
            "crew", [session.me], TODAY
        )
        assert team.rules.locked_by_person == {}
        assert team.rows[0].locked == (None,) * 7 and team.locked_reasons == ()
        assert team.to_json()["rows"][0]["locked"] == [None] * 7
        assert approvals(emu) == [] and not any("/tempo/" in r.path for r in emu.requests)


async def test_a_token_without_the_approvals_scope_still_loads_the_team_unlocked() -> None:
    async with opened() as (emu, session):
        people = await crew(emu, session)
        scopes = {"worklogs", "work-attributes", "schemes", "audit"}
        tempo_store(emu.state).restrict(DEMO.tempo_token, scopes)
        team = await TeamService(session, clock=lambda: NOW).load_people("crew", people, TODAY)
        assert len(team.rows) == len(people) and team.total_seconds > 0
        assert team.locked_reasons == () and team.rules.locked_by_person == {}
        assert {r.status for r in emu.requests if "/timesheet-approvals/" in r.path} == {403}
