"""Everit Timetracker on the emulator: its headers (the API key, x-requested-by, x-timezone),
field and period errors, PATCH of changed fields (even the issue), WORKLOG_NOT_FOUND, 479,
the details report and the tags."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tuiws.emulator import DEMO, JiraEmulator
from tuiws.emulator.credentials import everit_key_for
from tuiws.emulator.everit import BASE_PATH, everit_store

from .conftest import TODAY

MONDAY = TODAY - timedelta(days=TODAY.weekday())
BERLIN = {"x-timezone": "Europe/Berlin"}


@pytest.fixture
def everit(cloud: JiraEmulator) -> Iterator[httpx.Client]:
    headers = {"x-everit-api-key": DEMO.everit_api_key, "x-requested-by": "tuiws"}
    with httpx.Client(base_url=cloud.url + BASE_PATH, headers=headers) as client:
        yield client


def _body(emulator: JiraEmulator, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "workDate": str(MONDAY + timedelta(days=1)),
        "workStartTime": "10:00",
        "durationInSeconds": 1800,
        "issueId": emulator.state.issue("PLAT-2").id,
        "description": "Reviewed the change",
        "isBillable": False,
        "worklogTagIds": [3],
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def test_the_day_and_time_are_read_in_the_x_timezone_zone(
    cloud: JiraEmulator, everit: httpx.Client
) -> None:
    late = _body(cloud, workStartTime="23:30")
    in_berlin = everit.post("/worklog", json=late, headers=BERLIN)
    assert in_berlin.status_code == 200
    made = in_berlin.json()
    assert (made["workDate"], made["workStartTime"]) == (late["workDate"], "23:30")
    started = cloud.state.worklog(made["jiraWorklogId"]).started
    assert started == datetime(2026, 5, 26, 21, 30, tzinfo=UTC)
    # Without the header Everit reads UTC: the same entry lands on the next Berlin day.
    in_utc = everit.post("/worklog", json=late).json()
    moment = cloud.state.worklog(in_utc["jiraWorklogId"]).started
    assert moment == datetime(2026, 5, 26, 23, 30, tzinfo=UTC)
    assert moment.astimezone(ZoneInfo("Europe/Berlin")).date() == TODAY
    shown = everit.get("/worklog", params={"worklogId": made["worklogId"]})
    assert shown.json()["workStartTime"] == "21:30"  # asked without a zone: UTC
    assert everit.get(
        "/worklog", params={"worklogId": made["worklogId"]}, headers=BERLIN
    ).json() == {**made}
    assert made["isBillable"] is False and made["worklogTagIds"] == [3]
    assert made["description"] == "Reviewed the change"
    bad_zone = everit.post("/worklog", json=late, headers={"x-timezone": "Mars/Olympus"})
    assert bad_zone.status_code == 400
    assert bad_zone.json()["fieldErrors"] == [{"errorType": "Invalid", "paths": [["x-timezone"]]}]


def test_field_errors_name_every_path_at_once(cloud: JiraEmulator, everit: httpx.Client) -> None:
    before = len(cloud.state.all_worklogs())
    answer = everit.post(
        "/worklog",
        json=_body(
            cloud,
            workDate=None,
            issueId=str(cloud.state.issue("PLAT-2").id),
            workStartTime="10:00:00",
            worklogTagIds=[6],  # archived
        ),
    )
    assert answer.status_code == 400
    body = answer.json()
    assert body["additionalErrors"] == []
    assert {(e["errorType"], tuple(map(tuple, e["paths"]))) for e in body["fieldErrors"]} == {
        ("Required", (("workDate",),)),
        ("InvalidFormat", (("issueId",),)),
        ("InvalidFormat", (("workStartTime",),)),
        ("Invalid", (("worklogTagIds", "0"),)),
    }
    assert len(cloud.state.all_worklogs()) == before


def test_patch_changes_only_what_it_sends_and_may_move_the_issue(
    cloud: JiraEmulator, everit: httpx.Client
) -> None:
    made = everit.post("/worklog", json=_body(cloud), headers=BERLIN).json()
    patched = everit.patch(
        "/worklog",
        json={"worklogId": made["worklogId"], "partialWorklog": {"description": "Changed"}},
        headers=BERLIN,
    )
    assert patched.status_code == 200
    assert patched.json()["error"] is None
    assert patched.json()["worklog"] == {**made, "description": "Changed"}
    target = cloud.state.issue("PLAT-3")
    moved = everit.patch(
        "/worklog",
        json={"worklogId": made["worklogId"], "partialWorklog": {"issueId": target.id}},
        headers=BERLIN,
    ).json()["worklog"]
    assert moved["worklogId"] == made["worklogId"] and moved["issueId"] == target.id
    assert moved["jiraWorklogId"] != made["jiraWorklogId"]  # Jira cannot move: re-created
    with pytest.raises(KeyError):
        cloud.state.worklog(made["jiraWorklogId"])
    again = cloud.state.worklog(moved["jiraWorklogId"])
    assert (again.time_spent_seconds, moved["workStartTime"], moved["worklogTagIds"]) == (
        1800,
        "10:00",
        [3],
    )
    assert cloud.state.comment_text(again) == "Changed"
    refused = everit.patch("/worklog", json={"worklogId": made["worklogId"]})
    assert refused.status_code == 400
    assert refused.json()["fieldErrors"][0] == {
        "errorType": "Required",
        "paths": [["partialWorklog"]],
    }


def test_a_missing_worklog_is_worklog_not_found_even_on_200(everit: httpx.Client) -> None:
    patched = everit.patch(
        "/worklog", json={"worklogId": 999999, "partialWorklog": {"description": "x"}}
    )
    assert patched.status_code == 200
    assert patched.json() == {
        "error": {"message": None, "result": "WORKLOG_NOT_FOUND", "worklogId": 999999},
        "worklog": None,
    }
    deleted = everit.delete("/worklog", params={"worklogId": 999999})
    assert deleted.status_code == 200
    assert deleted.json()["error"]["result"] == "WORKLOG_NOT_FOUND"
    fetched = everit.get("/worklog", params={"worklogId": 999999})
    assert fetched.status_code == 400
    assert fetched.json()["error"]["result"] == "WORKLOG_NOT_FOUND"


def test_delete_by_either_id(cloud: JiraEmulator, everit: httpx.Client) -> None:
    first = everit.post("/worklog", json=_body(cloud)).json()
    second = everit.post("/worklog", json=_body(cloud, workStartTime="11:00")).json()
    assert everit.delete("/worklog", params={"worklogId": first["worklogId"]}).json() == {
        "error": None
    }
    by_jira = everit.delete("/worklog", params={"jiraWorklogId": second["jiraWorklogId"]})
    assert by_jira.json() == {"error": None}
    for item in (first, second):
        with pytest.raises(KeyError):
            cloud.state.worklog(item["jiraWorklogId"])


def test_headers_key_csrf_and_479(cloud: JiraEmulator, everit: httpx.Client) -> None:
    assert httpx.get(f"{cloud.url}{BASE_PATH}/tag").status_code == 401
    wrong = httpx.get(f"{cloud.url}{BASE_PATH}/tag", headers={"x-everit-api-key": DEMO.api_token})
    assert wrong.status_code == 401
    no_csrf = httpx.post(
        f"{cloud.url}{BASE_PATH}/worklog",
        json=_body(cloud),
        headers={"x-everit-api-key": DEMO.everit_api_key},
    )
    assert no_csrf.status_code == 403
    okafor = {"x-everit-api-key": everit_key_for("sokafor"), "x-requested-by": "t"}
    refused = httpx.post(f"{cloud.url}{BASE_PATH}/worklog", json=_body(cloud), headers=okafor)
    assert refused.status_code == 479
    assert everit.get("/nothing").status_code == 404
    assert everit.put("/worklog", json={}).status_code == 405


def test_period_rules_come_back_as_additional_errors(
    cloud: JiraEmulator, everit: httpx.Client
) -> None:
    store = everit_store(cloud.state)
    assert store.loggable_from is not None and store.max_seconds_per_day == 12 * 3600
    early = store.loggable_from - timedelta(days=1)
    locked = everit.post("/worklog", json=_body(cloud, workDate=str(early)), headers=BERLIN)
    assert locked.status_code == 400
    assert locked.json()["additionalErrors"] == [
        {"errorType": "PeriodicLoggablePeriod", "extra": {"loggableFrom": str(store.loggable_from)}}
    ]
    long_day = everit.post(
        "/worklog", json=_body(cloud, durationInSeconds=12 * 3600), headers=BERLIN
    )
    assert long_day.status_code == 400
    assert long_day.json()["additionalErrors"][0]["errorType"] == "PeriodicMaxHoursPerDay"
    store.weekly_limit_seconds = 3600
    weekly = everit.post("/worklog", json=_body(cloud), headers=BERLIN)
    assert [e["errorType"] for e in weekly.json()["additionalErrors"]] == ["PeriodicLimit"]
    store.weekly_limit_seconds = None
    store.license_active = False
    unlicensed = everit.get("/tag")
    assert unlicensed.status_code == 400
    assert unlicensed.json()["additionalErrors"] == [
        {"errorType": "NoActiveLicense", "extra": None}
    ]


def test_the_details_report_pages_whole_days_in_the_zone(
    cloud: JiraEmulator, everit: httpx.Client
) -> None:
    state = cloud.state
    me = state.demo_user
    zone = ZoneInfo("Europe/Berlin")
    truth = {
        w.id
        for w in state.all_worklogs()
        if w.author == me.account_id and MONDAY <= w.started.astimezone(zone).date() <= TODAY
    }
    body = {"startDate": str(MONDAY), "endDate": str(TODAY), "users": [me.account_id]}
    seen: list[dict[str, Any]] = []
    start_at = 0
    while True:
        page = everit.post(
            "/report/details", json={**body, "startAt": start_at, "maxResults": 4}, headers=BERLIN
        ).json()
        assert page["total"] == len(truth) and page["maxResults"] == 4
        seen.extend(page["values"])
        start_at += 4
        if start_at >= page["total"]:
            break
    assert {v["worklog"]["jiraWorklogId"] for v in seen} == truth
    for value in seen:
        worklog = state.worklog(value["worklog"]["jiraWorklogId"])
        local = worklog.started.astimezone(zone)
        assert value["worklog"]["workDate"] == local.date().isoformat()
        assert value["worklog"]["startTime"] == local.strftime("%Y-%m-%dT%H:%M:%S")
        assert value["worklog"]["author"] == {"id": me.account_id, "name": me.display_name}
        assert value["issue"]["key"] == state.issue_of(worklog).key
        assert value["project"]["key"] == state.issue_of(worklog).project_key
    internal = [v for v in seen if v["project"]["key"] == "INT"]
    assert internal and all(v["worklog"]["isBillable"] is False for v in internal)
    meetings = [v for v in seen if v["issue"]["key"] == "INT-1"]
    assert meetings and all(
        v["worklog"]["worklogTags"] == [{"id": 1, "name": "Meeting"}] for v in meetings
    )
    capped = everit.post("/report/details", json={**body, "maxResults": 5000}).json()
    assert capped["maxResults"] == 1000
    missing = everit.post("/report/details", json={"startDate": str(MONDAY)})
    assert missing.json()["fieldErrors"] == [{"errorType": "Required", "paths": [["endDate"]]}]


def test_tags_and_their_archived_filter(everit: httpx.Client) -> None:
    every = everit.get("/tag").json()["worklogTags"]
    assert {t["name"] for t in every} >= {"Meeting", "Development", "Legacy billing"}
    archived = everit.get("/tag", params={"archived": "true"}).json()["worklogTags"]
    assert [t["name"] for t in archived] == ["Legacy billing"]
    active = everit.get("/tag", params={"archived": "false"}).json()["worklogTags"]
    assert all(not t["archived"] for t in active) and len(active) == len(every) - 1


def test_everit_is_not_served_beside_jira_server(server: JiraEmulator) -> None:
    answer = httpx.get(
        f"{server.url}{BASE_PATH}/tag", headers={"x-everit-api-key": DEMO.everit_api_key}
    )
    assert answer.status_code == 404
