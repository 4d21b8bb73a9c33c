"""Shared pieces of the emulated-Tempo tests: the demo user's Tempo client and a few helpers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from tuiws.emulator import DEMO, JiraEmulator
from tuiws.emulator.tempo import tempo_store

from .conftest import TODAY

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


def me(emulator: JiraEmulator) -> str:
    return emulator.state.demo_user.account_id


def truth(emulator: JiraEmulator, authors: set[str], start: date, end: date) -> set[int]:
    """Jira ids of the authors' worklogs whose start, in the author's zone, is in [start, end]."""
    state = emulator.state
    found: set[int] = set()
    for worklog in state.all_worklogs():
        author = state.user_by(worklog.author)
        day = worklog.started.astimezone(author.zone).date()
        if worklog.author in authors and start <= day <= end:
            found.add(worklog.id)
    return found


def walk(client: httpx.Client, first: httpx.Response, body: Any = None) -> list[dict[str, Any]]:
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


def create(tempo: httpx.Client, emulator: JiraEmulator, **changes: Any) -> httpx.Response:
    body: dict[str, Any] = {
        "authorAccountId": me(emulator),
        "issueId": emulator.state.issue("PLAT-2").id,
        "startDate": (MONDAY + timedelta(days=1)).isoformat(),
        "startTime": "09:00:00",
        "timeSpentSeconds": 3600,
        "attributes": ACCOUNT,
    }
    body.update(changes)
    return tempo.post("/4/worklogs", json={k: v for k, v in body.items() if v is not None})
