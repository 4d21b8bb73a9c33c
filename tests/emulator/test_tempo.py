"""Tempo Cloud v4 worklogs on the emulator: ids only, pages of 1000, search, integer issueId
and HH:mm:ss, required attributes, whole-worklog PUT, 204 and the deleted events."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx

from tuiws.emulator import JiraEmulator

from .conftest import TODAY, Clock, client_for
from .tempo_support import ACCOUNT, MONDAY, create, me, tempo, truth, walk

__all__ = ["tempo"]  # the fixture


def test_v4_worklogs_name_the_issue_and_author_by_id_only(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    end = MONDAY + timedelta(days=6)
    answer = tempo.get(
        f"/4/worklogs/user/{me(cloud)}", params={"from": str(MONDAY), "to": str(end)}
    )
    assert answer.status_code == 200
    results = walk(tempo, answer)
    assert {r["jiraWorklogId"] for r in results} == truth(cloud, {me(cloud)}, MONDAY, end)
    berlin = ZoneInfo("Europe/Berlin")
    for item in results:
        assert set(item["issue"]) == {"self", "id"}
        assert set(item["author"]) == {"self", "accountId"}
        worklog = cloud.state.worklog(item["jiraWorklogId"])
        local = worklog.started.astimezone(berlin)
        assert item["issue"]["id"] == worklog.issue_id
        assert (item["startDate"], item["startTime"]) == (
            local.date().isoformat(),
            local.strftime("%H:%M:%S"),
        )
        assert item["timeSpentSeconds"] == worklog.time_spent_seconds
        assert item["self"].endswith(f"/tempo/4/worklogs/{item['tempoWorklogId']}")
    seeded = {v["key"] for r in results for v in r["attributes"]["values"]}
    assert "_Account_" in seeded
    internal = [r for r in results if cloud.state.issue(r["issue"]["id"]).project_key == "INT"]
    assert internal and all(r["billableSeconds"] == 0 for r in internal)


def test_pages_stop_at_1000_and_follow_next(cloud: JiraEmulator, tempo: httpx.Client) -> None:
    start, end = MONDAY - timedelta(weeks=6), MONDAY + timedelta(days=6)
    key = cloud.state.add_issue("PLAT", "Bulk import").key
    first = datetime.combine(MONDAY, time(9), tzinfo=UTC)
    for index in range(400):
        cloud.state.add_worklog(key, "sokafor", first + timedelta(minutes=index), 60)
    everyone = {u.account_id for u in cloud.state.users}
    visible = {
        w.id
        for w in cloud.state.all_worklogs()
        if cloud.state.can_browse(cloud.state.demo_user, cloud.state.issue_of(w))
    }
    expected = truth(cloud, everyone, start, end) & visible
    assert len(expected) > 1000
    big = tempo.get("/4/worklogs", params={"from": str(start), "to": str(end), "limit": 5000})
    assert big.json()["metadata"]["limit"] == 1000
    assert big.json()["metadata"]["count"] == 1000
    walked = walk(tempo, big)
    assert len(walked) == len(expected)
    assert {r["jiraWorklogId"] for r in walked} == expected
    small = tempo.get("/4/worklogs", params={"from": str(start), "to": str(end), "limit": 10})
    meta = small.json()["metadata"]
    assert (meta["count"], meta["offset"], meta["limit"]) == (10, 0, 10)
    assert "offset=10" in meta["next"]


def test_search_by_author_ids_pages_by_reposting(cloud: JiraEmulator, tempo: httpx.Client) -> None:
    team = {me(cloud), cloud.state.user_by("mwebb").account_id}
    body = {"authorIds": sorted(team), "from": str(MONDAY), "to": str(TODAY)}
    first = tempo.post("/4/worklogs/search", params={"limit": 5}, json=body)
    assert first.status_code == 200
    walked = walk(tempo, first, body)
    assert {r["jiraWorklogId"] for r in walked} == truth(cloud, team, MONDAY, TODAY)
    assert {r["author"]["accountId"] for r in walked} == team
    refused = tempo.post("/4/worklogs/search", json={"issueIds": ["10001"]})
    assert refused.status_code == 400


def test_create_wants_an_integer_issue_id_and_seconds_in_the_start_time(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    before = len(cloud.state.all_worklogs())
    issue_id = cloud.state.issue("PLAT-2").id
    as_text = create(tempo, cloud, issueId=str(issue_id))
    assert as_text.status_code == 400
    assert "issueId" in as_text.json()["errors"][0]["message"]
    short_time = create(tempo, cloud, startTime="09:00")
    assert short_time.status_code == 400
    assert "HH:mm:ss" in short_time.json()["errors"][0]["message"]
    assert create(tempo, cloud, authorAccountId=None).status_code == 400
    assert create(tempo, cloud, startDate="26/05/2026").status_code == 400
    assert len(cloud.state.all_worklogs()) == before  # nothing refused was written
    made = create(tempo, cloud, description="Pairing", billableSeconds=1800)
    assert made.status_code == 200
    worklog = made.json()
    assert worklog["tempoWorklogId"] > 0 and worklog["billableSeconds"] == 1800
    with client_for(cloud) as jira:
        url = f"/rest/api/3/issue/PLAT-2/worklog/{worklog['jiraWorklogId']}"
        seen = jira.get(url).json()
    assert seen["started"] == "2026-05-26T09:00:00.000+0200"
    assert seen["timeSpentSeconds"] == 3600
    assert seen["comment"]["content"][0]["content"][0]["text"] == "Pairing"
    again = tempo.get(f"/4/worklogs/{worklog['tempoWorklogId']}").json()
    assert again == worklog


def test_a_missing_required_attribute_is_refused_with_tempos_message(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    listed = tempo.get("/4/work-attributes").json()["results"]
    account = next(a for a in listed if a["key"] == "_Account_")
    assert account["required"] is True and account["type"] == "STATIC_LIST"
    assert "PLATFORM-CAPEX" in account["values"]
    missing = create(tempo, cloud, attributes=None)
    assert missing.status_code == 400
    assert missing.json() == {
        "errors": [{"message": "Work attribute Account (_Account_) is required"}]
    }
    wrong = create(tempo, cloud, attributes=[{"key": "_Account_", "value": "NOPE"}])
    assert wrong.status_code == 400
    unknown = create(tempo, cloud, attributes=ACCOUNT + [{"key": "_Color_", "value": "x"}])
    assert unknown.status_code == 400


def test_put_replaces_the_whole_worklog_and_cannot_move_it(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    full = ACCOUNT + [{"key": "_Workcategory_", "value": "Review"}]
    made = create(tempo, cloud, description="Review", billableSeconds=600, attributes=full).json()
    url = f"/4/worklogs/{made['tempoWorklogId']}"
    bare = {
        "authorAccountId": me(cloud),
        "startDate": made["startDate"],
        "startTime": "10:00:00",
        "timeSpentSeconds": 5400,
        "attributes": ACCOUNT,
    }
    replaced = tempo.put(url, json=bare)
    assert replaced.status_code == 200
    after = replaced.json()
    assert after["billableSeconds"] == 5400  # back to "as time spent"
    assert after["description"] == ""
    assert after["attributes"]["values"] == ACCOUNT
    assert after["tempoWorklogId"] == made["tempoWorklogId"]
    assert cloud.state.worklog(made["jiraWorklogId"]).comment is None
    other = cloud.state.issue("PLAT-3").id
    moved = tempo.put(url, json={**bare, "issueId": other})
    assert moved.status_code == 400
    assert "moved" in moved.json()["errors"][0]["message"]
    assert cloud.state.worklog(made["jiraWorklogId"]).issue_id == made["issue"]["id"]
    assert tempo.put(url, json={**bare, "attributes": []}).status_code == 400


def test_delete_answers_204_and_the_event_has_both_ids(
    clock: Clock, cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    since = clock.now.strftime("%Y-%m-%dT%H:%M:%SZ")
    made = [create(tempo, cloud, startTime=f"0{h}:00:00").json() for h in range(3)]
    for item in made:
        answer = tempo.delete(f"/4/worklogs/{item['tempoWorklogId']}")
        assert answer.status_code == 204 and answer.content == b""
    assert tempo.get(f"/4/worklogs/{made[0]['tempoWorklogId']}").status_code == 404
    clock.advance(seconds=61)  # Tempo learns of deletions through Jira's feed
    path = "/papertrail/1/events/deleted/types/worklog"
    first = tempo.get(path, params={"updatedFrom": since, "limit": 2}).json()
    assert first["metadata"]["count"] == 2 and "lastEvaluatedKey" in first["metadata"]
    second = tempo.get(
        path,
        params={
            "updatedFrom": since,
            "limit": 2,
            "lastEvaluatedKey": first["metadata"]["lastEvaluatedKey"],
        },
    ).json()
    assert "lastEvaluatedKey" not in second["metadata"]
    events = first["results"] + second["results"]
    assert [e["tempoWorklogId"] for e in events] == [str(m["tempoWorklogId"]) for m in made]
    assert [e["jiraWorklogId"] for e in events] == [str(m["jiraWorklogId"]) for m in made]
    assert all(e["deletedAt"].endswith("Z") for e in events)


def test_deleted_events_are_kept_180_days(
    clock: Clock, cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    old, recent = cloud.state.all_worklogs()[:2]
    cloud.state.delete_worklog(old.id, at=clock.now - timedelta(days=181))
    cloud.state.delete_worklog(recent.id, at=clock.now - timedelta(days=179))
    since = (clock.now - timedelta(days=400)).strftime("%Y-%m-%dT%H:%M:%SZ")
    page = tempo.get(
        "/papertrail/1/events/deleted/types/worklog", params={"updatedFrom": since}
    ).json()
    assert [e["jiraWorklogId"] for e in page["results"]] == [str(recent.id)]


def test_updated_from_in_v4_combines_with_other_filters(
    clock: Clock, cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    since = clock.now.strftime("%Y-%m-%dT%H:%M:%SZ")
    made = create(tempo, cloud).json()
    changed = tempo.get(
        f"/4/worklogs/user/{me(cloud)}",
        params={"from": str(MONDAY), "to": str(TODAY), "updatedFrom": since},
    ).json()["results"]
    assert [r["tempoWorklogId"] for r in changed] == [made["tempoWorklogId"]]


def test_the_listing_filters_by_issue_and_project_ids_and_maps_ids_both_ways(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    state = cloud.state
    meetings = state.issue("INT-1")
    span: dict[str, str | int] = {
        "from": str(MONDAY - timedelta(weeks=1)),
        "to": str(TODAY),
        "limit": 1000,
    }
    by_issue = tempo.get("/4/worklogs", params={**span, "issueId": meetings.id}).json()["results"]
    assert by_issue and {r["issue"]["id"] for r in by_issue} == {meetings.id}
    platform = state.projects["PLAT"]
    by_project = tempo.get("/4/worklogs", params={**span, "projectId": platform.id}).json()
    assert {state.issue(r["issue"]["id"]).project_key for r in by_project["results"]} == {"PLAT"}
    assert tempo.get("/4/worklogs", params={"issueId": "INT-1"}).status_code == 400
    assert (
        tempo.get("/4/worklogs", params={"from": str(TODAY), "to": str(MONDAY)}).status_code == 400
    )
    pairs = {r["tempoWorklogId"]: r["jiraWorklogId"] for r in by_issue[:3]}
    back = tempo.post("/4/worklogs/tempo-to-jira", json={"tempoWorklogIds": list(pairs)}).json()
    assert {r["tempoWorklogId"]: r["jiraWorklogId"] for r in back["results"]} == pairs
    forth = tempo.post(
        "/4/worklogs/jira-to-tempo", json={"jiraWorklogIds": list(pairs.values())}
    ).json()
    assert {r["tempoWorklogId"] for r in forth["results"]} == set(pairs)
