"""One state under every API: a worklog written through Tempo or Everit is a Jira worklog (in
the issue's list and the feeds), and one deleted through Jira is in Tempo's deleted events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from tuiws.emulator import DEMO, JiraEmulator
from tuiws.emulator.everit import BASE_PATH as EVERIT
from tuiws.emulator.tempo import tempo_store

from .conftest import TODAY, Clock, adf_doc, client_for

TUESDAY = TODAY - timedelta(days=TODAY.weekday() - 1)
ACCOUNT = [{"key": "_Account_", "value": "PLATFORM-CAPEX"}]


@pytest.fixture
def clients(cloud: JiraEmulator) -> Iterator[tuple[httpx.Client, httpx.Client, httpx.Client]]:
    """(Jira, Tempo, Everit) clients for the demo user on one emulator."""
    tempo_store(cloud.state).rate_limit = None
    with (
        client_for(cloud) as jira,
        httpx.Client(
            base_url=f"{cloud.url}/tempo",
            headers={"Authorization": f"Bearer {DEMO.tempo_token}"},
        ) as tempo,
        httpx.Client(
            base_url=cloud.url + EVERIT,
            headers={
                "x-everit-api-key": DEMO.everit_api_key,
                "x-requested-by": "tuiws",
                "x-timezone": "Europe/Berlin",
            },
        ) as everit,
    ):
        yield jira, tempo, everit


def _feed(jira: httpx.Client, kind: str, since: int) -> set[int]:
    page = jira.get(f"/rest/api/3/worklog/{kind}", params={"since": since}).json()
    assert page["lastPage"] is True
    return {v["worklogId"] for v in page["values"]}


def _jira_ids(jira: httpx.Client, key: str) -> set[int]:
    page = jira.get(f"/rest/api/3/issue/{key}/worklog").json()
    return {int(w["id"]) for w in page["worklogs"]}


def test_tempo_and_everit_writes_are_jira_worklogs(
    clock: Clock, cloud: JiraEmulator, clients: tuple[httpx.Client, httpx.Client, httpx.Client]
) -> None:
    jira, tempo, everit = clients
    since = int(clock.now.timestamp() * 1000)
    via_tempo: dict[str, Any] = tempo.post(
        "/4/worklogs",
        json={
            "authorAccountId": cloud.state.demo_user.account_id,
            "issueId": cloud.state.issue("PLAT-2").id,
            "startDate": str(TUESDAY),
            "startTime": "14:00:00",
            "timeSpentSeconds": 2700,
            "description": "Through Tempo",
            "attributes": ACCOUNT,
        },
    ).json()
    via_everit: dict[str, Any] = everit.post(
        "/worklog",
        json={
            "workDate": str(TUESDAY),
            "workStartTime": "16:00",
            "durationInSeconds": 1200,
            "issueId": cloud.state.issue("PLAT-2").id,
            "description": "Through Everit",
        },
    ).json()
    ids = {via_tempo["jiraWorklogId"], via_everit["jiraWorklogId"]}
    assert ids <= _jira_ids(jira, "PLAT-2")
    shown = jira.get(f"/rest/api/3/issue/PLAT-2/worklog/{via_everit['jiraWorklogId']}").json()
    assert shown["started"] == f"{TUESDAY}T16:00:00.000+0200"
    assert shown["comment"] == adf_doc("Through Everit")
    assert shown["author"]["accountId"] == cloud.state.demo_user.account_id
    clock.advance(seconds=61)  # past Jira's feed lag
    assert ids <= _feed(jira, "updated", since)
    listed = jira.post("/rest/api/3/worklog/list", json={"ids": sorted(ids)}).json()
    assert {int(w["id"]) for w in listed} == ids
    # Each product sees the other's worklog too: they are all Jira worklogs.
    report = everit.post(
        "/report/details",
        json={"startDate": str(TUESDAY), "endDate": str(TUESDAY), "maxResults": 1000},
    ).json()
    assert via_tempo["jiraWorklogId"] in {v["worklog"]["jiraWorklogId"] for v in report["values"]}
    mine = tempo.get(
        f"/4/worklogs/user/{cloud.state.demo_user.account_id}",
        params={"from": str(TUESDAY), "to": str(TUESDAY)},
    ).json()["results"]
    assert via_everit["jiraWorklogId"] in {r["jiraWorklogId"] for r in mine}


def test_deletions_through_any_api_reach_the_others(
    clock: Clock, cloud: JiraEmulator, clients: tuple[httpx.Client, httpx.Client, httpx.Client]
) -> None:
    jira, tempo, everit = clients
    since_ms = int(clock.now.timestamp() * 1000)
    since = clock.now.strftime("%Y-%m-%dT%H:%M:%SZ")
    made = jira.post(
        "/rest/api/3/issue/PLAT-2/worklog",
        json={"started": f"{TUESDAY}T09:00:00.000+0200", "timeSpentSeconds": 600},
    ).json()
    jira_id = int(made["id"])
    tempo_id = tempo.post("/4/worklogs/jira-to-tempo", json={"jiraWorklogIds": [jira_id]}).json()[
        "results"
    ][0]["tempoWorklogId"]
    assert jira.delete(f"/rest/api/3/issue/PLAT-2/worklog/{jira_id}").status_code == 204
    by_everit = everit.post(
        "/worklog",
        json={
            "workDate": str(TUESDAY),
            "durationInSeconds": 600,
            "issueId": cloud.state.issue("PLAT-2").id,
        },
    ).json()
    gone = everit.delete("/worklog", params={"worklogId": by_everit["worklogId"]})
    assert gone.json() == {"error": None}
    clock.advance(seconds=61)
    events = tempo.get(
        "/papertrail/1/events/deleted/types/worklog", params={"updatedFrom": since}
    ).json()["results"]
    assert [e["jiraWorklogId"] for e in events] == [str(jira_id), str(by_everit["jiraWorklogId"])]
    assert events[0]["tempoWorklogId"] == str(tempo_id)
    assert _feed(jira, "deleted", since_ms) == {jira_id, by_everit["jiraWorklogId"]}
    assert tempo.get(f"/4/worklogs/{tempo_id}").status_code == 404


def test_the_write_log_counts_every_apis_writes_and_no_reads(
    cloud: JiraEmulator, clients: tuple[httpx.Client, httpx.Client, httpx.Client]
) -> None:
    jira, tempo, everit = clients
    me = cloud.state.demo_user.account_id
    tempo.post("/4/worklogs/search", json={"authorIds": [me]})
    tempo.post("/4/worklogs/jira-to-tempo", json={"jiraWorklogIds": [10000]})
    everit.post("/report/details", json={"startDate": str(TUESDAY), "endDate": str(TUESDAY)})
    jira.post("/rest/api/3/worklog/list", json={"ids": [10000]})
    assert cloud.writes() == []
    made = everit.post(
        "/worklog",
        json={"workDate": str(TUESDAY), "durationInSeconds": 600, "issueId": 10001},
    ).json()
    everit.patch(
        "/worklog", json={"worklogId": made["worklogId"], "partialWorklog": {"description": "x"}}
    )
    tempo.post(
        "/4/worklogs",
        json={
            "authorAccountId": me,
            "issueId": 10001,
            "startDate": str(TUESDAY),
            "timeSpentSeconds": 600,
            "attributes": ACCOUNT,
        },
    )
    assert [(r.method, r.path.rsplit("/", 2)[-1]) for r in cloud.writes()] == [
        ("POST", "worklog"),
        ("PATCH", "worklog"),
        ("POST", "worklogs"),
    ]
