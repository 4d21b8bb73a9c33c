"""A pending plan (`F`, copy last week) at 80×24 and 120×36: frozen clock, fixed day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from screenshots.make import DAY, NOW, settle
from tests.ui.test_fill_plan_flows import TARGET, last_week_of_three
from tuiws.app.demo import GatedTime, build_demo_app
from tuiws.app.screens.fill_plan import FillPlanScreen
from tuiws.emulator import JiraEmulator

SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_a_pending_plan(size: tuple[int, int], snap_compare: SnapCompare, tmp_path: Path) -> None:
    with JiraEmulator("cloud", today=DAY, clock=lambda: NOW) as emu:
        last_week_of_three(emu)
        app = build_demo_app(emu, tmp_path, today=TARGET + timedelta(days=2), time=GatedTime())

        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot, lambda: app.home.week is not None and not app.home.status.loading)
            await pilot.press("F")
            await settle(pilot, lambda: isinstance(app.screen, FillPlanScreen))
            await pilot.pause()

        assert snap_compare(app, terminal_size=size, run_before=run_before)
