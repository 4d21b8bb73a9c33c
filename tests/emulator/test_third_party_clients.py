"""Jira's own Python clients against the emulator, both flavors: a full worklog cycle each.

pycontribs `jira` and `atlassian-python-api` were written against real Jira. If the emulator
accepts what Jira refuses, or answers in another shape, these libraries fail here first. They
are synchronous: each runs against the emulator's loopback URL from the test thread.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from atlassian import Jira as AtlassianServer
from atlassian.jira import JiraCloud as AtlassianCloud
from jira import JIRA
from jira.exceptions import JIRAError

from tuiws.emulator import DEMO, KEYS, JiraEmulator

from .conftest import TODAY, Clock, adf_doc

HOUR = 3600
STARTED = datetime(2026, 5, 26, 9, 30, tzinfo=UTC)
STARTED_TEXT = "2026-05-26T09:30:00.000+0000"
JQL = "project = PLAT ORDER BY key ASC"

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(params=["cloud", "server"])
def emulator(request: pytest.FixtureRequest, clock: Clock) -> Iterator[JiraEmulator]:
    with JiraEmulator(request.param, today=TODAY, clock=clock) as running:
        yield running


def _estimated_issue(emulator: JiraEmulator) -> str:
    """A fresh issue with a 10h estimate, so every adjustEstimate shows its effect."""
    return emulator.state.add_issue(
        "PLAT", "Fidelity check", original_estimate_seconds=10 * HOUR
    ).key


def _remaining(emulator: JiraEmulator, key: str) -> int | None:
    return emulator.state.issue(key).remaining_estimate_seconds


def _plat_keys(emulator: JiraEmulator) -> list[str]:
    return sorted(
        (i.key for i in emulator.state.issues() if i.project_key == "PLAT"),
        key=lambda k: int(k.split("-")[1]),
    )


def _since_ms(clock: Clock) -> int:
    return int(clock.now.timestamp() * 1000)


# ---------------------------------------------------------------- pycontribs `jira`


# Both libraries are only partly annotated (untyped methods, Optional returns where Jira always
# answers): the tests hold their clients as Any and check the answers themselves.


def _pycontribs(emulator: JiraEmulator) -> Any:
    if emulator.flavor == "cloud":
        return JIRA(server=emulator.url, basic_auth=(DEMO.email, DEMO.api_token))
    return JIRA(server=emulator.url, token_auth=DEMO.pat)


def test_pycontribs_reads_the_instance(emulator: JiraEmulator) -> None:
    jira = _pycontribs(emulator)  # reads serverInfo to learn the deployment
    assert jira.deploymentType == ("Cloud" if emulator.flavor == "cloud" else "Server")
    assert jira.server_info()["baseUrl"] == emulator.url
    assert jira.myself()["displayName"] == "Dana Reyes"

    # search_issues reads /field first; Cloud pages by token, Server by offset.
    keys = _plat_keys(emulator)
    first = jira.search_issues(JQL, maxResults=2)
    assert [i.key for i in first] == keys[:2]
    if emulator.flavor == "cloud":
        token = first.nextPageToken
        assert token
        second = jira.enhanced_search_issues(JQL, nextPageToken=token, maxResults=2)
    else:
        assert first.total == len(keys)
        second = jira.search_issues(JQL, startAt=2, maxResults=2)
    assert [i.key for i in second] == keys[2:4]

    issue = jira.issue("PLAT-3", fields="worklog,summary")
    embedded = issue.fields.worklog
    assert embedded.total == len(emulator.state.worklogs_for("PLAT-3"))
    assert len(embedded.worklogs) == min(embedded.total, 20)
    listed = jira.worklogs("PLAT-3")
    assert len(listed) == embedded.total
    assert listed[0].id == embedded.worklogs[0].id

    found = jira.search_users(query="Dana") if emulator.flavor == "cloud" else None
    if found is None:
        found = jira.search_users(user="dreyes")
    assert [u.displayName for u in found] == ["Dana Reyes"]


def test_pycontribs_worklog_cycle(emulator: JiraEmulator, clock: Clock) -> None:
    jira = _pycontribs(emulator)
    key = _estimated_issue(emulator)
    since = _since_ms(clock)

    def add(**adjust: str) -> Any:
        return jira.add_worklog(
            key, timeSpentSeconds=HOUR, started=STARTED, comment="Paired on it", **adjust
        )

    auto = add(adjustEstimate="auto")
    assert _remaining(emulator, key) == 9 * HOUR
    left = add(adjustEstimate="leave")
    assert _remaining(emulator, key) == 9 * HOUR
    renewed = add(adjustEstimate="new", newEstimate="5h")
    assert _remaining(emulator, key) == 5 * HOUR
    manual = add(adjustEstimate="manual", reduceBy="30m")
    assert _remaining(emulator, key) == 4 * HOUR + 1800
    assert auto.timeSpent == "1h" and auto.comment == "Paired on it"
    assert auto.started == "2026-05-26T11:30:00.000+0200"  # shown in the profile zone (Berlin)

    fetched = jira.worklog(key, auto.id)
    fetched.update(timeSpentSeconds=2 * HOUR, comment="Paired, then reviewed")
    assert fetched.timeSpentSeconds == 2 * HOUR  # reloaded from Jira after the PUT
    assert emulator.state.worklog(auto.id).comment == "Paired, then reviewed"

    jira.worklog(key, left.id).delete(adjustEstimate="leave")
    jira.worklog(key, renewed.id).delete(adjustEstimate="new", newEstimate="3h")
    assert _remaining(emulator, key) == 3 * HOUR
    jira.worklog(key, manual.id).delete(adjustEstimate="manual", increaseBy="1h")
    assert _remaining(emulator, key) == 4 * HOUR
    jira.worklog(key, auto.id).delete()  # auto: the 2h come back
    assert _remaining(emulator, key) == 6 * HOUR
    assert jira.worklogs(key) == []
    kept = add(adjustEstimate="leave")

    # pycontribs has no methods for the bulk feeds: its own session and URL builder call them.
    clock.advance(minutes=2)  # the feeds leave out the last minute
    changed = jira._get_json("worklog/updated", params={"since": since})
    gone = jira._get_json("worklog/deleted", params={"since": since})
    assert [v["worklogId"] for v in changed["values"]] == [int(kept.id)]
    assert {v["worklogId"] for v in gone["values"]} == {
        int(w.id) for w in (auto, left, renewed, manual)
    }
    assert changed["lastPage"] is True and gone["lastPage"] is True
    wanted = [int(kept.id), int(emulator.state.worklogs_for("PLAT-3")[0].id)]
    response = jira._session.post(jira._get_url("worklog/list"), data=json.dumps({"ids": wanted}))
    assert sorted(int(w["id"]) for w in response.json()) == sorted(wanted)
    assert jira.worklog(key, kept.id).comment == "Paired on it"


# ---------------------------------------------------------------- atlassian-python-api


def _atlassian(emulator: JiraEmulator) -> Any:
    if emulator.flavor == "cloud":
        return AtlassianCloud(emulator.url, username=DEMO.email, password=DEMO.api_token)
    return AtlassianServer(emulator.url, token=DEMO.pat)


def test_atlassian_python_api_reads_the_instance(emulator: JiraEmulator) -> None:
    jira = _atlassian(emulator)
    keys = _plat_keys(emulator)
    if emulator.flavor == "cloud":
        assert jira.get_server_info()["deploymentType"] == "Cloud"
        assert jira.get_current_user()["accountId"] == emulator.state.demo_user.account_id
        fields = jira.get_fields()
        first = jira.enhanced_jql(JQL, limit=2)
        second = jira.enhanced_jql(JQL, nextPageToken=first["nextPageToken"], limit=2)
        issue = jira.get_issue("PLAT-3", fields="worklog")
        paged = jira.get_issue_worklog("PLAT-3", start_at=1, max_results=2)
        people = jira.find_users(query="Dana")
        members = jira.get_users_from_group(groupname="tuiws-team", max_results=3)
        ids = [u.account_id for u in emulator.state.users[:2]]
        bulk = jira.bulk_get_users(account_id=ids)
        assert [u["accountId"] for u in bulk["values"]] == ids
    else:
        assert jira.get_server_info()["deploymentType"] == "Server"
        assert jira.myself()["name"] == "dreyes"
        fields = jira.get_all_fields()
        first = jira.jql(JQL, limit=2)
        second = jira.jql(JQL, start=2, limit=2)
        assert first["total"] == len(keys)
        issue = jira.issue("PLAT-3", fields="worklog")
        paged = jira.get("rest/api/2/issue/PLAT-3/worklog", params={"startAt": 1, "maxResults": 2})
        people = jira.user_find_by_user_string(username="dreyes")
        members = jira.get(
            "rest/api/2/group/member", params={"groupname": "tuiws-team", "maxResults": 3}
        )
    assert "worklog" in {f["id"] for f in fields}
    assert [i["key"] for i in first["issues"]] == keys[:2]
    assert [i["key"] for i in second["issues"]] == keys[2:4]
    total = len(emulator.state.worklogs_for("PLAT-3"))
    assert issue["fields"]["worklog"]["total"] == total
    assert paged["startAt"] == 1 and paged["total"] == total and len(paged["worklogs"]) == 2
    assert [u["displayName"] for u in people] == ["Dana Reyes"]
    assert len(members["values"]) == 3 and members["isLast"] is False


def _atlassian_add(jira: Any, key: str, params: dict[str, str], *, cloud: bool) -> Any:
    """One hour logged through the library, with `adjustEstimate` and its companion."""
    comment: Any = adf_doc("Paired on it") if cloud else "Paired on it"
    body = {"started": STARTED_TEXT, "timeSpentSeconds": HOUR, "comment": comment}
    if cloud:
        return jira.add_worklog(
            key,
            adjust_estimate=params["adjustEstimate"],
            new_estimate=params.get("newEstimate"),
            reduce_by=params.get("reduceBy"),
            data=body,
        )
    # The Server client's issue_worklog cannot pass adjustEstimate: its generic post can.
    return jira.post(f"rest/api/2/issue/{key}/worklog", params=params, data=body)


def _atlassian_cycle(jira: Any, key: str, *, cloud: bool) -> dict[str, Any]:
    """Add with each adjustEstimate, by mode."""
    steps: list[dict[str, str]] = [
        {"adjustEstimate": "auto"},
        {"adjustEstimate": "leave"},
        {"adjustEstimate": "new", "newEstimate": "5h"},
        {"adjustEstimate": "manual", "reduceBy": "30m"},
    ]
    return {p["adjustEstimate"]: _atlassian_add(jira, key, p, cloud=cloud) for p in steps}


def test_atlassian_python_api_worklog_cycle(emulator: JiraEmulator, clock: Clock) -> None:
    jira = _atlassian(emulator)
    key = _estimated_issue(emulator)
    since = _since_ms(clock)
    added = _atlassian_cycle(jira, key, cloud=emulator.flavor == "cloud")
    assert _remaining(emulator, key) == 4 * HOUR + 1800
    auto = added["auto"]
    assert auto["timeSpent"] == "1h"
    change = {"timeSpentSeconds": 2 * HOUR}
    if emulator.flavor == "cloud":
        assert auto["comment"] == adf_doc("Paired on it")
        updated = jira.update_worklog(
            key, auto["id"], adjust_estimate="new", new_estimate="4h", data=change
        )
        assert updated["timeSpentSeconds"] == 2 * HOUR
        assert _remaining(emulator, key) == 4 * HOUR
        jira.delete_worklog(key, added["leave"]["id"], adjust_estimate="leave")
        jira.delete_worklog(key, added["new"]["id"], adjust_estimate="new", new_estimate="3h")
        jira.delete_worklog(key, added["manual"]["id"], adjust_estimate="manual", increase_by="1h")
        jira.delete_worklog(key, auto["id"])
        kept = _atlassian_add(jira, key, {"adjustEstimate": "leave"}, cloud=True)
        clock.advance(minutes=2)  # the feeds leave out the last minute
        changed = jira.get_ids_of_worklogs_modified_since(since=since)
        gone = jira.get_ids_of_worklogs_deleted_since(since=since)
        wanted = [int(kept["id"]), emulator.state.worklogs_for("PLAT-3")[0].id]
        hydrated = jira.get_worklogs_for_ids(data={"ids": wanted})
    else:
        assert auto["comment"] == "Paired on it"
        url = f"rest/api/2/issue/{key}/worklog"
        updated = jira.put(
            f"{url}/{auto['id']}",
            params={"adjustEstimate": "new", "newEstimate": "4h"},
            data=change,
        )
        assert updated["timeSpentSeconds"] == 2 * HOUR
        assert _remaining(emulator, key) == 4 * HOUR
        jira.delete(f"{url}/{added['leave']['id']}", params={"adjustEstimate": "leave"})
        jira.delete(
            f"{url}/{added['new']['id']}", params={"adjustEstimate": "new", "newEstimate": "3h"}
        )
        jira.delete(
            f"{url}/{added['manual']['id']}",
            params={"adjustEstimate": "manual", "increaseBy": "1h"},
        )
        jira.delete(f"{url}/{auto['id']}")
        kept = _atlassian_add(jira, key, {"adjustEstimate": "leave"}, cloud=False)
        clock.advance(minutes=2)
        # The Server client takes `since` in seconds and sends milliseconds.
        changed = jira.get_updated_worklogs(since=since / 1000)
        gone = jira.get_deleted_worklogs(since=since / 1000)
        assert gone["isLastPage"] is True
        wanted = [int(kept["id"]), emulator.state.worklogs_for("PLAT-3")[0].id]
        hydrated = jira.get_worklogs(wanted)
    assert _remaining(emulator, key) == 6 * HOUR  # 3h new, +1h manual, +2h auto, kept: leave
    assert [w.id for w in emulator.state.worklogs_for(key)] == [int(kept["id"])]
    assert [v["worklogId"] for v in changed["values"]] == [int(kept["id"])]
    assert {v["worklogId"] for v in gone["values"]} == {int(w["id"]) for w in added.values()}
    assert changed["lastPage"] is True and gone["lastPage"] is True
    assert sorted(int(w["id"]) for w in hydrated) == sorted(wanted)


def test_pycontribs_gets_jiras_refusals(emulator: JiraEmulator) -> None:
    """Jira's 400s reach the library as errors, and nothing is stored."""
    jira = _pycontribs(emulator)
    before = len(emulator.state.all_worklogs())
    refused: list[dict[str, Any]] = [
        {"timeSpent": "1h", "timeSpentSeconds": HOUR},  # both
        {"timeSpentSeconds": "3600"},  # seconds as a string
        {"timeSpentSeconds": HOUR, "comment": adf_doc("rich")},  # a document on v2
    ]
    for fields in refused:
        with pytest.raises(JIRAError) as caught:
            jira.add_worklog("PLAT-3", started=STARTED, **fields)
        assert caught.value.status_code == 400
    with pytest.raises(JIRAError) as missing:
        jira.worklogs(KEYS.time_tracking_off)
    assert missing.value.status_code == 404
    assert len(emulator.state.all_worklogs()) == before
