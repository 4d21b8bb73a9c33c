"""The demo team: size, shape, determinism and speed of the seed."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

from tuiws.emulator import DEMO, JiraEmulator
from tuiws.emulator.seed import (
    AT_LIMIT,
    LOCKED,
    MEETINGS,
    TIME_TRACKING_OFF,
    UNBROWSABLE,
    build_state,
)

from .conftest import NOW, TODAY, Clock


def _state(flavor: str = "cloud") -> object:
    return build_state(flavor, today=TODAY, clock=Clock()).snapshot()


def test_seed_is_deterministic() -> None:
    assert _state() == _state()
    assert _state("server") == _state("server")


def test_seed_size_and_people() -> None:
    state = build_state("cloud", today=TODAY, clock=Clock())
    assert len(state.users) >= 8
    zones = {u.time_zone for u in state.users}
    assert {"Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney"} <= zones
    assert all(u.account_id.startswith("712020:") for u in state.users)
    assert all(u.email.endswith("@example.com") for u in state.users)
    demo = state.demo_user
    assert (demo.email, demo.name, demo.time_zone) == (DEMO.email, DEMO.username, "Europe/Berlin")
    assert not demo.admin
    assert sum(1 for p in state.projects.values() if p.time_tracking and p.browsable) >= 3
    assert len(state.issues()) >= 150
    statuses = {i.status for i in state.issues()}
    assert statuses == {"To Do", "In Progress", "In Review", "Done"}
    assert state.issue(MEETINGS).summary == "Meetings"
    assert not state.project_of(state.issue(TIME_TRACKING_OFF)).time_tracking
    assert not state.project_of(state.issue(UNBROWSABLE)).browsable
    assert not state.project_of(state.issue(LOCKED)).edit_delete_allowed
    assert state.issue(AT_LIMIT).worklog_limit == len(state.worklogs_for(AT_LIMIT)) > 0


def test_seed_covers_seven_weeks_with_realistic_days() -> None:
    state = build_state("cloud", today=TODAY, clock=Clock())
    worklogs = state.all_worklogs()
    first = min(w.started for w in worklogs)
    monday = TODAY - timedelta(days=TODAY.weekday())
    assert first.date() <= monday - timedelta(weeks=6)
    assert max(w.started for w in worklogs) <= NOW
    assert all(w.created <= NOW and w.updated >= w.created for w in worklogs)
    assert any(w.created - w.started > timedelta(days=1) for w in worklogs)  # logged late
    demo = state.demo_user
    zone = ZoneInfo(demo.time_zone)
    per_day: dict[date, int] = {}
    for w in worklogs:
        if w.author == demo.account_id:
            day = w.started.astimezone(zone).date()
            per_day[day] = per_day.get(day, 0) + w.time_spent_seconds
    assert any(day >= monday for day in per_day), "the demo user has current-week entries"
    typical = [s for s in per_day.values() if 6 * 3600 <= s <= 8.5 * 3600]
    assert len(typical) >= len(per_day) // 2
    everyone = {w.author for w in worklogs}
    assert everyone == {u.account_id for u in state.users}
    kinds = {
        block["type"]
        for w in worklogs
        if isinstance(w.comment, dict)
        for block in w.comment["content"]
    }
    assert {"paragraph", "bulletList"} <= kinds
    mentions = [w for w in worklogs if isinstance(w.comment, dict) and "mention" in str(w.comment)]
    assert mentions


def test_server_seed_stores_plain_comments() -> None:
    state = build_state("server", today=TODAY, clock=Clock())
    comments = [w.comment for w in state.all_worklogs() if w.comment is not None]
    assert comments and all(isinstance(c, str) for c in comments)
    assert any("[~" in c for c in comments if isinstance(c, str))  # server mentions


def test_seeding_is_fast() -> None:
    # The best of three: on a shared, loaded machine one run can lose its core for a while.
    times = []
    for _ in range(3):
        began = time.perf_counter()
        build_state("cloud", today=TODAY, clock=Clock())
        times.append(time.perf_counter() - began)
    assert min(times) < 0.15


def test_unseeded_instance_keeps_the_people_only() -> None:
    with JiraEmulator("cloud", seed=False) as emulator:
        assert emulator.state.issues() == []
        me = httpx.get(f"{emulator.url}/rest/api/3/myself", auth=(DEMO.email, DEMO.api_token))
        assert me.status_code == 200


def test_reset_restores_the_seed(cloud: JiraEmulator) -> None:
    before = cloud.state.snapshot()
    cloud.state.add_worklog("PLAT-1", "dreyes", datetime(2026, 5, 1, tzinfo=UTC), 60)
    cloud.state.delete_worklog(cloud.state.all_worklogs()[0].id)
    cloud.state.reset()
    assert cloud.state.snapshot() == before


def test_default_today_is_the_clocks_day() -> None:
    state = build_state("cloud", clock=lambda: datetime(2026, 3, 4, 12, tzinfo=UTC))
    latest = max(w.started for w in state.all_worklogs())
    assert latest.date() <= date(2026, 3, 4)
    assert latest.date() >= date(2026, 3, 2)


def test_default_today_is_the_demo_users_day_not_utcs() -> None:
    """Monday 00:50 in Berlin is Sunday 23:50 UTC: the week the demo user's app opens on is
    the new one, and the seed fills it (as early on any Monday), not the one before."""
    sunday_night_utc = datetime(2026, 12, 6, 23, 50, tzinfo=UTC)
    state = build_state("cloud", clock=lambda: sunday_night_utc)
    berlin = ZoneInfo(state.demo_user.time_zone)
    monday = datetime(2026, 12, 7, tzinfo=berlin)
    mine = [w for w in state.all_worklogs() if w.author == state.demo_user.account_id]
    assert any(w.started >= monday for w in mine), "the demo user's new week is not empty"
