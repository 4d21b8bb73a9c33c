"""Everit's refusals over real HTTP in the domain's words (period rules, field errors, 479
never retried), any error body read safely, the registry's entry, and `tuiws doctor`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import datetime, time, timedelta

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.backends.everit_rig import (
    a_draft,
    everit_connection,
    everit_of,
    everit_profile,
    everit_requests,
    open_session,
)
from tuiws.app.demo import demo_profile
from tuiws.backends import errors as e
from tuiws.backends.everit.client import EveritClient
from tuiws.backends.everit.connection import EveritConnection, jira_connection
from tuiws.backends.everit.errors import TIMETRACKER_PERMISSION, additional_problem, everit_errors
from tuiws.backends.everit.wire import AdditionalError
from tuiws.backends.registry import Hooks, connection_for
from tuiws.config import ConfigError
from tuiws.domain.started import zoned
from tuiws.emulator import JiraEmulator
from tuiws.emulator.everit import BASE_PATH, everit_store
from tuiws.services.doctor import run_doctor
from tuiws.services.session import Session, connect
from tuiws.services.worklogs import WorklogService

LOS_ANGELES = "America/Los_Angeles"


@pytest.fixture
def emu() -> Iterator[JiraEmulator]:
    with JiraEmulator("cloud") as emulator:
        yield emulator


@pytest.fixture
async def session(emu: JiraEmulator) -> AsyncIterator[Session]:
    async with open_session(emu) as s:
        yield s


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
    before, writes = len(everit_requests(emu)), len(emu.writes())
    with pytest.raises(e.Forbidden) as refused:
        await WorklogService(session).add(a_draft(session))
    assert refused.value.permission == TIMETRACKER_PERMISSION
    assert refused.value.status == 479
    # The journal reads the day first (to tell a lost add from a look-alike): that read is
    # refused with 479, once, and nothing is written.
    assert len(everit_requests(emu)) == before + 1
    assert len(emu.writes()) == writes


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
