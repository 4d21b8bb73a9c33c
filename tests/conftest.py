"""Shared fixtures: a fresh emulator per test (both flavors) and a signed-in session on it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tuiws.app.demo import demo_profile
from tuiws.backends.backoff import BackoffEvent, RetryPolicy
from tuiws.backends.jira.client import ClientSettings, JiraClient
from tuiws.backends.jira.connection import JiraConnection
from tuiws.backends.jira.worklogs import JiraWorklogs
from tuiws.backends.registry import auth_for
from tuiws.config import ResolvedProfile
from tuiws.emulator import DEMO, JiraEmulator
from tuiws.factory import connect
from tuiws.services.session import Session


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first: handed out last, one of them would run on alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@dataclass
class FakeTime:
    """An injectable clock and sleep: backoff waits are recorded and pass instantly."""

    now: float = 1_800_000_000.0
    slept: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


@dataclass
class Harness:
    emulator: JiraEmulator
    time: FakeTime
    backoffs: list[BackoffEvent]
    recovered: list[bool]


@pytest.fixture(autouse=True)
def _log_in_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every command run by a test logs into the test's own folder, never the user's."""
    monkeypatch.setenv("TUIWS_LOG_DIR", str(tmp_path / "log"))


@pytest.fixture(params=["cloud", "server"])
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def emulator(flavor: str) -> Iterator[JiraEmulator]:
    with JiraEmulator(flavor) as emu:  # type: ignore[arg-type]
        yield emu


@pytest.fixture
def harness(emulator: JiraEmulator) -> Harness:
    return Harness(emulator, FakeTime(), [], [])


def jira_connection(client: JiraClient, profile: ResolvedProfile) -> JiraConnection:
    """The Jira adapter on `client`, signing as `profile` says once the flavor is known."""
    return JiraConnection(client, lambda flavor: auth_for(profile, flavor))


def jira_client(session: Session) -> JiraClient:
    """The Jira client under a session, for tests that write behind the services' back."""
    backend = session.backend
    assert isinstance(backend, JiraWorklogs)
    return backend.client


def make_client(h: Harness, *, flavor_known: bool = True) -> JiraClient:
    profile = demo_profile(h.emulator)
    settings = ClientSettings(base_url=profile.url, flavor=profile.flavor if flavor_known else None)
    client = JiraClient(
        settings,
        None,
        retry=RetryPolicy(jitter=lambda: 0.5),
        on_backoff=h.backoffs.append,
        on_recovered=lambda: h.recovered.append(True),
        sleep=h.time.sleep,
        clock=h.time.clock,
    )
    if profile.flavor is not None:
        client.set_auth(auth_for(profile, profile.flavor))
    return client


@pytest.fixture
async def session(harness: Harness) -> AsyncIterator[Session]:
    profile = demo_profile(harness.emulator)
    async with make_client(harness) as client:
        yield await connect(jira_connection(client, profile), profile)


@pytest.fixture
def jira(flavor: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[JiraEmulator]:
    """An emulator the command line reaches through the TUIWS_* environment (no config file)."""
    with JiraEmulator(flavor) as emu:  # type: ignore[arg-type]
        for name in ("TUIWS_PROFILE", "TUIWS_TZ"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("TUIWS_CONFIG_DIR", str(tmp_path / "config"))
        monkeypatch.setenv("TUIWS_DATA_DIR", str(tmp_path / "data"))
        monkeypatch.setenv("TUIWS_URL", emu.url)
        monkeypatch.setenv("TUIWS_FLAVOR", flavor)
        if flavor == "cloud":
            monkeypatch.setenv("TUIWS_EMAIL", DEMO.email)
            monkeypatch.setenv("TUIWS_TOKEN", DEMO.api_token)
        else:
            monkeypatch.delenv("TUIWS_EMAIL", raising=False)
            monkeypatch.setenv("TUIWS_TOKEN", DEMO.pat)
        yield emu
