"""The client's edges over real HTTP: feeds and bulk hydration, flavor detection, network
and TLS failures, and what error messages never contain."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import FakeTime, Harness, make_client
from tuiws.backends import errors
from tuiws.backends.backoff import RetryPolicy
from tuiws.backends.jira.client import ClientSettings, JiraClient
from tuiws.domain.models import Flavor
from tuiws.emulator.seed import MEETINGS


async def test_feeds_walk_every_page_and_hydrate_in_batches_of_1000(harness: Harness) -> None:
    state = harness.emulator.state
    me = state.demo_user
    ident = me.account_id if harness.emulator.flavor == "cloud" else me.name
    # Jira leaves out what changed in the last minute: move the emulator's clock past it.
    state.clock = lambda: datetime.now(UTC) + timedelta(minutes=2)
    async with make_client(harness) as client:
        seeded = await client.worklog_changes("updated", 0)
        assert len(seeded.ids) == len(set(seeded.ids)) > 0
        since_ms = seeded.until
        ids = [
            state.add_worklog(MEETINGS, ident, datetime(2025, 2, 3, 9, tzinfo=UTC), 60).id
            for _ in range(2100)
        ]
        fresh = await client.worklog_changes("updated", since_ms)
        assert set(fresh.ids) <= set(seeded.ids), "changes of the last minute are not listed"
        state.clock = lambda: datetime.now(UTC) + timedelta(minutes=4)
        harness.emulator.clear_log()
        changes = await client.worklog_changes("updated", since_ms)
        assert set(changes.ids) - set(seeded.ids) == set(ids)
        assert changes.until > since_ms
        pages = [r for r in harness.emulator.requests if r.path.endswith("/worklog/updated")]
        assert 3 <= len(pages) <= 4  # 1000 a page; a boundary entry may be listed twice
        harness.emulator.clear_log()
        hydrated = await client.worklogs_by_id(changes.ids)
        posts = [r for r in harness.emulator.requests if r.path.endswith("/worklog/list")]
        n = len(changes.ids)
        assert sorted(len(r.body["ids"]) for r in posts) == [n - 2000, 1000, 1000]
        assert {int(w.id) for w in hydrated} == set(changes.ids)
        assert len(hydrated) == len(changes.ids)

        state.delete_worklog(ids[0])
        state.clock = lambda: datetime.now(UTC) + timedelta(minutes=6)
        gone = await client.worklog_changes("deleted", changes.until - 1)
        assert ids[0] in gone.ids


async def test_flavor_is_detected_from_server_info(harness: Harness) -> None:
    async with make_client(harness, flavor_known=False) as client:
        assert client.flavor is None
        assert (await client.ensure_flavor()) is Flavor(harness.emulator.flavor)
        assert harness.emulator.requests[0].path == "/rest/api/2/serverInfo"


async def test_unreachable_jira_is_retried_then_reported() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    fake = FakeTime()
    events: list[object] = []
    client = JiraClient(
        ClientSettings(base_url=f"http://127.0.0.1:{port}", flavor=Flavor.CLOUD),
        None,
        retry=RetryPolicy(max_attempts=3, jitter=lambda: 1.0),
        on_backoff=events.append,
        sleep=fake.sleep,
        clock=fake.clock,
    )
    async with client:
        with pytest.raises(errors.Unreachable, match="Cannot reach"):
            await client.myself()
    assert len(events) == 2 and fake.slept == [3.0, 9.0]  # decorrelated: up to 3x the last


@pytest.mark.parametrize("flavor", ["cloud"])
async def test_tls_failure_is_named_and_never_bypassed(harness: Harness) -> None:
    url = harness.emulator.url.replace("http://", "https://")
    client = JiraClient(ClientSettings(base_url=url, flavor=Flavor.CLOUD), None)
    async with client:
        with pytest.raises(errors.TlsFailed, match="secure connection") as info:
            await client.myself()
    assert "never switched off" in str(info.value)


async def test_error_messages_carry_no_secret(harness: Harness) -> None:
    from tuiws.backends.jira.auth import BasicAuth, BearerAuth

    secret = "S3CRET-token-value-do-not-print"
    async with make_client(harness) as client:
        auth = (
            BasicAuth("someone@example.com", secret)
            if harness.emulator.flavor == "cloud"
            else BearerAuth(secret)
        )
        client.set_auth(auth)
        with pytest.raises(errors.Unauthenticated) as info:
            await client.myself()
    assert secret not in str(info.value) and secret not in repr(info.value)
    assert secret not in repr(auth)
    assert all(secret not in str(r.headers) for r in harness.emulator.requests)
