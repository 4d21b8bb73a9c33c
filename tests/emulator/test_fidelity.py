"""Where the emulator once accepted what Jira refuses, or answered in another shape (issue 11).

Each test pins Jira's own answer, as its REST clients (pycontribs `jira`,
`atlassian-python-api`) and a strict server see it.
"""

from __future__ import annotations

import httpx
import pytest

from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import TIME_TRACKING_OFF

from .conftest import adf_doc, api, client_for

STARTED = "2026-05-26T09:30:00.000+0200"
ISSUE = "PLAT-3"


def _add(
    client: httpx.Client, prefix: str, body: dict[str, object], **params: str
) -> httpx.Response:
    return client.post(f"{prefix}/issue/{ISSUE}/worklog", params=params, json=body)


# ---------------------------------------------------------------- endpoints served


@pytest.mark.parametrize("version", ["2", "3"])
def test_field_list_is_served(cloud: JiraEmulator, version: str) -> None:
    with client_for(cloud) as client:
        response = client.get(f"/rest/api/{version}/field")
    assert response.status_code == 200
    fields = {f["id"]: f for f in response.json()}
    assert {"summary", "worklog", "timetracking", "issuekey"} <= set(fields)
    assert "summary" in fields["summary"]["clauseNames"]
    assert fields["summary"]["schema"] == {"type": "string", "system": "summary"}
    assert fields["summary"]["custom"] is False


def test_server_field_list_is_served(server: JiraEmulator) -> None:
    with client_for(server) as client:
        response = client.get("/rest/api/2/field")
    assert response.status_code == 200
    assert "worklog" in {f["id"] for f in response.json()}


def test_latest_is_version_2_on_both_flavors(any_flavor: JiraEmulator) -> None:
    with client_for(any_flavor) as client:
        me = client.get("/rest/api/latest/myself")
        assert me.status_code == 200
        assert me.json()["displayName"] == "Dana Reyes"
        worklogs = client.get(f"/rest/api/latest/issue/{ISSUE}/worklog")
    assert worklogs.status_code == 200
    first = worklogs.json()["worklogs"][0]
    assert "/rest/api/2/issue/" in first["self"]
    assert first.get("comment") is None or isinstance(first["comment"], str)  # v2: strings


# ---------------------------------------------------------------- refused with 400


def test_update_with_nothing_to_change_is_refused(any_flavor: JiraEmulator) -> None:
    prefix = api(any_flavor)
    with client_for(any_flavor) as client:
        created = _add(client, prefix, {"started": STARTED, "timeSpentSeconds": 600}).json()
        url = f"{prefix}/issue/{ISSUE}/worklog/{created['id']}"
        response = client.put(url, json={})
        assert response.status_code == 400
        assert response.json()["errorMessages"]
        assert client.get(url).json()["updated"] == created["updated"]  # not touched


def test_time_spent_and_seconds_together_are_refused(any_flavor: JiraEmulator) -> None:
    prefix = api(any_flavor)
    before = len(any_flavor.state.all_worklogs())
    body = {"started": STARTED, "timeSpent": "1h", "timeSpentSeconds": 3600}
    with client_for(any_flavor) as client:
        response = _add(client, prefix, body)
    assert response.status_code == 400
    assert "timeLogged" in response.json()["errors"]
    assert len(any_flavor.state.all_worklogs()) == before


def test_time_spent_seconds_must_be_a_json_integer(any_flavor: JiraEmulator) -> None:
    prefix = api(any_flavor)
    with client_for(any_flavor) as client:
        as_text = _add(client, prefix, {"started": STARTED, "timeSpentSeconds": "3600"})
    assert as_text.status_code == 400
    assert "timeLogged" in as_text.json()["errors"]


def test_worklog_list_takes_integer_ids_only(any_flavor: JiraEmulator) -> None:
    known = any_flavor.state.all_worklogs()[0].id
    with client_for(any_flavor) as client:
        url = f"{api(any_flavor)}/worklog/list"
        as_text = client.post(url, json={"ids": [str(known)]})
        as_number = client.post(url, json={"ids": [known]})
    assert as_text.status_code == 400
    assert as_number.status_code == 200
    assert [w["id"] for w in as_number.json()] == [str(known)]


def test_search_jql_body_refuses_unknown_fields(cloud: JiraEmulator) -> None:
    with client_for(cloud) as client:
        url = "/rest/api/3/search/jql"
        refused = client.post(url, json={"jql": "project = PLAT", "startAt": 0})
        known = client.post(
            url, json={"jql": "project = PLAT", "maxResults": 5, "reconcileIssues": []}
        )
    assert refused.status_code == 400
    assert 'Unrecognized field "startAt"' in refused.json()["errorMessages"][0]
    assert known.status_code == 200


def test_server_search_body_refuses_unknown_fields(server: JiraEmulator) -> None:
    with client_for(server) as client:
        refused = client.post(
            "/rest/api/2/search", json={"jql": "project = PLAT", "nextPageToken": "x"}
        )
        known = client.post("/rest/api/2/search", json={"jql": "project = PLAT", "startAt": 1})
    assert refused.status_code == 400
    assert known.status_code == 200 and known.json()["startAt"] == 1


# ---------------------------------------------------------------- status codes


def test_worklogs_of_an_issue_without_time_tracking_are_not_found(
    any_flavor: JiraEmulator,
) -> None:
    prefix = api(any_flavor)
    with client_for(any_flavor) as client:
        listed = client.get(f"{prefix}/issue/{TIME_TRACKING_OFF}/worklog")
        one = client.get(f"{prefix}/issue/{TIME_TRACKING_OFF}/worklog/10000")
        issue = client.get(f"{prefix}/issue/{TIME_TRACKING_OFF}")
    assert listed.status_code == 404
    assert listed.json()["errorMessages"]
    assert one.status_code == 404
    assert issue.status_code == 200  # the issue itself stays readable


def test_non_numeric_paging_and_since_are_not_found(any_flavor: JiraEmulator) -> None:
    prefix = api(any_flavor)
    with client_for(any_flavor) as client:
        paged = client.get(f"{prefix}/issue/{ISSUE}/worklog", params={"startAt": "first"})
        sized = client.get(f"{prefix}/issue/{ISSUE}/worklog", params={"maxResults": "all"})
        since = client.get(f"{prefix}/worklog/updated", params={"since": "yesterday"})
        deleted = client.get(f"{prefix}/worklog/deleted", params={"since": "1.5"})
    assert [r.status_code for r in (paged, sized, since, deleted)] == [404, 404, 404, 404]


def test_adjust_estimate_is_matched_ignoring_case(any_flavor: JiraEmulator) -> None:
    prefix = api(any_flavor)
    state = any_flavor.state
    key = state.add_issue("PLAT", "Estimated", original_estimate_seconds=8 * 3600).key
    with client_for(any_flavor) as client:
        url = f"{prefix}/issue/{key}/worklog"
        left = client.post(
            url,
            params={"adjustEstimate": "LEAVE"},
            json={"started": STARTED, "timeSpentSeconds": 3600},
        )
        assert left.status_code == 201, left.text
        assert state.issue(key).remaining_estimate_seconds == 8 * 3600
        renewed = client.post(
            url,
            params={"adjustEstimate": "New", "newEstimate": "2h"},
            json={"started": STARTED, "timeSpentSeconds": 3600},
        )
        assert renewed.status_code == 201
        assert state.issue(key).remaining_estimate_seconds == 2 * 3600
        gone = client.delete(f"{url}/{left.json()['id']}", params={"adjustEstimate": "AUTO"})
    assert gone.status_code == 204
    assert state.issue(key).remaining_estimate_seconds == 3 * 3600


def test_thirty_seconds_are_accepted_and_shown_as_0m(any_flavor: JiraEmulator) -> None:
    prefix = api(any_flavor)
    with client_for(any_flavor) as client:
        response = _add(client, prefix, {"started": STARTED, "timeSpentSeconds": 30})
    assert response.status_code == 201, response.text
    assert response.json()["timeSpentSeconds"] == 30
    assert response.json()["timeSpent"] == "0m"


# ---------------------------------------------------------------- shapes


@pytest.mark.parametrize("feed", ["updated", "deleted"])
def test_server_feeds_carry_is_last_page(server: JiraEmulator, feed: str) -> None:
    with client_for(server) as client:
        page = client.get(f"/rest/api/2/worklog/{feed}", params={"since": "0"}).json()
    assert page["isLastPage"] is page["lastPage"]


def test_cloud_feeds_say_last_page_only(cloud: JiraEmulator) -> None:
    with client_for(cloud) as client:
        page = client.get("/rest/api/3/worklog/updated", params={"since": "0"}).json()
    assert "lastPage" in page and "isLastPage" not in page


def test_v2_worklog_without_a_comment_leaves_the_field_out(any_flavor: JiraEmulator) -> None:
    with client_for(any_flavor) as client:
        created = _add(client, "/rest/api/2", {"started": STARTED, "timeSpentSeconds": 600})
        assert created.status_code == 201
        assert "comment" not in created.json()
        wid = created.json()["id"]
        listed = client.post("/rest/api/2/worklog/list", json={"ids": [int(wid)]}).json()
        assert "comment" not in listed[0]


def test_server_myself_says_whether_the_account_is_deleted(server: JiraEmulator) -> None:
    with client_for(server) as client:
        me = client.get("/rest/api/2/myself").json()
    assert me["deleted"] is False


def test_v2_comment_object_on_server_is_refused(server: JiraEmulator) -> None:
    with client_for(server) as client:
        response = _add(
            client,
            "/rest/api/2",
            {"started": STARTED, "timeSpentSeconds": 600, "comment": adf_doc("x")},
        )
    assert response.status_code == 400
