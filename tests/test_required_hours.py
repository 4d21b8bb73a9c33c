"""The ▾ rule over per-day required seconds: a day that requires nothing (a Tempo holiday, a
day off) is never under, a half day needs half, a day to come is not judged; the team's
rules take each person's schedule and keep one figure for everyone else."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from tests.test_team import ANA, BEN, ISSUE, MONDAY, member, worklog
from tuiws.domain.team import TeamRules, build_team_week
from tuiws.domain.week import week_days
from tuiws.domain.week_view import (
    IssueLabel,
    WeekLine,
    WeekView,
    required_or_workday,
    under_required,
    workdays_of,
)

DAYS = week_days(MONDAY)
SECONDS = st.integers(min_value=0, max_value=12 * 3600)
REQUIRED = st.sampled_from([0, 4 * 3600, 6 * 3600, 8 * 3600])  # a holiday, half days, full


@given(seconds=SECONDS, required=REQUIRED, offset=st.integers(-10, 10))
def test_under_is_a_past_day_logged_below_what_it_requires(
    seconds: int, required: int, offset: int
) -> None:
    today = MONDAY + timedelta(days=3)
    day = today + timedelta(days=offset)
    under = under_required(seconds, required, day, today)
    assert under == (day <= today and seconds < required)
    if required == 0:
        assert not under  # a holiday or a day off is never under, whatever is logged


@given(
    schedule=st.lists(REQUIRED, min_size=7, max_size=7),
    logged=st.lists(SECONDS, min_size=7, max_size=7),
)
def test_team_flags_follow_the_persons_schedule_and_others_keep_one_figure(
    schedule: list[int], logged: list[int]
) -> None:
    zone = ZoneInfo(ANA.time_zone or "UTC")
    logs = [
        worklog(who, datetime.combine(d, time(10), tzinfo=zone), s)
        for d, s in zip(DAYS, logged, strict=True)
        if s
        for who in (ANA, BEN)
    ]
    rules = TeamRules(
        now=datetime.combine(DAYS[-1], time(23), tzinfo=UTC) + timedelta(days=1),
        required_by_person={ANA.ident: dict(zip(DAYS, schedule, strict=True))},
    )
    team = build_team_week("t", MONDAY, [member(ANA), member(BEN)], [ISSUE], logs, rules)
    ana, ben = team.row_for(ANA.ident), team.row_for(BEN.ident)
    for n, day in enumerate(DAYS):
        assert ("under" in ana.flags[n]) == (ana.seconds[n] < schedule[n])
        assert ("weekend" in ana.flags[n]) == (schedule[n] == 0 and ana.seconds[n] > 0)
        workday = day.weekday() < 5
        assert ("under" in ben.flags[n]) == (workday and ben.seconds[n] < 8 * 3600)
        assert ("weekend" in ben.flags[n]) == (not workday and ben.seconds[n] > 0)


def test_a_half_day_needs_half_and_the_week_target_sums_the_days() -> None:
    half = {MONDAY: 0, MONDAY + timedelta(days=1): 4 * 3600}  # a holiday, then a half day
    view = WeekView(MONDAY, (WeekLine(IssueLabel("INT-1", "Meetings"), (0,) * 7),), half)
    assert [view.required_on(d, 8 * 3600) // 3600 for d in DAYS] == [0, 4, 8, 8, 8, 0, 0]
    assert view.target_seconds(8 * 3600) == 28 * 3600
    assert WeekView(MONDAY, ()).target_seconds(8 * 3600) == 40 * 3600  # no schedule


@given(days=st.floats(min_value=-2, max_value=9, allow_nan=False))
def test_a_working_week_of_n_days_starts_on_monday(days: float) -> None:
    workdays = workdays_of(days)
    assert workdays == frozenset(range(min(7, max(0, round(days)))))
    for day in DAYS:
        expected = 3600 if day.weekday() in workdays else 0
        assert required_or_workday({}, day, 3600, workdays) == expected
        assert required_or_workday({day: 7}, day, 3600, workdays) == 7
