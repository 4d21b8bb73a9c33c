"""The seed's special places: unbrowsable (404), locked down (403), at the limit (413), no time
tracking (a generic 400)."""

from __future__ import annotations

import httpx

from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import AT_LIMIT, LOCKED, TIME_TRACKING_OFF, UNBROWSABLE

from .conftest import api, client_for

BODY = {"started": "2026-05-26T09:00:00.000+0200", "timeSpentSeconds": 1800}
NOT_THERE = {
    "errorMessages": ["Issue does not exist or you do not have permission to see it."],
    "errors": {},
}


def test_unbrowsable_issue_is_404_everywhere(any_flavor: JiraEmulator) -> None:
    prefix = api(any_flavor)
    hidden = any_flavor.state.worklogs_for(UNBROWSABLE)
    assert hidden, "the seed puts an admin's worklogs there"
    with client_for(any_flavor) as client:
        for response in (
            client.get(f"{prefix}/issue/{UNBROWSABLE}"),
            client.get(f"{prefix}/issue/{UNBROWSABLE}/worklog"),
            client.get(f"{prefix}/issue/{UNBROWSABLE}/worklog/{hidden[0].id}"),
            client.post(f"{prefix}/issue/{UNBROWSABLE}/worklog", json=BODY),
            client.put(f"{prefix}/issue/{UNBROWSABLE}/worklog/{hidden[0].id}", json=BODY),
            client.delete(f"{prefix}/issue/{UNBROWSABLE}/worklog/{hidden[0].id}"),
        ):
            assert response.status_code == 404
            assert response.json() == NOT_THERE
    with client_for(any_flavor, "pnatarajan") as admin:
        assert admin.get(f"{prefix}/issue/{UNBROWSABLE}").status_code == 200


def test_locked_project_allows_add_but_not_edit_or_delete(any_flavor: JiraEmulator) -> None:
    prefix = api(any_flavor)
    with client_for(any_flavor) as client:
        created = client.post(f"{prefix}/issue/{LOCKED}/worklog", json=BODY)
        assert created.status_code == 201
        url = f"{prefix}/issue/{LOCKED}/worklog/{created.json()['id']}"
        edit = client.put(url, json={"timeSpentSeconds": 600})
        assert edit.status_code == 403
        assert "Edit own worklogs" in edit.json()["errorMessages"][0]
        delete = client.delete(url)
        assert delete.status_code == 403
        assert "Delete own worklogs" in delete.json()["errorMessages"][0]
    assert any_flavor.state.worklog(created.json()["id"]).time_spent_seconds == 1800


def test_issue_at_its_worklog_limit_answers_413(cloud: JiraEmulator) -> None:
    issue = cloud.state.issue(AT_LIMIT)
    assert issue.worklog_limit == len(cloud.state.worklogs_for(AT_LIMIT))
    before = len(cloud.state.worklogs_for(AT_LIMIT))
    with client_for(cloud) as client:
        response = client.post(f"/rest/api/3/issue/{AT_LIMIT}/worklog", json=BODY)
    assert response.status_code == 413
    assert response.json()["errorMessages"]
    assert len(cloud.state.worklogs_for(AT_LIMIT)) == before


def test_time_tracking_off_is_a_generic_400(cloud_client: httpx.Client) -> None:
    response = cloud_client.post(f"/rest/api/3/issue/{TIME_TRACKING_OFF}/worklog", json=BODY)
    assert response.status_code == 400
    assert response.json() == {"errorMessages": [], "errors": {}}
    issue = cloud_client.get(
        f"/rest/api/3/issue/{TIME_TRACKING_OFF}", params={"fields": "timetracking"}
    ).json()
    assert issue["fields"]["timetracking"] == {}
