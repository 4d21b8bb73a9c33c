"""`adjustEstimate` per verb, its companion parameters, and remaining-estimate bookkeeping."""

from __future__ import annotations

import httpx
import pytest

from tuiws.emulator import JiraEmulator

STARTED = "2026-05-26T10:00:00.000+0200"
HOUR = 3600


@pytest.fixture
def issue_key(cloud: JiraEmulator) -> str:
    issue = cloud.state.add_issue(
        "PLAT", "Estimate playground", original_estimate_seconds=10 * HOUR
    )
    return issue.key


def remaining(cloud: JiraEmulator, key: str) -> int | None:
    return cloud.state.issue(key).remaining_estimate_seconds


def add(client: httpx.Client, key: str, seconds: int, **params: str) -> httpx.Response:
    return client.post(
        f"/rest/api/3/issue/{key}/worklog",
        params=params,
        json={"started": STARTED, "timeSpentSeconds": seconds},
    )


def test_add_auto_leave_new_manual(
    cloud: JiraEmulator, cloud_client: httpx.Client, issue_key: str
) -> None:
    assert add(cloud_client, issue_key, 2 * HOUR).status_code == 201  # auto is the default
    assert remaining(cloud, issue_key) == 8 * HOUR
    assert add(cloud_client, issue_key, HOUR, adjustEstimate="leave").status_code == 201
    assert remaining(cloud, issue_key) == 8 * HOUR
    assert (
        add(cloud_client, issue_key, HOUR, adjustEstimate="new", newEstimate="1d").status_code
        == 201
    )
    assert remaining(cloud, issue_key) == 8 * HOUR  # 1d is the instance's 8 h day
    manual = add(cloud_client, issue_key, HOUR, adjustEstimate="manual", reduceBy="90m")
    assert manual.status_code == 201
    assert remaining(cloud, issue_key) == 8 * HOUR - 90 * 60
    # auto never goes below zero
    add(cloud_client, issue_key, 20 * HOUR)
    assert remaining(cloud, issue_key) == 0


def test_add_companions_are_required(cloud_client: httpx.Client, issue_key: str) -> None:
    missing_new = add(cloud_client, issue_key, HOUR, adjustEstimate="new")
    assert missing_new.status_code == 400
    assert "newEstimate" in missing_new.json()["errors"]
    bad_new = add(cloud_client, issue_key, HOUR, adjustEstimate="new", newEstimate="soon")
    assert bad_new.status_code == 400
    missing_reduce = add(cloud_client, issue_key, HOUR, adjustEstimate="manual")
    assert missing_reduce.status_code == 400
    assert "reduceBy" in missing_reduce.json()["errors"]
    unknown_mode = add(cloud_client, issue_key, HOUR, adjustEstimate="sometimes")
    assert unknown_mode.status_code == 400
    assert "adjustEstimate" in unknown_mode.json()["errors"]


def test_update_has_no_manual_and_auto_uses_the_delta(
    cloud: JiraEmulator, cloud_client: httpx.Client, issue_key: str
) -> None:
    created = add(cloud_client, issue_key, 2 * HOUR).json()
    url = f"/rest/api/3/issue/{issue_key}/worklog/{created['id']}"
    assert remaining(cloud, issue_key) == 8 * HOUR
    manual = cloud_client.put(
        url, params={"adjustEstimate": "manual", "reduceBy": "1h"}, json={"timeSpentSeconds": HOUR}
    )
    assert manual.status_code == 400
    assert cloud.state.worklog(created["id"]).time_spent_seconds == 2 * HOUR  # not applied
    cloud_client.put(url, json={"timeSpentSeconds": 3 * HOUR})
    assert remaining(cloud, issue_key) == 7 * HOUR
    cloud_client.put(url, json={"timeSpentSeconds": HOUR})
    assert remaining(cloud, issue_key) == 9 * HOUR
    same = {"timeSpentSeconds": HOUR}
    cloud_client.put(url, params={"adjustEstimate": "new", "newEstimate": "2h 30m"}, json=same)
    assert remaining(cloud, issue_key) == 2 * HOUR + 1800
    missing = cloud_client.put(url, params={"adjustEstimate": "new"}, json=same)
    assert missing.status_code == 400


def test_delete_auto_new_manual_leave(
    cloud: JiraEmulator, cloud_client: httpx.Client, issue_key: str
) -> None:
    ids = [add(cloud_client, issue_key, HOUR).json()["id"] for _ in range(4)]
    assert remaining(cloud, issue_key) == 6 * HOUR

    def delete(worklog_id: str, **params: str) -> httpx.Response:
        return cloud_client.delete(
            f"/rest/api/3/issue/{issue_key}/worklog/{worklog_id}", params=params
        )

    assert delete(ids[0]).status_code == 204
    assert remaining(cloud, issue_key) == 7 * HOUR
    missing = delete(ids[1], adjustEstimate="manual")
    assert missing.status_code == 400
    assert "increaseBy" in missing.json()["errors"]
    assert delete(ids[1], adjustEstimate="manual", increaseBy="30m").status_code == 204
    assert remaining(cloud, issue_key) == 7 * HOUR + 1800
    assert delete(ids[2], adjustEstimate="new", newEstimate="45").status_code == 204
    assert remaining(cloud, issue_key) == 45 * 60  # a bare number is minutes
    assert delete(ids[3], adjustEstimate="leave").status_code == 204
    assert remaining(cloud, issue_key) == 45 * 60


def test_day_length_follows_the_instance(cloud: JiraEmulator, cloud_client: httpx.Client) -> None:
    cloud.state.hours_per_day = 7.5
    key = cloud.state.add_issue("PLAT", "Short days", original_estimate_seconds=0).key
    add(cloud_client, key, HOUR, adjustEstimate="new", newEstimate="2d")
    assert remaining(cloud, key) == 15 * HOUR
    config = cloud_client.get("/rest/api/3/configuration").json()
    assert config["timeTrackingConfiguration"]["workingHoursPerDay"] == 7.5
    issue = cloud_client.get(f"/rest/api/3/issue/{key}", params={"fields": "timetracking"}).json()
    assert issue["fields"]["timetracking"]["remainingEstimate"] == "2d"
    assert issue["fields"]["timetracking"]["timeSpent"] == "1h"
