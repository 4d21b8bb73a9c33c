"""Regenerate the README's screenshots from the demo: `python -m screenshots.make`.

A pilot drives the real app against the bundled emulator on a fixed date and a frozen
clock, so the pictures only change when the app does.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from textual.app import App
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tuiws.app.app import TuiwsApp
from tuiws.app.demo import GatedTime, build_demo_app
from tuiws.app.screens.dialogs import ConfirmDeleteScreen
from tuiws.app.screens.editor import WorklogEditorScreen
from tuiws.app.screens.help import HelpScreen
from tuiws.app.screens.search import IssueSearchScreen
from tuiws.app.screens.team import TeamScreen
from tuiws.app.screens.week import WeekScreen
from tuiws.emulator import JiraEmulator

HERE = Path(__file__).resolve().parent
DAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)

Scene = Callable[[TuiwsApp, Pilot[None], JiraEmulator, GatedTime], Awaitable[None]]


async def settle(pilot: Pilot[Any], check: Callable[[], object], timeout: float = 10) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise RuntimeError("the app did not settle")
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.2)
    steady_cursors(pilot.app)


def steady_cursors(app: App[Any]) -> None:
    """No blinking cursors: a picture must not depend on when it was taken."""
    for node in app.screen.query(Input):
        node.cursor_blink = False
    for area in app.screen.query(TextArea):
        area.cursor_blink = False


async def week(app: TuiwsApp, pilot: Pilot[None], emu: JiraEmulator, t: GatedTime) -> None:
    return None


async def cell_view(app: TuiwsApp, pilot: Pilot[None], emu: JiraEmulator, t: GatedTime) -> None:
    assert app.home.week is not None
    for r, row in enumerate(app.home.week.rows):
        for d, logs in enumerate(row.worklogs):
            if len(logs) >= 2:
                app.home.grid.cursor_coordinate = Coordinate(r, d + 1)
                await pilot.press("enter")
                await settle(pilot, lambda: not isinstance(app.screen, WeekScreen))
                return
    await pilot.press("enter")
    await settle(pilot, lambda: not isinstance(app.screen, WeekScreen))


async def editor_error(app: TuiwsApp, pilot: Pilot[None], emu: JiraEmulator, t: GatedTime) -> None:
    await pilot.press("a")
    await settle(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
    await pilot.press("1", "ctrl+s")
    await settle(
        pilot,
        lambda: isinstance(app.screen, WorklogEditorScreen) and app.screen.field_error("duration"),
    )


async def help_keys(app: TuiwsApp, pilot: Pilot[None], emu: JiraEmulator, t: GatedTime) -> None:
    await pilot.press("question_mark")
    await settle(pilot, lambda: isinstance(app.screen, HelpScreen))


async def confirm_delete(
    app: TuiwsApp, pilot: Pilot[None], emu: JiraEmulator, t: GatedTime
) -> None:
    week, me = app.home.week, app.session.me.ident if app.session else ""
    assert week is not None
    for r, row in enumerate(week.rows):
        for d, logs in enumerate(row.worklogs):
            if len(logs) == 1 and logs[0].author.ident == me:
                app.home.grid.cursor_coordinate = Coordinate(r, d + 1)
                await pilot.press("d")
                await settle(pilot, lambda: isinstance(app.screen, ConfirmDeleteScreen))
                return
    raise RuntimeError("no single worklog of mine to delete in the seeded week")


async def search(app: TuiwsApp, pilot: Pilot[None], emu: JiraEmulator, t: GatedTime) -> None:
    await pilot.press("slash")
    await settle(pilot, lambda: not isinstance(app.screen, WeekScreen))
    await pilot.press(*"review")
    await settle(
        pilot,
        lambda: (
            isinstance(app.screen, IssueSearchScreen)
            and app.screen.query_text == "review"
            and not app.screen.busy
        ),
    )


async def rate_limited(app: TuiwsApp, pilot: Pilot[None], emu: JiraEmulator, t: GatedTime) -> None:
    t.gate = asyncio.Event()
    emu.fail_next(1, 429, retry_after=7)
    await pilot.press("r")
    await settle(pilot, lambda: t.waiting > 0)


async def team(app: TuiwsApp, pilot: Pilot[None], emu: JiraEmulator, t: GatedTime) -> None:
    await pilot.press("m")
    await settle(pilot, lambda: isinstance(app.screen, TeamScreen) and app.screen.team)


SCENES: list[tuple[str, tuple[int, int], Scene]] = [
    ("week-80x24", (80, 24), week),
    ("week-120x36", (120, 36), week),
    ("cell-view", (100, 30), cell_view),
    ("editor-validation", (80, 24), editor_error),
    ("search", (100, 30), search),
    ("rate-limited", (100, 30), rate_limited),
    ("help", (80, 24), help_keys),
    ("confirm-delete", (80, 24), confirm_delete),
    ("team", (100, 30), team),
]


async def shoot(name: str, size: tuple[int, int], scene: Scene, out: Path) -> Path:
    with (
        JiraEmulator("cloud", today=DAY, clock=lambda: NOW) as emu,
        tempfile.TemporaryDirectory() as folder,
    ):
        time = GatedTime()
        app = build_demo_app(emu, Path(folder), today=DAY, time=time)
        async with app.run_test(size=size) as pilot:
            await settle(pilot, lambda: app.home.week is not None and not app.home.status.loading)
            await scene(app, pilot, emu, time)
            path = Path(app.save_screenshot(f"{name}.svg", path=str(out)))
            if time.gate is not None:
                time.gate.set()
        return path


def main() -> None:
    for name, size, scene in SCENES:
        print(asyncio.run(shoot(name, size, scene, HERE)))


if __name__ == "__main__":
    main()
