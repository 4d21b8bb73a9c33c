"""Locked days in the team week as pure data: each person's own, with why; flags kept (a
week submitted short stays `under`, so a lead sees it before approving); the JSON's list."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.test_team import ANA, BEN, ISSUE, MONDAY, member, worklog
from tuiws.domain.team import TeamRules, build_team_week

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
