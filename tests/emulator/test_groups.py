"""Group members and Cloud's bulk user look-up, shaped and paged the way Jira does it."""

from __future__ import annotations

from datetime import date

import httpx

from tuiws.emulator import JiraEmulator
from tuiws.emulator.bigteam import add_big_team
from tuiws.emulator.seed import DEMO_GROUP, TEAM

from .conftest import api, client_for


def test_seeded_group_lists_the_demo_team(any_flavor: JiraEmulator) -> None:
    with client_for(any_flavor) as http:
        page = http.get(f"{api(any_flavor)}/group/member", params={"groupname": DEMO_GROUP})
    assert page.status_code == 200
    body = page.json()
    assert body["total"] == len(TEAM) and body["isLast"] is True and body["startAt"] == 0
    names = {u["displayName"] for u in body["values"]}
    assert names == {p.display_name for p in TEAM}
    assert all(u["timeZone"] for u in body["values"])
    ident = "accountId" if any_flavor.flavor == "cloud" else "name"
    assert all(ident in u for u in body["values"])


def test_group_members_page_by_fifty_at_most(any_flavor: JiraEmulator) -> None:
    add_big_team(any_flavor.state, date(2026, 5, 25), people=60, worklogs=0, group="big")
    seen: list[str] = []
    start = 0
    with client_for(any_flavor) as http:
        while True:
            body = http.get(
                f"{api(any_flavor)}/group/member",
                params={"groupname": "BIG", "startAt": start, "maxResults": 500},
            ).json()
            assert body["maxResults"] == 50 and body["total"] == 60
            seen.extend(u["displayName"] for u in body["values"])
            start += len(body["values"])
            if body["isLast"]:
                assert "nextPage" not in body
                break
            assert "startAt=50" in body["nextPage"]
    assert len(seen) == 60 == len(set(seen))


def test_unknown_group_is_a_404_with_jiras_error_shape(any_flavor: JiraEmulator) -> None:
    with client_for(any_flavor) as http:
        resp = http.get(f"{api(any_flavor)}/group/member", params={"groupname": "nobody"})
        missing = http.get(f"{api(any_flavor)}/group/member")
    assert resp.status_code == 404
    assert resp.json() == {
        "errorMessages": ["The group named 'nobody' does not exist."],
        "errors": {},
    }
    assert missing.status_code == 400


def test_cloud_names_groups_by_id_too(cloud: JiraEmulator, cloud_client: httpx.Client) -> None:
    group = cloud.state.find_group(name=DEMO_GROUP)
    assert group is not None
    body = cloud_client.get("/rest/api/3/group/member", params={"groupId": group.group_id}).json()
    assert body["total"] == len(TEAM)


def test_cloud_user_bulk_skips_unknown_ids(cloud: JiraEmulator, cloud_client: httpx.Client) -> None:
    people = cloud.state.users[:3]
    params = (*(("accountId", u.account_id) for u in people), ("accountId", "712020:nobody"))
    body = cloud_client.get("/rest/api/3/user/bulk", params=params).json()
    assert [u["accountId"] for u in body["values"]] == [u.account_id for u in people]
    assert body["isLast"] is True
    paged = cloud_client.get("/rest/api/3/user/bulk", params=[*params, ("maxResults", "2")])
    assert len(paged.json()["values"]) == 2 and paged.json()["isLast"] is False
    assert cloud_client.get("/rest/api/3/user/bulk").status_code == 400


def test_server_has_no_user_bulk(server: JiraEmulator, server_client: httpx.Client) -> None:
    resp = server_client.get("/rest/api/2/user/bulk", params={"accountId": "x"})
    assert resp.status_code == 404
