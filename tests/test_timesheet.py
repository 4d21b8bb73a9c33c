"""Bucketing worklogs into a week grid, in the right zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from tuiws.domain.models import Issue, User, Worklog
from tuiws.domain.timesheet import build_week

ME = User(account_id="me", display_name="Me")
OTHER = User(account_id="other", display_name="Other")
PLAT = Issue(id="10", key="PLAT-2", summary="Search")
OPS = Issue(id="11", key="OPS-10", summary="On call")
MONDAY = date(2026, 11, 23)


def wl(n: int, issue: Issue, started: datetime, seconds: int, who: User = ME) -> Worklog:
    return Worklog(
        id=str(n),
        issue_id=issue.id,
        issue_key=issue.key,
        author=who,
        started=started,
        time_spent_seconds=seconds,
    )


def test_rows_days_and_totals() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    logs = [
        wl(1, PLAT, datetime(2026, 11, 23, 9, tzinfo=berlin), 3600),
        wl(2, PLAT, datetime(2026, 11, 23, 14, tzinfo=berlin), 1800),
        wl(3, OPS, datetime(2026, 11, 29, 10, tzinfo=berlin), 7200),
        wl(4, OPS, datetime(2026, 11, 30, 10, tzinfo=berlin), 600),  # next week
        wl(5, OPS, datetime(2026, 11, 24, 10, tzinfo=berlin), 900, OTHER),  # someone else
    ]
    week = build_week(ME, MONDAY, berlin, [PLAT, OPS], logs)
    assert [r.issue.key for r in week.rows] == ["OPS-10", "PLAT-2"]
    assert week.rows[1].seconds == [5400, 0, 0, 0, 0, 0, 0]
    assert week.rows[0].seconds == [0, 0, 0, 0, 0, 0, 7200]
    assert week.day_totals == [5400, 0, 0, 0, 0, 0, 7200]
    assert week.total_seconds == 12600
    doc = week.to_json()
    assert doc["weekStart"] == "2026-11-23" and doc["zone"] == "Europe/Berlin"
    assert doc["days"][6] == "2026-11-29"
    assert doc["rows"][1] == {
        "issueKey": "PLAT-2",
        "summary": "Search",
        "seconds": [5400, 0, 0, 0, 0, 0, 0],
        "totalSeconds": 5400,
    }
    assert doc["user"] == {"accountId": "me", "displayName": "Me"}


def test_the_bucket_zone_decides_the_day() -> None:
    # 23:30 UTC on Monday is already Tuesday in Berlin and still Monday in New York.
    started = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    logs = [wl(1, PLAT, started, 3600)]
    berlin = build_week(ME, MONDAY, ZoneInfo("Europe/Berlin"), [PLAT], logs)
    new_york = build_week(ME, MONDAY, ZoneInfo("America/New_York"), [PLAT], logs)
    assert berlin.rows[0].seconds[1] == 3600
    assert new_york.rows[0].seconds[0] == 3600


def test_pinned_issue_stays_at_zero_and_duplicates_count_once() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    log = wl(1, PLAT, datetime(2026, 11, 25, 9, tzinfo=berlin), 3600)
    week = build_week(ME, MONDAY, berlin, [PLAT, OPS], [log, log], keep=["OPS-10"])
    assert {r.issue.key: r.total_seconds for r in week.rows} == {"OPS-10": 0, "PLAT-2": 3600}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 7 * 24 * 60 - 1), st.integers(1, 600)), max_size=30),
    st.sampled_from(
        ["UTC", "Europe/Berlin", "Asia/Kolkata", "America/Los_Angeles", "Australia/Lord_Howe"]
    ),
)
def test_totals_add_up_and_nothing_in_the_week_is_lost(
    entries: list[tuple[int, int]], zone_name: str
) -> None:
    zone = ZoneInfo(zone_name)
    start = datetime(2026, 3, 23, tzinfo=zone)  # a week with DST changes in several zones
    logs = [
        wl(i, PLAT, (start + timedelta(minutes=offset)).astimezone(UTC), minutes * 60)
        for i, (offset, minutes) in enumerate(entries)
    ]
    week = build_week(ME, start.date(), zone, [PLAT], logs)
    assert sum(week.day_totals) == week.total_seconds
    inside = [w for w in logs if w.started.astimezone(zone).date() < start.date() + timedelta(7)]
    assert week.total_seconds == sum(w.time_spent_seconds for w in inside)
