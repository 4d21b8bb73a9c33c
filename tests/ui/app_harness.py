"""The real app against an emulator, with time the test controls (see `tuiws.demo`), and the
waiting helpers every UI test shares."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from tuiws.demo import GatedTime
from tuiws.demo import build_demo_app as build_app

__all__ = ["GatedTime", "build_app", "press_unwaited", "until"]


async def until(pilot: Pilot[Any], check: Callable[[], object], timeout: float = 8.0) -> None:
    """Poll `check` until it holds. Plain sleeps, not `pilot.pause()`: the pilot waits on every
    widget of the current screen, and one that is removed meanwhile never answers."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError("the app did not get there in time")
        await asyncio.sleep(0.02)


async def press_unwaited(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys whose handling closes the current screen (a save that succeeds).

    `Pilot.press` waits for the screen's widgets to drain their queues; when the screen is
    dismissed in the middle (the save's worker answers first) the removed widgets never drain
    and the pilot waits out its 30 s timeout. Posting the keys avoids that wait.
    """
    for key in keys:
        pilot.app.simulate_key(key)
    await asyncio.sleep(0)
