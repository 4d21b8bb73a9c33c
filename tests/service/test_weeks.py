"""Loading a week: the right numbers, in the fewest requests, bucketed in the right zone."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import Harness, jira_connection, make_client
from tuiws.app.demo import demo_profile
from tuiws.backends.errors import Unauthenticated
from tuiws.config import Secret
from tuiws.domain.started import zoned
from tuiws.domain.week import week_start
from tuiws.emulator import Budget
from tuiws.factory import connect
from tuiws.services.session import Session, SessionOverrides, open_session
from tuiws.services.weeks import WeekService


def expected_week(h: Harness, ident: str, start: date, zone: ZoneInfo) -> dict[str, list[int]]:
    """The grid computed straight from the emulator's data, bypassing HTTP."""
    out: dict[str, list[int]] = {}
    state = h.emulator.state
    author = state.user_by(ident)
    for w in state.all_worklogs():
        if w.author != author.account_id:
            continue
        day = w.started.astimezone(zone).date()
        offset = (day - start).days
        if 0 <= offset < 7:
            key = state.issue_of(w).key
            out.setdefault(key, [0] * 7)[offset] += w.time_spent_seconds
    return out


async def test_my_week_matches_the_servers_data(session: Session, harness: Harness) -> None:
    today = datetime.now(session.zone).date()
    for weeks_back in (0, 1, 3):
        day = today - timedelta(weeks=weeks_back)
        week = await WeekService(session).load(day)
        start = week_start(day)
        grid = {r.issue.key: r.seconds for r in week.rows}
        assert grid == expected_week(harness, session.me.ident, start, session.zone)
        assert week.zone == session.zone
    assert sum(r.total_seconds for r in week.rows) == week.total_seconds


async def test_a_week_costs_one_search_plus_only_truncated_issues(
    session: Session, harness: Harness
) -> None:
    state = harness.emulator.state
    today = datetime.now(session.zone).date()
    start = week_start(today)
    # One issue with a long history, so its embedded list (20) is cut short.
    long_key = next(i.key for i in state.issues() if i.key.startswith("PLAT"))
    for n in range(30):
        state.add_worklog(
            long_key,
            session.me.ident,
            zoned(start - timedelta(days=60 + n), time(10), session.zone),
            600,
        )
    state.add_worklog(long_key, session.me.ident, zoned(start, time(8), session.zone), 1200)
    harness.emulator.clear_log()
    week = await WeekService(session).load(today)
    searches = [r for r in harness.emulator.requests if "/search" in r.path]
    fetches = [r for r in harness.emulator.requests if r.path.endswith("/worklog")]
    assert len(searches) == 1
    fetched = {r.path.split("/")[-2] for r in fetches}
    assert len(fetched) == len(fetches), "no issue is fetched twice"
    # Only issues whose embedded list (20) was cut short are fetched, and all of those are.
    assert all(len(state.worklogs_for(k)) > 20 for k in fetched)
    assert {r.issue.key for r in week.rows if len(state.worklogs_for(r.issue.key)) > 20} <= fetched
    assert long_key in fetched
    for r in fetches:
        after, before = int(r.query["startedAfter"][0]), int(r.query["startedBefore"][0])
        assert before - after in {(167 + h) * 3600 * 1000 for h in (0, 1, 2)}
    row = next(r for r in week.rows if r.issue.key == long_key)
    assert row.seconds[0] >= 1200


async def test_day_boundaries_follow_the_bucket_zone(harness: Harness) -> None:
    state = harness.emulator.state
    me = state.demo_user
    ident = getattr(me, "account_id", None) or me.name
    key = "INT-2"
    # Late Monday evening in Los Angeles is Tuesday morning in Berlin.
    monday = week_start(date(2025, 3, 3))
    la = ZoneInfo("America/Los_Angeles")
    state.add_worklog(key, ident, datetime(2025, 3, 3, 22, 0, tzinfo=la).astimezone(UTC), 3600)
    for zone_name, column in (("America/Los_Angeles", 0), ("Europe/Berlin", 1)):
        async with make_client(harness) as client:
            profile = demo_profile(harness.emulator, zone=zone_name)
            session = await connect(jira_connection(client, profile), profile)
            assert session.zone_source == "profile override"
            week = await WeekService(session).load(monday)
        row = next(r for r in week.rows if r.issue.key == key)
        assert row.seconds[column] == 3600, zone_name


async def test_someone_elses_week_uses_their_zone(session: Session, harness: Harness) -> None:
    state = harness.emulator.state
    other = next(
        u for u in state.users if u is not state.demo_user and u.time_zone != "Europe/Berlin"
    )
    ident = other.account_id if harness.emulator.flavor == "cloud" else other.name
    service = WeekService(session)
    person = await service.resolve_user(other.email)
    assert person.ident == ident
    today = datetime.now(session.zone).date()
    week = await service.load(today, person)
    assert week.zone.key == other.time_zone
    assert {r.issue.key: r.seconds for r in week.rows} == expected_week(
        harness, other.name, week_start(today), ZoneInfo(other.time_zone)
    )


async def test_pinned_issue_appears_at_zero(session: Session) -> None:
    week = await WeekService(session).load(date(2024, 1, 10), keep=["INT-1", "NOPE-9"])
    assert [(r.issue.key, r.total_seconds) for r in week.rows] == [("INT-1", 0)]


async def test_week_under_a_rate_limit_storm_completes(session: Session, harness: Harness) -> None:
    harness.emulator.fail_next(3, 429, retry_after=1)
    week = await WeekService(session).load(datetime.now(session.zone).date())
    assert week.rows
    assert [e.status for e in harness.backoffs] == [429, 429, 429]


async def test_session_facts(harness: Harness) -> None:
    harness.emulator.state.hours_per_day = 7.5
    async with make_client(harness, flavor_known=False) as client:
        directory, backend = await jira_connection(client, demo_profile(harness.emulator)).open()
        session = await open_session(directory, backend, client, SessionOverrides())
        assert session.capabilities.label == harness.emulator.flavor
        assert session.tracking.hours_per_day == 7.5
        assert session.zone.key == "Europe/Berlin" and session.zone_source == "Jira profile"
        assert session.me.display_name == harness.emulator.state.demo_user.display_name


@pytest.mark.parametrize("flavor", ["cloud"])
async def test_budget_limited_emulator_is_waited_out_for_real(harness: Harness) -> None:
    from tuiws.backends.backoff import RetryPolicy
    from tuiws.backends.jira.client import ClientSettings, JiraClient

    emu = harness.emulator
    emu.set_budget(Budget(capacity=3, refill_per_second=3, write_cost=2))
    profile = demo_profile(emu)
    events: list[object] = []
    client = JiraClient(
        ClientSettings(base_url=emu.url, flavor=profile.flavor),
        None,
        retry=RetryPolicy(max_attempts=6),
        on_backoff=events.append,
    )
    async with client:
        session = await connect(jira_connection(client, profile), profile)
        week = await WeekService(session).load(datetime.now(session.zone).date())
    assert week.rows and events
    assert any(r.status == 429 for r in emu.requests)


async def test_a_failed_sign_in_leaves_no_retries_running(harness: Harness) -> None:
    """The account and the working day are asked in parallel: when one fails, the other
    stops too, so no request (and no backoff news) outlives the error shown."""
    harness.emulator.fail_next(1000, 429, retry_after=1, path_contains="/configuration")
    profile = replace(demo_profile(harness.emulator), token=Secret("wrong", source="a test"))
    async with make_client(harness) as client:
        with pytest.raises(Unauthenticated):
            await connect(jira_connection(client, profile), profile)
        sent, told = client.request_count, len(harness.backoffs)
        await asyncio.sleep(0.3)
        assert (client.request_count, len(harness.backoffs)) == (sent, told)
