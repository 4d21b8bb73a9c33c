"""Tempo's rules on the emulator: schedules with holidays, approval locks, writing for others,
the five-a-second limit, its own tokens, the core/3 dialect and its 410, reseeding."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from tuiws.emulator import DEMO, JiraEmulator
from tuiws.emulator.credentials import tempo_token_for
from tuiws.emulator.tempo import APPROVED, IN_REVIEW, OPEN, RATE_LIMIT, tempo_store

from .conftest import TODAY, Clock
from .tempo_support import ACCOUNT, APPROVED_DAY, LAST_MONDAY, MONDAY, create, me, tempo

__all__ = ["tempo"]  # the fixture


def test_user_schedule_has_the_holidays_and_non_working_days(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    sunday = LAST_MONDAY + timedelta(days=6)
    days = tempo.get(
        "/4/user-schedule", params={"from": str(LAST_MONDAY), "to": str(sunday)}
    ).json()["results"]
    assert [d["date"] for d in days] == [str(LAST_MONDAY + timedelta(days=n)) for n in range(7)]
    assert [d["type"] for d in days] == [
        "HOLIDAY",
        *["WORKING_DAY"] * 4,
        "HOLIDAY_AND_NON_WORKING_DAY",
        "NON_WORKING_DAY",
    ]
    assert [d["requiredSeconds"] for d in days] == [0, 28800, 28800, 28800, 28800, 0, 0]
    assert days[0]["holiday"]["name"] == "Company holiday"
    part_timer = cloud.state.user_by("cnguyen").account_id
    hers = tempo.get(
        f"/4/user-schedule/{part_timer}", params={"from": str(MONDAY), "to": str(MONDAY)}
    ).json()["results"]
    assert hers[0]["requiredSeconds"] == 6 * 3600
    assert tempo.get("/4/user-schedule", params={"from": "2026-05-30"}).status_code == 400


def test_an_approved_or_submitted_period_refuses_writes(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    def status(account: str, day: date) -> dict[str, Any]:
        answer = tempo.get(
            f"/4/timesheet-approvals/user/{account}", params={"from": str(day), "to": str(day)}
        )
        assert answer.status_code == 200
        return dict(answer.json())

    approved = status(me(cloud), APPROVED_DAY)
    assert approved["status"]["key"] == APPROVED
    assert approved["period"] == {
        "from": str(APPROVED_DAY - timedelta(days=1)),
        "to": str(APPROVED_DAY + timedelta(days=5)),
    }
    assert approved["timeSpentSeconds"] > 0 and approved["requiredSeconds"] == 5 * 28800
    assert status(me(cloud), MONDAY)["status"]["key"] == OPEN
    webb = cloud.state.user_by("mwebb").account_id
    assert status(webb, LAST_MONDAY)["status"]["key"] == IN_REVIEW
    before = len(cloud.state.all_worklogs())
    refused = create(tempo, cloud, startDate=str(APPROVED_DAY))
    assert refused.status_code == 400
    assert "approved" in refused.json()["errors"][0]["message"]
    assert len(cloud.state.all_worklogs()) == before
    # An old worklog inside the approved week cannot be changed or deleted either.
    old = next(
        r
        for r in tempo.get(
            f"/4/worklogs/user/{me(cloud)}",
            params={"from": str(APPROVED_DAY), "to": str(APPROVED_DAY)},
        ).json()["results"]
    )
    assert tempo.delete(f"/4/worklogs/{old['tempoWorklogId']}").status_code == 400
    body = {
        "authorAccountId": me(cloud),
        "startDate": str(MONDAY),
        "timeSpentSeconds": 600,
        "attributes": ACCOUNT,
    }
    assert tempo.put(f"/4/worklogs/{old['tempoWorklogId']}", json=body).status_code == 400
    assert cloud.state.worklog(old["jiraWorklogId"]).time_spent_seconds == old["timeSpentSeconds"]


def test_writing_for_someone_else_needs_the_permission(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    webb = cloud.state.user_by("mwebb").account_id
    assert create(tempo, cloud, authorAccountId=webb).status_code == 403
    admin = tempo.headers.copy()
    admin["Authorization"] = "Bearer " + _token_of(cloud, "pnatarajan")
    submitted = tempo.post(
        "/4/worklogs",
        headers=admin,
        json={
            "authorAccountId": webb,
            "issueId": cloud.state.issue("PLAT-2").id,
            "startDate": str(LAST_MONDAY + timedelta(days=2)),
            "timeSpentSeconds": 600,
            "attributes": ACCOUNT,
        },
    )
    assert submitted.status_code == 400
    assert "submitted for approval" in submitted.json()["errors"][0]["message"]


def _token_of(emulator: JiraEmulator, username: str) -> str:
    return tempo_token_for(emulator.state.user_by(username).name)


def test_about_five_requests_a_second_then_429_with_retry_after(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    tempo_store(cloud.state).rate_limit = RATE_LIMIT
    answers = [tempo.get("/4/work-attributes") for _ in range(30)]
    refused = [a for a in answers if a.status_code == 429]
    assert refused, "a burst of 30 must hit the limit"
    assert int(refused[0].headers["Retry-After"]) >= 1
    assert refused[0].json()["errors"][0]["message"] == "Rate limit exceeded."
    assert sum(1 for a in answers if a.status_code == 200) >= 5


def test_a_token_without_a_scope_is_refused_there_only(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    tempo_store(cloud.state).restrict(DEMO.tempo_token, {"worklogs", "work-attributes"})
    schedule = tempo.get("/4/user-schedule", params={"from": str(MONDAY), "to": str(MONDAY)})
    assert schedule.status_code == 403
    assert "'schemes'" in schedule.json()["errors"][0]["message"]
    approvals = tempo.get(
        f"/4/timesheet-approvals/user/{me(cloud)}", params={"from": str(MONDAY), "to": str(MONDAY)}
    )
    assert approvals.status_code == 403
    assert tempo.get(f"/4/worklogs/user/{me(cloud)}").status_code == 200
    assert tempo.get("/4/globalconfiguration").json()["approvalPeriod"] == "WEEKLY"
    with pytest.raises(ValueError):
        tempo_store(cloud.state).restrict(DEMO.tempo_token, {"everything"})


def test_tokens_are_tempos_own(cloud: JiraEmulator, tempo: httpx.Client) -> None:
    plain = httpx.get(f"{cloud.url}/tempo/4/work-attributes")
    assert plain.status_code == 401
    jira_token = httpx.get(
        f"{cloud.url}/tempo/4/work-attributes",
        headers={"Authorization": f"Bearer {DEMO.api_token}"},
    )
    assert jira_token.status_code == 401
    on_jira = httpx.get(
        f"{cloud.url}/rest/api/3/myself", headers={"Authorization": f"Bearer {DEMO.tempo_token}"}
    )
    assert on_jira.status_code == 401
    assert DEMO.tempo_token not in (DEMO.api_token, DEMO.pat)
    assert tempo.get("/4/nothing-here").status_code == 404
    assert tempo.delete("/4/work-attributes").status_code == 405


def test_core3_speaks_keys_keeps_updated_from_alone_and_can_be_retired(
    clock: Clock, cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    listed = tempo.get(
        "/core/3/worklogs",
        params={"project": "PLAT", "from": str(MONDAY), "to": str(TODAY), "limit": 1000},
    ).json()["results"]
    assert listed and all(r["issue"]["key"].startswith("PLAT-") for r in listed)
    assert all(r["author"]["displayName"] for r in listed)
    one = tempo.get(
        "/core/3/worklogs", params={"issue": "INT-1", "from": str(MONDAY), "to": str(TODAY)}
    ).json()["results"]
    assert one and {r["issue"]["key"] for r in one} == {"INT-1"}
    mixed = tempo.get("/core/3/worklogs", params={"updatedFrom": "2026-05-01", "project": "PLAT"})
    assert mixed.status_code == 400
    assert "updatedFrom" in mixed.json()["errors"][0]["message"]
    since = clock.now.strftime("%Y-%m-%dT%H:%M:%SZ")
    body = {
        "issueKey": "PLAT-4",
        "authorAccountId": me(cloud),
        "startDate": str(TODAY),
        "startTime": "08:00:00",
        "timeSpentSeconds": 900,
        "attributes": ACCOUNT,
    }
    made = tempo.post("/core/3/worklogs", json=body)
    assert made.status_code == 200 and made.json()["issue"]["key"] == "PLAT-4"
    alone = tempo.get("/core/3/worklogs", params={"updatedFrom": since}).json()["results"]
    assert [r["tempoWorklogId"] for r in alone] == [made.json()["tempoWorklogId"]]
    by_jira = tempo.get(f"/core/3/worklogs/jira/{made.json()['jiraWorklogId']}")
    assert by_jira.json()["tempoWorklogId"] == made.json()["tempoWorklogId"]
    moved = tempo.put(
        f"/core/3/worklogs/{made.json()['tempoWorklogId']}", json={**body, "issueKey": "PLAT-5"}
    )
    assert moved.status_code == 400
    assert tempo.delete(f"/core/3/worklogs/{made.json()['tempoWorklogId']}").status_code == 204
    clock.advance(seconds=61)
    audit = tempo.get("/audit/1/events/deleted/types/worklog", params={"updatedFrom": since})
    assert [e["jiraWorklogId"] for e in audit.json()["results"]] == [made.json()["jiraWorklogId"]]
    tempo_store(cloud.state).core3_gone = True
    for path in ("/core/3/worklogs", "/audit/1/events/deleted/types/worklog"):
        gone = tempo.get(path)
        assert gone.status_code == 410
        assert "https://api.tempo.io/4" in gone.json()["errors"][0]["message"]
    assert tempo.get("/4/work-attributes").status_code == 200


def test_tempo_is_not_served_beside_jira_server(server: JiraEmulator) -> None:
    answer = httpx.get(
        f"{server.url}/tempo/4/work-attributes",
        headers={"Authorization": f"Bearer {DEMO.tempo_token}"},
    )
    assert answer.status_code == 404


def test_reseeding_rebuilds_tempos_data_but_keeps_its_switches(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    store = tempo_store(cloud.state)
    store.core3_gone = True
    made = create(tempo, cloud).json()
    assert made["jiraWorklogId"] in store.extras
    cloud.state.reset()
    assert made["jiraWorklogId"] not in store.extras
    with pytest.raises(KeyError):
        cloud.state.worklog(made["jiraWorklogId"])
    assert store.core3_gone is True
    assert store.approval(me(cloud), APPROVED_DAY)[2] == APPROVED
