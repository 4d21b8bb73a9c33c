"""Plans to fill a week: last week copied onto this one, a day's gap, and items' states."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from tuiws.domain.fill_plan import FillPlan, PlanItem, copy_week, day_gaps, gap_plan
from tuiws.domain.models import Issue, User, Worklog
from tuiws.domain.started import DEFAULT_START, zoned
from tuiws.domain.timesheet import Week, build_week

ME = User(account_id="me", display_name="Me")
ISSUES = [Issue(id=str(n), key=f"PLAT-{n}", summary=f"Task {n}") for n in range(1, 4)]
ZONE = ZoneInfo("Europe/Berlin")
LAST = date(2026, 11, 23)
THIS = LAST + timedelta(days=7)

# A worklog: (issue index, weekday, start in quarter hours from 06:00, minutes, comment).
Entry = tuple[int, int, int, int, str]
entries = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.integers(0, 6),
        st.integers(0, 40),
        st.integers(1, 240),
        st.sampled_from(["", "standup", "review"]),
    ),
    max_size=12,
)


def week_of(start: date, items: list[Entry], first_id: int = 0) -> Week:
    worklogs = [
        Worklog(
            id=str(first_id + n),
            issue_id=ISSUES[i].id,
            issue_key=ISSUES[i].key,
            author=ME,
            started=zoned(start + timedelta(days=d), time(6 + q // 4, 15 * (q % 4)), ZONE),
            time_spent_seconds=m * 60,
            comment_text=c,
        )
        for n, (i, d, q, m, c) in enumerate(items)
    ]
    return build_week(ME, start, ZONE, ISSUES, worklogs)


def identity(item: PlanItem) -> tuple[str, date, time, int, str]:
    return (item.issue_key, item.day, item.start, item.seconds, item.comment)


def test_copy_keeps_rows_weekdays_starts_durations_and_comments() -> None:
    source = week_of(LAST, [(0, 0, 12, 90, "standup"), (1, 2, 4, 30, "")])
    plan = copy_week(source, THIS)
    assert [identity(i) for i in plan.items] == [
        ("PLAT-1", THIS, time(9, 0), 5400, "standup"),
        ("PLAT-2", THIS + timedelta(days=2), time(7, 0), 1800, ""),
    ]
    assert all(i.state == "pending" for i in plan.items)
    assert plan.items[0].summary == "Task 1"
    draft = plan.items[0].draft(ZONE)
    assert draft.started == zoned(THIS, time(9), ZONE) and draft.comment == "standup"


def test_an_identical_worklog_already_there_is_not_proposed_again() -> None:
    source = week_of(LAST, [(0, 0, 12, 90, "standup"), (1, 2, 4, 30, "")])
    existing = week_of(THIS, [(0, 0, 12, 90, "standup"), (1, 2, 4, 45, "")], first_id=100)
    plan = copy_week(source, THIS, existing)
    # The first is there already; the second differs in duration, so it is proposed.
    assert [identity(i) for i in plan.items] == [
        ("PLAT-2", THIS + timedelta(days=2), time(7, 0), 1800, "")
    ]


@settings(max_examples=60, deadline=None)
@given(last=entries, this=entries)
def test_copy_sums_match_and_nothing_duplicates_what_exists(
    last: list[Entry], this: list[Entry]
) -> None:
    source = week_of(LAST, last)
    existing = week_of(THIS, this, first_id=1000)
    plan = copy_week(source, THIS, existing)
    have = {
        (i, THIS + timedelta(days=d), time(6 + q // 4, 15 * (q % 4)), m * 60, c)
        for i, d, q, m, c in this
    }
    proposed = [identity(p) for p in plan.items]
    assert len(proposed) == len(set(proposed))  # no proposal twice
    for key, day, start, seconds, comment in proposed:
        index = int(key.split("-")[1]) - 1
        assert (index, day, start, seconds, comment) not in have
    # Every distinct source worklog is proposed unless an identical one exists: the sums add up.
    wanted = {
        (i, THIS + timedelta(days=d), time(6 + q // 4, 15 * (q % 4)), m * 60, c)
        for i, d, q, m, c in last
    }
    expected = sum(s for (_, _, _, s, _) in wanted - have)
    assert sum(p.seconds for p in plan.items) == expected
    # Weekends only when last week had them; every day is the same weekday as its source.
    source_days = {d for _, d, _, _, _ in last}
    assert {(p.day - THIS).days for p in plan.items} <= source_days
    if not any(d >= 5 for d in source_days):
        assert all(p.day.weekday() < 5 for p in plan.items)


def test_gaps_are_never_negative_and_nothing_on_a_day_that_needs_nothing() -> None:
    required = {THIS: 8 * 3600, THIS + timedelta(days=1): 8 * 3600, THIS + timedelta(days=5): 0}
    logged = {THIS: 9 * 3600, THIS + timedelta(days=1): 3 * 3600}
    assert day_gaps(required, logged) == {
        THIS: 0,
        THIS + timedelta(days=1): 5 * 3600,
        THIS + timedelta(days=5): 0,
    }


@settings(max_examples=60, deadline=None)
@given(this=entries, need_minutes=st.integers(0, 600), weekday=st.integers(0, 6))
def test_a_gap_plan_fills_the_day_exactly_to_its_required_seconds(
    this: list[Entry], need_minutes: int, weekday: int
) -> None:
    week = week_of(THIS, this)
    day = THIS + timedelta(days=weekday)
    required = {day: need_minutes * 60}
    plan = gap_plan(ISSUES[2], day, required, week)
    logged = week.day_totals[weekday]
    missing = max(0, need_minutes * 60 - logged)
    if missing == 0:
        assert plan.items == ()
        return
    (item,) = plan.items
    assert item.day == day and item.issue_key == "PLAT-3" and item.summary == "Task 3"
    assert item.seconds == missing  # whole minutes in, whole minutes out
    end = item.started(ZONE) + timedelta(seconds=item.seconds)
    assert end.astimezone(ZONE).date() == day or item.start == DEFAULT_START


def test_a_gap_starts_when_the_days_last_worklog_ends_and_is_rounded() -> None:
    week = week_of(THIS, [(0, 0, 12, 90, ""), (1, 0, 0, 60, "")])  # 09:00-10:30, 06:00-07:00
    plan = gap_plan(ISSUES[2], THIS, {THIS: 8 * 3600}, week, round_minutes=15, round_mode="up")
    (item,) = plan.items
    assert item.start == time(10, 30)
    assert item.seconds == 5 * 3600 + 30 * 60
    odd = gap_plan(ISSUES[2], THIS, {THIS: 8 * 3600 + 7 * 60}, week, round_minutes=15)
    assert odd.items[0].seconds == 5 * 3600 + 30 * 60  # 5 h 37 m to the nearest quarter
    empty = week_of(THIS, [])
    assert gap_plan(ISSUES[0], THIS, {THIS: 3600}, empty).items[0].start == DEFAULT_START


def test_dropping_and_states_decide_what_a_retry_sends() -> None:
    base = PlanItem(issue_key="PLAT-1", day=THIS, start=time(9), seconds=3600)
    plan = FillPlan(
        (
            replace(base, state="sent", worklog_id="7"),
            replace(base, state="failed", message="no"),
            replace(base, state="unknown"),
            replace(base, state="queued"),
            base,
        )
    ).drop(4)
    assert plan.waiting == [1, 2, 3]
    assert len(plan.live) == 4 and plan.count("dropped") == 1
    assert plan.seconds_by_day() == {THIS: 4 * 3600}
    assert not plan.done and FillPlan((replace(base, state="sent"),)).done
