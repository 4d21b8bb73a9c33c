"""Weeks: first weekday, seven dates, DST-correct windows and the day names people type."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import get_args
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuiws.domain.started import local_day
from tuiws.domain.week import (
    WEEKDAYS,
    Weekday,
    parse_day,
    week_days,
    week_start,
    week_window,
    weekday_index,
)

BERLIN = ZoneInfo("Europe/Berlin")
# 2026-05-29 is a Friday.
FRIDAY = date(2026, 5, 29)
any_day = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


def hours(window: tuple[datetime, datetime]) -> float:
    start, end = window
    # Both ends share one tzinfo, so subtract in UTC or Python ignores the DST change.
    return (end.astimezone(UTC) - start.astimezone(UTC)) / timedelta(hours=1)


def test_weekday_names_match_the_literal_and_date_weekday() -> None:
    assert get_args(Weekday) == WEEKDAYS
    assert WEEKDAYS[FRIDAY.weekday()] == "friday"


@pytest.mark.parametrize(
    ("first_weekday", "expected"),
    [(0, date(2026, 5, 25)), (6, date(2026, 5, 24)), (5, date(2026, 5, 23)), (4, FRIDAY)],
)
def test_week_start(first_weekday: int, expected: date) -> None:
    assert week_start(FRIDAY, first_weekday) == expected


def test_week_start_defaults_to_monday() -> None:
    assert week_start(FRIDAY) == date(2026, 5, 25)
    assert week_start(date(2026, 5, 25)) == date(2026, 5, 25)
    assert week_start(date(2026, 5, 31)) == date(2026, 5, 25)


@pytest.mark.parametrize("first_weekday", [-1, 7])
def test_week_start_refuses_a_weekday_out_of_range(first_weekday: int) -> None:
    with pytest.raises(ValueError, match="0 \\(Monday\\) to 6 \\(Sunday\\)"):
        week_start(FRIDAY, first_weekday)


@settings(max_examples=300)
@given(day=any_day, first_weekday=st.integers(min_value=0, max_value=6))
def test_every_day_falls_within_its_week(day: date, first_weekday: int) -> None:
    start = week_start(day, first_weekday)
    assert start.weekday() == first_weekday
    assert start <= day < start + timedelta(days=7)
    assert day in week_days(start)
    assert week_start(start, first_weekday) == start


def test_week_days_are_seven_consecutive_dates() -> None:
    start = date(2026, 12, 28)
    days = week_days(start)
    assert days == [start + timedelta(days=i) for i in range(7)]
    assert days[-1] == date(2027, 1, 3)


def test_an_ordinary_week_window_is_168_hours_from_local_midnight() -> None:
    window = week_window(date(2026, 5, 25), BERLIN)
    assert window[0] == datetime(2026, 5, 25, tzinfo=BERLIN)
    assert window[1] == datetime(2026, 6, 1, tzinfo=BERLIN)
    assert hours(window) == 168


def test_a_week_across_spring_forward_is_167_hours() -> None:
    assert hours(week_window(date(2026, 3, 23), BERLIN)) == 167


def test_a_week_across_fall_back_is_169_hours() -> None:
    assert hours(week_window(date(2026, 10, 19), BERLIN)) == 169


def test_a_half_hour_dst_zone_moves_the_window_by_half_an_hour() -> None:
    # Lord Howe springs forward 30 minutes on 2026-10-04.
    assert hours(week_window(date(2026, 9, 28), ZoneInfo("Australia/Lord_Howe"))) == 167.5


def test_a_missing_midnight_starts_the_day_when_clocks_resume() -> None:
    # Santiago springs forward at 24:00: 2026-09-06 begins at 01:00.
    santiago = ZoneInfo("America/Santiago")
    start, end = week_window(date(2026, 9, 6), santiago)
    assert (start.date(), start.hour) == (date(2026, 9, 6), 1)
    # The end is that later day's own midnight, not the start's wall time a week on.
    assert end == datetime(2026, 9, 13, 0, 0, tzinfo=santiago)
    _, end_in_gap = week_window(date(2026, 8, 30), santiago)
    assert (end_in_gap.date(), end_in_gap.hour) == (date(2026, 9, 6), 1)


@settings(max_examples=150, deadline=None)
@given(
    start=st.dates(min_value=date(1970, 1, 1), max_value=date(2100, 12, 31)),
    zone=st.sampled_from(sorted(available_timezones())).map(ZoneInfo),
)
def test_window_ends_are_the_first_instants_of_their_days(start: date, zone: ZoneInfo) -> None:
    tick = timedelta(microseconds=1)
    for edge, day in zip(week_window(start, zone), (start, start + timedelta(days=7)), strict=True):
        # The first instant on or after `day`: a skipped day (Samoa 2011) leaves only "after".
        assert local_day(edge, zone) >= day
        assert local_day(edge.astimezone(UTC) - tick, zone) < day


def test_a_week_with_a_skipped_day_is_six_days_long() -> None:
    assert hours(week_window(date(2011, 12, 26), ZoneInfo("Pacific/Apia"))) == 6 * 24


@pytest.mark.parametrize(
    ("name", "index"),
    [
        ("monday", 0),
        ("mon", 0),
        ("Mon", 0),
        (" MONDAY ", 0),
        ("tue", 1),
        ("tues", 1),
        ("wed", 2),
        ("thu", 3),
        ("thurs", 3),
        ("fri", 4),
        ("sat", 5),
        ("sun", 6),
        ("Sunday", 6),
    ],
)
def test_weekday_index(name: str, index: int) -> None:
    assert weekday_index(name) == index


@pytest.mark.parametrize("name", ["", "m", "mo", "mondays", "xyz", "funday", "7"])
def test_weekday_index_refuses_other_words(name: str) -> None:
    with pytest.raises(ValueError, match="not a weekday"):
        weekday_index(name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-01", date(2026, 5, 1)),
        ("today", FRIDAY),
        (" Today ", FRIDAY),
        ("yesterday", date(2026, 5, 28)),
        ("tomorrow", date(2026, 5, 30)),
        ("fri", FRIDAY),  # on or before today: today itself
        ("friday", FRIDAY),
        ("thu", date(2026, 5, 28)),
        ("mon", date(2026, 5, 25)),
        ("sat", date(2026, 5, 23)),  # never in the future
        ("Sunday", date(2026, 5, 24)),
        ("-0", FRIDAY),
        ("-1", date(2026, 5, 28)),
        ("-30", date(2026, 4, 29)),
    ],
)
def test_parse_day(text: str, expected: date) -> None:
    assert parse_day(text, FRIDAY) == expected


@pytest.mark.parametrize(
    "text", ["", "someday", "2026-5-1", "29.05.2026", "+1", "-", "-1d", "20260529", "- 1"]
)
def test_parse_day_refuses_other_text_and_says_what_works(text: str) -> None:
    with pytest.raises(ValueError, match="is not a day: type a date such as 2026-05-29"):
        parse_day(text, FRIDAY)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "0000-01-01"])
def test_parse_day_refuses_impossible_dates(text: str) -> None:
    with pytest.raises(ValueError, match="is not a real date"):
        parse_day(text, FRIDAY)


def test_parse_day_refuses_a_count_before_year_one() -> None:
    with pytest.raises(ValueError, match="before the year 1"):
        parse_day("-999999", date(2026, 1, 1))


@settings(max_examples=200)
@given(today=any_day, index=st.integers(min_value=0, max_value=6), short=st.booleans())
def test_a_weekday_name_is_the_latest_such_day_not_after_today(
    today: date, index: int, short: bool
) -> None:
    name = WEEKDAYS[index][:3] if short else WEEKDAYS[index]
    result = parse_day(name, today)
    assert result.weekday() == index
    assert today - timedelta(days=6) <= result <= today


@settings(max_examples=100)
@given(today=any_day, ago=st.integers(min_value=0, max_value=3000))
def test_minus_n_is_n_days_ago(today: date, ago: int) -> None:
    assert parse_day(f"-{ago}", today) == today - timedelta(days=ago)
    assert parse_day((today - timedelta(days=ago)).isoformat(), today) == today - timedelta(ago)
