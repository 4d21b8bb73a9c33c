"""The Worklog extender plugin on the emulated Jira Server: user, issue and JQL lists, pages
of 1000, epoch-millisecond dates (or zone-less strings), days cut in the server's zone, and
what administrators and everyone else may see."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx

from tuiws.emulator import DEMO, KEYS, JiraEmulator

from .conftest import TODAY, client_for

MONDAY = TODAY - timedelta(days=TODAY.weekday())
BASE = "/rest/extender/1.0"


def _window(start: date, end: date) -> tuple[datetime, datetime]:
    """The plugin's window: whole days in the server's zone (UTC here)."""
    return (
        datetime.combine(start, time(), tzinfo=UTC),
        datetime.combine(end + timedelta(days=1), time(), tzinfo=UTC),
    )


def _truth(emulator: JiraEmulator, username: str, start: date, end: date) -> set[int]:
    author = emulator.state.user_by(username).account_id
    first, after = _window(start, end)
    return {
        w.id
        for w in emulator.state.all_worklogs()
        if w.author == author and first <= w.started < after
    }


def _week(client: httpx.Client, username: str, **params: Any) -> dict[str, Any]:
    answer = client.get(
        f"{BASE}/worklog/user/{username}",
        params={"dateFrom": str(MONDAY), "dateTo": str(TODAY), **params},
    )
    assert answer.status_code == 200
    return dict(answer.json())


def test_an_administrator_reads_anyones_week_in_one_request(server: JiraEmulator) -> None:
    with client_for(server, KEYS.admin_username) as admin:
        page = _week(admin, DEMO.username)
    truth = _truth(server, DEMO.username, MONDAY, TODAY)
    assert truth and page["total"] == len(truth) == len(page["worklogs"])
    assert (page["startAt"], page["maxResults"]) == (0, 1000)
    assert {w["workLogId"] for w in page["worklogs"]} == truth
    for item in page["worklogs"]:
        worklog = server.state.worklog(item["workLogId"])
        issue = server.state.issue_of(worklog)
        assert item["startDate"] == int(worklog.started.timestamp() * 1000)
        assert item["createdDate"] == int(worklog.created.timestamp() * 1000)
        assert item["lastUpdateDate"] == int(worklog.updated.timestamp() * 1000)
        assert (item["issueId"], item["issueKey"]) == (issue.id, issue.key)
        assert item["timeWorked"] == worklog.time_spent_seconds
        assert item["user"] == item["lastUpdateUser"] == DEMO.username
        assert item["workLogDescription"] == server.state.comment_text(worklog)


def test_everyone_else_sees_only_their_own_worklogs(server: JiraEmulator) -> None:
    with client_for(server) as me:
        mine = _week(me, DEMO.username)
        theirs = _week(me, "mwebb")
        issue = me.get(
            f"{BASE}/worklog/issue/{KEYS.meetings}",
            params={"dateFrom": str(MONDAY), "dateTo": str(TODAY)},
        ).json()
        queried = me.get(f"{BASE}/worklog/query", params={"jql": "project = INT"}).json()
    assert mine["total"] == len(_truth(server, DEMO.username, MONDAY, TODAY)) > 0
    assert theirs == {"total": 0, "maxResults": 1000, "startAt": 0, "worklogs": []}
    assert _truth(server, "mwebb", MONDAY, TODAY)
    assert issue["worklogs"] and {w["user"] for w in issue["worklogs"]} == {DEMO.username}
    assert queried["worklogs"] and {w["user"] for w in queried["worklogs"]} == {DEMO.username}


def test_issue_and_query_lists_for_an_administrator(server: JiraEmulator) -> None:
    with client_for(server, KEYS.admin_username) as admin:
        issue = admin.get(
            f"{BASE}/worklog/issue/{KEYS.meetings}",
            params={"dateFrom": str(MONDAY), "dateTo": str(TODAY), "dateOrder": "desc"},
        ).json()
        queried = admin.get(
            f"{BASE}/worklog/query", params={"jql": f"issuekey = {KEYS.meetings}"}
        ).json()
        broken = admin.get(f"{BASE}/worklog/query", params={"jql": "project = = INT"})
        nowhere = admin.get(
            f"{BASE}/worklog/issue/NOPE-1",
            params={"dateFrom": "2026-05-01", "dateTo": "2026-05-02"},
        )
    with client_for(server, KEYS.admin_username) as admin:
        in_project = _week(admin, DEMO.username, projectKey="INT")
    assert in_project["worklogs"]
    assert {w["issueKey"].split("-")[0] for w in in_project["worklogs"]} == {"INT"}
    starts = [w["startDate"] for w in issue["worklogs"]]
    assert len({w["user"] for w in issue["worklogs"]}) > 1
    assert starts == sorted(starts, reverse=True)
    assert queried["total"] == len(server.state.worklogs_for(KEYS.meetings))
    assert broken.status_code == 400
    assert nowhere.status_code == 404


def test_pages_of_at_most_1000(server: JiraEmulator) -> None:
    key = server.state.add_issue("PLAT", "Bulk import").key
    first = datetime.combine(MONDAY, time(9), tzinfo=UTC)
    for index in range(1000):
        server.state.add_worklog(key, "sokafor", first + timedelta(minutes=index), 60)
    with client_for(server, KEYS.admin_username) as admin:
        everything = admin.get(
            f"{BASE}/worklog/query", params={"jql": "project = PLAT", "maxResults": 5000}
        ).json()
        assert everything["maxResults"] == 1000
        total = everything["total"]
        assert total > 1000 and len(everything["worklogs"]) == 1000
        rest = admin.get(
            f"{BASE}/worklog/query", params={"jql": "project = PLAT", "startAt": 1000}
        ).json()
    assert len(rest["worklogs"]) == total - 1000
    ids = {w["workLogId"] for w in everything["worklogs"]} | {
        w["workLogId"] for w in rest["worklogs"]
    }
    assert len(ids) == total


def test_days_are_cut_in_the_servers_zone_and_format_date_drops_the_zone(
    server: JiraEmulator,
) -> None:
    # 00:30 on Monday in Berlin is still Sunday in the server's zone (UTC).
    early = datetime(2026, 5, 25, 0, 30, tzinfo=UTC) - timedelta(hours=2)
    made = server.state.add_worklog("PLAT-2", DEMO.username, early, 900)
    with client_for(server) as me:
        monday = _week(me, DEMO.username)
        sunday = me.get(
            f"{BASE}/worklog/user/{DEMO.username}",
            params={"dateFrom": "2026-05-24", "dateTo": "2026-05-24", "formatDate": "true"},
        ).json()
    assert made.id not in {w["workLogId"] for w in monday["worklogs"]}
    item = next(w for w in sunday["worklogs"] if w["workLogId"] == made.id)
    assert item["startDate"] == "2026-05-24 22:30:00.000"


def test_the_dates_are_required_and_jira_auth_is_needed(server: JiraEmulator) -> None:
    with client_for(server) as me:
        missing = me.get(f"{BASE}/worklog/user/{DEMO.username}", params={"dateFrom": "2026-05-25"})
        malformed = me.get(
            f"{BASE}/worklog/user/{DEMO.username}",
            params={"dateFrom": "25.05.2026", "dateTo": "2026-05-27"},
        )
        nobody = me.get(
            f"{BASE}/worklog/user/ghost", params={"dateFrom": "2026-05-25", "dateTo": "2026-05-27"}
        )
        posted = me.post(f"{BASE}/worklog/query")
    assert missing.status_code == malformed.status_code == 400
    assert "dateTo" in missing.json()["errorMessages"][0]
    assert nobody.status_code == 404
    assert posted.status_code == 405
    anonymous = httpx.get(
        f"{server.url}{BASE}/worklog/user/{DEMO.username}",
        params={"dateFrom": "2026-05-25", "dateTo": "2026-05-27"},
    )
    assert anonymous.status_code == 401
    basic = httpx.get(
        f"{server.url}{BASE}/worklog/user/{DEMO.username}",
        params={"dateFrom": str(MONDAY), "dateTo": str(TODAY)},
        auth=(DEMO.username, DEMO.password),
    )
    assert basic.status_code == 200 and basic.json()["total"] > 0


def test_the_plugin_is_a_server_plugin(cloud: JiraEmulator) -> None:
    with client_for(cloud) as me:
        answer = me.get(
            f"{BASE}/worklog/user/{DEMO.username}",
            params={"dateFrom": str(MONDAY), "dateTo": str(TODAY)},
        )
    assert answer.status_code == 404
