"""Snapshots of the editor on Tempo at 80×24 and 120×36: billable time and the required work
attribute beside Jira's fields, the attribute left empty and refused before saving."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from screenshots.make import DAY, NOW, settle
from tuiws.app.demo import GatedTime, build_demo_app
from tuiws.app.screens.editor import WorklogEditorScreen
from tuiws.emulator import JiraEmulator
from tuiws.emulator.tempo import tempo_store

SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_the_tempo_editor_asks_for_the_required_attribute(
    size: tuple[int, int], snap_compare: SnapCompare, tmp_path: Path
) -> None:
    with JiraEmulator("cloud", today=DAY, clock=lambda: NOW) as emu:
        tempo_store(emu.state).rate_limit = None  # the frozen clock would never refill it
        app = build_demo_app(emu, tmp_path, today=DAY, time=GatedTime(), worklogs="tempo")

        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot, lambda: app.home.week is not None and not app.home.status.loading)
            await pilot.press("a")
            await settle(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
            await pilot.press(*"45m", "ctrl+s")
            screen = app.screen
            assert isinstance(screen, WorklogEditorScreen)
            await settle(pilot, lambda: screen.field_error("attr-_Account_"))

        assert snap_compare(app, terminal_size=size, run_before=run_before)
