"""Locked days in the team week as pure data: each person's own, with why; flags kept (a
week submitted short stays `under`, so a lead sees it before approving); the JSON's list."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_team import ANA, BEN, ISSUE, MONDAY, member, worklog
from tuiws.domain.models import User
from tuiws.domain.render import team_locked_legend, team_table
from tuiws.domain.team import Member, TeamRules, build_team_week
from tuiws.domain.week_view import LOCKED

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = [MONDAY + timedelta(days=n) for n in range(7)]
SUBMITTED, APPROVED = "submitted for approval", "approved"


def rules(locked: Mapping[str, Mapping[date, str]]) -> TeamRules:
    return TeamRules(now=datetime(2026, 3, 26, 10, tzinfo=BERLIN), locked_by_person=locked)


def test_each_person_gets_their_own_locked_days_and_why() -> None:
    locked = {
        ANA.ident: dict.fromkeys(WEEK, APPROVED),
        BEN.ident: {WEEK[0]: SUBMITTED, WEEK[0] - timedelta(days=1): SUBMITTED},
    }
    team = build_team_week("core", MONDAY, [member(ANA), member(BEN)], [ISSUE], [], rules(locked))
    ana, ben = team.rows
    assert ana.locked == (APPROVED,) * 7
    assert ben.locked == (SUBMITTED, *[None] * 6)  # the Sunday before is not in the week
    assert team.locked_reasons == (APPROVED, SUBMITTED)
    assert team.locked_for(ben) == {WEEK[0]: SUBMITTED}
    assert [row["locked"] for row in team.to_json()["rows"]] == [
        [APPROVED] * 7,
        [SUBMITTED, *[None] * 6],
    ]


def test_a_locked_day_keeps_its_flags() -> None:
    logs = [
        worklog(ANA, datetime(2026, 3, 23, 9, tzinfo=BERLIN), 8 * 3600),
        worklog(ANA, datetime(2026, 3, 24, 9, tzinfo=BERLIN), 3600),
        worklog(ANA, datetime(2026, 3, 28, 9, tzinfo=BERLIN), 1800),
    ]
    open_week = build_team_week("core", MONDAY, [member(ANA)], [ISSUE], logs, rules({}))
    submitted = rules({ANA.ident: dict.fromkeys(WEEK, SUBMITTED)})
    locked_week = build_team_week("core", MONDAY, [member(ANA)], [ISSUE], logs, submitted)
    assert locked_week.rows[0].flags == open_week.rows[0].flags
    assert locked_week.rows[0].flags[1] == ("under",)  # submitted an hour short: still shown
    assert locked_week.rows[0].flags[5] == ("weekend",)
    assert open_week.rows[0].locked == (None,) * 7 and open_week.locked_reasons == ()


def test_the_rules_say_why_a_day_is_locked() -> None:
    locked = rules({ANA.ident: {WEEK[2]: APPROVED}})
    assert locked.locked_on(ANA.ident, WEEK[2]) == APPROVED
    assert locked.locked_on(ANA.ident, WEEK[3]) is None
    assert locked.locked_on(BEN.ident, WEEK[2]) is None
    assert locked.required_on(ANA.ident, WEEK[2]) == 8 * 3600  # the lock changes no target


REASONS = st.sampled_from([None, SUBMITTED, APPROVED])


@settings(max_examples=60, deadline=None)
@given(
    people=st.lists(
        st.tuples(
            st.lists(st.integers(min_value=0, max_value=14 * 4), min_size=7, max_size=7),
            st.lists(REASONS, min_size=7, max_size=7),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_the_table_keeps_its_columns_and_marks_each_locked_day_once(
    people: list[tuple[list[int], list[str | None]]],
) -> None:
    users = [User(account_id=f"acc-{n}", display_name=f"P{n}") for n in range(len(people))]
    logs = [
        worklog(user, datetime.combine(day, time(9), tzinfo=UTC), quarters * 900)
        for user, (hours, _) in zip(users, people, strict=True)
        for day, quarters in zip(WEEK, hours, strict=True)
        if quarters
    ]
    locked = {
        u.ident: {d: why for d, why in zip(WEEK, reasons, strict=True) if why}
        for u, (_, reasons) in zip(users, people, strict=True)
    }
    members = [Member(u, ZoneInfo("UTC")) for u in users]
    team = build_team_week("t", MONDAY, members, [ISSUE], logs, rules(locked))
    lines = team_table(team).splitlines()
    grid = lines[1 : 2 + len(users) + 1]  # the header, each person, the totals
    assert len({display_width(line) for line in grid}) == 1, grid
    for line, (_, reasons) in zip(grid[1:-1], people, strict=True):
        assert line.count(LOCKED) == sum(1 for why in reasons if why)
    reasons_shown = {why for _, reasons in people for why in reasons if why}
    assert (team_locked_legend(team) is None) == (not reasons_shown)
    assert (LOCKED in lines[-1]) == bool(reasons_shown)


def display_width(line: str) -> int:
    return len(line) + line.count("⌛")  # drawn two cells wide
