"""The server days asked of the Worklog extender hold the window in any server zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from tuiws.backends.base import WorklogQuery
from tuiws.backends.extender.convert import FUTURE_REACH, server_days

MOMENTS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
)
# Every zone in use lies between UTC-12 and UTC+14, in quarter hours.
OFFSETS = st.integers(min_value=-12 * 4, max_value=14 * 4).map(
    lambda q: timezone(timedelta(minutes=15 * q))
)


@given(MOMENTS, st.integers(min_value=1, max_value=60 * 24 * 40), OFFSETS)
def test_both_ends_of_the_window_fall_on_asked_days(
    after: datetime, minutes: int, server: timezone
) -> None:
    before = after + timedelta(minutes=minutes)
    query = WorklogQuery(after=after, before=before, first_day=after.date())
    first, last = server_days(query, date(2026, 1, 1))
    assert first <= after.astimezone(server).date()
    assert (before - timedelta(microseconds=1)).astimezone(server).date() <= last
    assert (last - first).days <= minutes // (60 * 24) + 3, "no more than a day each side"


@given(MOMENTS)
def test_an_open_window_reaches_ahead(after: datetime) -> None:
    today = after.date()
    query = WorklogQuery(after=after, before=None, first_day=today)
    first, last = server_days(query, today)
    assert first < today and last == today + FUTURE_REACH
