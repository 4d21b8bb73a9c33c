"""The team week as pure data: per-person zones (DST included), flags, totals, the JSON shape."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from tuiws.domain.models import Issue, User, Worklog
from tuiws.domain.team import Member, TeamRules, build_team_week

MONDAY = date(2026, 3, 23)  # Europe changes to summer time on Sunday the 29th; US already did
ISSUE = Issue(id="10001", key="INT-1", summary="Meetings")
OTHER = Issue(id="10002", key="PLAT-7", summary="Refactor the billing API")
ids = count(1)

ANA = User(account_id="acc-ana", display_name="Ana", time_zone="Europe/Berlin")
BEN = User(name="ben", display_name="Ben", time_zone="America/Los_Angeles")
KAI = User(account_id="acc-kai", display_name="Kai", time_zone="Pacific/Auckland")


def worklog(
    who: User,
    started: datetime,
    seconds: int = 3600,
    issue: Issue = ISSUE,
    created: datetime | None = None,
) -> Worklog:
    return Worklog(
        id=str(next(ids)),
        issue_id=issue.id,
        issue_key=issue.key,
        author=who,
        started=started,
        time_spent_seconds=seconds,
        created=created,
    )


def member(user: User) -> Member:
    return Member(user, ZoneInfo(user.time_zone or "UTC"))


def test_each_person_gets_their_own_days() -> None:
    # One instant: Monday 23:30 in Berlin, Monday 15:30 in LA, Tuesday 11:30 in Auckland.
    moment = datetime(2026, 3, 23, 22, 30, tzinfo=UTC)
    logs = [worklog(ANA, moment), worklog(BEN, moment), worklog(KAI, moment)]
    team = build_team_week("core", MONDAY, [member(ANA), member(BEN), member(KAI)], [ISSUE], logs)
    assert [r.seconds[:2] for r in team.rows] == [[3600, 0], [3600, 0], [0, 3600]]
    assert team.day_totals[:2] == [7200, 3600] and team.total_seconds == 3 * 3600


def test_outsiders_duplicates_unknown_issues_and_other_weeks_are_ignored() -> None:
    inside = worklog(ANA, datetime(2026, 3, 24, 9, tzinfo=UTC))
    logs = [
        inside,
        inside,  # an issue reached through two searches
        worklog(BEN, datetime(2026, 3, 24, 17, tzinfo=UTC)),  # not a member
        worklog(ANA, datetime(2026, 3, 24, 9, tzinfo=UTC), issue=OTHER),  # issue not loaded
        worklog(ANA, datetime(2026, 3, 30, 9, tzinfo=UTC)),  # next week
    ]
    team = build_team_week("core", MONDAY, [member(ANA), member(ANA)], [ISSUE], logs)
    (row,) = team.rows
    assert row.seconds == [0, 3600, 0, 0, 0, 0, 0]


def test_flags() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    logs = [
        worklog(ANA, datetime(2026, 3, 23, 9, tzinfo=berlin), 8 * 3600),
        worklog(ANA, datetime(2026, 3, 24, 9, tzinfo=berlin), 3600),
        worklog(
            ANA,
            datetime(2026, 3, 25, 8, tzinfo=berlin),
            11 * 3600,
            created=datetime(2026, 3, 27, 8, 1, tzinfo=berlin),  # 48 h and a minute later
        ),
        worklog(ANA, datetime(2026, 3, 28, 10, tzinfo=berlin), 1800),
    ]
    rules = TeamRules(now=datetime(2026, 3, 26, 10, tzinfo=berlin))
    team = build_team_week("core", MONDAY, [member(ANA)], [ISSUE], logs, rules)
    assert team.rows[0].flags == (
        (),
        ("under",),
        ("over", "late"),
        ("under",),  # today, so far
        (),  # tomorrow is not judged yet
        ("weekend",),
        (),
    )
    strict = TeamRules(required_seconds=9 * 3600, ceiling_seconds=12 * 3600, now=rules.now)
    team = build_team_week("core", MONDAY, [member(ANA)], [ISSUE], logs, strict)
    assert team.rows[0].flags[:3] == (("under",), ("under",), ("late",))
    lenient = TeamRules(late_after=timedelta(days=3), now=rules.now)
    team = build_team_week("core", MONDAY, [member(ANA)], [ISSUE], logs, lenient)
    assert team.rows[0].flags[2] == ("over",)


def test_json_shape() -> None:
    logs = [worklog(ANA, datetime(2026, 3, 23, 9, tzinfo=UTC), 5400)]
    team = build_team_week("core", MONDAY, [member(ANA), member(BEN)], [ISSUE], logs)
    assert team.to_json() == {
        "team": "core",
        "weekStart": "2026-03-23",
        "days": [(MONDAY + timedelta(days=n)).isoformat() for n in range(7)],
        "rows": [
            {
                "user": {"accountId": "acc-ana", "displayName": "Ana", "zone": "Europe/Berlin"},
                "seconds": [5400, 0, 0, 0, 0, 0, 0],
                "totalSeconds": 5400,
                "flags": [[] for _ in range(7)],
                "locked": [None] * 7,
            },
            {
                "user": {"name": "ben", "displayName": "Ben", "zone": "America/Los_Angeles"},
                "seconds": [0] * 7,
                "totalSeconds": 0,
                "flags": [[] for _ in range(7)],
                "locked": [None] * 7,
            },
        ],
        "dayTotals": [5400, 0, 0, 0, 0, 0, 0],
        "totalSeconds": 5400,
    }


def test_a_row_opens_as_that_persons_week() -> None:
    la = ZoneInfo("America/Los_Angeles")
    logs = [
        worklog(BEN, datetime(2026, 3, 23, 21, tzinfo=la), 1800),
        worklog(BEN, datetime(2026, 3, 24, 9, tzinfo=la), 3600, issue=OTHER),
    ]
    team = build_team_week("core", MONDAY, [member(BEN)], [ISSUE, OTHER], logs)
    week = team.week_for("ben")
    assert week.zone == la and week.user == BEN
    assert {r.issue.key: r.seconds[:2] for r in week.rows} == {
        "INT-1": [1800, 0],
        "PLAT-7": [0, 3600],
    }
    assert week.total_seconds == team.rows[0].total_seconds


ZONES = st.sampled_from(
    [
        "UTC",
        "Europe/Berlin",
        "America/Los_Angeles",
        "America/Sao_Paulo",
        "Australia/Sydney",
        "Pacific/Auckland",
        "Asia/Kolkata",
        "Pacific/Chatham",
        "Australia/Lord_Howe",
    ]
)
# Weeks around the spring and autumn DST changes on both hemispheres.
MONDAYS = st.sampled_from([date(2026, 3, 23), date(2026, 3, 30), date(2026, 10, 26)])


@settings(max_examples=60, deadline=None)
@given(
    zones=st.lists(ZONES, min_size=1, max_size=4),
    monday=MONDAYS,
    offsets=st.lists(st.integers(min_value=-36 * 60, max_value=(7 * 24 + 36) * 60), max_size=20),
)
def test_bucketing_matches_each_persons_local_calendar(
    zones: list[str], monday: date, offsets: list[int]
) -> None:
    people = [
        User(account_id=f"acc-{n}", display_name=f"P{n}", time_zone=z) for n, z in enumerate(zones)
    ]
    base = datetime.combine(monday, datetime.min.time(), tzinfo=UTC)
    logs = [
        worklog(people[n % len(people)], base + timedelta(minutes=m), 60 + n)
        for n, m in enumerate(offsets)
    ]
    team = build_team_week("t", monday, [member(p) for p in people], [ISSUE], logs)
    for row in team.rows:
        zone = ZoneInfo(row.user.time_zone or "UTC")
        want = [0] * 7
        for w in logs:
            offset = (w.started.astimezone(zone).date() - monday).days
            if w.author == row.user and 0 <= offset < 7:
                want[offset] += w.time_spent_seconds
        assert row.seconds == want
        for day, cell in zip(team.days, row.worklogs, strict=True):
            assert all(w.started.astimezone(zone).date() == day for w in cell)
    assert team.total_seconds == sum(team.day_totals) == sum(r.total_seconds for r in team.rows)
