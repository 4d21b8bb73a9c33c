"""The quick read of the cache's week (the app's first grid) says what the validated one says."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuiws.domain.models import Issue, User, Worklog
from tuiws.domain.started import resolve_zone
from tuiws.services.cached_weeks import CachedWeeks
from tuiws.services.session import Session
from tuiws.store.cache import WorklogCache
from tuiws.store.cache_peek import peek_week

DANA = User(account_id="712020:dana", display_name="Dana Reyes", time_zone="Europe/Berlin")
OMAR = User(account_id="712020:omar", display_name="Omar Haddad", time_zone="Asia/Kolkata")
MARCUS = User(name="mwebb", key="mwebb", display_name="Marcus Webb", time_zone="America/Chicago")
# Around the end of European summer time (25 Oct 2026) and the US one (1 Nov 2026).
DAY = date(2026, 10, 28)
ZONES = [
    None,
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Pacific/Kiritimati",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
]
KEYS = ["PLAT-1", "PLAT-2", "PLAT-10", "OPS-7", "INT-3"]
ISSUES = [
    Issue(id=str(10_000 + n), key=key, summary=f"Issue {key}", project_key=key[:-2])
    for n, key in enumerate(KEYS)
]
SYNCED = datetime(2026, 10, 28, 9, 30, tzinfo=UTC)

_offsets = st.integers(-12 * 4, 14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))
_started = st.datetimes(
    min_value=datetime(2026, 10, 17), max_value=datetime(2026, 11, 8), timezones=_offsets
)
_worklogs = st.lists(
    st.builds(
        Worklog,
        id=st.integers(1, 10**9).map(str),
        # Ids beyond the issue rows: a worklog whose issue is known only by its key.
        issue_id=st.integers(10_000, 10_006).map(str),
        issue_key=st.none() | st.sampled_from(KEYS),
        author=st.sampled_from([DANA, DANA, OMAR, MARCUS]),
        started=_started,
        time_spent_seconds=st.integers(60, 12 * 3600),
    ),
    max_size=40,
    unique_by=lambda w: w.id,
)


def filled(path: Path, account: User, issues: list[Issue], worklogs: list[Worklog]) -> None:
    with WorklogCache(path) as cache:
        cache.clear()
        cache.bind("https://example.atlassian.net", account)
        cache.upsert_issues(issues)
        cache.upsert_worklogs(worklogs)
        cache.mark_synced(SYNCED, "incremental")


def validated(path: Path, day: date, first_weekday: int, keep: list[str], zone: str | None) -> Any:
    with WorklogCache(path) as cache:
        return CachedWeeks(cache, week_start=first_weekday).load(
            day, zone=resolve_zone(zone) if zone else None, keep=keep
        )


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    worklogs=_worklogs,
    issues=st.lists(st.sampled_from(ISSUES), unique=True),
    account=st.sampled_from([DANA, MARCUS]),
    day=st.dates(date(2026, 10, 20), date(2026, 11, 4)),
    first_weekday=st.integers(0, 6),
    keep=st.lists(st.sampled_from([*KEYS, "NOPE-1"]), max_size=3, unique=True),
    zone=st.sampled_from(ZONES),
)
def test_the_quick_read_is_the_validated_weeks_view(
    tmp_path: Path,
    worklogs: list[Worklog],
    issues: list[Issue],
    account: User,
    day: date,
    first_weekday: int,
    keep: list[str],
    zone: str | None,
) -> None:
    path = tmp_path / "cache.sqlite3"
    filled(path, account, issues, worklogs)
    peeked = peek_week(path, day, first_weekday=first_weekday, keep=keep, zone=zone)
    full = validated(path, day, first_weekday, keep, zone)
    assert peeked is not None
    assert peeked.view == full.week.view()
    assert peeked.synced_at == full.synced_at == SYNCED
    assert peeked.zone == full.week.zone.key


async def test_after_a_sync_the_quick_read_is_jiras_week(session: Session, tmp_path: Path) -> None:
    """Over real HTTP: sync the seeded site, then the first grid is what Jira gives the week."""
    from tuiws.services.sync import SyncService
    from tuiws.services.weeks import WeekService

    path = tmp_path / "cache.sqlite3"
    with WorklogCache(path) as cache:
        await SyncService(session, cache).sync()
    today = datetime.now(session.zone).date()
    for day in (today, today - timedelta(weeks=1)):
        live = await WeekService(session).load(day)
        peeked = peek_week(path, day, first_weekday=session.week_start)
        assert peeked is not None
        assert peeked.view == live.view()
        assert peeked.zone == session.zone_name
        assert peeked.view.total_seconds > 0


def test_nothing_to_show_is_none(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    assert peek_week(path, DAY) is None  # no file, and none is made
    assert not path.exists()
    with WorklogCache(path) as cache:
        cache.bind("https://example.atlassian.net", DANA)
    assert peek_week(path, DAY) is None  # never synced


@pytest.mark.parametrize("damage", ["newer schema", "not a database"])
def test_a_file_it_cannot_read_is_none(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "cache.sqlite3"
    filled(path, DANA, ISSUES, [])
    if damage == "newer schema":
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA user_version = 99")
    else:
        path.write_bytes(b"this is not SQLite" * 100)
    assert peek_week(path, DAY) is None


def test_it_changes_nothing_and_keeps_the_files_private(tmp_path: Path) -> None:
    """Read-only: the database is untouched. SQLite may add the WAL's index files beside it,
    which take the database's own mode (0600), as when the cache itself opens it."""
    path = tmp_path / "cache.sqlite3"
    filled(path, DANA, ISSUES, [])
    before = path.read_bytes()
    assert peek_week(path, DAY) is not None
    assert path.read_bytes() == before
    for file in tmp_path.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name


def test_a_cache_of_another_site_or_account_is_not_shown(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    filled(path, DANA, ISSUES, [])
    assert peek_week(path, DAY, site="https://example.atlassian.net") is not None
    assert peek_week(path, DAY, site="https://other.atlassian.net") is None
    with WorklogCache(path) as cache:
        cache.bind("https://example.atlassian.net", MARCUS)  # another account: data dropped
        cache.mark_synced(SYNCED, "incremental")
    shown = peek_week(path, DAY, site="https://example.atlassian.net")
    assert shown is not None and shown.view.lines == ()


def test_the_quick_read_shows_only_its_own_backends_cache(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    filled(path, DANA, ISSUES, [])
    site = "https://example.atlassian.net"
    assert peek_week(path, DAY, site=site) is not None
    assert peek_week(path, DAY, site=site, backend="tempo") is None


def test_the_quick_read_leaves_an_old_schema_file_to_the_migration(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    filled(path, DANA, ISSUES, [])
    db = sqlite3.connect(path)
    identity = f"https://example.atlassian.net|{DANA.ident}"
    db.execute("UPDATE meta SET value = ? WHERE name = 'identity'", (identity,))
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    site = "https://example.atlassian.net"
    assert peek_week(path, DAY, site=site) is None, "no crash, no guess: not painted"
    with WorklogCache(path):
        pass  # the validated open migrates it
    assert peek_week(path, DAY, site=site) is not None
