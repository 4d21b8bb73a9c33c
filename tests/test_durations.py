"""Durations: what people type, what Jira means by it, and how seconds are shown back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuiws.domain.durations import (
    DurationError,
    format_decimal_hours,
    format_duration,
    format_hours_minutes,
    parse_duration,
)
from tuiws.domain.models import TimeTracking

H = 3600
M = 60
SHORT_DAYS = TimeTracking(hours_per_day=7.5, days_per_week=5)
TRACKINGS = [
    TimeTracking(),
    SHORT_DAYS,
    TimeTracking(hours_per_day=6, days_per_week=4),
    TimeTracking(hours_per_day=8, days_per_week=4.5),
    TimeTracking(hours_per_day=24, days_per_week=7),
]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1h 30m", 90 * M),
        ("1h30m", 90 * M),
        ("90m", 90 * M),
        ("1.5h", 90 * M),
        ("1,5h", 90 * M),
        ("1:30", 90 * M),
        ("0:45", 45 * M),
        ("12:05", 12 * H + 5 * M),
        ("2d", 16 * H),
        ("1w", 40 * H),
        ("1w 2d 3h 4m", 40 * H + 16 * H + 3 * H + 4 * M),
        ("1H 30M", 90 * M),
        ("1W2D", 56 * H),
        ("  2h\t", 2 * H),
        ("30m 1h", 90 * M),
        ("4m 3h 2d 1w", 40 * H + 16 * H + 3 * H + 4 * M),
        ("1 h 30 m", 90 * M),
        ("0h 1m", M),
        ("1m", M),
        ("0.5d", 4 * H),
        ("007h", 7 * H),
    ],
)
def test_parse_accepts_the_usual_forms(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


def test_days_and_weeks_follow_the_instance_working_time() -> None:
    assert parse_duration("1d", SHORT_DAYS) == int(7.5 * H)
    assert parse_duration("1w", SHORT_DAYS) == int(37.5 * H)
    four_day_weeks = TimeTracking(hours_per_day=10, days_per_week=4)
    assert parse_duration("1w 1d", four_day_weeks) == 50 * H


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("0.1h", 6 * M),  # exactly 6 minutes
        ("1.01h", 61 * M),  # 60.6 minutes: nearest is 61
        ("0.025h", 2 * M),  # 1.5 minutes: halves round up
        ("1.5m", 2 * M),
        ("1.4m", M),
    ],
)
def test_fractions_round_to_the_nearest_minute(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["1", "1.5", "90", "1,5"])
def test_a_bare_number_is_refused_and_both_readings_offered(text: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    message = str(caught.value)
    assert f'"{text}" has no unit' in message
    assert f"{text}h" in message
    assert f"{text}m" in message


def test_the_bare_one_message_reads_naturally() -> None:
    with pytest.raises(DurationError, match=r"type 1h for 1 hour or 1m for 1 minute$"):
        parse_duration("1")


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_input_asks_for_a_duration(text: str) -> None:
    with pytest.raises(DurationError, match=r"^enter a duration such as 1h 30m$"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("30s", '"30s"'),
        ("1h 30s", '"30s"'),
        ("0m", '"0m"'),
        ("0.01h", '"0.01h"'),  # 36 s: the exact total is checked before rounding
        ("0:00", '"0:00"'),
        ("1h 2h", '"2h"'),
        ("1h 1H", '"1H"'),
        ("-1h", '"-1h"'),
        ("1h -30m", '"-30m"'),
        ("1h-30m", '"-30m"'),
        ("abc", '"abc"'),
        ("h", '"h"'),
        ("1x", '"1x"'),
        ("1hours", '"1hours"'),
        ("1h30", '"30"'),
        ("1.5.5h", '"1.5.5h"'),
        ("1h,30m", '",30m"'),
        ("1:75", '"1:75"'),
        ("1:5", '"1:5"'),
        ("1:30:00", '"1:30:00"'),
        ("1:30h", '"1:30h"'),
        ("\u0661h", '"\u0661h"'),  # Arabic-Indic one: only ASCII digits are numbers
        ("9999999999h", '"9999999999"'),
    ],
)
def test_bad_input_names_the_bad_part(text: str, named: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    assert named in str(caught.value)


def test_messages_say_what_to_type_instead() -> None:
    cases = {
        "30s": "1m",
        "1:75": "2:15",
        "1:5": "1:05",
        "-1h": "without the minus",
        "0m": "the minimum is 1m",
        "1h 2h": "write each unit once",
        "1x": "w (weeks), d (days), h (hours) or m (minutes)",
        "h": "a number before the unit",
    }
    for text, hint in cases.items():
        with pytest.raises(DurationError) as caught:
            parse_duration(text)
        assert hint in str(caught.value), text


def test_duration_error_is_a_value_error() -> None:
    assert issubclass(DurationError, ValueError)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0m"),
        (45 * M, "45m"),
        (90 * M, "1h 30m"),
        (2 * H, "2h"),
        (26 * H, "26h"),
        (200 * H + M, "200h 1m"),
        (-90 * M, "-1h 30m"),
    ],
)
def test_format_without_tracking_uses_hours_and_minutes_only(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "tracking", "text"),
    [
        (10 * H, TimeTracking(), "1d 2h"),
        (48 * H, TimeTracking(), "1w 1d"),
        (40 * H + 16 * H + 3 * H + 4 * M, TimeTracking(), "1w 2d 3h 4m"),
        (8 * H, SHORT_DAYS, "1d 30m"),
        (37.5 * H, SHORT_DAYS, "1w"),
        (5 * 8 * H, TimeTracking(hours_per_day=8, days_per_week=4.5), "1w 4h"),
    ],
)
def test_format_with_tracking_uses_weeks_and_days(
    seconds: float, tracking: TimeTracking, text: str
) -> None:
    assert format_duration(int(seconds), tracking) == text


def test_format_skips_a_day_that_is_not_whole_minutes() -> None:
    # 7.99 h is 479 min 24 s: "1d" could not be written back exactly, so hours are used.
    odd = TimeTracking(hours_per_day=7.99)
    assert format_duration(8 * H, odd) == "8h"
    assert format_duration(8 * H, TimeTracking(hours_per_day=0)) == "8h"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "1m"), (29, "1m"), (30, "1m"), (89, "1m"), (90, "2m"), (H + 29, "1h"), (H + 30, "1h 1m")],
)
def test_format_rounds_to_minutes_but_never_shows_zero_for_time_spent(
    seconds: int, text: str
) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (90 * M, "1:30"),
        (45 * M, "0:45"),
        (12 * H + 5 * M, "12:05"),
        (100 * H, "100:00"),
        (10, "0:01"),
        (H + 89, "1:01"),
        (-30 * M, "-0:30"),
    ],
)
def test_format_hours_minutes(seconds: int, text: str) -> None:
    assert format_hours_minutes(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0"),
        (90 * M, "1.5"),
        (45 * M, "0.75"),
        (2 * H, "2"),
        (20 * M, "0.33"),
        (50 * M, "0.83"),
        (10 * H + 6 * M, "10.1"),
        (M, "0.02"),
        (10, "0.01"),
        (-90 * M, "-1.5"),
    ],
)
def test_format_decimal_hours(seconds: int, text: str) -> None:
    assert format_decimal_hours(seconds) == text


whole_minutes = st.integers(min_value=1, max_value=10_000 * 60).map(lambda m: m * M)


@settings(max_examples=300)
@given(seconds=whole_minutes, tracking=st.sampled_from([None, *TRACKINGS]))
def test_format_then_parse_is_the_identity(seconds: int, tracking: TimeTracking | None) -> None:
    assert parse_duration(format_duration(seconds, tracking), tracking) == seconds


@settings(max_examples=200)
@given(
    parts=st.dictionaries(
        st.sampled_from("wdhm"), st.integers(min_value=0, max_value=500), min_size=1
    ),
    tracking=st.sampled_from(TRACKINGS),
    upper=st.booleans(),
    glue=st.sampled_from(["", " ", "  "]),
)
def test_any_order_and_case_of_parts_sums_the_parts(
    parts: dict[str, int], tracking: TimeTracking, upper: bool, glue: str
) -> None:
    size = {"w": tracking.seconds_per_week, "d": tracking.seconds_per_day, "h": H, "m": M}
    expected = sum(count * size[unit] for unit, count in parts.items())
    text = glue.join(f"{count}{unit.upper() if upper else unit}" for unit, count in parts.items())
    if expected < M:
        with pytest.raises(DurationError):
            parse_duration(text, tracking)
    else:
        assert parse_duration(text, tracking) == expected


@settings(max_examples=200)
@given(hours=st.integers(min_value=0, max_value=999), minutes=st.integers(0, 59))
def test_clock_form_matches_the_unit_form(hours: int, minutes: int) -> None:
    clock = f"{hours}:{minutes:02d}"
    if hours == minutes == 0:
        with pytest.raises(DurationError):
            parse_duration(clock)
    else:
        assert parse_duration(clock) == parse_duration(f"{hours}h {minutes}m")


@settings(max_examples=300)
@given(
    st.text(st.one_of(st.sampled_from("0123456789.,:-hmdwsHMDW x"), st.characters()), max_size=20)
)
def test_parse_only_ever_raises_duration_error(text: str) -> None:
    try:
        seconds = parse_duration(text)
    except DurationError as error:
        assert str(error)
    else:
        assert seconds >= M
        assert seconds % M == 0


@settings(max_examples=200)
@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_formats_agree_on_whole_minutes(seconds: int) -> None:
    # The grid cell and the Jira form must show the same rounded minute count.
    hours_text, minutes_text = format_hours_minutes(seconds).lstrip("-").split(":")
    shown = int(hours_text) * 60 + int(minutes_text)
    if seconds == 0:
        assert (format_duration(seconds), shown, format_decimal_hours(seconds)) == ("0m", 0, "0")
        return
    assert shown >= 1
    assert parse_duration(format_duration(abs(seconds))) == shown * M
    assert format_decimal_hours(seconds) != "0"
