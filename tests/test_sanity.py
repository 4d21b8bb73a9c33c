"""Sanity checks before a write (issue 10): each doubt asked once, with its stable code, and
nothing asked of an ordinary day's work."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from tuiws.domain.models import User, Worklog, WorklogDraft
from tuiws.domain.sanity import (
    DAY_OVER_24H,
    DUPLICATE,
    ENTRY_OVER_12H,
    FAR_AHEAD,
    FAR_BACK,
    LIMITS,
    sanity_questions,
)
from tuiws.domain.started import zoned

ZONE = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 12, 2)
ME = User(account_id="me", display_name="Me")


def draft_on(day: date, at: time = time(9, 0), seconds: int = 3600, **kw: object) -> WorklogDraft:
    base = WorklogDraft(
        issue_key="PLAT-1", started=zoned(day, at, ZONE), time_spent_seconds=seconds, comment="x"
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def worklog_of(draft: WorklogDraft, ident: str = "1") -> Worklog:
    return Worklog(
        id=ident,
        issue_id="10",
        issue_key=draft.issue_key,
        author=ME,
        started=draft.started,
        time_spent_seconds=draft.time_spent_seconds,
        comment_text=draft.comment or "",
    )


def codes(draft: WorklogDraft, day: list[Worklog], original: Worklog | None = None) -> list[str]:
    found = sanity_questions(draft, day_worklogs=day, today=TODAY, zone=ZONE, original=original)
    return [q.code for q in found]


ordinary_days = st.integers(-LIMITS.days_back, LIMITS.days_ahead).map(
    lambda n: TODAY + timedelta(days=n)
)
minutes = st.integers(1, LIMITS.entry_seconds // 60).map(lambda m: m * 60)


@given(ordinary_days, minutes)
def test_an_ordinary_worklog_asks_nothing(day: date, seconds: int) -> None:
    assert codes(draft_on(day, seconds=seconds), []) == []


@given(st.integers(LIMITS.entry_seconds // 60 + 1, 7 * 24 * 60))
def test_one_worklog_over_12_hours_is_asked(minutes_spent: int) -> None:
    draft = draft_on(TODAY, time(0, 0), minutes_spent * 60)
    assert ENTRY_OVER_12H in codes(draft, [])
    [question] = [
        q
        for q in sanity_questions(draft, day_worklogs=[], today=TODAY, zone=ZONE)
        if q.code == ENTRY_OVER_12H
    ]
    assert "more than 12 h" in question.text


@given(st.lists(minutes, min_size=1, max_size=6), minutes)
def test_a_day_over_24_hours_is_asked_exactly_when_it_would_hold_more(
    earlier: list[int], seconds: int
) -> None:
    day = [
        worklog_of(draft_on(TODAY, time(0, n), s, comment=f"w{n}"), str(n))
        for n, s in enumerate(earlier)
    ]
    asked = DAY_OVER_24H in codes(draft_on(TODAY, time(8, 0), seconds), day)
    assert asked == (sum(earlier) + seconds > 24 * 3600)


def test_other_days_do_not_count_toward_the_day() -> None:
    yesterday = [worklog_of(draft_on(TODAY - timedelta(days=1), seconds=12 * 3600))] * 3
    assert codes(draft_on(TODAY), yesterday) == []


@given(st.integers(1, 4000))
def test_a_date_far_ahead_or_back_is_asked(beyond: int) -> None:
    ahead = draft_on(TODAY + timedelta(days=LIMITS.days_ahead + beyond))
    back = draft_on(TODAY - timedelta(days=LIMITS.days_back + beyond))
    assert codes(ahead, []) == [FAR_AHEAD]
    assert codes(back, []) == [FAR_BACK]


@given(st.text(max_size=20), st.sampled_from(["issue", "start", "duration", "comment"]))
def test_only_an_exact_duplicate_is_asked(comment: str, differ: str) -> None:
    draft = draft_on(TODAY, comment=comment)
    assert codes(draft, [worklog_of(draft, "42")]) == [DUPLICATE]
    changed = {
        "issue": {"issue_key": "PLAT-2"},
        "start": {"started": draft.started + timedelta(minutes=1)},
        "duration": {"time_spent_seconds": draft.time_spent_seconds + 60},
        "comment": {"comment": comment + "!"},
    }[differ]
    other = replace(draft, **changed)  # type: ignore[arg-type]
    assert DUPLICATE not in codes(other, [worklog_of(draft, "42")])


def test_the_duplicate_names_the_worklog_it_doubles() -> None:
    draft = draft_on(TODAY)
    [question] = sanity_questions(
        draft, day_worklogs=[worklog_of(draft, "42")], today=TODAY, zone=ZONE
    )
    assert question.text == (
        "PLAT-1 already has this worklog (worklog 42): Wed 2026-12-02 09:00, 1:00, "
        "the same comment."
    )


def test_an_edit_is_not_its_own_duplicate_nor_asked_what_was_already_true() -> None:
    long_one = draft_on(TODAY - timedelta(days=200), seconds=13 * 3600)
    original = worklog_of(long_one, "7")
    new_comment = replace(long_one, comment="changed")
    assert codes(new_comment, [original], original=original) == []
    longer = replace(long_one, time_spent_seconds=23 * 3600)
    assert codes(longer, [original], original=original) == []
    moved = replace(draft_on(TODAY + timedelta(days=30)), time_spent_seconds=13 * 3600)
    assert codes(moved, [original], original=original) == [FAR_AHEAD]


@given(
    st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(ZONE)
    ),
    st.integers(1, 7 * 24 * 60),
)
def test_every_question_has_a_known_code_and_words(started: datetime, minutes_spent: int) -> None:
    draft = WorklogDraft(issue_key="PLAT-1", started=started, time_spent_seconds=minutes_spent * 60)
    found = sanity_questions(draft, day_worklogs=[worklog_of(draft)], today=TODAY, zone=ZONE)
    assert len({q.code for q in found}) == len(found)
    assert DUPLICATE in {q.code for q in found}
    for q in found:
        assert q.code in {DAY_OVER_24H, ENTRY_OVER_12H, FAR_AHEAD, FAR_BACK, DUPLICATE}
        assert q.text.endswith(".") and str(q) == q.text
