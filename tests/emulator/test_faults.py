"""Rate-limit budget (429), injected failures, dropped connections, latency and parallelism."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from tuiws.emulator import DEMO, Budget, JiraEmulator

BODY = {"started": "2026-05-26T09:00:00.000+0200", "timeSpentSeconds": 1800}
ISSUE = "PLAT-5"


def test_budget_answers_429_with_headers_and_does_not_apply(
    cloud: JiraEmulator, cloud_client: httpx.Client
) -> None:
    cloud.set_budget(Budget(capacity=4, refill_per_second=0.5, write_cost=2))
    before = len(cloud.state.worklogs_for(ISSUE))
    assert cloud_client.post(f"/rest/api/3/issue/{ISSUE}/worklog", json=BODY).status_code == 201
    assert cloud_client.get("/rest/api/3/myself").status_code == 200
    refused = cloud_client.post(f"/rest/api/3/issue/{ISSUE}/worklog", json=BODY)
    assert refused.status_code == 429
    assert refused.json() == {"errorMessages": ["Rate limit exceeded."]}
    retry_after = int(refused.headers["Retry-After"])
    assert retry_after >= 1
    assert refused.headers["X-RateLimit-Limit"] == "4"
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert refused.headers["RateLimit-Reason"] == "jira-burst-based"
    assert "X-RateLimit-Reset" in refused.headers
    assert len(cloud.state.worklogs_for(ISSUE)) == before + 1
    # Unauthenticated requests are refused before they can spend anything.
    assert httpx.get(f"{cloud.url}/rest/api/3/myself").status_code == 401
    cloud.set_budget(None)
    assert cloud_client.post(f"/rest/api/3/issue/{ISSUE}/worklog", json=BODY).status_code == 201


def test_budget_refills(cloud: JiraEmulator, cloud_client: httpx.Client) -> None:
    cloud.set_budget(Budget(capacity=2, refill_per_second=20, write_cost=2))
    statuses = [cloud_client.get("/rest/api/3/myself").status_code for _ in range(4)]
    assert 429 in statuses
    time.sleep(0.2)
    assert cloud_client.get("/rest/api/3/myself").status_code == 200


def test_fail_next_is_not_applied(cloud: JiraEmulator, cloud_client: httpx.Client) -> None:
    before = len(cloud.state.worklogs_for(ISSUE))
    cloud.fail_next(2, 503, method="POST", path_contains="/worklog", retry_after=3)
    for _ in range(2):
        failed = cloud_client.post(f"/rest/api/3/issue/{ISSUE}/worklog", json=BODY)
        assert failed.status_code == 503
        assert failed.headers["Retry-After"] == "3"
        assert set(failed.json()) == {"errorMessages", "errors"}
    assert len(cloud.state.worklogs_for(ISSUE)) == before
    assert cloud_client.get("/rest/api/3/myself").status_code == 200  # GET did not match
    assert cloud_client.post(f"/rest/api/3/issue/{ISSUE}/worklog", json=BODY).status_code == 201
    cloud.fail_next(1, 429, retry_after=1)
    limited = cloud_client.get("/rest/api/3/myself")
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "1"
    assert [r.status for r in cloud.writes()] == [503, 503, 201]


def test_drop_next_applies_then_drops(cloud: JiraEmulator, cloud_client: httpx.Client) -> None:
    before = len(cloud.state.worklogs_for(ISSUE))
    cloud.drop_next(path_contains="/worklog")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        cloud_client.post(f"/rest/api/3/issue/{ISSUE}/worklog", json=BODY)
    assert len(cloud.state.worklogs_for(ISSUE)) == before + 1
    assert cloud.writes()[-1].status == 0
    # The client can read back and see the write landed exactly once.
    listed = cloud_client.get(f"/rest/api/3/issue/{ISSUE}/worklog").json()
    assert listed["total"] == before + 1


def test_drop_without_applying(cloud: JiraEmulator, cloud_client: httpx.Client) -> None:
    before = len(cloud.state.worklogs_for(ISSUE))
    cloud.drop_next(apply=False)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        cloud_client.post(f"/rest/api/3/issue/{ISSUE}/worklog", json=BODY)
    assert len(cloud.state.worklogs_for(ISSUE)) == before


async def test_latency_is_served_in_parallel(cloud: JiraEmulator) -> None:
    cloud.latency_ms = 200
    async with httpx.AsyncClient(base_url=cloud.url, auth=(DEMO.email, DEMO.api_token)) as client:
        began = time.perf_counter()
        responses = await asyncio.gather(*(client.get("/rest/api/3/myself") for _ in range(8)))
        elapsed = time.perf_counter() - began
    assert all(r.status_code == 200 for r in responses)
    assert 0.2 <= elapsed < 1.0  # eight 200 ms requests, not 1.6 s in a row


def test_request_log_and_writes(cloud: JiraEmulator, cloud_client: httpx.Client) -> None:
    cloud_client.get("/rest/api/3/myself")
    cloud_client.post(
        f"/rest/api/3/issue/{ISSUE}/worklog", params={"adjustEstimate": "leave"}, json=BODY
    )
    cloud_client.post("/rest/api/3/worklog/list", json={"ids": [1]})
    assert [r.method for r in cloud.requests] == ["GET", "POST", "POST"]
    (write,) = cloud.writes()
    assert write.query == {"adjustEstimate": ["leave"]}
    assert write.body == BODY
    assert write.status == 201
    cloud.clear_log()
    assert cloud.requests == []


def test_a_write_applied_then_answered_500(cloud: JiraEmulator, cloud_client: httpx.Client) -> None:
    before = len(cloud.state.worklogs_for(ISSUE))
    cloud.fail_next(1, 500, method="POST", apply=True)
    assert cloud_client.post(f"/rest/api/3/issue/{ISSUE}/worklog", json=BODY).status_code == 500
    assert len(cloud.state.worklogs_for(ISSUE)) == before + 1
    cloud.fail_next(1, 500, method="POST")  # without `apply`: refused and not applied
    assert cloud_client.post(f"/rest/api/3/issue/{ISSUE}/worklog", json=BODY).status_code == 500
    assert len(cloud.state.worklogs_for(ISSUE)) == before + 1


def test_a_slow_write_is_applied_before_its_late_answer(cloud: JiraEmulator) -> None:
    before = len(cloud.state.worklogs_for(ISSUE))
    cloud.delay_next(1, 1.0, method="POST")
    auth = (DEMO.email, DEMO.api_token)
    with (
        httpx.Client(base_url=cloud.url, auth=auth, timeout=0.2) as client,
        pytest.raises(httpx.ReadTimeout),
    ):
        client.post(f"/rest/api/3/issue/{ISSUE}/worklog", json=BODY)
    assert len(cloud.state.worklogs_for(ISSUE)) == before + 1


def test_worklog_properties_are_kept_and_shown_only_when_expanded(
    cloud: JiraEmulator, cloud_client: httpx.Client
) -> None:
    tag = [{"key": "tuiws.op", "value": {"op": "abc"}}]
    made = cloud_client.post(f"/rest/api/3/issue/{ISSUE}/worklog", json={**BODY, "properties": tag})
    assert made.status_code == 201 and "properties" not in made.json()
    worklog_id = made.json()["id"]
    one = cloud_client.get(f"/rest/api/3/issue/{ISSUE}/worklog/{worklog_id}?expand=properties")
    assert one.json()["properties"] == tag
    page = cloud_client.get(f"/rest/api/3/issue/{ISSUE}/worklog", params={"expand": "properties"})
    [mine] = [w for w in page.json()["worklogs"] if w["id"] == worklog_id]
    assert mine["properties"] == tag
    listed = cloud_client.post(
        "/rest/api/3/worklog/list?expand=properties", json={"ids": [int(worklog_id)]}
    )
    assert listed.json()[0]["properties"] == tag
    bad = cloud_client.post(
        f"/rest/api/3/issue/{ISSUE}/worklog", json={**BODY, "properties": [{"value": 1}]}
    )
    assert bad.status_code == 400


def test_a_fault_can_let_the_first_matches_through(
    cloud: JiraEmulator, cloud_client: httpx.Client
) -> None:
    cloud.fail_next(1, 500, method="GET", path_contains="/myself", after=2)
    codes = [cloud_client.get("/rest/api/3/myself").status_code for _ in range(4)]
    assert codes == [200, 200, 500, 200]
