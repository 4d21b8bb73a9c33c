"""Sync against the emulator over loopback HTTP, on a clock the tests move.

The emulator's feeds leave out the last minute, as Jira's do; each test moves the clock
past it on purpose (or not, to check nothing is skipped).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.conftest import FakeTime, Harness, jira_connection, make_client
from tuiws.app.demo import demo_profile
from tuiws.backends.errors import ServerFailed
from tuiws.backends.jira.client import ClientSettings, JiraClient
from tuiws.backends.jira.connection import SERVER
from tuiws.backends.jira.worklogs import JiraWorklogs
from tuiws.domain.started import epoch_ms, zoned
from tuiws.domain.week import week_start
from tuiws.emulator import JiraEmulator
from tuiws.factory import connect
from tuiws.services.cached_weeks import CachedWeeks
from tuiws.services.doctor import run_doctor
from tuiws.services.session import Session
from tuiws.services.sync import (
    CURSOR_OVERLAP,
    FEED_LAG,
    SyncProgress,
    SyncService,
    probe_feeds,
)
from tuiws.services.weeks import WeekService
from tuiws.services.window_pull import window_start
from tuiws.store.cache import WorklogCache

NOW = datetime(2026, 5, 27, 15, 0, tzinfo=UTC)  # a Wednesday afternoon
EVERYTHING = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
FIRST_DAY = week_start(NOW.date()) - timedelta(weeks=6)
MS = timedelta(milliseconds=1)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Rig:
    jira: JiraEmulator
    clock: Clock
    session: Session
    cache: WorklogCache

    def service(self, **kwargs: Any) -> SyncService:
        return SyncService(self.session, self.cache, clock=self.clock, **kwargs)

    def requests_to(self, suffix: str) -> list[Any]:
        return [r for r in self.jira.requests if r.path.endswith(suffix)]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def jira(flavor: str, clock: Clock) -> Iterator[JiraEmulator]:
    with JiraEmulator(flavor, today=NOW.date(), clock=clock) as emu:  # type: ignore[arg-type]
        yield emu


@pytest.fixture
async def rig(jira: JiraEmulator, clock: Clock, tmp_path: Path) -> AsyncIterator[Rig]:
    harness = Harness(jira, FakeTime(), [], [])
    async with make_client(harness) as client:
        profile = demo_profile(jira)
        session = await connect(jira_connection(client, profile), profile)
        with WorklogCache.for_profile("demo", tmp_path) as cache:
            yield Rig(jira, clock, session, cache)


def visible_in_jira(rig: Rig) -> dict[str, tuple[int, datetime]]:
    """Every worklog the demo user can see, straight from the emulator's state."""
    state = rig.jira.state
    me = state.demo_user
    return {
        str(w.id): (w.time_spent_seconds, w.started)
        for w in state.all_worklogs()
        if state.can_browse(me, state.issue_of(w))
    }


def cached(rig: Rig) -> dict[str, tuple[int, datetime]]:
    return {w.id: (w.time_spent_seconds, w.started) for w in rig.cache.worklogs(*EVERYTHING)}


def assert_in_step(rig: Rig) -> None:
    """The cache holds exactly Jira's worklogs from the window on, and nothing stale."""
    jira, mine = visible_in_jira(rig), cached(rig)
    start = window_start(FIRST_DAY)
    assert {k for k, v in jira.items() if v[1] >= start} <= set(mine)
    assert {k: jira.get(k) for k in mine} == mine, "every cached row is Jira's current one"
    assert rig.cache.unknown_issue_ids(w.issue_id for w in rig.cache.worklogs(*EVERYTHING)) == []


def bulk_add(rig: Rig, key: str, count: int) -> list[str]:
    """`count` worklogs changed one millisecond apart from now (as an import would)."""
    start = rig.clock.now
    return [
        str(
            rig.jira.state.add_worklog(
                key, "dreyes", NOW - timedelta(hours=2), 600, created=start + n * MS
            ).id
        )
        for n in range(count)
    ]


async def settled(rig: Rig) -> None:
    """Synced once, and past the first cursor's overlap, so the next sync sees only news."""
    await rig.service().sync()
    rig.clock.advance(seconds=61)
    await rig.service().sync()


async def test_sync_from_empty_is_one_window_pull(rig: Rig) -> None:
    events: list[SyncProgress] = []
    rig.jira.clear_log()
    report = await rig.service().sync(events.append)
    assert report.mode == "initial" and report.window_weeks == 6
    assert report.updated == rig.cache.worklog_count() > 500
    assert report.deleted == 0 and not report.reset
    assert_in_step(rig)
    assert len(rig.jira.requests) == report.requests <= 8
    searches = [r for r in rig.jira.requests if "/search" in r.path]
    assert len(searches) == -(-report.issues_fetched // 100), "one search, paged by 100"
    cursor = epoch_ms(NOW - CURSOR_OVERLAP)
    assert rig.cache.cursor("updated") == rig.cache.cursor("deleted") == cursor
    assert rig.cache.last_synced_at() == NOW and rig.cache.sync_mode() == "initial"
    assert rig.cache.account() == rig.session.me
    assert events[-1].describe() == f"sync · window stored · {report.updated:,} worklogs"
    assert "initial fill (6 weeks back)" in report.summary()


async def test_incremental_sync_after_adds_edits_and_deletes(rig: Rig) -> None:
    await settled(rig)
    state = rig.jira.state
    fresh = state.add_issue("PLAT", "Something new")
    added = state.add_worklog(fresh.key, "dreyes", NOW - timedelta(hours=3), 1800, "new one")
    have = cached(rig)
    mine = [w for w in state.all_worklogs() if str(w.id) in have]
    edited, gone, other = mine[10], mine[20], mine[30]
    state.update_worklog(edited.id, seconds=4500, comment="reworded")
    state.delete_worklog(gone.id)
    state.update_worklog(other.id, started=NOW - timedelta(days=400))  # far outside the window
    rig.clock.advance(seconds=61)
    rig.jira.clear_log()
    events: list[SyncProgress] = []
    report = await rig.service().sync(events.append)
    assert (report.mode, report.updated, report.deleted) == ("incremental", 3, 1)
    assert report.issues_fetched == 1 and report.window_weeks is None
    assert_in_step(rig)
    back = rig.cache.worklog(added.id)
    assert back is not None and back.issue_key == fresh.key and back.comment_text == "new one"
    assert rig.cache.worklog(edited.id).comment_text == "reworded"  # type: ignore[union-attr]
    assert rig.cache.worklog(gone.id) is None
    assert rig.cache.worklog(other.id).started == NOW - timedelta(days=400)  # type: ignore[union-attr]
    assert [e.describe() for e in events] == [
        "sync · updated feed page 1 · 3 worklogs",
        "sync · deleted feed page 1 · 1 worklog",
    ]
    assert len(rig.requests_to("/worklog/list")) == 1
    assert rig.cache.last_synced_at() == rig.clock.now


async def test_an_entry_made_just_now_arrives_once_a_minute_has_passed(rig: Rig) -> None:
    await settled(rig)
    state = rig.jira.state
    entry = state.add_worklog("INT-1", "dreyes", NOW, 900)  # stamped at the emulator's now
    stamped = epoch_ms(state.worklog(entry.id).updated)
    rig.jira.clear_log()
    for wait in (0, 30, 25):
        rig.clock.advance(seconds=wait)
        await rig.service().sync()
        assert rig.cache.worklog(entry.id) is None
        cursor = rig.cache.cursor("updated")
        assert cursor is not None and cursor <= stamped
        assert cursor <= epoch_ms(rig.clock.now - FEED_LAG)
    # The entries at the cursor come back each time, but are already cached: not re-read.
    assert rig.requests_to("/worklog/list") == []
    rig.clock.advance(seconds=6)  # now 61 s after the entry
    report = await rig.service().sync()
    assert report.updated == 1 and rig.cache.worklog(entry.id) is not None


async def test_feed_pages_of_1000_ids_hydrate_1000_at_a_time(rig: Rig) -> None:
    await settled(rig)
    state = rig.jira.state
    bulk = state.add_issue("OPS", "Imported history")
    made = set(bulk_add(rig, bulk.key, 2300))
    rig.clock.advance(seconds=62.5)
    rig.jira.clear_log()
    report = await rig.service().sync()
    lists = rig.requests_to("/worklog/list")
    assert len(lists) == 3
    assert all(1 <= len(r.body["ids"]) <= 1000 for r in lists)
    assert len(rig.requests_to("/worklog/updated")) == 3
    assert made <= set(cached(rig)) and report.issues_fetched == 1
    assert_in_step(rig)


async def test_an_interrupted_sync_resumes_without_loss_or_duplicates(rig: Rig) -> None:
    await settled(rig)
    state = rig.jira.state
    bulk = state.add_issue("OPS", "Imported history")
    start = rig.clock.now
    made = bulk_add(rig, bulk.key, 1500)
    doomed = next(k for k in cached(rig) if k not in made)
    state.delete_worklog(doomed, at=start + timedelta(seconds=1))
    rig.clock.advance(seconds=62)
    before_deleted = rig.cache.cursor("deleted")
    synced_at = rig.cache.last_synced_at()

    def break_after_first_page(event: SyncProgress) -> None:
        if event.stage == "updated feed" and event.page == 1:
            rig.jira.fail_next(1, 500, path_contains="/worklog/list")

    with pytest.raises(ServerFailed):
        await rig.service().sync(break_after_first_page)
    committed = set(made) & set(cached(rig))
    assert 900 < len(committed) < len(made), "the first page was committed, the rest not"
    assert committed == set(made[: len(committed)])
    assert rig.cache.worklog(doomed) is not None, "nothing is dropped by a failed sync"
    assert rig.cache.cursor("deleted") == before_deleted
    assert rig.cache.last_synced_at() == synced_at

    rig.jira.clear_log()
    report = await rig.service().sync()
    assert set(made) <= set(cached(rig)) and rig.cache.worklog(doomed) is None
    assert report.deleted == 1
    assert_in_step(rig)
    [resumed] = rig.requests_to("/worklog/list")
    assert not set(resumed.body["ids"]) & committed, "it resumed after the committed page"


async def test_a_failed_sync_drops_nothing(rig: Rig) -> None:
    await settled(rig)
    before = cached(rig)
    cursors = (rig.cache.cursor("updated"), rig.cache.cursor("deleted"))
    for key in list(before)[:5]:
        rig.jira.state.delete_worklog(key)
    rig.clock.advance(seconds=61)
    rig.jira.fail_next(1, 500, path_contains="/worklog/deleted")
    with pytest.raises(ServerFailed):
        await rig.service().sync()
    assert set(before) <= set(cached(rig))
    assert rig.cache.cursor("deleted") == cursors[1]
    report = await rig.service().sync()
    assert report.deleted == 5
    assert_in_step(rig)


async def test_a_failed_first_fill_leaves_no_cursor(rig: Rig) -> None:
    rig.jira.fail_next(1, 500, path_contains="/worklog?")  # a truncated issue's worklogs
    with pytest.raises(ServerFailed):
        await rig.service().sync()
    assert rig.cache.worklog_count() == 0
    assert rig.cache.cursor("updated") is None and rig.cache.last_synced_at() is None
    assert (await rig.service().sync()).mode == "initial"


async def test_thin_feeds_fall_back_to_a_window_pull(rig: Rig) -> None:
    await rig.service().sync()
    state = rig.jira.state
    state.thin_feeds = True
    mine = list(cached(rig))
    added = state.add_worklog("INT-2", "dreyes", NOW - timedelta(hours=1), 1200)
    state.update_worklog(mine[3], seconds=7200)
    state.delete_worklog(mine[4])
    old = state.add_worklog("INT-2", "dreyes", NOW - timedelta(days=300), 1200)
    report = await rig.service().sync()  # no waiting: a window pull has no lag
    assert report.mode == "window" and report.window_weeks == 6
    assert report.fallback_reason == "worklog/updated answered 404"
    assert report.deleted == 1
    assert report.mode_text() == "window pull (6 weeks back; worklog/updated answered 404)"
    assert rig.cache.sync_mode() == "window"
    assert rig.cache.worklog(added.id) is not None and rig.cache.worklog(mine[4]) is None
    assert rig.cache.worklog(mine[3]).time_spent_seconds == 7200  # type: ignore[union-attr]
    assert rig.cache.worklog(old.id) is None, "outside the window"
    assert_in_step(rig)
    # A failed window pull drops nothing either.
    state.delete_worklog(mine[5])
    rig.jira.fail_next(1, 500, path_contains="/search")
    with pytest.raises(ServerFailed):
        await rig.service().sync()
    assert rig.cache.worklog(mine[5]) is not None
    # Once the server has the feeds again, syncs go back to them.
    state.thin_feeds = False
    rig.clock.advance(seconds=150)
    assert (await rig.service().sync()).mode == "incremental"
    assert rig.cache.worklog(mine[5]) is None


async def test_a_full_sync_pulls_the_window_again(rig: Rig) -> None:
    await settled(rig)
    kept = rig.cache.worklog_count()
    report = await rig.service(window_weeks=1).sync(full=True)
    assert report.mode == "initial" and report.window_weeks == 1
    assert "· initial fill (1 week back) ·" in report.summary()
    assert report.updated < kept == rig.cache.worklog_count(), "older rows are kept"


async def test_a_cache_from_another_site_is_emptied(rig: Rig) -> None:
    rig.cache.bind("https://elsewhere.example", rig.session.me, backend="jira")
    rig.cache.set_cursor("updated", 1)
    rig.cache.set_cursor("deleted", 1)
    report = await rig.service().sync()
    assert report.reset and report.mode == "initial"
    assert_in_step(rig)


async def test_a_cache_of_another_site_is_kept_whole_until_the_new_window_is_stored(
    rig: Rig,
) -> None:
    """The demo's emulator listens on a new address each run: a sync cut short must not leave
    the cache empty, or the next start has no week to paint."""
    await rig.service().sync()
    rows = list(rig.cache.worklogs(*EVERYTHING))
    # As an earlier run left it:
    rig.cache.bind("https://elsewhere.example", rig.session.me, backend="jira")
    rig.cache.upsert_worklogs(rows)  # that site's worklogs, synced
    rig.cache.mark_synced(rig.clock(), "initial")
    held = rig.cache.worklog_count()
    rig.jira.fail_next(1, 500, path_contains="/search")
    with pytest.raises(ServerFailed):
        await rig.service().sync()
    assert rig.cache.worklog_count() == held > 0
    assert rig.cache.holds_site("https://elsewhere.example", backend="jira"), (
        "still the other site's, whole"
    )
    report = await rig.service().sync()
    assert report.reset and report.mode == "initial"
    assert rig.cache.holds_site(rig.session.site, backend="jira")
    assert_in_step(rig)


async def test_cached_week_matches_the_live_week_without_a_request(rig: Rig) -> None:
    await rig.service().sync()
    weeks = WeekService(rig.session)
    other = rig.jira.state.user_by("jkim")
    person = await weeks.resolve_user(other.email)
    cached_weeks = CachedWeeks(rig.cache, week_start=rig.session.week_start)
    for user in (rig.session.me, person):
        for back in (0, 1, 5):
            day = NOW.date() - timedelta(weeks=back)
            live = await weeks.load(day, user, keep=["INT-3"])
            rig.jira.clear_log()
            local = cached_weeks.load(day, user, weeks.zone_for(user), keep=["INT-3"])
            assert rig.jira.requests == []
            assert local.week.zone == live.zone and local.week.start == live.start
            assert [(r.issue, r.seconds) for r in local.week.rows] == [
                (r.issue, r.seconds) for r in live.rows
            ]
    assert local.synced_at == NOW
    assert local.age(NOW + timedelta(minutes=5)) == timedelta(minutes=5)
    mine = cached_weeks.load(NOW.date())  # the synced account, in its profile zone
    assert mine.week.user == rig.session.me and mine.week.total_seconds > 0


async def test_a_never_synced_cache_paints_an_empty_week(tmp_path: Path) -> None:
    with WorklogCache(tmp_path / "empty.sqlite3") as cache:
        week = CachedWeeks(cache).load(NOW.date())
    assert week.week.rows == () and week.synced_at is None and week.age(NOW) is None


@pytest.mark.parametrize("thin", [False, True])
async def test_doctor_says_which_sync_mode_this_server_gets(
    thin: bool, jira: JiraEmulator, clock: Clock
) -> None:
    jira.state.thin_feeds = thin
    profile = demo_profile(jira)
    async with make_client(Harness(jira, FakeTime(), [], [])) as client:
        connection = jira_connection(client, profile)
        report = await run_doctor(connection, profile, lambda: connect(connection, profile))
    [line] = [c for c in report.checks if c.name == "sync"]
    assert line.ok and report.ok
    expected = "window pull of the last 6 weeks" if thin else "incremental"
    assert line.detail.startswith(expected), line.detail


async def test_a_feed_without_an_until_cursor_counts_as_thin() -> None:
    # No emulator answers like this; an old Server's shape, served by a stub transport.
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/rest/api/2/worklog/updated"
        return httpx.Response(200, json={"values": [{"worklogId": 7}], "lastPage": True})

    from tuiws.domain.models import Flavor

    settings = ClientSettings(base_url="http://old-jira.invalid", flavor=Flavor.SERVER)
    async with JiraClient(settings, None, transport=httpx.MockTransport(answer)) as client:
        support = await probe_feeds(JiraWorklogs(client, SERVER), 1_700_000_000_000)
    assert not support.usable
    assert support.describe(4) == (
        "window pull of the last 4 weeks on every sync (worklog/updated gives no `until` cursor)"
    )


def test_window_start_is_safe_in_every_zone() -> None:
    # Complete from: the first day is whole in every zone (a team reads each person's own).
    # Asked from: two days before in the searcher's zone, which reaches back past that.
    start = window_start(FIRST_DAY)
    asked_from = FIRST_DAY - timedelta(days=2)
    assert start == datetime.combine(FIRST_DAY - timedelta(days=1), time(), tzinfo=UTC)
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "Etc/GMT+12", "UTC"):
        assert start <= zoned(FIRST_DAY, time(0), ZoneInfo(zone))
        assert zoned(asked_from, time(0), ZoneInfo(zone)) <= start
