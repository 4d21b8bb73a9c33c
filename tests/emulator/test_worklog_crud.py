"""Worklog create/read/update/delete, body validation and comment formats, as Jira does them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tuiws.emulator import MAX_BODY, JiraEmulator

from .conftest import adf_doc, api, client_for, comment_for

STARTED = "2026-05-26T09:30:00.000+0200"
ISSUE = "PLAT-3"


def test_crud_round_trip(any_flavor: JiraEmulator) -> None:
    prefix = api(any_flavor)
    with client_for(any_flavor) as client:
        created = client.post(
            f"{prefix}/issue/{ISSUE}/worklog",
            json={
                "started": STARTED,
                "timeSpentSeconds": 5400,
                "comment": comment_for(any_flavor, "Reviewed the auth PR"),
            },
        )
        assert created.status_code == 201, created.text
        worklog = created.json()
        assert worklog["timeSpent"] == "1h 30m"
        assert worklog["timeSpentSeconds"] == 5400
        assert isinstance(worklog["id"], str) and isinstance(worklog["issueId"], str)
        assert worklog["started"] == STARTED  # rendered in the demo user's zone (Berlin, CEST)
        assert worklog["author"]["displayName"] == "Dana Reyes"
        assert worklog["comment"] == comment_for(any_flavor, "Reviewed the auth PR")
        url = f"{prefix}/issue/{ISSUE}/worklog/{worklog['id']}"

        fetched = client.get(url)
        assert fetched.status_code == 200
        assert fetched.json()["id"] == worklog["id"]

        updated = client.put(url, json={"timeSpentSeconds": 3600})
        assert updated.status_code == 200
        assert updated.json()["timeSpent"] == "1h"
        assert updated.json()["comment"] == worklog["comment"]  # untouched

        deleted = client.delete(url)
        assert deleted.status_code == 204
        assert deleted.content == b""
        assert client.get(url).status_code == 404


def test_v3_requires_adf_comment(cloud_client: httpx.Client) -> None:
    response = cloud_client.post(
        f"/rest/api/3/issue/{ISSUE}/worklog",
        json={"started": STARTED, "timeSpentSeconds": 600, "comment": "plain text"},
    )
    assert response.status_code == 400
    assert response.json()["errors"]["comment"].startswith("Comment must be a valid Atlassian")
    bad_doc = {"type": "doc", "version": 1, "content": [{"type": "text", "text": ""}]}
    response = cloud_client.post(
        f"/rest/api/3/issue/{ISSUE}/worklog",
        json={"started": STARTED, "timeSpentSeconds": 600, "comment": bad_doc},
    )
    assert response.status_code == 400


def test_v2_takes_strings_and_refuses_objects(
    cloud: JiraEmulator, cloud_client: httpx.Client
) -> None:
    as_string = cloud_client.post(
        f"/rest/api/2/issue/{ISSUE}/worklog",
        json={"started": STARTED, "timeSpentSeconds": 600, "comment": "first line\nsecond"},
    )
    assert as_string.status_code == 201
    assert as_string.json()["comment"] == "first line\nsecond"
    # Read back through v3, the string comes as an ADF document.
    wid = as_string.json()["id"]
    v3 = cloud_client.get(f"/rest/api/3/issue/{ISSUE}/worklog/{wid}").json()
    assert v3["comment"]["type"] == "doc"
    assert len(v3["comment"]["content"]) == 2

    before = len(cloud.state.all_worklogs())
    as_object = cloud_client.post(
        f"/rest/api/2/issue/{ISSUE}/worklog",
        json={"started": STARTED, "timeSpentSeconds": 600, "comment": adf_doc("lost")},
    )
    assert as_object.status_code == 400
    assert "java.lang.String" in as_object.json()["errorMessages"][0]
    assert len(cloud.state.all_worklogs()) == before  # nothing stored, not even without it
    edit = cloud_client.put(
        f"/rest/api/2/issue/{ISSUE}/worklog/{wid}", json={"comment": adf_doc("lost")}
    )
    assert edit.status_code == 400
    assert cloud.state.worklog(wid).comment == "first line\nsecond"


def test_server_comment_is_a_plain_string(server_client: httpx.Client) -> None:
    response = server_client.post(
        f"/rest/api/2/issue/{ISSUE}/worklog",
        json={"started": STARTED, "timeSpentSeconds": 600, "comment": "Standup"},
    )
    assert response.status_code == 201
    assert response.json()["comment"] == "Standup"
    assert response.json()["author"]["name"] == "dreyes"


def test_cloud_v2_flattens_rich_adf(cloud: JiraEmulator, cloud_client: httpx.Client) -> None:
    mention = cloud.state.user_by("mwebb").account_id
    document = {
        "type": "doc",
        "version": 1,
        "content": [
            {
                "type": "paragraph",
                "content": [
                    {"type": "text", "text": "Paired with "},
                    {"type": "mention", "attrs": {"id": mention, "text": "@Marcus Webb"}},
                ],
            },
            {
                "type": "bulletList",
                "content": [
                    {
                        "type": "listItem",
                        "content": [
                            {"type": "paragraph", "content": [{"type": "text", "text": "one"}]}
                        ],
                    },
                    {
                        "type": "listItem",
                        "content": [
                            {"type": "paragraph", "content": [{"type": "text", "text": "two"}]}
                        ],
                    },
                ],
            },
        ],
    }
    created = cloud_client.post(
        f"/rest/api/3/issue/{ISSUE}/worklog",
        json={"started": STARTED, "timeSpentSeconds": 600, "comment": document},
    ).json()
    assert created["comment"] == document
    v2 = cloud_client.get(f"/rest/api/2/issue/{ISSUE}/worklog/{created['id']}").json()
    assert v2["comment"] == f"Paired with [~accountid:{mention}]\n* one\n* two"


@pytest.mark.parametrize(
    "started",
    [
        "2026-05-26T09:30:00.000Z",
        "2026-05-26T09:30:00.000+02:00",
        "2026-05-26T09:30:00+0200",
        "2026-05-26 09:30:00.000+0200",
        "2026-02-30T09:30:00.000+0100",
        "yesterday",
    ],
)
def test_strict_started_cloud_400_server_500(
    cloud_client: httpx.Client, server_client: httpx.Client, started: str
) -> None:
    body: dict[str, Any] = {"started": started, "timeSpentSeconds": 600}
    cloud_answer = cloud_client.post(f"/rest/api/3/issue/{ISSUE}/worklog", json=body)
    assert cloud_answer.status_code == 400
    assert "started" in cloud_answer.json()["errors"]
    server_answer = server_client.post(f"/rest/api/2/issue/{ISSUE}/worklog", json=body)
    assert server_answer.status_code == 500
    assert "ParseException" in server_answer.json()["errorMessages"][0]


def test_time_spent_rules(cloud_client: httpx.Client) -> None:
    url = f"/rest/api/3/issue/{ISSUE}/worklog"
    missing = cloud_client.post(url, json={"started": STARTED})
    assert missing.status_code == 400
    assert "timeLogged" in missing.json()["errors"]
    nothing = cloud_client.post(url, json={"started": STARTED, "timeSpentSeconds": 0})
    assert nothing.status_code == 400
    assert "timeLogged" in nothing.json()["errors"]
    bad_text = cloud_client.post(url, json={"started": STARTED, "timeSpent": "soon"})
    assert bad_text.status_code == 400
    as_text = cloud_client.post(url, json={"started": STARTED, "timeSpent": "1d 30m"})
    assert as_text.status_code == 201
    assert as_text.json()["timeSpentSeconds"] == 8 * 3600 + 1800
    bare = cloud_client.post(url, json={"started": STARTED, "timeSpent": "1"})
    assert bare.json()["timeSpentSeconds"] == 60  # a bare number is minutes to Jira


def test_malformed_and_oversized_bodies(cloud_client: httpx.Client) -> None:
    url = f"/rest/api/3/issue/{ISSUE}/worklog"
    headers = {"Content-Type": "application/json"}
    malformed = cloud_client.post(url, content=b"{not json", headers=headers)
    assert malformed.status_code == 400
    assert set(malformed.json()) == {"errorMessages", "errors"}
    huge = cloud_client.post(url, content=b" " * (MAX_BODY + 10), headers=headers)
    assert huge.status_code == 413
    # The connection is still usable afterwards.
    assert cloud_client.get("/rest/api/3/myself").status_code == 200


def test_author_is_always_the_caller_and_others_worklogs_are_not_editable(
    cloud: JiraEmulator, cloud_client: httpx.Client
) -> None:
    someone_else = cloud.state.user_by("mwebb")
    sent = cloud_client.post(
        f"/rest/api/3/issue/{ISSUE}/worklog",
        json={
            "started": STARTED,
            "timeSpentSeconds": 600,
            "author": {"accountId": someone_else.account_id},
        },
    ).json()
    assert sent["author"]["accountId"] == cloud.state.demo_user.account_id

    theirs = next(w for w in cloud.state.all_worklogs() if w.author == someone_else.account_id)
    issue_key = cloud.state.issue_of(theirs).key
    url = f"/rest/api/3/issue/{issue_key}/worklog/{theirs.id}"
    edit = cloud_client.put(url, json={"timeSpentSeconds": 600})
    assert edit.status_code == 403
    assert "Edit all worklogs" in edit.json()["errorMessages"][0]
    delete = cloud_client.delete(url)
    assert delete.status_code == 403
    assert "Delete all worklogs" in delete.json()["errorMessages"][0]
    # ... but they can edit their own.
    with client_for(cloud, "mwebb") as theirs_client:
        assert theirs_client.put(url, json={"timeSpentSeconds": 600}).status_code == 200


def test_unknown_issue_and_worklog_are_404(cloud_client: httpx.Client) -> None:
    unknown = cloud_client.post(
        "/rest/api/3/issue/NOPE-1/worklog", json={"started": STARTED, "timeSpentSeconds": 600}
    )
    assert unknown.status_code == 404
    assert unknown.json()["errorMessages"] == [
        "Issue does not exist or you do not have permission to see it."
    ]
    assert cloud_client.get(f"/rest/api/3/issue/{ISSUE}/worklog/1").status_code == 404


def test_issue_key_or_id_and_any_case(cloud: JiraEmulator, cloud_client: httpx.Client) -> None:
    issue = cloud.state.issue(ISSUE)
    by_id = cloud_client.get(f"/rest/api/3/issue/{issue.id}/worklog").json()
    by_key = cloud_client.get(f"/rest/api/3/issue/{ISSUE.lower()}/worklog").json()
    assert by_id["total"] == by_key["total"]
