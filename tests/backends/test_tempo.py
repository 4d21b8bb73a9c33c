"""The Tempo backend over real HTTP against the emulator's Tempo (v4 and core/3): weeks equal
to the truth in each author's zone, ids mapped in bulk, edits that keep what Tempo keeps,
refusals before any request, the limit of about five requests a second, and the 410."""

from __future__ import annotations

import asyncio
import time as wall
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tuiws.app.demo import demo_profile
from tuiws.backends import errors as e
from tuiws.backends.backoff import BackoffEvent, RetryPolicy
from tuiws.backends.base import IssueDirectory, RequestMeter, WorklogQuery, WorklogRef
from tuiws.backends.registry import Hooks, connection_for
from tuiws.backends.tempo.client import parse_tempo_url
from tuiws.backends.tempo.connection import TempoConnection, tempo_connection
from tuiws.backends.tempo.worklogs import TempoWorklogs
from tuiws.config import ConfigError, ResolvedProfile, Secret
from tuiws.config.vendors import VendorEndpoint
from tuiws.domain.drafts import CheckedDraft, DraftInvalid, check_draft
from tuiws.domain.models import TimeTracking, User, Worklog, WorklogDraft, WriteVerb
from tuiws.emulator import DEMO, JiraEmulator
from tuiws.emulator.seed import MEETINGS
from tuiws.emulator.tempo import tempo_store

TODAY = date(2026, 5, 27)  # a Wednesday
NOW = datetime(2026, 5, 27, 15, 0, tzinfo=UTC)
MONDAY = TODAY - timedelta(days=TODAY.weekday())
SUNDAY = MONDAY + timedelta(days=6)
APPROVED_DAY = MONDAY - timedelta(weeks=2) + timedelta(days=1)  # the demo seeds it approved
ACCOUNT = {"_Account_": "PLATFORM-CAPEX"}


@dataclass
class FakeTime:
    now: float = NOW.timestamp()
    slept: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


@dataclass
class Tempo:
    emu: JiraEmulator
    backend: TempoWorklogs
    me: User
    backoffs: list[BackoffEvent]
    directory: IssueDirectory
    meter: RequestMeter


@asynccontextmanager
async def tempo(
    api: str = "4", *, hooks: Hooks | None = None, limit: bool = False
) -> AsyncIterator[Tempo]:
    now = [NOW]
    with JiraEmulator("cloud", today=TODAY, clock=lambda: now[0]) as emu:
        if not limit:
            tempo_store(emu.state).rate_limit = None
        backoffs: list[BackoffEvent] = []
        fake = FakeTime()
        hooks = hooks or Hooks(
            on_backoff=backoffs.append,
            retry=RetryPolicy(jitter=lambda: 0.5),
            sleep=fake.sleep,
            clock=fake.clock,
        )
        connection = connection_for(tempo_profile(emu, api), hooks)
        async with connection:
            directory, backend = await connection.open()
            assert isinstance(backend, TempoWorklogs)
            me = await directory.myself()
            yield Tempo(emu, backend, me, backoffs, directory, connection)


def tempo_profile(emu: JiraEmulator, api: str = "4") -> ResolvedProfile:
    """The demo profile with its worklogs in the emulator's Tempo (`api`: "4" or "core/3")."""
    secret = Secret(DEMO.tempo_token, source="the bundled emulator")
    endpoint = VendorEndpoint(f"{emu.url}/tempo/{api}", secret)
    return replace(demo_profile(emu), worklogs="tempo", tempo=endpoint)


def week() -> WorklogQuery:
    after = datetime.combine(MONDAY, time(), tzinfo=UTC) - timedelta(days=1)
    return WorklogQuery(after, after + timedelta(days=9), MONDAY, SUNDAY)


def truth(emu: JiraEmulator, accounts: set[str]) -> set[str]:
    """Tempo ids of the authors' worklogs whose start, in the author's zone, is this week."""
    state, ids = emu.state, tempo_store(emu.state).ids
    found: set[str] = set()
    for worklog in state.all_worklogs():
        author = state.user_by(worklog.author)
        day = worklog.started.astimezone(author.zone).date()
        if worklog.author in accounts and MONDAY <= day <= SUNDAY:
            found.add(str(ids.own_id(worklog.id)))
    return found


def in_week(worklogs: list[Worklog], zones: dict[str, ZoneInfo]) -> set[str]:
    return {
        w.id
        for w in worklogs
        if MONDAY <= w.started.astimezone(zones[w.author.ident]).date() <= SUNDAY
    }


def draft_on(day: date, **changes: object) -> WorklogDraft:
    base = WorklogDraft(
        issue_key=MEETINGS,
        started=datetime.combine(day, time(9, 30), tzinfo=ZoneInfo("Europe/Berlin")),
        time_spent_seconds=3600,
        comment="Planning",
        attributes=dict(ACCOUNT),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def checked(t: Tempo, draft: WorklogDraft, verb: WriteVerb = "add") -> CheckedDraft:
    """Validated once, as the service does: the domain's rules and Tempo's."""
    return check_draft(
        draft,
        verb=verb,
        tracking=TimeTracking(),
        rules=t.backend.capabilities,
        extra=t.backend.problems(draft, verb),
    )


def zones_of(emu: JiraEmulator) -> dict[str, ZoneInfo]:
    return {u.account_id: u.zone for u in emu.state.users}


def jira_reads(emu: JiraEmulator) -> list[str]:
    return [f"{r.method} {r.path}" for r in emu.requests if not r.path.startswith("/tempo/")]


@pytest.mark.parametrize("api", ["4", "core/3"])
async def test_my_week_is_the_truth_in_my_zone_with_keys_and_names(api: str) -> None:
    async with tempo(api) as t:
        t.emu.clear_log()
        pull = await t.backend.by_authors([t.me], week())
        assert in_week(pull.worklogs, zones_of(t.emu)) == truth(t.emu, {t.me.ident})
        assert all(w.issue_key and w.author.display_name for w in pull.worklogs)
        assert all(w.attributes.get("_Account_") for w in pull.worklogs)
        assert {w.issue_key for w in pull.worklogs} <= {i.key for i in pull.issues}
        tempo_reads = [r for r in t.emu.requests if r.path.startswith("/tempo/")]
        assert [r.path.split("/worklogs")[0] for r in tempo_reads if "worklogs" in r.path] == [
            f"/tempo/{api}"
        ]


async def test_a_team_week_is_one_search_and_one_bulk_lookup_per_kind() -> None:
    async with tempo() as t:
        team = [u for u in t.emu.state.users if u.active and u.account_id][:6]
        people = [User(account_id=u.account_id, display_name=u.display_name) for u in team]
        t.emu.clear_log()
        pull = await t.backend.by_authors(people, week())
        accounts = {u.account_id for u in team}
        assert in_week(pull.worklogs, zones_of(t.emu)) == truth(t.emu, accounts)
        assert len({w.author.account_id for w in pull.worklogs}) > 1
        searches = [r for r in t.emu.requests if r.path == "/tempo/4/worklogs/search"]
        assert len(searches) == 1 and searches[0].body["authorIds"] == sorted(
            accounts, key=[u.account_id for u in team].index
        )
        # Ids become keys and names in bulk: never one Jira request per worklog.
        jira = jira_reads(t.emu)
        assert len(pull.worklogs) > 10 and len(jira) <= 2, jira
        assert all("/issue/" not in path and "/user?" not in path for path in jira)
        assert {w.author.display_name for w in pull.worklogs} <= {u.display_name for u in team}


async def test_an_edit_keeps_attributes_billable_and_the_description() -> None:
    async with tempo() as t:
        draft = draft_on(MONDAY + timedelta(days=1), billable_seconds=1200)
        draft = replace(draft, attributes={**ACCOUNT, "_Workcategory_": "Meeting"})
        added = await t.backend.add(checked(t, draft))
        assert added.billable_seconds == 1200 and added.backend_ids["tempoWorklogId"] == added.id
        changed = replace(
            draft,
            time_spent_seconds=5400,
            attributes=None,
            billable_seconds=None,
            comment_touched=False,
            comment=None,
        )
        ref = WorklogRef(MEETINGS, added.id)
        updated = await t.backend.update(ref, checked(t, changed, "update"))
        assert updated.time_spent_seconds == 5400
        assert dict(updated.attributes) == {**ACCOUNT, "_Workcategory_": "Meeting"}
        assert updated.billable_seconds == 1200 and updated.comment_text == "Planning"
        [put] = [r for r in t.emu.writes() if r.method == "PUT"]
        assert "issueId" not in put.body and put.body["startTime"] == "09:30:00"


async def test_billable_that_followed_the_time_keeps_following_it() -> None:
    async with tempo() as t:
        added = await t.backend.add(checked(t, draft_on(MONDAY)))
        assert added.billable_seconds == 3600
        changed = replace(draft_on(MONDAY), time_spent_seconds=7200, attributes=None)
        updated = await t.backend.update(
            WorklogRef(MEETINGS, added.id), checked(t, changed, "update")
        )
        assert updated.billable_seconds == 7200


async def test_a_missing_required_attribute_is_refused_before_any_request() -> None:
    async with tempo() as t:
        [account] = [a for a in t.backend.work_attributes if a.required]
        assert account.key == "_Account_" and "INTERNAL" in account.values
        t.emu.clear_log()
        with pytest.raises(DraftInvalid) as info:
            checked(t, draft_on(MONDAY, attributes={}))
        message = info.value.for_field("attributes")
        assert message is not None and message.startswith("Account (_Account_) is required")
        with pytest.raises(DraftInvalid) as wrong:
            checked(t, draft_on(MONDAY, attributes={"_Account_": "NOPE"}))
        assert "not a value of Account" in (wrong.value.for_field("attributes") or "")
        assert t.emu.requests == []


async def test_a_locked_period_refuses_a_write_with_no_request_sent() -> None:
    async with tempo() as t:
        before = datetime.combine(APPROVED_DAY, time(), tzinfo=UTC)
        query = WorklogQuery(before - timedelta(days=1), before + timedelta(days=2), APPROVED_DAY)
        await t.backend.by_authors([t.me], replace(query, last_day=APPROVED_DAY))
        t.emu.clear_log()
        with pytest.raises(DraftInvalid) as info:
            checked(t, draft_on(APPROVED_DAY))
        assert "approved" in (info.value.for_field("date") or "")
        assert t.emu.requests == []


async def test_a_write_into_an_unread_locked_period_reads_the_period_and_sends_nothing() -> None:
    async with tempo() as t:
        unread = draft_on(APPROVED_DAY - timedelta(weeks=1))
        with pytest.raises(e.Invalid) as info:
            await t.backend.add(CheckedDraft(unread, "add", TimeTracking()))
        assert "approved" in info.value.fields["date"]
        assert t.emu.writes() == []


async def test_an_edit_cannot_move_a_worklog_to_another_issue() -> None:
    async with tempo() as t:
        added = await t.backend.add(checked(t, draft_on(MONDAY)))
        moved = replace(draft_on(MONDAY), issue_key="PLAT-2")
        with pytest.raises(e.Invalid) as info:
            await t.backend.update(WorklogRef(MEETINGS, added.id), checked(t, moved, "update"))
        assert "delete it on INT-1 and log it again on PLAT-2" in info.value.fields["issue"]
        assert [r.method for r in t.emu.writes()] == ["POST"]


async def test_required_hours_follow_the_schedule_and_its_holiday() -> None:
    async with tempo() as t:
        week = [MONDAY + timedelta(days=n) for n in range(7)]
        last_week = [d - timedelta(weeks=1) for d in week]
        mine = await t.backend.required_by_day(t.me, week)
        assert mine is not None and mine[MONDAY] == 8 * 3600 and mine[SUNDAY] == 0
        before = await t.backend.required_by_day(t.me, last_week)
        assert before is not None and before[last_week[0]] == 0  # the company holiday
        assert before[last_week[1]] == 8 * 3600
        part = t.emu.state.user_by("cnguyen")
        who = User(account_id=part.account_id, display_name=part.display_name)
        theirs = await t.backend.required_by_day(who, week)
        assert theirs is not None and theirs[MONDAY] == 6 * 3600
        assert await t.backend.required_by_day(t.me, week[2:]) == {d: mine[d] for d in week[2:]}
        schedules = [r for r in t.emu.requests if "/user-schedule/" in r.path]
        assert len(schedules) == 3  # one per person and week, not per day; the rest is kept


async def test_a_week_starting_on_sunday_is_one_schedule_request() -> None:
    async with tempo() as t:
        sunday_week = [MONDAY - timedelta(days=1) + timedelta(days=n) for n in range(7)]
        required = await t.backend.required_by_day(t.me, sunday_week)
        assert required is not None and set(required) == set(sunday_week)
        schedules = [r for r in t.emu.requests if "/user-schedule/" in r.path]
        assert len(schedules) == 1


async def test_core3_keeps_no_schedule() -> None:
    async with tempo("core/3") as t:
        assert await t.backend.required_by_day(t.me, [MONDAY]) is None
        assert not [r for r in t.emu.requests if "user-schedule" in r.path]


async def test_core3_gone_names_the_v4_url() -> None:
    with JiraEmulator("cloud", today=TODAY) as emu:
        tempo_store(emu.state).core3_gone = True
        hooks = Hooks(retry=RetryPolicy(jitter=lambda: 0.5))
        jira = connection_for(demo_profile(emu), hooks)
        url = f"{emu.url}/tempo/core/3"
        async with tempo_connection(jira, url, DEMO.tempo_token, hooks) as connection:
            with pytest.raises(e.Gone) as info:
                await connection.open()
        assert "core/3" in str(info.value) and "https://api.tempo.io/4" in str(info.value)


async def test_a_cursor_older_than_180_days_means_a_full_pull() -> None:
    async with tempo() as t:
        feed = t.backend.changes
        old = int((NOW - timedelta(days=181)).timestamp() * 1000)
        t.emu.clear_log()
        with pytest.raises(e.FeedUnavailable):
            await feed.page("deleted", old)
        assert t.emu.requests == []


async def test_requests_stay_under_five_a_second() -> None:
    """On the real clock, with the emulator's limit on: twelve reads, no 429."""
    backoffs: list[BackoffEvent] = []
    hooks = Hooks(on_backoff=backoffs.append, retry=RetryPolicy(jitter=lambda: 0.5))
    async with tempo(hooks=hooks, limit=True) as t:
        started = wall.monotonic()
        await asyncio.gather(*(t.backend.client.work_attributes() for _ in range(12)))
        assert wall.monotonic() - started >= (12 - 4) / 5
        assert backoffs == []
        assert all(r.status != 429 for r in t.emu.requests)


@pytest.mark.parametrize(
    ("url", "root", "dialect"),
    [
        ("https://api.tempo.io/4", "https://api.tempo.io", "v4"),
        ("https://api.eu.tempo.io/4/", "https://api.eu.tempo.io", "v4"),
        ("https://api.us.tempo.io", "https://api.us.tempo.io", "v4"),
        ("https://api.tempo.io/core/3", "https://api.tempo.io", "core3"),
        ("http://127.0.0.1:9/tempo/4", "http://127.0.0.1:9/tempo", "v4"),
    ],
)
def test_the_dialect_comes_from_the_url(url: str, root: str, dialect: str) -> None:
    parsed = parse_tempo_url(url)
    assert (parsed.root, parsed.dialect) == (root, dialect)


def test_the_registry_builds_tempo_from_the_profile_without_io() -> None:
    with JiraEmulator("cloud", today=TODAY) as emu:
        profile = tempo_profile(emu)
        emu.clear_log()
        assert isinstance(connection_for(profile), TempoConnection)
        assert emu.requests == []
        with pytest.raises(ConfigError, match=r"\[profiles.demo-cloud.tempo\]"):
            connection_for(replace(profile, tempo=None))
        wrong = VendorEndpoint("https://example.com/x", Secret("t", source="test"))
        with pytest.raises(ConfigError, match="api.tempo.io/4"):
            connection_for(replace(profile, tempo=wrong))


def test_a_url_that_is_not_tempo_is_refused_with_the_v4_url() -> None:
    with pytest.raises(ValueError, match="api.tempo.io/4"):
        parse_tempo_url("https://example.com/rest")


async def test_locked_days_name_why_and_cost_one_request_per_period() -> None:
    async with tempo() as t:
        approved_week = [APPROVED_DAY - timedelta(days=1) + timedelta(days=n) for n in range(7)]
        before, last_sunday = approved_week[0] - timedelta(days=1), SUNDAY - timedelta(days=7)
        locked = await t.backend.locked_days(t.me, [before, last_sunday, *approved_week])
        # The demo approves the weeks two to six back; last week is open.
        assert locked == dict.fromkeys([before, *approved_week], "approved")
        approvals = [r for r in t.emu.requests if "timesheet-approvals" in r.path]
        assert len(approvals) == 3  # three weekly periods, each asked once
        again = await t.backend.locked_days(t.me, approved_week)
        assert again == dict.fromkeys(approved_week, "approved")
        assert len([r for r in t.emu.requests if "timesheet-approvals" in r.path]) == 3
        submitter = t.emu.state.user_by("mwebb")
        who = User(account_id=submitter.account_id, display_name=submitter.display_name)
        last_monday = MONDAY - timedelta(weeks=1)
        assert await t.backend.locked_days(who, [last_monday]) == {
            last_monday: "submitted for approval"
        }
