"""The real app against an emulator, with time the test controls (see `tuiws.app.demo`), and the
waiting helpers every UI test shares."""

from __future__ import annotations

import asyncio
import html
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from tuiws.app.demo import GatedTime
from tuiws.app.demo import build_demo_app as build_app

__all__ = ["GatedTime", "build_app", "press_unwaited", "screen_lines", "until"]

SVG_CELL_WIDTH = 12.2
"""Rich's SVG export draws a cell 0.61 × its 20-pixel line height wide."""
_SVG_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')


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
    """Press keys without waiting for the screen to settle.

    `Pilot.press` waits until every widget of the screen has drained its queue; a save held in
    a backoff (the test holds the sleep) keeps the screen from settling, and the pilot would
    wait out its 30 s timeout instead of letting the test look at the countdown.
    """
    for key in keys:
        pilot.app.simulate_key(key)
    await asyncio.sleep(0)


def screen_lines(app: Any) -> list[str]:
    """The screen as the user sees it, one string per line (read from a screenshot)."""
    by_line: defaultdict[float, list[tuple[float, str]]] = defaultdict(list)
    for x, y, text in _SVG_TEXT.findall(app.export_screenshot()):
        by_line[float(y)].append((float(x), html.unescape(text).replace("\xa0", " ")))
    lines = []
    for _, parts in sorted(by_line.items()):
        line = ""
        for x, text in sorted(parts):
            line = line.ljust(round(x / SVG_CELL_WIDTH)) + text
        lines.append(line)
    return lines
