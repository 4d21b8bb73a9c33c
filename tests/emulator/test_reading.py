"""Reading: worklog pages and windows, issue fields, configuration, people, the issue picker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from tuiws.emulator import JiraEmulator

from .conftest import client_for


def _many(cloud: JiraEmulator, count: int) -> str:
    key = cloud.state.add_issue("PLAT", "Many worklogs").key
    base = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    for index in range(count):
        cloud.state.add_worklog(key, "dreyes", base + timedelta(hours=index), 900)
    return key


def test_worklog_pages_oldest_first(cloud: JiraEmulator, cloud_client: httpx.Client) -> None:
    key = _many(cloud, 45)
    seen: list[str] = []
    start = 0
    while True:
        page = cloud_client.get(
            f"/rest/api/3/issue/{key}/worklog", params={"startAt": start, "maxResults": 20}
        ).json()
        assert page["total"] == 45
        assert page["maxResults"] == 20
        seen.extend(w["id"] for w in page["worklogs"])
        start += page["maxResults"]
        if start >= page["total"]:
            break
    assert len(seen) == 45 == len(set(seen))
    assert seen == sorted(seen, key=int)
    default = cloud_client.get(f"/rest/api/3/issue/{key}/worklog").json()
    assert default["maxResults"] == 5000 and len(default["worklogs"]) == 45


def test_started_after_inclusive_before_exclusive(
    cloud: JiraEmulator, cloud_client: httpx.Client
) -> None:
    key = _many(cloud, 10)  # hourly from 2026-05-01 08:00 UTC
    after = int(datetime(2026, 5, 1, 10, 0, tzinfo=UTC).timestamp() * 1000)
    before = int(datetime(2026, 5, 1, 13, 0, tzinfo=UTC).timestamp() * 1000)
    page = cloud_client.get(
        f"/rest/api/3/issue/{key}/worklog",
        params={"startedAfter": after, "startedBefore": before},
    ).json()
    assert page["total"] == 3
    started = [w["started"] for w in page["worklogs"]]
    assert started == [
        "2026-05-01T12:00:00.000+0200",
        "2026-05-01T13:00:00.000+0200",
        "2026-05-01T14:00:00.000+0200",
    ]


def test_embedded_worklog_field_stops_at_20(
    cloud: JiraEmulator, cloud_client: httpx.Client
) -> None:
    key = _many(cloud, 25)
    issue = cloud_client.get(
        f"/rest/api/3/issue/{key}",
        params={"fields": "summary,status,timetracking,worklog,project"},
    ).json()
    fields = issue["fields"]
    assert set(fields) == {"summary", "status", "timetracking", "worklog", "project"}
    assert fields["worklog"]["total"] == 25
    assert fields["worklog"]["maxResults"] == 20
    assert len(fields["worklog"]["worklogs"]) == 20
    assert fields["status"]["name"] == "In Progress"
    assert fields["project"]["key"] == "PLAT"
    assert fields["timetracking"]["timeSpentSeconds"] == 25 * 900
    assert issue["key"] == key and issue["self"].endswith(f"/issue/{issue['id']}")


def test_issue_without_fields_param_has_everything(cloud_client: httpx.Client) -> None:
    fields = cloud_client.get("/rest/api/3/issue/PLAT-1").json()["fields"]
    for name in ("summary", "status", "timetracking", "timespent", "timeestimate", "worklog"):
        assert name in fields


def test_configuration_and_timetracking_options(cloud: JiraEmulator) -> None:
    with client_for(cloud) as demo:
        config = demo.get("/rest/api/3/configuration").json()
        assert config["timeTrackingEnabled"] is True
        assert config["timeTrackingConfiguration"] == {
            "workingHoursPerDay": 8.0,
            "workingDaysPerWeek": 5.0,
            "timeFormat": "pretty",
            "defaultUnit": "minute",
        }
        assert demo.get("/rest/api/3/configuration/timetracking/options").status_code == 403
    with client_for(cloud, "pnatarajan") as admin:
        options = admin.get("/rest/api/3/configuration/timetracking/options")
        assert options.status_code == 200
        assert options.json()["workingHoursPerDay"] == 8.0


def test_users_by_id_and_search(cloud: JiraEmulator, server: JiraEmulator) -> None:
    marcus = cloud.state.user_by("mwebb")
    with client_for(cloud) as client:
        found = client.get("/rest/api/3/user", params={"accountId": marcus.account_id}).json()
        assert found["displayName"] == "Marcus Webb"
        assert found["timeZone"] == "America/New_York"
        matches = client.get("/rest/api/3/user/search", params={"query": "marc"}).json()
        assert [m["accountId"] for m in matches] == [marcus.account_id]
        missing = client.get("/rest/api/3/user", params={"accountId": "712020:nobody"})
        assert missing.status_code == 404
    with client_for(server) as client:
        found = client.get("/rest/api/2/user", params={"username": "mwebb"}).json()
        assert found["name"] == "mwebb" and found["key"] == "mwebb"
        by_mail = client.get("/rest/api/2/user/search", params={"username": "chloe"}).json()
        assert by_mail[0]["key"].startswith("JIRAUSER")


def test_issue_picker_sections(cloud_client: httpx.Client) -> None:
    body = cloud_client.get("/rest/api/3/issue/picker", params={"query": "support"}).json()
    labels = [s["label"] for s in body["sections"]]
    assert labels == ["History Search", "Current Search"]
    everything = [i for s in body["sections"] for i in s["issues"]]
    assert any(i["key"] == "INT-3" for i in everything)
    row = next(i for i in everything if i["key"] == "INT-3")
    assert row["summaryText"] == "Support rotation"
    assert "<b>" in row["summary"]
    assert isinstance(row["id"], int)
    assert body["sections"][0]["sub"].startswith("Showing ")
    by_key = cloud_client.get("/rest/api/3/issue/picker", params={"query": "MOB-1"}).json()
    keys = {i["key"] for s in by_key["sections"] for i in s["issues"]}
    assert "MOB-1" in keys
    hidden = cloud_client.get("/rest/api/3/issue/picker", params={"query": "budget"}).json()
    assert all(not s["issues"] for s in hidden["sections"])  # FIN is not browsable


def test_rendered_zone_is_the_viewers(cloud: JiraEmulator) -> None:
    key = _many(cloud, 1)
    with client_for(cloud, "jkim") as los_angeles, client_for(cloud) as berlin:
        la = los_angeles.get(f"/rest/api/3/issue/{key}/worklog").json()["worklogs"][0]
        de = berlin.get(f"/rest/api/3/issue/{key}/worklog").json()["worklogs"][0]
    assert la["started"] == "2026-05-01T01:00:00.000-0700"
    assert de["started"] == "2026-05-01T10:00:00.000+0200"
