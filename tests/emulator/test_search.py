"""Search: Cloud's /search/jql with page tokens, the removed /search, Server's /search, JQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
import pytest

from tuiws.emulator import JiraEmulator
from tuiws.emulator.jql import JqlError, parse

from .conftest import client_for


def test_search_jql_pages_by_token_without_total(cloud_client: httpx.Client) -> None:
    keys: list[str] = []
    token: str | None = None
    pages = 0
    while True:
        params: dict[str, str | int] = {
            "jql": "project = PLAT ORDER BY key ASC",
            "maxResults": 25,
            "fields": "summary",
        }
        if token:
            params["nextPageToken"] = token
        body = cloud_client.get("/rest/api/3/search/jql", params=params).json()
        assert "total" not in body
        pages += 1
        keys.extend(issue["key"] for issue in body["issues"])
        if body["isLast"]:
            assert "nextPageToken" not in body
            break
        token = body["nextPageToken"]
    assert pages == 3
    assert keys == [f"PLAT-{n}" for n in range(1, 61)]


def test_search_jql_post_and_id_only_default(cloud_client: httpx.Client) -> None:
    posted = cloud_client.post(
        "/rest/api/3/search/jql",
        json={"jql": "project = INT", "maxResults": 100, "fields": ["summary", "worklog"]},
    ).json()
    assert {i["fields"]["summary"] for i in posted["issues"]} >= {"Meetings", "Admin"}
    worklog = posted["issues"][0]["fields"]["worklog"]
    assert worklog["maxResults"] == 20 and len(worklog["worklogs"]) <= 20
    bare = cloud_client.get("/rest/api/3/search/jql", params={"jql": "project = INT"}).json()
    assert all(set(issue) == {"id"} for issue in bare["issues"])


def test_search_jql_refuses_unbounded_and_bad_tokens(cloud_client: httpx.Client) -> None:
    unbounded = cloud_client.get("/rest/api/3/search/jql", params={"jql": "ORDER BY key"})
    assert unbounded.status_code == 400
    bad = cloud_client.get(
        "/rest/api/3/search/jql", params={"jql": "project = OPS", "nextPageToken": "garbage"}
    )
    assert bad.status_code == 400


def test_cloud_search_is_gone(cloud_client: httpx.Client) -> None:
    for version in (2, 3):
        gone = cloud_client.get(f"/rest/api/{version}/search", params={"jql": "project = OPS"})
        assert gone.status_code == 410
        assert "/search/jql" in gone.json()["errorMessages"][0]
        assert cloud_client.post(f"/rest/api/{version}/search", json={}).status_code == 410


def test_server_search_has_total_and_start_at(server_client: httpx.Client) -> None:
    first = server_client.get(
        "/rest/api/2/search",
        params={"jql": "project = MOB ORDER BY key", "startAt": 0, "maxResults": 20},
    ).json()
    assert first["total"] == 45
    assert first["startAt"] == 0 and first["maxResults"] == 20
    assert first["issues"][0]["key"] == "MOB-1"
    last = server_client.post(
        "/rest/api/2/search",
        json={"jql": "project = MOB ORDER BY key", "startAt": 40, "maxResults": 20},
    ).json()
    assert [i["key"] for i in last["issues"]] == [f"MOB-{n}" for n in range(41, 46)]
    assert server_client.get("/rest/api/2/search/jql").status_code == 404


def test_worklog_author_and_date_in_the_searchers_zone(
    cloud: JiraEmulator, cloud_client: httpx.Client
) -> None:
    key = cloud.state.add_issue("PLAT", "Late evening work").key
    # 23:30 in Berlin on 25 May is 21:30 UTC: the day is the 25th for the searcher.
    cloud.state.add_worklog(key, "dreyes", datetime(2026, 5, 25, 21, 30, tzinfo=UTC), 1800)
    other = cloud.state.add_issue("PLAT", "Someone else's work").key
    cloud.state.add_worklog(other, "mwebb", datetime(2026, 5, 25, 12, 0, tzinfo=UTC), 1800)

    def keys(jql: str) -> set[str]:
        body = cloud_client.post(
            "/rest/api/3/search/jql", json={"jql": jql, "fields": ["summary"], "maxResults": 100}
        ).json()
        return {i["key"] for i in body["issues"]}

    mine = keys(
        'worklogAuthor = currentUser() AND worklogDate >= "2026-05-25" '
        'AND worklogDate <= "2026-05-25" AND project = PLAT'
    )
    assert key in mine and other not in mine
    assert key not in keys('worklogAuthor = currentUser() AND worklogDate = "2026-05-26"')
    marcus = cloud.state.user_by("mwebb").account_id
    assert other in keys(f'worklogAuthor in ("{marcus}") AND worklogDate = 2026-05-25')
    assert other in keys("worklogAuthor = mwebb AND worklogDate = '2026/05/25'")


def test_jql_errors_are_400_like_jira(cloud_client: httpx.Client) -> None:
    def error(jql: str) -> str:
        response = cloud_client.get("/rest/api/3/search/jql", params={"jql": jql})
        assert response.status_code == 400, jql
        messages: list[str] = response.json()["errorMessages"]
        return messages[0]

    assert error("foo = bar") == (
        "Field 'foo' does not exist or you do not have permission to view it."
    )
    assert error("project = PLAT ORDER BY nonsense").startswith("Field 'nonsense'")
    assert error("project PLAT").startswith("Error in the JQL Query:")
    assert error('summary ~ "unterminated').startswith("Error in the JQL Query:")
    assert error("project = PLAT AND (status = Done").startswith("Error in the JQL Query:")
    assert "does not exist for the field 'project'" in error("project = FIN")  # unbrowsable
    assert "does not exist for the field 'status'" in error('status = "Sleeping"')


def test_unbrowsable_issues_never_appear(cloud: JiraEmulator) -> None:
    with client_for(cloud) as demo, client_for(cloud, "pnatarajan") as admin:
        jql: dict[str, str | int] = {
            "jql": 'text ~ "budget" OR project in (PLAT, OPS)',
            "maxResults": 5000,
        }
        seen = {i["id"] for i in demo.get("/rest/api/3/search/jql", params=jql).json()["issues"]}
        hidden = {str(i.id) for i in cloud.state.issues() if i.project_key == "FIN"}
        assert seen and not seen & hidden
        admin_seen = admin.get("/rest/api/3/search/jql", params=jql).json()["issues"]
        assert {i["id"] for i in admin_seen} & hidden


def test_status_text_and_boolean_logic(cloud_client: httpx.Client) -> None:
    body = cloud_client.get(
        "/rest/api/3/search/jql",
        params={
            "jql": '(status = "In Progress" OR status in ("In Review")) AND summary ~ "auth" '
            "AND NOT status = Done ORDER BY key DESC",
            "fields": "summary,status",
            "maxResults": 100,
        },
    ).json()
    for issue in body["issues"]:
        assert issue["fields"]["status"]["name"] in ("In Progress", "In Review")
        assert "auth" in issue["fields"]["summary"].lower()


@pytest.mark.parametrize(
    "text",
    [
        "project = PLAT",
        "PROJECT in (PLAT, 'MOB') and STATUS != Done order by updated desc, key",
        "key = PLAT-1 OR issuekey in (PLAT-2, PLAT-3)",
        "worklogDate >= startOfWeek() AND worklogAuthor = currentUser()",
        "updated >= -7d",
        "assignee is EMPTY",
    ],
)
def test_parser_accepts(text: str) -> None:
    parse(text)


def test_parser_refuses_unknown_fields() -> None:
    with pytest.raises(JqlError, match="Field 'sprintly' does not exist"):
        parse("sprintly = 3")


def test_relative_dates_and_functions(cloud: JiraEmulator, cloud_client: httpx.Client) -> None:
    key = cloud.state.add_issue("PLAT", "This week only").key
    cloud.state.add_worklog(key, "dreyes", datetime(2026, 5, 26, 9, tzinfo=UTC), 600)
    body = cloud_client.get(
        "/rest/api/3/search/jql",
        params={
            "jql": "worklogDate >= startOfWeek() AND worklogAuthor = currentUser()",
            "fields": "summary",
            "maxResults": 100,
        },
    ).json()
    assert key in {i["key"] for i in body["issues"]}
    assert date(2026, 5, 25).weekday() == 0  # startOfWeek() is Monday here


def test_common_picker_clauses(cloud_client: httpx.Client) -> None:
    def keys(jql: str) -> list[str]:
        response = cloud_client.get(
            "/rest/api/3/search/jql",
            params={"jql": jql, "fields": "status", "maxResults": 100},
        )
        assert response.status_code == 200, response.text
        return [i["fields"]["status"]["name"] for i in response.json()["issues"]]

    assert "Done" not in keys("project = PLAT AND resolution = Unresolved")
    assert set(keys("project = PLAT AND resolution = Done")) == {"Done"}
    assert "Done" not in keys("project = PLAT AND statusCategory != Done ORDER BY rank")
    assert keys("project = PLAT AND issuetype = Task ORDER BY priority DESC, updated DESC")
    bad = cloud_client.get("/rest/api/3/search/jql", params={"jql": "resolution = Maybe"})
    assert bad.status_code == 400
