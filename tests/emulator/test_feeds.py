"""The instance-wide feeds (`worklog/updated`, `worklog/deleted`) and `worklog/list`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from tuiws.emulator import JiraEmulator

from .conftest import Clock

BODY = {"started": "2026-05-26T09:00:00.000+0200", "timeSpentSeconds": 1800}


def _walk(client: httpx.Client, kind: str, since: int) -> tuple[list[int], int, int]:
    """Follow nextPage to the end: (ids, pages, final until)."""
    ids: list[int] = []
    pages = 0
    url = f"/rest/api/3/worklog/{kind}?since={since}"
    while True:
        page = client.get(url).json()
        pages += 1
        ids.extend(v["worklogId"] for v in page["values"])
        assert all(v["properties"] == [] for v in page["values"])
        times = [v["updatedTime"] for v in page["values"]]
        assert times == sorted(times)
        if page["lastPage"]:
            assert "nextPage" not in page
            return ids, pages, int(page["until"])
        assert page["nextPage"].endswith(f"since={page['until']}")
        url = page["nextPage"]


def test_updated_feed_pages_by_1000_and_lags_a_minute(
    clock: Clock, cloud: JiraEmulator, cloud_client: httpx.Client
) -> None:
    start = clock.now
    since = int(start.timestamp() * 1000)
    key = cloud.state.add_issue("PLAT", "Bulk import").key
    created = [
        cloud.state.add_worklog(
            key, "dreyes", start, 600, created=start + timedelta(milliseconds=index)
        ).id
        for index in range(2300)
    ]
    # Everything is younger than a minute: nothing yet.
    first = cloud_client.get("/rest/api/3/worklog/updated", params={"since": since}).json()
    assert first["values"] == [] and first["lastPage"] is True
    clock.advance(seconds=62.5)  # the newest is 2.3 s younger than the oldest
    ids, pages, until = _walk(cloud_client, "updated", since)
    assert pages == 3
    assert set(created) <= set(ids)
    assert until == since + 2299
    page = cloud_client.get("/rest/api/3/worklog/updated", params={"since": since}).json()
    assert len(page["values"]) == 1000
    assert page["since"] == since
    assert page["self"].endswith(f"/rest/api/3/worklog/updated?since={since}")


def test_http_writes_show_up_after_the_lag(
    clock: Clock, cloud: JiraEmulator, cloud_client: httpx.Client
) -> None:
    since = int(clock.now.timestamp() * 1000)
    made = cloud_client.post("/rest/api/3/issue/PLAT-2/worklog", json=BODY).json()
    url = f"/rest/api/3/issue/PLAT-2/worklog/{made['id']}"
    assert (
        cloud_client.get("/rest/api/3/worklog/updated", params={"since": since}).json()["values"]
        == []
    )
    clock.advance(seconds=30)
    cloud_client.delete(url)
    clock.advance(seconds=45)
    updated, _, _ = _walk(cloud_client, "updated", since)
    assert int(made["id"]) not in updated  # it no longer exists
    deleted = cloud_client.get("/rest/api/3/worklog/deleted", params={"since": since}).json()
    assert deleted["values"] == []  # deleted 45 s ago: still inside the lag
    clock.advance(seconds=20)
    deleted_ids, _, _ = _walk(cloud_client, "deleted", since)
    assert deleted_ids == [int(made["id"])]


def test_feed_hides_unbrowsable_issues(cloud: JiraEmulator, cloud_client: httpx.Client) -> None:
    ids, _, _ = _walk(cloud_client, "updated", 0)
    hidden = {w.id for w in cloud.state.worklogs_for("FIN-1")}
    assert hidden and not hidden & set(ids)
    assert len(ids) >= 500


def test_worklog_list_hydrates_and_caps(cloud: JiraEmulator, cloud_client: httpx.Client) -> None:
    visible = [w.id for w in cloud.state.worklogs_for("PLAT-1")][:3] or [
        cloud.state.add_worklog("PLAT-1", "dreyes", datetime(2026, 5, 1, tzinfo=UTC), 600).id
    ]
    hidden = [w.id for w in cloud.state.worklogs_for("FIN-1")][:2]
    listed = cloud_client.post(
        "/rest/api/3/worklog/list", json={"ids": visible + hidden + [99999999]}
    )
    assert listed.status_code == 200
    assert sorted(int(w["id"]) for w in listed.json()) == sorted(visible)
    assert listed.json()[0]["comment"] is None or isinstance(listed.json()[0]["comment"], dict)
    empty = cloud_client.post("/rest/api/3/worklog/list", json={"ids": []})
    assert empty.status_code == 400
    too_many = cloud_client.post("/rest/api/3/worklog/list", json={"ids": list(range(1, 1002))})
    assert too_many.status_code == 400
    assert (
        cloud_client.post(
            "/rest/api/3/worklog/list", json={"ids": list(range(1, 1001))}
        ).status_code
        == 200
    )
    v2 = cloud_client.post("/rest/api/2/worklog/list", json={"ids": visible}).json()
    assert all(isinstance(w.get("comment", ""), str) for w in v2)
