"""The week the app's first frame shows: the cache's own reader, before the app starts."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tuiws.app.app import TuiwsApp
from tuiws.app.launch import first_cached_week
from tuiws.backends.backoff import BackoffRelay
from tuiws.domain.models import Issue, User, Worklog
from tuiws.domain.week import week_start
from tuiws.services.session import Session
from tuiws.store.cache import WorklogCache
from tuiws.store.draft_store import DraftStore

SITE = "https://example.atlassian.net"
DANA = User(account_id="712020:dana", display_name="Dana Reyes", time_zone="Europe/Berlin")
DAY = date(2026, 10, 28)
SYNCED = datetime(2026, 10, 28, 9, 30, tzinfo=UTC)
ISSUES = [
    Issue(id="10000", key="PLAT-1", summary="Platform", project_key="PLAT"),
    Issue(id="10001", key="OPS-7", summary="Pinned", project_key="OPS"),
]
WORKLOG = Worklog(
    id="1",
    issue_id="10000",
    issue_key="PLAT-1",
    author=DANA,
    started=datetime(2026, 10, 27, 8, tzinfo=UTC),
    time_spent_seconds=5400,
)


def filled(path: Path, *, synced: bool = True) -> None:
    with WorklogCache(path) as cache:
        cache.bind(SITE, DANA, backend="jira")
        cache.upsert_issues(ISSUES)
        cache.upsert_worklogs([WORKLOG])
        if synced:
            cache.mark_synced(SYNCED, "incremental")


def first(path: Path, state: Path, *, site: str = SITE, zone: str | None = None) -> object:
    return first_cached_week(path, "work", state, site=site, first_weekday=0, zone=zone, day=DAY)


def test_the_first_week_is_the_caches_with_the_profiles_pins(tmp_path: Path) -> None:
    path, state = tmp_path / "cache" / "work.sqlite3", tmp_path / "state.json"
    filled(path)
    state.write_text(json.dumps({"pinned": {"work": ["OPS-7"], "home": ["PLAT-1"]}}))
    week = first_cached_week(path, "work", state, site=SITE, first_weekday=0, zone=None, day=DAY)
    assert week is not None and week.synced_at == SYNCED
    view = week.week.view()
    assert [line.issue.key for line in view.lines] == ["OPS-7", "PLAT-1"]
    assert view.total_seconds == 5400 and week.week.zone.key == "Europe/Berlin"
    tokyo = first_cached_week(
        path, "work", state, site=SITE, first_weekday=0, zone="Asia/Tokyo", day=DAY
    )
    assert tokyo is not None and tokyo.week.zone.key == "Asia/Tokyo"


def test_nothing_to_show_is_none_and_no_file_is_made(tmp_path: Path) -> None:
    path, state = tmp_path / "cache" / "work.sqlite3", tmp_path / "state.json"
    assert first(path, state) is None
    assert not path.parent.exists()
    filled(path, synced=False)
    assert first(path, state) is None  # never synced


def test_a_cache_of_another_site_is_not_shown(tmp_path: Path) -> None:
    path, state = tmp_path / "work.sqlite3", tmp_path / "state.json"
    filled(path)
    assert first(path, state, site="https://other.atlassian.net") is None
    assert first(path, state) is not None


def test_a_file_that_is_not_a_cache_is_none_and_left_alone(tmp_path: Path) -> None:
    path, state = tmp_path / "work.sqlite3", tmp_path / "state.json"
    path.write_bytes(b"this is not SQLite" * 100)
    path.chmod(0o600)
    assert first(path, state) is None
    assert path.read_bytes() == b"this is not SQLite" * 100
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def cache_of_another_date(tmp_path: Path) -> tuple[Path, Path, str, date]:
    """A synced cache whose account lives where today is another date than this machine's:
    its path, the state file, that zone and its today."""
    # One of these two is on another date than this machine at any moment (25 hours apart).
    zone = next(
        name
        for name in ("Pacific/Kiritimati", "Pacific/Pago_Pago")
        if datetime.now(ZoneInfo(name)).date() != date.today()
    )
    path, state = tmp_path / "cache" / "work.sqlite3", tmp_path / "state.json"
    with WorklogCache(path) as cache:
        cache.bind(SITE, replace(DANA, time_zone=zone), backend="jira")
        cache.mark_synced(SYNCED, "incremental")
    return path, state, zone, datetime.now(ZoneInfo(zone)).date()


def test_the_first_frame_opens_on_today_where_the_jira_profile_lives(tmp_path: Path) -> None:
    """Not this machine's today: over SSH to a UTC server, Monday 00:30 in Berlin is still
    Sunday there, and the frame would open on last week until Jira answered."""
    path, state, zone, theirs = cache_of_another_date(tmp_path)
    # Weeks that start on the later of the two dates: the earlier one is in the week before.
    weekday = max(theirs, date.today()).weekday()
    expected = week_start(theirs, weekday)
    assert expected != week_start(date.today(), weekday)
    week = first_cached_week(path, "work", state, site=SITE, first_weekday=weekday, zone=None)
    assert week is not None and week.week.start == expected and week.week.zone.key == zone


def test_before_signing_in_the_apps_today_is_that_of_the_cached_week(tmp_path: Path) -> None:
    """So `▸` marks today in the week the first frame shows, before Jira says its zone."""
    path, state, _, theirs = cache_of_another_date(tmp_path)
    week = first_cached_week(path, "work", state, site=SITE, first_weekday=0, zone=None)

    async def never() -> Session:
        raise AssertionError("not connected in this test")

    app = TuiwsApp(
        connect=never,
        relay=BackoffRelay(),
        profile_name="work",
        drafts=DraftStore(tmp_path / "drafts"),
        first_week=week,
    )
    assert app.today() == theirs
