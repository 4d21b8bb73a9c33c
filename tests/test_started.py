"""`started`: Jira's one text shape, offsets from the entry's own date, gaps, folds and days."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tuiws.backends.jira.started import format_started, is_valid_started, parse_started
from tuiws.domain.started import (
    DEFAULT_START,
    StartedError,
    UnknownZoneError,
    epoch_ms,
    from_epoch_ms,
    local_day,
    resolve_zone,
    zoned,
)

# The shape from the field notes, written out independently of the module under test.
JIRA_SHAPE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}[+-][0-9]{4}"
)
ALL_ZONES = sorted(available_timezones())
BERLIN = ZoneInfo("Europe/Berlin")

zones = st.sampled_from(ALL_ZONES).map(ZoneInfo)
# 1850 reaches back to local mean time offsets with seconds; 2200 is well past any worklog.
days = st.dates(min_value=date(1850, 1, 1), max_value=date(2200, 12, 31))
wall_times = st.times().map(lambda t: t.replace(microsecond=t.microsecond // 1000 * 1000))
aware_ms = st.datetimes(
    min_value=datetime(1850, 1, 1), max_value=datetime(2200, 12, 31), timezones=zones
).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))


def same_instant(a: datetime, b: datetime) -> bool:
    # `==` between zones is always False for fold-dependent times (PEP 495); compare in UTC.
    return a.astimezone(UTC) == b.astimezone(UTC)


# --- format ------------------------------------------------------------------------------------


def test_format_is_jira_shape_in_the_moments_own_offset() -> None:
    moment = datetime(2026, 5, 29, 14, 30, 0, 123456, tzinfo=BERLIN)
    assert format_started(moment) == "2026-05-29T14:30:00.123+0200"
    assert format_started(datetime(2026, 5, 29, 14, 30, tzinfo=UTC)) == (
        "2026-05-29T14:30:00.000+0000"
    )


@pytest.mark.parametrize(
    ("zone", "expected_offset"),
    [
        ("America/St_Johns", "-0230"),  # July: Newfoundland daylight time
        ("Asia/Kathmandu", "+0545"),
        ("Pacific/Chatham", "+1245"),  # July is Chatham's winter
        ("Australia/Lord_Howe", "+1030"),
        ("America/Los_Angeles", "-0700"),
        ("Asia/Kolkata", "+0530"),
        ("Pacific/Kiritimati", "+1400"),
        ("Pacific/Niue", "-1100"),
    ],
)
def test_format_writes_odd_offsets(zone: str, expected_offset: str) -> None:
    text = format_started(datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo(zone)))
    assert text == f"2026-07-01T09:00:00.000{expected_offset}"


def test_winter_offsets_of_thirty_minute_dst_and_quarter_hour_zones() -> None:
    january = date(2026, 1, 15)
    assert format_started(zoned(january, time(9), ZoneInfo("America/St_Johns"))).endswith("-0330")
    assert format_started(zoned(january, time(9), ZoneInfo("Pacific/Chatham"))).endswith("+1345")
    # Lord Howe moves by half an hour: +1100 in its summer, +1030 in its winter.
    assert format_started(zoned(january, time(9), ZoneInfo("Australia/Lord_Howe"))).endswith(
        "+1100"
    )


def test_offset_comes_from_the_entry_date_not_from_today() -> None:
    assert format_started(zoned(date(2026, 3, 10), time(9), BERLIN)).endswith("+0100")
    assert format_started(zoned(date(2026, 7, 10), time(9), BERLIN)).endswith("+0200")


def test_format_refuses_naive_datetimes() -> None:
    with pytest.raises(StartedError, match="no time zone"):
        format_started(datetime(2026, 5, 29, 14, 30))


def test_offsets_with_seconds_are_written_in_utc_keeping_the_instant() -> None:
    # Amsterdam kept local mean time, +00:19:32, until 1937.
    moment = datetime(1900, 1, 1, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert moment.utcoffset() == timedelta(minutes=19, seconds=32)
    text = format_started(moment)
    assert text == "1900-01-01T11:40:28.000+0000"
    assert same_instant(parse_started(text), moment)


def test_sub_millisecond_digits_are_truncated() -> None:
    moment = datetime(2026, 1, 1, 0, 0, 0, 999_999, tzinfo=UTC)
    assert format_started(moment) == "2026-01-01T00:00:00.999+0000"


def test_years_are_four_digits() -> None:
    assert format_started(datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC)).startswith("0999-01-02T")


def test_moments_that_cannot_reach_utc_are_refused_cleanly() -> None:
    odd = datetime(9999, 12, 31, 23, 59, 45, tzinfo=timezone(timedelta(seconds=-30)))
    with pytest.raises(StartedError):
        format_started(odd)


@settings(max_examples=300, deadline=None)
@given(aware_ms)
def test_format_then_parse_keeps_the_instant_in_every_zone(moment: datetime) -> None:
    text = format_started(moment)
    assert JIRA_SHAPE.fullmatch(text)
    assert is_valid_started(text)
    assert same_instant(parse_started(text), moment)
    assert epoch_ms(parse_started(text)) == epoch_ms(moment)


def test_every_zone_round_trips_in_winter_summer_and_the_lmt_era() -> None:
    for name in ALL_ZONES:
        zone = ZoneInfo(name)
        for moment in (
            datetime(2026, 1, 15, 12, 0, 0, 250_000, tzinfo=zone),
            datetime(2026, 7, 15, 23, 59, 59, 999_000, tzinfo=zone),
            datetime(1880, 6, 1, 0, 0, 0, tzinfo=zone),
        ):
            text = format_started(moment)
            assert JIRA_SHAPE.fullmatch(text), (name, text)
            assert same_instant(parse_started(text), moment), (name, text)


# --- parse -------------------------------------------------------------------------------------


def test_parse_gives_a_fixed_offset_aware_datetime() -> None:
    parsed = parse_started("2026-05-29T14:30:00.123+0200")
    assert parsed == datetime(2026, 5, 29, 14, 30, 0, 123_000, tzinfo=timezone(timedelta(hours=2)))
    assert parsed.tzinfo == timezone(timedelta(hours=2))
    assert parse_started("2026-05-29T14:30:00.000-0330").utcoffset() == -timedelta(
        hours=3, minutes=30
    )
    assert parse_started("2026-05-29T14:30:00.000-0000").utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("2026-05-29T14:30:00.000Z", "instead of Z"),
        ("2026-05-29T14:30:00Z", "instead of Z"),
        ("2026-05-29T14:30:00.000+02:00", "without a colon"),
        ("2026-05-29T14:30:00+0200", "add milliseconds"),
        ("2026-05-29T14:30:00.000", "add the offset"),
        ("2026-05-29T14:30:00", "add the offset"),
        (" 2026-05-29T14:30:00.000+0200", "surrounding spaces"),
        ("2026-05-29T14:30:00.000+0200\n", "surrounding spaces"),
        ("2026-05-29 14:30:00.000+0200", "expected 2026-05-29T14:30:00.000+0200"),
        ("2026-05-29T14:30:00.00+0200", "expected"),
        ("2026-05-29T14:30:00.000000+0200", "expected"),
        ("2026-05-29T14:30:00.000+02", "expected"),
        ("2026-05-29", "expected"),
        ("", "expected"),
        ("\u0662026-05-29T14:30:00.000+0200", "expected"),
    ],
)
def test_parse_refuses_near_misses_and_shows_the_shape(text: str, hint: str) -> None:
    with pytest.raises(StartedError) as caught:
        parse_started(text)
    assert hint in str(caught.value)
    assert "2026-05-29T14:30:00.000+0200" in str(caught.value)
    assert not is_valid_started(text)


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30T14:30:00.000+0200",
        "2026-13-01T14:30:00.000+0200",
        "2026-05-29T24:00:00.000+0200",
        "2026-05-29T14:60:00.000+0200",
        "2026-05-29T14:30:00.000+2400",
        "2026-05-29T14:30:00.000+0160",
        "0000-01-01T00:00:00.000+0000",
    ],
)
def test_parse_refuses_impossible_values(text: str) -> None:
    with pytest.raises(StartedError):
        parse_started(text)
    assert not is_valid_started(text)


@settings(max_examples=300)
@given(st.text(st.sampled_from("0123456789-T:.+Z "), max_size=32) | st.text(max_size=32))
def test_parse_only_ever_raises_started_error(text: str) -> None:
    try:
        parsed = parse_started(text)
    except StartedError:
        assert not is_valid_started(text)
    else:
        assert JIRA_SHAPE.fullmatch(text)
        assert format_started(parsed) == text.replace("-0000", "+0000")


# --- zoned ---------------------------------------------------------------------------------------


def test_spring_forward_gap_moves_forward_by_the_gap() -> None:
    result = zoned(date(2026, 3, 29), time(2, 30), BERLIN)
    assert format_started(result) == "2026-03-29T03:30:00.000+0200"
    assert result.tzinfo is BERLIN


def test_gap_in_a_thirty_minute_dst_zone() -> None:
    # Lord Howe springs forward from 02:00 to 02:30 on 2026-10-04.
    result = zoned(date(2026, 10, 4), time(2, 10), ZoneInfo("Australia/Lord_Howe"))
    assert format_started(result) == "2026-10-04T02:40:00.000+1100"


def test_fall_back_takes_the_first_occurrence() -> None:
    result = zoned(date(2026, 10, 25), time(2, 30), BERLIN)
    assert result.fold == 0
    assert format_started(result) == "2026-10-25T02:30:00.000+0200"
    second = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=1)
    assert result.astimezone(UTC) < second.astimezone(UTC)


def test_fold_on_the_input_time_is_ignored() -> None:
    result = zoned(date(2026, 10, 25), time(2, 30, fold=1), BERLIN)
    assert format_started(result).endswith("+0200")


def test_a_skipped_day_moves_to_the_next_day() -> None:
    # Samoa jumped from 2011-12-29 to 2011-12-31.
    result = zoned(date(2011, 12, 30), time(12), ZoneInfo("Pacific/Apia"))
    assert format_started(result) == "2011-12-31T12:00:00.000+1400"


def test_zoned_refuses_an_aware_time() -> None:
    with pytest.raises(StartedError):
        zoned(date(2026, 1, 1), time(9, tzinfo=UTC), BERLIN)


@settings(max_examples=300, deadline=None)
@given(day=days, at=wall_times, zone=zones)
def test_zoned_uses_that_dates_offset_or_skips_the_gap(day: date, at: time, zone: ZoneInfo) -> None:
    result = zoned(day, at, zone)
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=zone, fold=0)
    exists = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive
    if exists:
        assert result.replace(tzinfo=None) == naive
        assert result.utcoffset() == first.utcoffset()
        assert same_instant(result, first)
    else:
        # Moved forward by exactly the gap: the offset after minus the offset before.
        before, after = first.utcoffset(), result.utcoffset()
        assert before is not None and after is not None
        gap = after - before
        assert gap > timedelta(0)
        assert result.replace(tzinfo=None) == naive + gap
    assert result.fold == 0
    assert result.tzinfo is zone


@settings(max_examples=200, deadline=None)
@given(day=days, zone=zones)
def test_default_start_lands_on_its_own_day_in_its_zone(day: date, zone: ZoneInfo) -> None:
    moment = zoned(day, DEFAULT_START, zone)
    assume(moment.date() == day)  # only a whole skipped day (Apia 2011) moves it
    assert local_day(moment, zone) == day


def test_midday_keeps_the_day_for_colleagues_to_the_west_where_midnight_would_not() -> None:
    day = date(2026, 5, 29)
    west = ZoneInfo("America/New_York")
    assert time(12, 0) == DEFAULT_START
    assert local_day(zoned(day, DEFAULT_START, BERLIN), west) == day
    assert local_day(zoned(day, time(0), BERLIN), west) == day - timedelta(days=1)


# --- local_day ------------------------------------------------------------------------------------


def test_local_day_buckets_an_instant_by_zone() -> None:
    moment = parse_started("2026-05-29T23:30:00.000+0000")
    assert local_day(moment, ZoneInfo("UTC")) == date(2026, 5, 29)
    assert local_day(moment, BERLIN) == date(2026, 5, 30)
    assert local_day(moment, ZoneInfo("America/Los_Angeles")) == date(2026, 5, 29)
    assert local_day(parse_started("2026-05-29T01:00:00.000+0200"), ZoneInfo("UTC")) == date(
        2026, 5, 28
    )


def test_local_day_refuses_naive_datetimes() -> None:
    # A naive value would silently be read in the host's zone, the bug this module exists for.
    with pytest.raises(StartedError):
        local_day(datetime(2026, 5, 29, 12), BERLIN)


# --- zones ----------------------------------------------------------------------------------------


def test_resolve_zone_by_name_and_fallbacks() -> None:
    assert resolve_zone("Europe/Berlin") == BERLIN
    assert resolve_zone("  Asia/Kathmandu ").key == "Asia/Kathmandu"
    assert resolve_zone(None).key == "UTC"
    assert resolve_zone("").key == "UTC"
    assert resolve_zone(None, fallback="Europe/Paris").key == "Europe/Paris"


@pytest.mark.parametrize(
    "name",
    ["Mars/Olympus", "europe/berlin", "Europe", "Europe/", "../etc/passwd", "/etc/localtime"],
)
def test_unknown_zones_get_a_clear_error(name: str) -> None:
    with pytest.raises(UnknownZoneError, match="unknown time zone .* IANA name"):
        resolve_zone(name)
    assert issubclass(UnknownZoneError, ValueError)


def test_an_unknown_fallback_is_also_reported() -> None:
    with pytest.raises(UnknownZoneError, match="Nowhere/Town"):
        resolve_zone(None, fallback="Nowhere/Town")


# --- epoch milliseconds ---------------------------------------------------------------------------


def test_epoch_ms_examples() -> None:
    assert epoch_ms(datetime(1970, 1, 1, tzinfo=UTC)) == 0
    assert epoch_ms(parse_started("2026-05-29T14:30:00.000+0000")) == 1_780_065_000_000
    assert epoch_ms(parse_started("2026-05-29T16:30:00.000+0200")) == 1_780_065_000_000
    # Before 1970 the value floors, so a window's start never moves later.
    assert epoch_ms(datetime(1969, 12, 31, 23, 59, 59, 999_500, tzinfo=UTC)) == -1
    assert from_epoch_ms(-1) == datetime(1969, 12, 31, 23, 59, 59, 999_000, tzinfo=UTC)
    assert from_epoch_ms(0).tzinfo is UTC


def test_epoch_ms_respects_fold() -> None:
    first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=0)
    second = first.replace(fold=1)
    assert epoch_ms(second) - epoch_ms(first) == 3_600_000


def test_epoch_ms_refuses_naive_datetimes() -> None:
    with pytest.raises(StartedError):
        epoch_ms(datetime(2026, 5, 29))


@settings(max_examples=200, deadline=None)
@given(aware_ms)
def test_epoch_ms_round_trips(moment: datetime) -> None:
    back = from_epoch_ms(epoch_ms(moment))
    assert same_instant(back, moment)
    assert back.tzinfo is UTC


@given(st.integers(min_value=-(10**13), max_value=10**14))
def test_from_epoch_ms_round_trips(ms: int) -> None:
    assert epoch_ms(from_epoch_ms(ms)) == ms
