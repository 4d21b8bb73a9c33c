"""Parallel runs share a tight rate limit: decorrelated jitter inside a wait budget.

Twenty `tuiws log` at once against a budget of 5 with a refill of 2/s, each run with its own
client (as separate processes have): with waits in lockstep and a fixed 5 attempts, 16 gave
up. Time runs 25x faster for both sides (the emulator's bucket and the clients' clock and
sleep), so the minute of Jira time the test covers passes in a few real seconds.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import Harness, jira_connection, make_client
from tuiws.app.demo import demo_profile
from tuiws.backends import errors
from tuiws.backends.backoff import BackoffEvent, RetryPolicy
from tuiws.backends.jira.client import ClientSettings, JiraClient
from tuiws.domain.models import Worklog, WorklogDraft
from tuiws.emulator import Budget
from tuiws.emulator.seed import MEETINGS
from tuiws.factory import connect
from tuiws.services.worklogs import WorklogService

SPEED = 25.0


@dataclass
class FastTime:
    """Real time, SPEED times faster: a clock, a sleep and a monotonic clock for the bucket."""

    started: float = field(default_factory=time.monotonic)
    epoch: float = 1_800_000_000.0

    def monotonic(self) -> float:
        return (time.monotonic() - self.started) * SPEED

    def clock(self) -> float:
        return self.epoch + self.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds / SPEED)


@pytest.mark.parametrize("flavor", ["cloud"])
async def test_twenty_parallel_logs_all_land_within_the_wait_budget(harness: Harness) -> None:
    emu = harness.emulator
    fast = FastTime()
    emu.set_budget(Budget(capacity=5, refill_per_second=2, write_cost=2), monotonic=fast.monotonic)
    profile = demo_profile(emu)
    assert profile.retry_budget_seconds == 60
    events: list[BackoffEvent] = []
    day = datetime(2025, 3, 12, 9, tzinfo=ZoneInfo("Europe/Berlin"))

    async def one_run(n: int) -> Worklog:
        # The default policy (a minute's budget, no attempt cap), on the fast clock.
        client = JiraClient(
            ClientSettings(base_url=profile.url, flavor=profile.flavor),
            None,
            retry=RetryPolicy(wait_budget=profile.retry_budget_seconds),
            on_backoff=events.append,
            sleep=fast.sleep,
            clock=fast.clock,
        )
        async with client:
            session = await connect(jira_connection(client, profile), profile)
            draft = WorklogDraft(
                issue_key=MEETINGS,
                started=day + timedelta(minutes=n),
                time_spent_seconds=60 * (n + 1),
            )
            return await WorklogService(session).add(draft)

    before = len(emu.state.worklogs_for(MEETINGS))
    began = fast.monotonic()
    results = await asyncio.gather(*(one_run(n) for n in range(20)), return_exceptions=True)
    took = fast.monotonic() - began

    failures = [r for r in results if not isinstance(r, Worklog)]
    assert failures == []
    assert len(emu.state.worklogs_for(MEETINGS)) == before + 20  # each landed exactly once
    assert sorted(w.time_spent_seconds for w in results if isinstance(w, Worklog)) == [
        60 * (n + 1) for n in range(20)
    ]
    assert any(r.status == 429 for r in emu.requests), "the budget was tight enough to refuse"
    # The bucket allows about 2 tokens a second: 20 runs of 4 tokens need 37.5 s at best.
    # (The upper bound is loose: a starved event loop stretches the fast clock too.)
    assert 30 < took < 120
    assert max(e.attempt for e in events) > 5, "the budget, not 5 attempts, decided"
    waits = sorted({round(e.seconds, 2) for e in events if e.status == 429})
    assert len(waits) > 10, "waits are spread, not in lockstep"


async def test_giving_up_says_one_second_not_one_seconds(harness: Harness) -> None:
    harness.emulator.fail_next(100, 429, retry_after=1)
    async with make_client(harness) as client:
        client.retry = RetryPolicy(wait_budget=3, jitter=lambda: 0.0)
        with pytest.raises(errors.RateLimited) as info:
            await client.myself()
    message = str(info.value)
    assert "after 4 attempts" in message and message.endswith("Try again in 1 second.")
    assert harness.time.slept == [1.0, 1.0, 1.0]
