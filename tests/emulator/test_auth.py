"""Who may talk to the emulator, and how it answers strangers, over real HTTP."""

from __future__ import annotations

import httpx

from tuiws.emulator import DEMO, JiraEmulator

from .conftest import client_for


def test_cloud_basic_email_and_token(cloud: JiraEmulator) -> None:
    response = httpx.get(f"{cloud.url}/rest/api/3/myself", auth=(DEMO.email, DEMO.api_token))
    assert response.status_code == 200
    body = response.json()
    assert body["emailAddress"] == DEMO.email
    assert body["accountId"].startswith("712020:")
    assert body["accountType"] == "atlassian"
    assert body["timeZone"] == "Europe/Berlin"
    assert body["active"] is True
    assert "name" not in body


def test_cloud_refuses_wrong_token_missing_auth_and_bearer(cloud: JiraEmulator) -> None:
    url = f"{cloud.url}/rest/api/3/myself"
    wrong = httpx.get(url, auth=(DEMO.email, "not-the-token"))
    assert wrong.status_code == 401
    assert "WWW-Authenticate" in wrong.headers
    assert wrong.json()["errorMessages"]
    assert httpx.get(url).status_code == 401
    # Cloud takes the email, not the username, and has no PATs.
    assert httpx.get(url, auth=(DEMO.username, DEMO.api_token)).status_code == 401
    bearer = httpx.get(url, headers={"Authorization": f"Bearer {DEMO.api_token}"})
    assert bearer.status_code == 401


def test_server_bearer_pat_and_basic_fallback(server: JiraEmulator) -> None:
    url = f"{server.url}/rest/api/2/myself"
    by_pat = httpx.get(url, headers={"Authorization": f"Bearer {DEMO.pat}"})
    assert by_pat.status_code == 200
    assert by_pat.json()["name"] == DEMO.username
    assert "accountId" not in by_pat.json()
    assert {"key", "displayName", "emailAddress", "timeZone", "self"} <= set(by_pat.json())
    by_password = httpx.get(url, auth=(DEMO.username, DEMO.password))
    assert by_password.status_code == 200
    assert httpx.get(url, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert httpx.get(url, auth=(DEMO.username, "wrong")).status_code == 401
    assert httpx.get(url).status_code == 401


def test_server_info_is_anonymous_and_names_the_deployment(
    cloud: JiraEmulator, server: JiraEmulator
) -> None:
    cloud_info = httpx.get(f"{cloud.url}/rest/api/2/serverInfo").json()
    assert cloud_info["deploymentType"] == "Cloud"
    assert cloud_info["baseUrl"] == cloud.url
    assert httpx.get(f"{cloud.url}/rest/api/3/serverInfo").status_code == 200
    server_info = httpx.get(f"{server.url}/rest/api/2/serverInfo").json()
    assert server_info["deploymentType"] == "Server"
    assert {"version", "serverTime", "versionNumbers"} <= set(server_info)


def test_server_has_no_v3_and_unknown_paths_are_404(server: JiraEmulator) -> None:
    with client_for(server) as client:
        response = client.get("/rest/api/3/myself")
        assert response.status_code == 404
        assert set(response.json()) == {"errorMessages", "errors"}
        assert client.get("/rest/api/2/nothing/here").status_code == 404
        assert client.get("/elsewhere").status_code == 404
        wrong_method = client.patch("/rest/api/2/myself")
        assert wrong_method.status_code == 405
        assert wrong_method.json()["errorMessages"]


def test_every_seeded_person_can_sign_in(any_flavor: JiraEmulator) -> None:
    prefix = "/rest/api/3" if any_flavor.flavor == "cloud" else "/rest/api/2"
    for user in any_flavor.state.users:
        with client_for(any_flavor, user.name) as client:
            me = client.get(f"{prefix}/myself").json()
            assert me["displayName"] == user.display_name


def test_authorization_header_is_redacted_in_the_log(cloud: JiraEmulator) -> None:
    httpx.get(f"{cloud.url}/rest/api/3/myself", auth=(DEMO.email, DEMO.api_token))
    (recorded,) = cloud.requests
    assert recorded.headers["authorization"] == "<redacted>"
    assert recorded.status == 200
    assert recorded.path == "/rest/api/3/myself"
