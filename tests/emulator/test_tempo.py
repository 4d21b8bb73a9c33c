"""Tempo Cloud on the emulator: v4 worklogs (ids only), paging, whole-worklog PUT, required
attributes, schedules, approvals, deleted events, the rate limit, and the core/3 dialect."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tuiws.emulator import DEMO, JiraEmulator
from tuiws.emulator.credentials import tempo_token_for
from tuiws.emulator.tempo import APPROVED, IN_REVIEW, OPEN, RATE_LIMIT, tempo_store

from .conftest import TODAY, Clock, client_for

MONDAY = TODAY - timedelta(days=TODAY.weekday())  # 2026-05-25
LAST_MONDAY = MONDAY - timedelta(weeks=1)
APPROVED_DAY = MONDAY - timedelta(weeks=2) + timedelta(days=1)  # a Tuesday, demo approved
ACCOUNT = [{"key": "_Account_", "value": "PLATFORM-CAPEX"}]


@pytest.fixture
def tempo(cloud: JiraEmulator) -> Iterator[httpx.Client]:
    """The demo user's Tempo client; the rate limit is off except where a test turns it on."""
    tempo_store(cloud.state).rate_limit = None
    headers = {"Authorization": f"Bearer {DEMO.tempo_token}"}
    with httpx.Client(base_url=f"{cloud.url}/tempo", headers=headers) as client:
        yield client


def _me(emulator: JiraEmulator) -> str:
    return emulator.state.demo_user.account_id


def _truth(emulator: JiraEmulator, authors: set[str], start: date, end: date) -> set[int]:
    """Jira ids of the authors' worklogs whose start, in the author's zone, is in [start, end]."""
    state = emulator.state
    found: set[int] = set()
    for worklog in state.all_worklogs():
        author = state.user_by(worklog.author)
        day = worklog.started.astimezone(author.zone).date()
        if worklog.author in authors and start <= day <= end:
            found.add(worklog.id)
    return found


def _walk(client: httpx.Client, first: httpx.Response, body: Any = None) -> list[dict[str, Any]]:
    """Follow `metadata.next` to the end (re-posting the body for a search)."""
    page = first.json()
    results = list(page["results"])
    while "next" in page["metadata"]:
        url = page["metadata"]["next"]
        answer = client.post(url, json=body) if body is not None else client.get(url)
        assert answer.status_code == 200
        page = answer.json()
        results.extend(page["results"])
    return results


def _create(tempo: httpx.Client, emulator: JiraEmulator, **changes: Any) -> httpx.Response:
    body: dict[str, Any] = {
        "authorAccountId": _me(emulator),
        "issueId": emulator.state.issue("PLAT-2").id,
        "startDate": (MONDAY + timedelta(days=1)).isoformat(),
        "startTime": "09:00:00",
        "timeSpentSeconds": 3600,
        "attributes": ACCOUNT,
    }
    body.update(changes)
    return tempo.post("/4/worklogs", json={k: v for k, v in body.items() if v is not None})


def test_v4_worklogs_name_the_issue_and_author_by_id_only(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    end = MONDAY + timedelta(days=6)
    answer = tempo.get(
        f"/4/worklogs/user/{_me(cloud)}", params={"from": str(MONDAY), "to": str(end)}
    )
    assert answer.status_code == 200
    results = _walk(tempo, answer)
    assert {r["jiraWorklogId"] for r in results} == _truth(cloud, {_me(cloud)}, MONDAY, end)
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
    truth = _truth(cloud, everyone, start, end) & visible
    assert len(truth) > 1000
    big = tempo.get("/4/worklogs", params={"from": str(start), "to": str(end), "limit": 5000})
    assert big.json()["metadata"]["limit"] == 1000
    assert big.json()["metadata"]["count"] == 1000
    walked = _walk(tempo, big)
    assert len(walked) == len(truth)
    assert {r["jiraWorklogId"] for r in walked} == truth
    small = tempo.get("/4/worklogs", params={"from": str(start), "to": str(end), "limit": 10})
    meta = small.json()["metadata"]
    assert (meta["count"], meta["offset"], meta["limit"]) == (10, 0, 10)
    assert "offset=10" in meta["next"]


def test_search_by_author_ids_pages_by_reposting(cloud: JiraEmulator, tempo: httpx.Client) -> None:
    team = {_me(cloud), cloud.state.user_by("mwebb").account_id}
    body = {"authorIds": sorted(team), "from": str(MONDAY), "to": str(TODAY)}
    first = tempo.post("/4/worklogs/search", params={"limit": 5}, json=body)
    assert first.status_code == 200
    walked = _walk(tempo, first, body)
    assert {r["jiraWorklogId"] for r in walked} == _truth(cloud, team, MONDAY, TODAY)
    assert {r["author"]["accountId"] for r in walked} == team
    refused = tempo.post("/4/worklogs/search", json={"issueIds": ["10001"]})
    assert refused.status_code == 400


def test_create_wants_an_integer_issue_id_and_seconds_in_the_start_time(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    before = len(cloud.state.all_worklogs())
    issue_id = cloud.state.issue("PLAT-2").id
    as_text = _create(tempo, cloud, issueId=str(issue_id))
    assert as_text.status_code == 400
    assert "issueId" in as_text.json()["errors"][0]["message"]
    short_time = _create(tempo, cloud, startTime="09:00")
    assert short_time.status_code == 400
    assert "HH:mm:ss" in short_time.json()["errors"][0]["message"]
    assert _create(tempo, cloud, authorAccountId=None).status_code == 400
    assert _create(tempo, cloud, startDate="26/05/2026").status_code == 400
    assert len(cloud.state.all_worklogs()) == before  # nothing refused was written
    made = _create(tempo, cloud, description="Pairing", billableSeconds=1800)
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
    missing = _create(tempo, cloud, attributes=None)
    assert missing.status_code == 400
    assert missing.json() == {
        "errors": [{"message": "Work attribute Account (_Account_) is required"}]
    }
    wrong = _create(tempo, cloud, attributes=[{"key": "_Account_", "value": "NOPE"}])
    assert wrong.status_code == 400
    unknown = _create(tempo, cloud, attributes=ACCOUNT + [{"key": "_Color_", "value": "x"}])
    assert unknown.status_code == 400


def test_put_replaces_the_whole_worklog_and_cannot_move_it(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    full = ACCOUNT + [{"key": "_Workcategory_", "value": "Review"}]
    made = _create(tempo, cloud, description="Review", billableSeconds=600, attributes=full).json()
    url = f"/4/worklogs/{made['tempoWorklogId']}"
    bare = {
        "authorAccountId": _me(cloud),
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
    made = [_create(tempo, cloud, startTime=f"0{h}:00:00").json() for h in range(3)]
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
    made = _create(tempo, cloud).json()
    changed = tempo.get(
        f"/4/worklogs/user/{_me(cloud)}",
        params={"from": str(MONDAY), "to": str(TODAY), "updatedFrom": since},
    ).json()["results"]
    assert [r["tempoWorklogId"] for r in changed] == [made["tempoWorklogId"]]


def test_user_schedule_has_the_holidays_and_non_working_days(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    sunday = LAST_MONDAY + timedelta(days=6)
    days = tempo.get(
        "/4/user-schedule", params={"from": str(LAST_MONDAY), "to": str(sunday)}
    ).json()["results"]
    assert [d["date"] for d in days] == [str(LAST_MONDAY + timedelta(days=n)) for n in range(7)]
    assert [d["type"] for d in days] == [
        "HOLIDAY",
        *["WORKING_DAY"] * 4,
        "HOLIDAY_AND_NON_WORKING_DAY",
        "NON_WORKING_DAY",
    ]
    assert [d["requiredSeconds"] for d in days] == [0, 28800, 28800, 28800, 28800, 0, 0]
    assert days[0]["holiday"]["name"] == "Company holiday"
    part_timer = cloud.state.user_by("cnguyen").account_id
    hers = tempo.get(
        f"/4/user-schedule/{part_timer}", params={"from": str(MONDAY), "to": str(MONDAY)}
    ).json()["results"]
    assert hers[0]["requiredSeconds"] == 6 * 3600
    assert tempo.get("/4/user-schedule", params={"from": "2026-05-30"}).status_code == 400


def test_an_approved_or_submitted_period_refuses_writes(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    def status(account: str, day: date) -> dict[str, Any]:
        answer = tempo.get(
            f"/4/timesheet-approvals/user/{account}", params={"from": str(day), "to": str(day)}
        )
        assert answer.status_code == 200
        return dict(answer.json())

    approved = status(_me(cloud), APPROVED_DAY)
    assert approved["status"]["key"] == APPROVED
    assert approved["period"] == {
        "from": str(APPROVED_DAY - timedelta(days=1)),
        "to": str(APPROVED_DAY + timedelta(days=5)),
    }
    assert approved["timeSpentSeconds"] > 0 and approved["requiredSeconds"] == 5 * 28800
    assert status(_me(cloud), MONDAY)["status"]["key"] == OPEN
    webb = cloud.state.user_by("mwebb").account_id
    assert status(webb, LAST_MONDAY)["status"]["key"] == IN_REVIEW
    before = len(cloud.state.all_worklogs())
    refused = _create(tempo, cloud, startDate=str(APPROVED_DAY))
    assert refused.status_code == 400
    assert "approved" in refused.json()["errors"][0]["message"]
    assert len(cloud.state.all_worklogs()) == before
    # An old worklog inside the approved week cannot be changed or deleted either.
    old = next(
        r
        for r in tempo.get(
            f"/4/worklogs/user/{_me(cloud)}",
            params={"from": str(APPROVED_DAY), "to": str(APPROVED_DAY)},
        ).json()["results"]
    )
    assert tempo.delete(f"/4/worklogs/{old['tempoWorklogId']}").status_code == 400
    body = {
        "authorAccountId": _me(cloud),
        "startDate": str(MONDAY),
        "timeSpentSeconds": 600,
        "attributes": ACCOUNT,
    }
    assert tempo.put(f"/4/worklogs/{old['tempoWorklogId']}", json=body).status_code == 400
    assert cloud.state.worklog(old["jiraWorklogId"]).time_spent_seconds == old["timeSpentSeconds"]


def test_writing_for_someone_else_needs_the_permission(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    webb = cloud.state.user_by("mwebb").account_id
    assert _create(tempo, cloud, authorAccountId=webb).status_code == 403
    admin = tempo.headers.copy()
    admin["Authorization"] = "Bearer " + _token_of(cloud, "pnatarajan")
    submitted = tempo.post(
        "/4/worklogs",
        headers=admin,
        json={
            "authorAccountId": webb,
            "issueId": cloud.state.issue("PLAT-2").id,
            "startDate": str(LAST_MONDAY + timedelta(days=2)),
            "timeSpentSeconds": 600,
            "attributes": ACCOUNT,
        },
    )
    assert submitted.status_code == 400
    assert "submitted for approval" in submitted.json()["errors"][0]["message"]


def _token_of(emulator: JiraEmulator, username: str) -> str:
    return tempo_token_for(emulator.state.user_by(username).name)


def test_about_five_requests_a_second_then_429_with_retry_after(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    tempo_store(cloud.state).rate_limit = RATE_LIMIT
    answers = [tempo.get("/4/work-attributes") for _ in range(20)]
    refused = [a for a in answers if a.status_code == 429]
    assert refused, "a burst of 20 must hit the limit"
    assert int(refused[0].headers["Retry-After"]) >= 1
    assert refused[0].json()["errors"][0]["message"] == "Rate limit exceeded."
    assert sum(1 for a in answers if a.status_code == 200) >= 5


def test_tokens_are_tempos_own(cloud: JiraEmulator, tempo: httpx.Client) -> None:
    plain = httpx.get(f"{cloud.url}/tempo/4/work-attributes")
    assert plain.status_code == 401
    jira_token = httpx.get(
        f"{cloud.url}/tempo/4/work-attributes",
        headers={"Authorization": f"Bearer {DEMO.api_token}"},
    )
    assert jira_token.status_code == 401
    on_jira = httpx.get(
        f"{cloud.url}/rest/api/3/myself", headers={"Authorization": f"Bearer {DEMO.tempo_token}"}
    )
    assert on_jira.status_code == 401
    assert DEMO.tempo_token not in (DEMO.api_token, DEMO.pat)
    assert tempo.get("/4/nothing-here").status_code == 404
    assert tempo.delete("/4/work-attributes").status_code == 405


def test_core3_speaks_keys_keeps_updated_from_alone_and_can_be_retired(
    clock: Clock, cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    listed = tempo.get(
        "/core/3/worklogs",
        params={"project": "PLAT", "from": str(MONDAY), "to": str(TODAY), "limit": 1000},
    ).json()["results"]
    assert listed and all(r["issue"]["key"].startswith("PLAT-") for r in listed)
    assert all(r["author"]["displayName"] for r in listed)
    mixed = tempo.get("/core/3/worklogs", params={"updatedFrom": "2026-05-01", "project": "PLAT"})
    assert mixed.status_code == 400
    assert "updatedFrom" in mixed.json()["errors"][0]["message"]
    since = clock.now.strftime("%Y-%m-%dT%H:%M:%SZ")
    body = {
        "issueKey": "PLAT-4",
        "authorAccountId": _me(cloud),
        "startDate": str(TODAY),
        "startTime": "08:00:00",
        "timeSpentSeconds": 900,
        "attributes": ACCOUNT,
    }
    made = tempo.post("/core/3/worklogs", json=body)
    assert made.status_code == 200 and made.json()["issue"]["key"] == "PLAT-4"
    alone = tempo.get("/core/3/worklogs", params={"updatedFrom": since}).json()["results"]
    assert [r["tempoWorklogId"] for r in alone] == [made.json()["tempoWorklogId"]]
    by_jira = tempo.get(f"/core/3/worklogs/jira/{made.json()['jiraWorklogId']}")
    assert by_jira.json()["tempoWorklogId"] == made.json()["tempoWorklogId"]
    moved = tempo.put(
        f"/core/3/worklogs/{made.json()['tempoWorklogId']}", json={**body, "issueKey": "PLAT-5"}
    )
    assert moved.status_code == 400
    assert tempo.delete(f"/core/3/worklogs/{made.json()['tempoWorklogId']}").status_code == 204
    clock.advance(seconds=61)
    audit = tempo.get("/audit/1/events/deleted/types/worklog", params={"updatedFrom": since})
    assert [e["jiraWorklogId"] for e in audit.json()["results"]] == [made.json()["jiraWorklogId"]]
    tempo_store(cloud.state).core3_gone = True
    for path in ("/core/3/worklogs", "/audit/1/events/deleted/types/worklog"):
        gone = tempo.get(path)
        assert gone.status_code == 410
        assert "https://api.tempo.io/4" in gone.json()["errors"][0]["message"]
    assert tempo.get("/4/work-attributes").status_code == 200


def test_tempo_is_not_served_beside_jira_server(server: JiraEmulator) -> None:
    answer = httpx.get(
        f"{server.url}/tempo/4/work-attributes",
        headers={"Authorization": f"Bearer {DEMO.tempo_token}"},
    )
    assert answer.status_code == 404


def test_reseeding_rebuilds_tempos_data_but_keeps_its_switches(
    cloud: JiraEmulator, tempo: httpx.Client
) -> None:
    store = tempo_store(cloud.state)
    store.core3_gone = True
    made = _create(tempo, cloud).json()
    assert made["jiraWorklogId"] in store.extras
    cloud.state.reset()
    assert made["jiraWorklogId"] not in store.extras
    with pytest.raises(KeyError):
        cloud.state.worklog(made["jiraWorklogId"])
    assert store.core3_gone is True
    assert store.approval(_me(cloud), APPROVED_DAY)[2] == APPROVED
