"""Shared fixtures: emulators on loopback with a frozen, movable clock, and raw httpx clients."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from tuiws.emulator import DEMO, JiraEmulator

TODAY = date(2026, 5, 27)  # a Wednesday
NOW = datetime(2026, 5, 27, 15, 0, tzinfo=UTC)


class Clock:
    """A clock tests can move."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def adf_doc(text: str) -> dict[str, object]:
    return {
        "type": "doc",
        "version": 1,
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": text}]}],
    }


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cloud(clock: Clock) -> Iterator[JiraEmulator]:
    with JiraEmulator("cloud", today=TODAY, clock=clock) as emulator:
        yield emulator


@pytest.fixture
def server(clock: Clock) -> Iterator[JiraEmulator]:
    with JiraEmulator("server", today=TODAY, clock=clock) as emulator:
        yield emulator


@pytest.fixture
def cloud_client(cloud: JiraEmulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=cloud.url, auth=(DEMO.email, DEMO.api_token)) as client:
        yield client


@pytest.fixture
def server_client(server: JiraEmulator) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {DEMO.pat}"}
    with httpx.Client(base_url=server.url, headers=headers) as client:
        yield client


@pytest.fixture(params=["cloud", "server"])
def any_flavor(request: pytest.FixtureRequest, clock: Clock) -> Iterator[JiraEmulator]:
    with JiraEmulator(request.param, today=TODAY, clock=clock) as emulator:
        yield emulator


def client_for(emulator: JiraEmulator, ident: str | None = None) -> httpx.Client:
    """A raw client signed in as `ident` (default: the demo user) on the emulator's flavor."""
    user = emulator.state.user_by(ident) if ident else emulator.state.demo_user
    token = emulator.state.token_for(user.name)
    if emulator.flavor == "cloud":
        return httpx.Client(base_url=emulator.url, auth=(user.email, token))
    return httpx.Client(base_url=emulator.url, headers={"Authorization": f"Bearer {token}"})


def api(emulator: JiraEmulator) -> str:
    """The API prefix the flavor's client would use."""
    return "/rest/api/3" if emulator.flavor == "cloud" else "/rest/api/2"


def comment_for(emulator: JiraEmulator, text: str) -> object:
    return adf_doc(text) if emulator.flavor == "cloud" else text
