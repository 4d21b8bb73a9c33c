"""The local cache: rows that rebuild the models exactly, transactions, cursors, privacy."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuiws.domain.models import Issue, User, Worklog
from tuiws.store.cache import SCHEMA_VERSION, CacheError, WorklogCache, cache_path

DANA = User(account_id="712020:dana", display_name="Dana Reyes", time_zone="Europe/Berlin")
MARCUS = User(name="mwebb", key="mwebb", display_name="Marcus Webb")
BERLIN_SUMMER = timezone(timedelta(hours=2))
MONDAY = datetime(2026, 5, 25, 9, 0, tzinfo=BERLIN_SUMMER)


def worklog(
    wid: str,
    *,
    author: User = DANA,
    started: datetime = MONDAY,
    seconds: int = 3600,
    issue_id: str = "10001",
    updated: datetime | None = None,
    text: str = "",
) -> Worklog:
    return Worklog(
        id=wid,
        issue_id=issue_id,
        author=author,
        started=started,
        time_spent_seconds=seconds,
        comment_text=text,
        created=updated,
        updated=updated,
    )


ISSUE = Issue(id="10001", key="PLAT-1", summary="Bulk import", status="Done", project_key="PLAT")


@pytest.fixture
def cache(tmp_path: Path) -> Any:
    with WorklogCache.for_profile("work", tmp_path / "cache") as opened:
        yield opened


def test_file_is_private_and_versioned(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    with WorklogCache.for_profile("work/../x y", folder) as cache:
        cache.upsert_worklogs([worklog("1")])
        assert cache.path == cache_path(folder, "work/../x y")
        assert cache.path.parent == folder and "/" not in cache.path.name
        files = [cache.path, *folder.glob("*-wal"), *folder.glob("*-shm")]
        assert len(files) == 3, "WAL mode keeps a -wal and a -shm beside the database"
        for path in files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        db = sqlite3.connect(cache.path)
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.close()


def test_an_existing_file_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    path.touch(mode=0o644)
    path.chmod(0o644)
    WorklogCache(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_data_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with WorklogCache(path) as cache:
        cache.upsert_issues([ISSUE])
        cache.upsert_worklogs([worklog("1")])
        cache.set_cursor("updated", 123)
    with WorklogCache(path) as cache:
        assert cache.worklog("1") == replace(worklog("1"), issue_key="PLAT-1")
        assert cache.cursor("updated") == 123


def test_unreadable_or_newer_files_are_refused_with_advice(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(CacheError, match="delete it"):
        WorklogCache(junk)
    newer = tmp_path / "newer.sqlite3"
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(CacheError, match="newer"):
        WorklogCache(newer)


def test_window_reads_by_author_and_instant(cache: WorklogCache) -> None:
    start = datetime(2026, 5, 25, tzinfo=UTC)
    cache.upsert_worklogs(
        [
            worklog("1", started=start - timedelta(microseconds=1)),
            worklog("2", started=start),
            worklog("3", started=start + timedelta(days=6, hours=23), author=MARCUS),
            worklog("4", started=start + timedelta(days=7)),
        ]
    )
    end = start + timedelta(days=7)
    assert [w.id for w in cache.worklogs(start, end)] == ["2", "3"]
    assert [w.id for w in cache.worklogs(start, end, author=DANA.ident)] == ["2"]
    assert [w.id for w in cache.worklogs(start, end, author="mwebb")] == ["3"]
    with pytest.raises(ValueError, match="time zone"):
        cache.worklogs(datetime(2026, 5, 25), end)


def test_issue_keys_follow_the_issue_rows(cache: WorklogCache) -> None:
    cache.upsert_worklogs([worklog("1")])
    assert cache.worklog("1") is not None and cache.worklog("1").issue_key is None  # type: ignore[union-attr]
    assert cache.unknown_issue_ids(["10001", "10001", "10002"]) == ["10001", "10002"]
    cache.upsert_issues([ISSUE])
    assert cache.unknown_issue_ids(["10001", "10002"]) == ["10002"]
    assert cache.worklog("1").issue_key == "PLAT-1"  # type: ignore[union-attr]
    moved = replace(ISSUE, key="OPS-9", project_key="OPS")
    cache.upsert_issues([moved])
    assert cache.worklog("1").issue_key == "OPS-9"  # type: ignore[union-attr]
    assert cache.issues_by_key(["ops-9", "PLAT-1"]) == {"OPS-9": moved}
    assert cache.issues_by_id(["10001", "404"]) == {"10001": moved}
    assert cache.issue_count() == 1


def test_an_older_copy_never_replaces_a_newer_row(cache: WorklogCache) -> None:
    t = datetime(2026, 5, 26, 10, tzinfo=UTC)
    cache.upsert_worklogs([worklog("1", seconds=600, updated=t)])
    cache.upsert_worklogs([worklog("1", seconds=900, updated=t - timedelta(seconds=1))])
    assert cache.worklog("1").time_spent_seconds == 600  # type: ignore[union-attr]
    cache.upsert_worklogs([worklog("1", seconds=1200, updated=t)])
    assert cache.worklog("1").time_spent_seconds == 1200  # type: ignore[union-attr]
    assert cache.worklog_count() == 1


def test_deletes(cache: WorklogCache) -> None:
    start = datetime(2026, 5, 1, tzinfo=UTC)
    cache.upsert_worklogs(
        [worklog(str(n), started=start + timedelta(days=n - 3)) for n in range(1, 6)]
    )
    assert cache.delete_worklogs(["1", 99]) == 1
    # A complete window from `start`: 2 is before it, 3 and 5 are still in Jira, 4 is not.
    assert cache.delete_worklogs_started_from(start, keep=["3", "5"]) == 1
    left = cache.worklogs(start - timedelta(days=9), start + timedelta(days=9))
    assert [w.id for w in left] == ["2", "3", "5"]


def test_a_failed_transaction_leaves_nothing(cache: WorklogCache) -> None:
    cache.upsert_worklogs([worklog("1")])
    cache.set_cursor("updated", 100)
    with pytest.raises(RuntimeError), cache.transaction():
        cache.upsert_worklogs([worklog("2")])
        cache.delete_worklogs(["1"])
        cache.set_cursor("updated", 200)
        raise RuntimeError("the network went away")
    assert [w.id for w in cache.worklogs(MONDAY - timedelta(1), MONDAY + timedelta(1))] == ["1"]
    assert cache.cursor("updated") == 100
    with cache.transaction():  # still usable afterwards
        cache.set_cursor("updated", 300)
    assert cache.cursor("updated") == 300


def test_cursors_sync_marks_and_binding(cache: WorklogCache) -> None:
    assert cache.cursor("updated") is None and cache.cursor("deleted") is None
    assert cache.last_synced_at() is None and cache.sync_mode() is None
    assert cache.account() is None
    assert cache.bind("https://a.example/", DANA, backend="jira") is False
    cache.upsert_worklogs([worklog("1")])
    cache.set_cursor("updated", 5)
    cache.set_cursor("deleted", 6)
    at = datetime(2026, 5, 27, 17, 0, tzinfo=BERLIN_SUMMER)
    cache.mark_synced(at, "incremental")
    assert cache.last_synced_at() == at and cache.last_synced_at().tzinfo == UTC  # type: ignore[union-attr]
    assert cache.sync_mode() == "incremental"
    assert cache.account() == DANA
    cache.forget_cursors()
    assert cache.cursor("updated") is None and cache.worklog_count() == 1
    assert cache.bind("https://a.example", DANA, backend="jira") is False, "same site, same account"
    assert cache.worklog_count() == 1
    assert cache.bind("https://b.example", DANA, backend="jira") is True, (
        "another site's data is dropped"
    )
    assert cache.worklog_count() == 0 and cache.last_synced_at() is None
    assert cache.account() == DANA


# -- round trips ----------------------------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8"), max_size=30)
_maybe_text = st.none() | _text
_offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
# Jira's instants carry a fixed offset (parse_started): that is what the cache must keep.
_instants = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1), timezones=_offsets
)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=8,
)
_users = st.builds(
    User,
    account_id=_maybe_text,
    name=_maybe_text,
    key=_maybe_text,
    display_name=_text,
    email=_maybe_text,
    time_zone=_maybe_text,
)
_worklogs = st.builds(
    Worklog,
    id=st.integers(1, 10**12).map(str),
    issue_id=st.integers(1, 10**9).map(str),
    issue_key=st.none() | st.from_regex(r"[A-Z]{2,5}-[1-9][0-9]{0,4}", fullmatch=True),
    author=_users,
    started=_instants,
    time_spent_seconds=st.integers(60, 10**7),
    comment_text=_text,
    comment_adf=st.none() | st.dictionaries(_text, _json, max_size=4),
    created=st.none() | _instants,
    updated=st.none() | _instants,
    # What Tempo and Everit keep beside Jira's fields (schema 3).
    billable_seconds=st.none() | st.integers(0, 10**7),
    attributes=st.dictionaries(_text, _text, max_size=3),
    tags=st.lists(_text, max_size=3).map(tuple),
    backend_ids=st.dictionaries(_text, _text, max_size=2),
)
_issues = st.builds(
    Issue,
    id=st.integers(1, 10**9).map(str),
    key=st.from_regex(r"[A-Z]{2,5}-[1-9][0-9]{0,4}", fullmatch=True),
    summary=_text,
    status=_maybe_text,
    project_key=_text,
    original_estimate_seconds=st.none() | st.integers(0, 10**9),
    remaining_estimate_seconds=st.none() | st.integers(0, 10**9),
    time_spent_seconds=st.none() | st.integers(0, 10**9),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(original=_worklogs)
def test_worklog_round_trip(cache: WorklogCache, original: Worklog) -> None:
    cache.clear()
    cache.upsert_worklogs([original])
    back = cache.worklog(original.id)
    assert back == original
    assert back is not None and back.started.utcoffset() == original.started.utcoffset()
    window = cache.worklogs(original.started, original.started + timedelta(microseconds=1))
    assert window == [original]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(original=_issues)
def test_issue_round_trip(cache: WorklogCache, original: Issue) -> None:
    cache.clear()
    cache.upsert_issues([original])
    assert cache.issues_by_id([original.id]) == {original.id: original}
    assert cache.issues_by_key([original.key]) == {original.key: original}


def test_the_cache_and_sync_layers_do_not_import_textual() -> None:
    modules = "tuiws.store.cache, tuiws.services.sync, tuiws.services.cached_weeks"
    code = (
        f"import sys, {modules}; "
        "print(','.join(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# -- identity across backends and schema versions ------------------------------------------------


def test_a_cache_of_one_backend_is_never_shown_for_another(cache: WorklogCache) -> None:
    cache.bind("https://a.example", DANA, backend="tempo")
    cache.upsert_worklogs([worklog("1")])
    assert cache.holds_site("https://a.example", backend="tempo")
    assert not cache.holds_site("https://a.example", backend="jira"), (
        "the same site through Jira is another"
    )
    assert cache.bind("https://a.example", DANA, backend="jira") is True, (
        "binding to Jira drops Tempo's data"
    )
    assert cache.worklog_count() == 0 and cache.holds_site("https://a.example", backend="jira")


def old_schema_file(path: Path) -> None:
    """A cache as tuiws wrote it before the backend joined the identity (schema 1)."""
    with WorklogCache(path) as current:
        current.bind("https://a.example", DANA, backend="jira")
        current.upsert_issues([ISSUE])
        current.upsert_worklogs([worklog("1")])
        current.mark_synced(MONDAY, "incremental")
    db = sqlite3.connect(path)
    db.execute(
        "UPDATE meta SET value = ? WHERE name = 'identity'", (f"https://a.example|{DANA.ident}",)
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()


def test_an_old_schema_file_is_migrated_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old_schema_file(path)
    with WorklogCache(path) as cache:
        assert cache.holds_site("https://a.example", backend="jira"), "a schema 1 cache is Jira's"
        assert cache.worklog("1") == replace(worklog("1"), issue_key="PLAT-1")
        assert cache.bind("https://a.example", DANA, backend="jira") is False, "nothing to drop"
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_a_stored_account_that_is_not_one_reads_as_none(cache: WorklogCache) -> None:
    cache.bind("https://a.example", DANA, backend="jira")
    for junk in ("not json", "[1, 2]", '{"display_name": 7}', '{"account_id": ["x"]}'):
        with cache.transaction():
            cache._db.execute("UPDATE meta SET value = ? WHERE name = 'account'", (junk,))
        assert cache.account() is None, junk


TEMPO_WORKLOG = replace(
    worklog("7"),
    billable_seconds=1800,
    attributes={"_Account_": "PLATFORM-CAPEX", "_Workcategory_": "Review"},
    tags=("Meeting", "Review"),
    backend_ids={"tempoWorklogId": "41"},
)


def test_a_schema_2_file_gains_the_backend_columns_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "two.sqlite3"
    with WorklogCache(path) as current:
        current.bind("https://a.example", DANA, backend="tempo")
        current.upsert_worklogs([worklog("1")])
    db = sqlite3.connect(path)
    for column in ("billable_seconds", "attributes_json", "tags_json", "backend_ids_json"):
        db.execute(f"ALTER TABLE worklogs DROP COLUMN {column}")
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    with WorklogCache(path) as cache:
        assert cache.holds_site("https://a.example", backend="tempo")
        assert cache.worklog("1") == worklog("1"), "the old row reads with empty extras"
        cache.upsert_worklogs([TEMPO_WORKLOG])
        assert cache.worklog("7") == TEMPO_WORKLOG
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    db.close()


def test_the_backend_fields_are_replaced_by_a_newer_copy(cache: WorklogCache) -> None:
    later = MONDAY + timedelta(hours=1)
    cache.upsert_worklogs([replace(TEMPO_WORKLOG, updated=MONDAY)])
    newer = replace(TEMPO_WORKLOG, updated=later, billable_seconds=0, tags=(), attributes={})
    cache.upsert_worklogs([newer])
    assert cache.worklog("7") == newer
    [week] = cache.worklogs(MONDAY, MONDAY + timedelta(days=1))
    assert (week.billable_seconds, week.tags, dict(week.attributes)) == (0, (), {})


def test_junk_in_a_backend_column_reads_as_nothing(cache: WorklogCache) -> None:
    cache.upsert_worklogs([TEMPO_WORKLOG])
    with cache.transaction():
        cache._db.execute(
            "UPDATE worklogs SET attributes_json = '[1]', tags_json = 'not json', "
            "backend_ids_json = '{\"a\": 1}'"
        )
    back = cache.worklog("7")
    assert back is not None
    assert (dict(back.attributes), back.tags, dict(back.backend_ids)) == ({}, (), {})
    assert back.billable_seconds == 1800
