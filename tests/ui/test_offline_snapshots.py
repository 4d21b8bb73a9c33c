"""A snapshot of the week with a save queued while the server is down, at 80×24: the pending
cell (`+1:30`), the legend that says what it means and `1 queued` in the status bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from screenshots.make import DAY, NOW, settle
from tuiws.app.demo import GatedTime, build_demo_app
from tuiws.app.screens.editor import WorklogEditorScreen
from tuiws.app.screens.week import WeekScreen
from tuiws.emulator import JiraEmulator

SnapCompare = Callable[..., bool]


def test_a_queued_save_in_the_grid_and_the_status_bar(
    snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(WeekScreen, "SETTLE_WAITS", (3600.0,))  # no retry while it is taken
    with JiraEmulator("cloud", today=DAY, clock=lambda: NOW) as emu:
        app = build_demo_app(emu, tmp_path, today=DAY, time=GatedTime())

        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot, lambda: app.home.week is not None and not app.home.status.loading)
            grid = app.home.grid
            # An empty cell: today on the last row.
            grid.move_cursor(row=grid.row_count - 1)
            await pilot.press("a")
            await settle(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
            emu.stop()
            await pilot.press(*"1h 30m", "ctrl+s")
            await settle(pilot, lambda: app.home.status.queued == 1 and app.screen is app.home)
            app.clear_notifications()  # the toast would cover the legend and the status bar
            await pilot.pause()

        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
