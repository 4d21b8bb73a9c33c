"""`tuiws doctor` on a Tempo profile: the API version that answered, the token, its scopes."""

from __future__ import annotations

import pytest

from tuiws.app.demo import demo_profile
from tuiws.backends.registry import Hooks, connection_for
from tuiws.backends.tempo.connection import tempo_connection
from tuiws.emulator import DEMO, JiraEmulator
from tuiws.emulator.tempo import tempo_store
from tuiws.factory import connect
from tuiws.services.doctor import DoctorReport, run_doctor


async def doctor(emu: JiraEmulator, api: str) -> DoctorReport:
    profile = demo_profile(emu)
    hooks = Hooks()
    jira = connection_for(profile, hooks)
    connection = tempo_connection(jira, f"{emu.url}/tempo/{api}", DEMO.tempo_token, hooks)
    async with connection:
        return await run_doctor(connection, profile, lambda: connect(connection, profile))


@pytest.mark.parametrize(("api", "version"), [("4", "REST v4"), ("core/3", "core/3 (retired")])
async def test_doctor_names_the_tempo_api_and_finds_every_scope(api: str, version: str) -> None:
    with JiraEmulator("cloud") as emu:
        tempo_store(emu.state).rate_limit = None
        report = await doctor(emu, api)
    lines = {c.name: c for c in report.checks}
    assert lines["tempo"].ok and lines["tempo"].detail.startswith(version)
    assert "token accepted, 4 work attributes" in lines["tempo"].detail
    assert lines["tempo scopes"].ok and report.ok
    if api == "core/3":
        assert "https://api.tempo.io/4" in lines["tempo"].fix


async def test_doctor_says_which_scope_the_token_lacks_and_what_it_costs() -> None:
    with JiraEmulator("cloud") as emu:
        store = tempo_store(emu.state)
        store.rate_limit = None
        store.restrict(DEMO.tempo_token, {"worklogs", "work-attributes", "approvals", "audit"})
        report = await doctor(emu, "4")
    [scopes] = [c for c in report.checks if c.name == "tempo scopes"]
    assert not scopes.ok and not report.ok
    assert "lacks Schemes (Schemes: required hours fall back to hours-per-day)" in scopes.detail
