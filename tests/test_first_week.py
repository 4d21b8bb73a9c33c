"""The week the app's first frame shows: the cache's own reader, before the app starts."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime
from pathlib import Path

from tuiws.app.launch import first_cached_week
from tuiws.domain.models import Issue, User, Worklog
from tuiws.store.cache import WorklogCache

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
