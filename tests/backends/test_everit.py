"""The Everit Timetracker backend over real HTTP against the bundled emulator: weeks equal to
the truth in each author's zone, `x-timezone` always the session's, each of Everit's refusals
in the domain's words, 479 never retried, WORKLOG_NOT_FOUND as NotFound, moves, tags, billable."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiws.backends import errors as e
from tuiws.backends.base import WorklogRef
from tuiws.backends.everit.client import EveritClient
from tuiws.backends.everit.connection import EveritConnection, jira_connection
from tuiws.backends.everit.errors import TIMETRACKER_PERMISSION, additional_problem, everit_errors
from tuiws.backends.everit.wire import AdditionalError
from tuiws.backends.everit.worklogs import EveritWorklogs
from tuiws.backends.registry import Hooks, connection_for
from tuiws.config import ConfigError, ResolvedProfile
from tuiws.demo import demo_profile
from tuiws.domain.drafts import DraftInvalid
from tuiws.domain.models import AdjustEstimate, WorklogDraft
from tuiws.domain.started import zoned
from tuiws.emulator import JiraEmulator
from tuiws.emulator.everit import BASE_PATH, everit_store
from tuiws.emulator.seed import DEMO_GROUP
from tuiws.services.doctor import run_doctor
from tuiws.services.session import Session, connect
from tuiws.services.sync import SyncService
from tuiws.services.team import TeamService
from tuiws.services.team_spec import TeamSpec
from tuiws.services.weeks import WeekService
from tuiws.services.worklogs import WorklogService
from tuiws.store.cache import WorklogCache

LOS_ANGELES = "America/Los_Angeles"


@pytest.fixture
def emu() -> Iterator[JiraEmulator]:
    with JiraEmulator("cloud") as emulator:
        yield emulator


def everit_profile(emu: JiraEmulator, zone: str | None = None) -> ResolvedProfile:
    return demo_profile(emu, zone=zone, worklogs="everit")


def everit_connection(emu: JiraEmulator, zone: str | None = None) -> EveritConnection:
    connection = connection_for(everit_profile(emu, zone))
    assert isinstance(connection, EveritConnection)
    return connection


@asynccontextmanager
async def open_session(emu: JiraEmulator, zone: str | None = None) -> AsyncIterator[Session]:
    async with everit_connection(emu, zone) as connection:
        yield await connect(connection, everit_profile(emu, zone))


@pytest.fixture
async def session(emu: JiraEmulator) -> AsyncIterator[Session]:
    async with open_session(emu) as s:
        yield s


def everit_requests(emu: JiraEmulator) -> list[str]:
    return [f"{r.method} {r.path[len(BASE_PATH) :]}" for r in emu.requests if BASE_PATH in r.path]


def truth(emu: JiraEmulator, account: str, start: date, zone: ZoneInfo) -> list[int]:
    """One person's day totals straight from the emulator's data, as the viewer may see it."""
    state = emu.state
    out = [0] * 7
    for w in state.all_worklogs():
        offset = (w.started.astimezone(zone).date() - start).days
        visible = state.can_browse(state.demo_user, state.issue_of(w))
        if w.author == account and 0 <= offset < 7 and visible:
            out[offset] += w.time_spent_seconds
    return out


def a_draft(session: Session, **changes: object) -> WorklogDraft:
    day = datetime.now(session.zone).date() - timedelta(days=1)
    base = WorklogDraft(
        issue_key="PLAT-2",
        started=zoned(day, time(10, 0), session.zone),
        time_spent_seconds=1800,
        comment="Everit check",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def everit_of(session: Session) -> EveritWorklogs:
    backend = session.backend
    assert isinstance(backend, EveritWorklogs)
    return backend


async def test_my_week_equals_the_truth_in_my_zone(emu: JiraEmulator, session: Session) -> None:
    service = WeekService(session)
    today = datetime.now(session.zone).date()
    for weeks_back in (0, 1, 3):
        week = await service.load(today - timedelta(weeks=weeks_back))
        me = emu.state.demo_user.account_id
        assert week.day_totals == truth(emu, me, week.start, session.zone)
    assert week.total_seconds > 0


async def test_a_team_week_equals_the_truth_in_each_authors_zone(
    emu: JiraEmulator, session: Session
) -> None:
    team = await TeamService(session).load(
        TeamSpec("demo", group=DEMO_GROUP), datetime.now(session.zone).date()
    )
    zones = {row.zone.key for row in team.rows}
    assert len(zones) > 1, "the demo team spans several zones"
    for row in team.rows:
        assert row.seconds == truth(emu, row.user.ident, team.start, row.zone), row.user
    assert team.total_seconds > 0
    assert everit_requests(emu).count("POST /report/details") == 1


async def test_everit_gets_the_profile_zone_so_an_evening_entry_keeps_its_day(
    emu: JiraEmulator,
) -> None:
    zone = ZoneInfo(LOS_ANGELES)
    day = datetime.now(zone).date() - timedelta(days=1)
    evening = zoned(day, time(21, 30), zone)  # the next day in UTC
    async with open_session(emu, zone=LOS_ANGELES) as session:
        added = await WorklogService(session).add(a_draft(session, started=evening))
        week = await WeekService(session).load(day)
    assert added.started == evening
    jira_id = int(added.backend_ids["jiraWorklogId"])
    assert emu.state.worklog(jira_id).started == evening
    sent = {r.headers.get("x-timezone") for r in emu.requests if BASE_PATH in r.path}
    assert sent == {LOS_ANGELES}
    [row] = [r for r in week.rows if r.issue.key == "PLAT-2"]
    assert added.id in {w.id for w in row.worklogs[(day - week.start).days]}


async def test_each_period_rule_is_a_field_and_a_sentence(
    emu: JiraEmulator, session: Session
) -> None:
    store = everit_store(emu.state)
    service = WorklogService(session)
    today = datetime.now(session.zone).date()
    assert store.loggable_from is not None
    closed_day = store.loggable_from - timedelta(days=3)
    old = a_draft(session, started=zoned(closed_day, time(9), session.zone))
    with pytest.raises(e.Invalid) as locked:
        await service.add(old)
    assert "closed period" in locked.value.fields["started"]
    assert str(store.loggable_from) in locked.value.fields["started"]

    long_day = a_draft(session, time_spent_seconds=13 * 3600)
    with pytest.raises(e.Invalid) as capped:
        await service.add(long_day)
    assert "12 h a day" in capped.value.fields["duration"]

    store.max_seconds_per_day = None
    store.weekly_limit_seconds = 3600
    with pytest.raises(e.Invalid) as weekly:
        await service.add(a_draft(session, started=zoned(today, time(7), session.zone)))
    assert weekly.value.fields["duration"] == "This would go over Everit's limit of 1 h a week."

    store.license_active = False
    with pytest.raises(e.Invalid) as unlicensed:
        await service.add(a_draft(session))
    assert "no active license" in unlicensed.value.fields["backend"]
    assert not [r for r in emu.writes() if r.status == 200]


@pytest.mark.parametrize(
    ("kind", "extra", "field", "words"),
    [
        (
            "JiraError",
            {"status": 403, "messages": ["No way."]},
            "issue",
            "Jira refused the worklog: No way.",
        ),
        ("TooManyDataForTimesheet", None, "window", "shorter period"),
        ("TooManyWorklogsToExport", None, "window", "shorter period"),
        ("ManualUpgradeNeeded", None, "backend", "approve an upgrade"),
        ("SomethingNew", None, "backend", "(SomethingNew)"),
    ],
)
def test_the_other_additional_errors_have_words(
    kind: str, extra: object, field: str, words: str
) -> None:
    name, sentence = additional_problem(AdditionalError(errorType=kind, extra=extra))
    assert name == field and words in sentence


async def test_field_errors_come_back_in_the_domains_names(session: Session) -> None:
    client = everit_of(session).client
    with pytest.raises(e.Invalid) as refused:
        await client.create(
            {"workDate": "27.05.2026", "durationInSeconds": "1h", "issueId": "10041"}, "PLAT-2"
        )
    fields = refused.value.fields
    assert fields["started"] == "Everit could not read the work date."
    assert fields["duration"] == "Everit could not read the duration."
    assert fields["issue"] == "Everit could not read the issue."
    mapped = everit_errors("https://everit.test")(
        httpx.Response(
            400,
            json={
                "fieldErrors": [
                    {"errorType": "Invalid", "paths": [["partialWorklog", "worklogTagIds", "0"]]},
                    {"errorType": "Required", "paths": [["workDate"]]},
                ],
                "additionalErrors": [],
            },
        ),
        "worklog 9",
        "update",
    )
    assert isinstance(mapped, e.Invalid)
    assert mapped.fields == {
        "tags": "A tag is unknown to Everit or archived.",
        "started": "Everit needs the work date.",
    }


async def test_a_missing_timetracker_permission_is_forbidden_and_never_retried(
    emu: JiraEmulator, session: Session
) -> None:
    everit_store(emu.state).without_permission.add(emu.state.demo_user.account_id)
    before = len(everit_requests(emu))
    with pytest.raises(e.Forbidden) as refused:
        await WorklogService(session).add(a_draft(session))
    assert refused.value.permission == TIMETRACKER_PERMISSION
    assert refused.value.status == 479
    assert len(everit_requests(emu)) == before + 1
    assert emu.writes()[-1].status == 479


async def test_worklog_not_found_on_200_is_not_found(emu: JiraEmulator, session: Session) -> None:
    service = WorklogService(session)
    added = await service.add(a_draft(session))
    await service.delete("PLAT-2", added.id)
    with pytest.raises(e.NotFound):
        await everit_of(session).client.delete(int(added.id))
    with pytest.raises(e.NotFound):
        await everit_of(session).client.patch(int(added.id), {"durationInSeconds": 600})
    assert [r.status for r in emu.writes()[-2:]] == [200, 200]
    with pytest.raises(e.NotFound):
        await service.get("PLAT-2", added.id)


async def test_an_edit_moves_a_worklog_to_another_issue_sending_only_the_change(
    emu: JiraEmulator, session: Session
) -> None:
    service = WorklogService(session)
    draft = a_draft(session)
    added = await service.add(draft)
    old_jira_id = int(added.backend_ids["jiraWorklogId"])
    moved = await service.update(added, replace(draft, issue_key="PLAT-3"))
    assert moved.id == added.id and moved.issue_key == "PLAT-3"
    assert moved.started == draft.started and moved.comment_text == "Everit check"
    assert int(moved.backend_ids["jiraWorklogId"]) != old_jira_id
    assert old_jira_id not in {w.id for w in emu.state.worklogs_for("PLAT-2")}
    assert int(moved.backend_ids["jiraWorklogId"]) in {
        w.id for w in emu.state.worklogs_for("PLAT-3")
    }
    patch = emu.writes()[-1]
    assert patch.method == "PATCH"
    new_issue = emu.state.issue("PLAT-3").id
    assert patch.body == {"worklogId": int(added.id), "partialWorklog": {"issueId": new_issue}}
    assert session.capabilities.move_on_edit


async def test_tags_and_billable_round_trip(emu: JiraEmulator, session: Session) -> None:
    service = WorklogService(session)
    draft = a_draft(session, tags=("Meeting", "review"), billable_seconds=0)
    added = await service.add(draft)
    assert added.tags == ("Meeting", "Review") and added.billable_seconds == 0
    fetched = await service.get("PLAT-2", added.id)
    assert fetched.tags == ("Meeting", "Review") and fetched.billable_seconds == 0

    billable = replace(draft, tags=("Support",), billable_seconds=1800, comment_touched=False)
    updated = await service.update(added, billable)
    assert updated.tags == ("Support",) and updated.billable_seconds == 1800
    assert emu.writes()[-1].body["partialWorklog"] == {"isBillable": True, "worklogTagIds": [4]}
    assert (await everit_of(session).tag_choices())[:2] == ["Meeting", "Development"]
    assert "Legacy billing" not in await everit_of(session).tag_choices()

    writes = len(emu.writes())
    with pytest.raises(DraftInvalid) as unknown:
        await service.add(replace(draft, tags=("Nap",)))
    assert "no tag Nap" in (unknown.value.for_field("tags") or "")
    with pytest.raises(DraftInvalid) as half:
        await service.add(replace(draft, billable_seconds=900))
    assert "whole worklog" in (half.value.for_field("billable") or "")
    assert len(emu.writes()) == writes


async def test_the_capabilities_say_what_everit_does(session: Session) -> None:
    caps = session.capabilities
    assert (caps.name, caps.comment_format, caps.started) == ("everit", "plain", "local")
    assert caps.tags and caps.billable_seconds and caps.move_on_edit
    assert not caps.change_feed and session.backend.changes is None
    assert caps.adjust_choices("add") == ("auto",)
    with pytest.raises(DraftInvalid):
        WorklogService(session).check(a_draft(session, adjust=AdjustEstimate(mode="leave")))


async def test_the_latest_own_worklog_names_its_issue(emu: JiraEmulator, session: Session) -> None:
    added = await WorklogService(session).add(
        a_draft(session, started=datetime.now(session.zone).replace(second=0, microsecond=0))
    )
    latest = await session.backend.latest_own()
    assert latest is not None and latest.key == added.issue_key


async def test_a_lost_patch_answer_is_read_back_not_sent_again(
    emu: JiraEmulator, session: Session
) -> None:
    service = WorklogService(session)
    draft = a_draft(session)
    added = await service.add(draft)
    emu.drop_next(1, method="PATCH", path_contains=BASE_PATH)
    with pytest.raises(e.UnknownOutcome):
        await session.backend.update(
            WorklogRef.of(added),
            service.check(replace(draft, time_spent_seconds=900), verb="update"),
        )
    assert [r.method for r in emu.writes()].count("PATCH") == 1
    emu.drop_next(1, method="PATCH", path_contains=BASE_PATH)
    updated = await service.update(added, replace(draft, time_spent_seconds=2700))
    assert updated.time_spent_seconds == 2700
    assert [r.method for r in emu.writes()].count("PATCH") == 2, "read back, not repeated"


async def test_a_sync_pulls_the_window_again_as_everit_has_no_change_feed(
    emu: JiraEmulator, session: Session, tmp_path: Path
) -> None:
    with WorklogCache.for_profile("everit", tmp_path) as cache:
        first = await SyncService(session, cache).sync()
        assert first.mode == "initial" and cache.worklog_count() > 0
        service = WorklogService(session)
        added = await service.add(a_draft(session))
        now = datetime.now(session.zone)
        mine = [
            w
            for w in cache.worklogs(now - timedelta(days=7), now)
            if w.author.ident == session.me.ident
        ]
        gone = mine[0]
        await service.delete(gone.issue_key or "", gone.id)
        again = await SyncService(session, cache).sync()
        assert again.mode == "window"
        assert again.fallback_reason == "this backend has no change feed"
        assert cache.worklog(added.id) is not None and cache.worklog(gone.id) is None


def test_the_registry_builds_everit_for_its_profiles_and_sends_nothing(
    emu: JiraEmulator,
) -> None:
    assert isinstance(everit_connection(emu), EveritConnection)
    assert emu.requests == []
    with pytest.raises(ConfigError, match=r"no \[profiles.demo-cloud.everit\] section"):
        connection_for(replace(demo_profile(emu), worklogs="everit"))


async def test_doctor_checks_the_everit_key_and_permission(emu: JiraEmulator) -> None:
    profile = everit_profile(emu)
    async with everit_connection(emu) as connection:
        report = await run_doctor(connection, profile, lambda: connect(connection, profile))
    assert report.ok
    [everit] = [c for c in report.checks if c.name == "everit"]
    assert "API key accepted, Timetracker permission granted, 5 tags" in everit.detail
    assert "days in Europe/Berlin (sent as x-timezone)" in everit.detail
    [sync] = [c for c in report.checks if c.name == "sync"]
    assert "no change feed" in sync.detail

    everit_store(emu.state).without_permission.add(emu.state.demo_user.account_id)
    async with everit_connection(emu) as connection:
        report = await run_doctor(connection, profile, lambda: connect(connection, profile))
    checks = {c.name: c for c in report.checks}
    assert not checks["everit"].ok and checks["everit"].fix == f"ask for {TIMETRACKER_PERMISSION}"
    assert checks["permissions"].fix == f"ask for {TIMETRACKER_PERMISSION}"

    everit_store(emu.state).without_permission.clear()
    everit_store(emu.state).license_active = False
    async with everit_connection(emu) as connection:
        report = await run_doctor(connection, profile, lambda: connect(connection, profile))
    [unlicensed] = [c for c in report.checks if c.name == "everit"]
    assert not unlicensed.ok and "no active license" in unlicensed.detail
    everit_store(emu.state).license_active = True

    hooks = Hooks()
    wrong_key = EveritClient(emu.url + BASE_PATH, "not-a-key", hooks)
    async with EveritConnection(jira_connection(profile, hooks), wrong_key, None) as connection:
        report = await run_doctor(connection, profile, lambda: connect(connection, profile))
    [unsigned] = [c for c in report.checks if c.name == "everit"]
    assert not unsigned.ok and "create an API token in Everit" in unsigned.fix
    assert "did not accept the API key" in unsigned.detail


SCALAR = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
JSON = st.recursive(
    SCALAR | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
ERROR_BODY = st.fixed_dictionaries(
    {},
    optional={
        "fieldErrors": JSON
        | st.lists(
            st.fixed_dictionaries(
                {"errorType": JSON, "paths": JSON | st.lists(st.lists(st.text(max_size=12)))}
            )
        ),
        "additionalErrors": JSON
        | st.lists(st.fixed_dictionaries({"errorType": JSON, "extra": JSON})),
        "error": JSON | st.fixed_dictionaries({"result": st.sampled_from(["WORKLOG_NOT_FOUND"])}),
    },
)


@given(status=st.sampled_from([400, 401, 403, 404, 479, 500, 418]), body=JSON | ERROR_BODY)
def test_any_error_body_reads_as_an_error_in_words(status: int, body: object) -> None:
    request = httpx.Request("POST", "https://everit.test/worklog")
    answer = httpx.Response(status, json=body, request=request)
    error = everit_errors("https://everit.test")(answer, "a worklog on PLAT-2", "add")
    assert isinstance(error, e.BackendError) and error.message.strip()
    if isinstance(error, e.Invalid):
        assert all(isinstance(v, str) and v for v in error.fields.values())
