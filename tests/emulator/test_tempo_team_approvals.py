"""Tempo's timesheet approvals for a whole team on the emulator: any colleague's period is
answered (a lead reads each member's), the demo's early submitter has this week submitted and
last week approved, the lock holds for writes into their week, and what Tempo refuses (an
unknown account, a bad range, a token without the Approvals scope) is refused."""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from tuiws.emulator import DEMO, JiraEmulator
from tuiws.emulator.addon_seed import EARLY_SUBMITTER, SUBMITTER
from tuiws.emulator.credentials import tempo_token_for
from tuiws.emulator.seed import TEAM
from tuiws.emulator.tempo import APPROVED, IN_REVIEW, OPEN, tempo_store

from .tempo_support import ACCOUNT, LAST_MONDAY, MONDAY, create, tempo

__all__ = ["tempo"]  # the fixture


def status(tempo: httpx.Client, account: str, day: date) -> str:
    answer = tempo.get(
        f"/4/timesheet-approvals/user/{account}", params={"from": str(day), "to": str(day)}
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["user"]["accountId"] == account
    monday = day - timedelta(days=day.weekday())
    assert body["period"] == {"from": str(monday), "to": str(monday + timedelta(days=6))}
    return str(body["status"]["key"])


def test_every_colleagues_period_is_answered_with_its_status(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    accounts = {p.username: cloud.state.user_by(p.username).account_id for p in TEAM}
    this_week = {name: status(tempo, a, MONDAY + timedelta(days=2)) for name, a in accounts.items()}
    assert this_week.pop(EARLY_SUBMITTER) == IN_REVIEW
    assert set(this_week.values()) == {OPEN}
    assert status(tempo, accounts[EARLY_SUBMITTER], LAST_MONDAY) == APPROVED
    assert status(tempo, accounts[SUBMITTER], LAST_MONDAY) == IN_REVIEW


def test_a_colleagues_submitted_week_refuses_writes(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    early = cloud.state.user_by(EARLY_SUBMITTER).account_id
    admin = {"Authorization": "Bearer " + tempo_token_for(cloud.state.user_by("pnatarajan").name)}
    before = len(cloud.state.all_worklogs())
    refused = tempo.post(
        "/4/worklogs",
        headers=admin,
        json={
            "authorAccountId": early,
            "issueId": cloud.state.issue("PLAT-2").id,
            "startDate": str(MONDAY + timedelta(days=1)),
            "timeSpentSeconds": 600,
            "attributes": ACCOUNT,
        },
    )
    assert refused.status_code == 400
    assert "submitted for approval" in refused.json()["errors"][0]["message"]
    assert len(cloud.state.all_worklogs()) == before
    assert create(tempo, cloud).status_code == 200  # my own week is open


def test_what_tempo_refuses_is_refused(cloud: JiraEmulator, tempo: httpx.Client) -> None:
    early = cloud.state.user_by(EARLY_SUBMITTER).account_id
    path = f"/4/timesheet-approvals/user/{early}"
    unknown = tempo.get(
        "/4/timesheet-approvals/user/712020:nobody", params={"from": str(MONDAY), "to": str(MONDAY)}
    )
    assert unknown.status_code == 404
    assert tempo.get(path, params={"from": str(MONDAY)}).status_code == 400
    backwards = {"from": str(MONDAY), "to": str(MONDAY - timedelta(days=1))}
    assert tempo.get(path, params=backwards).status_code == 400
    tempo_store(cloud.state).restrict(DEMO.tempo_token, {"worklogs", "schemes"})
    refused = tempo.get(path, params={"from": str(MONDAY), "to": str(MONDAY)})
    assert refused.status_code == 403
    assert "'approvals'" in refused.json()["errors"][0]["message"]
