"""A team's week over real HTTP: right numbers per person and zone, in the fewest requests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import Harness
from tuiws.domain.started import zoned
from tuiws.domain.week import week_start
from tuiws.emulator.bigteam import add_big_team
from tuiws.emulator.seed import DEMO_GROUP, TEAM
from tuiws.services.session import Session
from tuiws.services.team import TeamService
from tuiws.services.team_spec import TeamError, TeamSpec

QUIET_MONDAY = date(2025, 3, 3)  # before the seeded history: only what a test adds


def ident_of(h: Harness, username: str) -> str:
    user = h.emulator.state.user_by(username)
    return user.account_id if h.emulator.flavor == "cloud" else user.name


def expected(h: Harness, username: str, start: date, zone: ZoneInfo) -> list[int]:
    """One person's day totals straight from the emulator's data, as far as the viewer sees."""
    state = h.emulator.state
    author = state.user_by(username).account_id
    out = [0] * 7
    for w in state.all_worklogs():
        offset = (w.started.astimezone(zone).date() - start).days
        visible = state.can_browse(state.demo_user, state.issue_of(w))
        if w.author == author and 0 <= offset < 7 and visible:
            out[offset] += w.time_spent_seconds
    return out


def paths(h: Harness, part: str) -> list[str]:
    return [r.path for r in h.emulator.requests if part in r.path]


async def test_group_team_matches_the_servers_data(session: Session, harness: Harness) -> None:
    service = TeamService(session)
    today = datetime.now(session.zone).date()
    for weeks_back in (0, 2):
        team = await service.load(
            TeamSpec("demo", group=DEMO_GROUP), today - timedelta(weeks=weeks_back)
        )
        assert len(team.rows) == len(TEAM)
        for row in team.rows:
            username = harness.emulator.state.user_by(row.user.ident).name
            profile = harness.emulator.state.user_by(username).time_zone
            assert row.zone.key == profile  # the demo user's session zone is her profile's
            assert row.seconds == expected(harness, username, team.start, row.zone), username
        assert team.total_seconds == sum(team.day_totals) > 0


async def test_week_costs_one_search_plus_the_feed_for_cut_lists(
    session: Session, harness: Harness
) -> None:
    state = harness.emulator.state
    start = week_start(datetime.now(session.zone).date())
    long_key = next(i.key for i in state.issues() if i.key.startswith("MOB"))
    for n in range(30):  # a long history, so the embedded list (20) is cut short
        started = zoned(start - timedelta(days=60 + n), time(10), ZoneInfo("UTC"))
        state.add_worklog(long_key, "jkim", started, 600)
    state.add_worklog(long_key, "jkim", zoned(start, time(9), ZoneInfo("UTC")), 1200)
    service = TeamService(session)
    people = await service.members(TeamSpec("demo", group=DEMO_GROUP))
    harness.emulator.clear_log()
    team = await service.load_people("demo", people, start)
    searches = paths(harness, "/search")
    fetches = [r for r in harness.emulator.requests if r.path.endswith("/worklog")]
    assert len(searches) == 1, searches
    fetched = [r.path.split("/")[-2] for r in fetches]
    assert len(fetched) == len(set(fetched)), "no issue is fetched twice"
    assert long_key in fetched
    assert all(len(state.worklogs_for(k)) > 20 for k in fetched)
    assert not paths(harness, "/user"), "zones come with the members, not one lookup each"
    for r in fetches:
        after, before = int(r.query["startedAfter"][0]), int(r.query["startedBefore"][0])
        assert 7 * 24 * 3600 * 1000 <= before - after <= 9 * 24 * 3600 * 1000
    # The other cut lists (INT-1..3) are proven whole by the change feed (one page, one
    # hydration); MOB-1's new entries are younger than a minute, which the feed leaves out.
    feed = [r.path.rsplit("/", 1)[-1] for r in harness.emulator.requests if "/worklog/" in r.path]
    assert feed == ["updated", "list"]
    assert fetched == [long_key]
    assert len(harness.emulator.requests) == 1 + len(feed) + len(fetches)
    assert team.row_for(ident_of(harness, "jkim")).seconds[0] >= 1200


async def test_members_by_id_email_or_username_cost_little(
    session: Session, harness: Harness
) -> None:
    state = harness.emulator.state
    idents = [ident_of(harness, p.username) for p in TEAM[1:6]] + [TEAM[6].email]
    harness.emulator.clear_log()
    people = await TeamService(session).members(TeamSpec.adhoc(idents))
    assert [p.display_name for p in people] == [p.display_name for p in TEAM[1:7]]
    assert all(p.time_zone for p in people)
    users = paths(harness, "/user")
    if harness.emulator.flavor == "cloud":
        # One bulk request for the five account ids, one search for the email.
        assert sorted(users) == ["/rest/api/3/user/bulk", "/rest/api/3/user/search"]
    else:
        assert len(users) == 6  # Server has no bulk look-up: one each, in parallel
    assert state.user_by(people[0].ident).name == TEAM[1].username


async def test_unknown_members_are_named(session: Session) -> None:
    with pytest.raises(TeamError, match="'nobody-here'"):
        await TeamService(session).members(TeamSpec.adhoc(["nobody-here", "me"]))


async def test_unknown_group_says_so(session: Session, harness: Harness) -> None:
    with pytest.raises(TeamError, match="no group 'ghosts'"):
        await TeamService(session).members(TeamSpec("x", group="ghosts"))
    assert [r.status for r in harness.emulator.requests if "group/member" in r.path] == [404]


async def test_group_members_are_paged(session: Session, harness: Harness) -> None:
    add_big_team(harness.emulator.state, QUIET_MONDAY, people=70, worklogs=0, group="crowd")
    harness.emulator.clear_log()
    people = await TeamService(session).members(TeamSpec("crowd", group="crowd"))
    assert len(people) == 70 == len({p.ident for p in people})
    pages = [r for r in harness.emulator.requests if "group/member" in r.path]
    assert [r.query["startAt"] for r in pages] == [["0"], ["50"]]


async def test_each_person_is_bucketed_in_their_own_zone(
    session: Session, harness: Harness
) -> None:
    state = harness.emulator.state
    la, sydney = ZoneInfo("America/Los_Angeles"), ZoneInfo("Australia/Sydney")
    # Monday 22:00 in Los Angeles is Tuesday in UTC; Monday 07:00 in Sydney is Sunday in UTC.
    state.add_worklog("INT-2", "jkim", datetime(2025, 3, 3, 22, tzinfo=la), 3600)
    state.add_worklog("INT-2", "cnguyen", datetime(2025, 3, 3, 7, tzinfo=sydney), 1800)
    team = await TeamService(session).load(
        TeamSpec.adhoc([ident_of(harness, "jkim"), ident_of(harness, "cnguyen")]), QUIET_MONDAY
    )
    kim, nguyen = team.rows
    assert kim.zone == la and kim.seconds == [3600, 0, 0, 0, 0, 0, 0]
    assert nguyen.zone == sydney and nguyen.seconds == [1800, 0, 0, 0, 0, 0, 0]
    assert team.day_totals[0] == 5400
    week = team.week_for(kim)  # the review screen's week, without another request
    assert [(r.issue.key, r.seconds[0]) for r in week.rows] == [("INT-2", 3600)]


async def test_late_entries_and_long_days_are_flagged(session: Session, harness: Harness) -> None:
    state = harness.emulator.state
    utc = ZoneInfo("UTC")  # Sam Okafor's zone
    tuesday = datetime(2025, 3, 4, 9, tzinfo=utc)
    state.add_worklog("INT-1", "sokafor", tuesday, 3600, created=tuesday + timedelta(days=3))
    wednesday = datetime(2025, 3, 5, 8, tzinfo=utc)
    state.add_worklog("INT-1", "sokafor", wednesday, 11 * 3600, created=wednesday)
    saturday = datetime(2025, 3, 8, 10, tzinfo=utc)
    state.add_worklog("INT-2", "sokafor", saturday, 1800, created=saturday + timedelta(hours=1))
    service = TeamService(session, clock=lambda: datetime(2025, 3, 6, 12, tzinfo=UTC))
    team = await service.load(TeamSpec.adhoc([ident_of(harness, "sokafor")]), QUIET_MONDAY)
    (row,) = team.rows
    assert row.flags == (
        ("under",),  # Monday, nothing logged
        ("under", "late"),  # 1 h, typed in three days later
        ("over",),  # 11 h
        ("under",),  # Thursday is today: still under
        (),  # Friday is still to come
        ("weekend",),
        (),
    )
    assert row.as_json()["flags"][1] == ["under", "late"]


@pytest.mark.parametrize(("worklogs", "most"), [(600, 8), (2500, 20)])
async def test_a_big_team_costs_a_handful_of_requests(
    session: Session, harness: Harness, worklogs: int, most: int
) -> None:
    """Issue 11: 25 people and 2,500 worklogs cold in at most 20 requests (36 per issue)."""
    big = add_big_team(harness.emulator.state, QUIET_MONDAY, people=25, worklogs=worklogs)
    service = TeamService(session)
    harness.emulator.clear_log()
    team = await service.load(TeamSpec("big", group=big.group), QUIET_MONDAY)
    requests = harness.emulator.requests
    truncated = {k for k in big.issue_keys if len(harness.emulator.state.worklogs_for(k)) > 20}
    per_issue = [r for r in requests if r.path.endswith("/worklog")]
    feed = [r.path.rsplit("/", 1)[-1] for r in requests if "/worklog/" in r.path]
    assert len(truncated) >= 4 and not per_issue, "the feed proved every cut list whole"
    assert feed[0] == "updated" and feed[-1] == "list"
    assert len(requests) <= most < 1 + 1 + len(truncated)  # members, search, one per cut list
    for row, person in zip(team.rows, big.people, strict=True):
        assert row.seconds == expected(harness, person.name, QUIET_MONDAY, row.zone)
    assert sum(len(day) for r in team.rows for day in r.worklogs) == worklogs


async def test_a_team_week_from_the_cache_matches_jira_with_no_request(
    session: Session, harness: Harness, tmp_path: Path
) -> None:
    from tuiws.services.cached_teams import cached_team_week
    from tuiws.services.sync import SyncService
    from tuiws.store.cache import WorklogCache

    service = TeamService(session)
    spec = TeamSpec("demo", group=DEMO_GROUP)
    today = datetime.now(session.zone).date()
    people = await service.members(spec)
    with WorklogCache(tmp_path / "cache.sqlite3") as cache:
        await SyncService(session, cache).sync()
        for weeks_back in (0, 1):
            day = today - timedelta(weeks=weeks_back)
            live = await service.load_people("demo", people, day)
            harness.emulator.clear_log()
            cached = cached_team_week(
                cache, "demo", people, day, zone_for=service.zone_for, rules=live.rules
            )
            assert harness.emulator.requests == []
            assert [(r.user.ident, r.seconds, r.flags) for r in cached.rows] == [
                (r.user.ident, r.seconds, r.flags) for r in live.rows
            ]
            assert cached.total_seconds == live.total_seconds > 0
