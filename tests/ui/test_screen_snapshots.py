"""Snapshots of every screen of the app at 80×24 and 120×36, on the seeded demo.

The scenes are the screenshot script's (`screenshots/make.py`), so the README's pictures and
these snapshots show the same states. Fixed date, frozen clock, steady cursors.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from screenshots.make import (
    DAY,
    NOW,
    Scene,
    cell_view,
    confirm_delete,
    editor_error,
    help_keys,
    settle,
    team,
    week,
)
from tuiws.app.demo import GatedTime, build_demo_app
from tuiws.emulator import JiraEmulator

SnapCompare = Callable[..., bool]
SCENES = {
    "week": week,
    "cell": cell_view,
    "editor": editor_error,
    "help": help_keys,
    "delete": confirm_delete,
    "team": team,
}


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
@pytest.mark.parametrize("name", list(SCENES))
def test_screen(
    name: str, size: tuple[int, int], snap_compare: SnapCompare, tmp_path: Path
) -> None:
    scene: Scene = SCENES[name]
    with JiraEmulator("cloud", today=DAY, clock=lambda: NOW) as emu:
        time = GatedTime()
        app = build_demo_app(emu, tmp_path, today=DAY, time=time)

        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot, lambda: app.home.week is not None and not app.home.status.loading)
            await scene(app, pilot, emu, time)

        assert snap_compare(app, terminal_size=size, run_before=run_before)
