"""The Worklog extender adapter over real HTTP on the emulated Jira Server: weeks equal to the
truth in the profile's zone, in the requests the plugin allows, and who it shows whom."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tuiws.app.demo import demo_profile
from tuiws.backends import extender
from tuiws.backends.base import WorklogQuery
from tuiws.backends.errors import BadReference, NotFound
from tuiws.backends.extender import ExtenderConnection, ExtenderWorklogs, NotAServer
from tuiws.backends.jira.connection import SERVER
from tuiws.backends.registry import Hooks, connection_for
from tuiws.config import ResolvedProfile, Secret
from tuiws.domain.models import User
from tuiws.domain.started import zoned
from tuiws.emulator import DEMO, KEYS, JiraEmulator, RecordedRequest
from tuiws.emulator.extender import api as extender_api
from tuiws.emulator.seed import TEAM
from tuiws.services.doctor import run_doctor
from tuiws.services.session import Session, connect
from tuiws.services.team import TeamService
from tuiws.services.weeks import WeekService

TODAY = date(2026, 5, 27)  # a Wednesday
MONDAY = TODAY - timedelta(days=TODAY.weekday())
EXTENDER_PATH = "/rest/extender/1.0/worklog/"


@dataclass
class Rig:
    emu: JiraEmulator
    profile: ResolvedProfile
    connection: ExtenderConnection
    session: Session

    @property
    def backend(self) -> ExtenderWorklogs:
        assert isinstance(self.session.backend, ExtenderWorklogs)
        return self.session.backend

    def plugin_calls(self) -> list[RecordedRequest]:
        return [r for r in self.emu.requests if r.path.startswith(EXTENDER_PATH)]


@asynccontextmanager
async def rig(signed_in: str | None = None, zone: str | None = None) -> AsyncIterator[Rig]:
    """A session on the Server emulator through the extender, signed in as `signed_in`."""
    with JiraEmulator("server", today=TODAY) as emu:
        profile = demo_profile(emu, zone=zone)
        if signed_in is not None:
            token = Secret(emu.state.token_for(signed_in), source="the bundled emulator")
            profile = replace(profile, token=token)
        async with extender.connection(profile, Hooks()) as connection:
            session = await connect(connection, profile)
            emu.clear_log()
            yield Rig(emu, profile, connection, session)


def truth(
    emu: JiraEmulator, username: str, zone: ZoneInfo, seen_by: Callable[[int], bool]
) -> dict[tuple[str, int], int]:
    """Seconds per (issue, weekday) of one person's week, from the emulator's data."""
    state = emu.state
    author = state.user_by(username).account_id
    out: dict[tuple[str, int], int] = {}
    for w in state.all_worklogs():
        offset = (w.started.astimezone(zone).date() - MONDAY).days
        if w.author == author and 0 <= offset < 7 and seen_by(w.id):
            key = (state.issue_of(w).key, offset)
            out[key] = out.get(key, 0) + w.time_spent_seconds
    return out


def near_midnights(emu: JiraEmulator, zone: ZoneInfo) -> None:
    """Entries minutes either side of the week's edges in `zone`: which UTC (server) day they
    fall on differs from their day in `zone`."""
    for day, at in (
        (MONDAY - timedelta(days=1), time(23, 40)),
        (MONDAY, time(0, 20)),
        (MONDAY + timedelta(days=6), time(23, 40)),
        (MONDAY + timedelta(days=7), time(0, 20)),
    ):
        emu.state.add_worklog("PLAT-2", DEMO.username, zoned(day, at, zone), 1200)


@pytest.mark.parametrize("zone_name", ["Pacific/Auckland", "America/Los_Angeles"])
async def test_my_week_is_the_truth_in_the_profile_zone_in_two_requests(zone_name: str) -> None:
    zone = ZoneInfo(zone_name)
    async with rig(zone=zone_name) as r:
        near_midnights(r.emu, zone)
        week = await WeekService(r.session).load(TODAY)
        requests = list(r.emu.requests)
        plugin = r.plugin_calls()
        got = {
            (row.issue.key, day): seconds
            for row in week.rows
            for day, seconds in enumerate(row.seconds)
            if seconds
        }
        assert got == truth(r.emu, DEMO.username, zone, lambda _: True)
    assert (got[("PLAT-2", 0)], got[("PLAT-2", 6)]) >= (1200, 1200)
    assert len(requests) <= 2, [r.path for r in requests]
    [week_list] = plugin
    assert week_list.path == f"{EXTENDER_PATH}user/{DEMO.username}"
    # One day more each side of the window's UTC days: right whatever the server's zone.
    first, last = week_list.query["dateFrom"][0], week_list.query["dateTo"][0]
    assert date.fromisoformat(first) <= MONDAY - timedelta(days=1)
    assert date.fromisoformat(last) >= MONDAY + timedelta(days=7)
    assert "formatDate" not in week_list.query and week_list.query["maxResults"] == ["1000"]


@pytest.mark.parametrize(
    ("bucket", "server_zone"),
    [("America/Los_Angeles", "Etc/GMT+12"), ("Pacific/Auckland", "Etc/GMT-14")],
)
async def test_the_server_days_reach_a_day_past_the_windows_own(
    bucket: str, server_zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The plugin cuts dateFrom/dateTo in the Jira server's zone, which the client cannot know:
    # here 12 hours behind UTC (Monday 00:20 in Los Angeles is Sunday there) or 14 ahead
    # (Sunday 23:40 in Auckland is Monday there). The days asked for are only the week's own.
    monkeypatch.setattr(extender_api, "SERVER_ZONE", ZoneInfo(server_zone))
    zone = ZoneInfo(bucket)
    async with rig(zone=zone.key) as r:
        near_midnights(r.emu, zone)
        after = zoned(MONDAY, time(), zone)
        before = zoned(MONDAY + timedelta(days=7), time(), zone)
        query = WorklogQuery(
            after=after, before=before, first_day=MONDAY, last_day=MONDAY + timedelta(days=6)
        )
        pull = await r.backend.by_authors([r.session.me], query)
    edges = {w.started.astimezone(zone) for w in pull.worklogs if w.issue_key == "PLAT-2"}
    assert zoned(MONDAY, time(0, 20), zone) in edges
    assert zoned(MONDAY + timedelta(days=6), time(23, 40), zone) in edges
    assert all(after <= w.started < before for w in pull.worklogs), "cut to the window"


async def test_an_admin_leads_team_week_costs_one_request_per_person() -> None:
    async with rig(KEYS.admin_username) as r:
        people = await r.session.directory.users([p.username for p in TEAM])
        assert len(people) == len(TEAM)
        team = TeamService(r.session)
        await r.backend.sees_everyone()  # asked once per session (doctor, or the first team week)
        r.emu.clear_log()
        week = await team.load_people("team", list(people.values()), TODAY)
        plugin = r.plugin_calls()
        others = [x for x in r.emu.requests if not x.path.startswith(EXTENDER_PATH)]
        rows = {row.user.name: row for row in week.rows}
        for person in TEAM:
            zone = team.zone_for(people[person.username])
            want = truth(r.emu, person.username, zone, lambda _: True)
            days = [0] * 7
            for (_, day), seconds in want.items():
                days[day] += seconds
            got = [sum(w.time_spent_seconds for w in d) for d in rows[person.username].worklogs]
            assert got == days, person.username
    assert sorted(x.path for x in plugin) == sorted(
        f"{EXTENDER_PATH}user/{p.username}" for p in TEAM
    )
    # Beside them only the issues' summaries (one search per 50 issues), never a worklog search.
    assert others and all("worklogAuthor" not in str(x.query) for x in others)
    assert all(x.path == "/rest/api/2/search" for x in others)


async def test_a_non_admin_reads_colleagues_through_jira() -> None:
    async with rig() as r:
        people = await r.session.directory.users([DEMO.username, "mwebb"])
        week = await TeamService(r.session).load_people("pair", list(people.values()), TODAY)
        plugin = r.plugin_calls()
        permission = [x for x in r.emu.requests if x.path == "/rest/api/2/mypermissions"]
        searches = [x for x in r.emu.requests if x.path == "/rest/api/2/search"]
        state = r.emu.state
        visible = {
            w.id
            for w in state.all_worklogs()
            if state.can_browse(state.demo_user, state.issue_of(w))
        }
        mwebb = next(row for row in week.rows if row.user.name == "mwebb")
        zone = ZoneInfo(state.user_by("mwebb").time_zone or "UTC")
        want = sum(truth(r.emu, "mwebb", zone, visible.__contains__).values())
        assert (
            want > 0 and sum(sum(w.time_spent_seconds for w in d) for d in mwebb.worklogs) == want
        )
        assert await r.backend.sees_everyone() is False
    assert [x.path for x in plugin] == [f"{EXTENDER_PATH}user/{DEMO.username}"]
    assert len(permission) == 1
    assert any("mwebb" in x.query["jql"][0] for x in searches)


async def test_an_admin_reads_an_issue_and_everyone_through_the_plugin() -> None:
    async with rig(KEYS.admin_username) as r:
        after = datetime.combine(MONDAY, time(), tzinfo=UTC)
        listed = await r.backend.issue_worklogs(KEYS.meetings, after, after + timedelta(days=7))
        whole = await r.backend.issue_worklogs(KEYS.meetings)
        query = WorklogQuery(after=after, before=None, first_day=MONDAY - timedelta(days=2))
        everyone = await r.backend.by_authors(None, query)
        paths = [x.path for x in r.plugin_calls()]
        jira = await r.backend.jira.issue_worklogs(KEYS.meetings, after, after + timedelta(days=7))
        state = r.emu.state
        started = {w.id for w in state.all_worklogs() if w.started >= after}
    assert {w.id for w in listed} == {w.id for w in jira} and len(
        {w.author.name for w in listed}
    ) > 1
    assert all(w.author.display_name != w.author.name for w in listed), "names come from Jira"
    assert len(whole) == len(state.worklogs_for(KEYS.meetings))
    assert {int(w.id) for w in everyone.worklogs} == started
    assert paths == [
        f"{EXTENDER_PATH}issue/{KEYS.meetings}",
        f"{EXTENDER_PATH}query",
        f"{EXTENDER_PATH}query",
    ]


async def test_usernames_and_keys_are_checked_before_a_url_is_built() -> None:
    async with rig(KEYS.admin_username) as r:
        query = WorklogQuery(
            after=datetime.combine(MONDAY, time(), tzinfo=UTC), before=None, first_day=MONDAY
        )
        await r.backend.sees_everyone()
        r.emu.clear_log()
        for name in ("..", "a\nb", " "):
            with pytest.raises(BadReference):
                await r.backend.by_authors([User(name=name)], query)
        with pytest.raises(BadReference):
            await r.backend.issue_worklogs("PLAT-1/../../myself", query.after, None)
        assert r.emu.requests == []
        with pytest.raises(NotFound):
            await r.backend.extender.user_worklogs("a/b?c", MONDAY, TODAY)
        [asked] = r.emu.requests
    assert asked.path == f"{EXTENDER_PATH}user/a%2Fb%3Fc", "one path segment, quoted whole"


@pytest.mark.parametrize(
    ("who", "says"),
    [(KEYS.admin_username, "Jira administrator"), (None, "not a Jira administrator")],
)
async def test_doctor_says_whose_worklogs_the_plugin_shows(who: str | None, says: str) -> None:
    async with rig(who) as r:
        report = await run_doctor(r.connection, r.profile, lambda: connect(r.connection, r.profile))
    assert report.ok, report.render()
    [visibility] = [c.detail for c in report.checks if c.name == "visibility"]
    [flavor] = [c.detail for c in report.checks if c.name == "flavor"]
    assert visibility.startswith(says) and "Worklog extender" in flavor


async def test_doctor_names_a_missing_plugin() -> None:
    async with rig() as r:
        r.emu.fail_next(1, 404, path_contains="/rest/extender/")
        report = await run_doctor(r.connection, r.profile, lambda: connect(r.connection, r.profile))
    [line] = [c for c in report.checks if c.name == "extender"]
    assert not line.ok and "no Worklog extender" in line.detail and 'worklogs = "jira"' in line.fix


async def test_a_cloud_profile_is_refused_with_the_reason() -> None:
    with JiraEmulator("cloud", today=TODAY) as emu:
        async with extender.connection(demo_profile(emu), Hooks()) as connection:
            with pytest.raises(NotAServer, match="Server/Data Center plugin"):
                await connection.open()


async def test_a_week_of_more_than_1000_worklogs_comes_in_pages_of_1000() -> None:
    async with rig() as r:
        key = r.emu.state.add_issue("PLAT", "Bulk import").key
        start = zoned(MONDAY, time(8), ZoneInfo("Europe/Berlin"))
        for n in range(1100):
            r.emu.state.add_worklog(key, DEMO.username, start + timedelta(minutes=n), 60)
        week = await WeekService(r.session).load(TODAY)
        pages = sorted(int(x.query["startAt"][0]) for x in r.plugin_calls())
        bulk = next(row for row in week.rows if row.issue.key == key)
    assert pages == [0, 1000]
    assert sum(len(day) for day in bulk.worklogs) == 1100


async def test_a_profile_with_worklogs_extender_gets_the_extender() -> None:
    with JiraEmulator("server", today=TODAY) as emu:
        profile = replace(demo_profile(emu), worklogs="extender")
        connection = connection_for(profile)
        assert isinstance(connection, ExtenderConnection) and emu.requests == []
        async with connection:
            _, backend = await connection.open()
    assert backend.capabilities == replace(SERVER, name="extender", label="server · extender")
