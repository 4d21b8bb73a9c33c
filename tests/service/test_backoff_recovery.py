"""The status bar's countdown ends when the server answers again, not when an answer arrives
to a request sent before the pause began (it was on its way before the 503)."""

from __future__ import annotations

import asyncio

from tests.conftest import Harness
from tuiws.app.demo import demo_profile
from tuiws.backends.backoff import RetryPolicy
from tuiws.backends.jira.client import ClientSettings, JiraClient
from tuiws.backends.registry import auth_for


async def test_an_answer_sent_before_the_pause_does_not_end_it(harness: Harness) -> None:
    emu = harness.emulator
    profile = demo_profile(emu)
    assert profile.flavor is not None
    paused = asyncio.Event()
    resume = asyncio.Event()
    recovered: list[str] = []

    async def gated_sleep(seconds: float) -> None:
        paused.set()
        await resume.wait()
        await harness.time.sleep(seconds)  # the pause is over: the clock has moved past it

    client = JiraClient(
        ClientSettings(base_url=profile.url, flavor=profile.flavor),
        None,
        retry=RetryPolicy(jitter=lambda: 0.5),
        on_recovered=lambda: recovered.append("recovered"),
        sleep=gated_sleep,
        clock=harness.time.clock,
    )
    client.set_auth(auth_for(profile, profile.flavor))
    async with client:
        emu.delay_next(1, 0.3, path_contains="/myself")  # on its way while the pause begins
        emu.fail_next(1, 503, path_contains="/serverInfo")
        slow = asyncio.ensure_future(client.myself())
        retried = asyncio.ensure_future(client.server_info())
        await asyncio.wait_for(paused.wait(), 5)
        await asyncio.wait_for(slow, 5)
        assert recovered == [], "the server has not answered the retried request yet"
        resume.set()
        await asyncio.wait_for(retried, 5)
    assert recovered == ["recovered"]
