"""The sanity dialog the editor's `ctrl+s` shows before a doubtful save, at 80×24 and 120×36
on the seeded demo (fixed date, frozen clock)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from screenshots.make import DAY, NOW, settle
from tuiws.app.demo import GatedTime, build_demo_app
from tuiws.app.screens.editor import WorklogEditorScreen
from tuiws.app.screens.sanity_dialog import SanityQuestionsScreen
from tuiws.emulator import JiraEmulator

SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_sanity_dialog(size: tuple[int, int], snap_compare: SnapCompare, tmp_path: Path) -> None:
    with JiraEmulator("cloud", today=DAY, clock=lambda: NOW) as emu:
        app = build_demo_app(emu, tmp_path, today=DAY, time=GatedTime())

        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot, lambda: app.home.week is not None and not app.home.status.loading)
            await pilot.press("a")
            await settle(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
            await pilot.press(*"13h", "ctrl+s")
            await settle(pilot, lambda: isinstance(app.screen, SanityQuestionsScreen))

        assert snap_compare(app, terminal_size=size, run_before=run_before)
