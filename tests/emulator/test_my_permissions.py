"""`mypermissions` on the emulator: administrators hold Administer Jira, others do not."""

from __future__ import annotations

from tuiws.emulator import KEYS, JiraEmulator

from .conftest import client_for


def test_only_an_administrator_holds_administer_jira(server: JiraEmulator) -> None:
    held = {}
    for who in (KEYS.admin_username, None):
        with client_for(server, who) as client:
            answer = client.get(
                "/rest/api/2/mypermissions", params={"permissions": "ADMINISTER,BROWSE_PROJECTS"}
            )
        assert answer.status_code == 200
        perms = answer.json()["permissions"]
        held[who] = (
            perms["ADMINISTER"]["havePermission"],
            perms["BROWSE_PROJECTS"]["havePermission"],
        )
        assert perms["ADMINISTER"]["type"] == "GLOBAL"
    assert held == {KEYS.admin_username: (True, True), None: (False, True)}


def test_an_unknown_key_or_a_missing_list_on_cloud_is_refused(
    server: JiraEmulator, cloud: JiraEmulator
) -> None:
    with client_for(server) as client:
        unknown = client.get("/rest/api/2/mypermissions", params={"permissions": "FLY"})
        every = client.get("/rest/api/2/mypermissions")
    with client_for(cloud) as client:
        bare = client.get("/rest/api/3/mypermissions")
    assert unknown.status_code == 400 and bare.status_code == 400
    assert every.status_code == 200 and "ADMINISTER" in every.json()["permissions"]
